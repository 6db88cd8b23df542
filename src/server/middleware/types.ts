import type { WireFormat } from '../../otlp/parse.ts';

/** What the ingest middleware leaves for the route handler, in this order. */
export interface IngestVariables {
  /** Set by otlpFormat: the body's encoding, from Content-Type. */
  format: WireFormat;
  /** Set by apiKeyAuth: the tenant the request's key belongs to ('default' without keys). */
  projectId: string;
  /** Set by otlpBody: the whole body, decompressed, within the size limit. */
  body: Uint8Array;
}

export type IngestEnv = { Variables: IngestVariables };

/** Counts what the middleware turns away, by reason (llmscope_spans_rejected_total's labels). */
export type RejectFn = (reason: 'unsupported_media_type' | 'unauthorized' | 'overloaded' | 'too_large' | 'too_slow' | 'malformed') => void;
