import type { AttrMap, AttrValue } from '../otlp/types.ts';
import { ATTR, LLMSCOPE_ATTR, OPERATION, PROVIDER } from '@llmscope/semconv';
import { readBool, readNumber, readPath, readString, readStringList } from './attrs.ts';
import { readContentSource, type TextSink } from './content.ts';
import {
  BOOLEAN_FIELDS,
  CONTENT_SOURCES,
  CONVENTION_HINTS,
  EXCEPTION_EVENT,
  EXCEPTION_TYPE_KEY,
  GENAI_MARKER_KEYS,
  LIST_FIELDS,
  NUMBER_FIELDS,
  OPENINFERENCE_PROVIDER,
  OPENINFERENCE_SPAN_KIND,
  OPENINFERENCE_SYSTEM,
  OPENLLMETRY_REQUEST_TYPE,
  OPERATION_SOURCES,
  PROVIDER_SOURCES,
  RESOURCE_FALLBACK_FIELDS,
  STRING_FIELDS,
  VERCEL_OPERATION_ID,
  type AttrSource,
  type ContentSource,
  type Convention,
} from './mapping.ts';
import {
  normalizeOperation,
  normalizeProvider,
  operationFromOpenInferenceKind,
  providerFromOpenInference,
  WRAPPER_OPERATIONS,
} from './normalize.ts';
import { normalizeUsage } from './tokens.ts';
import type { LlmCall, SpanContext } from './types.ts';

const SPAN_KIND_CLIENT = 3;
const STATUS_ERROR = 2;
/** Semconv's error.type fallback when the error has no better name. */
const ERROR_TYPE_OTHER = '_OTHER';

/**
 * Reads one span as an LLM call, or returns null when it is not a GenAI operation.
 *
 * Wrapper spans (how tokens and cost are never counted twice):
 * - Vercel AI SDK: only the provider calls (ai.*.doGenerate / doStream / doEmbed) are calls; the outer
 *   ai.generateText / ai.streamText / ai.embed … spans repeat their children's usage and return null.
 *   ai.toolCall spans become execute_tool calls. Newer SDKs put gen_ai.* on the same inner span; it is
 *   one span, so one call.
 * - invoke_agent / create_agent / execute_tool / invoke_workflow spans are read (ingest stores them in
 *   agent_spans, not llm_calls: src/genai/agents.ts) with zero tokens and no provided cost, because the
 *   model calls inside them carry the usage. apply_guardrail spans are read too (→ guardrail_results). Exception: a CLIENT-kind agent span is a call to a remote agent service (semconv
 *   uses CLIENT for remote agents, INTERNAL for in-process ones); it has no child model spans, so it
 *   keeps its usage.
 * - retrieval (semconv; OpenInference RETRIEVER) and rerank (OpenInference RERANKER) spans are read as
 *   steps (agent_spans, like tools), never model calls: the embeddings call of a retriever is its own
 *   span. OpenInference GUARDRAIL spans are read as apply_guardrail.
 * - OpenInference CHAIN / EVALUATOR / PROMPT spans are not GenAI operations: null.
 */
export function understandSpan(ctx: SpanContext): LlmCall | null {
  const attrs = ctx.spanAttributes;
  if (!hasGenAiMarker(attrs)) return null;

  const convention = detectConvention(ctx);
  const operation = resolveOperation(ctx, convention);
  if (operation === null) return null;

  const provider = resolveProvider(attrs, convention);
  const responseModel = stringField(ctx, 'responseModel');
  // request_model is in the llm_calls sort key; a span that names only the served model still groups by it.
  const requestModel = stringField(ctx, 'requestModel') || responseModel;

  const usage = normalizeUsage(
    {
      input: numberField(attrs, NUMBER_FIELDS.inputTokens) ?? 0,
      output: numberField(attrs, NUMBER_FIELDS.outputTokens) ?? 0,
      cacheRead: numberField(attrs, NUMBER_FIELDS.cacheReadTokens) ?? 0,
      cacheWrite: numberField(attrs, NUMBER_FIELDS.cacheWriteTokens) ?? 0,
      reasoning: numberField(attrs, NUMBER_FIELDS.reasoningTokens) ?? 0,
      total: numberField(attrs, NUMBER_FIELDS.totalTokens),
    },
    cacheInInputByConvention(attrs, convention, provider),
  );
  const countsUsage = !WRAPPER_OPERATIONS.has(operation) || ctx.spanKind === SPAN_KIND_CLIENT;

  const ttftRaw = numberField(attrs, NUMBER_FIELDS.ttftMs);
  // Absurd values (negative, NaN, infinite) are not reported values.
  const ttftMs = ttftRaw !== null && Number.isFinite(ttftRaw) && ttftRaw >= 0 ? ttftRaw : null;
  const stream =
    booleanField(attrs, BOOLEAN_FIELDS.stream) ??
    (convention === 'vercel-ai' ? readString(attrs[VERCEL_OPERATION_ID]).endsWith('.doStream') : ttftMs !== null);

  const text = readContent(ctx, convention);

  return {
    operation,
    provider,
    requestModel,
    responseModel,
    responseId: stringField(ctx, 'responseId'),
    inputTokens: countsUsage ? usage.input : 0,
    outputTokens: countsUsage ? usage.output : 0,
    cacheReadTokens: countsUsage ? usage.cacheRead : 0,
    cacheWriteTokens: countsUsage ? usage.cacheWrite : 0,
    reasoningTokens: countsUsage ? usage.reasoning : 0,
    tokensEstimated: booleanField(attrs, BOOLEAN_FIELDS.tokensEstimated) ?? false,
    providedCostUsd: countsUsage ? nonNegative(numberField(attrs, NUMBER_FIELDS.providedCostUsd)) : null,
    ttftMs,
    stream,
    finishReasons: listField(attrs, LIST_FIELDS.finishReasons),
    errorType: resolveErrorType(ctx),
    userId: stringField(ctx, 'userId'),
    sessionId: stringField(ctx, 'sessionId'),
    promptName: stringField(ctx, 'promptName'),
    promptVersion: stringField(ctx, 'promptVersion'),
    serverAddress: stringField(ctx, 'serverAddress'),
    systemFingerprint: capped(stringField(ctx, 'systemFingerprint'), API_VALUE_MAX),
    serviceTier: capped(stringField(ctx, 'serviceTier'), API_VALUE_MAX),
    httpStatus: httpStatus(numberField(attrs, NUMBER_FIELDS.httpStatus)),
    apiVersion: capped(stringField(ctx, 'apiVersion'), API_VALUE_MAX),
    apiDeprecation: capped(stringField(ctx, 'apiDeprecation'), API_TEXT_MAX),
    apiSunset: capped(stringField(ctx, 'apiSunset'), API_TEXT_MAX),
    sdkDeprecationWarning: capped(stringField(ctx, 'sdkDeprecationWarning'), API_TEXT_MAX),
    inputText: text.input.join('\n'),
    outputText: text.output.join('\n'),
    contextText: text.context.join('\n'),
    convention,
    requestHash: hashField(attrs[LLMSCOPE_ATTR.REQUEST_HASH]),
    requestHashNormalized: hashField(attrs[LLMSCOPE_ATTR.REQUEST_HASH_NORMALIZED]),
    maxTokens: maxTokensField(numberField(attrs, NUMBER_FIELDS.maxTokens)),
    cacheHit: booleanField(attrs, BOOLEAN_FIELDS.cacheHit) ?? false,
  };
}

/**
 * Fingerprints, tiers and versions are short identifiers; headers and warnings a sentence. Longer
 * values (garbage or an attack) are cut, so they stay cheap in LowCardinality columns and in the
 * api_changes keys built from them.
 */
const API_VALUE_MAX = 128;
const API_TEXT_MAX = 512;

function capped(s: string, max: number): string {
  return s.length > max ? s.slice(0, max) : s;
}

/** A real HTTP status (100–599), else 0. */
function httpStatus(n: number | null): number {
  return n !== null && Number.isInteger(n) && n >= 100 && n <= 599 ? n : 0;
}

/** The hot path for every non-GenAI span: a handful of property lookups. */
function hasGenAiMarker(attrs: AttrMap): boolean {
  for (let i = 0; i < GENAI_MARKER_KEYS.length; i++) {
    if (attrs[GENAI_MARKER_KEYS[i]!] !== undefined) return true;
  }
  return false;
}

function detectConvention(ctx: SpanContext): Convention {
  const attrs = ctx.spanAttributes;
  if (attrs[VERCEL_OPERATION_ID] !== undefined) return 'vercel-ai';
  if (attrs[OPENINFERENCE_SPAN_KIND] !== undefined) return 'openinference';
  if (
    attrs[CONVENTION_HINTS.openlitCostKey] !== undefined ||
    ctx.scopeName.startsWith(CONVENTION_HINTS.openlitScopePrefix) ||
    ctx.resourceAttributes['telemetry.sdk.name'] === CONVENTION_HINTS.openlitSdkName
  ) {
    return 'openlit';
  }
  if (ctx.scopeName.startsWith(CONVENTION_HINTS.openllmetryScopePrefix)) return 'openllmetry';
  for (const key of CONVENTION_HINTS.openllmetryKeys) if (attrs[key] !== undefined) return 'openllmetry';
  if (attrs[ATTR.PROVIDER_NAME] !== undefined) return 'semconv';
  if (attrs[ATTR.DEPRECATED_SYSTEM] !== undefined || attrs[ATTR.DEPRECATED_USAGE_PROMPT_TOKENS] !== undefined) return 'semconv-deprecated';
  return 'semconv';
}

/** Vercel AI SDK operation ids that are provider calls; every other ai.* span wraps them. */
const VERCEL_CALL_SUFFIXES: ReadonlyArray<readonly [string, string]> = [
  ['.doGenerate', OPERATION.CHAT],
  ['.doStream', OPERATION.CHAT],
  ['.doEmbed', OPERATION.EMBEDDINGS],
];
const VERCEL_TOOL_CALL = 'ai.toolCall';

/** Span names start with the operation in semconv ("chat gpt-4"), which covers spans that omit it. */
const OPERATIONS_BY_SPAN_NAME: ReadonlySet<string> = new Set<string>([
  OPERATION.CHAT,
  OPERATION.TEXT_COMPLETION,
  OPERATION.EMBEDDINGS,
  OPERATION.GENERATE_CONTENT,
  OPERATION.INVOKE_AGENT,
  OPERATION.CREATE_AGENT,
  OPERATION.EXECUTE_TOOL,
  OPERATION.INVOKE_WORKFLOW,
  OPERATION.APPLY_GUARDRAIL,
  OPERATION.RETRIEVAL,
]);

function resolveOperation(ctx: SpanContext, convention: Convention): string | null {
  const attrs = ctx.spanAttributes;
  if (convention === 'vercel-ai') {
    const opId = readString(attrs[VERCEL_OPERATION_ID]);
    if (opId === VERCEL_TOOL_CALL) return OPERATION.EXECUTE_TOOL;
    for (const [suffix, op] of VERCEL_CALL_SUFFIXES) if (opId.endsWith(suffix)) return op;
    return null;
  }
  let openInferenceOp: string | null = null;
  if (convention === 'openinference') {
    openInferenceOp = operationFromOpenInferenceKind(readString(attrs[OPENINFERENCE_SPAN_KIND]));
    if (openInferenceOp === null) return null;
  }
  const declared = readString(firstPresent(attrs, OPERATION_SOURCES));
  if (declared !== '') return normalizeOperation(declared);
  if (openInferenceOp !== null) return openInferenceOp;
  const fromName = ctx.spanName.split(' ', 1)[0]!.toLowerCase();
  if (OPERATIONS_BY_SPAN_NAME.has(fromName)) return fromName;
  const model = readString(attrs[ATTR.REQUEST_MODEL]).toLowerCase();
  return model.includes('embed') ? OPERATION.EMBEDDINGS : OPERATION.CHAT;
}

/** Endpoint hosts that name the provider when no attribute does. */
const PROVIDER_BY_HOST_SUFFIX: ReadonlyArray<readonly [string, string]> = [
  ['api.openai.com', PROVIDER.OPENAI],
  ['.openai.azure.com', PROVIDER.AZURE_OPENAI],
  ['api.anthropic.com', PROVIDER.ANTHROPIC],
  ['generativelanguage.googleapis.com', PROVIDER.GCP_GEMINI],
  ['aiplatform.googleapis.com', PROVIDER.GCP_VERTEX_AI],
  ['.amazonaws.com', PROVIDER.AWS_BEDROCK],
  ['api.mistral.ai', PROVIDER.MISTRAL],
  ['api.groq.com', PROVIDER.GROQ],
  ['api.deepseek.com', PROVIDER.DEEPSEEK],
  ['api.cohere.com', PROVIDER.COHERE],
];

function resolveProvider(attrs: AttrMap, convention: Convention): string {
  if (convention === 'openinference') {
    const host = readString(attrs[OPENINFERENCE_PROVIDER]);
    const system = readString(attrs[OPENINFERENCE_SYSTEM]);
    if (host !== '' || system !== '') return providerFromOpenInference(host, system);
  }
  const declared = readString(firstPresent(attrs, PROVIDER_SOURCES));
  if (declared !== '') return normalizeProvider(declared);
  const host = readString(attrs[ATTR.SERVER_ADDRESS]).toLowerCase();
  if (host !== '') for (const [suffix, provider] of PROVIDER_BY_HOST_SUFFIX) if (host.endsWith(suffix)) return provider;
  return '';
}

/** Vercel AI SDK v6 reports inputTokens as the total with inputTokenDetails; before v6 it passed provider numbers through. */
const VERCEL_V6_INPUT_DETAIL_KEYS = [
  'ai.usage.inputTokenDetails.noCacheTokens',
  'ai.usage.inputTokenDetails.cacheReadTokens',
  'ai.usage.inputTokenDetails.cacheWriteTokens',
];
/** Providers whose APIs count cache reads/writes outside input tokens. */
const CACHE_OUTSIDE_INPUT_PROVIDERS: ReadonlySet<string> = new Set<string>([PROVIDER.ANTHROPIC, PROVIDER.AWS_BEDROCK]);

function cacheInInputByConvention(attrs: AttrMap, convention: Convention, provider: string): boolean {
  if (convention !== 'vercel-ai') return true; // what the semconv asks of every instrumentation
  for (const key of VERCEL_V6_INPUT_DETAIL_KEYS) if (attrs[key] !== undefined) return true;
  return !CACHE_OUTSIDE_INPUT_PROVIDERS.has(provider);
}

function resolveErrorType(ctx: SpanContext): string {
  const declared = readString(ctx.spanAttributes[ATTR.ERROR_TYPE]);
  if (declared !== '') return declared;
  if (ctx.statusCode !== STATUS_ERROR) return '';
  for (const event of ctx.events) {
    if (event.name !== EXCEPTION_EVENT) continue;
    const type = readString(event.attributes[EXCEPTION_TYPE_KEY]);
    if (type !== '') return type;
  }
  return ERROR_TYPE_OTHER;
}

function readContent(ctx: SpanContext, convention: Convention): TextSink {
  const sink: TextSink = { input: [], output: [], context: [] };
  for (const source of CONTENT_SOURCES.input) if (readFromSpanOrEvent(ctx, convention, source, 'input', sink)) break;
  for (const source of CONTENT_SOURCES.output) if (readFromSpanOrEvent(ctx, convention, source, 'output', sink)) break;
  for (const source of CONTENT_SOURCES.context) readFromSpanOrEvent(ctx, convention, source, 'context', sink);
  return sink;
}

function readFromSpanOrEvent(ctx: SpanContext, convention: Convention, source: ContentSource, side: keyof TextSink, sink: TextSink): boolean {
  if (source.only !== undefined && source.only !== convention) return false;
  if (source.event === undefined) return readContentSource(source, ctx.spanAttributes, side, sink);
  let found = false;
  for (const event of ctx.events) {
    if (event.name === source.event && readContentSource(source, event.attributes, side, sink)) found = true;
  }
  return found;
}

function firstPresent(attrs: AttrMap, sources: readonly AttrSource[]): AttrValue | undefined {
  for (const source of sources) {
    const v = readSource(attrs, source);
    if (v !== undefined && v !== null && v !== '') return v;
  }
  return undefined;
}

function readSource(attrs: AttrMap, source: AttrSource): AttrValue | undefined {
  if (typeof source === 'string') return attrs[source];
  if ('path' in source) return readPath(attrs[source.key], source.path);
  const n = readNumber(attrs[source.key]);
  return n === null ? undefined : n * source.scale;
}

type StringField = keyof typeof STRING_FIELDS;
type ResourceField = (typeof RESOURCE_FALLBACK_FIELDS)[number];
const RESOURCE_FALLBACK: ReadonlySet<StringField> = new Set<StringField>(RESOURCE_FALLBACK_FIELDS);

function stringField(ctx: SpanContext, field: StringField): string {
  const fromSpan = readString(firstPresent(ctx.spanAttributes, STRING_FIELDS[field]));
  if (fromSpan !== '' || !RESOURCE_FALLBACK.has(field)) return fromSpan;
  return resourceFields(ctx.resourceAttributes)[field as ResourceField];
}

/** Every span of a ResourceSpans shares one resource attribute object: read its fallbacks once. */
const resourceFieldCache = new WeakMap<AttrMap, Readonly<Record<ResourceField, string>>>();

function resourceFields(resource: AttrMap): Readonly<Record<ResourceField, string>> {
  let fields = resourceFieldCache.get(resource);
  if (fields === undefined) {
    const read = (f: ResourceField) => readString(firstPresent(resource, STRING_FIELDS[f]));
    fields = { userId: read('userId'), sessionId: read('sessionId'), promptName: read('promptName'), promptVersion: read('promptVersion') };
    resourceFieldCache.set(resource, fields);
  }
  return fields;
}

function numberField(attrs: AttrMap, sources: readonly AttrSource[]): number | null {
  for (const source of sources) {
    const n = readNumber(readSource(attrs, source));
    if (n !== null) return n;
  }
  return null;
}

function booleanField(attrs: AttrMap, sources: readonly AttrSource[]): boolean | null {
  for (const source of sources) {
    const b = readBool(readSource(attrs, source));
    if (b !== null) return b;
  }
  return null;
}

function listField(attrs: AttrMap, sources: readonly AttrSource[]): string[] {
  const v = firstPresent(attrs, sources);
  return v === undefined ? [] : readStringList(v);
}

const HASH_RE = /^[0-9a-f]{16,64}$/;

/** A request hash is hex of bounded length; anything else a sender put there is dropped. */
function hashField(v: AttrValue | undefined): string {
  const s = typeof v === 'string' ? v.toLowerCase() : '';
  return HASH_RE.test(s) ? s : '';
}

/** max_tokens as the UInt32 column holds it: a positive integer, else 0 (not set). */
function maxTokensField(v: number | null): number {
  return v !== null && Number.isFinite(v) && v >= 1 ? Math.min(Math.floor(v), 0xffff_ffff) : 0;
}

function nonNegative(v: number | null): number | null {
  return v !== null && Number.isFinite(v) && v >= 0 ? v : null;
}
