/** Marks our wrappers (shared across copies of this package) so a method is never wrapped twice. */
const ORIGINAL = Symbol.for('llmscope.instrumentation.original');

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

export function isWrapped(value: unknown): boolean {
  return typeof value === 'function' && ORIGINAL in value;
}

/**
 * Replaces `target[name]` with `makeWrapper(original)`. Works for inherited methods too (the
 * wrapper becomes an own property of `target`). Returns false when there is nothing to wrap or it
 * is already wrapped (ESM and CJS hooks may both see the same module).
 */
export function wrapMethod(target: object | undefined, name: string, makeWrapper: (original: AnyFunction) => AnyFunction): boolean {
  if (!target) return false;
  const holder = target as Record<string, unknown>;
  const original = holder[name];
  if (typeof original !== 'function' || isWrapped(original)) return false;
  const wrapper = makeWrapper(original as AnyFunction);
  Object.defineProperty(wrapper, ORIGINAL, { value: original });
  Object.defineProperty(wrapper, 'name', { value: (original as AnyFunction).name, configurable: true });
  const descriptor = Object.getOwnPropertyDescriptor(target, name);
  Object.defineProperty(target, name, {
    value: wrapper,
    writable: descriptor?.writable ?? true,
    enumerable: descriptor?.enumerable ?? false,
    configurable: true,
  });
  return true;
}
