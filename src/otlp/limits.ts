/**
 * Limits shared by the OTLP decoders.
 * AnyValue nesting: array_value / kvlist_value levels allowed inside one attribute value (the
 * top-level value is depth 0). Real attributes are a few levels deep; the cap keeps hostile input
 * from exhausting the stack, and deeper input is rejected with DecodeError rather than truncated.
 */
export const MAX_ANY_VALUE_DEPTH = 32;
