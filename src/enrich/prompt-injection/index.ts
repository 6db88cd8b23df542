export { promptInjection, loadPromptInjectionModel, PromptInjectionDetector, INJECTION_THRESHOLD, CHUNK_CHARS, MAX_SCANNED_CHARS } from './prompt-injection.ts';
export type { InjectionResult, InjectionPattern } from './prompt-injection.ts';
export { promptInjectionScorer } from './scorer.ts';
