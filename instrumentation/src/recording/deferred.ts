import { reportInternalError } from '../internal/safety.ts';

/**
 * Bookkeeping that can wait until after the app got its response (reading usage from a body,
 * span attributes, span end, metric points) runs here, in a batch shortly after the call, so it
 * never sits on the app's await path. One unref'd timer serves a whole batch (not one callback per
 * call), and the batch runs when no response is being awaited more often than not. The queue is
 * bounded: past MAX_PENDING it drains at once. forceFlush()/shutdown() and the event loop draining
 * (beforeExit) run it first, so nothing is lost on exit.
 */
export interface DeferredRecord {
  /** Does the deferred work; called exactly once. */
  runDeferred(): void;
}

const MAX_PENDING = 128;
/** How long a record may wait for its batch (the spans' end times are taken at the call's end). */
const BATCH_DELAY_MS = 5;
let pending: DeferredRecord[] = [];
let scheduled = false;
let exitHookInstalled = false;

function drainFromTimer(): void {
  scheduled = false;
  drainPendingRecords();
}

export function drainPendingRecords(): void {
  while (pending.length > 0) {
    const records = pending;
    pending = [];
    for (let index = 0; index < records.length; index++) {
      try {
        records[index]!.runDeferred();
      } catch (error) {
        reportInternalError('deferred record', error);
      }
    }
  }
}

export function defer(record: DeferredRecord): void {
  pending.push(record);
  if (pending.length >= MAX_PENDING) {
    drainPendingRecords();
    return;
  }
  if (!scheduled) {
    scheduled = true;
    // Unref'd: pending records never keep the process alive; exit paths drain explicitly.
    setTimeout(drainFromTimer, BATCH_DELAY_MS).unref();
    if (!exitHookInstalled) {
      exitHookInstalled = true;
      process.on('beforeExit', drainPendingRecords);
    }
  }
}
