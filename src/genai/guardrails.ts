/**
 * What a guardrail reported, from an apply_guardrail span's attributes or a gen_ai.guardrail.result
 * event's (mapping.ts GUARDRAIL_FIELDS). Values are kept as the provider reported them.
 */
import { ATTR } from '@llmscope/semconv';
import type { AttrMap } from '../otlp/types.ts';
import type { GuardrailResult } from '../store/tables/guardrail_results.ts';
import { readNumber, readString } from './attrs.ts';
import { GUARDRAIL_FIELDS, GUARDRAIL_VERDICT_KEYS, GUARDRAIL_VERDICT_RESULT_TYPE } from './mapping.ts';
import { normalizeProvider } from './normalize.ts';

/** Longest stored reason: the conventions ask for a short, low-cardinality text. */
const MAX_REASON_CHARS = 1024;
/** Longest stored name or value (LowCardinality columns: an attacker's megabyte id must not land there). */
const MAX_VALUE_CHARS = 256;

function first(attrs: AttrMap, keys: readonly string[], max = MAX_VALUE_CHARS): string {
  for (const k of keys) {
    const v = readString(attrs[k]);
    if (v !== '') return v.length > max ? v.slice(0, max) : v;
  }
  return '';
}

/**
 * Reads a guardrail result. `fallback` (the span's own result, for its events) fills what an event
 * does not repeat: the component, provider, policy and source.
 */
export function readGuardrail(attrs: AttrMap, fallback?: GuardrailResult): GuardrailResult {
  let resultType = first(attrs, GUARDRAIL_FIELDS.resultType);
  let resultValue = first(attrs, GUARDRAIL_FIELDS.resultValue);
  if (resultType === '' && resultValue === '') {
    const verdict = first(attrs, GUARDRAIL_VERDICT_KEYS);
    if (verdict !== '') {
      resultType = GUARDRAIL_VERDICT_RESULT_TYPE;
      resultValue = verdict;
    }
  }
  let riskScore: number | null = null;
  for (const k of GUARDRAIL_FIELDS.riskScore) {
    riskScore = readNumber(attrs[k]);
    if (riskScore !== null) break;
  }
  const provider = normalizeProvider(readString(attrs[ATTR.PROVIDER_NAME])).slice(0, MAX_VALUE_CHARS);
  return {
    guardrail: first(attrs, GUARDRAIL_FIELDS.guardrail) || (fallback?.guardrail ?? ''),
    provider: provider || (fallback?.provider ?? ''),
    policyId: first(attrs, GUARDRAIL_FIELDS.policyId) || (fallback?.policyId ?? ''),
    policyVersion: first(attrs, GUARDRAIL_FIELDS.policyVersion) || (fallback?.policyVersion ?? ''),
    ruleId: first(attrs, GUARDRAIL_FIELDS.ruleId),
    source: first(attrs, GUARDRAIL_FIELDS.source) || (fallback?.source ?? ''),
    resultType,
    resultValue,
    reason: first(attrs, GUARDRAIL_FIELDS.reason, MAX_REASON_CHARS),
    riskCategory: first(attrs, GUARDRAIL_FIELDS.riskCategory),
    riskScore,
    errorType: first(attrs, [ATTR.ERROR_TYPE]),
  };
}

/**
 * The guardrail a span checked, from its name when no attribute names it: semconv names the span
 * "apply_guardrail {name}"; OpenInference GUARDRAIL spans are named after the guard itself.
 */
export function guardrailNameFromSpan(spanName: string, operation: string): string {
  const name = spanName.startsWith(operation + ' ') ? spanName.slice(operation.length + 1).trim() : spanName.trim();
  return name === operation ? '' : name.slice(0, MAX_VALUE_CHARS);
}
