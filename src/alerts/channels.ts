/**
 * Delivery of one budget notification to one channel: webhook (JSON), Slack (incoming webhook) or
 * e-mail (SMTP through nodemailer). Every sender has a timeout and honours an abort signal; a
 * failure is thrown as an Error whose message is safe to store (no URLs, no credentials).
 */
import { createTransport } from 'nodemailer';
import type SMTPTransport from 'nodemailer/lib/smtp-transport/index.js';
import type { BudgetMetric, BudgetPeriod, Channel, EmailChannel, SlackChannel, WebhookChannel } from './budget-file.ts';

/** The webhook body; also what Slack and e-mail messages are rendered from. */
export interface BudgetNotification {
  /** Stable per (project, budget, period, threshold, channel): receivers may deduplicate on it. */
  id: string;
  project_id: string;
  budget: string;
  metric: BudgetMetric;
  limit: number;
  spent: number;
  ratio: number;
  threshold: number;
  /** Linear projection of the spend at period end. */
  projected: number;
  period: BudgetPeriod;
  /** ISO-8601 UTC; period_end is exclusive (the start of the next period). */
  period_start: string;
  period_end: string;
  match: Record<string, string>;
  /** LLM calls counted in `spent`. */
  calls: number;
  sent_at: string;
  /**
   * The sender's lease token (src/lease/) when collectors run as replicas: grows with every lease
   * renewal and take-over, so a receiver may drop a notification whose id it has already seen.
   */
  fencing_token?: number;
}

export interface SendOptions {
  timeoutMs: number;
  signal?: AbortSignal;
}

export type Sender = (channel: Channel, n: BudgetNotification, o: SendOptions) => Promise<void>;

export const sendNotification: Sender = async (channel, n, o) => {
  switch (channel.type) {
    case 'webhook':
      return sendWebhook(channel, n, o);
    case 'slack':
      return sendSlack(channel, n, o);
    case 'email':
      return sendEmail(channel, n, o);
  }
};

const USER_AGENT = 'llmscope-budgets/1';

export async function sendWebhook(channel: WebhookChannel, n: BudgetNotification, o: SendOptions): Promise<void> {
  const fencing: Record<string, string> = n.fencing_token !== undefined ? { 'x-llmscope-fencing-token': String(n.fencing_token) } : {};
  await postJson(channel.url, n, { ...channel.headers, ...fencing, 'idempotency-key': n.id }, o);
}

export async function sendSlack(channel: SlackChannel, n: BudgetNotification, o: SendOptions): Promise<void> {
  await postJson(channel.url, slackMessage(n), {}, o);
}

async function postJson(url: string, body: unknown, headers: Record<string, string>, o: SendOptions): Promise<void> {
  const signals = [AbortSignal.timeout(o.timeoutMs)];
  if (o.signal) signals.push(o.signal);
  let res: Response;
  try {
    res = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'user-agent': USER_AGENT, ...headers },
      body: JSON.stringify(body),
      signal: AbortSignal.any(signals),
      redirect: 'error',
    });
  } catch (e) {
    throw new Error(describeFetchError(e, o.timeoutMs));
  }
  const text = await res.text().catch(() => '');
  if (!res.ok) throw new Error(`HTTP ${res.status}${text ? `: ${text.slice(0, 200).replace(/\s+/g, ' ').trim()}` : ''}`);
}

function describeFetchError(e: unknown, timeoutMs: number): string {
  const err = e as Error & { cause?: { code?: string; message?: string } };
  if (err?.name === 'TimeoutError') return `timed out after ${timeoutMs} ms`;
  if (err?.name === 'AbortError') return 'aborted (evaluator stopping)';
  const cause = err?.cause;
  if (cause?.code) return `request failed: ${cause.code}`;
  return `request failed: ${cause?.message ?? err?.message ?? String(e)}`;
}

export async function sendEmail(channel: EmailChannel, n: BudgetNotification, o: SendOptions): Promise<void> {
  await sendMail(channel, { id: n.id, ...emailMessage(n) }, o);
}

async function sendMail(channel: EmailChannel, m: { id: string; subject: string; text: string }, o: SendOptions): Promise<void> {
  const options: SMTPTransport.Options = {
    url: channel.smtp,
    connectionTimeout: o.timeoutMs,
    greetingTimeout: o.timeoutMs,
    socketTimeout: o.timeoutMs,
  };
  const transport = createTransport(options);
  const onAbort = () => transport.close();
  o.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const info = await transport.sendMail({ from: channel.from, to: channel.to, subject: m.subject, text: m.text, headers: { 'X-Llmscope-Notification': m.id } });
    const rejected = (info.rejected ?? []).map(String);
    if (rejected.length) throw new Error(`SMTP server rejected ${rejected.join(', ')}`);
  } catch (e) {
    const err = e as Error & { code?: string; responseCode?: number };
    if (o.signal?.aborted) throw new Error('aborted (evaluator stopping)');
    throw new Error(`SMTP ${err.code ?? 'error'}${err.responseCode ? ` ${err.responseCode}` : ''}: ${firstLine(err.message ?? String(e))}`);
  } finally {
    o.signal?.removeEventListener('abort', onAbort);
    transport.close();
  }
}

/**
 * Any other alert (drift, …) through the same channels: the webhook gets `json` (with the
 * Idempotency-Key and fencing headers), Slack `text`, e-mail `subject` and `text`.
 */
export interface ChannelMessage {
  /** Stable per alert and channel: receivers may deduplicate on it. */
  id: string;
  json: object;
  subject: string;
  text: string;
  fencingToken?: number;
}

export async function sendMessage(channel: Channel, m: ChannelMessage, o: SendOptions): Promise<void> {
  switch (channel.type) {
    case 'webhook': {
      const fencing: Record<string, string> = m.fencingToken !== undefined ? { 'x-llmscope-fencing-token': String(m.fencingToken) } : {};
      return postJson(channel.url, m.json, { ...channel.headers, ...fencing, 'idempotency-key': m.id }, o);
    }
    case 'slack':
      return postJson(channel.url, { text: m.text }, {}, o);
    case 'email':
      return sendMail(channel, m, o);
  }
}

function firstLine(s: string): string {
  return s.split('\n')[0]!.slice(0, 300);
}

// ---- rendering -------------------------------------------------------------------------------

export function formatAmount(metric: BudgetMetric, v: number): string {
  if (metric === 'cost_usd') {
    const digits = Math.abs(v) >= 1 || v === 0 ? 2 : 4;
    return `$${v.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits })}`;
  }
  return `${Math.round(v).toLocaleString('en-US')} tokens`;
}

export function formatPercent(r: number): string {
  return `${(r * 100).toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
}

function matchText(m: Record<string, string>): string {
  const e = Object.entries(m);
  return e.length ? e.map(([k, v]) => `${k}=${v}`).join(', ') : 'all calls';
}

const ADJECTIVE: Record<BudgetPeriod, string> = { hour: 'hourly', day: 'daily', week: 'weekly', month: 'monthly' };

function headline(n: BudgetNotification): string {
  return (
    `Budget "${n.budget}" reached ${formatPercent(n.threshold)} of its ${ADJECTIVE[n.period]} limit: ` +
    `${formatAmount(n.metric, n.spent)} of ${formatAmount(n.metric, n.limit)} (${formatPercent(n.ratio)})`
  );
}

function detailLines(n: BudgetNotification): string[] {
  return [
    `Budget: ${n.budget} (project ${n.project_id})`,
    `Metric: ${n.metric}`,
    `Spent: ${formatAmount(n.metric, n.spent)} over ${n.calls} call${n.calls === 1 ? '' : 's'}`,
    `Limit: ${formatAmount(n.metric, n.limit)}`,
    `Ratio: ${formatPercent(n.ratio)} (threshold ${formatPercent(n.threshold)})`,
    `Projected at period end: ${formatAmount(n.metric, n.projected)} (${formatPercent(n.projected / n.limit)})`,
    `Period: ${n.period_start} to ${n.period_end} (UTC)`,
    `Match: ${matchText(n.match)}`,
  ];
}

/** Slack incoming-webhook message: `text` for notifications/fallback, `blocks` for the layout. */
export function slackMessage(n: BudgetNotification): { text: string; blocks: unknown[] } {
  const icon = n.threshold >= 1 ? ':rotating_light:' : ':warning:';
  const field = (label: string, value: string) => ({ type: 'mrkdwn', text: `*${label}*\n${value}` });
  return {
    text: `${icon} ${headline(n)}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: `Budget ${n.budget}: ${formatPercent(n.threshold)} reached`, emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `${icon} ${headline(n)}` } },
      {
        type: 'section',
        fields: [
          field('Spent', formatAmount(n.metric, n.spent)),
          field('Limit', formatAmount(n.metric, n.limit)),
          field('Ratio', formatPercent(n.ratio)),
          field('Projected', `${formatAmount(n.metric, n.projected)} (${formatPercent(n.projected / n.limit)})`),
          field('Period', `${n.period_start} → ${n.period_end}`),
          field('Match', matchText(n.match)),
        ],
      },
      { type: 'context', elements: [{ type: 'mrkdwn', text: `project ${n.project_id} · metric ${n.metric} · ${n.calls} calls · llmscope` }] },
    ],
  };
}

export function emailMessage(n: BudgetNotification): { subject: string; text: string } {
  return {
    subject: `[llmscope] Budget ${n.budget} at ${formatPercent(n.threshold)}: ${formatAmount(n.metric, n.spent)} of ${formatAmount(n.metric, n.limit)}`,
    text: `${headline(n)}.\n\n${detailLines(n).join('\n')}\n\nSent by llmscope at ${n.sent_at}.\n`,
  };
}
