import { asDict, asNumber, asString } from '../internal/values.ts';

/**
 * error.type values (low cardinality, per the semconv recording-errors guidance):
 *  - the HTTP status code as a string ('429', '500', …) for errors the provider API returned;
 *  - 'timeout' for client timeouts, 'cancelled' for aborts by the app;
 *  - otherwise the error's class name (e.g. 'APIConnectionError', 'TypeError'), or '_OTHER'.
 */
/** The error's class name: its own `name` unless that is the generic 'Error' a subclass inherited. */
export function errorClassName(error: unknown): string | undefined {
  const fields = asDict(error);
  const name = asString(fields?.name);
  const constructorName = asString((fields?.constructor as { name?: unknown } | undefined)?.name);
  if (name && name !== 'Error') return name;
  return constructorName && constructorName !== 'Object' ? constructorName : name;
}

export function errorType(error: unknown): string {
  const fields = asDict(error);
  const name = errorClassName(error);
  if (name && /timeout/i.test(name)) return 'timeout';
  if (name === 'AbortError' || name === 'APIUserAbortError' || (name && /abort/i.test(name))) return 'cancelled';
  const status =
    asNumber(fields?.status) ??
    asNumber(fields?.statusCode) ??
    asNumber(asDict(fields?.$metadata)?.httpStatusCode) ??
    asNumber(asDict(fields?.$response)?.statusCode);
  if (status !== undefined && status >= 400) return String(status);
  if (asString(fields?.code) === 'ETIMEDOUT' || asString(fields?.code) === 'UND_ERR_HEADERS_TIMEOUT') return 'timeout';
  return name && name !== 'Error' ? name : '_OTHER';
}

/** The HTTP status of an API error, when it carries one. */
export function errorHttpStatus(error: unknown): number | undefined {
  const fields = asDict(error);
  return asNumber(fields?.status) ?? asNumber(asDict(fields?.$metadata)?.httpStatusCode);
}

/** An Error for events that end a call without one being thrown (a stream aborted mid-way). */
export function abortedStreamError(): Error {
  const error = new Error('The streamed response was aborted before it completed');
  error.name = 'AbortError';
  return error;
}
