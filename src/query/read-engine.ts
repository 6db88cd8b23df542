/**
 * Read execution on the running store: one interface, one implementation per backend (chdb
 * connections in-process, a ClickHouse server over HTTP). Every read runs with `readonly=1` set by
 * the engine before the statement is parsed, so a write, a DDL statement, `file()`/`url()` or a
 * settings change in the SQL is refused by ClickHouse itself, not by our parsing.
 */

import { availableParallelism } from 'node:os';

export interface ReadLimits {
  /** max_execution_time, seconds. */
  maxExecutionSeconds: number;
  maxResultRows: number;
  maxResultBytes: number;
  /** max_memory_usage per query, bytes. */
  maxMemoryBytes: number;
  /** max_threads per query: reads leave cores to ingest (parsing, scoring, inserts). */
  maxThreads: number;
}

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxExecutionSeconds: 30,
  maxResultRows: 500_000,
  maxResultBytes: 64 * 1024 * 1024,
  maxMemoryBytes: 1024 * 1024 * 1024,
  maxThreads: Math.max(1, Math.floor(availableParallelism() / 2)),
};

export interface ReadRequest {
  sql: string;
  /** `{name:Type}` placeholders, bound by the engine. Strings are the values themselves (not escaped). */
  params?: Record<string, unknown>;
  /** Output format unless the SQL ends in its own FORMAT clause. */
  format: string;
  /** Default database for unqualified table names. */
  database?: string;
  /**
   * Settings validated by the caller (output shape, a lower max_execution_time). They are set on
   * the connection before readonly=1, so the SQL itself can change none of them.
   */
  settings?: Record<string, string | number>;
  /** Tenant: every llmscope table is filtered to this project (additional_table_filters). null = all. */
  project: string | null;
}

export interface ReadResult {
  body: Uint8Array;
  /** The format the body is in (the SQL's FORMAT clause, else the requested one). */
  format: string;
  rowsRead: number;
  bytesRead: number;
  elapsedMs: number;
}

export interface ReadEngine {
  readonly kind: 'embedded' | 'server';
  execute(req: ReadRequest): Promise<ReadResult>;
  close(): Promise<void>;
}

/** An error reported by ClickHouse (or refused before it), with ClickHouse's code and name. */
export class ReadError extends Error {
  override name = 'ReadError';
  readonly code: number;
  readonly codeName: string;
  constructor(message: string, code: number, codeName: string) {
    super(message);
    this.code = code;
    this.codeName = codeName;
  }

  /** ClickHouse's HTTP status for this error (src/Server/HTTP/exceptionCodeToHTTPStatus.cpp, by name). */
  get httpStatus(): number {
    return httpStatusOf(this.codeName);
  }

  /** ClickHouse's error text as its HTTP interface prints it. */
  get clickhouseText(): string {
    return `Code: ${this.code}. DB::Exception: ${this.message} (${this.codeName}) (version llmscope)`;
  }
}

const BAD_REQUEST = new Set([
  'BAD_ARGUMENTS', 'CANNOT_COMPILE_REGEXP', 'CANNOT_PARSE_TEXT', 'CANNOT_PARSE_ESCAPE_SEQUENCE', 'CANNOT_PARSE_QUOTED_STRING',
  'CANNOT_PARSE_DATE', 'CANNOT_PARSE_DATETIME', 'CANNOT_PARSE_NUMBER', 'CANNOT_PARSE_DOMAIN_VALUE_FROM_STRING', 'CANNOT_PARSE_IPV4',
  'CANNOT_PARSE_IPV6', 'CANNOT_PARSE_INPUT_ASSERTION_FAILED', 'CANNOT_PARSE_UUID', 'DUPLICATE_COLUMN', 'ILLEGAL_COLUMN',
  'UNKNOWN_ELEMENT_IN_AST', 'UNKNOWN_TYPE_OF_AST_NODE', 'THERE_IS_NO_COLUMN', 'TOO_DEEP_AST', 'TOO_BIG_AST',
  'UNEXPECTED_AST_STRUCTURE', 'SYNTAX_ERROR', 'INCORRECT_DATA', 'TYPE_MISMATCH', 'VALUE_IS_OUT_OF_RANGE_OF_DATA_TYPE',
]);
const NOT_FOUND = new Set([
  'UNKNOWN_TABLE', 'UNKNOWN_FUNCTION', 'UNKNOWN_IDENTIFIER', 'UNKNOWN_TYPE', 'UNKNOWN_STORAGE', 'UNKNOWN_DATABASE', 'UNKNOWN_SETTING',
  'UNKNOWN_DIRECTION_OF_SORTING', 'UNKNOWN_AGGREGATE_FUNCTION', 'UNKNOWN_FORMAT', 'UNKNOWN_DATABASE_ENGINE', 'UNKNOWN_TYPE_OF_QUERY',
  'UNKNOWN_ROLE',
]);
const FORBIDDEN = new Set(['UNKNOWN_USER', 'WRONG_PASSWORD', 'AUTHENTICATION_FAILED', 'SET_NON_GRANTED_ROLE', 'ACCESS_DENIED']);

export function httpStatusOf(codeName: string): number {
  if (codeName === 'REQUIRED_PASSWORD') return 401;
  if (FORBIDDEN.has(codeName)) return 403;
  if (BAD_REQUEST.has(codeName)) return 400;
  if (NOT_FOUND.has(codeName)) return 404;
  if (codeName === 'QUERY_IS_TOO_LARGE') return 413;
  if (codeName === 'NOT_IMPLEMENTED') return 501;
  if (codeName === 'SOCKET_TIMEOUT' || codeName === 'CANNOT_OPEN_FILE' || codeName === 'CANNOT_SCHEDULE_TASK') return 503;
  if (codeName === 'TIMEOUT_EXCEEDED') return 408;
  if (codeName === 'UNSUPPORTED_MEDIA_TYPE') return 415;
  return 500;
}

/**
 * A ReadError from an engine message such as
 * "Code: 62. DB::Exception: Code: 62. DB::Exception: Syntax error: … (SYNTAX_ERROR) (version 26.7.2.1)".
 * chdb nests the prefix; the innermost text is ClickHouse's own message.
 */
export function readErrorFromMessage(raw: string): ReadError {
  const codes = [...raw.matchAll(/Code: (\d+)\. DB::Exception: /g)];
  if (codes.length === 0) return new ReadError(raw.trim() || 'query failed', 1001, 'STD_EXCEPTION');
  const last = codes[codes.length - 1]!;
  const code = Number(last[1]);
  let text = raw.slice(last.index! + last[0].length).trim();
  text = text.replace(/(?:\s*\(version [^)]*\))?\.?(?:\s*\([A-Z_]+\))?\s*$/, '');
  const names = [...raw.matchAll(/\(([A-Z][A-Z0-9_]+)\)/g)];
  const codeName = names.length ? names[names.length - 1]![1]! : 'UNKNOWN_EXCEPTION';
  text = text.replace(new RegExp(`\\s*\\(${codeName}\\)\\s*$`), '');
  return new ReadError(text, code, codeName);
}

/** A ClickHouse SQL string literal ('…' with \\ and \' escaped): safe for any value. */
export function sqlString(s: string): string {
  return "'" + s.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\0/g, '\\0') + "'";
}

/** A value of a SET statement: numbers as they are, anything else a string literal. */
export function settingLiteral(v: string | number): string {
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw new Error(`setting value ${v} is not finite`);
    return String(v);
  }
  return /^-?\d+(?:\.\d+)?$/.test(v) ? v : sqlString(v);
}

const SETTING_NAME_RE = /^[A-Za-z_][A-Za-z0-9_]{0,127}$/;

/** `SET a = 1, b = 'x'` for validated names; throws on a name that is not an identifier. */
export function setStatement(settings: Record<string, string | number>): string | null {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(settings)) {
    if (!SETTING_NAME_RE.test(k)) throw new ReadError(`invalid setting name ${JSON.stringify(k).slice(0, 80)}`, 115, 'UNKNOWN_SETTING');
    parts.push(`${k} = ${settingLiteral(v)}`);
  }
  return parts.length ? `SET ${parts.join(', ')}` : null;
}

/** The settings every read runs with (before readonly=1). */
export function limitSettings(l: ReadLimits): Record<string, string | number> {
  return {
    max_execution_time: l.maxExecutionSeconds,
    timeout_overflow_mode: 'throw',
    max_result_rows: l.maxResultRows,
    max_result_bytes: l.maxResultBytes,
    result_overflow_mode: 'throw',
    max_memory_usage: l.maxMemoryBytes,
    max_threads: l.maxThreads,
  };
}

/**
 * The additional_table_filters value that limits every table of `tables` (database-qualified) to
 * one project. The engine applies it to every read of those tables, whatever the SQL.
 */
export function tenantFilter(tables: readonly string[], project: string): string {
  const cond = `project_id = ${sqlString(project)}`;
  return '{' + tables.map((t) => `${sqlString(t)}: ${sqlString(cond)}`).join(', ') + '}';
}

const TRAILING_FORMAT_RE = /\bFORMAT\s+([A-Za-z][A-Za-z0-9]*)\s*;?\s*$/i;

/** The format named by the SQL's own trailing FORMAT clause (what ClickHouse would answer in), if any. */
export function formatClauseOf(sql: string): string | null {
  const m = TRAILING_FORMAT_RE.exec(sql.length > 4096 ? sql.slice(-4096) : sql);
  return m ? m[1]! : null;
}
