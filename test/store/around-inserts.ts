/** Test wrappers of a real store that see every insert: from text (insertJsonEachRow) and from a staging file (staging.insertFile). */
import { readFile } from 'node:fs/promises';
import type { InsertOptions, Store } from '../../src/store/store.ts';

export interface InsertCall {
  table: string;
  options: InsertOptions | undefined;
  /** The insert's JSONEachRow text (read from the file for a file insert). */
  text(): Promise<string>;
  /** Performs the insert on the real store. */
  insert(): Promise<void>;
}

/**
 * The store (a prototype-linked view: other members are the store's own), with both insert paths
 * going through around(call); what around returns or throws is the insert's outcome.
 */
export function aroundInserts<S extends Store, E extends object = object>(store: S, around: (call: InsertCall) => Promise<void>, extra?: E): S & E {
  const staging = store.staging;
  return Object.assign(Object.create(store) as S, {
    insertJsonEachRow: (table: string, text: string | readonly (string | Uint8Array)[], options?: InsertOptions) =>
      around({
        table,
        options,
        text: async () => (typeof text === 'string' ? text : Buffer.concat(text.map((p) => (typeof p === 'string' ? Buffer.from(p) : p))).toString('utf8')),
        insert: () => store.insertJsonEachRow(table, text, options),
      }),
    ...(staging
      ? {
          staging: {
            newFile: () => staging.newFile(),
            insertFile: (table: string, path: string, bytes: number, options?: InsertOptions) =>
              around({ table, options, text: () => readFile(path, 'utf8'), insert: () => staging.insertFile(table, path, bytes, options) }),
          },
        }
      : {}),
  }, extra ?? ({} as E));
}
