/**
 * `judge:<criterion>` in `llmscope eval`: the configured LLM judge (--judge-url / --judge-model,
 * the same settings and prompts as the collector's judge, src/judge/) grades each item's
 * prediction; the item value is the verdict's score (0–1), the detail its label and reason.
 * hallucination is judged against the item's `context`, else its references.
 */
import { ConfigError } from '../config.ts';
import { judgeSettings, retryAfterMs, type JudgeEnvConfig } from '../judge/judge.ts';
import { buildJudgeTasks, chatCompletionBody, parseVerdict, replyContent, type JudgeCriterion, type Verdict } from '../judge/prompts.ts';
import type { CollectorConfig } from '../config.ts';
import { backoffMs } from '../util/backoff.ts';

const TIMEOUT_MS = 60_000;
const RETRIES = 3;

export class JudgeItemError extends Error {
  override name = 'JudgeItemError';
}

/** The judge's settings for eval, or a clear error naming what to set. */
export function evalJudgeSettings(c: CollectorConfig, criteria: readonly string[]): JudgeEnvConfig {
  const s = judgeSettings({ ...c, judgeCriteria: [] });
  if (!s) throw new ConfigError(`${criteria.map((x) => `judge:${x}`).join(', ')} needs an LLM judge: set --judge-url and --judge-model (or LLMSCOPE_JUDGE_URL, LLMSCOPE_JUDGE_MODEL)`);
  return s;
}

export async function judgeItem(
  s: JudgeEnvConfig,
  criterion: JudgeCriterion,
  texts: { input: string; prediction: string; context: string },
): Promise<Verdict> {
  const tasks = buildJudgeTasks({ inputText: texts.input, outputText: texts.prediction, contextText: texts.context }, [criterion]);
  const task = tasks.find((t) => t.name !== 'judge.toxicity.input');
  if (!task) throw new JudgeItemError(`judge:${criterion} needs ${criterion === 'toxicity' ? 'a prediction' : criterion === 'hallucination' ? 'a prediction and a context or reference' : 'an input and a prediction'}`);
  const endpoint = s.url.replace(/\/+$/, '') + '/chat/completions';
  const headers: Record<string, string> = { 'content-type': 'application/json', accept: 'application/json' };
  if (s.apiKey) headers.authorization = `Bearer ${s.apiKey}`;
  const body = JSON.stringify(chatCompletionBody(s.model, task.messages));
  for (let attempt = 0; ; attempt++) {
    let wait: number | null = null;
    let error: string;
    try {
      const res = await fetch(endpoint, { method: 'POST', headers, body, signal: AbortSignal.timeout(TIMEOUT_MS) });
      const text = await res.text();
      if (res.ok) {
        let json: unknown;
        try {
          json = JSON.parse(text);
        } catch {
          throw new JudgeItemError(`judge answered something that is not JSON: ${text.slice(0, 120)}`);
        }
        const v = parseVerdict(replyContent(json), criterion);
        if (!v.ok) throw new JudgeItemError(`judge verdict unusable: ${v.error}`);
        return v.verdict;
      }
      error = `judge answered HTTP ${res.status}: ${text.slice(0, 200)}`;
      if (res.status !== 429 && res.status < 500) throw new JudgeItemError(error);
      wait = retryAfterMs(res.headers);
    } catch (e) {
      if (e instanceof JudgeItemError) throw e;
      error = `judge unreachable: ${(e as Error).message}`;
    }
    if (attempt >= RETRIES) throw new JudgeItemError(error);
    await new Promise((r) => setTimeout(r, Math.min(30_000, wait ?? backoffMs(attempt + 1, { baseMs: 500, maxMs: 10_000 }))));
  }
}
