import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { configTable } from '../scripts/config-table.ts';

const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');

describe('README stays true', () => {
  it('has the configuration table generated from src/config.ts (run scripts/config-table.ts --write)', () => {
    const m = /<!-- config-table:start -->\n([\s\S]*)\n<!-- config-table:end -->/.exec(readme);
    expect(m?.[1]).toBe(configTable());
  });

  it('quick start: one line starts the collector, one runs the tests, and CI runs exactly that test command', () => {
    expect(readme).toContain('```sh\nnpm ci && npm start\n```');
    expect(readme).toContain('```sh\nnpm test\n```');
    const ci = readFileSync(new URL('../.ci/run', import.meta.url), 'utf8');
    expect(ci).toMatch(/^npm ci\b/m);
    expect(ci.trim().split('\n').at(-1)).toBe('npm test');
    const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
    expect(pkg.scripts.start).toBe('node --max-semi-space-size=16 src/cli.ts collector'); // the V8 flag: test/deploy/node-flags.test.ts
    expect(pkg.scripts.test).toBe('vitest run');
  });
});
