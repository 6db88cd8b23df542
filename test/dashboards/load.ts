/** Reading the repository's Grafana dashboards and provisioning files in tests. */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';

export const REPO = fileURLToPath(new URL('../..', import.meta.url));
export const DASHBOARD_DIR = join(REPO, 'dashboards');
export const PROVISIONING_DIR = join(REPO, 'deploy', 'grafana', 'provisioning');

export interface DsRef {
  type?: string;
  uid?: string;
}

export interface Target {
  refId: string;
  datasource?: DsRef;
  editorType?: string;
  queryType?: string;
  format?: number;
  rawSql: string;
}

export interface Panel {
  id: number;
  type: string;
  title: string;
  description?: string;
  datasource?: DsRef;
  gridPos: { x: number; y: number; w: number; h: number };
  targets?: Target[];
  panels?: Panel[];
  fieldConfig?: { defaults?: Record<string, unknown>; overrides?: { matcher: { id: string; options: string }; properties: { id: string; value: unknown }[] }[] };
  links?: { title: string; url: string }[];
  options?: Record<string, unknown>;
}

export interface Variable {
  type: string;
  name: string;
  datasource?: DsRef;
  query?: string | { editorType?: string; rawSql: string };
  definition?: string;
  multi?: boolean;
  includeAll?: boolean;
  current?: { value?: string | string[] };
  options?: { value: string }[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description?: string;
  schemaVersion: number;
  tags?: string[];
  panels: Panel[];
  templating: { list: Variable[] };
  links?: unknown[];
}

export function loadDashboards(): Map<string, { file: string; dashboard: Dashboard }> {
  const out = new Map<string, { file: string; dashboard: Dashboard }>();
  for (const file of readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json')).sort()) {
    const dashboard = JSON.parse(readFileSync(join(DASHBOARD_DIR, file), 'utf8')) as Dashboard;
    out.set(dashboard.uid, { file, dashboard });
  }
  return out;
}

/** Panels including those nested in collapsed rows. */
export function allPanels(d: Dashboard): Panel[] {
  const out: Panel[] = [];
  const walk = (ps: Panel[]) => {
    for (const p of ps) {
      out.push(p);
      if (p.panels) walk(p.panels);
    }
  };
  walk(d.panels);
  return out;
}

export function variableSql(v: Variable): string | null {
  if (v.type !== 'query' || v.query === undefined) return null;
  return typeof v.query === 'string' ? v.query : v.query.rawSql;
}

export function readYaml<T = Record<string, unknown>>(...path: string[]): T {
  return parse(readFileSync(join(...path), 'utf8')) as T;
}

/** Every data-link URL in a panel (panel links and field-config links). */
export function panelLinks(p: Panel): { title: string; url: string }[] {
  const out: { title: string; url: string }[] = [...(p.links ?? [])];
  const visit = (x: unknown) => {
    if (Array.isArray(x)) x.forEach(visit);
    else if (x && typeof x === 'object') {
      const o = x as Record<string, unknown>;
      if (o.id === 'links' && Array.isArray(o.value)) out.push(...(o.value as { title: string; url: string }[]));
      else if ('links' in o && Array.isArray(o.links) && o !== (p as unknown)) out.push(...(o.links as { title: string; url: string }[]));
      for (const v of Object.values(o)) visit(v);
    }
  };
  visit(p.fieldConfig);
  return out;
}
