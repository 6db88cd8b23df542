import { anthropicInstrumentation } from './anthropic/instrumentation.ts';
import { bedrockInstrumentation } from './bedrock/instrumentation.ts';
import { googleGenAiInstrumentation } from './google-genai/instrumentation.ts';
import { openaiInstrumentation } from './openai/instrumentation.ts';
import type { ProviderInstrumentation } from './types.ts';

/** Every provider SDK integration, in the order they are hooked. */
export const INSTRUMENTATIONS: readonly ProviderInstrumentation[] = [openaiInstrumentation, anthropicInstrumentation, googleGenAiInstrumentation, bedrockInstrumentation];

export function moduleNamesOf(instrumentations: readonly ProviderInstrumentation[]): string[] {
  return instrumentations.flatMap((instrumentation) => [...instrumentation.moduleNames]);
}
