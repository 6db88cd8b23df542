/**
 * Static checks of the dashboard JSON: what Grafana would reject or silently render wrong —
 * duplicate panel ids, overlapping panels, data sources nobody provisioned, variables nobody
 * defined, data links into dashboards that do not exist — plus the plugin's query model.
 */
import { describe, expect, it } from 'vitest';
import { referencedVariables } from '../../src/query/grafana-macros.ts';
import { PROVISIONING_DIR, allPanels, loadDashboards, panelLinks, readYaml, variableSql, type Dashboard, type DsRef, type Panel } from './load.ts';

const dashboards = loadDashboards();
const datasources = readYaml<{ datasources: { uid: string; type: string }[] }>(PROVISIONING_DIR, 'datasources', 'clickhouse.yaml').datasources;
const provisioned = new Map(datasources.map((d) => [d.uid, d.type]));
const CH = { type: 'grafana-clickhouse-datasource', uid: 'llmscope-clickhouse' };
/** The plugin's `format` for each query type (sqlds: 0 time series, 1 table, 2 logs, 3 traces). */
// The plugin's QueryType values (src/types/queryBuilder.ts) and the format each implies.
const FORMAT: Record<string, number> = { timeseries: 0, table: 1, logs: 2, traces: 3 };
const FILES: Record<string, string> = {
  'llmscope-overview': 'llm-overview.json',
  'llmscope-cost': 'cost-budgets.json',
  'llmscope-quality': 'quality.json',
  'llmscope-traces': 'traces.json',
  'llmscope-prompts': 'prompts.json',
  'llmscope-evaluations': 'evaluations.json',
  'llmscope-drift': 'drift.json',
  'llmscope-api-changes': 'api-changes.json',
};

function expectProvisioned(ds: DsRef | undefined, where: string): void {
  expect(ds, where).toBeDefined();
  expect(provisioned.get(ds!.uid!), `${where}: data source ${ds!.uid} is not provisioned`).toBe(ds!.type);
}

function overlaps(a: Panel['gridPos'], b: Panel['gridPos']): boolean {
  return a.x < b.x + b.w && b.x < a.x + a.w && a.y < b.y + b.h && b.y < a.y + a.h;
}

/** All text Grafana interpolates variables into: SQL, titles, descriptions, link URLs. */
function interpolatedTexts(d: Dashboard): string[] {
  const out: string[] = [];
  for (const p of allPanels(d)) {
    out.push(p.title, p.description ?? '');
    for (const t of p.targets ?? []) out.push(t.rawSql);
    for (const l of panelLinks(p)) out.push(l.url);
  }
  for (const v of d.templating.list) {
    const sql = variableSql(v);
    if (sql) out.push(sql);
  }
  return out;
}

describe('dashboard files', () => {
  it('are the dashboards with stable uids', () => {
    expect(Object.fromEntries([...dashboards].map(([uid, { file }]) => [uid, file]))).toEqual(FILES);
  });

  it('the ClickHouse data source is provisioned under the uid the dashboards use', () => {
    expect(provisioned.get(CH.uid)).toBe(CH.type);
  });
});

for (const [uid, { dashboard: d }] of dashboards) {
  describe(`dashboard ${uid}`, () => {
    const panels = allPanels(d);

    it('has a title, tags and a Grafana 11/12 schema version', () => {
      expect(d.title.length).toBeGreaterThan(0);
      expect(d.tags).toContain('llmscope');
      expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
      expect(d.schemaVersion).toBeLessThanOrEqual(41);
    });

    it('every panel has a unique id, a title and a description', () => {
      const ids = panels.map((p) => p.id);
      expect(ids.every((id) => Number.isInteger(id) && id > 0)).toBe(true);
      expect(new Set(ids).size).toBe(ids.length);
      for (const p of panels) {
        expect(p.title.trim().length, `panel ${p.id}`).toBeGreaterThan(0);
        expect((p.description ?? '').trim().length, `panel ${p.id} ${p.title}`).toBeGreaterThan(10);
      }
    });

    it('panels sit on the 24-column grid without overlapping', () => {
      for (const p of panels) {
        const g = p.gridPos;
        for (const v of [g.x, g.y, g.w, g.h]) expect(Number.isInteger(v), `${p.title} gridPos`).toBe(true);
        expect(g.x).toBeGreaterThanOrEqual(0);
        expect(g.w).toBeGreaterThan(0);
        expect(g.h).toBeGreaterThan(0);
        expect(g.x + g.w, `${p.title} spills past column 24`).toBeLessThanOrEqual(24);
      }
      for (let i = 0; i < panels.length; i++)
        for (let j = i + 1; j < panels.length; j++)
          expect(overlaps(panels[i]!.gridPos, panels[j]!.gridPos), `${panels[i]!.title} overlaps ${panels[j]!.title}`).toBe(false);
    });

    it('every panel and target uses the provisioned ClickHouse data source and the SQL editor query model', () => {
      for (const p of panels) {
        expectProvisioned(p.datasource, `panel ${p.title}`);
        expect(p.datasource).toEqual(CH);
        expect(p.targets?.length, `${p.title} has no query`).toBeGreaterThan(0);
        const refIds = p.targets!.map((t) => t.refId);
        expect(new Set(refIds).size).toBe(refIds.length);
        for (const t of p.targets!) {
          expectProvisioned(t.datasource, `target ${p.title}/${t.refId}`);
          expect(t.editorType).toBe('sql');
          expect(t.rawSql.trim().length).toBeGreaterThan(0);
          expect(Object.keys(FORMAT)).toContain(t.queryType);
          expect(t.format, `${p.title}: format for ${t.queryType}`).toBe(FORMAT[t.queryType!]);
          // time-series frames need a time column; the trace view needs the trace format
          if (p.type === 'timeseries') expect(t.queryType).toBe('timeseries');
          if (p.type === 'traces') expect(t.queryType).toBe('traces');
          if (t.queryType === 'timeseries') expect(t.rawSql).toMatch(/\bAS time\b/);
        }
      }
    });

    it('variables: every variable used is defined, query variables use the provisioned data source', () => {
      const defined = new Set(d.templating.list.map((v) => v.name));
      const used = new Set(interpolatedTexts(d).flatMap(referencedVariables));
      expect([...used].filter((n) => !defined.has(n))).toEqual([]);
      for (const v of d.templating.list.filter((x) => x.type === 'query')) {
        expectProvisioned(v.datasource, `variable ${v.name}`);
        expect(v.multi).toBe(true);
        expect(v.includeAll).toBe(true);
        expect(variableSql(v)).toMatch(/\$__timeFilter\(/);
      }
    });

    it('data links point at existing dashboards and set variables those dashboards define', () => {
      for (const p of panels) {
        for (const link of panelLinks(p)) {
          const m = /^\/d\/([^/?]+)(?:\/[^?]*)?\?(.*)$/.exec(link.url);
          expect(m, `${p.title}: link ${link.url} is not a dashboard link`).not.toBeNull();
          const target = dashboards.get(m![1]!);
          expect(target, `${p.title}: link to unknown dashboard ${m![1]}`).toBeDefined();
          const targetVars = new Set(target!.dashboard.templating.list.map((v) => v.name));
          for (const [, name] of m![2]!.matchAll(/(?:^|&)var-(\w+)=/g)) expect(targetVars.has(name!), `${p.title}: var-${name}`).toBe(true);
        }
      }
    });
  });
}

describe('cross-dashboard contracts', () => {
  const get = (uid: string) => dashboards.get(uid)!.dashboard;

  it('the filtering variables are the same four query variables on the LLM dashboards', () => {
    for (const uid of ['llmscope-overview', 'llmscope-cost', 'llmscope-quality']) {
      const names = get(uid).templating.list.filter((v) => v.type === 'query').map((v) => v.name);
      expect(names).toEqual(['service', 'environment', 'provider', 'model']);
      for (const v of get(uid).templating.list.filter((x) => x.type === 'query')) expect(variableSql(v)).toMatch(/FROM llmscope\.llm_calls/);
    }
  });

  it('SQL carries variable values only percent-encoded: no format that a value can break out of (finding 10)', () => {
    for (const [, { dashboard: d }] of dashboards) {
      const sqls = [...allPanels(d).flatMap((p) => (p.targets ?? []).map((t) => t.rawSql)), ...d.templating.list.map(variableSql).filter((x): x is string => !!x)];
      for (const sql of sqls) {
        for (const m of sql.matchAll(/\$\{(\w+)(?::(\w+))?\}/g)) {
          if (m[1]!.startsWith('__')) continue;
          expect(m[2], `${d.uid}: ${m[0]} in ${sql.slice(0, 80)}`).toBe('percentencode');
          expect(sql.slice(m.index! - 20, m.index!), `${d.uid}: ${m[0]} must be decoded`).toMatch(/decodeURLComponent\('$/);
        }
        // a bare $name is only the second argument of $__conditionalAll (tested for "All", never interpolated)
        for (const m of sql.matchAll(/\$(?!__)(\w+)/g)) expect(sql.slice(m.index! - 2, m.index! + m[0].length + 1), `${d.uid}: bare ${m[0]}`).toBe(`, ${m[0]})`);
      }
    }
  });

  it('multi-value variables are only used through $__conditionalAll(has(<decoded ${var:percentencode} list>, col), $var)', () => {
    for (const [, { dashboard: d }] of dashboards) {
      const multi = d.templating.list.filter((v) => v.multi).map((v) => v.name);
      for (const text of interpolatedTexts(d)) {
        for (const name of multi) {
          const uses = [...text.matchAll(new RegExp(`\\$\\{?${name}(?::(\\w+))?\\}?(?!\\w)`, 'g'))];
          const guarded = [
            ...text.matchAll(
              new RegExp(
                `\\$__conditionalAll\\((?:(?!\\$__conditionalAll)[\\s\\S])*?has\\(splitByChar\\(',', trim\\(BOTH '\\{\\}' FROM decodeURLComponent\\('\\$\\{${name}:percentencode\\}'\\)\\)\\), [\\w.]+\\)\\)*, \\$${name}\\)`,
                'g',
              ),
            ),
          ];
          const links = [...text.matchAll(new RegExp(`\\$\\{${name}:queryparam\\}`, 'g'))];
          // each guarded use contains two references (the list and the variable argument)
          expect(uses.length, `${d.uid}: ${name} in ${text.slice(0, 60)}`).toBe(guarded.length * 2 + links.length);
        }
      }
    }
  });

  it('the Traces dashboard has a trace_id textbox, a root-span list linking to it, and a traces panel in the plugin trace format', () => {
    const d = get('llmscope-traces');
    const traceVar = d.templating.list.find((v) => v.name === 'trace_id');
    expect(traceVar?.type).toBe('textbox');
    const list = d.panels.find((p) => p.type === 'table' && p.targets![0]!.rawSql.includes("ParentSpanId = ''"))!;
    expect(list).toBeDefined();
    for (const col of ['TraceId', 'ServiceName', 'SpanName', 'duration_ms', 'StatusCode']) expect(list.targets![0]!.rawSql).toMatch(new RegExp(`AS ${col}\\b`));
    expect(panelLinks(list).some((l) => l.url.includes('/d/llmscope-traces/') && l.url.includes('var-trace_id='))).toBe(true);
    const trace = d.panels.find((p) => p.type === 'traces')!;
    expect(trace.targets![0]!.queryType).toBe('traces');
    expect(trace.targets![0]!.format).toBe(3);
    const aliases = [...trace.targets![0]!.rawSql.matchAll(/\bAS (\w+)/g)].map((m) => m[1]);
    for (const a of ['traceID', 'spanID', 'parentSpanID', 'serviceName', 'operationName', 'startTime', 'duration', 'tags', 'serviceTags', 'kind', 'statusCode', 'statusMessage', 'logs', 'references'])
      expect(aliases, a).toContain(a);
    expect(trace.targets![0]!.rawSql).toContain("TraceId = decodeURLComponent('${trace_id:percentencode}')");
  });

  it('flagged calls and the most expensive calls link to the trace', () => {
    const links = (uid: string, title: string) => panelLinks(get(uid).panels.find((p) => p.title === title)!);
    for (const [uid, title] of [
      ['llmscope-quality', 'Flagged calls — details'],
      ['llmscope-overview', 'Top expensive calls'],
    ] as const) {
      expect(links(uid, title).map((l) => l.url)).toEqual(['/d/llmscope-traces/llmscope-traces?var-trace_id=${__data.fields.trace_id}&${__url_time_range}']);
    }
  });

  it('the cache-savings estimate explains its approximation', () => {
    const p = get('llmscope-cost').panels.find((x) => x.title === 'Cache-read savings (estimate)')!;
    expect(p.description).toMatch(/not stored in ClickHouse/);
    expect(p.description).toMatch(/\$output_price_ratio/);
    expect(p.description).toMatch(/\$cache_read_discount/);
  });
});
