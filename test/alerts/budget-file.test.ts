import { describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BudgetFileError, MATCH_COLUMNS, loadBudgetFile, parseBudgetFile } from '../../src/alerts/budget-file.ts';
import { LLM_CALLS } from '../../src/store/tables/llm_calls.ts';

const VALID_YAML = `# budgets for the checkout bot
budgets:
  - name: openai-daily
    match: { service_name: checkout-bot, provider: openai }
    metric: cost_usd
    limit: 25
    period: day
    thresholds: [1.0, 0.5, 0.8, 0.8]
    notify: [ops, team]
  - name: tokens-weekly
    project: acme
    metric: tokens
    limit: 1000000
    period: week
    notify: [pager]
channels:
  ops:   { type: webhook, url: "http://127.0.0.1:9000/hook", headers: { Authorization: "Bearer \${HOOK_TOKEN}" } }
  team:  { type: slack, url: "https://hooks.slack.com/services/T0/B0/XYZ" }
  pager: { type: email, to: "oncall@example.com", smtp: "smtp://user:pass@mail.example.com:587" }
`;

/** Parses and returns the single issue, or fails. */
function issuesOf(text: string, env: Record<string, string> = {}): BudgetFileError['issues'] {
  try {
    parseBudgetFile(text, { file: 'b.yaml', env });
  } catch (e) {
    expect(e).toBeInstanceOf(BudgetFileError);
    return (e as BudgetFileError).issues;
  }
  throw new Error('expected the file to be rejected');
}

function only(text: string, env: Record<string, string> = {}) {
  const issues = issuesOf(text, env);
  expect(issues).toHaveLength(1);
  return issues[0]!;
}

/**
 * A small valid budget with one field replaced or (value '') removed. Fixed lines: 1 budgets:,
 * 2 "-", 3 name, 4 metric, 5 limit, 6 period, 7 thresholds, 8 notify, 9 channels: — a removed field
 * leaves a comment line so the others keep their numbers.
 */
function withField(field: string, value: string, extra = ''): string {
  const f: Record<string, string> = {
    name: 'name: b1',
    metric: 'metric: cost_usd',
    limit: 'limit: 10',
    period: 'period: day',
    thresholds: 'thresholds: [0.5, 1]',
    notify: 'notify: [ops]',
  };
  f[field] = value === '' ? `# no ${field}` : `${field}: ${value}`;
  const lines = ['name', 'metric', 'limit', 'period', 'thresholds', 'notify'].map((k) => `    ${f[k]}`);
  return `budgets:\n  -\n${lines.join('\n')}\n${extra}channels:\n  ops: { type: webhook, url: "http://127.0.0.1:9/h" }\n`;
}

describe('budgets file: valid', () => {
  it('parses YAML, normalises thresholds, defaults project and thresholds, expands ${ENV}', () => {
    const f = parseBudgetFile(VALID_YAML, { file: 'b.yaml', env: { HOOK_TOKEN: 's3cret' } });
    expect(f.budgets).toEqual([
      {
        name: 'openai-daily',
        project: 'default',
        match: { service_name: 'checkout-bot', provider: 'openai' },
        metric: 'cost_usd',
        limit: 25,
        period: 'day',
        thresholds: [0.5, 0.8, 1],
        notify: ['ops', 'team'],
        line: 3,
      },
      { name: 'tokens-weekly', project: 'acme', match: {}, metric: 'tokens', limit: 1_000_000, period: 'week', thresholds: [1], notify: ['pager'], line: 10 },
    ]);
    expect(f.channels).toEqual({
      ops: { type: 'webhook', name: 'ops', url: 'http://127.0.0.1:9000/hook', headers: { Authorization: 'Bearer s3cret' } },
      team: { type: 'slack', name: 'team', url: 'https://hooks.slack.com/services/T0/B0/XYZ' },
      pager: { type: 'email', name: 'pager', to: ['oncall@example.com'], smtp: 'smtp://user:pass@mail.example.com:587', from: 'llmscope <llmscope@mail.example.com>' },
    });
  });

  it('parses the same content as JSON, with line numbers', () => {
    const json = JSON.stringify(
      {
        budgets: [{ name: 'j', match: { request_model: 'gpt-4o' }, metric: 'tokens', limit: 500, period: 'month', thresholds: [0.9], notify: ['m'] }],
        channels: { m: { type: 'email', to: ['a@x.io', 'b@x.io'], smtp: 'smtps://mail.x.io:465', from: 'alerts@x.io' } },
      },
      null,
      2,
    );
    const f = parseBudgetFile(json, { file: 'b.json' });
    expect(f.budgets[0]).toMatchObject({ name: 'j', match: { request_model: 'gpt-4o' }, metric: 'tokens', limit: 500, period: 'month', thresholds: [0.9], line: 3 });
    expect(f.channels.m).toEqual({ type: 'email', name: 'm', to: ['a@x.io', 'b@x.io'], smtp: 'smtps://mail.x.io:465', from: 'alerts@x.io' });
    // An error in JSON names its line too: "limit" is on line 10 of the pretty-printed file.
    const bad = json.replace('"limit": 500', '"limit": -1');
    expect(bad.split('\n')[8]).toContain('"limit": -1');
    expect(only(bad)).toMatchObject({ line: 9, field: 'budgets[0].limit' });
  });

  it('reads from disk; the error message names file, line and field', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-bf-'));
    try {
      writeFileSync(join(dir, 'ok.yaml'), withField('limit', '3'));
      expect((await loadBudgetFile(join(dir, 'ok.yaml'))).budgets[0]!.limit).toBe(3);
      writeFileSync(join(dir, 'bad.yaml'), withField('limit', '0'));
      const err = await loadBudgetFile(join(dir, 'bad.yaml')).catch((e: unknown) => e as BudgetFileError);
      expect(err).toBeInstanceOf(BudgetFileError);
      expect((err as Error).message).toContain('bad.yaml line 5, column 12: field budgets[0].limit: must be a number greater than 0');
      const missing = await loadBudgetFile(join(dir, 'nope.yaml')).catch((e: unknown) => e as BudgetFileError);
      expect((missing as Error).message).toMatch(/cannot read the file/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('the match whitelist holds only real String columns of llm_calls', () => {
    for (const c of MATCH_COLUMNS) {
      const col = LLM_CALLS.columns.find((x) => x.name === c);
      expect(col, c).toBeDefined();
      expect(col!.type).toMatch(/^(LowCardinality\()?String\)?$/);
    }
  });
});

describe('budgets file: every invalid field names its line and field', () => {
  it('name: missing, empty, duplicate', () => {
    expect(only(withField('name', ''))).toMatchObject({ line: 4, field: 'budgets[0].name', message: 'is required' });
    expect(only(withField('name', '""'))).toMatchObject({ line: 3, field: 'budgets[0].name', message: 'must not be empty' });
    const dup = `budgets:
  - { name: a, metric: tokens, limit: 1, period: day, notify: [ops] }
  - { name: b, metric: tokens, limit: 1, period: day, notify: [ops] }
  - { name: a, metric: tokens, limit: 1, period: day, notify: [ops] }
channels: { ops: { type: slack, url: "https://hooks.slack.com/x" } }
`;
    expect(only(dup)).toMatchObject({ line: 4, column: 13, field: 'budgets[2].name', message: 'duplicate budget name "a" (also on line 2)' });
  });

  it('metric, limit, period', () => {
    expect(only(withField('metric', 'dollars'))).toMatchObject({ line: 4, field: 'budgets[0].metric' });
    expect(only(withField('metric', ''))).toMatchObject({ line: 3, field: 'budgets[0].metric' });
    expect(only(withField('limit', '0'))).toMatchObject({ line: 5, field: 'budgets[0].limit' });
    expect(only(withField('limit', '"25"'))).toMatchObject({ line: 5, field: 'budgets[0].limit' });
    expect(only(withField('limit', '-3'))).toMatchObject({ line: 5, field: 'budgets[0].limit' });
    expect(only(withField('period', 'year'))).toMatchObject({ line: 6, field: 'budgets[0].period', message: 'must be one of hour, day, week, month' });
  });

  it('thresholds: out of range, not numbers, empty', () => {
    const t = `budgets:
  - name: b
    metric: tokens
    limit: 5
    period: hour
    thresholds:
      - 0.5
      - 0
      - 11
    notify: [ops]
channels: { ops: { type: webhook, url: "https://h.example/x" } }
`;
    const issues = issuesOf(t);
    expect(issues.map((i) => [i.line, i.field])).toEqual([
      [8, 'budgets[0].thresholds[1]'],
      [9, 'budgets[0].thresholds[2]'],
    ]);
    expect(only(withField('thresholds', '[0.5, "80%"]'))).toMatchObject({ line: 7, column: 23, field: 'budgets[0].thresholds[1]' });
    expect(only(withField('thresholds', '[]'))).toMatchObject({ line: 7, field: 'budgets[0].thresholds' });
    expect(parseBudgetFile(withField('thresholds', '[10, 0.25]')).budgets[0]!.thresholds).toEqual([0.25, 10]);
  });

  it('notify: undefined channel, missing', () => {
    expect(only(withField('notify', '[ops, nobody]'))).toMatchObject({
      line: 8,
      field: 'budgets[0].notify[1]',
      message: 'channel "nobody" is not defined under channels (defined: ops)',
    });
    expect(only(withField('notify', ''))).toMatchObject({ line: 3, field: 'budgets[0].notify' });
  });

  it('match: unknown column, non-string value', () => {
    const m = (body: string) => withField('name', `b1\n    match:\n${body}`);
    // line 3 name, 4 match:, 5.. entries
    expect(only(m('      service_name: a\n      feature: x\n'))).toMatchObject({ line: 6, field: 'budgets[0].match.feature' });
    expect(only(m('      environment: 1\n'))).toMatchObject({ line: 5, field: 'budgets[0].match.environment', message: 'must be a string (quote numbers and booleans)' });
    expect(only(m('      "provider; DROP TABLE x": a\n'))).toMatchObject({ line: 5, field: 'budgets[0].match.provider; DROP TABLE x' });
  });

  it('unknown fields are flagged at their own line (typos do not pass silently)', () => {
    expect(only(withField('thresholds', '[0.5]\n    treshold: 0.9'))).toMatchObject({ line: 8, field: 'budgets[0].treshold' });
    expect(only(`${withField('limit', '1')}extra: 1\n`)).toMatchObject({ line: 11, field: 'extra' });
  });

  it('channels: type, url, email fields, env vars', () => {
    const ch = (body: string) => `budgets:\n  - { name: b, metric: tokens, limit: 1, period: day, notify: [c] }\nchannels:\n  c:\n${body}`;
    expect(only(ch('    type: pigeon\n'))).toMatchObject({ line: 5, field: 'channels.c.type', message: 'must be one of webhook, slack, email' });
    expect(only(ch('    url: "http://x"\n'))).toMatchObject({ line: 5, field: 'channels.c.type' });
    expect(only(ch('    type: webhook\n    url: "ftp://x/y"\n'))).toMatchObject({ line: 6, field: 'channels.c.url', message: 'must be an http:// or https:// URL' });
    expect(only(ch('    type: webhook\n'))).toMatchObject({ line: 5, field: 'channels.c.url', message: 'is required' });
    expect(only(ch('    type: slack\n    url: not a url\n'))).toMatchObject({ line: 6, field: 'channels.c.url' });
    expect(only(ch('    type: slack\n    url: "https://hooks.slack.com/x"\n    channel: "#ops"\n'))).toMatchObject({ line: 7, field: 'channels.c.channel' });
    expect(only(ch('    type: email\n    smtp: "smtp://h:25"\n'))).toMatchObject({ line: 5, field: 'channels.c.to' });
    expect(only(ch('    type: email\n    to: [ok@x.io, "not-an-address"]\n    smtp: "smtp://h:25"\n'))).toMatchObject({ line: 6, field: 'channels.c.to[1]' });
    expect(only(ch('    type: email\n    to: a@x.io\n'))).toMatchObject({ line: 5, field: 'channels.c.smtp', message: 'is required' });
    expect(only(ch('    type: email\n    to: a@x.io\n    smtp: "http://h:25"\n'))).toMatchObject({ line: 7, field: 'channels.c.smtp' });
    expect(only(ch('    type: slack\n    url: "${SLACK_URL}"\n'))).toMatchObject({ line: 6, field: 'channels.c.url', message: 'environment variable SLACK_URL is not set' });
    expect(parseBudgetFile(ch('    type: slack\n    url: "${SLACK_URL}"\n'), { env: { SLACK_URL: 'https://hooks.slack.com/T/B/C' } }).channels.c).toEqual({
      type: 'slack',
      name: 'c',
      url: 'https://hooks.slack.com/T/B/C',
    });
  });

  it('syntax errors and duplicate keys name their line', () => {
    expect(only('budgets:\n  - name: a\n    limit: [1, 2\n')).toMatchObject({ line: 4 });
    const dupKey = withField('limit', '1\n    limit: 2');
    expect(only(dupKey)).toMatchObject({ line: 6, message: expect.stringContaining('duplicate key') });
  });

  it('the top level must be a mapping with a budgets list', () => {
    expect(only('- a\n- b\n')).toMatchObject({ line: 1, field: '' });
    expect(only('channels: {}\n')).toMatchObject({ line: 1, field: 'budgets', message: 'is required (a list of budgets)' });
    expect(only('budgets: {a: 1}\n')).toMatchObject({ line: 1, field: 'budgets', message: 'must be a list of budgets' });
  });

  it('reports several problems at once', () => {
    const issues = issuesOf(`budgets:
  - name: a
    metric: money
    limit: 0
    period: day
    notify: [x]
`);
    expect(issues.map((i) => `${i.line}:${i.field}`)).toEqual(['3:budgets[0].metric', '4:budgets[0].limit', '6:budgets[0].notify[0]']);
  });
});
