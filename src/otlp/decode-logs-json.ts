/**
 * Decoder for OTLP/JSON ExportLogsServiceRequest (OTLP/HTTP `application/json`), with the same
 * mapping rules as the trace decoder (decode-json.ts): lowerCamelCase or snake_case names, hex
 * ids, 64-bit integers as strings or numbers, enums as numbers or names, unknown fields ignored,
 * errors naming the path ("resourceLogs[0].scopeLogs[0].logRecords[2].body: …").
 */
import { jsonEnum, jsonId, jsonString, jsonUint32, jsonUint64Time, takeStringRepairs } from './json-scalars.ts';
import {
  arrayOf,
  decodeAnyValue,
  decodeAttributes,
  decodeResource,
  decodeScope,
  objectOrNull,
  parseRequestObject,
  pick,
  within,
} from './decode-json.ts';
import type { ExportLogsRequest, LogRecord, ResourceLogs, ScopeLogs } from './log-types.ts';

/** SeverityNumber value names (SEVERITY_NUMBER_TRACE = 1 … SEVERITY_NUMBER_FATAL4 = 24). */
const SEVERITY_NAMES: ReadonlyMap<string, number> = new Map(
  ['UNSPECIFIED', ...['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'].flatMap((l) => [l, `${l}2`, `${l}3`, `${l}4`])].map(
    (name, i) => [`SEVERITY_NUMBER_${name}`, i] as [string, number],
  ),
);

export function decodeLogsRequestJson(text: string): ExportLogsRequest {
  const request = parseRequestObject(text);
  const list = arrayOf(pick(request, 'resourceLogs', 'resource_logs'), 'resourceLogs');
  const resourceLogs: ResourceLogs[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      resourceLogs[i] = decodeResourceLogs(list[i]);
    } catch (err) {
      throw within(err, `resourceLogs[${i}]`);
    }
  }
  const repaired = takeStringRepairs();
  return repaired > 0 ? { resourceLogs, invalidUtf8: repaired } : { resourceLogs };
}

function decodeResourceLogs(value: unknown): ResourceLogs {
  const o = objectOrNull(value, 'element') ?? {};
  const list = arrayOf(pick(o, 'scopeLogs', 'scope_logs'), 'scopeLogs');
  const scopeLogs: ScopeLogs[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      scopeLogs[i] = decodeScopeLogs(list[i]);
    } catch (err) {
      throw within(err, `scopeLogs[${i}]`);
    }
  }
  return {
    resource: decodeResource(objectOrNull(o.resource, 'resource')),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    scopeLogs,
  };
}

function decodeScopeLogs(value: unknown): ScopeLogs {
  const o = objectOrNull(value, 'element') ?? {};
  const list = arrayOf(pick(o, 'logRecords', 'log_records'), 'logRecords');
  const logRecords: LogRecord[] = new Array(list.length);
  for (let i = 0; i < list.length; i++) {
    try {
      logRecords[i] = decodeLogRecord(list[i]);
    } catch (err) {
      throw within(err, `logRecords[${i}]`);
    }
  }
  return {
    scope: decodeScope(objectOrNull(o.scope, 'scope')),
    schemaUrl: jsonString(pick(o, 'schemaUrl', 'schema_url'), 'schemaUrl'),
    logRecords,
  };
}

function decodeLogRecord(value: unknown): LogRecord {
  const o = objectOrNull(value, 'element') ?? {};
  const severity = jsonEnum(pick(o, 'severityNumber', 'severity_number'), 'severityNumber', SEVERITY_NAMES);
  let body;
  try {
    body = decodeAnyValue(o.body, 0);
  } catch (err) {
    throw within(err, 'body');
  }
  return {
    timeUnixNano: jsonUint64Time(pick(o, 'timeUnixNano', 'time_unix_nano'), 'timeUnixNano'),
    observedTimeUnixNano: jsonUint64Time(pick(o, 'observedTimeUnixNano', 'observed_time_unix_nano'), 'observedTimeUnixNano'),
    severityNumber: severity >= 0 && severity <= 24 ? severity : 0,
    severityText: jsonString(pick(o, 'severityText', 'severity_text'), 'severityText'),
    body,
    attributes: decodeAttributes(o.attributes, 'attributes'),
    droppedAttributesCount: jsonUint32(pick(o, 'droppedAttributesCount', 'dropped_attributes_count'), 'droppedAttributesCount'),
    flags: jsonUint32(o.flags, 'flags'),
    traceId: jsonId(pick(o, 'traceId', 'trace_id'), 'traceId'),
    spanId: jsonId(pick(o, 'spanId', 'span_id'), 'spanId'),
    eventName: jsonString(pick(o, 'eventName', 'event_name'), 'eventName'),
  };
}
