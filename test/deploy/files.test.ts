/**
 * Deployment files, verified without Docker, Kubernetes or Grafana: every YAML parses, every file
 * or folder they mount/copy exists in the repository, names that must agree across files agree
 * (data source uid, env vars, ConfigMap/Secret names, ports, dashboard path), and the cluster
 * documentation matches what src/store/schema.ts really renders.
 */
import { existsSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';
import { renderTable } from '../../src/store/schema.ts';
import { LLM_CALLS } from '../../src/store/tables/llm_calls.ts';
import { OTEL_TRACES } from '../../src/store/tables/otel_traces.ts';
import { OTEL_TRACES_TRACE_ID_TS } from '../../src/store/tables/otel_traces_trace_id_ts.ts';
import { BUDGET_NOTIFICATIONS } from '../../src/store/tables/budget_notifications.ts';
import { DASHBOARD_DIR, PROVISIONING_DIR, REPO, loadDashboards, readYaml } from '../dashboards/load.ts';

const DEPLOY = join(REPO, 'deploy');
type Obj = Record<string, any>;

const compose = readYaml<Obj>(DEPLOY, 'docker-compose.yml');
const services = compose.services as Record<string, Obj>;
const datasourceFile = readYaml<Obj>(PROVISIONING_DIR, 'datasources', 'clickhouse.yaml');
const dashboardProvider = readYaml<Obj>(PROVISIONING_DIR, 'dashboards', 'llmscope.yaml');
const rulesFile = readYaml<Obj>(PROVISIONING_DIR, 'alerting', 'rules.yaml');
const contactPoints = readYaml<Obj>(PROVISIONING_DIR, 'alerting', 'contact-points.yaml');
const policies = readYaml<Obj>(PROVISIONING_DIR, 'alerting', 'policies.yaml');
const DS_UID = 'llmscope-clickhouse';

/** `$VAR` / `${VAR}` references (Grafana's provisioning interpolation), in any string of a parsed YAML. */
function envRefs(x: unknown, out = new Set<string>()): Set<string> {
  if (typeof x === 'string') for (const m of x.matchAll(/\$\{?([A-Z_][A-Z0-9_]*)\}?/g)) out.add(m[1]!);
  else if (Array.isArray(x)) x.forEach((v) => envRefs(v, out));
  else if (x && typeof x === 'object') Object.values(x).forEach((v) => envRefs(v, out));
  return out;
}

/** Compose short-syntax volumes: `source:target[:mode]`. */
function volumes(service: Obj): { source: string; target: string; mode?: string }[] {
  return (service.volumes as string[]).map((v) => {
    const [source, target, mode] = v.split(':');
    return { source: source!, target: target!, mode };
  });
}

function envOf(service: Obj): Record<string, string> {
  return service.environment as Record<string, string>;
}

describe('provisioning files', () => {
  it('every provisioning YAML parses and declares apiVersion 1', () => {
    const files = ['datasources/clickhouse.yaml', 'datasources/embedded.yaml', 'dashboards/llmscope.yaml', 'alerting/rules.yaml', 'alerting/contact-points.yaml', 'alerting/policies.yaml'];
    for (const dir of readdirSync(PROVISIONING_DIR)) for (const f of readdirSync(join(PROVISIONING_DIR, dir))) expect(files).toContain(`${dir}/${f}`);
    for (const f of files) expect(readYaml<Obj>(PROVISIONING_DIR, f).apiVersion, f).toBe(1);
  });

  it('the data source: ClickHouse plugin, uid llmscope-clickhouse, connection from env, database llmscope', () => {
    const ds = datasourceFile.datasources as Obj[];
    expect(ds).toHaveLength(1);
    const d = ds[0]!;
    expect(d.uid).toBe(DS_UID);
    expect(d.type).toBe('grafana-clickhouse-datasource');
    expect(d.jsonData.host).toBe('$CLICKHOUSE_HOST');
    expect(d.jsonData.port).toBe('$CLICKHOUSE_PORT');
    expect(d.jsonData.protocol).toBe('$CLICKHOUSE_PROTOCOL');
    expect(d.jsonData.username).toBe('$CLICKHOUSE_USER');
    expect(d.secureJsonData.password).toBe('$CLICKHOUSE_PASSWORD');
    expect(d.jsonData.defaultDatabase).toBe('llmscope');
  });

  it('the embedded-store data source: same uid and trace settings, HTTP to the collector\'s /clickhouse/ path with an admin key', () => {
    const emb = readYaml<Obj>(PROVISIONING_DIR, 'datasources', 'embedded.yaml').datasources as Obj[];
    expect(emb).toHaveLength(1);
    const d = emb[0]!;
    expect(d.uid).toBe(DS_UID);
    expect(d.type).toBe('grafana-clickhouse-datasource');
    expect(d.jsonData).toMatchObject({ protocol: 'http', path: '/clickhouse', port: '$LLMSCOPE_COLLECTOR_PORT', host: '$LLMSCOPE_COLLECTOR_HOST', defaultDatabase: 'llmscope' });
    expect(d.secureJsonData.password).toBe('$LLMSCOPE_ADMIN_KEY');
    expect(d.jsonData.traces).toEqual(datasourceFile.datasources[0].jsonData.traces);
  });

  it("the data source's trace settings name real otel_traces columns", () => {
    const t = datasourceFile.datasources[0].jsonData.traces as Obj;
    expect(t.defaultDatabase).toBe('llmscope');
    expect(t.defaultTable).toBe(OTEL_TRACES.name);
    expect(t.durationUnit).toBe('nanoseconds');
    const columns = new Set(OTEL_TRACES.columns.map((c) => c.name));
    const columnKeys = Object.keys(t).filter((k) => k.endsWith('Column'));
    expect(columnKeys.length).toBeGreaterThanOrEqual(14);
    for (const k of columnKeys) expect(columns.has(t[k]), `${k}: ${t[k]}`).toBe(true);
    for (const k of ['traceEventsColumnPrefix', 'traceLinksColumnPrefix']) expect(columns.has(t[k]), k).toBe(true);
    expect(OTEL_TRACES.columns.find((c) => c.name === 'Duration')!.type).toBe('UInt64');
    // the plugin's OTel mode reads <table>_trace_id_ts first: the schema must create it
    const tables = [OTEL_TRACES, OTEL_TRACES_TRACE_ID_TS, LLM_CALLS, BUDGET_NOTIFICATIONS].map((x) => x.name);
    expect(t.otelEnabled).toBe(true);
    // the dashboards link trace ids themselves: no second "View trace" link from the plugin
    expect(t.showTraceLinks).toBe(false);
    expect(tables).toContain(`${OTEL_TRACES.name}_trace_id_ts`);
  });

  it('the dashboard provider loads the mounted dashboards folder into the "llmscope" folder', () => {
    const [p] = dashboardProvider.providers as Obj[];
    expect(p!.type).toBe('file');
    expect(p!.folder).toBe('llmscope');
    const mount = volumes(services.grafana!).find((v) => v.target === p!.options.path);
    expect(mount, 'provider path is mounted into Grafana').toBeDefined();
    expect(resolve(DEPLOY, mount!.source)).toBe(resolve(DASHBOARD_DIR));
    expect(mount!.mode).toBe('ro');
    // the folder holds every dashboard (more are added per feature); the four core ones among them
    expect(readdirSync(DASHBOARD_DIR).filter((f) => f.endsWith('.json'))).toEqual(expect.arrayContaining(['llm-overview.json', 'quality.json', 'cost-budgets.json', 'traces.json']));
    // the home dashboard Grafana opens is one of them
    const home = envOf(services.grafana!).GF_DASHBOARDS_DEFAULT_HOME_DASHBOARD_PATH!;
    expect(dirname(home)).toBe(p!.options.path);
    expect(existsSync(join(DASHBOARD_DIR, home.slice(p!.options.path.length + 1)))).toBe(true);
  });

  it('alert rules: A queries the provisioned data source, B reduces, C thresholds, states are valid', () => {
    const dashboards = loadDashboards();
    const [group] = rulesFile.groups as Obj[];
    expect(group!.orgId).toBe(1);
    expect(group!.folder).toBe('llmscope');
    expect(group!.interval).toMatch(/^\d+[smh]$/);
    const rules = group!.rules as Obj[];
    expect(new Set(rules.map((r) => r.uid)).size).toBe(rules.length);
    for (const r of rules) {
      const byRef = new Map((r.data as Obj[]).map((d) => [d.refId, d]));
      expect([...byRef.keys()], r.uid).toEqual(['A', 'B', 'C']);
      expect(r.condition).toBe('C');
      const a = byRef.get('A')!;
      expect(a.datasourceUid).toBe(DS_UID);
      expect(a.model.datasource).toEqual({ type: 'grafana-clickhouse-datasource', uid: DS_UID });
      expect(a.model.editorType).toBe('sql');
      expect(a.model.format).toBe(1);
      expect(a.relativeTimeRange.from).toBeGreaterThan(0);
      expect(a.model.rawSql).toMatch(/FROM llmscope\.(llm_calls|otel_traces)/);
      // Only the plugin's macros: $__timeFilter bounds the SQL to the rule's relativeTimeRange itself.
      for (const m of (a.model.rawSql as string).matchAll(/\$[\w{]*/g)) expect(m[0], r.uid).toMatch(/^\$__(timeFilter|toTime|fromTime)$/);
      expect(a.model.rawSql, r.uid).toMatch(/\$__timeFilter\((timestamp|Timestamp)\)/);
      expect(a.model.rawSql, r.uid).not.toMatch(/now\(\)/);
      const b = byRef.get('B')!;
      expect(b.datasourceUid).toBe('__expr__');
      expect(b.model).toMatchObject({ type: 'reduce', expression: 'A', datasource: { type: '__expr__', uid: '__expr__' } });
      const c = byRef.get('C')!;
      expect(c.datasourceUid).toBe('__expr__');
      expect(c.model).toMatchObject({ type: 'threshold', expression: 'B', datasource: { type: '__expr__', uid: '__expr__' } });
      expect(['gt', 'lt']).toContain(c.model.conditions[0].evaluator.type);
      expect(['OK', 'NoData', 'Alerting', 'KeepLast']).toContain(r.noDataState);
      expect(['OK', 'Error', 'Alerting', 'KeepLast']).toContain(r.execErrState);
      expect(r.for).toMatch(/^\d+[smh]$/);
      expect(r.labels.component).toBe('llmscope');
      expect(['warning', 'critical']).toContain(r.labels.severity);
      expect(r.annotations.summary.length).toBeGreaterThan(0);
      for (const v of Object.values(r.labels)) expect(String(v)).not.toContain('$');
      // file provisioning reads the rule-level fields (the __dashboardUid__/__panelId__ annotations are API-only)
      expect(r.annotations.__dashboardUid__).toBeUndefined();
      expect(r.annotations.__panelId__).toBeUndefined();
      const d = dashboards.get(r.dashboardUid);
      expect(d, `${r.uid} links to an existing dashboard`).toBeDefined();
      expect(typeof r.panelId).toBe('number');
      expect(d!.dashboard.panels.map((p) => p.id)).toContain(r.panelId);
    }
    expect(rules.find((r) => r.uid === 'llmscope-ingest-stalled')!.noDataState).toBe('Alerting');
  });

  it('contact point: a webhook whose url comes from LLMSCOPE_ALERT_WEBHOOK_URL; policies route to it', () => {
    const [cp] = contactPoints.contactPoints as Obj[];
    const [receiver] = cp!.receivers as Obj[];
    expect(receiver!.type).toBe('webhook');
    expect(receiver!.settings.url).toBe('$LLMSCOPE_ALERT_WEBHOOK_URL');
    const names = new Set((contactPoints.contactPoints as Obj[]).map((c) => c.name));
    const [root] = policies.policies as Obj[];
    const receivers = [root!.receiver, ...(root!.routes as Obj[]).map((r) => r.receiver)];
    for (const r of receivers) expect(names.has(r), r).toBe(true);
    expect(root!.receiver).toBe(cp!.name);
  });

  it("every environment variable the provisioning files use is set in Grafana's container", () => {
    const env = envOf(services.grafana!);
    const used = new Set([...envRefs(datasourceFile), ...envRefs(contactPoints), ...envRefs(policies), ...envRefs(dashboardProvider)]);
    expect([...used].sort()).toEqual(['CLICKHOUSE_HOST', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_PORT', 'CLICKHOUSE_PROTOCOL', 'CLICKHOUSE_USER', 'LLMSCOPE_ALERT_WEBHOOK_URL']);
    for (const v of used) expect(env[v], v).toBeTruthy();
  });
});

describe('docker compose', () => {
  it('runs ClickHouse, the collector and Grafana from pinned images', () => {
    expect(Object.keys(services).sort()).toEqual(['clickhouse', 'collector', 'grafana']);
    expect(services.clickhouse!.image).toMatch(/^clickhouse\/clickhouse-server:\d+\.\d+(\.\d+)*$/);
    expect(services.grafana!.image).toMatch(/^grafana\/grafana:1[12]\.\d+\.\d+$/);
    // pinned to a released version (4.20.0: the version the dashboards and macros were reviewed against)
    expect(envOf(services.grafana!).GF_PLUGINS_PREINSTALL_SYNC).toBe('grafana-clickhouse-datasource@4.20.0');
  });

  it('builds the collector from the repository Dockerfile and runs it against the ClickHouse server', () => {
    const c = services.collector!;
    const context = resolve(DEPLOY, c.build.context);
    expect(context).toBe(resolve(REPO));
    expect(existsSync(join(context, c.build.dockerfile))).toBe(true);
    expect(c.command).toEqual(['node', 'src/cli.ts', 'collector', '--host', '0.0.0.0', '--clickhouse-url', 'http://clickhouse:8123']);
    const env = envOf(c);
    expect(env.CLICKHOUSE_URL).toBe('http://clickhouse:8123');
    expect(env.CLICKHOUSE_DATABASE).toBe('llmscope');
    expect(env.CLICKHOUSE_USER).toBeTruthy();
    expect(env.CLICKHOUSE_PASSWORD).toBeTruthy();
    // the collector and the ClickHouse server agree on the writer's credentials and database
    const ch = envOf(services.clickhouse!);
    expect(env.CLICKHOUSE_USER).toBe(ch.CLICKHOUSE_USER);
    expect(env.CLICKHOUSE_PASSWORD).toBe(ch.CLICKHOUSE_PASSWORD);
    expect(ch.CLICKHOUSE_DB).toBe(env.CLICKHOUSE_DATABASE);
    expect(c.ports).toContain('4318:4318');
    expect(c.depends_on.clickhouse.condition).toBe('service_healthy');
    expect(c.stop_grace_period).toBeTruthy();
  });

  it('has health checks: ClickHouse /ping, collector /healthz on 4318, Grafana /api/health', () => {
    const test = (s: string) => [services[s]!.healthcheck.test].flat().join(' ');
    expect(test('clickhouse')).toContain('http://127.0.0.1:8123/ping');
    expect(test('collector')).toContain('http://127.0.0.1:4318/healthz');
    expect(test('grafana')).toContain('http://127.0.0.1:3000/api/health');
    expect(services.grafana!.depends_on.clickhouse.condition).toBe('service_healthy');
  });

  it('Grafana reaches ClickHouse as the read-only user defined in deploy/clickhouse/users.d', () => {
    const g = envOf(services.grafana!);
    expect(g.CLICKHOUSE_HOST).toBe('clickhouse');
    expect(g.CLICKHOUSE_PROTOCOL).toBe('native');
    expect(g.CLICKHOUSE_PORT).toBe('9000');
    const mount = volumes(services.clickhouse!).find((v) => v.target.startsWith('/etc/clickhouse-server/users.d/'))!;
    const xml = readFileSync(resolve(DEPLOY, mount.source), 'utf8');
    expect(xml).toContain(`<${g.CLICKHOUSE_USER}>`);
    // readonly=1 (not 2: with 2 any panel SQL can lift the limits), max_execution_time changeable up to its max
    expect(xml).toMatch(/<readonly>1<\/readonly>/);
    expect(xml).toMatch(/<constraints>\s*<max_execution_time>\s*<max>60<\/max>\s*<changeable_in_readonly\/>\s*<\/max_execution_time>\s*<\/constraints>/);
    expect(xml).toContain('GRANT SELECT ON llmscope.*');
    const envVar = /from_env="(\w+)"/.exec(xml)![1]!;
    // the server reads the password from the same value Grafana sends
    expect(envOf(services.clickhouse!)[envVar]).toBe(g.CLICKHOUSE_PASSWORD);
  });

  it('mounts files that exist, provisioning and dashboards read-only, and declares its named volumes', () => {
    const named = new Set(Object.keys(compose.volumes as Obj));
    for (const [name, s] of Object.entries(services)) {
      for (const v of s.volumes ? volumes(s) : []) {
        if (v.source.startsWith('.') || v.source.startsWith('/')) {
          expect(existsSync(resolve(DEPLOY, v.source)), `${name}: ${v.source}`).toBe(true);
          expect(v.mode, `${name}: ${v.source} read-only`).toBe('ro');
        } else expect(named.has(v.source), `${name}: volume ${v.source}`).toBe(true);
      }
    }
    // provisioning: dashboards, alerting and the server's data source — not datasources/embedded.yaml (same uid)
    const mounted = Object.fromEntries(volumes(services.grafana!).map((v) => [v.target, resolve(DEPLOY, v.source)]));
    for (const sub of ['dashboards', 'alerting']) {
      expect(mounted[`/etc/grafana/provisioning/${sub}`]).toBe(join(PROVISIONING_DIR, sub));
      expect(statSync(join(PROVISIONING_DIR, sub)).isDirectory()).toBe(true);
    }
    expect(mounted['/etc/grafana/provisioning/datasources/clickhouse.yaml']).toBe(join(PROVISIONING_DIR, 'datasources', 'clickhouse.yaml'));
    expect(Object.keys(mounted).filter((t) => t.startsWith('/etc/grafana/provisioning/datasources'))).toEqual(['/etc/grafana/provisioning/datasources/clickhouse.yaml']);
  });
});

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
  const ignore = readFileSync(join(REPO, '.dockerignore'), 'utf8').split('\n').map((l) => l.trim()).filter((l) => l && !l.startsWith('#'));

  it('is multi-stage on node:24-slim and runs the TypeScript sources with node', () => {
    // deps (production node_modules), console (the UI bundle, built with dev dependencies), runtime
    expect([...dockerfile.matchAll(/^FROM node:24-slim AS \w+/gm)].length).toBe(3);
    expect(dockerfile).toMatch(/^COPY --from=console \/app\/console\/dist \.\/console\/dist$/m);
    expect(dockerfile).toMatch(/npm ci --omit=dev/);
    expect(dockerfile).toMatch(/^EXPOSE 4318 4317$/m);
    expect(dockerfile).toMatch(/^CMD \["node", "src\/cli\.ts", "collector", "--host", "0\.0\.0\.0"\]$/m);
    expect(dockerfile).toMatch(/^USER node$/m);
  });

  it('copies only paths that exist and that .dockerignore lets through', () => {
    const copies = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    expect(copies.sort()).toEqual(
      ['bin', 'console', 'dashboards', 'instrumentation/package.json', 'instrumentation/package.json', 'instrumentation/package.json', 'package-lock.json', 'package-lock.json', 'package.json', 'package.json', 'package.json', 'semconv', 'semconv/package.json', 'semconv/package.json', 'src'].sort(),
    );
    for (const c of new Set(copies)) {
      expect(existsSync(join(REPO, c)), `${c} exists`).toBe(true);
      for (const pattern of ignore) expect(pattern === c || pattern === `${c}/` || (pattern === '**/*.md' && c.endsWith('.md')), `${c} ignored by ${pattern}`).toBe(false);
    }
    for (const p of ['**/node_modules', '.git', '.llmscope']) expect(ignore).toContain(p);
    const pkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { bin: Record<string, string>; type: string };
    expect(pkg.type).toBe('module');
    for (const bin of Object.values(pkg.bin)) expect(bin.replace(/^\.\//, '')).toMatch(/^bin\//);
  });
});

describe('Dockerfile and the collector\'s imports', () => {
  it('copies every repository file the collector imports (relative and workspace imports reachable from src/cli.ts)', () => {
    const dockerfile = readFileSync(join(REPO, 'Dockerfile'), 'utf8');
    const copied = [...dockerfile.matchAll(/^COPY (?!--from)(.+) \S+$/gm)].flatMap((m) => m[1]!.split(/\s+/));
    const rootPkg = JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { workspaces: string[]; dependencies: Record<string, string> };
    // workspace package name → the repository file its "." export points at
    const workspaceEntry = new Map<string, string>();
    for (const ws of rootPkg.workspaces) {
      const pkg = JSON.parse(readFileSync(join(REPO, ws, 'package.json'), 'utf8')) as { name: string; exports?: Record<string, { default?: string }> };
      const entry = pkg.exports?.['.']?.default;
      if (entry) workspaceEntry.set(pkg.name, relative(REPO, join(REPO, ws, entry)));
    }
    const seen = new Set<string>();
    const todo = ['src/cli.ts'];
    const workspaceImports = new Set<string>();
    while (todo.length) {
      const file = todo.pop()!;
      if (seen.has(file)) continue;
      seen.add(file);
      const text = readFileSync(join(REPO, file), 'utf8');
      for (const m of text.matchAll(/(?:from|import)\s*\(?\s*'([^']+)'/g)) {
        const spec = m[1]!;
        if (spec.startsWith('.')) todo.push(relative(REPO, resolve(dirname(join(REPO, file)), spec)));
        else if (workspaceEntry.has(spec)) {
          workspaceImports.add(spec);
          todo.push(workspaceEntry.get(spec)!);
        }
      }
    }
    expect(seen.size).toBeGreaterThan(50);
    // the collector reads the GenAI names from the semconv package, by name, never from the instrumentation's source
    expect([...workspaceImports]).toEqual(['@llmscope/semconv']);
    expect(rootPkg.dependencies['@llmscope/semconv']).toBeDefined();
    for (const f of seen) expect(f.startsWith('instrumentation/'), `${f} is not the instrumentation's source`).toBe(false);
    for (const f of seen) expect(copied.some((c) => f === c || f.startsWith(c + '/')), `${f} is copied into the image`).toBe(true);
  });
});

describe('kubernetes manifests', () => {
  const K8S = join(DEPLOY, 'k8s');
  const docs: Obj[] = readdirSync(K8S)
    .filter((f) => f.endsWith('.yaml'))
    .flatMap((f) => parseAllDocuments(readFileSync(join(K8S, f), 'utf8')).map((d) => ({ ...(d.toJS() as Obj), __file: f })));
  const kind = (k: string) => docs.filter((d) => d.kind === k);
  const deployment = kind('Deployment')[0]!;
  const container = deployment.spec.template.spec.containers[0] as Obj;

  it('parse and contain the required kinds with current API versions', () => {
    const versions = Object.fromEntries(docs.filter((d) => d.kind !== 'Kustomization').map((d) => [d.kind, d.apiVersion]));
    expect(versions).toEqual({
      ConfigMap: 'v1',
      Secret: 'v1',
      Deployment: 'apps/v1',
      StatefulSet: 'apps/v1',
      Service: 'v1',
      HorizontalPodAutoscaler: 'autoscaling/v2',
      PodDisruptionBudget: 'policy/v1',
      Job: 'batch/v1',
    });
  });

  it('the Deployment probes /healthz on the OTLP port, sets resources and takes env from the ConfigMap and Secret', () => {
    const port = (container.ports as Obj[]).find((p) => p.containerPort === 4318)!;
    expect(port).toBeDefined();
    for (const probe of ['startupProbe', 'readinessProbe', 'livenessProbe']) {
      expect(container[probe].httpGet.path, probe).toBe('/healthz');
      expect([port.name, 4318]).toContain(container[probe].httpGet.port);
    }
    expect(container.resources.requests.cpu).toBeTruthy();
    expect(container.resources.requests.memory).toBeTruthy();
    expect(container.resources.limits.memory).toBeTruthy();
    const envFrom = container.envFrom as Obj[];
    expect(envFrom.find((e) => e.configMapRef)!.configMapRef.name).toBe(kind('ConfigMap')[0]!.metadata.name);
    expect(envFrom.find((e) => e.secretRef)!.secretRef.name).toBe(kind('Secret')[0]!.metadata.name);
    expect(container.command).toEqual(['node', 'src/cli.ts', 'collector', '--host', '0.0.0.0']);
    const cm = kind('ConfigMap')[0]!.data as Record<string, string>;
    for (const k of ['CLICKHOUSE_URL', 'CLICKHOUSE_DATABASE', 'CLICKHOUSE_USER', 'LLMSCOPE_CLUSTER', 'LLMSCOPE_PORT']) expect(k in cm, k).toBe(true);
    expect(cm.LLMSCOPE_PORT).toBe('4318');
    expect(Object.keys(kind('Secret')[0]!.stringData)).toEqual(['CLICKHOUSE_PASSWORD']);
  });

  it('Service, HPA and PDB select the Deployment', () => {
    const labels = deployment.spec.template.metadata.labels as Record<string, string>;
    const selects = (sel: Record<string, string>) => Object.entries(sel).every(([k, v]) => labels[k] === v);
    const svc = kind('Service')[0]!;
    expect(selects(svc.spec.selector)).toBe(true);
    expect(svc.spec.ports[0].port).toBe(4318);
    expect((container.ports as Obj[]).map((p) => p.name)).toContain(svc.spec.ports[0].targetPort);
    const hpa = kind('HorizontalPodAutoscaler')[0]!;
    expect(hpa.spec.scaleTargetRef).toMatchObject({ kind: 'Deployment', name: deployment.metadata.name });
    expect(hpa.spec.minReplicas).toBeGreaterThanOrEqual(2);
    const pdb = kind('PodDisruptionBudget')[0]!;
    expect(selects(pdb.spec.selector.matchLabels)).toBe(true);
    expect(selects(deployment.spec.selector.matchLabels)).toBe(true);
    const job = kind('Job')[0]!;
    expect(job.spec.template.spec.containers[0].command).toEqual(['node', 'src/cli.ts', 'migrate']);
  });

  it('N replicas: the StatefulSet runs the Deployment’s pod with a volume per pod for its write-ahead log; the lease TTL is set', () => {
    const sts = kind('StatefulSet')[0]!;
    const podOf = (o: Obj) => {
      const spec = structuredClone(o.spec.template.spec) as Obj;
      spec.volumes = (spec.volumes as Obj[]).filter((v) => v.name !== 'data');
      spec.containers = (spec.containers as Obj[]).map((c) => ({ ...c, volumeMounts: (c.volumeMounts as Obj[]).map((m) => ({ name: m.name, mountPath: m.mountPath })) }));
      return spec;
    };
    expect(podOf(sts)).toEqual(podOf(deployment));
    expect(sts.spec.template.metadata).toEqual(deployment.spec.template.metadata);
    expect(sts.spec.volumeClaimTemplates.map((c: Obj) => [c.metadata.name, c.spec.accessModes])).toEqual([['data', ['ReadWriteOnce']]]);
    expect((sts.spec.template.spec.volumes as Obj[]).some((v) => v.name === 'data')).toBe(false);
    expect(sts.spec.podManagementPolicy).toBe('Parallel');
    const headless = kind('Service').find((x) => x.metadata.name === sts.spec.serviceName)!;
    expect(headless.spec.clusterIP).toBe('None');
    // The Deployment's log lives on an emptyDir mounted where the image keeps its data folder.
    expect((deployment.spec.template.spec.volumes as Obj[]).find((v) => v.name === 'data')!.emptyDir.sizeLimit).toBe('2Gi');
    expect((container.volumeMounts as Obj[]).find((m) => m.name === 'data')!.mountPath).toBe('/data');
    const cm = kind('ConfigMap')[0]!.data as Record<string, string>;
    expect(cm.LLMSCOPE_LEASE_TTL).toBe('30s');
    expect(Number(cm.LLMSCOPE_WAL_MAX_BYTES)).toBeLessThan(2 * 1024 ** 3);
    const readme = readFileSync(join(K8S, 'README.md'), 'utf8');
    for (const s of ['## N replicas', 'keeper_map_path_prefix', 'internal_replication', 'emptyDir', 'statefulset.yaml', 'LLMSCOPE_LEASE_TTL']) expect(readme).toContain(s);
  });

  it('kustomization lists existing files and leaves the Secret out', () => {
    const k = parse(readFileSync(join(K8S, 'kustomization.yaml'), 'utf8')) as Obj;
    for (const r of k.resources as string[]) expect(existsSync(join(K8S, r)), r).toBe(true);
    expect(k.resources).not.toContain('secret.example.yaml');
    expect(k.resources).toEqual(expect.arrayContaining(['deployment.yaml', 'service.yaml', 'configmap.yaml', 'hpa.yaml', 'pdb.yaml']));
  });

  it('the cluster README matches what renderTable emits for LLMSCOPE_CLUSTER', () => {
    const readme = readFileSync(join(K8S, 'README.md'), 'utf8');
    const [local, dist] = renderTable(LLM_CALLS, { database: 'llmscope', cluster: 'llmscope' });
    expect(local).toContain('CREATE TABLE IF NOT EXISTS llmscope.llm_calls_local ON CLUSTER llmscope');
    expect(local).toContain('ENGINE = ReplicatedMergeTree()');
    expect(dist).toContain('ENGINE = Distributed(llmscope, llmscope, llm_calls_local, cityHash64(trace_id))');
    const [budgetLocal] = renderTable(BUDGET_NOTIFICATIONS, { database: 'llmscope', cluster: 'llmscope' });
    expect(budgetLocal).toContain('ReplicatedReplacingMergeTree(updated_at)');
    for (const s of ['ReplicatedMergeTree()', 'ReplicatedReplacingMergeTree(updated_at)', '<table>_local', 'Distributed(<name>, llmscope, <table>_local', 'ON CLUSTER']) expect(readme).toContain(s);
    for (const s of ['<remote_servers>', '<llmscope>', '<internal_replication>true</internal_replication>', '<macros>', '<shard>', '<replica>', '<zookeeper>', '<keeper_server>', '<distributed_ddl>', '{shard}', '{replica}']) expect(readme).toContain(s);
    expect(readme).toMatch(/LLMSCOPE_CLUSTER=llmscope[\s\\]+CLICKHOUSE_URL=\S+ CLICKHOUSE_USER=\S+ CLICKHOUSE_PASSWORD=\S+[\s\\]+npx llmscope migrate/);
    expect(kind('ConfigMap')[0]!.data.LLMSCOPE_CLUSTER).toBe('llmscope');
  });
});
