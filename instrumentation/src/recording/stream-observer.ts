import { reportInternalError } from '../internal/safety.ts';

/** How the app's read of a streamed response ended. */
export type StreamEnd =
  | { kind: 'completed' }
  | { kind: 'aborted' }
  | { kind: 'failed'; error: unknown }
  | { kind: 'consumer_break' }
  | { kind: 'abandoned' };

export interface StreamObserver<T> {
  onChunk(chunk: T): void;
  onEnd(end: StreamEnd): void;
}

/** Ends the observation of streams the app dropped without reading to the end or closing them. */
const abandonedStreams = new FinalizationRegistry<() => void>((endAbandoned) => endAbandoned());

/**
 * An iterator that hands every chunk to `observer` and otherwise behaves exactly like `source`:
 * `next()` returns the source's own promise (the observer reads it through a side reaction that
 * runs first, so the app sees no extra promise hop), same values, order and errors;
 * `return()`/`throw()` are forwarded (early `break` still cancels the request). Observer failures
 * are swallowed.
 */
export function observeAsyncIterator<T>(
  source: AsyncIterator<T>,
  observer: StreamObserver<T>,
  isAborted: () => boolean,
  onFinish?: () => void,
): AsyncIterableIterator<T> {
  let finished = false;
  const finish = (end: StreamEnd) => {
    if (finished) return;
    finished = true;
    onFinish?.();
    try {
      observer.onEnd(end);
    } catch (error) {
      reportInternalError('stream end', error);
    }
  };
  const onResult = (result: IteratorResult<T>) => {
    if (result.done) {
      finish(isAborted() ? { kind: 'aborted' } : { kind: 'completed' });
    } else if (!finished) {
      try {
        observer.onChunk(result.value);
      } catch (error) {
        reportInternalError('stream chunk', error);
      }
    }
  };
  // Handles the side reaction's rejection; the app gets the same rejection from the returned promise.
  const onError = (error: unknown) => finish(isAborted() ? { kind: 'aborted' } : { kind: 'failed', error });
  const iterator: AsyncIterableIterator<T> = {
    next(...args: [] | [undefined]) {
      const result = source.next(...args);
      Promise.resolve(result).then(onResult, onError);
      return result;
    },
    return(value?: unknown) {
      finish({ kind: 'consumer_break' });
      return source.return ? source.return(value) : Promise.resolve({ done: true as const, value: value as T });
    },
    throw(error?: unknown) {
      finish({ kind: 'failed', error });
      return source.throw ? source.throw(error) : Promise.reject(error);
    },
    [Symbol.asyncIterator]() {
      return iterator;
    },
  };
  return iterator;
}

/**
 * Registers `target` so that dropping it unread ends the observation as 'abandoned'. Returns the
 * unregister hook. The observer must not reference `target`, or it would never be collected.
 */
function watchAbandonment(target: object, observer: StreamObserver<never>): () => void {
  const token = {};
  let ended = false;
  abandonedStreams.register(
    target,
    () => {
      if (ended) return;
      ended = true;
      try {
        observer.onEnd({ kind: 'abandoned' });
      } catch (error) {
        reportInternalError('stream abandoned', error);
      }
    },
    token,
  );
  return () => {
    ended = true;
    abandonedStreams.unregister(token);
  };
}

interface IteratorHolder<T> {
  iterator?: () => AsyncIterator<T>;
  [Symbol.asyncIterator]?: () => AsyncIterator<T>;
}

/**
 * Observes an SDK `Stream` (openai, @anthropic-ai/sdk) in place, keeping the object itself so
 * `instanceof`, `controller`, `tee()`, `toReadableStream()` and helper classes keep working.
 * Both SDKs build every read (for-await, tee, toReadableStream) on the instance's `iterator`
 * factory, so wrapping it sees each chunk exactly once; without one, the async iterator is wrapped.
 */
export function observeSdkStream<T>(stream: object, observer: StreamObserver<T>, signal: AbortSignal | undefined): void {
  const holder = stream as IteratorHolder<T>;
  const isAborted = () => signal?.aborted === true;
  let observed = false;
  let stopWatching: (() => void) | undefined;
  const wrapFactory = (makeIterator: () => AsyncIterator<T>) =>
    function (this: unknown): AsyncIterator<T> {
      const source = makeIterator.call(this);
      if (observed) return source;
      observed = true;
      return observeAsyncIterator(source, observer, isAborted, () => stopWatching?.());
    };
  const ownFactory = Object.prototype.hasOwnProperty.call(stream, 'iterator') ? holder.iterator : undefined;
  const asyncIteratorMethod = holder[Symbol.asyncIterator];
  if (typeof ownFactory === 'function') {
    holder.iterator = wrapFactory(ownFactory);
  } else if (typeof asyncIteratorMethod === 'function') {
    holder[Symbol.asyncIterator] = wrapFactory(asyncIteratorMethod);
  } else {
    return;
  }
  stopWatching = watchAbandonment(stream, observer as StreamObserver<never>);
}

/** A new async iterable over `iterable` that reports to `observer` (for SDKs returning plain async generators). */
export function observeAsyncIterable<T>(iterable: AsyncIterable<T>, observer: StreamObserver<T>, isAborted: () => boolean): AsyncIterableIterator<T> {
  let stopWatching: (() => void) | undefined;
  const wrapped = observeAsyncIterator(iterable[Symbol.asyncIterator](), observer, isAborted, () => stopWatching?.());
  stopWatching = watchAbandonment(wrapped, observer as StreamObserver<never>);
  return wrapped;
}
