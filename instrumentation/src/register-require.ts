/**
 * `require('@llmscope/instrumentation/register')` (the package's `require` condition): the same as
 * register.ts without top-level await, which `require()` of an ES module does not allow. CommonJS
 * SDKs required afterwards are patched by the require hook.
 */
import { resolveConfig } from './config.ts';
import { registerEsmLoaderHook } from './hooks/esm-loader.ts';
import { init } from './index.ts';
import { INSTRUMENTATIONS, moduleNamesOf } from './providers/registry.ts';

const config = resolveConfig();
if (!config.disabled) {
  registerEsmLoaderHook(moduleNamesOf(INSTRUMENTATIONS.filter((instrumentation) => config.instrumentations.includes(instrumentation.provider))));
}
init();
