/** `drift:` rules in the budgets file (or --drift FILE): valid rules parse; every bad field names its line. */
import { describe, expect, it } from 'vitest';
import { BudgetFileError, parseBudgetFile } from '../../src/alerts/budget-file.ts';

const CHANNELS = 'channels:\n  ops: { type: webhook, url: "http://127.0.0.1:9/h" }\n';

function issues(text: string) {
  try {
    parseBudgetFile(text);
  } catch (e) {
    if (e instanceof BudgetFileError) return e.issues;
    throw e;
  }
  throw new Error('parsed without error');
}

describe('drift rules', () => {
  it('parse with defaults; a file may hold only drift rules', () => {
    const f = parseBudgetFile(
      'drift:\n  - name: all\n    notify: [ops]\n  - name: support\n    project: team-a\n    match: { service_name: chat-api, prompt_version: "3" }\n    features: [topic, language, topic]\n    notify: [ops, ops]\n' + CHANNELS,
    );
    expect(f.budgets).toEqual([]);
    expect(f.drift).toEqual([
      { name: 'all', project: 'default', match: {}, features: [], notify: ['ops'], line: 2 },
      { name: 'support', project: 'team-a', match: { service_name: 'chat-api', prompt_version: '3' }, features: ['topic', 'language'], notify: ['ops'], line: 4 },
    ]);
  });

  it('name the line and field of each mistake', () => {
    const got = issues(
      'drift:\n  - name: a\n    match: { provider: openai }\n    features: [vibes]\n    notify: [pager]\n  - notify: [ops]\n  - name: a\n    notify: [ops]\n    color: red\n' + CHANNELS,
    );
    expect(got.map((i) => [i.line, i.field])).toEqual([
      [3, 'drift[0].match.provider'],
      [4, 'drift[0].features[0]'],
      [5, 'drift[0].notify[0]'],
      [6, 'drift[1].name'],
      [9, 'drift[2].color'],
    ]);
    expect(issues('drift:\n  - name: a\n    notify: [ops]\n  - name: a\n    notify: [ops]\n' + CHANNELS).map((i) => i.message)).toEqual(['duplicate drift rule name "a"']);
    expect(issues('drift: {a: 1}\n' + CHANNELS)[0]!.field).toBe('drift');
  });
});
