import { createRequire } from 'node:module';
import { Hook as ImportHook } from 'import-in-the-middle';
import { Hook as RequireHook } from 'require-in-the-middle';
import { reportInternalError, safely } from '../internal/safety.ts';
import type { ProviderInstrumentation } from '../providers/types.ts';

const installed = new Set<string>();

function patchSafely(instrumentation: ProviderInstrumentation, moduleExports: unknown): void {
  safely(`patch ${instrumentation.provider}`, () => instrumentation.patch(moduleExports), false);
}

/**
 * Patches each SDK when it is loaded: CommonJS `require` through require-in-the-middle, ESM
 * `import` through import-in-the-middle (effective when its loader hook is registered, see
 * esm-loader.ts), and whatever this process already loaded through `require.cache`.
 */
export function installModuleHooks(instrumentations: readonly ProviderInstrumentation[]): void {
  for (const instrumentation of instrumentations) {
    if (installed.has(instrumentation.provider)) continue;
    installed.add(instrumentation.provider);
    const names = [...instrumentation.moduleNames];
    try {
      new RequireHook(names, { internals: false }, (moduleExports) => {
        patchSafely(instrumentation, moduleExports);
        return moduleExports;
      });
      new ImportHook(names, (moduleExports) => {
        patchSafely(instrumentation, moduleExports);
      });
    } catch (error) {
      reportInternalError(`hook ${instrumentation.provider}`, error);
    }
    patchAlreadyRequired(instrumentation);
  }
}

/** A CommonJS SDK required before us is in require.cache: patch it now (prototypes are shared). */
function patchAlreadyRequired(instrumentation: ProviderInstrumentation): void {
  const require = createRequire(`${process.cwd()}/`);
  for (const name of instrumentation.moduleNames) {
    try {
      const resolved = require.resolve(name);
      const cached = require.cache[resolved];
      if (cached?.loaded) patchSafely(instrumentation, cached.exports);
    } catch {
      // Not installed, or not resolvable from the app's directory.
    }
  }
}
