import { register as registerOffThread } from 'node:module';
import { register as registerInThread, supportsSyncHooks } from 'import-in-the-middle/register-hooks.mjs';
import { reportInternalError } from '../internal/safety.ts';

let registered = false;

/**
 * Registers import-in-the-middle's loader for the SDK specifiers only, so ESM imports of them
 * (static ones too, when this runs from `--import`) reach the hooks in module-hooks.ts. In-thread
 * `module.registerHooks` where Node supports it, else the off-thread `module.register`.
 */
export function registerEsmLoaderHook(moduleNames: readonly string[]): void {
  if (registered || moduleNames.length === 0) return;
  registered = true;
  const include = [...moduleNames];
  try {
    if (supportsSyncHooks()) registerInThread({ include });
    else registerOffThread('import-in-the-middle/hook.mjs', import.meta.url, { data: { include } });
  } catch (error) {
    reportInternalError('esm loader hook', error);
  }
}
