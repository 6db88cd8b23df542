/** Supported SDK versions per provider (declared like OTel contrib's InstrumentationNodeModuleDefinition). */
import { describe, expect, it, vi } from 'vitest';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { satisfies, packageVersion } from '../src/hooks/versions.ts';
import { supported } from '../src/hooks/module-hooks.ts';
import { INSTRUMENTATIONS } from '../src/providers/registry.ts';

const require = createRequire(import.meta.url);

describe('version ranges', () => {
  it('compare versions with every comparator of the range', () => {
    expect(satisfies('4.0.0', '>=4.0.0 <8')).toBe(true);
    expect(satisfies('7.59.0', '>=4.0.0 <8')).toBe(true);
    expect(satisfies('8.0.0', '>=4.0.0 <8')).toBe(false);
    expect(satisfies('3.9.9', '>=4.0.0 <8')).toBe(false);
    expect(satisfies('1.0.0-beta.2', '>=1.0.0 <2')).toBe(true);
    expect(satisfies('0.20.1', '>=0.20.0 <2')).toBe(true);
    expect(satisfies('3.1164.0', '>=3.400.0 <4')).toBe(true);
    expect(satisfies('x', '>=1')).toBe(false);
    expect(satisfies('1.2.3', '^1.2')).toBe(false); // not a comparator this format knows: refuse
  });

  it('every provider declares a range that holds the SDK version installed here (what the tests run)', () => {
    expect(INSTRUMENTATIONS.map((i) => i.provider).sort()).toEqual(['anthropic', 'bedrock', 'google-genai', 'openai']);
    for (const i of INSTRUMENTATIONS) {
      const name = i.moduleNames[0]!;
      let dir = dirname(require.resolve(name));
      while (!dir.endsWith(join('node_modules', ...name.split('/')))) dir = dirname(dir);
      const version = packageVersion(dir)!;
      expect(version, name).toMatch(/^\d+\.\d+\.\d+/);
      expect(satisfies(version, i.supportedVersions), `${name} ${version} in ${i.supportedVersions}`).toBe(true);
      expect(supported(i, dir)).toBe(true);
    }
  });

  it('an SDK outside its range is left unpatched, with one diagnostic', () => {
    const dir = mkdtempSync(join(tmpdir(), 'llmscope-sdk-'));
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    try {
      const openai = INSTRUMENTATIONS.find((i) => i.provider === 'openai')!;
      writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'openai', version: '99.0.0' }));
      expect(supported(openai, dir)).toBe(false);
      expect(warn.mock.calls.some((c) => String(c[0]).includes('openai 99.0.0 is outside the supported range >=4.0.0 <8'))).toBe(true);
      // No package.json to read: patched (the patch checks the shapes it relies on).
      expect(supported(openai, join(dir, 'missing'))).toBe(true);
    } finally {
      warn.mockRestore();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
