import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

/**
 * `llmscope score <kind> [--input FILE]`: JSONL in (stdin by default), one JSONL result per line
 * out, in order. A malformed line yields {"error": …} on that line and the rest continue.
 */
const KINDS = ['toxicity', 'hallucination', 'readability', 'pii', 'prompt_injection', 'relevance'] as const;
type Kind = (typeof KINDS)[number];

type LineScorer = (obj: Record<string, unknown>) => unknown;

async function scorerFor(kind: Kind): Promise<LineScorer> {
  switch (kind) {
    case 'toxicity': {
      const { toxicity } = await import('./toxicity/index.ts');
      return (o) => ({ score: toxicity(requireString(o, 'text')) });
    }
    case 'readability': {
      const { readability } = await import('./readability/index.ts');
      return (o) => readability(requireString(o, 'text'));
    }
    case 'pii': {
      const { findPii } = await import('./pii/index.ts');
      return (o) => ({ findings: findPii(requireString(o, 'text')) });
    }
    case 'prompt_injection': {
      const { promptInjection } = await import('./prompt-injection/index.ts');
      return (o) => {
        const r = promptInjection(requireString(o, 'text'));
        return { score: r.score, explanation: r.explanation };
      };
    }
    case 'relevance': {
      const { relevance } = await import('./relevance/index.ts');
      return (o) => ({ score: relevance(requireString(o, 'question'), requireString(o, 'answer')) });
    }
    case 'hallucination': {
      const { hallucination, explainHallucination } = await import('./hallucination/index.ts');
      return (o) => {
        const question = o.question === undefined ? '' : requireString(o, 'question');
        const r = hallucination(question, requireString(o, 'context'), requireString(o, 'answer'));
        if (r === null) return { score: null, explanation: 'no context: not scored' };
        return r.unsupported.length ? { score: r.score, explanation: explainHallucination(r) } : { score: r.score };
      };
    }
  }
}

class LineError extends Error {}

function requireString(o: Record<string, unknown>, field: string): string {
  const v = o[field];
  if (typeof v !== 'string') throw new LineError(v === undefined ? `missing field "${field}"` : `field "${field}" must be a string`);
  return v;
}

export async function runScore(args: string[]): Promise<number> {
  const kind = args[0];
  if (!kind || !(KINDS as readonly string[]).includes(kind)) {
    process.stderr.write(`llmscope score: kind must be one of ${KINDS.join(', ')}\n`);
    return 2;
  }
  let input: string | undefined;
  for (let i = 1; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--input') input = args[++i];
    else if (a.startsWith('--input=')) input = a.slice(8);
    else {
      process.stderr.write(`llmscope score: unknown argument "${a}"\n`);
      return 2;
    }
    if (input === undefined || input === '') {
      process.stderr.write('llmscope score: --input needs a file path\n');
      return 2;
    }
  }
  const score = await scorerFor(kind as Kind);
  const source = input ? createReadStream(input) : process.stdin;
  const lines = createInterface({ input: source, crlfDelay: Infinity });
  let out = '';
  for await (const line of lines) {
    let result: unknown;
    try {
      let obj: unknown;
      try {
        obj = JSON.parse(line);
      } catch {
        throw new LineError('invalid JSON');
      }
      if (obj === null || typeof obj !== 'object' || Array.isArray(obj)) throw new LineError('each line must be a JSON object');
      result = score(obj as Record<string, unknown>);
    } catch (e) {
      result = { error: e instanceof LineError ? e.message : `scoring failed: ${(e as Error).message}` };
    }
    out += JSON.stringify(result) + '\n';
    if (out.length > 1 << 16) {
      if (!process.stdout.write(out)) await new Promise((r) => process.stdout.once('drain', r));
      out = '';
    }
  }
  process.stdout.write(out);
  return 0;
}
