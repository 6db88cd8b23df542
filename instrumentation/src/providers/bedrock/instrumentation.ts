import { wrapMethod } from '../../hooks/patch.ts';
import { safely } from '../../internal/safety.ts';
import { asDict, asModuleExports, asString, type Dict } from '../../internal/values.ts';
import { messageTexts } from '../../recording/content.ts';
import { CallRecorder } from '../../recording/call-recorder.ts';
import { activeRuntime, type RecordingRuntime } from '../../recording/runtime.ts';
import { observeAsyncIterable } from '../../recording/stream-observer.ts';
import { estimateChatInputTokens } from '../../recording/token-estimator.ts';
import { OPERATION, PROVIDER } from '@llmscope/semconv';
import type { ServerAddress } from '../server-address.ts';
import type { ProviderInstrumentation } from '../types.ts';
import { ConverseStreamAccumulator, converseInputMessages, converseRequestAttributes, converseResult, converseSystem, recordConverseRequest } from './converse.ts';
import { InvokeStreamObserver, bodyFamily, estimateInvokeInput, invokeOperation, invokeRequestAttributes, invokeResult, parseBody, recordInvokeRequest } from './invoke-model.ts';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;
type CommandKind = 'converse' | 'converseStream' | 'invoke' | 'invokeStream';
type CommandClass = abstract new (...args: never[]) => unknown;

interface ClientConfig {
  endpoint?: () => Promise<{ hostname?: string; port?: number; protocol?: string }>;
  region?: () => Promise<string>;
}

/** server.address of a Bedrock client: its configured endpoint, else the regional runtime host. */
async function resolveServer(config: ClientConfig | undefined): Promise<ServerAddress | undefined> {
  if (typeof config?.endpoint === 'function') {
    const endpoint = await config.endpoint();
    if (endpoint?.hostname) return { address: endpoint.hostname, port: endpoint.port ?? (endpoint.protocol === 'http:' ? 80 : 443) };
  }
  if (typeof config?.region === 'function') return { address: `bedrock-runtime.${await config.region()}.amazonaws.com`, port: 443 };
  return undefined;
}

function estimateConverseInput(input: Dict): number {
  const system = converseSystem(input.system);
  return estimateChatInputTokens([...(system ? messageTexts([{ role: 'system', parts: system }]) : []), ...messageTexts(converseInputMessages(input.messages))]);
}

function startCall(runtime: RecordingRuntime, kind: CommandKind, input: Dict, config: ClientConfig | undefined) {
  const modelId = asString(input.modelId);
  const body = kind === 'invoke' || kind === 'invokeStream' ? (parseBody(input.body) ?? {}) : undefined;
  const family = body ? bodyFamily(modelId, body) : undefined;
  const call = new CallRecorder(runtime, {
    operation: family ? invokeOperation(family) : OPERATION.CHAT,
    provider: PROVIDER.AWS_BEDROCK,
    model: modelId,
    stream: kind === 'converseStream' || kind === 'invokeStream',
    attributes: family && body ? invokeRequestAttributes(family, body) : converseRequestAttributes(input),
  });
  if (family && body) recordInvokeRequest(call, family, body);
  else recordConverseRequest(call, input);
  void resolveServer(config).then(
    (server) => server && call.setServer(server.address, server.port),
    () => undefined,
  );
  return { call, family, body };
}

function wrapSend(kindOf: (command: unknown) => CommandKind | undefined) {
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const runtime = activeRuntime();
      const kind = runtime && typeof args.at(-1) !== 'function' ? safely('bedrock command', () => kindOf(args[0]), undefined) : undefined;
      const input = asDict(asDict(args[0])?.input);
      if (!runtime || !kind || !input) return original.apply(this, args);
      const config = (this as { config?: ClientConfig } | undefined)?.config;
      const started = safely('bedrock start', () => startCall(runtime, kind, input, config), undefined);
      if (!started) return original.apply(this, args);
      const { call, family, body } = started;
      let result: unknown;
      try {
        result = call.runInContext(() => original.apply(this, args));
      } catch (error) {
        call.fail(error);
        throw error;
      }
      if (!(result instanceof Promise)) return result;
      const signal = asDict(args[1])?.abortSignal as AbortSignal | undefined;
      const isAborted = () => signal?.aborted === true;
      return result.then(
        (output: unknown) => {
          safely('bedrock response', () => observeOutput(call, kind, asDict(output), input, family, body, isAborted), undefined);
          return output;
        },
        (error: unknown) => {
          call.fail(error);
          throw error;
        },
      );
    };
}

function observeOutput(
  call: CallRecorder,
  kind: CommandKind,
  output: Dict | undefined,
  input: Dict,
  family: ReturnType<typeof bodyFamily> | undefined,
  body: Dict | undefined,
  isAborted: () => boolean,
): void {
  if (!output) return call.succeed({});
  switch (kind) {
    case 'converse':
      return call.succeed(() => converseResult(call, output));
    case 'invoke':
      return call.succeed(() => invokeResult(call, family ?? 'other', parseBody(output.body)));
    case 'converseStream': {
      const stream = output.stream as AsyncIterable<unknown> | undefined;
      if (!stream) return call.succeed({});
      output.stream = observeAsyncIterable(stream, new ConverseStreamAccumulator(call, () => estimateConverseInput(input)), isAborted);
      return;
    }
    case 'invokeStream': {
      const stream = output.body as AsyncIterable<unknown> | undefined;
      if (!stream) return call.succeed({});
      output.body = observeAsyncIterable(stream, new InvokeStreamObserver(call, family ?? 'other', () => estimateInvokeInput(family ?? 'other', body ?? {})), isAborted);
      return;
    }
  }
}

/**
 * Patches `@aws-sdk/client-bedrock-runtime`: `BedrockRuntimeClient.prototype.send` for the
 * Converse, ConverseStream, InvokeModel and InvokeModelWithResponseStream commands (the
 * aggregated `BedrockRuntime` client sends through it too). Other commands pass through.
 */
export const bedrockInstrumentation: ProviderInstrumentation = {
  provider: 'bedrock',
  moduleNames: ['@aws-sdk/client-bedrock-runtime'],
  supportedVersions: '>=3.400.0 <4',
  patch(moduleExports) {
    const module = asModuleExports(moduleExports);
    const Client = module?.BedrockRuntimeClient as { prototype: object } | undefined;
    if (!Client?.prototype) return false;
    const commands: Array<[CommandKind, CommandClass | undefined]> = [
      ['converse', module?.ConverseCommand as CommandClass | undefined],
      ['converseStream', module?.ConverseStreamCommand as CommandClass | undefined],
      ['invoke', module?.InvokeModelCommand as CommandClass | undefined],
      ['invokeStream', module?.InvokeModelWithResponseStreamCommand as CommandClass | undefined],
    ];
    const kindOf = (command: unknown): CommandKind | undefined => commands.find(([, type]) => type !== undefined && command instanceof type)?.[0];
    return wrapMethod(Client.prototype, 'send', wrapSend(kindOf));
  },
};

