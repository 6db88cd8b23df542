/** Replaces findings of the chosen categories with `[REDACTED:<type>]`. */
import { type FindingCategory, categoryOf } from './detectors.ts';
import { findPii } from './find.ts';

export function redact(text: string, categories: ReadonlySet<FindingCategory>): string {
  if (categories.size === 0) return text;
  let out = '';
  let at = 0;
  for (const finding of findPii(text)) {
    if (!categories.has(categoryOf(finding.type))) continue;
    out += text.slice(at, finding.start) + `[REDACTED:${finding.type}]`;
    at = finding.end;
  }
  return at === 0 ? text : out + text.slice(at);
}
