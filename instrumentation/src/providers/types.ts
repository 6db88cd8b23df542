import type { ProviderName } from '../config.ts';

/** One provider SDK integration: which module specifiers to hook and how to patch their exports. */
export interface ProviderInstrumentation {
  provider: ProviderName;
  /** Bare specifiers the SDK is imported/required as. */
  moduleNames: readonly string[];
  /**
   * SDK versions the patch is written and tested for (`>=4.0.0 <8`: space-separated comparators,
   * all must hold); another version is left unpatched with a diagnostic.
   */
  supportedVersions: string;
  /** Patches the SDK's classes in place; idempotent; returns whether anything was patched. */
  patch(moduleExports: unknown): boolean;
}
