import type { Attributes } from '@opentelemetry/api';
import { asArray, asDict, asNumber, asString, type Dict } from '../../internal/values.ts';
import type { LlmResult } from '../../recording/call-recorder.ts';
import { ATTR } from '@llmscope/semconv';

export function embeddingsRequestAttributes(params: Dict): Attributes {
  const attributes: Attributes = {};
  // The SDK asks for base64 on the wire by default; what the app asked for is what it gets back.
  attributes[ATTR.REQUEST_ENCODING_FORMATS] = [asString(params.encoding_format) ?? 'float'];
  const dimensions = asNumber(params.dimensions);
  if (dimensions !== undefined) attributes[ATTR.EMBEDDINGS_DIMENSION_COUNT] = dimensions;
  return attributes;
}

/** Length of the first vector: a float array, or base64 of float32s. */
function dimensionCount(data: unknown): number | undefined {
  const embedding = asDict(asArray(data)?.[0])?.embedding;
  if (Array.isArray(embedding)) return embedding.length;
  if (typeof embedding === 'string') return Math.floor((Buffer.byteLength(embedding, 'base64') / 4));
  return undefined;
}

export function embeddingsResult(params: Dict, body: unknown): LlmResult {
  const response = asDict(body) ?? {};
  const usage = asDict(response.usage);
  const attributes: Attributes = {};
  if (asNumber(params.dimensions) === undefined) {
    const dimensions = dimensionCount(response.data);
    if (dimensions !== undefined) attributes[ATTR.EMBEDDINGS_DIMENSION_COUNT] = dimensions;
  }
  return {
    responseModel: asString(response.model),
    usage: usage ? { input: asNumber(usage.prompt_tokens) } : undefined,
    attributes,
  };
}
