/** A scoring worker: runs the enabled scorers (and redaction) on batches, off the collector's main thread. */
import { parentPort, workerData } from 'node:worker_threads';
import { loadScorer, type ScorerName } from './registry.ts';
import type { Scorer, ScoreResult } from './types.ts';
import type { WorkerInit, WorkerItemResult, WorkerRequest, WorkerResponse } from './protocol.ts';
import { capForScoring } from './text-caps.ts';

const init = workerData as WorkerInit;
const scorers: Scorer[] = await Promise.all(init.scorers.map((n) => loadScorer(n as ScorerName)));
// Fault injection for the pool's watchdog tests only (a scorer that hangs or exhausts memory).
if (init.faultInjectionScorer) scorers.push((await import(init.faultInjectionScorer)).scorer as Scorer);
const redactSet = new Set(init.redact);
const redact = redactSet.size ? (await import('./pii/index.ts')).redact : null;

function scoreBatch(req: WorkerRequest): WorkerItemResult[] {
  const items = req.items.map((it) => {
    const r: WorkerItemResult = { results: [], failed: [] };
    if (redact) {
      // Scores are computed on the redacted text too: nothing unredacted leaves this worker.
      it.inputText = redact(it.inputText, redactSet);
      it.outputText = redact(it.outputText, redactSet);
      it.contextText = redact(it.contextText, redactSet);
      r.inputText = it.inputText;
      r.outputText = it.outputText;
      r.contextText = it.contextText;
      r.strings = it.strings.map((s) => redact(s, redactSet));
    }
    return r;
  });
  // Scorers see capped texts (text-caps.ts); their explanations say when text was cut.
  const capped = req.items.map((it) => capForScoring(it));
  for (const scorer of scorers) {
    // Only items that have what the scorer needs are scored; the rest stay NULL.
    const idx: number[] = [];
    for (let i = 0; i < req.items.length; i++) {
      const it = req.items[i]!;
      const ok = scorer.needs.every((n) => (n === 'input' ? it.inputText : n === 'output' ? it.outputText : it.contextText) !== '');
      if (ok) idx.push(i);
    }
    if (idx.length === 0) continue;
    let out: ScoreResult[][];
    try {
      out = scorer.score(idx.map((i) => capped[i]!));
    } catch {
      // One bad batch must not cost the others their scores: retry item by item.
      out = idx.map((i) => {
        try {
          return scorer.score([capped[i]!])[0] ?? [];
        } catch {
          items[i]!.failed.push(scorer.name);
          return [];
        }
      });
    }
    for (let k = 0; k < idx.length; k++) {
      const note = capped[idx[k]!]!.note;
      for (const result of out[k] ?? []) items[idx[k]!]!.results.push(note ? { ...result, explanation: result.explanation + note } : result);
    }
  }
  return items;
}

parentPort!.on('message', (req: WorkerRequest) => {
  let res: WorkerResponse;
  try {
    res = { id: req.id, ok: true, items: scoreBatch(req) };
  } catch (e) {
    res = { id: req.id, ok: false, error: e instanceof Error ? e.message : String(e) };
  }
  parentPort!.postMessage(res);
});
parentPort!.postMessage({ ready: true });
