import type { TableDef } from '../schema.ts';
import { BUDGET_NOTIFICATIONS } from './budget_notifications.ts';
import { LLM_CALLS } from './llm_calls.ts';
import { OTEL_TRACES } from './otel_traces.ts';
import { OTEL_TRACES_TRACE_ID_TS } from './otel_traces_trace_id_ts.ts';
import { SCORES } from './scores.ts';

/**
 * Every table as it is today (schema_migrations aside). Applying all migrations must produce
 * exactly these (test/store/migrations.test.ts): a change here needs a new migration.
 */
export const CURRENT_TABLES: readonly TableDef[] = [OTEL_TRACES, OTEL_TRACES_TRACE_ID_TS, LLM_CALLS, SCORES, BUDGET_NOTIFICATIONS];
