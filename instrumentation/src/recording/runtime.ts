import type { Tracer } from '@opentelemetry/api';
import type { RedactFn } from '../config.ts';
import type { GenAiInstruments } from './metrics.ts';
import type { ResponseCache } from '../cache/response-cache.ts';

/** What patched SDK methods record with; absent until `init()` and after `shutdown()`. */
export interface RecordingRuntime {
  tracer: Tracer;
  instruments: GenAiInstruments;
  captureContent: boolean;
  maxContentLength: number;
  redact: RedactFn | undefined;
  /** Extra OpenAI-compatible host → gen_ai.provider.name mappings from the options. */
  openaiCompatibleProviders: Record<string, string>;
  /** The opt-in response cache (`cache` option). */
  responseCache?: ResponseCache;
}

let active: RecordingRuntime | undefined;

export function activeRuntime(): RecordingRuntime | undefined {
  return active;
}

export function setActiveRuntime(runtime: RecordingRuntime | undefined): void {
  active = runtime;
}
