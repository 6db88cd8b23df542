/** budget_notifications: the delivery state of budget alerts, kept across restarts. */
import type { TableDef } from '../schema.ts';
import { PROJECT } from './columns.ts';

/** One row per (budget, period, threshold, channel): the notification state that survives restarts. */
export const BUDGET_NOTIFICATIONS: TableDef = {
  name: 'budget_notifications',
  columns: [
    PROJECT,
    { name: 'budget', type: 'String' },
    { name: 'period_start', type: 'DateTime' },
    { name: 'period_end', type: 'DateTime' },
    { name: 'threshold', type: 'Float64' },
    { name: 'channel', type: 'String', comment: 'channel name from the budgets file; one row per channel' },
    { name: 'metric', type: 'LowCardinality(String)' },
    { name: 'limit', type: 'Float64' },
    { name: 'spent', type: 'Float64' },
    { name: 'status', type: 'LowCardinality(String)', comment: 'pending | delivered | failed' },
    { name: 'attempts', type: 'UInt32' },
    { name: 'last_error', type: 'String' },
    { name: 'updated_at', type: 'DateTime64(3)' },
    { name: 'fencing_token', type: 'UInt64', comment: 'lease token of the replica that wrote this state (src/lease/); 0 = no lease' },
  ],
  engine: 'ReplacingMergeTree(updated_at)',
  orderBy: '(project_id, budget, period_start, threshold, channel)',
  shardingKey: 'cityHash64(budget)',
};

export type NotificationStatus = 'pending' | 'delivered' | 'failed';

/** One budget_notifications row (a new version of the state; the newest updated_at wins). */
export interface BudgetNotificationRow {
  project_id: string;
  budget: string;
  /** Unix seconds. */
  period_start: number;
  period_end: number;
  threshold: number;
  channel: string;
  metric: string;
  limit: number;
  spent: number;
  status: NotificationStatus;
  attempts: number;
  last_error: string;
  /** Unix milliseconds, strictly increasing per key. */
  updated_at: number;
  fencing_token: number;
}
