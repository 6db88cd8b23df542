/**
 * Signs that the provider's API is changing under the app, recorded on the call's span for the
 * collector's API-change monitoring: the `Deprecation`, `Sunset` and API-version response headers,
 * and deprecation warnings the provider's SDK prints while the call is made (the Anthropic SDK, for
 * one, `console.warn`s when a request names a deprecated model).
 */
import type { Attributes } from '@opentelemetry/api';
import { API_CHANGE_HEADERS, LLMSCOPE_ATTR } from '@llmscope/semconv';

/** Header values and warnings are short texts; anything longer is cut (a hostile server cannot bloat spans). */
const MAX_VALUE_LENGTH = 512;

type HeaderBag = { get(name: string): string | null } | Record<string, unknown>;

function headerValue(headers: HeaderBag, name: string): string | undefined {
  if (typeof (headers as { get?: unknown }).get === 'function') {
    const v = (headers as { get(name: string): string | null }).get(name);
    return typeof v === 'string' && v !== '' ? v : undefined;
  }
  const v = (headers as Record<string, unknown>)[name];
  return typeof v === 'string' && v !== '' ? v : undefined;
}

/** The API-signal attributes in a set of response headers (Headers or a plain lower-case record); undefined when none. */
export function apiHeaderAttributes(headers: unknown): Attributes | undefined {
  if (typeof headers !== 'object' || headers === null) return undefined;
  let out: Attributes | undefined;
  for (const [attribute, names] of Object.entries(API_CHANGE_HEADERS)) {
    for (const name of names) {
      const v = headerValue(headers as HeaderBag, name);
      if (v === undefined) continue;
      (out ??= {})[attribute] = v.slice(0, MAX_VALUE_LENGTH);
      break;
    }
  }
  return out;
}

/** The response headers of what an SDK's raw-response promise resolves to ({ response }) or of an API error ({ headers }). */
export function headersOf(value: unknown): unknown {
  if (typeof value !== 'object' || value === null) return undefined;
  const v = value as { response?: { headers?: unknown }; headers?: unknown };
  return v.response?.headers ?? v.headers;
}

// ---- SDK deprecation warnings ----------------------------------------------------------------

type WarningSink = (text: string) => void;

/** The call whose SDK method is running synchronously right now (null outside of one). */
let activeSink: WarningSink | null = null;
let originalWarn: typeof console.warn | null = null;
let originalEmitWarning: typeof process.emitWarning | null = null;

function offer(text: string): void {
  if (activeSink && /deprecat/i.test(text)) activeSink(text.split('\n')[0]!.slice(0, MAX_VALUE_LENGTH));
}

function capturingWarn(this: unknown, ...args: unknown[]): void {
  try {
    offer(args.map((a) => (typeof a === 'string' ? a : a instanceof Error ? a.message : String(a))).join(' '));
  } catch {
    // a warning we cannot read is simply not captured
  }
  return (originalWarn ?? console.warn).apply(this, args as []);
}

function capturingEmitWarning(this: unknown, warning: string | Error, ...rest: unknown[]): void {
  try {
    const type = typeof rest[0] === 'string' ? rest[0] : (rest[0] as { type?: unknown } | undefined)?.type;
    const text = typeof warning === 'string' ? warning : warning.message;
    if (type === 'DeprecationWarning' || (warning instanceof Error && warning.name === 'DeprecationWarning')) offer(`deprecated: ${text}`);
    else offer(text);
  } catch {
    // as above
  }
  return (originalEmitWarning ?? process.emitWarning).apply(process, [warning, ...rest] as Parameters<typeof process.emitWarning>);
}

/**
 * Runs `fn` (the SDK method's synchronous part) with deprecation warnings routed to `sink` as well
 * as to their usual destination. console.warn and process.emitWarning are swapped only for the
 * duration of `fn` and restored after, whatever happens; a nested call captures for itself.
 */
export function withDeprecationCapture<T>(sink: WarningSink, fn: () => T): T {
  const outerSink = activeSink;
  const outerWarn = originalWarn;
  const outerEmit = originalEmitWarning;
  const warnBefore = console.warn;
  const emitBefore = process.emitWarning;
  activeSink = sink;
  if (warnBefore !== capturingWarn) {
    originalWarn = warnBefore;
    console.warn = capturingWarn;
  }
  if (emitBefore !== capturingEmitWarning) {
    originalEmitWarning = emitBefore;
    process.emitWarning = capturingEmitWarning as typeof process.emitWarning;
  }
  try {
    return fn();
  } finally {
    console.warn = warnBefore;
    process.emitWarning = emitBefore;
    activeSink = outerSink;
    originalWarn = outerWarn;
    originalEmitWarning = outerEmit;
  }
}

export const SDK_WARNING_ATTRIBUTE = LLMSCOPE_ATTR.SDK_DEPRECATION_WARNING;
