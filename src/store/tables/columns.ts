import type { Column } from '../schema.ts';

/** The default column codec. */
export const ZSTD = 'ZSTD(1)';

/** First column of every tenant table: the project (tenant) the row belongs to. */
export const PROJECT: Column = { name: 'project_id', type: 'LowCardinality(String)', default: "DEFAULT 'default'", codec: ZSTD };
