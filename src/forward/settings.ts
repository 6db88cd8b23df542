/**
 * The --forward-* settings, checked once at start: destination URLs, headers (the OTel exporter
 * convention of OTEL_EXPORTER_OTLP_HEADERS: `key=value` pairs separated by commas, values
 * percent-decoded), signals, protocol and compression. A bad value is an error that names the flag.
 */
import type { CollectorConfig } from '../config.ts';
import type { Signal } from '../otlp/parse.ts';

export type ForwardProtocol = 'http/protobuf' | 'grpc';
export type ForwardCompression = 'none' | 'gzip';

export interface ForwardSettings {
  urls: string[];
  headers: Record<string, string>;
  signals: ReadonlySet<Signal>;
  protocol: ForwardProtocol;
  compression: ForwardCompression;
  /** Queued bytes bound, per destination. */
  maxBytes: number;
  timeoutMs: number;
}

export class ForwardSettingsError extends Error {
  override name = 'ForwardSettingsError';
}

const SIGNALS = new Set<Signal>(['traces', 'metrics', 'logs']);
const TOKEN = /^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/; // an HTTP header name

type ForwardConfig = Pick<CollectorConfig, 'forwardOtlp' | 'forwardHeaders' | 'forwardSignals' | 'forwardProtocol' | 'forwardCompression' | 'forwardMaxBytes' | 'forwardTimeoutMs'>;

/** The checked settings, or null when nothing is forwarded (no --forward-otlp). */
export function forwardSettings(c: ForwardConfig): ForwardSettings | null {
  const protocol = c.forwardProtocol;
  if (protocol !== 'http/protobuf' && protocol !== 'grpc') throw new ForwardSettingsError(`--forward-protocol: "${protocol}" must be http/protobuf or grpc`);
  const compression = c.forwardCompression;
  if (compression !== 'none' && compression !== 'gzip') throw new ForwardSettingsError(`--forward-compression: "${compression}" must be none or gzip`);
  const signals = new Set<Signal>();
  for (const s of c.forwardSignals) {
    if (!SIGNALS.has(s as Signal)) throw new ForwardSettingsError(`--forward-signals: unknown signal "${s}" (use traces, metrics, logs)`);
    signals.add(s as Signal);
  }
  const headers = parseHeaders(c.forwardHeaders);
  if (!(c.forwardMaxBytes >= 1024 * 1024)) throw new ForwardSettingsError(`--forward-max-bytes: ${c.forwardMaxBytes} is below the 1 MiB minimum`);
  if (!(c.forwardTimeoutMs > 0)) throw new ForwardSettingsError('--forward-timeout must be above 0');
  const urls: string[] = [];
  for (const raw of c.forwardOtlp) {
    let u: URL;
    try {
      u = new URL(raw);
    } catch {
      throw new ForwardSettingsError(`--forward-otlp: "${raw}" is not a URL (e.g. http://tempo:4318)`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new ForwardSettingsError(`--forward-otlp: "${raw}" must be an http:// or https:// URL`);
    if (u.username || u.password) throw new ForwardSettingsError(`--forward-otlp: "${destinationLabel(raw)}" carries credentials in the URL; use --forward-headers`);
    if (urls.includes(raw)) throw new ForwardSettingsError(`--forward-otlp: "${raw}" is given twice`);
    urls.push(raw);
  }
  if (urls.length === 0) return null;
  if (signals.size === 0) throw new ForwardSettingsError('--forward-signals: no signal to forward (use traces, metrics, logs)');
  return { urls, headers, signals, protocol, compression, maxBytes: c.forwardMaxBytes, timeoutMs: c.forwardTimeoutMs };
}

/** `k1=v1,k2=v2` (values may be percent-encoded, e.g. `authorization=Bearer%20abc`). */
export function parseHeaders(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(',')) {
    if (part.trim() === '') continue;
    const eq = part.indexOf('=');
    const key = (eq < 0 ? part : part.slice(0, eq)).trim();
    if (eq < 0 || !TOKEN.test(key)) throw new ForwardSettingsError(`--forward-headers: "${part.trim()}" is not key=value with a header name as key`);
    let value: string;
    try {
      value = decodeURIComponent(part.slice(eq + 1).trim());
    } catch {
      throw new ForwardSettingsError(`--forward-headers: the value of "${key}" is not valid percent-encoding`);
    }
    if (/[\r\n\0]/.test(value)) throw new ForwardSettingsError(`--forward-headers: the value of "${key}" holds a line break or NUL`);
    out[key.toLowerCase()] = value;
  }
  return out;
}

/** A destination as shown in /metrics and logs: origin and path, never query strings. */
export function destinationLabel(url: string): string {
  try {
    const u = new URL(url);
    return `${u.protocol}//${u.host}${u.pathname === '/' ? '' : u.pathname}`;
  } catch {
    return url;
  }
}
