import { wrapMethod } from '../../hooks/patch.ts';
import { safely } from '../../internal/safety.ts';
import { asDict, asModuleExports, asString, type Dict } from '../../internal/values.ts';
import { CallRecorder } from '../../recording/call-recorder.ts';
import { activeRuntime, type RecordingRuntime } from '../../recording/runtime.ts';
import { estimateChatInputTokens } from '../../recording/token-estimator.ts';
import { OPERATION, PROVIDER } from '@llmscope/semconv';
import { messageTexts } from '../../recording/content.ts';
import { serverAddressOf } from '../server-address.ts';
import { runStainlessCall, type StainlessCallHandlers } from '../stainless-call.ts';
import { fingerprintCall } from '../../cache/response-cache.ts';
import type { ProviderInstrumentation } from '../types.ts';
import { inputMessages, messagesRequestAttributes, messagesResult, recordMessagesRequest, systemInstructions } from './messages.ts';
import { replaceSdkChatSpans, withoutPlaceholderSpan } from './sdk-span.ts';
import { MessagesStreamAccumulator } from './stream.ts';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface ClientFields {
  baseURL?: unknown;
  /** Set by the SDK's clients: 'anthropic', and the cloud variants' own names. */
  _genAIProviderName?: unknown;
}

function estimateRequestTokens(params: Dict): number {
  const system = systemInstructions(params.system);
  const systemText = system ? messageTexts([{ role: 'system', parts: system }]) : [];
  return estimateChatInputTokens([...systemText, ...messageTexts(inputMessages(params.messages))]);
}

function startCall(runtime: RecordingRuntime, client: ClientFields | undefined, params: Dict): CallRecorder {
  const server = serverAddressOf(client?.baseURL);
  const call = new CallRecorder(runtime, {
    operation: OPERATION.CHAT,
    provider: asString(client?._genAIProviderName) ?? PROVIDER.ANTHROPIC,
    model: asString(params.model),
    serverAddress: server?.address,
    serverPort: server?.port,
    stream: params.stream === true,
    attributes: messagesRequestAttributes(params),
  });
  recordMessagesRequest(call, params);
  return call;
}

function wrapCreate(original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    const client = (this as { _client?: ClientFields } | undefined)?._client;
    safely('anthropic sdk span', () => replaceSdkChatSpans(client), undefined);
    const runtime = activeRuntime();
    const params = asDict(args[0]);
    if (!runtime || !params) return original.apply(this, args);
    const call = safely('anthropic chat start', () => startCall(runtime, client, params), undefined);
    if (!call) return original.apply(this, args);
    const callArgs = args.length > 1 ? [args[0], safely('anthropic options', () => withoutPlaceholderSpan(args[1]), args[1]), ...args.slice(2)] : args;
    const handlers: StainlessCallHandlers<unknown> = {
      onBody: (finished, body) => finished.succeed(() => messagesResult(finished, body)),
      streamObserver: (observed) => new MessagesStreamAccumulator(observed, () => estimateRequestTokens(params)),
    };
    const prepared = safely('request hash', () => fingerprintCall(call, params, runtime.responseCache, handlers), { handlers });
    if (prepared.hit) return prepared.hit;
    return runStainlessCall(call, original as (...a: unknown[]) => unknown, this, callArgs, prepared.handlers);
  };
}

/** The stream helpers start the SDK's span before calling `create`: replace it from here too. */
function wrapStream(original: AnyFunction): AnyFunction {
  return function (this: unknown, ...args: unknown[]) {
    safely('anthropic sdk span', () => replaceSdkChatSpans((this as { _client?: unknown } | undefined)?._client), undefined);
    return original.apply(this, args);
  };
}

interface ResourceClass {
  prototype: object;
}

interface AnthropicModule {
  Anthropic?: { Messages?: ResourceClass; Beta?: { Messages?: ResourceClass } };
  default?: AnthropicModule['Anthropic'];
}

/** Patches `@anthropic-ai/sdk`: messages.create/stream and beta.messages.create/stream. */
export const anthropicInstrumentation: ProviderInstrumentation = {
  provider: 'anthropic',
  moduleNames: ['@anthropic-ai/sdk'],
  supportedVersions: '>=0.20.0 <2',
  patch(moduleExports) {
    const module = asModuleExports(moduleExports) as AnthropicModule | undefined;
    const Anthropic = module?.Anthropic ?? module?.default;
    if (!Anthropic) return false;
    const resources = [Anthropic.Messages?.prototype, Anthropic.Beta?.Messages?.prototype];
    const patched = resources.flatMap((prototype) => [wrapMethod(prototype, 'create', wrapCreate), wrapMethod(prototype, 'stream', wrapStream)]);
    return patched.some(Boolean);
  },
};
