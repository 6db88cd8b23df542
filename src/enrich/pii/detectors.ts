/**
 * One detector per finding type: a cheap pre-check, a pattern and a validator.
 * Priorities settle overlaps (a JWT beats the phone-like digits inside it).
 */
import {
  IBAN_LENGTHS,
  creditCardValid,
  ibanChecksumValid,
  ipv6Valid,
  jwtValid,
  mixedCase,
  ssnValid,
} from './validators.ts';

export const PII_TYPES = ['email', 'phone', 'credit_card', 'iban', 'us_ssn', 'ip_address'] as const;
export const SECRET_TYPES = [
  'openai_api_key',
  'anthropic_api_key',
  'aws_access_key',
  'aws_secret_key',
  'github_token',
  'slack_token',
  'google_api_key',
  'jwt',
  'private_key',
] as const;

export type PiiType = (typeof PII_TYPES)[number];
export type SecretType = (typeof SECRET_TYPES)[number];
export type FindingType = PiiType | SecretType;
export type FindingCategory = 'pii' | 'secrets';

const SECRET_SET: ReadonlySet<string> = new Set(SECRET_TYPES);

export function categoryOf(type: FindingType): FindingCategory {
  return SECRET_SET.has(type) ? 'secrets' : 'pii';
}

const TYPE_INDEX: ReadonlyMap<FindingType, number> = new Map([...SECRET_TYPES, ...PII_TYPES].map((t, i) => [t, i]));
const TYPE_BY_INDEX: readonly FindingType[] = [...SECRET_TYPES, ...PII_TYPES];

export function typeByIndex(i: number): FindingType {
  return TYPE_BY_INDEX[i]!;
}

/**
 * Candidate matches in typed arrays: an adversarial text yields one candidate per few bytes, and
 * that many small objects kept alive made the scan superlinear (promotion and old-space GC).
 */
export class Candidates {
  start = new Int32Array(64);
  end = new Int32Array(64);
  type = new Uint8Array(64);
  length = 0;

  push(type: FindingType, start: number, end: number): void {
    if (this.length === this.start.length) this.#grow();
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.type[this.length] = TYPE_INDEX.get(type)!;
    this.length++;
  }

  typeAt(i: number): FindingType {
    return TYPE_BY_INDEX[this.type[i]!]!;
  }

  #grow(): void {
    const size = this.start.length * 2;
    const start = new Int32Array(size);
    const end = new Int32Array(size);
    const type = new Uint8Array(size);
    start.set(this.start);
    end.set(this.end);
    type.set(this.type);
    this.start = start;
    this.end = end;
    this.type = type;
  }
}

export interface Detector {
  type: FindingType;
  /** Higher wins an overlap (a JWT beats the phone-like digits inside it). */
  priority: number;
  /** Cheap test that the text could contain a match at all. */
  mayContain(text: string): boolean;
  find(text: string, out: Candidates): void;
}

const hasDigit = (text: string): boolean => /\d/.test(text);

/** A detector from one global regex; `group` selects the reported span (needs the `d` flag). */
function patternDetector(
  type: FindingType,
  priority: number,
  mayContain: (text: string) => boolean,
  pattern: RegExp,
  validate: (match: RegExpExecArray) => boolean = () => true,
  group = 0,
): Detector {
  return {
    type,
    priority,
    mayContain,
    find(text, out) {
      pattern.lastIndex = 0;
      for (let m = pattern.exec(text); m !== null; m = pattern.exec(text)) {
        if (!validate(m)) continue;
        const span = group === 0 ? [m.index, m.index + m[0].length] : m.indices?.[group];
        if (span) out.push(type, span[0], span[1]);
      }
    },
  };
}

const OCTET = '(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)';

const IBAN_START = /(?<![A-Za-z0-9])([A-Z]{2})(\d{2})/g;

/** IBANs: country code and check digits, then exactly the country's length, single spaces allowed. */
const ibanDetector: Detector = {
  type: 'iban',
  priority: 55,
  mayContain: hasDigit,
  find(text, out) {
    IBAN_START.lastIndex = 0;
    for (let m = IBAN_START.exec(text); m !== null; m = IBAN_START.exec(text)) {
      const length = IBAN_LENGTHS[m[1]!];
      if (length === undefined) continue;
      let compact = m[0];
      let i = m.index + 4;
      while (compact.length < length && i < text.length) {
        const c = text.charCodeAt(i);
        const alnum = (c >= 48 && c <= 57) || (c >= 65 && c <= 90);
        if (alnum) compact += text[i];
        else if (!(c === 32 && i + 1 < text.length && text.charCodeAt(i + 1) !== 32)) break;
        i++;
      }
      if (compact.length !== length) continue;
      const next = text.charCodeAt(i);
      if ((next >= 48 && next <= 57) || (next >= 65 && next <= 90) || (next >= 97 && next <= 122)) continue;
      if (ibanChecksumValid(compact)) out.push('iban', m.index, i);
    }
  },
};

const PEM_LABEL = '((?:[A-Z0-9]+ )*PRIVATE KEY(?: BLOCK)?)';
const PEM_BEGIN = new RegExp(`-----BEGIN ${PEM_LABEL}-----`, 'g');
const PEM_END = new RegExp(`-----END ${PEM_LABEL}-----`, 'g');
/** The longest body between BEGIN and END that still counts as one key (a 16384-bit RSA PEM is ~13 KB). */
const PEM_MAX_BODY = 64 * 1024;

function isPemBodyChar(c: number): boolean {
  return (
    (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) ||
    c === 43 || c === 47 || c === 61 || c === 10 || c === 13 || c === 32 || c === 9
  );
}

/**
 * PEM private keys: BEGIN through the first matching END within PEM_MAX_BODY, else BEGIN plus the
 * base64 run after it (a truncated key). One forward pass over the END markers per label (a
 * cursor, never a rescan to the end of the text for each header), so the cost is linear even for
 * a text made of nothing but headers.
 */
const privateKeyDetector: Detector = {
  type: 'private_key',
  priority: 100,
  mayContain: (t) => t.includes('-----BEGIN'),
  find(text, out) {
    const ends = new Map<string, { at: number[]; next: number }>();
    if (text.includes('-----END')) {
      PEM_END.lastIndex = 0;
      for (let m = PEM_END.exec(text); m !== null; m = PEM_END.exec(text)) {
        const list = ends.get(m[1]!) ?? { at: [], next: 0 };
        list.at.push(m.index, m.index + m[0].length);
        ends.set(m[1]!, list);
      }
    }
    let claimedTo = 0;
    PEM_BEGIN.lastIndex = 0;
    for (let m = PEM_BEGIN.exec(text); m !== null; m = PEM_BEGIN.exec(text)) {
      if (m.index < claimedTo) continue;
      const bodyStart = m.index + m[0].length;
      let end = -1;
      const list = ends.get(m[1]!);
      if (list) {
        while (list.next < list.at.length && list.at[list.next]! < bodyStart) list.next += 2;
        if (list.next < list.at.length && list.at[list.next]! - bodyStart <= PEM_MAX_BODY) end = list.at[list.next + 1]!;
      }
      if (end < 0) {
        end = bodyStart;
        while (end < text.length && isPemBodyChar(text.charCodeAt(end))) end++;
      }
      out.push('private_key', m.index, end);
      claimedTo = end;
      PEM_BEGIN.lastIndex = Math.max(PEM_BEGIN.lastIndex, end);
    }
  },
};

function digitCount(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

const DETECTOR_LIST: readonly Detector[] = [
  privateKeyDetector,
  patternDetector(
    'jwt',
    90,
    (t) => t.includes('eyJ'),
    /(?<![\w-])eyJ[A-Za-z0-9_-]{5,}\.[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*(?![\w-])/g,
    (m) => jwtValid(m[0]),
  ),
  patternDetector(
    'anthropic_api_key',
    85,
    (t) => t.includes('sk-ant-'),
    /(?<![\w-])sk-ant-[A-Za-z0-9_-]{32,}(?![\w-])/g,
    (m) => mixedCase(m[0]),
  ),
  patternDetector(
    'openai_api_key',
    80,
    (t) => t.includes('sk-'),
    /(?<![\w-])sk-(?!ant-)(?:(?:proj|svcacct|admin)-[A-Za-z0-9_-]{40,}|[A-Za-z0-9]{32,})(?![\w-])/g,
    (m) => mixedCase(m[0]),
  ),
  patternDetector('aws_access_key', 80, (t) => t.includes('AKIA') || t.includes('ASIA'), /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z0-9]{16}(?![A-Za-z0-9])/g),
  patternDetector(
    'aws_secret_key',
    75,
    (t) => /secret/i.test(t),
    /(?:aws[_ .-]?)?secret[_ .-]?(?:access[_ .-]?)?key(?:[_ .-]?id)?["']?\s*(?:[:=]|=>)\s*["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/dgi,
    (m) => /[A-Za-z]/.test(m[1]!) && /\d/.test(m[1]!),
    1,
  ),
  patternDetector(
    'github_token',
    80,
    (t) => t.includes('gh') || t.includes('github_pat_'),
    /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{40,255})(?![A-Za-z0-9_])/g,
  ),
  patternDetector(
    'slack_token',
    80,
    (t) => t.includes('xox') || t.includes('xapp-') || t.includes('hooks.slack.com'),
    /(?<![\w-])(?:xox[abpers]-[A-Za-z0-9-]{10,}|xapp-\d-[A-Za-z0-9-]{10,})(?![\w-])|https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/T[A-Za-z0-9_]+\/[A-Za-z0-9_]+\/[A-Za-z0-9_]+/g,
    (m) => /\d/.test(m[0]),
  ),
  patternDetector('google_api_key', 80, (t) => t.includes('AIza'), /(?<![\w-])AIza[0-9A-Za-z_-]{35}(?![\w-])/g),
  patternDetector(
    'email',
    60,
    (t) => t.includes('@'),
    /(?<![A-Za-z0-9._%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,24}(?![A-Za-z0-9-])/g,
  ),
  ibanDetector,
  patternDetector(
    'credit_card',
    50,
    hasDigit,
    /(?<![\w-])(?:\d{4}([ -])\d{4}\1\d{4}\1\d{4}(?:\1\d{3})?|\d{4}([ -])\d{6}\2\d{4,5}|\d{13,19})(?!\d)/g,
    (m) => creditCardValid(m[0]),
  ),
  patternDetector(
    'us_ssn',
    45,
    hasDigit,
    /(?<![\w-])(\d{3})([- ])(\d{2})\2(\d{4})(?![\w]|-\d)/g,
    (m) => ssnValid(m[1]!, m[3]!, m[4]!),
  ),
  patternDetector(
    'ip_address',
    40,
    (t) => t.includes('.'),
    new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w]|\\.\\d)`, 'g'),
  ),
  patternDetector(
    'ip_address',
    40,
    (t) => t.includes(':'),
    /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|(?:\d{1,3}\.){3}\d{1,3})?(?![\w:]|\.\d)/g,
    (m) => ipv6Valid(m[0]),
  ),
  // International: "+" country code, then groups split by space, dot, dash or parentheses; 8–15 digits (E.164).
  patternDetector(
    'phone',
    30,
    (t) => t.includes('+'),
    /(?<![\w+])\+[1-9]\d{0,2}(?:[ .-]?\(\d{1,5}\)|[ .-]\d{1,8}|(?<=\))\d{1,8}){1,7}(?![\w]|[.-]\d)|(?<![\w+])\+[1-9]\d{7,14}(?![\w])/g,
    (m) => {
      const digits = digitCount(m[0]);
      return digits >= 8 && digits <= 15;
    },
  ),
  // US/NANP: (NXX) NXX-XXXX or NXX-NXX-XXXX with separators (plain digit runs are not flagged).
  patternDetector(
    'phone',
    30,
    hasDigit,
    /(?<![\w+.-])(?:\+?1[ .-]?)?(?:\((\d{3})\)[ .-]?|(\d{3})[ .-])(\d{3})[ .-](\d{4})(?![\w]|[.-]\d)/g,
    (m) => /^[2-9]/.test(m[1] ?? m[2]!) && /^[2-9]/.test(m[3]!),
  ),
];

/** The detectors, highest priority first (the order findPii settles overlaps in). */
export const DETECTORS: readonly Detector[] = [...DETECTOR_LIST].sort((a, b) => b.priority - a.priority);
