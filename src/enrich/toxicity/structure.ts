/**
 * What a bag of words misses: which words stand under a negation ("are not disgusting"), which are quoted
 * or reported ("saying 'X' is wrong"), whether an identity term or the reader ("you") is the target, and
 * what the words mean (pre-trained word vectors, so "vermin" and "cockroaches" look alike without having been
 * seen in training). One pass over the text; the output feeds the model's hidden layer and its hashed
 * word features (scoped words hash differently from plain ones).
 */
import { wordVectors, type WordVectors } from '../text/word-vectors.ts';

/** The model's view of structure: pooled vectors (plain mean, plain max, negated mean, quoted mean) + flags. */
export const STRUCTURE_FLAG_NAMES = [
  'identity_term', // a protected-group word (women, muslims, gay, black, immigrants, …)
  'identity_plain_negative', // identity term and a word near known abuse in the same clause, outside negation/quotes
  'second_person', // you / your / u
  'negations', // log(1 + negators)
  'quoted_share', // share of words inside quotation marks or reported ("stop saying …")
  'reporting', // a reporting / counter-speech frame (say, said, saying, statements, called, …)
  'threat_modal', // will / should / must / deserve / going to … within a clause that has a violent word
  'question', // ends with a question mark
  'vector_coverage', // share of words found in the vector table (low: not English or obfuscated)
  'log_words', // log(1 + words)
] as const;
export const STRUCTURE_FLAGS = STRUCTURE_FLAG_NAMES.length;

/** Pooled-vector blocks, each `dims` wide: plain mean, plain max, negated mean, quoted mean. */
export const VECTOR_BLOCKS = 4;

/** Words that start a negation scope; it runs to the end of the clause (or MAX_SCOPE words). */
const NEGATORS = new Set(['not', 'no', 'never', 'nothing', 'nobody', 'none', 'neither', 'nor', 'cannot', 'without', 'hardly', 'isnt', 'arent', 'wasnt', 'werent', 'dont', 'doesnt', 'didnt', 'cant', 'wont', 'shouldnt', 'wouldnt', 'couldnt', 'aint']);
const MAX_SCOPE = 6;
const CLAUSE_BREAKERS = new Set(['but', 'however', 'although', 'though', 'yet', 'because']);
const SECOND_PERSON = new Set(['you', 'your', 'youre', 'yours', 'yourself', 'u', 'ur', 'ya', 'yall']);
const REPORTING = new Set(['say', 'says', 'said', 'saying', 'statement', 'statements', 'called', 'calling', 'call', 'wrote', 'write', 'writes', 'tweeted', 'claim', 'claims', 'claiming', 'quote', 'quoted', 'words', 'comment', 'comments', 'slur', 'slurs', 'phrase', 'term']);
/** Verbs after which the rest of the clause is reported speech, not the writer's own claim ("stop saying X"). */
const REPORTING_VERBS = new Set(['say', 'says', 'said', 'saying', 'calling', 'called', 'claim', 'claims', 'claiming', 'claimed', 'wrote', 'writing', 'tweeted', 'posted', 'posting']);
const MODALS = new Set(['will', 'should', 'must', 'deserve', 'deserves', 'gonna', 'going', 'ought', 'need', 'needs', 'shall', 'lets', "let's", 'im', 'ill']);
const VIOLENT = new Set(['kill', 'killed', 'murder', 'murdered', 'shoot', 'shot', 'hang', 'hanged', 'burn', 'burned', 'stab', 'die', 'dead', 'death', 'exterminate', 'exterminated', 'eliminate', 'eradicate', 'slaughter', 'execute', 'executed', 'beat', 'punch', 'rape', 'raped', 'gas', 'lynch', 'destroy', 'wipe', 'hurt', 'attack', 'bomb']);
/** Protected-group words (as in the identity-term evaluations), singular and plural. */
export const IDENTITY_TERMS = new Set([
  'woman', 'women', 'girl', 'girls', 'female', 'females', 'gay', 'gays', 'lesbian', 'lesbians', 'bisexual', 'queer', 'lgbt', 'lgbtq', 'homosexual', 'homosexuals',
  'trans', 'transgender', 'transgenders', 'nonbinary', 'black', 'blacks', 'white', 'whites', 'asian', 'asians', 'african', 'africans', 'latino', 'latinos', 'latina',
  'hispanic', 'hispanics', 'mexican', 'mexicans', 'arab', 'arabs', 'chinese', 'indian', 'indians', 'jew', 'jews', 'jewish', 'muslim', 'muslims', 'islam', 'islamic',
  'christian', 'christians', 'catholic', 'catholics', 'hindu', 'hindus', 'sikh', 'sikhs', 'buddhist', 'buddhists', 'immigrant', 'immigrants', 'refugee', 'refugees',
  'migrant', 'migrants', 'foreigner', 'foreigners', 'disabled', 'deaf', 'blind', 'paralyzed', 'elderly', 'gypsy', 'gypsies', 'roma',
]);
/** Seed words of abuse: a word whose vector is close to one of these counts as negative in the identity check. */
const ABUSE_SEEDS = ['disgusting', 'filthy', 'vermin', 'scum', 'stupid', 'hate', 'kill', 'worthless', 'animals', 'parasites', 'trash', 'inferior', 'subhuman', 'pathetic', 'evil'];
const ABUSE_SIMILARITY = 0.6;
/** The most frequent words carry no meaning of their own (the, of, is …): left out of the pooled vectors. */
const FUNCTION_WORD_ROWS = 60;

const isWordChar = (c: number): boolean => (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || (c >= 0xc0 && c <= 0x24f) || (c >= 0x370 && c < 0x2000);
const isQuote = (c: number): boolean => c === 34 || c === 0x201c || c === 0x201d || c === 0x201e || c === 0xab || c === 0xbb;
const isClausePunct = (c: number): boolean => c === 46 || c === 44 || c === 59 || c === 58 || c === 33 || c === 63 || c === 10;

/** One word of the structure pass. */
export interface StructureWord {
  word: string;
  row: number;
  negated: boolean;
  quoted: boolean;
}

export class StructureExtractor {
  readonly vectors: WordVectors;
  readonly dims: number;
  /** Flags (STRUCTURE_FLAG_NAMES order). */
  readonly flags = new Float32Array(STRUCTURE_FLAGS);
  /** VECTOR_BLOCKS × dims pooled vectors. */
  readonly pooled: Float32Array;
  /** The words of the last text (for scoped hashed features and explanations). */
  words: StructureWord[] = [];
  /** Per vector row: 0 = not yet known, 1 = near an abuse seed, 2 = not (filled as words are met). */
  private readonly abuse: Uint8Array;
  private readonly seeds: number[];

  constructor(vectors: WordVectors = wordVectors()) {
    this.vectors = vectors;
    this.dims = vectors.dims;
    this.pooled = new Float32Array(VECTOR_BLOCKS * vectors.dims);
    this.abuse = new Uint8Array(vectors.count);
    this.seeds = ABUSE_SEEDS.map((w) => vectors.index(w)).filter((r) => r >= 0);
  }

  /** Whether a vector row is near a seed word of abuse (decided on first sight of the word, then remembered). */
  isAbusive(row: number): boolean {
    if (row < 0) return false;
    if (this.abuse[row] === 0) this.abuse[row] = this.seeds.some((s) => this.vectors.cosine(row, s) >= ABUSE_SIMILARITY) ? 1 : 2;
    return this.abuse[row] === 1;
  }

  extract(text: string): this {
    const lower = text.toLowerCase();
    const words: StructureWord[] = [];
    let quoted = false;
    let reported = false; // after a reporting verb, to the end of the clause
    let scope = 0; // words left in the current negation scope
    let negators = 0;
    let clause = 0;
    const clauseOf: number[] = [];
    let question = false;
    for (let i = 0; i < lower.length; ) {
      const c = lower.charCodeAt(i);
      if (isWordChar(c)) {
        let j = i + 1;
        while (j < lower.length) {
          const d = lower.charCodeAt(j);
          if (isWordChar(d)) j++;
          else if ((d === 39 || d === 0x2019) && j + 1 < lower.length && isWordChar(lower.charCodeAt(j + 1))) j++;
          else break;
        }
        const raw = lower.slice(i, j);
        const word = raw.includes("'") || raw.includes('’') ? raw.replace(/['’]/g, '') : raw;
        if (CLAUSE_BREAKERS.has(word)) {
          scope = 0;
          reported = false;
          clause++;
        }
        const negator = NEGATORS.has(word);
        words.push({ word, row: this.vectors.index(word), negated: scope > 0 && !negator, quoted: quoted || reported });
        clauseOf.push(clause);
        if (REPORTING_VERBS.has(word)) reported = true;
        if (negator) {
          negators++;
          scope = MAX_SCOPE;
        } else if (scope > 0) scope--;
        i = j;
        continue;
      }
      if (isQuote(c)) quoted = c === 0x201c ? true : c === 0x201d ? false : !quoted;
      if (isClausePunct(c)) {
        scope = 0;
        reported = false;
        clause++;
        question = c === 63;
      } else if (c > 32) question = false;
      i++;
    }
    this.words = words;
    this.pool(words, clauseOf, negators, question);
    return this;
  }

  private pool(words: readonly StructureWord[], clauseOf: readonly number[], negators: number, question: boolean): void {
    const d = this.dims;
    const pooled = this.pooled;
    pooled.fill(0);
    const data = this.vectors.data;
    const counts = [0, 0, 0];
    let found = 0;
    let maxSeeded = false;
    let identity = 0;
    let secondPerson = 0;
    let quotedWords = 0;
    let reporting = 0;
    let threat = 0;
    const identityClauses = new Set<number>();
    const abuseClauses = new Set<number>();
    const violentClauses = new Set<number>();
    const modalClauses = new Set<number>();
    for (let w = 0; w < words.length; w++) {
      const { word, row, negated, quoted } = words[w]!;
      if (quoted) quotedWords++;
      if (IDENTITY_TERMS.has(word)) {
        identity++;
        if (!negated && !quoted) identityClauses.add(clauseOf[w]!);
      }
      if (SECOND_PERSON.has(word)) secondPerson++;
      if (REPORTING.has(word) && !quoted) reporting++;
      if (VIOLENT.has(word) && !negated && !quoted) violentClauses.add(clauseOf[w]!);
      if (MODALS.has(word)) modalClauses.add(clauseOf[w]!);
      if (row < 0) continue;
      found++;
      if (row < FUNCTION_WORD_ROWS) continue;
      if (!negated && !quoted && this.isAbusive(row)) abuseClauses.add(clauseOf[w]!);
      const block = quoted ? 3 : negated ? 2 : 0;
      const base = block * d;
      counts[block === 0 ? 0 : block - 1]!++;
      for (let k = 0, at = row * d; k < d; k++, at++) pooled[base + k] += data[at]!;
      if (block === 0) {
        // max-pool over plain words (first word seeds the maximum)
        const maxBase = d;
        if (!maxSeeded) {
          for (let k = 0, at = row * d; k < d; k++, at++) pooled[maxBase + k] = data[at]!;
          maxSeeded = true;
        } else {
          for (let k = 0, at = row * d; k < d; k++, at++) if (data[at]! > pooled[maxBase + k]!) pooled[maxBase + k] = data[at]!;
        }
      }
    }
    const scale = 1 / 127;
    const means = [0, 2, 3];
    for (let b = 0; b < 3; b++) {
      const n = counts[b]!;
      const base = means[b]! * d;
      const f = n > 0 ? scale / n : 0;
      for (let k = 0; k < d; k++) pooled[base + k] *= f;
    }
    for (let k = 0; k < d; k++) pooled[d + k] *= scale;
    let identityNegative = 0;
    for (const c of identityClauses) if (abuseClauses.has(c) || violentClauses.has(c)) identityNegative = 1;
    for (const c of violentClauses) if (modalClauses.has(c)) threat = 1;
    const f = this.flags;
    const n = words.length;
    f[0] = identity > 0 ? 1 : 0;
    f[1] = identityNegative;
    f[2] = secondPerson > 0 ? 1 : 0;
    f[3] = Math.log1p(negators);
    f[4] = n > 0 ? quotedWords / n : 0;
    f[5] = reporting > 0 ? 1 : 0;
    f[6] = threat;
    f[7] = question ? 1 : 0;
    f[8] = n > 0 ? found / n : 0;
    f[9] = Math.log1p(n);
  }
}
