import type { Store } from './store.ts';
import {
  BUDGET_NOTIFICATIONS,
  LLM_CALLS,
  OTEL_TRACES,
  OTEL_TRACES_TRACE_ID_TS,
  SCORES,
  renderDatabase,
  renderTable,
  type SchemaOptions,
} from './schema.ts';

export interface Migration {
  version: number;
  name: string;
  statements: (o: SchemaOptions) => string[];
}

/** Append-only: a released migration is never edited, a change is a new version. */
export const MIGRATIONS: Migration[] = [
  {
    version: 1,
    name: 'traces, llm calls, scores',
    statements: (o) => [
      ...renderTable(OTEL_TRACES, o),
      ...renderTable(OTEL_TRACES_TRACE_ID_TS, o),
      ...renderTable(LLM_CALLS, o),
      ...renderTable(SCORES, o),
    ],
  },
  {
    version: 2,
    name: 'budget notification state',
    statements: (o) => renderTable(BUDGET_NOTIFICATIONS, o),
  },
];

function migrationsTable(o: SchemaOptions): string[] {
  return renderTable(
    {
      name: 'schema_migrations',
      columns: [
        { name: 'version', type: 'UInt32' },
        { name: 'name', type: 'String' },
        { name: 'applied_at', type: 'DateTime64(3)', default: 'DEFAULT now64(3)' },
      ],
      engine: 'ReplacingMergeTree(applied_at)',
      orderBy: 'version',
      shardingKey: 'version',
    },
    o,
  );
}

/** Applies every migration not yet recorded; safe to run any number of times, also concurrently with itself. */
export async function migrate(store: Store, o: SchemaOptions): Promise<{ applied: number[]; current: number }> {
  await store.command(renderDatabase(o));
  for (const s of migrationsTable(o)) await store.command(s);
  const done = new Set(
    (await store.query<{ version: number }>(`SELECT DISTINCT version FROM ${o.database}.schema_migrations`)).map((r) =>
      Number(r.version),
    ),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    // Every statement is IF NOT EXISTS, so a migration interrupted half-way is simply re-run.
    for (const s of m.statements(o)) await store.command(s);
    await store.insert(`${o.database}.schema_migrations`, [{ version: m.version, name: m.name }]);
    applied.push(m.version);
  }
  return { applied, current: MIGRATIONS[MIGRATIONS.length - 1]!.version };
}
