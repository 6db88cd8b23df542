/**
 * Probability that a text tries to override the model's instructions, extract its system prompt
 * or jailbreak it, with the patterns that drove the score.
 *
 * Cost cap: a text up to CHUNK_CHARS is scored in one pass (linear). Longer texts (retrieved
 * documents) are scored in CHUNK_CHARS pieces and the highest piece wins, so an injection buried
 * in the middle of a long document is still seen; at most MAX_SCANNED_CHARS are read (the first
 * and the last half of that budget), so a 1 MB text costs the same as a 256 KB one.
 */
import { InjectionFeaturizer, type InjectionFeatures } from './features.ts';
import { injectionLogit, loadInjectionModel, sigmoid, type InjectionModelWeights } from './model.ts';

export const CHUNK_CHARS = 8 * 1024;
export const MAX_SCANNED_CHARS = 256 * 1024;
export const INJECTION_THRESHOLD = 0.5;

export type InjectionPattern = 'override' | 'persona' | 'extraction' | 'obfuscation' | 'adversarial_suffix';

export interface InjectionResult {
  score: number;
  /** Patterns seen in the highest-scoring piece, strongest first. */
  patterns: InjectionPattern[];
  /** Human-readable reason: the patterns with the phrase or obfuscation that was found. */
  explanation: string;
}

/**
 * Adversarial-suffix signal above which a flagged text's explanation names it (95% of GCG/DSN
 * suffixed prompts reach 0.4; so do some texts in languages other than English, whose words are
 * not in the English vocabulary — hence only named when the text is flagged anyway).
 */
const SUFFIX_EXPLAIN = 0.4;

export class PromptInjectionDetector {
  private readonly weights: InjectionModelWeights;
  private readonly featurizer: InjectionFeaturizer;

  constructor(weights: InjectionModelWeights = loadInjectionModel()) {
    this.weights = weights;
    this.featurizer = new InjectionFeaturizer(weights.hashBits);
  }

  /** Raw (uncalibrated) logit of one piece; used by training to fit the calibration. */
  logit(text: string): number {
    return injectionLogit(this.weights, this.featurizer.extract(text));
  }

  analyze(text: string): InjectionResult {
    let best: { score: number; features: InjectionFeatures } | undefined;
    for (const piece of pieces(text)) {
      const features = this.featurizer.extract(piece);
      if (features.tokenCount === 0 && features.suffixWindow === 0) continue;
      const z = injectionLogit(this.weights, features);
      const score = sigmoid(this.weights.calibrationA * z + this.weights.calibrationB);
      if (!best || score > best.score) best = { score, features: copyExplainable(features) };
    }
    if (!best) return { score: 0, patterns: [], explanation: 'no text' };
    return { score: best.score, ...explain(best.score, best.features) };
  }
}

/** The featurizer reuses its index buffer; keep only what the explanation needs. */
function copyExplainable(f: InjectionFeatures): InjectionFeatures {
  return { ...f, indices: new Int32Array(0), dense: f.dense };
}

function* pieces(text: string): Generator<string> {
  let scanned = text;
  if (text.length > MAX_SCANNED_CHARS) {
    const half = MAX_SCANNED_CHARS / 2;
    scanned = text.slice(0, half) + '\n' + text.slice(text.length - half);
  }
  if (scanned.length <= CHUNK_CHARS) {
    yield scanned;
    return;
  }
  // Overlapping pieces (by a quarter) so a phrase cut at one boundary is whole in the next piece.
  const step = (CHUNK_CHARS * 3) / 4;
  for (let start = 0; start < scanned.length; start += step) {
    yield scanned.slice(start, start + CHUNK_CHARS);
    if (start + CHUNK_CHARS >= scanned.length) break;
  }
}

function explain(score: number, f: InjectionFeatures): { patterns: InjectionPattern[]; explanation: string } {
  const patterns: InjectionPattern[] = [];
  const parts: string[] = [];
  for (const hit of f.patterns) {
    patterns.push(hit.family);
    parts.push(`${hit.family}: "${hit.phrase.slice(0, 60)}"`);
  }
  const d = f.deobfuscated;
  const tricks = [
    d.base64 ? 'base64' : '',
    d.homoglyphs ? 'homoglyphs' : '',
    d.spacedLetters ? 'spaced letters' : '',
    d.leetspeak ? 'leetspeak' : '',
  ].filter(Boolean);
  if (tricks.length) {
    patterns.push('obfuscation');
    parts.push(`obfuscation: ${tricks.join(', ')}`);
  }
  if (f.suffixWindow >= SUFFIX_EXPLAIN && score >= INJECTION_THRESHOLD) {
    patterns.push('adversarial_suffix');
    parts.push(`adversarial suffix: ${Math.round(f.suffixWindow * 100)}% non-words/symbols in a 12-token window`);
  }
  const verdict = score >= INJECTION_THRESHOLD ? 'likely prompt injection' : 'unlikely prompt injection';
  const why = parts.length ? parts.join('; ') : score >= INJECTION_THRESHOLD ? 'attack-like wording (model, no named pattern)' : 'no attack pattern';
  return { patterns, explanation: `${verdict}, p=${score.toFixed(3)}: ${why}` };
}

let detector: PromptInjectionDetector | undefined;

function defaultDetector(): PromptInjectionDetector {
  detector ??= new PromptInjectionDetector();
  return detector;
}

/** Loads the model now (start-up) instead of on first use; throws if it is missing or corrupt. */
export function loadPromptInjectionModel(): void {
  defaultDetector();
}

export function promptInjection(text: string): InjectionResult {
  return defaultDetector().analyze(text);
}
