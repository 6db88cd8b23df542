import type { Scorer } from './types.ts';

/** The local scorers by the names used in --scorers / LLMSCOPE_SCORERS. Loaded lazily (inside workers). */
export const SCORER_NAMES = ['toxicity', 'hallucination', 'readability', 'pii', 'prompt_injection', 'relevance'] as const;
export type ScorerName = (typeof SCORER_NAMES)[number];

export async function loadScorer(name: ScorerName): Promise<Scorer> {
  switch (name) {
    case 'toxicity':
      return (await import('./toxicity/index.ts')).toxicityScorer;
    case 'hallucination':
      return (await import('./hallucination/index.ts')).hallucinationScorer;
    case 'readability':
      return (await import('./readability/index.ts')).readabilityScorer;
    case 'pii':
      return (await import('./pii/index.ts')).piiScorer;
    case 'prompt_injection':
      return (await import('./prompt-injection/index.ts')).promptInjectionScorer;
    case 'relevance':
      return (await import('./relevance/index.ts')).relevanceScorer;
  }
}

export function parseScorerNames(list: readonly string[]): ScorerName[] {
  const out: ScorerName[] = [];
  for (const n of list) {
    if (!(SCORER_NAMES as readonly string[]).includes(n)) {
      throw new Error(`unknown scorer "${n}" (available: ${SCORER_NAMES.join(', ')})`);
    }
    if (!out.includes(n as ScorerName)) out.push(n as ScorerName);
  }
  return out;
}
