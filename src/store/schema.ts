/**
 * How a table definition becomes DDL. Each table is described once, next to its row builder, in
 * src/store/tables/<table>.ts; this renders a definition either for a single node (MergeTree) or
 * for a cluster (ON CLUSTER, Replicated*MergeTree local tables behind Distributed tables of the
 * plain name, so every query reads the same names).
 */

export interface Column {
  name: string;
  type: string;
  codec?: string;
  /** A DEFAULT/MATERIALIZED/ALIAS clause, e.g. "DEFAULT 'default'". */
  default?: string;
  comment?: string;
}

export interface TableDef {
  name: string;
  columns: Column[];
  indexes?: string[];
  /** MergeTree flavour without the Replicated prefix: MergeTree, ReplacingMergeTree(ver), … */
  engine: string;
  partitionBy?: string;
  /** PRIMARY KEY when it is a prefix of ORDER BY (omitted = the whole ORDER BY). */
  primaryKey?: string;
  orderBy: string;
  /** Column expression that TTL retention is measured from; omitted = no TTL. */
  ttlFrom?: string;
  settings?: string[];
  /** Sharding key for the Distributed table in cluster mode. */
  shardingKey: string;
  /**
   * In a cluster: one KeeperMap table at <keeper_map_path_prefix>/<db>/<table> instead of a
   * Replicated table behind a Distributed one — rows live in Keeper, inserts are linearizable and,
   * with keeper_map_strict_mode, an insert of an existing key is refused. orderBy is then the
   * single-column PRIMARY KEY. For small coordination tables (leases), never for data.
   */
  keeperMapInCluster?: boolean;
}

export interface SchemaOptions {
  database: string;
  /** ClickHouse cluster name; empty = single node. */
  cluster?: string;
  /** Retention in days; 0 = keep forever. */
  ttlDays?: number;
}

/** Settings that make a retried insert with the same dedup token a no-op on single-node MergeTree. */
const DEDUP_WINDOW_SETTING = 'non_replicated_deduplication_window = 10000';

function quoteIdent(name: string): string {
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new Error(`invalid identifier: ${name}`);
  return name;
}

function onCluster(o: SchemaOptions): string {
  return o.cluster ? ` ON CLUSTER ${quoteIdent(o.cluster)}` : '';
}

function renderColumns(t: TableDef): string {
  const cols = t.columns.map((c) => {
    let s = `    ${c.name} ${c.type}`;
    if (c.default) s += ` ${c.default}`;
    if (c.comment) s += ` COMMENT '${c.comment.replace(/'/g, "\\'")}'`;
    if (c.codec) s += ` CODEC(${c.codec})`;
    return s;
  });
  for (const i of t.indexes ?? []) cols.push(`    ${i}`);
  return cols.join(',\n');
}

/** CREATE TABLE statements for one table: one for a single node, two (local + Distributed) for a cluster. */
export function renderTable(t: TableDef, o: SchemaOptions): string[] {
  const db = quoteIdent(o.database);
  const ttlDays = o.ttlDays ?? 0;
  const ttl = t.ttlFrom && ttlDays > 0 ? `\nTTL ${t.ttlFrom} + toIntervalDay(${Math.floor(ttlDays)})` : '';
  if (o.cluster && t.keeperMapInCluster) {
    return [
      `CREATE TABLE IF NOT EXISTS ${db}.${t.name}${onCluster(o)}\n(\n${renderColumns(t)}\n)\n` +
        `ENGINE = KeeperMap('/${db}/${quoteIdent(t.name)}')\nPRIMARY KEY ${t.orderBy}`,
    ];
  }
  const settings = [...(t.settings ?? [])];
  const local = o.cluster ? `${t.name}_local` : t.name;
  const engine = o.cluster ? `Replicated${t.engine}` : t.engine;
  if (!o.cluster && t.engine.endsWith('MergeTree')) settings.push(DEDUP_WINDOW_SETTING);
  const createLocal =
    `CREATE TABLE IF NOT EXISTS ${db}.${local}${onCluster(o)}\n(\n${renderColumns(t)}\n)\n` +
    `ENGINE = ${engine}${engine.includes('(') ? '' : '()'}\n` +
    (t.partitionBy ? `PARTITION BY ${t.partitionBy}\n` : '') +
    (t.primaryKey ? `PRIMARY KEY ${t.primaryKey}\n` : '') +
    `ORDER BY ${t.orderBy}${ttl}\n` +
    (settings.length ? `SETTINGS ${settings.join(', ')}` : '');
  if (!o.cluster) return [createLocal];
  const dist =
    `CREATE TABLE IF NOT EXISTS ${db}.${t.name}${onCluster(o)} AS ${db}.${local}\n` +
    `ENGINE = Distributed(${quoteIdent(o.cluster)}, ${db}, ${local}, ${t.shardingKey})`;
  return [createLocal, dist];
}

export function renderDatabase(o: SchemaOptions): string {
  return `CREATE DATABASE IF NOT EXISTS ${quoteIdent(o.database)}${onCluster(o)}`;
}
