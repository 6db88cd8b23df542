/** findPii: sorted, non-overlapping findings (UTF-16 offsets) of PII and secrets in a text. */
import { Candidates, DETECTORS, type FindingType, typeByIndex } from './detectors.ts';

const INSIDE = 1;
const START = 0x80;

export interface PiiFinding {
  type: FindingType;
  start: number;
  end: number;
}

/**
 * Calls `visit` for every finding, in text order, without overlaps: higher priority wins an
 * overlap, then the longer match, then the earlier one. Linear in the text plus the candidates'
 * total length: detectors run highest priority first and claim characters in an occupancy map
 * (one detector's own matches do not overlap, so each character is visited a bounded number of
 * times); only candidates of equal priority from different detectors are sorted against each other.
 */
export function forEachPii(text: string, visit: (type: FindingType, start: number, end: number) => void): void {
  if (text === '') return;
  const candidates = new Candidates();
  // claimed[i]: 0 free, INSIDE within a kept finding, START | type index where one starts. One byte
  // per character: the scan's working set stays small enough for the cache on large texts.
  let claimed: Uint8Array | undefined;
  let kept = 0;
  for (let d = 0; d < DETECTORS.length; ) {
    const priority = DETECTORS[d]!.priority;
    const groupStart = candidates.length;
    let detectorsWithMatches = 0;
    for (; d < DETECTORS.length && DETECTORS[d]!.priority === priority; d++) {
      const detector = DETECTORS[d]!;
      if (!detector.mayContain(text)) continue;
      const before = candidates.length;
      detector.find(text, candidates);
      if (candidates.length > before) detectorsWithMatches++;
    }
    const count = candidates.length - groupStart;
    if (count === 0) continue;
    claimed ??= new Uint8Array(text.length);
    const order = new Uint32Array(count);
    for (let i = 0; i < count; i++) order[i] = groupStart + i;
    // IBAN candidates may overlap each other (the account part extends past the matched prefix).
    if (detectorsWithMatches > 1 || candidates.typeAt(groupStart) === 'iban') {
      const { start, end } = candidates;
      order.sort((a, b) => end[b]! - start[b]! - (end[a]! - start[a]!) || start[a]! - start[b]!);
    }
    for (let k = 0; k < count; k++) {
      const c = order[k]!;
      const from = candidates.start[c]!;
      const to = candidates.end[c]!;
      let free = true;
      for (let i = from; i < to; i++) {
        if (claimed[i] !== 0) {
          free = false;
          break;
        }
      }
      if (!free) continue;
      if (to === from) continue;
      claimed.fill(INSIDE, from, to);
      claimed[from] = START | candidates.type[c]!;
      kept++;
    }
  }
  if (kept === 0 || claimed === undefined) return;
  for (let i = 0; i < claimed.length; ) {
    const mark = claimed[i]!;
    if ((mark & START) === 0) {
      i++;
      continue;
    }
    let end = i + 1;
    while (end < claimed.length && claimed[end] === INSIDE) end++;
    visit(typeByIndex(mark & ~START), i, end);
    i = end;
  }
}

export function findPii(text: string): PiiFinding[] {
  const out: PiiFinding[] = [];
  forEachPii(text, (type, start, end) => out.push({ type, start, end }));
  return out;
}
