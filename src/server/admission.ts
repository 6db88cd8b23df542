/**
 * Admission control shared by every ingest route and transport (OTLP/HTTP and OTLP/gRPC): at most
 * `max` requests are read, decoded or logged at once; beyond that a request is turned away (429 /
 * RESOURCE_EXHAUSTED with a retry delay) before its body is read, so an overload is shed instead
 * of buffered.
 */
export class Admission {
  readonly max: number;
  #inFlight = 0;
  /** Requests turned away. */
  shed = 0;

  constructor(max: number) {
    this.max = max;
  }

  get inFlight(): number {
    return this.#inFlight;
  }

  /** true when the request may proceed (call leave() when it is done); false = shed it. */
  tryEnter(): boolean {
    if (this.#inFlight >= this.max) {
      this.shed++;
      return false;
    }
    this.#inFlight++;
    return true;
  }

  leave(): void {
    this.#inFlight--;
  }
}
