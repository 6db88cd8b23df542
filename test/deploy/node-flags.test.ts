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
import { COLLECTOR_NODE_FLAGS } from '../../src/startup/node-flags.ts';
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
