import { GEN_AI_EVENT, OPERATION } from '@llmscope/semconv';
import { AGENT_SPAN_OPERATIONS, readAgentSpan } from '../genai/agents.ts';
import { guardrailNameFromSpan, readGuardrail } from '../genai/guardrails.ts';
import { CONTENT_EVENT_NAMES, contentPiece, evaluationOf, toSpanEvents, type ContentPiece } from '../genai/events.ts';
import { EventJoin } from './event-join.ts';
import { evaluationScoreJson } from './evaluation-scores.ts';
import { countSpans, type AttrMap, type AttrValue, type ExportTraceRequest, type Span } from '../otlp/types.ts';
import type { LlmCall, SpanContext } from '../genai/types.ts';
import type { CostResult } from '../pricing/types.ts';
import type { BatchWriter, WriteUnit } from '../store/batch-writer.ts';
import { attrMapJson } from '../store/attr-format.ts';
import { boundResourceAttributes, resourceRowBudget } from './resource-budget.ts';
import { serviceNameOf, traceRowJson, traceRowJsonIn, traceScopeJson } from '../store/tables/otel_traces.ts';
import { TraceTimeRanges } from '../store/tables/otel_traces_trace_id_ts.ts';
import { llmCallRowJson, NO_SCORES, type LlmCallRowInput } from '../store/tables/llm_calls.ts';
import { agentSpanRowJson } from '../store/tables/agent_spans.ts';
import { guardrailRowJson, type GuardrailResult } from '../store/tables/guardrail_results.ts';
import { countLines } from '../util/lines.ts';
import { RowBytes } from '../store/row-bytes.ts';

export type UnderstandFn = (ctx: SpanContext) => LlmCall | null;
export type PriceFn = (call: LlmCall) => CostResult;

/** Enrichment of LLM calls that carry content: scores, redaction. Runs off the request path. */
export interface Enricher {
  /** Whether this call must go through enrichment before it is stored. */
  wants(call: LlmCall): boolean;
  /** Scores (and redacts) the rows; fills row.scores, may rewrite texts; returns extra score lines and replacement trace lines. */
  enrich(items: EnrichItem[]): Promise<EnrichOutput>;
}

export interface EnrichItem {
  row: LlmCallRowInput;
  /** The otel_traces line of the same span (rewritten when redaction is on). */
  traceLine: string;
  /** Rebuilds the trace line with redacted attributes; supplied by ingest. */
  rebuildTraceLine: (redact: (s: string) => string) => string;
  /** Every string attribute value of the span and its events (what redaction must see). */
  collectStrings: () => string[];
}

export interface EnrichOutput {
  llmCallLines: string;
  scoreLines: string;
  traceLines: string;
}

export interface IngestOptions {
  writer: BatchWriter;
  understand: UnderstandFn;
  price: PriceFn;
  enricher?: Enricher;
  /** Rows being enriched count against the writer's bound too. */
  maxEnrichingRows?: number;
  onEnrichError?: (e: unknown) => void;
  /** GenAI content that arrives as events (log records, other requests): joined to calls here. */
  events?: EventJoin;
  /** --redact: applied to every string of a request before its rows are built (redact-signals.ts). */
  redactRequest?: (req: ExportTraceRequest) => ExportTraceRequest;
  /** Sees every LLM call with captured content once its row is final (redacted, scored): the LLM judge's feed. */
  onContentCall?: (row: LlmCallRowInput) => void;
  /** Sees each request accept() took, as stored (redacted): forwarding's feed (not called by build/replay). */
  onAccepted?: (req: ExportTraceRequest) => void;
}

export type AcceptResult = { ok: true; spans: number; llmCalls: number } | { ok: false; reason: 'overloaded' };

/**
 * Turns a decoded, validated OTLP request into rows: every span → otel_traces, every model-call span →
 * llm_calls (priced), agent/workflow/tool spans → agent_spans, guardrail spans and result events →
 * guardrail_results. Rows without content go straight to the batch writer; calls with content go
 * through enrichment first (worker threads), then to the writer — never inside the HTTP handler.
 */
export class Ingest {
  readonly #o: IngestOptions;
  #enrichingRows = 0;
  readonly counters = { spans: 0, llmCalls: 0, unpriced: 0, enrichFailures: 0, resourceAttributesDropped: 0, resourceValuesTruncated: 0, redactionFailures: 0 };

  constructor(o: IngestOptions) {
    this.#o = o;
  }

  get enrichingRows(): number {
    return this.#enrichingRows;
  }

  /** Rows that need this many more slots in the writer's bound (worst case: every span is a call). */
  hasCapacity(spans: number): boolean {
    const maxEnriching = this.#o.maxEnrichingRows ?? 200_000;
    return this.#o.writer.hasCapacity(spans * 2 + this.#enrichingRows) && this.#enrichingRows <= maxEnriching;
  }

  /**
   * Builds the rows of a request and queues them in the writer (after enrichment, for calls with
   * content). `onStored` runs once every row of the request is confirmed stored.
   */
  /**
   * `onFailed`: building or queueing the rows failed after accept() returned (the rows will never
   * be stored): the caller takes the request out of the write-ahead log.
   */
  accept(req: ExportTraceRequest, projectId: string, opts: { onStored?: () => void; walSeq?: number; onFailed?: (e: unknown) => void } = {}): AcceptResult {
    const spanCount = countSpans(req);
    if (!this.hasCapacity(spanCount)) return { ok: false, reason: 'overloaded' };
    if (this.#o.redactRequest) req = this.#o.redactRequest(req);
    const p = this.#prepare(req, projectId, true);
    if (p.waiting.length > 0) {
      // Calls whose content comes as events still to arrive: the request waits (bounded) for them,
      // its rows counted against the bound meanwhile, then is built again with what arrived.
      const reserved = spanCount * 2;
      this.#enrichingRows += reserved;
      const events = this.#o.events!;
      void events
        .waitFor(p.waiting)
        .then(async () => {
          const again = this.#prepare(req, projectId, false);
          const unit = again.toEnrich.length === 0 ? this.#unit(again, '', '', '', 0, opts) : (await this.#enrich(again))(opts);
          while (!this.#o.writer.enqueue(unit)) await new Promise((r) => setTimeout(r, 20));
        })
        .catch((e: unknown) => opts.onFailed?.(e))
        .finally(() => {
          this.#enrichingRows -= reserved;
        });
      return this.#accepted(req, p);
    }
    if (p.toEnrich.length === 0) {
      if (!this.#o.writer.enqueue(this.#unit(p, '', '', '', 0, opts))) return { ok: false, reason: 'overloaded' };
      return this.#accepted(req, p);
    }
    // The request's direct rows and its enriched rows travel as one unit, so onStored means "all of it".
    const reserved = p.toEnrich.length * 2;
    this.#enrichingRows += reserved;
    void this.#enrich(p)
      .then(async (unitOf) => {
        const unit = unitOf(opts);
        // Capacity was reserved at accept time; wait for room rather than drop acknowledged rows.
        while (!this.#o.writer.enqueue(unit)) await new Promise((r) => setTimeout(r, 20));
      })
      .catch((e: unknown) => opts.onFailed?.(e))
      .finally(() => {
        this.#enrichingRows -= reserved;
      });
    return this.#accepted(req, p);
  }

  #accepted(req: ExportTraceRequest, p: { spanCount: number; callCount: number }): AcceptResult {
    this.#o.onAccepted?.(req);
    return { ok: true, spans: p.spanCount, llmCalls: p.callCount };
  }

  /** Builds (and enriches) the rows of a request without queueing them: for write-ahead-log replay. */
  async build(req: ExportTraceRequest, projectId: string, walSeq?: number): Promise<WriteUnit> {
    if (this.#o.redactRequest) req = this.#o.redactRequest(req);
    const p = this.#prepare(req, projectId, false);
    if (p.toEnrich.length === 0) return this.#unit(p, '', '', '', 0, { walSeq });
    return (await this.#enrich(p))({ walSeq });
  }

  /**
   * `live`: a request just received — calls that may still get their content from events are
   * listed in `waiting` (and counted); otherwise the rows are built with what has arrived.
   */
  #prepare(req: ExportTraceRequest, projectId: string, live: boolean): Prepared {
    const join = this.#o.events;
    const waiting: string[] = [];
    let evalScores = '';
    let evalRows = 0;
    let agentSpans = '';
    let agentRows = 0;
    let guardrails = '';
    let guardrailRows = 0;
    const contentRows: LlmCallRowInput[] = [];
    const spansInRequest = countSpans(req);
    // Encoded to UTF-8 as they are built (row-bytes.ts), not as one string per request.
    const traces = new RowBytes(spansInRequest * TRACE_ROW_BYTES);
    const calls = new RowBytes(spansInRequest * CALL_ROW_BYTES);
    let spanCount = 0;
    let callCount = 0;
    let unpriced = 0;
    const toEnrich: EnrichItem[] = [];
    const traceRanges = new TraceTimeRanges();
    const rowBudget = resourceRowBudget(spansInRequest);
    let resourceDropped = 0;
    let resourceTruncated = 0;
    for (const rs of req.resourceSpans) {
      const resAttrs = rs.resource.attributes;
      const serviceName = serviceNameOf(resAttrs);
      const environment = environmentOf(resAttrs);
      // Copied into every span row: bounded per row (see resource-budget.ts).
      const bounded = boundResourceAttributes(resAttrs, rowBudget);
      resourceDropped += bounded.droppedAttributes;
      resourceTruncated += bounded.truncatedValues;
      const resJson = attrMapJson(bounded.attributes);
      for (const ss of rs.scopeSpans) {
        const scopeName = ss.scope.name;
        const scopeVersion = ss.scope.version;
        const scopeJson = traceScopeJson(projectId, serviceName, resJson, scopeName, scopeVersion);
        for (const span of ss.spans) {
          if (FAULT !== null) injectFault(span.name);
          spanCount++;
          traceRanges.add(span.traceId, span.startTimeUnixNano);
          const traceLine = traceRowJsonIn(scopeJson, span);
          // Content and evaluations carried by events: on the span itself, or joined from log records.
          let pieces: ContentPiece[] | undefined;
          let guardrailEvents: number[] | undefined;
          for (let i = 0; i < span.events.length; i++) {
            const e = span.events[i]!;
            if (e.name === GEN_AI_EVENT.EVALUATION_RESULT) {
              const ev = evaluationOf(e.attributes);
              if (ev) {
                evalScores += evaluationScoreJson(projectId, e.timeUnixNano, span.traceId, span.spanId, serviceName, ev);
                evalRows++;
              }
            } else if (e.name === GEN_AI_EVENT.GUARDRAIL_RESULT) {
              (guardrailEvents ??= []).push(i);
            } else if (CONTENT_EVENT_NAMES.has(e.name) && e.name !== GEN_AI_EVENT.INFERENCE_OPERATION_DETAILS) {
              const piece = contentPiece(e.name, null, e.attributes, i);
              if (piece) (pieces ??= []).push(piece);
            }
          }
          const key = join && join.size > 0 ? EventJoin.key(projectId, span.traceId, span.spanId) : '';
          const joined = key ? join!.piecesFor(key) : undefined;
          if (joined) pieces = pieces ? [...pieces, ...joined] : [...joined];
          const call = this.#o.understand({
            resourceAttributes: resAttrs,
            spanAttributes: span.attributes,
            spanName: span.name,
            scopeName,
            statusCode: span.status.code,
            spanKind: span.kind,
            events: pieces ? [...span.events, ...toSpanEvents(pieces)] : span.events,
          });
          // Guardrail spans and result events (on any span) → guardrail_results.
          let spanGuardrail: GuardrailResult | undefined;
          if (call?.operation === OPERATION.APPLY_GUARDRAIL) {
            spanGuardrail = readGuardrail(span.attributes);
            if (spanGuardrail.errorType === '') spanGuardrail.errorType = call.errorType;
            if (spanGuardrail.guardrail === '') spanGuardrail.guardrail = guardrailNameFromSpan(span.name, call.operation);
            const durationNs = span.endTimeUnixNano - span.startTimeUnixNano;
            guardrails += guardrailRowJson({
              projectId, timeUnixNano: span.startTimeUnixNano, traceId: span.traceId, spanId: span.spanId, serviceName, environment,
              origin: 'span', result: spanGuardrail, durationMs: durationNs > 0n ? Number(durationNs) / 1e6 : 0,
            });
            guardrailRows++;
          }
          if (guardrailEvents) {
            for (const i of guardrailEvents) {
              const e = span.events[i]!;
              guardrails += guardrailRowJson({
                projectId, timeUnixNano: e.timeUnixNano || span.startTimeUnixNano, traceId: span.traceId, spanId: span.spanId, serviceName, environment,
                origin: 'span_event', result: readGuardrail(e.attributes, spanGuardrail), durationMs: null,
              });
              guardrailRows++;
            }
          }
          // Agent, workflow, tool and retrieval/rerank spans → agent_spans. Only a CLIENT agent span (a remote agent
          // service, which has no model spans of its own under it) also stays a model call.
          const agentKind = call ? AGENT_SPAN_OPERATIONS.get(call.operation) : undefined;
          if (call && agentKind !== undefined) {
            agentSpans += agentSpanRowJson({
              projectId,
              startTimeUnixNano: span.startTimeUnixNano,
              endTimeUnixNano: span.endTimeUnixNano,
              traceId: span.traceId,
              spanId: span.spanId,
              parentSpanId: span.parentSpanId,
              spanName: span.name,
              serviceName,
              environment,
              operation: call.operation,
              ...readAgentSpan(span.attributes, span.name, call.operation),
              provider: call.provider,
              requestModel: call.requestModel,
              remote: span.kind === SPAN_KIND_CLIENT,
              errorType: call.errorType,
              userId: call.userId,
              sessionId: call.sessionId,
              convention: call.convention,
            });
            agentRows++;
          }
          const modelCall =
            call !== null && call.operation !== OPERATION.APPLY_GUARDRAIL && (agentKind === undefined || (call.operation === OPERATION.INVOKE_AGENT && span.kind === SPAN_KIND_CLIENT));
          if (!modelCall) {
            traces.add(traceLine);
            continue;
          }
          if (live && join && call.inputText === '' && call.outputText === '' && join.expectsEvents(projectId, serviceName, scopeName)) {
            const k = key || EventJoin.key(projectId, span.traceId, span.spanId);
            if (!join.complete(k)) waiting.push(k);
          }
          callCount++;
          const cost = this.#o.price(call);
          if (!cost.priced) unpriced++;
          const row: LlmCallRowInput = {
            projectId,
            startTimeUnixNano: span.startTimeUnixNano,
            endTimeUnixNano: span.endTimeUnixNano,
            traceId: span.traceId,
            spanId: span.spanId,
            parentSpanId: span.parentSpanId,
            spanName: span.name,
            serviceName,
            environment,
            call,
            cost,
            scores: { ...NO_SCORES },
          };
          if (this.#o.enricher?.wants(call)) {
            toEnrich.push({
              row,
              traceLine,
              rebuildTraceLine: (redact) => traceRowJson(projectId, serviceName, resJson, scopeName, scopeVersion, redactSpan(span, redact)),
              collectStrings: () => collectSpanStrings(span),
            });
          } else {
            traces.add(traceLine);
            calls.add(llmCallRowJson(row));
            if (this.#o.onContentCall && (call.inputText !== '' || call.outputText !== '')) contentRows.push(row);
          }
        }
      }
    }
    if (waiting.length === 0) {
      // Counted once: a held request is prepared again when its events are in.
      this.counters.spans += spanCount;
      this.counters.llmCalls += callCount;
      this.counters.unpriced += unpriced;
      this.counters.resourceAttributesDropped += resourceDropped;
      this.counters.resourceValuesTruncated += resourceTruncated;
      for (const row of contentRows) this.#o.onContentCall!(row);
    }
    return {
      spanCount, callCount, traces: traces.bytes(), calls: calls.bytes(), traceIds: traceRanges.rowsJson(projectId), traceIdRows: traceRanges.size, toEnrich, waiting, evalScores, evalRows,
      agentSpans, agentRows, guardrails, guardrailRows,
    };
  }

  #unit(p: Prepared, extraTraces: string, extraCalls: string, scoreLines: string, scoreRows: number, opts: { onStored?: () => void; walSeq?: number }): WriteUnit {
    return {
      lines: {
        otel_traces: withText(p.traces, extraTraces),
        otel_traces_trace_id_ts: p.traceIds,
        llm_calls: withText(p.calls, extraCalls),
        scores: scoreLines + p.evalScores,
        agent_spans: p.agentSpans,
        guardrail_results: p.guardrails,
      },
      rows: p.spanCount + p.callCount + p.traceIdRows + scoreRows + p.evalRows + p.agentRows + p.guardrailRows,
      counts: {
        otel_traces: p.spanCount,
        otel_traces_trace_id_ts: p.traceIdRows,
        llm_calls: p.callCount,
        scores: scoreRows + p.evalRows,
        agent_spans: p.agentRows,
        guardrail_results: p.guardrailRows,
      },
      onStored: opts.onStored,
      walSeq: opts.walSeq,
    };
  }

  /** Runs enrichment; resolves to a unit factory (never rejects: a failing scorer stores the rows unscored). */
  async #enrich(p: Prepared): Promise<(opts: { onStored?: () => void; walSeq?: number }) => WriteUnit> {
    const items = p.toEnrich;
    let out: EnrichOutput;
    try {
      out = await this.#o.enricher!.enrich(items);
    } catch (e) {
      this.counters.enrichFailures++;
      this.#o.onEnrichError?.(e);
      out = {
        llmCallLines: items.map((i) => llmCallRowJson(i.row)).join(''),
        traceLines: items.map((i) => i.traceLine).join(''),
        scoreLines: '',
      };
    }
    if (this.#o.onContentCall) for (const i of items) this.#o.onContentCall(i.row);
    const scoreRows = countLines(out.scoreLines);
    return (opts) => this.#unit(p, out.traceLines, out.llmCallLines, out.scoreLines, scoreRows, opts);
  }
}

interface Prepared {
  spanCount: number;
  callCount: number;
  /** otel_traces and llm_calls lines as UTF-8 (the calls that go through enrichment come later). */
  traces: Buffer;
  traceIds: string;
  traceIdRows: number;
  calls: Buffer;
  toEnrich: EnrichItem[];
  /** Join keys of calls waiting for content events (live requests only). */
  waiting: string[];
  /** scores rows from gen_ai.evaluation.result span events. */
  evalScores: string;
  evalRows: number;
  /** agent_spans rows (agent, workflow and tool spans). */
  agentSpans: string;
  agentRows: number;
  /** guardrail_results rows (apply_guardrail spans, gen_ai.guardrail.result span events). */
  guardrails: string;
  guardrailRows: number;
}

/** Starting room per span of a request's row buffers (bench payloads: ~1.2 KB per trace row, ~0.5 KB per call row). */
const TRACE_ROW_BYTES = 1024;
const CALL_ROW_BYTES = 256;

/** Lines built directly followed by lines that came back from enrichment. */
function withText(bytes: Buffer, text: string): Buffer {
  return text === '' ? bytes : Buffer.concat([bytes, Buffer.from(text, 'utf8')]);
}

/** OTLP SpanKind CLIENT: an agent span of this kind is a call to a remote agent service. */
const SPAN_KIND_CLIENT = 3;


function environmentOf(attrs: Record<string, unknown>): string {
  const v = attrs['deployment.environment.name'] ?? attrs['deployment.environment'];
  return typeof v === 'string' ? v : '';
}

/**
 * FAULT INJECTION for the poison-record tests only (never set in production):
 * LLMSCOPE_FAULT_INJECTION="throw:<span name>,crash:<span name>" makes building the rows of a span
 * with that name throw, or kill the process (as an out-of-memory kill would).
 */
const FAULT: ReadonlyMap<string, 'throw' | 'crash'> | null = (() => {
  const spec = process.env.LLMSCOPE_FAULT_INJECTION;
  if (!spec) return null;
  const m = new Map<string, 'throw' | 'crash'>();
  for (const part of spec.split(',')) {
    const [kind, name] = part.split(':');
    if ((kind === 'throw' || kind === 'crash') && name) m.set(name, kind);
  }
  return m;
})();

function injectFault(spanName: string): void {
  const kind = FAULT!.get(spanName);
  if (kind === 'throw') throw new Error(`fault injection: ${spanName}`);
  if (kind === 'crash') process.kill(process.pid, 'SIGKILL');
}

export function redactValue(v: AttrValue, redact: (s: string) => string): AttrValue {
  if (typeof v === 'string') return redact(v);
  if (Array.isArray(v)) return v.map((x) => redactValue(x, redact));
  if (v && typeof v === 'object' && !(v instanceof Uint8Array)) return redactMap(v, redact);
  return v;
}

export function redactMap(m: AttrMap, redact: (s: string) => string): AttrMap {
  const out = Object.create(null) as AttrMap; // no prototype: a "__proto__" key stays data
  for (const k in m) out[k] = redactValue(m[k]!, redact);
  return out;
}

/** A copy of the span with every string attribute value (span and events) passed through redact. */
function redactSpan(span: Span, redact: (s: string) => string): Span {
  return {
    ...span,
    attributes: redactMap(span.attributes, redact),
    events: span.events.map((e) => ({ ...e, attributes: redactMap(e.attributes, redact) })),
  };
}

function collectValueStrings(v: AttrValue, out: string[]): void {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) collectValueStrings(x, out);
  else if (v && typeof v === 'object' && !(v instanceof Uint8Array)) for (const k in v) collectValueStrings(v[k]!, out);
}

function collectSpanStrings(span: Span): string[] {
  const out: string[] = [];
  for (const k in span.attributes) collectValueStrings(span.attributes[k]!, out);
  for (const e of span.events) for (const k in e.attributes) collectValueStrings(e.attributes[k]!, out);
  return out;
}
