import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  ParentBasedSampler,
  TraceIdRatioBasedSampler,
  type Sampler,
} from '@opentelemetry/sdk-trace';

type Env = Record<string, string | undefined>;

function ratio(arg: string | undefined): number {
  const value = arg === undefined ? NaN : Number(arg);
  return Number.isFinite(value) && value >= 0 && value <= 1 ? value : 1;
}

/** The sampler the OTEL_TRACES_SAMPLER / OTEL_TRACES_SAMPLER_ARG env vars describe (spec default: parentbased_always_on). */
export function samplerFromEnv(env: Env = process.env): Sampler {
  const name = (env.OTEL_TRACES_SAMPLER ?? 'parentbased_always_on').trim().toLowerCase();
  switch (name) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return new TraceIdRatioBasedSampler(ratio(env.OTEL_TRACES_SAMPLER_ARG));
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: new TraceIdRatioBasedSampler(ratio(env.OTEL_TRACES_SAMPLER_ARG)) });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}
