import type { Store } from './store.ts';
import { renderDatabase, renderTable, type SchemaOptions } from './schema.ts';
import { SCHEMA_MIGRATIONS, schemaMigrationRow } from './tables/schema_migrations.ts';
import type { Migration } from './migrations/migration.ts';
import { V1 } from './migrations/v1-traces-llm-calls-scores.ts';
import { V2 } from './migrations/v2-budget-notifications.ts';
import { V3 } from './migrations/v3-logs-metrics.ts';
import { V4 } from './migrations/v4-prompt-injection-relevance.ts';
import { V5 } from './migrations/v5-leases.ts';
import { V6 } from './migrations/v6-logs-deterministic-sharding.ts';
import { V7 } from './migrations/v7-drift.ts';
import { V8 } from './migrations/v8-api-changes.ts';
import { V9 } from './migrations/v9-eval-runs-results.ts';
import { V10 } from './migrations/v10-feedback-advice.ts';
import { V11 } from './migrations/v11-agent-spans-guardrail-results.ts';
import { V12 } from './migrations/v12-model-prices.ts';

export type { Migration } from './migrations/migration.ts';

/**
 * Append-only: a released migration is never edited, a change is a new version in
 * src/store/migrations/ whose statements are fixed (frozen TableDef snapshots, literal DDL or
 * ALTERs), never a rendering of the current definitions in src/store/tables/.
 */
export const MIGRATIONS: readonly Migration[] = [V1, V2, V3, V4, V5, V6, V7, V8, V9, V10, V11, V12];

/** Applies every migration not yet recorded; safe to run any number of times, also concurrently with itself. */
export async function migrate(store: Store, o: SchemaOptions): Promise<{ applied: number[]; current: number }> {
  await store.command(renderDatabase(o));
  for (const s of renderTable(SCHEMA_MIGRATIONS, o)) await store.command(s);
  // A single node deduplicates the record's token only with a window; renderTable gives one to plain
  // MergeTree tables, and this one is a ReplacingMergeTree (Replicated tables keep theirs in Keeper).
  if (!o.cluster) await store.command(`ALTER TABLE ${o.database}.${SCHEMA_MIGRATIONS.name} MODIFY SETTING non_replicated_deduplication_window = 10000`);
  const done = new Set(
    (await store.query<{ version: number }>(`SELECT DISTINCT version FROM ${o.database}.${SCHEMA_MIGRATIONS.name}`)).map((r) =>
      Number(r.version),
    ),
  );
  const applied: number[] = [];
  for (const m of MIGRATIONS) {
    if (done.has(m.version)) continue;
    // Every statement is IF NOT EXISTS, so a migration interrupted half-way is simply re-run.
    for (const s of m.statements(o)) await store.command(s);
    // Replicas starting together may both run a migration (its statements are idempotent); the
    // token makes the record of it one row however many recorded it.
    await store.insert(`${o.database}.${SCHEMA_MIGRATIONS.name}`, [schemaMigrationRow(m)], { dedupToken: `schema_migrations:v${m.version}` });
    applied.push(m.version);
  }
  return { applied, current: MIGRATIONS[MIGRATIONS.length - 1]!.version };
}
