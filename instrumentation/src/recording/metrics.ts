import type { Attributes, Histogram, Meter } from '@opentelemetry/api';
import { DURATION_BUCKETS, METRIC, TOKEN_USAGE_BUCKETS } from '@llmscope/semconv';

/** The GenAI client histograms, with the semconv units and explicit bucket boundaries. */
export interface GenAiInstruments {
  tokenUsage: Histogram<Attributes>;
  operationDuration: Histogram<Attributes>;
  timeToFirstChunk: Histogram<Attributes>;
}

export function createInstruments(meter: Meter): GenAiInstruments {
  return {
    tokenUsage: meter.createHistogram(METRIC.TOKEN_USAGE, {
      description: 'Number of input and output tokens used.',
      unit: '{token}',
      advice: { explicitBucketBoundaries: TOKEN_USAGE_BUCKETS },
    }),
    operationDuration: meter.createHistogram(METRIC.OPERATION_DURATION, {
      description: 'GenAI operation duration.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
    timeToFirstChunk: meter.createHistogram(METRIC.TIME_TO_FIRST_CHUNK, {
      description:
        'Time to receive the first chunk, measured from when the client issues the generation request to when the first chunk is received in the response stream.',
      unit: 's',
      advice: { explicitBucketBoundaries: DURATION_BUCKETS },
    }),
  };
}
