/** `llmscope score <kind>`: JSONL in, one JSONL result per line out, in order; bad lines get {"error"}. */
import { describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const repo = new URL('../../', import.meta.url).pathname;

function score(args: string[], stdin: string): Promise<{ code: number; lines: unknown[]; stderr: string }> {
  return new Promise((resolve) => {
    const p = spawn(process.execPath, ['bin/llmscope.js', 'score', ...args], { cwd: repo });
    let out = '';
    let stderr = '';
    p.stdout.on('data', (d) => (out += d));
    p.stderr.on('data', (d) => (stderr += d));
    p.on('exit', (code) => resolve({ code: code ?? -1, lines: out.trim() ? out.trim().split('\n').map((l) => JSON.parse(l)) : [], stderr }));
    p.stdin.end(stdin);
  });
}

describe('llmscope score', () => {
  it('toxicity: one score per line, in order, with an error line for malformed input', async () => {
    const r = await score(['toxicity'], ['{"text":"thank you, that was very helpful"}', 'not json', '{"txt":"x"}', '{"text":"shut up you stupid fucking idiot"}'].join('\n') + '\n');
    expect(r.code).toBe(0);
    expect(r.lines).toHaveLength(4);
    const [a, b, c, d] = r.lines as Array<{ score?: number; error?: string }>;
    expect(a!.score!).toBeLessThan(0.5);
    expect(b).toEqual({ error: 'invalid JSON' });
    expect(c).toEqual({ error: 'missing field "text"' });
    expect(d!.score!).toBeGreaterThan(0.5);
  });

  it('readability, pii and hallucination give the contract shapes; --input reads a file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-score-'));
    try {
      const file = join(dir, 'in.jsonl');
      writeFileSync(file, '{"text":"The cat sat on the mat. It was happy."}\n');
      const rd = await score(['readability', '--input', file], '');
      expect(Object.keys(rd.lines[0] as object).sort()).toEqual(['ari', 'coleman_liau', 'flesch_kincaid_grade', 'flesch_reading_ease', 'gunning_fog', 'smog']);
      // Flesch reading ease of this text: 206.835 - 1.015 * (9 words / 2 sentences) - 84.6 * (10 syllables / 9 words)
      expect((rd.lines[0] as { flesch_reading_ease: number }).flesch_reading_ease).toBeCloseTo(206.835 - 1.015 * 4.5 - 84.6 * (10 / 9), 2);

      const text = 'Mail me at jane@example.com';
      const pii = await score(['pii'], JSON.stringify({ text }) + '\n');
      expect(pii.lines).toEqual([{ findings: [{ type: 'email', start: text.indexOf('jane'), end: text.length }] }]);

      const h = await score(['hallucination'], [
        JSON.stringify({ question: 'When was it built?', context: 'The bridge was built in 1932 in Sydney.', answer: 'It was built in 1932.' }),
        JSON.stringify({ question: 'When was it built?', context: 'The bridge was built in 1932 in Sydney.', answer: 'It was built in 1958 in Perth.' }),
        JSON.stringify({ question: 'q', answer: 'a' }),
      ].join('\n') + '\n');
      const [good, bad, missing] = h.lines as Array<{ score: number; explanation?: string; error?: string }>;
      expect(good!.score).toBeLessThan(bad!.score);
      expect(bad!.score).toBeGreaterThanOrEqual(0.5);
      expect(bad!.explanation).toMatch(/1958/);
      expect(missing).toEqual({ error: 'missing field "context"' });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects an unknown kind (exit 2)', async () => {
    const r = await score(['sentiment'], '');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/kind must be one of toxicity, hallucination, readability, pii/);
  });
});
