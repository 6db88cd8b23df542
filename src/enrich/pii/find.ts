/** findPii: sorted, non-overlapping findings (UTF-16 offsets) of PII and secrets in a text. */
import { type Candidate, type FindingType, findCandidates } from './detectors.ts';

export interface PiiFinding {
  type: FindingType;
  start: number;
  end: number;
}

/** Higher priority wins an overlap, then the longer match, then the earlier one. */
function resolveOverlaps(candidates: Candidate[]): PiiFinding[] {
  candidates.sort((a, b) => b.priority - a.priority || b.end - b.start - (a.end - a.start) || a.start - b.start);
  const kept: Candidate[] = [];
  for (const c of candidates) {
    if (kept.every((k) => c.end <= k.start || c.start >= k.end)) kept.push(c);
  }
  kept.sort((a, b) => a.start - b.start);
  return kept.map(({ type, start, end }) => ({ type, start, end }));
}

export function findPii(text: string): PiiFinding[] {
  if (text === '') return [];
  const candidates = findCandidates(text);
  return candidates.length === 0 ? [] : resolveOverlaps(candidates);
}
