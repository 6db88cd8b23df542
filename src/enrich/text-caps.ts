/**
 * How much text each scorer looks at: the first N characters of the prompt, the answer and the
 * context (RAG documents). Every scorer is linear (or n·log n) in its input, so these caps bound
 * a call's scoring cost whatever the client sends; a score computed on cut text says so in
 * scores.explanation. Redaction is not capped: it sees every character it must redact.
 */
export const SCORE_TEXT_CAPS = {
  inputText: 32 * 1024,
  outputText: 32 * 1024,
  contextText: 128 * 1024,
} as const;

const NAMES = { inputText: 'prompt', outputText: 'answer', contextText: 'context' } as const;

export interface CappedTexts {
  inputText: string;
  outputText: string;
  contextText: string;
  /** '' when nothing was cut; else what to append to each score's explanation. */
  note: string;
}

export function capForScoring(t: { inputText: string; outputText: string; contextText: string }): CappedTexts {
  const notes: string[] = [];
  const out = { inputText: t.inputText, outputText: t.outputText, contextText: t.contextText };
  for (const k of ['inputText', 'outputText', 'contextText'] as const) {
    const cap = SCORE_TEXT_CAPS[k];
    if (t[k].length > cap) {
      out[k] = t[k].slice(0, cap);
      notes.push(`the first ${cap} of ${t[k].length} characters of the ${NAMES[k]}`);
    }
  }
  return { ...out, note: notes.length ? ` (text truncated: scored on ${notes.join(', ')})` : '' };
}
