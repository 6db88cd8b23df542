/** Groundedness of an answer against its context: 0–1 risk plus the spans that lack support. */
import { collectEvidence, type Finding } from './evidence.ts';
import { featureVector, surfaceOverlap, type FeatureVector } from './features.ts';
import { riskProbability } from './model.ts';
import { reasonPriority } from './reasons.ts';
import { inputShape, type ShapeVector } from './shape.ts';
import { splitClaims } from './sentences.ts';
import { head, MAX_ANSWER_CHARS, MAX_QUESTION_CHARS, selectContext } from './passages.ts';
import { indexText, isShouting } from './text-index.ts';
import { tokenize } from './tokenize.ts';

export interface UnsupportedSpan {
  text: string;
  start: number;
  end: number;
  reason: string;
}

export interface HallucinationResult {
  /** 0 = every claim supported by the context, 1 = invented. */
  score: number;
  /** Offending answer spans in text order (offsets into the answer). */
  unsupported: UnsupportedSpan[];
  /** Set when only part of a long answer or context was checked (see passages.ts for the bounds). */
  truncated?: { answerChars: number; answerTotal: number; passagesKept: number; passagesTotal: number };
}

/** Word-level findings weaker than this are left out of the span list (they still count in the score). */
const MIN_REPORTED_SEVERITY = 0.3;

export interface HallucinationAnalysis extends HallucinationResult {
  /** The model's inputs (for fitting and debugging). */
  features: FeatureVector;
  shape: ShapeVector;
}

/** Result plus the model's features; `hallucination` is the public shape. */
export function analyseHallucination(question: string, context: string, fullAnswer: string): HallucinationAnalysis | null {
  if (context.trim() === '') return null;
  // Bounded work whatever the input size: the head of the answer, the context passages that matter to it.
  const answer = head(fullAnswer, MAX_ANSWER_CHARS);
  const tokens = tokenize(answer);
  const questionText = head(question, MAX_QUESTION_CHARS);
  const questionIndex = questionText.trim() === '' ? null : indexText(questionText);
  const selected = selectContext(context, tokens, questionIndex?.tokens ?? []);
  const contextIndex = indexText(selected.text);
  const claims = splitClaims(tokens);
  const evidence = collectEvidence({ text: answer, tokens, claims, shouting: isShouting(answer) }, contextIndex, questionIndex);
  const features = featureVector(evidence, surfaceOverlap(selected.text, answer));
  const shape = inputShape(question, context, contextIndex, tokens);
  // An answer of bare function words ("Yes", "It was.") asserts nothing checkable: the model still scores it (in
  // dialogue sets such replies are mostly labelled not attributable); only an answer without words scores 0.
  const score = tokens.some((t) => t.kind !== 'punct') ? riskProbability(features, shape) : 0;
  const findings = mergeAdjacent(answer, evidence.findings.filter((f) => f.severity >= MIN_REPORTED_SEVERITY));
  const truncated = answer.length < fullAnswer.length || selected.kept < selected.passages
    ? { answerChars: answer.length, answerTotal: fullAnswer.length, passagesKept: selected.kept, passagesTotal: selected.passages }
    : undefined;
  return {
    score,
    unsupported: findings.map((f) => ({ text: answer.slice(f.start, f.end), start: f.start, end: f.end, reason: f.reason })),
    ...(truncated && { truncated }),
    features,
    shape,
  };
}

export function hallucination(question: string, context: string, answer: string): HallucinationResult | null {
  const analysis = analyseHallucination(question, context, answer);
  if (!analysis) return null;
  const { features: _features, shape: _shape, ...result } = analysis;
  return result;
}

/** Joins neighbouring findings with the same reason ("Sam" + "Wilson") into one span; text order. */
function mergeAdjacent(text: string, findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || a.end - b.end);
  const out: Finding[] = [];
  const lastOfReason = new Map<string, Finding>();
  for (const f of sorted) {
    const last = lastOfReason.get(f.reason);
    if (last && f.start >= last.end && /^[\s-]*$/.test(text.slice(last.end, f.start)) && out[out.length - 1] === last) {
      last.end = f.end;
      last.severity = Math.max(last.severity, f.severity);
    } else if (!(last && last.start === f.start && last.end === f.end)) {
      const copy = { ...f };
      out.push(copy);
      lastOfReason.set(f.reason, copy);
    }
  }
  // One reason per span: the strongest ("decreased": context says "increased", not just "not in context").
  const strongest = new Map<string, number>();
  const spanKey = (f: Finding): string => `${f.start}:${f.end}`;
  for (const f of out) strongest.set(spanKey(f), Math.max(strongest.get(spanKey(f)) ?? -Infinity, reasonPriority(f.reason)));
  return out.filter((f) => reasonPriority(f.reason) >= strongest.get(spanKey(f))!);
}

const MAX_EXPLAINED = 4;
const MAX_QUOTE = 40;

/** Short explanation: `unsupported: "1987" (number not in context); "Paris" (name not in context)`. */
export function explainHallucination(result: HallucinationResult): string {
  return `${explainFindings(result)}${explainTruncation(result)}${explainConfidence(result)}`;
}

/** Scores in this band are where the local scorer ranks worst (paraphrase, partial support, reasoning). */
const BORDERLINE = [0.35, 0.65] as const;

function explainConfidence(result: HallucinationResult): string {
  const reasons: string[] = [];
  if (result.score >= BORDERLINE[0] && result.score <= BORDERLINE[1]) reasons.push('borderline score (paraphrase and partial support are the local scorer\'s weak spot)');
  if (result.truncated) reasons.push('only part of the input was checked');
  return reasons.length ? `; low confidence: ${reasons.join('; ')} — use the LLM judge (LLMSCOPE_JUDGE_URL) for such calls` : '';
}

function explainTruncation({ truncated: t }: HallucinationResult): string {
  if (!t) return '';
  const answer = t.answerChars < t.answerTotal ? `the first ${t.answerChars} of ${t.answerTotal} answer characters` : 'the answer';
  const context = t.passagesKept < t.passagesTotal ? ` against ${t.passagesKept} of ${t.passagesTotal} context passages (those closest to the answer)` : '';
  return ` (long input: checked ${answer}${context})`;
}

function explainFindings(result: HallucinationResult): string {
  if (result.unsupported.length === 0) return 'no unsupported content found';
  const ranked = result.unsupported
    .map((u, order) => ({ u, order, priority: reasonPriority(u.reason) }))
    .sort((a, b) => b.priority - a.priority || a.order - b.order)
    .slice(0, MAX_EXPLAINED);
  const parts = ranked.map(({ u }) => {
    const text = u.text.length > MAX_QUOTE ? `${u.text.slice(0, MAX_QUOTE - 1)}…` : u.text;
    return `"${text}" (${u.reason})`;
  });
  const more = result.unsupported.length - ranked.length;
  return `unsupported: ${parts.join('; ')}${more > 0 ? `; +${more} more` : ''}`;
}
