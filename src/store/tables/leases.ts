/** leases: leadership of periodic work (src/lease/), one row per claim of a fencing token. */
import type { TableDef } from '../schema.ts';

/**
 * A claim is inserted once and never updated: key = `<name>/<token>` (token zero-padded to 20
 * digits), and "insert if absent" decides who holds a token — KeeperMap with
 * keeper_map_strict_mode in a cluster (an existing key is refused), MergeTree plus
 * insert_deduplication_token = the key on a single node (a second insert of the key is dropped).
 * The current lease of a name is its row with the highest token.
 */
export const LEASES: TableDef = {
  name: 'leases',
  columns: [
    { name: 'key', type: 'String', comment: 'name/token, token zero-padded: inserted once' },
    { name: 'name', type: 'String', comment: 'what the lease is for, e.g. periodic' },
    { name: 'token', type: 'UInt64', comment: 'fencing token: every acquire or renewal claims the next one' },
    { name: 'holder', type: 'String', comment: 'replica id: host, pid, random suffix' },
    { name: 'expires_at', type: 'DateTime64(3)', comment: 'wall clock; after it any replica may claim the next token' },
  ],
  engine: 'MergeTree',
  orderBy: 'key',
  shardingKey: 'cityHash64(name)',
  keeperMapInCluster: true,
};

export interface LeaseRow {
  key: string;
  name: string;
  token: number;
  holder: string;
  /** Unix milliseconds. */
  expires_at: number;
}

export function leaseKey(name: string, token: number): string {
  return `${name}/${String(token).padStart(20, '0')}`;
}
