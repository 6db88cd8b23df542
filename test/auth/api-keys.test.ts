import { afterAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ApiKeyError, generateApiKey, hashApiKey, loadApiKeys, parseApiKeys, presentedKey } from '../../src/auth/api-keys.ts';

const dir = mkdtempSync(join(tmpdir(), 'llmscope-auth-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function file(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe('hashApiKey', () => {
  it('is the hex SHA-256 of the UTF-8 key', () => {
    expect(hashApiKey('test')).toBe('9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08');
    expect(hashApiKey('')).toBe('e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855');
  });
  it('generateApiKey gives distinct 47-character keys', () => {
    const a = generateApiKey();
    expect(a).toMatch(/^lsk_[A-Za-z0-9_-]{43}$/);
    expect(generateApiKey()).not.toBe(a);
  });
});

describe('presentedKey', () => {
  it('takes a Bearer token (any case of the scheme), else X-API-Key', () => {
    expect(presentedKey({ authorization: 'Bearer abc' })).toBe('abc');
    expect(presentedKey({ authorization: '  bearer   abc  ' })).toBe('abc');
    expect(presentedKey({ authorization: 'Basic dXNlcjpwdw==', 'x-api-key': 'xyz' })).toBe('xyz');
    expect(presentedKey({ 'x-api-key': ' xyz ' })).toBe('xyz');
    expect(presentedKey({ authorization: 'Bearer a b' })).toBeNull();
    expect(presentedKey({ authorization: 'Bearer ' })).toBeNull();
    expect(presentedKey({})).toBeNull();
    expect(presentedKey({ 'x-api-key': '' })).toBeNull();
  });
});

describe('loadApiKeys', () => {
  const yaml = [
    'keys:',
    `  - key_sha256: ${hashApiKey('alpha-key').toUpperCase()}`,
    '    project: team-a',
    '  - key: beta-key',
    '    project: team_b.prod',
    '    name: ci',
    `  - key_sha256: ${hashApiKey('gamma-key')}`,
    '    project: team-a',
  ].join('\n');

  it('maps hashed and plain keys (YAML) to projects', () => {
    const t = loadApiKeys(file('keys.yaml', yaml));
    expect(t.size).toBe(3);
    expect(t.projects).toEqual(['team-a', 'team_b.prod']);
    expect(t.projectFor({ authorization: 'Bearer alpha-key' })).toBe('team-a');
    expect(t.projectFor({ 'x-api-key': 'beta-key' })).toBe('team_b.prod');
    expect(t.projectFor({ 'x-api-key': 'gamma-key' })).toBe('team-a');
    expect(t.projectFor({ authorization: 'Bearer beta-key', 'x-api-key': 'alpha-key' })).toBe('team_b.prod');
    expect(t.projectFor({ authorization: 'Bearer wrong' })).toBeNull();
    expect(t.projectFor({ authorization: 'Bearer alpha-key2' })).toBeNull();
    expect(t.projectFor({})).toBeNull();
    expect(t.projectFor({ 'x-api-key': 'x'.repeat(5000) })).toBeNull();
  });

  it('gives each key a role (default ingest); read keys may not send data', () => {
    const t = parseApiKeys('keys: [{ key: i1, project: p }, { key: r1, project: p, role: read }, { key: a1, project: ops, role: admin }]', 'inline');
    expect(t.identify('i1')).toEqual({ project: 'p', role: 'ingest' });
    expect(t.identify('r1')).toEqual({ project: 'p', role: 'read' });
    expect(t.identify('a1')).toEqual({ project: 'ops', role: 'admin' });
    expect(t.identify('nope')).toBeNull();
    expect(t.identify(null)).toBeNull();
    expect(t.projectFor({ 'x-api-key': 'i1' })).toBe('p');
    expect(t.projectFor({ 'x-api-key': 'a1' })).toBe('ops');
    expect(t.projectFor({ 'x-api-key': 'r1' })).toBeNull();
  });

  it('reads JSON, as a bare list too', () => {
    const t = loadApiKeys(file('keys.json', JSON.stringify([{ key: 'k1', project: 'p1' }, { key_sha256: hashApiKey('k2'), project: 'p2' }])));
    expect(t.projectFor({ 'x-api-key': 'k1' })).toBe('p1');
    expect(t.projectFor({ authorization: 'Bearer k2' })).toBe('p2');
  });

  it('does not keep plain keys in memory', () => {
    const t = parseApiKeys('[{ key: "very-secret-plain-key", project: "p" }]', 'inline');
    const dump = JSON.stringify(t) + String(Object.values(t));
    expect(dump).not.toContain('very-secret-plain-key');
    expect(t.projectFor({ 'x-api-key': 'very-secret-plain-key' })).toBe('p');
  });

  const bad: Array<[string, string]> = [
    ['keys: [{ key: k, project: "no spaces" }]', 'keys[0].project: "no spaces" must match ^[A-Za-z0-9_.-]{1,64}$'],
    [`keys: [{ key: k, project: ${'p'.repeat(65)} }]`, 'keys[0].project: "ppp'],
    ['keys: [{ key: k }]', 'keys[0].project: required, a string'],
    ['keys: [{ key: a, project: p }, { name: deploy, key_sha256: abc, project: p }]', 'keys[1] (deploy).key_sha256: must be 64 hex characters'],
    ['keys: [{ project: p }]', 'keys[0].key_sha256: required (or key)'],
    ['keys: [{ key: "", project: p }]', 'keys[0].key: must be a non-empty string without whitespace'],
    [`keys: [{ key: a, key_sha256: ${hashApiKey('a')}, project: p }]`, 'keys[0].key: give either key or key_sha256, not both'],
    [`keys: [{ key: a, project: p }, { key_sha256: ${hashApiKey('a')}, project: q }]`, 'keys[1].key_sha256: the same key is already listed at keys[0]'],
    ['keys: [{ key: a, project: p, role: owner }]', 'keys[0].role: must be one of ingest, read, admin (default ingest)'],
    ['keys: [{ key: a, project: p, scope: all }]', 'keys[0].scope: unknown field'],
    ['keys: [ "just-a-key" ]', 'keys[0]: expected an object'],
    ['keys: []', 'no keys listed'],
    ['project: p', 'expected a list of entries'],
    ['keys: [ {', 'not valid YAML/JSON'],
  ];
  for (const [text, message] of bad) {
    it(`rejects ${text.slice(0, 60)} → ${message.slice(0, 40)}`, () => {
      const p = file('bad.yaml', text);
      expect(() => loadApiKeys(p)).toThrow(ApiKeyError);
      expect(() => loadApiKeys(p)).toThrow(`${p}: ${message.startsWith('keys') ? message : ''}`);
      expect(() => loadApiKeys(p)).toThrow(message);
    });
  }

  it('names a missing file', () => {
    expect(() => loadApiKeys(join(dir, 'nope.yaml'))).toThrow(/cannot read API keys file .*nope\.yaml/);
  });
});
