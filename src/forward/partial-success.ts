/**
 * A downstream's OTLP partial success (OTLP spec, "Partial Success"): a 2xx / OK answer whose
 * Export{Trace,Metrics,Logs}ServiceResponse carries { 1 partial_success: { 1 rejected_<items>
 * (int64), 2 error_message } } — the same field numbers for all three signals. The request must not
 * be retried; the rejected items are lost downstream, so the forwarder counts them as dropped.
 */
import { ProtoReader } from '../otlp/proto-reader.ts';

export interface PartialSuccess {
  /** Items the downstream refused (0 with a message = accepted with a warning). */
  rejected: number;
  message: string;
}

/** The partial success in a response body; undefined when absent, empty or unreadable. */
export function readPartialSuccess(body: Uint8Array): PartialSuccess | undefined {
  try {
    const r = new ProtoReader(body);
    let found: PartialSuccess | undefined;
    for (let end = r.nextLengthDelimited(10); end >= 0; end = r.nextLengthDelimited(10)) {
      found = { rejected: 0, message: '' };
      while (r.pos < end) {
        const t = r.readVarint32();
        if (t === 8) found.rejected = Math.max(0, Number(r.readInt64()));
        else if (t === 18) found.message = r.readString();
        else r.skipField(t);
      }
    }
    return found && (found.rejected > 0 || found.message !== '') ? found : undefined;
  } catch {
    // A malformed answer to a 2xx: treat as a plain success (the downstream did accept it).
    return undefined;
  }
}
