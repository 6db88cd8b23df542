/**
 * Number and date normalisation: "1,000" = "1000" = "one thousand", "ten" = "10", "21st" = "twenty-first",
 * month names → month keys. Keys are what claim and context are compared on.
 */

/** Word tables are Maps: a plain object would answer for "constructor" or "__proto__". */
export const lookup = <V>(entries: Record<string, V>): ReadonlyMap<string, V> => new Map(Object.entries(entries));

const UNITS: ReadonlyMap<string, number> = lookup({
  zero: 0, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, dozen: 12,
});
const TENS: ReadonlyMap<string, number> = lookup({
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
});
const SCALES: ReadonlyMap<string, number> = lookup({
  hundred: 100, thousand: 1_000, million: 1_000_000, billion: 1_000_000_000, trillion: 1_000_000_000_000,
});
const ORDINAL_UNITS: ReadonlyMap<string, number> = lookup({
  second: 2, third: 3, fourth: 4, fifth: 5, sixth: 6, seventh: 7, eighth: 8, ninth: 9, tenth: 10,
  eleventh: 11, twelfth: 12, thirteenth: 13, fourteenth: 14, fifteenth: 15, sixteenth: 16,
  seventeenth: 17, eighteenth: 18, nineteenth: 19, twentieth: 20, thirtieth: 30, fortieth: 40,
  fiftieth: 50, sixtieth: 60, seventieth: 70, eightieth: 80, ninetieth: 90, hundredth: 100,
});
const MONTHS: ReadonlyMap<string, number> = lookup({
  january: 1, jan: 1, february: 2, feb: 2, march: 3, mar: 3, april: 4, apr: 4, may: 5, june: 6, jun: 6,
  july: 7, jul: 7, august: 8, aug: 8, september: 9, sep: 9, sept: 9, october: 10, oct: 10,
  november: 11, nov: 11, december: 12, dec: 12,
});
/** Month abbreviations and "may"/"march" are ordinary words too; they count as months only when capitalised. */
const AMBIGUOUS_MONTHS = new Set(['may', 'march', 'mar', 'jan', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec', 'feb', 'apr', 'sept']);

/** Canonical key of a numeric value: "#1000", "#3.5". */
export function numberKey(value: number): string {
  return `#${Number.isInteger(value) ? value.toString() : Number(value.toPrecision(12)).toString()}`;
}

/** "first" is an ordinary word ("first published"), except as the last part of "twenty-first". */
export const FIRST = 'first';

/** Parses a digit token ("10,000", "3.5", "21st", "1980s"); returns its key, or null. */
export function digitKey(digits: string, suffix: string | undefined): string | null {
  const value = Number(digits.replace(/,/g, ''));
  if (!Number.isFinite(value)) return null;
  if (suffix === 's' || suffix === "'s" || suffix === '’s') return `${numberKey(value)}s`; // decade: "1980s"
  return numberKey(value);
}

export type NumberWordKind = 'unit' | 'tens' | 'scale' | 'ordinal';

/** Classifies a lowercase word as part of a spelled-out number. */
export function numberWord(lower: string): { kind: NumberWordKind; value: number } | null {
  const unit = UNITS.get(lower);
  if (unit !== undefined) return { kind: 'unit', value: unit };
  const tens = TENS.get(lower);
  if (tens !== undefined) return { kind: 'tens', value: tens };
  const scale = SCALES.get(lower);
  if (scale !== undefined) return { kind: 'scale', value: scale };
  const ordinal = ORDINAL_UNITS.get(lower);
  if (ordinal !== undefined) return { kind: 'ordinal', value: ordinal };
  return null;
}

/** Month number for a word, or 0. `capitalised` disambiguates "may"/"march". */
export function monthOf(lower: string, capitalised: boolean): number {
  const month = MONTHS.get(lower);
  if (month === undefined) return 0;
  if (AMBIGUOUS_MONTHS.has(lower) && !capitalised) return 0;
  return month;
}

export function monthKey(month: number): string {
  return `@m${month}`;
}

/** Scale multiplier of a word following a number ("2 million"), or 0. */
export function scaleOf(lower: string): number {
  return SCALES.get(lower) ?? 0;
}
