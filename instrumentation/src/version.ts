/** Instrumentation scope version; kept equal to package.json "version" (a test checks it). */
export const PACKAGE_VERSION = '0.1.0';
export const SCOPE_NAME = '@llmscope/instrumentation';
