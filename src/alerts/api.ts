import type { Context, Hono } from 'hono';
import type { BudgetEvaluator } from './evaluator.ts';

export interface BudgetRoutesOptions {
  /** The request's project; null = 401; undefined = every budget (admin). Omitted: every budget is shown. */
  projectOf?: (c: Context) => string | null | undefined;
}

/**
 * GET /api/v1/budgets — every budget's current period: spend, ratio, linear projection to period
 * end, and the notification state of each threshold/channel. Channel settings (URLs, SMTP
 * credentials) are never shown, only channel names.
 */
export function mountBudgetRoutes(app: Hono, evaluator: BudgetEvaluator, options: BudgetRoutesOptions = {}): void {
  app.get('/api/v1/budgets', async (c) => {
    const project = options.projectOf ? options.projectOf(c) : undefined;
    if (project === null) return c.json({ error: 'missing or invalid API key' }, 401);
    const now = new Date();
    const all = await evaluator.status(now);
    const budgets = project === undefined ? all : all.filter((b) => b.project === project);
    return c.json({ generated_at: now.toISOString(), evaluated_at: evaluator.lastEvaluation?.evaluated_at ?? null, budgets });
  });
}
