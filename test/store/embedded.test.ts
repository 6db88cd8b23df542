import { afterAll, beforeAll } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EmbeddedStore } from '../../src/store/embedded.ts';
import { storeSuite } from './store-suite.ts';

let dir: string;
let store: EmbeddedStore;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'llmscope-store-'));
  store = new EmbeddedStore(join(dir, 'data'));
});
afterAll(async () => {
  await store.close();
  rmSync(dir, { recursive: true, force: true });
});

storeSuite('embedded (chdb)', () => store);
