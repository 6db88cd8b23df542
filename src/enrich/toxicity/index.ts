export { toxicity, loadToxicityModel, TOXIC_THRESHOLD } from './toxicity.ts';
export { toxicityScorer } from './scorer.ts';
export { normalizeToxicityText } from './normalize.ts';
