import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { safely } from '../internal/safety.ts';
import type { ProviderInstrumentation } from '../providers/types.ts';

/** Our register entry given to `node --import`/`--require` (by package name or by path). */
const REGISTER_ENTRY = /@llmscope[\\/]instrumentation[\\/]register|instrumentation[\\/](dist[\\/])?register(-require)?\.js$/;

/** True when this process preloads the register entry, i.e. before the app's modules are loaded. */
export function preloadedFromCommandLine(execArgv: readonly string[] = process.execArgv, nodeOptions = process.env.NODE_OPTIONS ?? ''): boolean {
  const args = [...execArgv, ...nodeOptions.split(/\s+/).filter(Boolean)];
  return args.some((arg, index) => {
    if (arg === '--import' || arg === '--require' || arg === '-r') return REGISTER_ENTRY.test(args[index + 1] ?? '');
    return /^--(import|require)=/.test(arg) && REGISTER_ENTRY.test(arg);
  });
}

/** Dependencies named in the nearest package.json above the app's entry file. */
export function appDependencies(entryFile: string | undefined = process.argv[1]): Set<string> {
  const names = new Set<string>();
  if (!entryFile) return names;
  let directory = dirname(entryFile);
  for (;;) {
    try {
      const manifest = JSON.parse(readFileSync(join(directory, 'package.json'), 'utf8')) as Record<string, Record<string, string> | undefined>;
      for (const field of ['dependencies', 'devDependencies', 'optionalDependencies', 'peerDependencies']) {
        for (const name of Object.keys(manifest[field] ?? {})) names.add(name);
      }
      return names;
    } catch {
      const parent = dirname(directory);
      if (parent === directory) return names;
      directory = parent;
    }
  }
}

/**
 * `import '@llmscope/instrumentation/register'` as an app's first static import runs after the
 * whole static module graph was loaded, so the loader hook cannot see the SDKs the app imports
 * statically. Those SDKs are not evaluated yet, though: importing them here evaluates them early,
 * and patching their classes now covers every later use. Only SDKs the app declares as
 * dependencies are imported, so unused ones cost nothing.
 */
export async function patchDeclaredSdks(instrumentations: readonly ProviderInstrumentation[]): Promise<void> {
  const declared = appDependencies();
  for (const instrumentation of instrumentations) {
    for (const name of instrumentation.moduleNames) {
      if (!declared.has(name)) continue;
      try {
        const moduleExports: unknown = await import(name);
        safely(`patch ${instrumentation.provider}`, () => instrumentation.patch(moduleExports), false);
      } catch {
        // Declared but not installed: nothing to patch.
      }
    }
  }
}
