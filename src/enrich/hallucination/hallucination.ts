/** Groundedness of an answer against its context: 0–1 risk plus the spans that lack support. */
import { collectEvidence, type Finding } from './evidence.ts';
import { featureVector, type FeatureVector } from './features.ts';
import { riskLogit, sigmoid } from './model.ts';
import { splitClaims } from './sentences.ts';
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
}

/** Word-level findings weaker than this are left out of the span list (they still count in the score). */
const MIN_REPORTED_SEVERITY = 0.3;

export interface HallucinationAnalysis extends HallucinationResult {
  features: FeatureVector;
  /** Findings with severities, for explanations. */
  findings: Finding[];
}

/** Full analysis (features and findings too); `hallucination` is the public shape. */
export function analyseHallucination(question: string, context: string, answer: string): HallucinationAnalysis | null {
  if (context.trim() === '') return null;
  const contextIndex = indexText(context);
  const questionIndex = question.trim() === '' ? null : indexText(question);
  const tokens = tokenize(answer);
  const claims = splitClaims(tokens);
  const evidence = collectEvidence({ text: answer, tokens, claims, shouting: isShouting(answer) }, contextIndex, context, questionIndex);
  const features = featureVector(evidence);
  const score = evidence.contentWeight === 0 && evidence.findings.length === 0 ? 0 : sigmoid(riskLogit(features));
  const findings = mergeAdjacent(answer, evidence.findings.filter((f) => f.severity >= MIN_REPORTED_SEVERITY));
  return {
    score,
    unsupported: findings.map((f) => ({ text: answer.slice(f.start, f.end), start: f.start, end: f.end, reason: f.reason })),
    features,
    findings,
  };
}

export function hallucination(question: string, context: string, answer: string): HallucinationResult | null {
  const analysis = analyseHallucination(question, context, answer);
  return analysis && { score: analysis.score, unsupported: analysis.unsupported };
}

/** Joins neighbouring findings of the same kind ("Sam" + "Wilson") into one span, in text order. */
function mergeAdjacent(text: string, findings: readonly Finding[]): Finding[] {
  const sorted = [...findings].sort((a, b) => a.start - b.start || b.end - a.end);
  const out: Finding[] = [];
  for (const f of sorted) {
    const last = out[out.length - 1];
    if (last && f.start <= last.end) {
      if (f.end > last.end && f.reason === last.reason) last.end = f.end;
      if (f.severity > last.severity && f.reason === last.reason) last.severity = f.severity;
      if (f.reason === last.reason || f.end <= last.end) continue;
    }
    if (last && last.reason === f.reason && /^[\s-]*$/.test(text.slice(last.end, f.start))) {
      last.end = f.end;
      last.severity = Math.max(last.severity, f.severity);
      continue;
    }
    out.push({ ...f });
  }
  return out;
}

const MAX_EXPLAINED = 4;
const MAX_QUOTE = 40;

/** Short explanation: `unsupported: "1987" (number not in context); "Paris" (name not in context)`. */
export function explainHallucination(analysis: HallucinationAnalysis): string {
  if (analysis.findings.length === 0) return 'no unsupported content found';
  const top = [...analysis.findings].sort((a, b) => b.severity - a.severity).slice(0, MAX_EXPLAINED);
  const parts = top.map((f) => {
    const span = analysis.unsupported.find((u) => u.start === f.start && u.end === f.end);
    const raw = span ? span.text : '';
    const text = raw.length > MAX_QUOTE ? `${raw.slice(0, MAX_QUOTE - 1)}…` : raw;
    return `"${text}" (${f.reason})`;
  });
  const more = analysis.findings.length - top.length;
  return `unsupported: ${parts.join('; ')}${more > 0 ? `; +${more} more` : ''}`;
}
