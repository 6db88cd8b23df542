/**
 * `import '@llmscope/instrumentation/register'` (first import) or
 * `node --import @llmscope/instrumentation/register app.js`: configures everything from OTEL_* env.
 */
import { resolveConfig } from './config.ts';
import { registerEsmLoaderHook } from './hooks/esm-loader.ts';
import { patchDeclaredSdks, preloadedFromCommandLine } from './hooks/static-imports.ts';
import { init } from './index.ts';
import { INSTRUMENTATIONS, moduleNamesOf } from './providers/registry.ts';

const config = resolveConfig();
const enabled = INSTRUMENTATIONS.filter((instrumentation) => config.instrumentations.includes(instrumentation.provider));
if (!config.disabled) registerEsmLoaderHook(moduleNamesOf(enabled));
const handle = init();
if (handle.enabled && !preloadedFromCommandLine()) await patchDeclaredSdks(enabled);
