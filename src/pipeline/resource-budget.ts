/**
 * The resource attributes stored with each span row (otel_traces.ResourceAttributes, the OTel
 * Collector ClickHouse exporter's column, which Grafana's trace view reads) are a copy per span.
 * A hostile or careless resource (one 1 MB attribute on 600 spans) must not multiply into GBs of
 * rows, or into a string longer than V8 allows: each row's copy is bounded.
 *
 * Budget per row: RESOURCE_ROW_BYTES, lowered for requests with many spans so the copies of one
 * resource stay within RESOURCE_REQUEST_BYTES, but never below RESOURCE_ROW_MIN_BYTES (real
 * resources — service, host, k8s, process attributes — are 1–4 KB). Within the budget, a string
 * value longer than VALUE_CHARS is cut to it, attributes are kept in wire order, and those that
 * no longer fit are dropped; service.name is always kept. What was cut is counted.
 */
import type { AttrMap } from '../otlp/types.ts';
import { attrToString } from '../store/attr-format.ts';

export const RESOURCE_ROW_BYTES = 32 * 1024;
export const RESOURCE_ROW_MIN_BYTES = 4 * 1024;
export const RESOURCE_REQUEST_BYTES = 16 * 1024 * 1024;
const VALUE_CHARS = 4 * 1024;

export interface ResourceCut {
  /** The map to store with each span row (the same object when nothing had to be cut). */
  attributes: AttrMap;
  droppedAttributes: number;
  truncatedValues: number;
}

export function resourceRowBudget(spans: number): number {
  return Math.max(RESOURCE_ROW_MIN_BYTES, Math.min(RESOURCE_ROW_BYTES, Math.floor(RESOURCE_REQUEST_BYTES / Math.max(1, spans))));
}

/** The resource attributes bounded to `budget` bytes of key and value text (UTF-16 units, a close proxy). */
export function boundResourceAttributes(attributes: AttrMap, budget: number): ResourceCut {
  let size = 0;
  for (const k in attributes) {
    size += k.length + attrToString(attributes[k]!).length + 8;
    if (size > budget) break;
  }
  if (size <= budget) return { attributes, droppedAttributes: 0, truncatedValues: 0 };
  const out = Object.create(null) as AttrMap;
  let used = 0;
  let droppedAttributes = 0;
  let truncatedValues = 0;
  const service = attributes['service.name'];
  if (service !== undefined) {
    const text = attrToString(service);
    const kept = text.length > VALUE_CHARS ? text.slice(0, VALUE_CHARS) : service;
    if (kept !== service) truncatedValues++;
    out['service.name'] = kept;
    used += 'service.name'.length + (typeof kept === 'string' ? kept.length : text.length) + 8;
  }
  for (const k in attributes) {
    if (k === 'service.name') continue;
    const v = attributes[k]!;
    let text = attrToString(v);
    let cut = false;
    if (text.length > VALUE_CHARS) {
      text = text.slice(0, VALUE_CHARS);
      cut = true;
    }
    const cost = k.length + text.length + 8;
    if (used + cost > budget) {
      droppedAttributes++;
      continue;
    }
    used += cost;
    out[k] = cut ? text : v;
    if (cut) truncatedValues++;
  }
  return { attributes: out, droppedAttributes, truncatedValues };
}
