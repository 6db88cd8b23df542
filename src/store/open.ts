import { EmbeddedStore } from './embedded.ts';
import { ServerStore } from './server.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** ClickHouse server URL; empty = embedded store in dataDir. */
  clickhouseUrl?: string;
  clickhouseUser?: string;
  clickhousePassword?: string;
  dataDir: string;
}

export function openStore(c: StoreConfig): Store {
  if (c.clickhouseUrl) {
    return new ServerStore({ url: c.clickhouseUrl, username: c.clickhouseUser, password: c.clickhousePassword });
  }
  return new EmbeddedStore(c.dataDir);
}
