import type { TableDef } from '../schema.ts';
import { BUDGET_NOTIFICATIONS } from './budget_notifications.ts';
import { LLM_CALLS } from './llm_calls.ts';
import { OTEL_TRACES } from './otel_traces.ts';
import { OTEL_TRACES_TRACE_ID_TS } from './otel_traces_trace_id_ts.ts';
import { SCORES } from './scores.ts';
import { LEASES } from './leases.ts';
import { DRIFT } from './drift.ts';
import { OTEL_LOGS } from './otel_logs.ts';
import { OTEL_METRICS_GAUGE } from './otel_metrics_gauge.ts';
import { OTEL_METRICS_SUM } from './otel_metrics_sum.ts';
import { OTEL_METRICS_HISTOGRAM } from './otel_metrics_histogram.ts';
import { OTEL_METRICS_EXPONENTIAL_HISTOGRAM } from './otel_metrics_exponential_histogram.ts';
import { OTEL_METRICS_SUMMARY } from './otel_metrics_summary.ts';
import { API_CHANGES } from './api_changes.ts';
import { EVAL_RUNS } from './eval_runs.ts';
import { EVAL_RESULTS } from './eval_results.ts';
import { AGENT_SPANS } from './agent_spans.ts';
import { GUARDRAIL_RESULTS } from './guardrail_results.ts';
import { MODEL_PRICES } from './model_prices.ts';

/**
 * Every table as it is today (schema_migrations aside). Applying all migrations must produce
 * exactly these (test/store/migrations.test.ts): a change here needs a new migration.
 */
export const CURRENT_TABLES: readonly TableDef[] = [
  OTEL_TRACES,
  OTEL_TRACES_TRACE_ID_TS,
  LLM_CALLS,
  SCORES,
  BUDGET_NOTIFICATIONS,
  OTEL_LOGS,
  OTEL_METRICS_GAUGE,
  OTEL_METRICS_SUM,
  OTEL_METRICS_HISTOGRAM,
  OTEL_METRICS_EXPONENTIAL_HISTOGRAM,
  OTEL_METRICS_SUMMARY,
  LEASES,
  API_CHANGES,
  DRIFT,
  EVAL_RUNS,
  EVAL_RESULTS,
  AGENT_SPANS,
  GUARDRAIL_RESULTS,
  MODEL_PRICES,
];
