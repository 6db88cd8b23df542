/** Toxicity probability of a text from the committed local model (loaded once, on first use). */
import { ToxicityModel, loadModel } from './model.ts';

let model: ToxicityModel | undefined;

function defaultModel(): ToxicityModel {
  model ??= new ToxicityModel(loadModel());
  return model;
}

/** Loads the model file now (start-up) instead of on the first call; throws if it is missing or corrupt. */
export function loadToxicityModel(): void {
  defaultModel();
}

/** Probability (0–1) that `text` is toxic: hateful, offensive or abusive. 0 for text without words. */
export function toxicity(text: string): number {
  return defaultModel().probability(text);
}

export const TOXIC_THRESHOLD = 0.5;
