/** A reference answer sent as feedback (`"reference"`), which `llmscope eval --from-calls` evaluates against. */
import { describe, expect, it } from 'vitest';
import { FEEDBACK_LIMITS, FeedbackInputError, parseFeedback, REFERENCE_FEEDBACK_NAME } from '../../src/feedback/feedback.ts';

const trace = '0af7651916cd43dd8448eb211c80319c';

describe('reference feedback', () => {
  it('is a feedback row named "reference", value 1, the text as its comment', () => {
    expect(parseFeedback({ trace_id: trace, span_id: 'b7ad6b7169203331', reference: 'Paris.' })).toMatchObject({ name: REFERENCE_FEEDBACK_NAME, value: 1, comment: 'Paris.' });
    expect(parseFeedback({ trace_id: trace, reference: 'Paris.', name: 'reference', value: 0.5 })).toMatchObject({ name: 'reference', value: 0.5, comment: 'Paris.' });
    // longer than a comment may be
    const long = 'x'.repeat(FEEDBACK_LIMITS.comment + 1);
    expect(parseFeedback({ trace_id: trace, reference: long }).comment).toBe(long);
  });

  it('refuses a reference with a comment, another name, a non-string or too long', () => {
    for (const [b, re] of [
      [{ trace_id: trace, reference: 'a', comment: 'b' }, /reference or comment, not both/],
      [{ trace_id: trace, reference: 'a', name: 'thumbs', value: 1 }, /stored with name "reference"/],
      [{ trace_id: trace, reference: 42 }, /reference must be a string/],
      [{ trace_id: trace, reference: 'x'.repeat(FEEDBACK_LIMITS.reference + 1) }, /reference is longer than/],
    ] as const) {
      expect(() => parseFeedback(b as Record<string, unknown>)).toThrow(FeedbackInputError);
      expect(() => parseFeedback(b as Record<string, unknown>)).toThrow(re);
    }
  });
});
