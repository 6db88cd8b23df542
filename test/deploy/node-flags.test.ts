/**
 * The collector's V8 flags (src/startup/node-flags.ts) on every way it is launched: the npm scripts
 * of the quick start, the bin's shebang (npx llmscope), the Docker image and the Kubernetes
 * manifests. And the shebang runs: `env -S` splits it, Node takes the flag.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { COLLECTOR_NODE_FLAGS, COLLECTOR_RUNTIME_V8_FLAGS } from '../../src/startup/node-flags.ts';
import { REPO } from '../dashboards/load.ts';

const read = (...p: string[]) => readFileSync(join(REPO, ...p), 'utf8');
const flags = COLLECTOR_NODE_FLAGS.join(' ');

describe('the collector runs with its V8 flags however it is launched', () => {
  it('npm start and npm run llmscope', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts['start']).toBe(`node ${flags} src/cli.ts collector`);
    expect(scripts['llmscope']).toBe(`node ${flags} src/cli.ts`);
  });

  it('the bin (npx llmscope): its shebang passes them, and it runs', () => {
    expect(read('bin', 'llmscope.js').split('\n')[0]).toBe(`#!/usr/bin/env -S node ${flags}`);
    // Executed as a program (the kernel reads the shebang), with the project's Node first on PATH as npx has it.
    const r = spawnSync(join(REPO, 'bin', 'llmscope.js'), ['--help'], { env: { ...process.env, PATH: `${join(REPO, 'node_modules', '.bin')}:${process.env['PATH']}` }, encoding: 'utf8' });
    expect(r.status).toBe(0);
    expect(r.stdout).toMatch(/^llmscope — /);
  });

  it('the Docker image and the Kubernetes manifests (NODE_OPTIONS)', () => {
    const env = /^ENV NODE_OPTIONS="([^"]*)"$/m.exec(read('Dockerfile'))?.[1] ?? '';
    for (const f of COLLECTOR_NODE_FLAGS) expect(env.split(' ')).toContain(f);
    for (const file of ['deployment.yaml', 'statefulset.yaml']) {
      const docs = parseAllDocuments(read('deploy', 'k8s', file)).map((d) => d.toJS() as Record<string, any>);
      const containers = docs.flatMap((d) => (d?.spec?.template?.spec?.containers ?? []) as Array<{ name: string; env?: Array<{ name: string; value?: string }> }>);
      const collector = containers.find((c) => (c.env ?? []).some((e) => e.name === 'NODE_OPTIONS'));
      const value = collector?.env?.find((e) => e.name === 'NODE_OPTIONS')?.value ?? '';
      for (const f of COLLECTOR_NODE_FLAGS) expect(value.split(' '), file).toContain(f);
    }
  });
});

describe('the V8 flags the collector sets on itself at start', () => {
  it('are V8 options Node accepts', () => {
    const r = spawnSync(process.execPath, [...COLLECTOR_RUNTIME_V8_FLAGS, '-e', '0'], { encoding: 'utf8' });
    expect(r.status, r.stderr).toBe(0);
    expect(spawnSync(process.execPath, ['--heap-growing-percentt=100', '-e', '0'], { encoding: 'utf8' }).status).not.toBe(0);
  });

  it('set at run time, they hold the old generation closer to what is live', () => {
    // 20 MB live, and garbage that survives young collections (as requests waiting for the
    // write-ahead log do): the largest heap seen, without and with the flags applied.
    const script = (apply: boolean) =>
      "import { applyRuntimeV8Flags } from './src/startup/node-flags.ts';" +
      (apply ? 'applyRuntimeV8Flags();' : '') +
      "const live = []; for (let i = 0; i < 200000; i++) live.push({ i, s: 'live' + i });" +
      'let max = 0; const keep = [];' +
      "for (let r = 0; r < 600; r++) { const g = []; for (let j = 0; j < 5000; j++) g.push({ j, s: 'g' + j + r }); keep.push(g); if (keep.length > 30) keep.shift(); max = Math.max(max, process.memoryUsage().heapUsed); }" +
      'console.log(max, live.length);';
    const peak = (apply: boolean) => {
      const r = spawnSync(process.execPath, [...COLLECTOR_NODE_FLAGS, '--input-type=module', '-e', script(apply)], { cwd: REPO, encoding: 'utf8' });
      expect(r.status, r.stderr).toBe(0);
      return Number(r.stdout.split(' ')[0]);
    };
    const without = peak(false);
    const withFlags = peak(true);
    expect(withFlags).toBeLessThan(without * 0.8);
  });

  it('the collector command applies them before it starts', () => {
    expect(read('src', 'cli.ts')).toMatch(/import\('\.\/collector\.ts'\);\n\s*applyRuntimeV8Flags\(\);/);
  });
});
