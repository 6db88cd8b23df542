/** Toxicity probability of a text from the committed local model (loaded once, on first use). */
import { ToxicityModel, loadModel, type ToxicityExplanation } from './model.ts';

let model: ToxicityModel | undefined;

function defaultModel(): ToxicityModel {
  model ??= new ToxicityModel(loadModel());
  return model;
}

/** Loads the model file now (start-up) instead of on the first call; throws if it is missing or corrupt. */
export function loadToxicityModel(): void {
  defaultModel();
}

/** Calibrated probability (0–1) that `text` is toxic: hateful, offensive, abusive or threatening. 0 for text without words. */
export function toxicity(text: string): number {
  return defaultModel().probability(text);
}

/** The probability with the words and structure that drove it and any reason not to trust it. */
export function explainToxicity(text: string): ToxicityExplanation {
  return defaultModel().explain(text);
}

export const TOXIC_THRESHOLD = 0.5;
