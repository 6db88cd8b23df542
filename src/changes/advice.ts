/**
 * What a change means and what to do about it, in words (stored in api_changes.advice and sent
 * through the channels). The "rollback" for a floating alias that moved is to pin the dated version
 * the app was tested with.
 */
import type { ChangeKind } from '../store/tables/api_changes.ts';

/**
 * A model name that names one fixed snapshot: a date (gpt-4o-2024-08-06, claude-3-5-sonnet-20241022,
 * claude-3-5-sonnet@20240620), a 4-digit snapshot (gpt-4-0613, gpt-3.5-turbo-0125) or a 3-digit
 * revision (gemini-1.5-pro-002). Anything else is a floating alias the provider may move.
 */
export function isDatedModel(model: string): boolean {
  return /(?:^|[-@_.])(?:19|20)\d{2}-?\d{2}-?\d{2}$/.test(model) || /-(?:\d{4}|\d{3})$/.test(model) || /-v\d+(?::\d+)?$/.test(model);
}

export interface AdviceInput {
  kind: ChangeKind;
  provider: string;
  requestModel: string;
  before: string;
  after: string;
}

const q = (s: string) => `"${s}"`;

export function adviceFor(c: AdviceInput): string {
  const m = q(c.requestModel);
  switch (c.kind) {
    case 'response_model':
      if (!isDatedModel(c.requestModel)) {
        return (
          `${m} is a floating alias: ${c.provider} now answers it with ${q(c.after)}${c.before ? ` (before: ${q(c.before)})` : ''}. ` +
          (c.before
            ? `To keep the behaviour you tested, pin the dated version: request ${q(c.before)} instead of ${m} (the rollback). `
            : `Pin a dated version instead of ${m} so the model cannot change under you. `) +
          `Move to ${q(c.after)} deliberately, after comparing its quality scores, latency and cost with the previous version.`
        );
      }
      return `${c.provider} now answers the dated version ${m} with ${q(c.after)}${c.before ? ` (before: ${q(c.before)})` : ''}: a dated version should not move — check the provider's changelog and compare quality scores before and after.`;
    case 'system_fingerprint':
      return `${c.provider} changed the backend configuration serving ${m} (system_fingerprint ${c.before ? `${q(c.before)} → ` : ''}${q(c.after)}): outputs may differ even with the same seed and temperature. Compare quality scores of calls before and after.`;
    case 'service_tier':
      return `Calls to ${m} are now served on service tier ${q(c.after)}${c.before ? ` (before: ${q(c.before)})` : ''}: latency, rate limits and price may differ. Set the tier explicitly in the request if it matters.`;
    case 'api_version':
      return `${c.provider} answered calls to ${m} with API version ${q(c.after)}${c.before ? ` (before: ${q(c.before)})` : ''}. Check the provider's changelog for that version.`;
    case 'error_type':
      return `A new error appeared on ${m}: ${q(c.after)}${c.before ? ` (errors seen before: ${c.before})` : ' (no errors of this type before)'}. Look at the failing calls; a provider-side change often shows first as a new error.`;
    case 'http_status':
      return `${c.provider} started answering calls to ${m} with HTTP ${c.after}${c.before ? ` (statuses seen before: ${c.before})` : ''}. 404 often means a retired model, 400 a changed request schema.`;
    case 'deprecation':
      return `${c.provider} marks the API used by ${m} as deprecated (Deprecation: ${c.after}). Plan the migration to its successor before it is retired.`;
    case 'sunset':
      return `${c.provider} announced that the API used by ${m} stops working at ${c.after} (Sunset header${c.before ? `; before: ${c.before}` : ''}). Migrate before that date.`;
    case 'sdk_warning':
      return `The ${c.provider} SDK warned about ${m}: ${c.after} Plan the migration before the model is retired.`;
    case 'latency_step':
      return `Latency of ${m} changed in a step: median ${c.before} → ${c.after}. If the model behind it changed too (see other changes at the same time), pin the dated version; otherwise check the provider's status page.`;
    case 'output_tokens_step':
      return `Answers of ${m} changed length in a step: median output ${c.before} → ${c.after}, which changes cost and may change quality. If the model behind it changed too, pin the dated version.`;
  }
}
