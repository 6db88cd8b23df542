import { SpanKind, SpanStatusCode, context, trace, type Attributes, type AttributeValue, type Context, type Span } from '@opentelemetry/api';
import { scopedAttributesIn } from '../context-attributes.ts';
import { reportInternalError } from '../internal/safety.ts';
import { ATTR, LLMSCOPE_ATTR, TOKEN_TYPE } from '@llmscope/semconv';
import {
  redactMessages,
  redactParts,
  serializeCapped,
  type ChatMessage,
  type MessagePart,
  type OutputMessage,
  type ToolDefinition,
} from './content.ts';
import { noteCallRecorded, noteCallStarted, type CallSpanSource } from './call-ids.ts';
import { DeferredSpan, type SpanStarter } from './deferred-span.ts';
import { defer, type DeferredRecord } from './deferred.ts';
import { errorClassName, errorHttpStatus, errorType } from './errors.ts';
import type { RecordingRuntime } from './runtime.ts';

/** What is known about an LLM call when it starts (all attribute values already in semconv names). */
export interface LlmRequest {
  operation: string;
  provider: string;
  model: string | undefined;
  serverAddress?: string;
  serverPort?: number;
  /** Set for operations that can stream (chat, text completion, generate content). */
  stream?: boolean;
  /** Request parameters: gen_ai.request.* and the like. */
  attributes?: Attributes;
}

export interface TokenUsage {
  /** All input tokens, cached ones included (semconv). */
  input?: number;
  output?: number;
  cacheRead?: number;
  /** Tokens written to the prompt cache (Anthropic: cache_creation_input_tokens; emitted as gen_ai.usage.cache_creation.input_tokens). */
  cacheWrite?: number;
  reasoning?: number;
}

export interface LlmResult {
  responseModel?: string;
  responseId?: string;
  finishReasons?: string[];
  usage?: TokenUsage;
  /** The usage counts come from the estimator, not the provider. */
  usageEstimated?: boolean;
  /** Extra response attributes (embeddings dimension count, service tier, …). */
  attributes?: Attributes;
  /** Output content; only read when content capture is on. */
  outputMessages?: OutputMessage[];
}

export interface RequestContent {
  inputMessages?: ChatMessage[];
  systemInstructions?: MessagePart[];
}

function put(attributes: Attributes, key: string, value: AttributeValue | undefined | null): void {
  if (value !== undefined && value !== null) attributes[key] = value;
}

/**
 * The semconv exception event. Written here rather than with span.recordException, which puts an
 * error's `code` (e.g. 'rate_limit_exceeded') in exception.type; the type is the error's class.
 * Providers' error messages often quote the prompt ("Error while downloading <url from the
 * message>", "Invalid 'messages[0].content': …"), so the message and stack are content: recorded
 * only when content capture is on; otherwise the class name, error.type and the HTTP status say
 * what failed.
 */
function exceptionAttributes(error: unknown, captureContent: boolean): Attributes {
  const attributes: Attributes = { 'exception.type': errorClassName(error) ?? typeof error };
  if (!captureContent) return attributes;
  attributes['exception.message'] = errorMessage(error);
  if (error instanceof Error && error.stack) attributes['exception.stacktrace'] = error.stack;
  return attributes;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

/**
 * A Context that is `parent` plus one entry, without copying the parent's entries (the API's
 * BaseContext copies its whole map on every setValue). trace.setSpan() calls setValue on it, so
 * the call's context costs two small objects.
 */
class OverlayContext implements Context {
  private readonly parent: Context;
  private readonly key: symbol | undefined;
  private readonly value: unknown;

  constructor(parent: Context, key?: symbol, value?: unknown) {
    this.parent = parent;
    this.key = key;
    this.value = value;
  }

  getValue(key: symbol): unknown {
    return key === this.key ? this.value : this.parent.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    return this.key === undefined ? new OverlayContext(this.parent, key, value) : new OverlayContext(this, key, value);
  }

  deleteValue(key: symbol): Context {
    return this.key === undefined ? new OverlayContext(this.parent, key, undefined) : new OverlayContext(this, key, undefined);
  }
}

function seconds(startMs: number): number {
  return (performance.now() - startMs) / 1000;
}

/**
 * One GenAI operation: its CLIENT span (named `{operation} {model}`) and its metric points.
 * Every method is safe to call in any order and more than once; only the first end counts.
 */
export class CallRecorder implements SpanStarter, DeferredRecord, CallSpanSource {
  /** Starts the SDK span on first use (see deferred-span.ts). */
  readonly span: DeferredSpan;
  /** The context to run the SDK call in, so nested spans (HTTP) become children of this one. */
  readonly context: Context;
  private readonly runtime: RecordingRuntime;
  private readonly request: LlmRequest;
  private readonly startMs = performance.now();
  private firstChunkSeconds: number | undefined;
  private requestContent: RequestContent | undefined;
  private toolDefinitions: ToolDefinition[] | undefined;
  /** Scoped attributes (withAttributes/withPrompt) as they were when the call started. */
  private readonly startAttributes: Attributes | undefined;
  private ended = false;
  /** Epoch milliseconds of the end, once ended (the exception event is stamped with it). */
  private endTime: number | undefined;
  /** The context active when the call started: the span's parent. */
  private readonly parent: Context;
  /** What finish() recorded, for the deferred recording (deferred.ts). */
  private endMs = 0;
  private endResult: LlmResult | (() => LlmResult) | undefined;
  private endError: unknown;
  private earlyEnd: string | undefined;
  /** Deprecation/sunset/API-version headers and SDK deprecation warnings seen for this call (api-signals.ts). */
  private apiSignals: Attributes | undefined;
  private deferredRequestAttributes: (() => Attributes) | undefined;

  constructor(runtime: RecordingRuntime, request: LlmRequest) {
    this.runtime = runtime;
    this.request = request;
    const parent = context.active();
    this.parent = parent;
    const scope = scopedAttributesIn(parent);
    if (scope?.promptVariables && runtime.captureContent) {
      this.startAttributes = { ...scope.attributes, [LLMSCOPE_ATTR.PROMPT_VARIABLES]: JSON.stringify(scope.promptVariables) };
    } else {
      this.startAttributes = scope?.attributes;
    }
    this.span = new DeferredSpan(this);
    this.context = trace.setSpan(new OverlayContext(parent), this.span);
    noteCallStarted(parent, this);
  }

  /** This call's span context (for currentCallIds; starts the SDK span if nothing did yet). */
  callSpanContext() {
    return this.span.materialize().spanContext();
  }

  /**
   * Starts the SDK span (DeferredSpan calls this once). It starts with the attributes the semconv
   * lists as relevant for sampling; the rest (request parameters, scoped attributes) are set when
   * it ends, off the app's await path.
   */
  startRealSpan(): Span {
    const request = this.request;
    const attributes: Attributes = {
      [ATTR.OPERATION_NAME]: request.operation,
      [ATTR.PROVIDER_NAME]: request.provider,
    };
    put(attributes, ATTR.REQUEST_MODEL, request.model);
    put(attributes, ATTR.SERVER_ADDRESS, request.serverAddress);
    put(attributes, ATTR.SERVER_PORT, request.serverPort);
    const name = request.model ? `${request.operation} ${request.model}` : request.operation;
    return this.runtime.tracer.startSpan(name, { kind: SpanKind.CLIENT, attributes, startTime: performance.timeOrigin + this.startMs }, this.parent);
  }

  /** Runs `fn` with this call's span active. */
  runInContext<T>(fn: () => T): T {
    return context.with(this.context, fn);
  }

  /** Calls `fn` on `thisArg` with `args`, with this call's span active (no closure per call). */
  applyInContext(fn: (...args: unknown[]) => unknown, thisArg: unknown, args: unknown[]): unknown {
    return context.with(this.context, Reflect.apply as (fn: (...a: unknown[]) => unknown, thisArg: unknown, args: unknown[]) => unknown, undefined, fn, thisArg, args);
  }

  /** Request attributes known only after the start (request hashes, cache hit). */
  addRequestAttributes(attributes: Attributes): void {
    this.request.attributes = { ...this.request.attributes, ...attributes };
  }

  /** Request attributes computed only when the call is recorded, off the app's await path. */
  addDeferredRequestAttributes(compute: () => Attributes): void {
    this.deferredRequestAttributes = compute;
  }

  /** Which endpoint answers this call: a response cache never hands one endpoint's answer to another. */
  get endpointKey(): string {
    const r = this.request;
    return `${r.operation}\u0000${r.provider}\u0000${r.serverAddress ?? ''}:${r.serverPort ?? ''}`;
  }

  /** server.address/port learned after the start (SDKs that resolve their endpoint asynchronously). */
  setServer(address: string, port: number | undefined): void {
    this.request.serverAddress = address;
    this.request.serverPort = port;
  }

  /**
   * Whether content should be converted for this call. Sampling is not consulted here (that would
   * start the span early); unsampled spans simply drop what was converted.
   */
  get capturesContent(): boolean {
    return this.runtime.captureContent;
  }

  get isEnded(): boolean {
    return this.ended;
  }

  /** Tool definitions always carry type and name; descriptions and schemas only with content capture (semconv). */
  recordToolDefinitions(tools: ToolDefinition[] | undefined): void {
    if (tools && tools.length > 0) this.toolDefinitions = tools;
  }

  recordRequestContent(content: RequestContent): void {
    this.requestContent = { ...this.requestContent, ...content };
  }

  /** Adds API-change signals (response headers, SDK warnings); the first value of each attribute wins. */
  recordApiSignals(attributes: Attributes | undefined): void {
    if (!attributes || this.ended) return;
    const into = (this.apiSignals ??= {});
    for (const [k, v] of Object.entries(attributes)) if (into[k] === undefined) into[k] = v;
  }

  markFirstChunk(): void {
    if (this.firstChunkSeconds !== undefined || this.ended) return;
    this.firstChunkSeconds = seconds(this.startMs);
  }

  /**
   * Ends the call successfully. The end time is taken now; reading the result (pass a function to
   * defer that too) and recording it happen after the app has its response (deferred.ts).
   */
  succeed(result: LlmResult | (() => LlmResult)): void {
    this.finish(result, undefined, undefined);
  }

  fail(error: unknown, partial?: LlmResult | (() => LlmResult)): void {
    this.finish(partial ?? {}, error, undefined);
  }

  /** The app stopped reading a stream before its end, or dropped the call unread: not an error, but marked. */
  endEarly(how: 'consumer_break' | 'abandoned', partial: LlmResult | (() => LlmResult)): void {
    this.finish(partial, undefined, how);
  }

  private finish(result: LlmResult | (() => LlmResult), error: unknown, earlyEnd: string | undefined): void {
    if (this.ended) return;
    this.ended = true;
    const endMs = performance.now();
    this.endMs = endMs;
    this.endTime = performance.timeOrigin + endMs;
    this.endResult = result;
    this.endError = error;
    this.earlyEnd = earlyEnd;
    defer(this);
  }

  /** The recording finish() deferred: span attributes, span end, metric points. */
  runDeferred(): void {
    const endMs = this.endMs;
    const result = this.endResult!;
    const error = this.endError;
    this.endResult = undefined;
    const durationSeconds = (endMs - this.startMs) / 1000;
    const failure = error === undefined ? undefined : errorType(error);
    const span = this.span.materialize();
    let resolved: LlmResult = {};
    try {
      resolved = typeof result === 'function' ? result() : result;
      if (span.isRecording()) this.recordOnSpan(span, resolved, error, failure, this.earlyEnd);
    } catch (problem) {
      reportInternalError('span attributes', problem);
    }
    span.end(performance.timeOrigin + endMs);
    noteCallRecorded(this.parent, this, span.spanContext());
    try {
      this.recordMetrics(resolved, durationSeconds, failure);
    } catch (problem) {
      reportInternalError('metrics', problem);
    }
  }

  private recordOnSpan(span: Span, result: LlmResult, error: unknown, failure: string | undefined, earlyEnd: string | undefined): void {
    const attributes: Attributes = { ...this.request.attributes, ...this.startAttributes };
    if (this.deferredRequestAttributes) Object.assign(attributes, this.deferredRequestAttributes());
    const request = this.request;
    put(attributes, ATTR.SERVER_ADDRESS, request.serverAddress);
    put(attributes, ATTR.SERVER_PORT, request.serverPort);
    put(attributes, ATTR.REQUEST_STREAM, request.stream);
    put(attributes, ATTR.RESPONSE_TIME_TO_FIRST_CHUNK, this.firstChunkSeconds);
    const tools = this.toolDefinitions;
    if (tools && !this.runtime.captureContent) attributes[ATTR.TOOL_DEFINITIONS] = JSON.stringify(tools.map(({ type, name }) => ({ type, name })));
    put(attributes, ATTR.RESPONSE_MODEL, result.responseModel);
    put(attributes, ATTR.RESPONSE_ID, result.responseId);
    if (result.finishReasons && result.finishReasons.length > 0) attributes[ATTR.RESPONSE_FINISH_REASONS] = result.finishReasons;
    const usage = result.usage;
    if (usage) {
      put(attributes, ATTR.USAGE_INPUT_TOKENS, usage.input);
      put(attributes, ATTR.USAGE_OUTPUT_TOKENS, usage.output);
      put(attributes, ATTR.USAGE_CACHE_READ_INPUT_TOKENS, usage.cacheRead);
      put(attributes, ATTR.USAGE_CACHE_CREATION_INPUT_TOKENS, usage.cacheWrite);
      put(attributes, ATTR.USAGE_REASONING_OUTPUT_TOKENS, usage.reasoning);
      if (result.usageEstimated) attributes[LLMSCOPE_ATTR.USAGE_ESTIMATED] = true;
    }
    if (result.attributes) Object.assign(attributes, result.attributes);
    if (this.apiSignals) Object.assign(attributes, this.apiSignals);
    put(attributes, LLMSCOPE_ATTR.STREAM_END, earlyEnd);
    if (this.runtime.captureContent) this.addContent(attributes, result.outputMessages);
    if (failure !== undefined) {
      attributes[ATTR.ERROR_TYPE] = failure;
      put(attributes, ATTR.HTTP_RESPONSE_STATUS_CODE, errorHttpStatus(error));
      const captureContent = this.runtime.captureContent;
      span.addEvent('exception', exceptionAttributes(error, captureContent), this.endTime);
      span.setStatus(captureContent ? { code: SpanStatusCode.ERROR, message: errorMessage(error) } : { code: SpanStatusCode.ERROR });
    }
    span.setAttributes(attributes);
  }

  private addContent(attributes: Attributes, outputMessages: OutputMessage[] | undefined): void {
    const { maxContentLength, redact } = this.runtime;
    let truncated = false;
    const add = (key: string, value: unknown[] | undefined) => {
      if (!value || value.length === 0) return;
      const serialized = serializeCapped(value, maxContentLength);
      attributes[key] = serialized.json;
      truncated ||= serialized.truncated;
    };
    const content = this.requestContent;
    add(ATTR.INPUT_MESSAGES, content?.inputMessages && (redact ? redactMessages(content.inputMessages, ATTR.INPUT_MESSAGES, redact) : content.inputMessages));
    add(
      ATTR.SYSTEM_INSTRUCTIONS,
      content?.systemInstructions &&
        (redact ? redactParts(content.systemInstructions, ATTR.SYSTEM_INSTRUCTIONS, redact) : content.systemInstructions),
    );
    add(ATTR.TOOL_DEFINITIONS, this.toolDefinitions);
    add(ATTR.OUTPUT_MESSAGES, outputMessages && (redact ? redactMessages(outputMessages, ATTR.OUTPUT_MESSAGES, redact) : outputMessages));
    if (truncated) attributes[LLMSCOPE_ATTR.CONTENT_TRUNCATED] = true;
  }

  private recordMetrics(result: LlmResult, durationSeconds: number, failure: string | undefined): void {
    const { instruments } = this.runtime;
    const attributes = metricAttributes(this.request, result.responseModel, result.usageEstimated === true);
    if (this.firstChunkSeconds !== undefined) instruments.timeToFirstChunk.record(this.firstChunkSeconds, attributes.base);
    const usage = result.usage;
    if (usage?.input !== undefined) instruments.tokenUsage.record(usage.input, attributes.input);
    if (usage?.output !== undefined) instruments.tokenUsage.record(usage.output, attributes.output);
    instruments.operationDuration.record(durationSeconds, failure === undefined ? attributes.base : { ...attributes.base, [ATTR.ERROR_TYPE]: failure });
  }
}

interface MetricAttributeSet {
  base: Attributes;
  input: Attributes;
  output: Attributes;
}

/** Metric attribute objects are reused per combination (bounded), sparing an allocation per point. */
const metricAttributeSets = new Map<string, MetricAttributeSet>();
const MAX_METRIC_ATTRIBUTE_SETS = 1000;

function metricAttributes(request: LlmRequest, responseModel: string | undefined, estimated: boolean): MetricAttributeSet {
  const key = `${request.operation}\u0000${request.provider}\u0000${request.model ?? ''}\u0000${responseModel ?? ''}\u0000${request.serverAddress ?? ''}\u0000${request.serverPort ?? ''}\u0000${estimated}`;
  const cached = metricAttributeSets.get(key);
  if (cached) return cached;
  const base: Attributes = {
    [ATTR.OPERATION_NAME]: request.operation,
    [ATTR.PROVIDER_NAME]: request.provider,
  };
  put(base, ATTR.REQUEST_MODEL, request.model);
  put(base, ATTR.RESPONSE_MODEL, responseModel);
  put(base, ATTR.SERVER_ADDRESS, request.serverAddress);
  put(base, ATTR.SERVER_PORT, request.serverPort);
  const usageBase = estimated ? { ...base, [LLMSCOPE_ATTR.USAGE_ESTIMATED]: true } : base;
  const set = {
    base,
    input: { ...usageBase, [ATTR.TOKEN_TYPE]: TOKEN_TYPE.INPUT },
    output: { ...usageBase, [ATTR.TOKEN_TYPE]: TOKEN_TYPE.OUTPUT },
  };
  if (metricAttributeSets.size < MAX_METRIC_ATTRIBUTE_SETS) metricAttributeSets.set(key, set);
  return set;
}
