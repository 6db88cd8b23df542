import { wrapMethod } from '../../hooks/patch.ts';
import { safely } from '../../internal/safety.ts';
import { asArray, asDict, asModuleExports, asString, type Dict } from '../../internal/values.ts';
import { messageTexts } from '../../recording/content.ts';
import { CallRecorder } from '../../recording/call-recorder.ts';
import { activeRuntime, type RecordingRuntime } from '../../recording/runtime.ts';
import { observeAsyncIterable } from '../../recording/stream-observer.ts';
import { estimateChatInputTokens } from '../../recording/token-estimator.ts';
import { ATTR, OPERATION, PROVIDER } from '@llmscope/semconv';
import { serverAddressOf } from '../server-address.ts';
import type { ProviderInstrumentation } from '../types.ts';
import { generateContentRequestAttributes, generateContentResult, inputMessages, systemInstructions, toolDefinitions } from './content.ts';
import { GenerateContentStreamAccumulator } from './stream.ts';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

interface ApiClientLike {
  isVertexAI?: () => boolean;
  getBaseUrl?: () => string;
}

/** `models/gemini-2.5-flash` and `publishers/google/models/x` → the model id the app asked for. */
function modelName(model: unknown): string | undefined {
  const name = asString(model);
  return name?.replace(/^(projects\/[^/]+\/locations\/[^/]+\/)?(publishers\/[^/]+\/)?models\//, '');
}

function startCall(runtime: RecordingRuntime, apiClient: ApiClientLike | undefined, params: Dict, operation: string, stream: boolean | undefined): CallRecorder {
  const vertex = safely('genai client', () => apiClient?.isVertexAI?.() === true, false);
  const server = serverAddressOf(safely('genai client', () => apiClient?.getBaseUrl?.(), undefined));
  const config = asDict(params.config);
  const call = new CallRecorder(runtime, {
    operation,
    provider: vertex ? PROVIDER.GCP_VERTEX_AI : PROVIDER.GCP_GEMINI,
    model: modelName(params.model),
    serverAddress: server?.address,
    serverPort: server?.port,
    stream,
    attributes: operation === OPERATION.EMBEDDINGS ? {} : generateContentRequestAttributes(config),
  });
  if (operation !== OPERATION.EMBEDDINGS) {
    call.recordToolDefinitions(toolDefinitions(config));
    if (call.capturesContent) call.recordRequestContent({ inputMessages: inputMessages(params.contents), systemInstructions: systemInstructions(config) });
  }
  return call;
}

function estimateRequestTokens(params: Dict): number {
  const system = systemInstructions(asDict(params.config));
  return estimateChatInputTokens([...(system ? messageTexts([{ role: 'system', parts: system }]) : []), ...messageTexts(inputMessages(params.contents))]);
}

/** Runs an async SDK method inside the call's span; `onValue` ends the call from its result. */
function traced(call: CallRecorder, invoke: () => unknown, onValue: (value: unknown) => unknown): unknown {
  let result: unknown;
  try {
    result = call.runInContext(invoke);
  } catch (error) {
    call.fail(error);
    throw error;
  }
  if (!(result instanceof Promise)) return result;
  return result.then(
    (value: unknown) => safely('genai result', () => onValue(value), value),
    (error: unknown) => {
      call.fail(error);
      throw error;
    },
  );
}

function wrap(operation: string, mode: 'single' | 'stream' | 'embed') {
  return (original: AnyFunction): AnyFunction =>
    function (this: unknown, ...args: unknown[]) {
      const runtime = activeRuntime();
      const params = asDict(args[0]);
      if (!runtime || !params) return original.apply(this, args);
      const apiClient = (this as { apiClient?: ApiClientLike } | undefined)?.apiClient;
      const call = safely(`genai ${operation} start`, () => startCall(runtime, apiClient, params, operation, mode === 'embed' ? undefined : mode === 'stream'), undefined);
      if (!call) return original.apply(this, args);
      return traced(call, () => original.apply(this, args), (value) => {
        if (mode === 'stream' && value && typeof (value as AsyncIterable<unknown>)[Symbol.asyncIterator] === 'function') {
          const signal = asDict(asDict(params.config)?.abortSignal) as AbortSignal | undefined;
          return observeAsyncIterable(value as AsyncIterable<unknown>, new GenerateContentStreamAccumulator(call, () => estimateRequestTokens(params)), () => signal?.aborted === true);
        }
        if (mode === 'embed') {
          const values = asArray(asDict(asArray(asDict(value)?.embeddings)?.[0])?.values);
          call.succeed({ attributes: values ? { [ATTR.EMBEDDINGS_DIMENSION_COUNT]: values.length } : undefined });
        } else {
          call.succeed(() => generateContentResult(call, value));
        }
        return value;
      });
    };
}

interface ModelsClass {
  prototype: object;
}

/**
 * Patches `@google/genai`: each API request of Models (generateContent, generateContentStream —
 * every continuation hop is its own request and span — and embedContent). The public methods are
 * per-instance arrow functions; the per-request `*Internal` methods are on the prototype.
 */
export const googleGenAiInstrumentation: ProviderInstrumentation = {
  provider: 'google-genai',
  moduleNames: ['@google/genai'],
  supportedVersions: '>=1.0.0 <4',
  patch(moduleExports) {
    const Models = asModuleExports(moduleExports)?.Models as ModelsClass | undefined;
    if (!Models?.prototype) return false;
    return [
      wrapMethod(Models.prototype, 'generateContentInternal', wrap(OPERATION.GENERATE_CONTENT, 'single')),
      wrapMethod(Models.prototype, 'generateContentStreamInternal', wrap(OPERATION.GENERATE_CONTENT, 'stream')),
      wrapMethod(Models.prototype, 'embedContentInternal', wrap(OPERATION.EMBEDDINGS, 'embed')),
    ].some(Boolean);
  },
};
