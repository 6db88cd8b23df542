/** Replaces findings of the chosen categories with `[REDACTED:<type>]`. */
import { type FindingCategory, categoryOf } from './detectors.ts';
import { forEachPii } from './find.ts';

export function redact(text: string, categories: ReadonlySet<FindingCategory>): string {
  if (categories.size === 0) return text;
  const parts: string[] = [];
  let at = 0;
  forEachPii(text, (type, start, end) => {
    if (!categories.has(categoryOf(type))) return;
    parts.push(text.slice(at, start), `[REDACTED:${type}]`);
    at = end;
  });
  if (at === 0) return text;
  parts.push(text.slice(at));
  return parts.join('');
}
