/**
 * Loaders for the public groundedness sets in /work/shared/data (see each folder's SOURCE.txt):
 *  - HaluEval QA (Li et al., EMNLP 2023; github.com/RUCAIBox/HaluEval; MIT)
 *  - Q² WoW dialogue responses (Honovich et al., EMNLP 2021; github.com/orhonovich/q-squared; MIT / Apache-2.0;
 *    knowledge sentences are Wikipedia text, CC BY-SA)
 *  - DialFact sample (Gupta et al., ACL 2022; github.com/salesforce/DialFact; BSD-3-Clause)
 * Every item carries a group key; `splitOf` assigns whole groups to train or test by hash, so no passage
 * is in both.
 */
import { readFileSync } from 'node:fs';
import { requireSharedData } from '../shared-data.ts';


export interface LabelledItem {
  dataset: string;
  id: string;
  group: string;
  question: string;
  context: string;
  answer: string;
  /** 1 = not supported by the context. */
  unsupported: 0 | 1;
  /** Free-form subset tag (e.g. the dialogue system). */
  subset: string;
}

export interface PairItem {
  id: string;
  group: string;
  question: string;
  context: string;
  grounded: string;
  hallucinated: string;
  /** Perturbation type for synthetic pairs. */
  kind: string;
}

export type Split = 'train' | 'test';

/** FNV-1a, so the split is stable across runs and machines. */
export function hash32(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/** 40% of groups train the few model weights; 60% are held out and every reported number uses them. */
export function splitOf(group: string): Split {
  return hash32(`split:${group}`) % 10 < 4 ? 'train' : 'test';
}

export function loadHaluEval(): PairItem[] {
  const lines = readFileSync(requireSharedData('halueval', 'qa_one-turn_data.json'), 'utf8').split('\n').filter((l) => l.trim());
  return lines.map((line, n) => {
    const row = JSON.parse(line) as { knowledge: string; question: string; right_answer: string; hallucinated_answer: string };
    return {
      id: `halueval-${n}`,
      group: `halueval:${row.question.trim()}`,
      question: row.question,
      context: row.knowledge,
      grounded: row.right_answer,
      hallucinated: row.hallucinated_answer,
      kind: 'halueval',
    };
  });
}

import { parseCsv } from '../csv.ts';

export { parseCsv };

export function loadQ2(): LabelledItem[] {
  const items: LabelledItem[] = [];
  for (const system of ['dodeca', 'memnet']) {
    for (const kind of ['consistent', 'inconsistent'] as const) {
      const [header, ...rows] = parseCsv(readFileSync(requireSharedData('q2-wow', `${system}_${kind}.csv`), 'utf8'));
      const col = (name: string): number => header!.indexOf(name);
      for (const r of rows) {
        if (r.length < header!.length) continue;
        const knowledge = r[col('knowledge')]!;
        items.push({
          dataset: 'q2',
          id: `q2-${system}-${kind}-${r[0]}`,
          group: `q2:${knowledge}`,
          question: r[col('message')]!,
          context: knowledge,
          answer: r[col('response')]!,
          unsupported: kind === 'inconsistent' ? 1 : 0,
          subset: system,
        });
      }
    }
  }
  return items;
}

interface DialFactRow {
  id: string;
  context_id: string;
  context: string[];
  response: string;
  evidence_list: Array<[string, string, string, ...unknown[]]>;
  response_label: 'SUPPORTS' | 'REFUTES' | 'NOT ENOUGH INFO';
  data_type: string;
}

/** DialFact SUPPORTS vs REFUTES (NOT ENOUGH INFO dropped unless asked for). Context = "title: snippet" lines. */
export function loadDialFact(includeNotEnoughInfo = false): LabelledItem[] {
  const lines = readFileSync(requireSharedData('dialfact-small', 'testsmall.jsonl'), 'utf8').split('\n').filter((l) => l.trim());
  const items: LabelledItem[] = [];
  for (const line of lines) {
    const row = JSON.parse(line) as DialFactRow;
    if (row.response_label === 'NOT ENOUGH INFO' && !includeNotEnoughInfo) continue;
    const evidence = row.evidence_list
      .map(([title, , snippet]) => (title.trim() ? `${title.trim()}: ${snippet.trim()}` : snippet.trim()))
      .filter((s) => s.length > 0);
    items.push({
      dataset: 'dialfact',
      id: `dialfact-${row.id}`,
      group: `dialfact:${row.context_id}`,
      question: row.context.join('\n'),
      context: evidence.join('\n'),
      answer: row.response,
      unsupported: row.response_label === 'SUPPORTS' ? 0 : 1,
      subset: row.data_type,
    });
  }
  return items;
}

/** HaluEval pairs as labelled items (right answer = 0, hallucinated = 1), for fitting. */
export function pairsAsItems(pairs: readonly PairItem[], dataset: string): LabelledItem[] {
  return pairs.flatMap((p) => [
    { dataset, id: `${p.id}-g`, group: p.group, question: p.question, context: p.context, answer: p.grounded, unsupported: 0 as const, subset: p.kind },
    { dataset, id: `${p.id}-h`, group: p.group, question: p.question, context: p.context, answer: p.hallucinated, unsupported: 1 as const, subset: p.kind },
  ]);
}

/** Reads one JSON object per line from a data file, or fails naming the missing file and the setting. */
function readJsonLines<T>(...parts: string[]): T[] {
  return readFileSync(requireSharedData(...parts), 'utf8').split('\n').filter((l) => l.trim()).map((l) => JSON.parse(l) as T);
}

/**
 * BEGIN (Dziri et al., TACL 2022; CC BY 4.0): dialogue responses vs a knowledge snippet; "generic" rows
 * dropped. `split` is the official one (dev trains, test evaluates); subset = `<source>/<model>`.
 */
export function loadBegin(): Array<LabelledItem & { split: string }> {
  type Row = { source: string; context: string; response: string; label: 0 | 1 | null; model_name: string; data_source: string; split: string };
  return readJsonLines<Row>('begin-groundedness', 'begin.jsonl').flatMap((r, n) => r.label === null ? [] : [{
    dataset: 'begin', id: `begin-${n}`, group: `begin:${r.source}`, question: r.context, context: r.source, answer: r.response,
    unsupported: r.label === 1 ? 0 as const : 1 as const, subset: `${r.data_source}/${r.model_name}`, split: r.split,
  }]);
}

/** FaithDial data audit (Dziri et al., NAACL 2022; MIT): generic/uncooperative-only rows dropped; subset = responder. */
export function loadFaithDial(): LabelledItem[] {
  type Row = { source: string; context: string; response: string; label: 0 | 1 | null; label_fine: string; responder: string; data_source: string };
  return readJsonLines<Row>('faithdial-data-audit', 'faithdial_data_audit.jsonl').flatMap((r, n) => r.label === null ? [] : [{
    dataset: 'faithdial', id: `faithdial-${n}`, group: `faithdial:${r.source}`, question: r.context, context: r.source, answer: r.response,
    unsupported: r.label === 1 ? 0 as const : 1 as const, subset: `${r.data_source}/${r.responder}`,
  }]);
}

/** Factcheck-GPT claim vs evidence (Wang et al. 2023; Apache-2.0): supported = "completely-support"; grouped by claim. */
export function loadFactCheck(): LabelledItem[] {
  type Row = { source: string; claim: string; label: 0 | 1; stance: string };
  return readJsonLines<Row>('factcheck-gpt-stance', 'factcheck_gpt_stance.jsonl').map((r, n) => ({
    dataset: 'factcheck', id: `factcheck-${n}`, group: `factcheck:${r.claim}`, question: '', context: r.source, answer: r.claim,
    unsupported: r.label === 1 ? 0 as const : 1 as const, subset: r.stance,
  }));
}
