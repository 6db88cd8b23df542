import type { CallRecorder, LlmResult } from '../recording/call-recorder.ts';
import { abortedStreamError } from '../recording/errors.ts';
import type { StreamEnd } from '../recording/stream-observer.ts';

/** Ends `call` according to how the app's read of its stream ended, with what was accumulated. */
export function endCallFromStream(call: CallRecorder, end: StreamEnd, result: () => LlmResult): void {
  switch (end.kind) {
    case 'completed':
      call.succeed(result);
      return;
    case 'failed':
      call.fail(end.error, result);
      return;
    case 'aborted':
      call.fail(abortedStreamError(), result);
      return;
    case 'consumer_break':
    case 'abandoned':
      call.endEarly(end.kind, result);
      return;
  }
}
