/** The scorer interface: every quality scorer (local or LLM judge) implements it. */

/** What a scorer may read from one LLM call. Empty strings mean "not captured". */
export interface ScoreInput {
  inputText: string;
  outputText: string;
  /** Documents the answer should be grounded in ('' when none). */
  contextText: string;
}

export type ScoreSource = 'heuristic' | 'model' | 'llm_judge' | 'human';

/** The llm_calls column a score fills, if any. */
export type ScoreColumn = 'toxicity' | 'hallucination' | 'readability' | 'pii_count' | 'prompt_injection' | 'relevance';

export interface ScoreResult {
  /** Score name as stored in `scores.name`, e.g. 'toxicity.output', 'flesch_reading_ease', 'pii.email'. */
  name: string;
  value: number;
  label: string;
  explanation: string;
  source: ScoreSource;
  column?: ScoreColumn;
}

export interface Scorer {
  readonly name: string;
  /** Inputs the scorer needs; a call missing any of them gets no score (NULL), never a made-up one. */
  readonly needs: ReadonlyArray<'input' | 'output' | 'context'>;
  /** Scores a batch; returns one list of results per input, in order (empty list = not scored). */
  score(batch: readonly ScoreInput[]): ScoreResult[][];
}
