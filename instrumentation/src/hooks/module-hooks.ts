import { createRequire } from 'node:module';
import { Hook as ImportHook } from 'import-in-the-middle';
import { Hook as RequireHook } from 'require-in-the-middle';
import { reportInternalError, safely } from '../internal/safety.ts';
import type { ProviderInstrumentation } from '../providers/types.ts';
import { packageVersion, satisfies } from './versions.ts';
import { dirname } from 'node:path';

const installed = new Set<string>();

function patchSafely(instrumentation: ProviderInstrumentation, moduleExports: unknown, baseDir?: string): void {
  if (!supported(instrumentation, baseDir)) return;
  safely(`patch ${instrumentation.provider}`, () => instrumentation.patch(moduleExports), false);
}

/**
 * Whether the SDK in baseDir is a version the provider's patch supports. An unknown version (no
 * package.json to read) is patched: the patch itself checks the shapes it relies on.
 */
export function supported(instrumentation: ProviderInstrumentation, baseDir: string | undefined): boolean {
  const version = packageVersion(baseDir);
  if (version === undefined || satisfies(version, instrumentation.supportedVersions)) return true;
  reportInternalError(
    `skip ${instrumentation.provider}`,
    new Error(`${instrumentation.moduleNames.join(', ')} ${version} is outside the supported range ${instrumentation.supportedVersions}; not instrumented`),
  );
  return false;
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
      new RequireHook(names, { internals: false }, (moduleExports, _name, baseDir) => {
        patchSafely(instrumentation, moduleExports, baseDir);
        return moduleExports;
      });
      new ImportHook(names, (moduleExports, _name, baseDir) => {
        patchSafely(instrumentation, moduleExports, baseDir || undefined);
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
      if (cached?.loaded) patchSafely(instrumentation, cached.exports, packageDirOf(resolved, name));
    } catch {
      // Not installed, or not resolvable from the app's directory.
    }
  }
}

/** The package folder of a resolved entry file (…/node_modules/<name>/…). */
function packageDirOf(resolved: string, name: string): string | undefined {
  const marker = `/node_modules/${name}/`;
  const at = resolved.lastIndexOf(marker);
  return at >= 0 ? resolved.slice(0, at + marker.length - 1) : dirname(resolved);
}
