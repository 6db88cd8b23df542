import { reportInternalError } from '../internal/safety.ts';

/**
 * Bookkeeping that can wait until after the app got its response (reading usage from a body,
 * span attributes, span end, metric points) runs here, in a batch on the next turn of the event
 * loop, so it never sits on the app's await path. The queue is bounded: past MAX_PENDING it drains
 * at once. forceFlush()/shutdown() drain it first, so nothing is lost on exit.
 */
const MAX_PENDING = 128;
const pending: Array<() => void> = [];
let scheduled = false;

export function drainPendingRecords(): void {
  scheduled = false;
  const tasks = pending.splice(0);
  for (const task of tasks) {
    try {
      task();
    } catch (error) {
      reportInternalError('deferred record', error);
    }
  }
}

export function defer(task: () => void): void {
  pending.push(task);
  if (pending.length >= MAX_PENDING) {
    drainPendingRecords();
    return;
  }
  if (!scheduled) {
    scheduled = true;
    // Unref'd: pending records never keep the process alive; exit paths drain explicitly.
    setImmediate(drainPendingRecords).unref();
  }
}
