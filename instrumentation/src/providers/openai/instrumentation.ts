import type { Attributes } from '@opentelemetry/api';
import { reportInternalError, safely } from '../../internal/safety.ts';
import { fingerprintCall } from '../../cache/response-cache.ts';
import { asDict, asModuleExports, asString, type Dict } from '../../internal/values.ts';
import { CallRecorder } from '../../recording/call-recorder.ts';
import { activeRuntime, type RecordingRuntime } from '../../recording/runtime.ts';
import { OPERATION } from '@llmscope/semconv';
import { wrapMethod } from '../../hooks/patch.ts';
import { serverAddressOf, type ServerAddress } from '../server-address.ts';
import { runStainlessCall, type StainlessCallHandlers } from '../stainless-call.ts';
import type { ProviderInstrumentation } from '../types.ts';
import { ChatStreamAccumulator, chatResult, completionRequestAttributes, estimateChatRequestTokens, recordChatRequestContent } from './chat.ts';
import { completionInputMessages, completionResult, estimateCompletionRequestTokens } from './completions.ts';
import { embeddingsRequestAttributes, embeddingsResult } from './embeddings.ts';
import { toolDefinitions } from './messages.ts';
import { openaiCompatibleProvider } from './provider-name.ts';
import {
  ResponsesStreamAccumulator,
  estimateResponsesRequestTokens,
  recordResponsesRequestContent,
  responsesRequestAttributes,
  responsesResult,
  responsesToolDefinitions,
} from './responses.ts';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface ResourceThis {
  _client?: { baseURL?: unknown };
}

/** How one SDK method maps to a GenAI operation. */
interface MethodAdapter {
  operation: string;
  requestAttributes(params: Dict): Attributes;
  /** Content and tool definitions, on calls that record them. */
  recordRequest(call: CallRecorder, params: Dict): void;
  /** Shared by every call of the method (the request params come as an argument). */
  handlers: StainlessCallHandlers<unknown, Dict>;
}

const chatAdapter: MethodAdapter = {
  operation: OPERATION.CHAT,
  requestAttributes: completionRequestAttributes,
  recordRequest(call, params) {
    call.recordToolDefinitions(toolDefinitions(params.tools, params.functions));
    if (call.capturesContent) recordChatRequestContent(call, params);
  },
  handlers: {
    onBody: (call, body) => call.succeed(() => chatResult(call, body)),
    streamObserver: (call, params) => new ChatStreamAccumulator(call, () => estimateChatRequestTokens(params)),
  },
};

const responsesAdapter: MethodAdapter = {
  operation: OPERATION.CHAT,
  requestAttributes: responsesRequestAttributes,
  recordRequest(call, params) {
    call.recordToolDefinitions(responsesToolDefinitions(params));
    if (call.capturesContent) recordResponsesRequestContent(call, params);
  },
  handlers: {
    onBody: (call, body) => call.succeed(() => responsesResult(call, body)),
    streamObserver: (call, params) => new ResponsesStreamAccumulator(call, () => estimateResponsesRequestTokens(params)),
  },
};

const completionsAdapter: MethodAdapter = {
  operation: OPERATION.TEXT_COMPLETION,
  requestAttributes: completionRequestAttributes,
  recordRequest(call, params) {
    if (call.capturesContent) call.recordRequestContent({ inputMessages: completionInputMessages(params.prompt) });
  },
  handlers: {
    onBody: (call, body) => call.succeed(() => completionResult(call, body)),
    // The legacy stream has the chat chunk shape with `text` on each choice.
    streamObserver: (call, params) => new ChatStreamAccumulator(call, () => estimateCompletionRequestTokens(params)),
  },
};

const embeddingsAdapter: MethodAdapter = {
  operation: OPERATION.EMBEDDINGS,
  requestAttributes: embeddingsRequestAttributes,
  recordRequest() {},
  handlers: {
    onBody: (call, body, params) => call.succeed(() => embeddingsResult(params, body)),
    streamObserver: (call) => ({ onChunk() {}, onEnd: () => call.succeed({}) }),
  },
};

interface ClientIdentity {
  baseURL: unknown;
  mappings: Record<string, string>;
  provider: string;
  server: ServerAddress | undefined;
}

/** Provider and server per client, recomputed only when its baseURL (or the user mappings) change. */
const clientIdentities = new WeakMap<object, ClientIdentity>();

function identify(client: ResourceThis['_client'], runtime: RecordingRuntime, isAzure: (client: unknown) => boolean): ClientIdentity {
  const cached = client ? clientIdentities.get(client) : undefined;
  if (cached && cached.baseURL === client?.baseURL && cached.mappings === runtime.openaiCompatibleProviders) return cached;
  const server = serverAddressOf(client?.baseURL);
  const identity = { baseURL: client?.baseURL, mappings: runtime.openaiCompatibleProviders, server, provider: openaiCompatibleProvider(server, isAzure(client), runtime.openaiCompatibleProviders) };
  if (client) clientIdentities.set(client, identity);
  return identity;
}

function startCall(runtime: RecordingRuntime, adapter: MethodAdapter, client: ResourceThis['_client'], params: Dict, isAzure: (client: unknown) => boolean): CallRecorder {
  const { server, provider } = identify(client, runtime, isAzure);
  const call = new CallRecorder(runtime, {
    operation: adapter.operation,
    provider,
    model: asString(params.model),
    serverAddress: server?.address,
    serverPort: server?.port,
    stream: adapter.operation === OPERATION.EMBEDDINGS ? undefined : params.stream === true,
    attributes: adapter.requestAttributes(params),
  });
  adapter.recordRequest(call, params);
  return call;
}

function wrapCreate(adapter: MethodAdapter, isAzure: (client: unknown) => boolean) {
  const site = `openai ${adapter.operation} start`;
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const runtime = activeRuntime();
      const params = asDict(args[0]);
      if (!runtime || !params) return original.apply(this, args);
      let call: CallRecorder | undefined;
      try {
        call = startCall(runtime, adapter, (this as ResourceThis | undefined)?._client, params, isAzure);
      } catch (error) {
        reportInternalError(site, error);
      }
      if (!call) return original.apply(this, args);
      const prepared = safely('request hash', () => fingerprintCall(call, params, runtime.responseCache, adapter.handlers), { handlers: adapter.handlers });
      if (prepared.hit) return prepared.hit;
      return runStainlessCall(call, original as (...a: unknown[]) => unknown, this, args, prepared.handlers, params);
    };
}

interface OpenAIModule {
  OpenAI?: OpenAIClass;
  default?: OpenAIClass;
  AzureOpenAI?: new (...args: never[]) => unknown;
}

interface ResourceClass {
  prototype: object;
}

interface OpenAIClass {
  Chat?: { Completions?: ResourceClass };
  Responses?: ResourceClass;
  Embeddings?: ResourceClass;
  Completions?: ResourceClass;
}

/** Patches the `openai` package: chat.completions, responses, embeddings and legacy completions. */
export const openaiInstrumentation: ProviderInstrumentation = {
  provider: 'openai',
  moduleNames: ['openai'],
  supportedVersions: '>=4.0.0 <8',
  patch(moduleExports) {
    const module = asModuleExports(moduleExports) as OpenAIModule | undefined;
    const OpenAI = module?.OpenAI ?? module?.default;
    if (!OpenAI) return false;
    const Azure = module?.AzureOpenAI;
    const isAzure = (client: unknown) => (Azure !== undefined && client instanceof Azure) || (asDict(client)?.apiVersion !== undefined && asDict(client)?.deploymentName !== undefined);
    const patched = [
      wrapMethod(OpenAI.Chat?.Completions?.prototype, 'create', wrapCreate(chatAdapter, isAzure)),
      wrapMethod(OpenAI.Responses?.prototype, 'create', wrapCreate(responsesAdapter, isAzure)),
      wrapMethod(OpenAI.Embeddings?.prototype, 'create', wrapCreate(embeddingsAdapter, isAzure)),
      wrapMethod(OpenAI.Completions?.prototype, 'create', wrapCreate(completionsAdapter, isAzure)),
    ];
    return patched.some(Boolean);
  },
};
