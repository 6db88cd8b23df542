import { reportInternalError, safely } from '../internal/safety.ts';
import type { LlmCall } from '../recording/llm-call.ts';
import { observeSdkStream, type StreamObserver } from '../recording/stream-observer.ts';

/**
 * The call flow shared by the Stainless-generated SDKs (openai, @anthropic-ai/sdk): methods return
 * an `APIPromise` whose body is parsed lazily, and streamed bodies are `Stream` objects.
 *
 * - The SDK method runs inside the call's context (nested HTTP spans become its children).
 * - Errors (HTTP status, timeout, abort) are seen through `asResponse()`, which never parses the body.
 * - Success is seen through `_thenUnwrap()`, so the body is still parsed only when the app awaits,
 *   and `withResponse()`, `asResponse()`, `parse()` helpers keep working on the returned promise.
 * - A streamed body is observed in place (same object, same chunks).
 */
export interface StainlessCallHandlers<Chunk> {
  /** Non-streamed body: end the call from it. */
  onBody(call: LlmCall, body: unknown): void;
  /** Streamed body: an observer that ends the call when the app's read ends. */
  streamObserver(call: LlmCall): StreamObserver<Chunk>;
}

interface ApiPromiseLike {
  asResponse(): Promise<unknown>;
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

export function runStainlessCall<Chunk>(
  call: LlmCall,
  invoke: () => unknown,
  handlers: StainlessCallHandlers<Chunk>,
): unknown {
  let result: unknown;
  try {
    result = call.runInContext(invoke);
  } catch (error) {
    call.fail(error);
    throw error;
  }
  return safely(
    'attach to APIPromise',
    () => {
      if (!isApiPromise(result)) return observePlainPromise(call, result, handlers);
      result.asResponse().then(undefined, (error: unknown) => call.fail(error));
      // A body that is never parsed (the app only uses asResponse()) leaves the span unended; it
      // is dropped with the promise rather than tracked, which would cost every call GC work.
      return result._thenUnwrap((data) => {
        handleData(call, data, handlers);
        return data;
      });
    },
    result,
  );
}

function handleData<Chunk>(call: LlmCall, data: unknown, handlers: StainlessCallHandlers<Chunk>): void {
  try {
    if (isSdkStream(data)) observeSdkStream<Chunk>(data, handlers.streamObserver(call), data.controller?.signal);
    else handlers.onBody(call, data);
  } catch (error) {
    reportInternalError('read response', error);
    if (!call.isEnded) call.succeed({});
  }
}

/** Older SDK versions without APIPromise: observe through a plain `then` (identity of the promise changes). */
function observePlainPromise<Chunk>(call: LlmCall, result: unknown, handlers: StainlessCallHandlers<Chunk>): unknown {
  if (!(result instanceof Promise)) {
    call.succeed({});
    return result;
  }
  return result.then(
    (data: unknown) => {
      handleData(call, data, handlers);
      return data;
    },
    (error: unknown) => {
      call.fail(error);
      throw error;
    },
  );
}
