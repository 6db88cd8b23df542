/**
 * What drift compares, once: each feature's per-call SQL expression over llm_calls and its
 * statistic. Continuous features (KS) are sampled per window with groupArraySample (a fixed-size
 * reservoir); categorical ones (PSI) are summed per window into a histogram of at most a few
 * dozen categories. Text is read only up to TEXT_PREFIX characters per call, so a 200 KB RAG
 * context costs no more than a short prompt.
 *
 * Every literal the expressions need (regular expressions, stop-word lists) is a bound query
 * parameter (FEATURE_PARAMS), never spliced into the SQL.
 */

export type Statistic = 'ks' | 'psi';

export interface ContinuousFeature {
  name: string;
  statistic: 'ks';
  /** Float64 value of one call. */
  value: string;
  /** The call has the feature (e.g. was scored, had content captured). */
  present: string;
  help: string;
}

export interface CategoricalFeature {
  name: string;
  statistic: 'psi';
  /** Array(String): the categories one call contributes (none, one, or several for topic buckets). */
  categories: string;
  help: string;
}

export type Feature = ContinuousFeature | CategoricalFeature;

/** Characters of input/output text a feature reads per call. */
export const TEXT_PREFIX = 4096;
/** Hashed word buckets of the topic sketch. */
export const TOPIC_BUCKETS = 64;
/** Distinct words per call that enter the topic sketch. */
export const TOPIC_WORDS_PER_CALL = 256;

const IN = `substringUTF8(input_text, 1, ${TEXT_PREFIX})`;
const OUT = `substringUTF8(output_text, 1, ${TEXT_PREFIX})`;

/** Stop words that tell Latin-script languages apart (the most frequent function words of each). */
const STOP_WORDS: Record<string, string[]> = {
  en: ['the', 'and', 'is', 'are', 'of', 'to', 'that', 'it', 'with', 'for', 'you', 'this', 'what', 'how', 'my', 'was'],
  es: ['el', 'los', 'las', 'que', 'y', 'es', 'por', 'para', 'una', 'con', 'cómo', 'qué', 'mi', 'del', 'pero', 'muy'],
  fr: ['le', 'les', 'des', 'et', 'est', 'une', 'pour', 'dans', 'vous', 'pas', 'qui', 'sur', 'avec', 'je', 'ce', 'au'],
  de: ['der', 'die', 'das', 'und', 'ist', 'nicht', 'ein', 'eine', 'ich', 'sie', 'mit', 'zu', 'auf', 'für', 'wie', 'den'],
  it: ['il', 'che', 'di', 'per', 'non', 'sono', 'della', 'come', 'gli', 'questo', 'mi', 'del', 'una', 'ho', 'anche', 'perché'],
  pt: ['o', 'os', 'não', 'uma', 'para', 'com', 'é', 'você', 'do', 'da', 'em', 'como', 'mais', 'eu', 'meu', 'isso'],
  nl: ['het', 'een', 'van', 'niet', 'dat', 'ik', 'je', 'op', 'met', 'voor', 'zijn', 'wat', 'ook', 'maar', 'er', 'dit'],
};
/** Non-Latin scripts: a call is in this script's language when ≥ 30 % of its letters are. */
const SCRIPTS: Array<[string, string]> = [
  ['ko', '\\p{Hangul}'],
  ['ja', '[\\p{Hiragana}\\p{Katakana}]'],
  ['zh', '\\p{Han}'],
  ['ru', '\\p{Cyrillic}'],
  ['ar', '\\p{Arabic}'],
  ['he', '\\p{Hebrew}'],
  ['hi', '\\p{Devanagari}'],
  ['el', '\\p{Greek}'],
  ['th', '\\p{Thai}'],
];

/** Refusal openings of an answer (case-insensitive, at the start of the output). */
const REFUSAL_RE =
  "(?i)^\\W{0,3}(i'?m sorry|i am sorry|sorry, (but )?i|i apologi[sz]e, but|i can(no|')?t (help|assist|provide|do|comply)|i cannot|i won'?t be able|i'?m (not able|unable) to|i am (not able|unable) to|as an ai\\b)";

/** Finish reasons that mean the model called a tool, or that the provider refused. */
const TOOL_REASONS = ['tool_calls', 'tool_use', 'function_call'];
const REFUSAL_REASONS = ['content_filter', 'refusal', 'safety'];

/** Word → language of STOP_WORDS; a word listed under two languages counts for the first. */
const STOP_WORD_LANG = new Map<string, string>();
for (const [lang, words] of Object.entries(STOP_WORDS)) for (const w of words) if (!STOP_WORD_LANG.has(w)) STOP_WORD_LANG.set(w, lang);

export const FEATURE_PARAMS: Record<string, unknown> = {
  drift_refusal_re: REFUSAL_RE,
  drift_tool_reasons: TOOL_REASONS,
  drift_refusal_reasons: REFUSAL_REASONS,
  drift_letter_re: '\\p{L}',
  drift_any_script_re: `[${SCRIPTS.map(([, re]) => re.replace(/^\[|\]$/g, '')).join('')}]`,
  drift_sw_words: [...STOP_WORD_LANG.keys()],
  drift_sw_langs: [...STOP_WORD_LANG.values()],
  ...Object.fromEntries(SCRIPTS.map(([lang, re]) => [`drift_script_${lang}`, re])),
};

const LATIN = Object.keys(STOP_WORDS);

/**
 * Words of a text for the language guess and the topic sketch: tokens() splits on ASCII
 * non-alphanumerics and keeps other bytes inside words (so "cómo" and "日本語" stay whole) — about
 * 30× cheaper than a Unicode regular-expression split.
 */
const WORDS = `tokens(lowerUTF8(${IN}))`;

/**
 * Language guess of the captured input. Scripts first, and only when the text has a letter of a
 * non-Latin script (one regex pass): the script holding ≥ 30 % of the letters. Otherwise the Latin
 * language whose stop words occur most among the first 400 words (one transform() per word, one
 * countEqual per language; the arrays are bound once through lambda arguments), else 'other'.
 */
function languageExpr(): string {
  const letters = `countMatches(${IN}, {drift_letter_re:String})`;
  const langs = `[${LATIN.map((l) => `'${l}'`).join(', ')}]`;
  const latin =
    `arrayMap(ws -> arrayMap(c -> if(arrayMax(c) = 0, 'other', arrayElement(${langs}, indexOf(c, arrayMax(c)))), ` +
    `[[${LATIN.map((l) => `countEqual(ws, '${l}')`).join(', ')}]])[1], ` +
    `[arrayMap(w -> transform(w, {drift_sw_words:Array(String)}, {drift_sw_langs:Array(String)}, ''), arraySlice(${WORDS}, 1, 400))])[1]`;
  const scripts = SCRIPTS.map(([lang]) => `countMatches(${IN}, {drift_script_${lang}:String}) * 10 >= ${letters} * 3, '${lang}'`).join(', ');
  return `if(input_text = '', [], [multiIf(countMatches(${IN}, {drift_any_script_re:String}) = 0, ${latin}, ${scripts}, ${latin})])`;
}

const score = (col: string, name: string, help: string, expr = `toFloat64(${col})`): ContinuousFeature => ({
  name,
  statistic: 'ks',
  value: expr.replace(col, `ifNull(${col}, 0)`),
  present: `isNotNull(${col})`,
  help,
});

export const FEATURES: readonly Feature[] = [
  { name: 'input_tokens', statistic: 'ks', value: 'toFloat64(input_tokens)', present: '1', help: 'input tokens per call' },
  { name: 'output_tokens', statistic: 'ks', value: 'toFloat64(output_tokens)', present: "status = 'ok'", help: 'output tokens per successful call' },
  { name: 'input_length', statistic: 'ks', value: 'toFloat64(lengthUTF8(input_text))', present: "input_text != ''", help: 'characters of captured input' },
  { name: 'output_length', statistic: 'ks', value: 'toFloat64(lengthUTF8(output_text))', present: "output_text != ''", help: 'characters of captured output' },
  score('toxicity', 'toxicity', 'toxicity score (0–1)'),
  score('hallucination', 'groundedness', 'groundedness = 1 − hallucination score', '1 - toFloat64(hallucination)'),
  score('readability', 'readability', 'Flesch Reading Ease of the output'),
  score('prompt_injection', 'prompt_injection', 'prompt-injection score (0–1)'),
  score('relevance', 'relevance', 'relevance score (0–1)'),
  { name: 'language', statistic: 'psi', categories: languageExpr(), help: 'language mix of captured inputs (script, then stop words)' },
  {
    name: 'refusal',
    statistic: 'psi',
    categories: `[if(hasAny(finish_reasons, {drift_refusal_reasons:Array(String)}) OR match(substringUTF8(${OUT}, 1, 200), {drift_refusal_re:String}), 'refused', 'answered')]`,
    help: 'refusal rate: a refusing finish reason or answer opening',
  },
  {
    name: 'tool_calls',
    statistic: 'psi',
    categories: `[if(hasAny(finish_reasons, {drift_tool_reasons:Array(String)}), 'tool_call', 'no_tool_call')]`,
    help: 'tool-call rate (finish reason tool_calls / tool_use)',
  },
  {
    name: 'topic',
    statistic: 'psi',
    categories:
      `arrayMap(w -> toString(cityHash64(w) % ${TOPIC_BUCKETS}), arraySlice(arrayDistinct(arrayFilter(w -> lengthUTF8(w) >= 4, ${WORDS})), 1, ${TOPIC_WORDS_PER_CALL}))`,
    help: `topic mix of captured inputs: distinct words (≥ 4 letters) hashed into ${TOPIC_BUCKETS} buckets`,
  },
];

export const FEATURE_NAMES: readonly string[] = FEATURES.map((f) => f.name);
