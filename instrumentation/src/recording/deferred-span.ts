import type { Attributes, AttributeValue, Exception, Link, Span, SpanContext, SpanStatus, TimeInput } from '@opentelemetry/api';

/**
 * A span whose SDK span is started only when something first looks at it — a child span or a
 * propagator reading the active span during the call — or else when the call is recorded after
 * it ended. The real span gets the start time and parent captured when the call began, so
 * nesting, propagation and sampling are those of an eagerly started span; the cost of starting
 * it just leaves the app's await path in the common case.
 */
export interface SpanStarter {
  /** Starts the SDK span (called at most once). */
  startRealSpan(): Span;
}

export class DeferredSpan implements Span {
  private real: Span | undefined;
  private readonly starter: SpanStarter;

  constructor(starter: SpanStarter) {
    this.starter = starter;
  }

  /** The SDK span, started now if nothing needed it before. */
  materialize(): Span {
    return (this.real ??= this.starter.startRealSpan());
  }

  spanContext(): SpanContext {
    return this.materialize().spanContext();
  }

  setAttribute(key: string, value: AttributeValue): this {
    this.materialize().setAttribute(key, value);
    return this;
  }

  setAttributes(attributes: Attributes): this {
    this.materialize().setAttributes(attributes);
    return this;
  }

  addEvent(name: string, attributesOrStartTime?: Attributes | TimeInput, startTime?: TimeInput): this {
    this.materialize().addEvent(name, attributesOrStartTime, startTime);
    return this;
  }

  addLink(link: Link): this {
    this.materialize().addLink(link);
    return this;
  }

  addLinks(links: Link[]): this {
    this.materialize().addLinks(links);
    return this;
  }

  setStatus(status: SpanStatus): this {
    this.materialize().setStatus(status);
    return this;
  }

  updateName(name: string): this {
    this.materialize().updateName(name);
    return this;
  }

  end(endTime?: TimeInput): void {
    this.materialize().end(endTime);
  }

  isRecording(): boolean {
    return this.materialize().isRecording();
  }

  recordException(exception: Exception, time?: TimeInput): void {
    this.materialize().recordException(exception, time);
  }
}
