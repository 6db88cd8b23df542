import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, context, createContextKey, type Context, type ContextManager } from '@opentelemetry/api';

/**
 * The OpenTelemetry context manager for Node: AsyncLocalStorage carries the active context through
 * promises, timers and callbacks. Written here because @opentelemetry/context-async-hooks is not a
 * dependency; it is only installed when the app has no context manager of its own.
 */
export class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(
    ctx: Context,
    fn: F,
    thisArg?: ThisParameterType<F>,
    ...args: A
  ): ReturnType<F> {
    if (thisArg === undefined) return this.storage.run(ctx, fn as (...a: A) => ReturnType<F>, ...args);
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }

  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const manager = this;
    const bound = function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => (target as (...a: unknown[]) => unknown).apply(this, args));
    };
    return bound as T;
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.storage.disable();
    return this;
  }
}

const PROBE_KEY = createContextKey('llmscope.context-manager-probe');

/** True when a working context manager is registered (the API's default one forgets everything). */
export function hasWorkingContextManager(): boolean {
  const probe = ROOT_CONTEXT.setValue(PROBE_KEY, true);
  return context.with(probe, () => context.active().getValue(PROBE_KEY) === true);
}

/** Installs our context manager unless the app already has one. Returns whether it installed it. */
export function ensureContextManager(): boolean {
  if (hasWorkingContextManager()) return false;
  return context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
}
