/**
 * PII/secrets scorer over the prompt and the response. Emits `pii.<type>` (count, per type
 * present) and the total `pii` (column pii_count; 0 is a real measurement when text was
 * scanned). Calls with neither text captured are not scored.
 */
import type { ScoreInput, ScoreResult, Scorer } from '../types.ts';
import { type FindingType, PII_TYPES, SECRET_TYPES, categoryOf } from './detectors.ts';
import { forEachPii } from './find.ts';

const TYPE_ORDER: readonly FindingType[] = [...SECRET_TYPES, ...PII_TYPES];
const KNOWN_TYPES: ReadonlySet<string> = new Set(TYPE_ORDER);
const REDACTION_MARKER = /\[REDACTED:([a-z_]+)\]/g;

function scoreOne(input: ScoreInput): ScoreResult[] {
  if (input.inputText === '' && input.outputText === '') return [];
  const counts = new Map<FindingType, { prompt: number; response: number }>();
  const totals = { prompt: 0, response: 0 };
  for (const [side, text] of [['prompt', input.inputText], ['response', input.outputText]] as const) {
    const count = (type: FindingType) => {
      const entry = counts.get(type) ?? { prompt: 0, response: 0 };
      entry[side]++;
      counts.set(type, entry);
      totals[side]++;
    };
    forEachPii(text, count);
    // With --redact the text was redacted before scoring; each marker is a finding counted
    // before redaction (so the count does not drop to 0 when redaction is on).
    if (text.includes('[REDACTED:')) {
      REDACTION_MARKER.lastIndex = 0;
      for (let m = REDACTION_MARKER.exec(text); m !== null; m = REDACTION_MARKER.exec(text)) {
        if (KNOWN_TYPES.has(m[1]!)) count(m[1] as FindingType);
      }
    }
  }
  const results: ScoreResult[] = [];
  let secrets = 0;
  for (const type of TYPE_ORDER) {
    const c = counts.get(type);
    if (!c) continue;
    const category = categoryOf(type);
    if (category === 'secrets') secrets += c.prompt + c.response;
    results.push({
      name: `pii.${type}`,
      value: c.prompt + c.response,
      label: category,
      explanation: `${type}: ${c.prompt} in prompt, ${c.response} in response`,
      source: 'heuristic',
    });
  }
  const total = totals.prompt + totals.response;
  results.push({
    name: 'pii',
    value: total,
    label: secrets > 0 ? 'secrets' : total > 0 ? 'pii' : 'none',
    explanation: total === 0 ? 'no PII or secrets found' : `${total} finding(s): ${secrets} secret(s), ${total - secrets} PII`,
    source: 'heuristic',
    column: 'pii_count',
  });
  return results;
}

export const piiScorer: Scorer = {
  name: 'pii',
  needs: [],
  score: (batch) => batch.map(scoreOne),
};
