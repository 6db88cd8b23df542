import { reportInternalError } from '../internal/safety.ts';
import type { CallRecorder } from '../recording/call-recorder.ts';
import { observeSdkStream, type StreamObserver } from '../recording/stream-observer.ts';
import { SDK_WARNING_ATTRIBUTE, apiHeaderAttributes, headersOf, withDeprecationCapture } from '../recording/api-signals.ts';

/**
 * The call flow shared by the Stainless-generated SDKs (openai, @anthropic-ai/sdk): methods return
 * an `APIPromise` whose body is parsed lazily, and streamed bodies are `Stream` objects.
 *
 * - The SDK method runs inside the call's context (nested HTTP spans become its children).
 * - Errors (HTTP status, timeout, abort) are seen through `asResponse()`, which never parses the body.
 * - Success is seen by wrapping the promise's own body parser (`parseResponse`, plus an own
 *   `_thenUnwrap` where the SDK defines one per promise), else through `_thenUnwrap()`; the body is
 *   still parsed only when the app awaits, and `withResponse()`, `asResponse()`, `parse()` helpers
 *   keep working on the returned promise.
 * - A streamed body is observed in place (same object, same chunks).
 */
export interface StainlessCallHandlers<Chunk, Params = unknown> {
  /** Non-streamed body: end the call from it. */
  onBody(call: CallRecorder, body: unknown, params: Params): void;
  /** Streamed body: an observer that ends the call when the app's read ends. */
  streamObserver(call: CallRecorder, params: Params): StreamObserver<Chunk>;
}

interface ApiPromiseLike {
  asResponse(): Promise<unknown>;
  /** The SDK's raw-response promise (what asResponse() chains on), when exposed. */
  responsePromise?: unknown;
  _thenUnwrap(transform: (data: unknown, props: unknown) => unknown): unknown;
}

function isApiPromise(value: unknown): value is ApiPromiseLike {
  const candidate = value as Partial<ApiPromiseLike> | null;
  return typeof candidate?.asResponse === 'function' && typeof candidate._thenUnwrap === 'function';
}

interface StreamLike {
  controller?: { signal?: AbortSignal };
  [Symbol.asyncIterator]?: unknown;
}

function isSdkStream(value: unknown): value is StreamLike {
  return typeof value === 'object' && value !== null && typeof (value as StreamLike)[Symbol.asyncIterator] === 'function';
}

type AnyFunction = (...args: unknown[]) => unknown;

/** Observes one SDK method call: `original` applied to `thisArg` and `args` inside the call's context. */
export function runStainlessCall<Chunk, Params = unknown>(
  call: CallRecorder,
  original: AnyFunction,
  thisArg: unknown,
  args: unknown[],
  handlers: StainlessCallHandlers<Chunk, Params>,
  params?: Params,
): unknown {
  let result: unknown;
  try {
    // The SDK's own deprecation warnings (printed synchronously, e.g. for a deprecated model) go on the span too.
    result = withDeprecationCapture(
      (text) => call.recordApiSignals({ [SDK_WARNING_ATTRIBUTE]: text }),
      () => call.applyInContext(original, thisArg, args),
    );
  } catch (error) {
    call.fail(error);
    throw error;
  }
  try {
    if (!isApiPromise(result)) return observePlainPromise(call, result, handlers, params as Params);
    // Errors (HTTP status, timeout, abort) without parsing the body: on the raw-response promise
    // itself when the SDK exposes it (what asResponse() chains on), sparing a promise per call.
    // The response headers (Deprecation, Sunset, API version) come from the same promise, success or error.
    const raw = result.responsePromise;
    const onHeaders = (props: unknown) => recordHeaders(call, props);
    const onError = (error: unknown) => {
      recordHeaders(call, error);
      call.fail(error);
    };
    if (raw instanceof Promise) raw.then(onHeaders, onError);
    else result.asResponse().then((response: unknown) => recordHeaders(call, { response }), onError);
    // A body that is never parsed (the app only uses asResponse()) leaves the span unended; it
    // is dropped with the promise rather than tracked, which would cost every call GC work.
    const promise = result as ApiPromiseLike & { parseResponse?: unknown };
    const parse = promise.parseResponse;
    if (typeof parse === 'function' && Object.prototype.hasOwnProperty.call(promise, 'parseResponse')) {
      // Observe the parsed body by wrapping this promise's own body parser (what then(), parse()
      // and withResponse() go through): the app gets the SDK's promise itself, and no second
      // APIPromise is built per call. SDK versions whose promises carry their own _thenUnwrap
      // (parsing with a captured parser) get that wrapped too, so derived promises are observed.
      promise.parseResponse = function (this: unknown, ...parseArgs: unknown[]): unknown {
        return Promise.resolve((parse as AnyFunction).apply(this, parseArgs)).then((data) => {
          handleData(call, data, handlers, params as Params);
          return data;
        });
      };
      const ownThenUnwrap = Object.prototype.hasOwnProperty.call(promise, '_thenUnwrap') ? promise._thenUnwrap : undefined;
      if (typeof ownThenUnwrap === 'function') {
        promise._thenUnwrap = function (this: unknown, transform: (data: unknown, props: unknown) => unknown): unknown {
          return ownThenUnwrap.call(this, (data: unknown, props: unknown) => {
            handleData(call, data, handlers, params as Params);
            return transform(data, props);
          });
        };
      }
      return promise;
    }
    return result._thenUnwrap((data) => {
      handleData(call, data, handlers, params as Params);
      return data;
    });
  } catch (error) {
    reportInternalError('attach to APIPromise', error);
    return result;
  }
}

function recordHeaders(call: CallRecorder, responseOrError: unknown): void {
  try {
    call.recordApiSignals(apiHeaderAttributes(headersOf(responseOrError)));
  } catch (error) {
    reportInternalError('read response headers', error);
  }
}

function handleData<Chunk, Params>(call: CallRecorder, data: unknown, handlers: StainlessCallHandlers<Chunk, Params>, params: Params): void {
  try {
    if (isSdkStream(data)) observeSdkStream<Chunk>(data, handlers.streamObserver(call, params), data.controller?.signal);
    else handlers.onBody(call, data, params);
  } catch (error) {
    reportInternalError('read response', error);
    if (!call.isEnded) call.succeed({});
  }
}

/** Older SDK versions without APIPromise: observe through a plain `then` (identity of the promise changes). */
function observePlainPromise<Chunk, Params>(call: CallRecorder, result: unknown, handlers: StainlessCallHandlers<Chunk, Params>, params: Params): unknown {
  if (!(result instanceof Promise)) {
    call.succeed({});
    return result;
  }
  return result.then(
    (data: unknown) => {
      handleData(call, data, handlers, params);
      return data;
    },
    (error: unknown) => {
      call.fail(error);
      throw error;
    },
  );
}
