import { EmbeddedStore } from './embedded.ts';
import { ServerStore } from './server.ts';
import type { Store } from './store.ts';

export interface StoreConfig {
  /** ClickHouse server URL; empty = embedded store in dataDir. */
  clickhouseUrl?: string;
  clickhouseUser?: string;
  clickhousePassword?: string;
  dataDir: string;
  /** ClickHouse cluster name; non-empty = inserts go through Distributed tables (see ServerStore). */
  cluster?: string;
}

export function openStore(c: StoreConfig): Store {
  if (c.clickhouseUrl) {
    return new ServerStore({ url: c.clickhouseUrl, username: c.clickhouseUser, password: c.clickhousePassword, distributed: Boolean(c.cluster) });
  }
  return new EmbeddedStore(c.dataDir);
}
