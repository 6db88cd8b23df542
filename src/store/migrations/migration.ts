import type { SchemaOptions } from '../schema.ts';

/**
 * One released schema change. Its statements are fixed when it is released: they render frozen
 * snapshots or literal DDL, never the current table definitions in src/store/tables/, so what
 * "version N" applies cannot change after the fact.
 */
export interface Migration {
  version: number;
  name: string;
  statements: (o: SchemaOptions) => string[];
}
