/**
 * A dependency-free Prometheus registry rendering the text exposition format 0.0.4:
 * counters, gauges and histograms (explicit buckets; cumulative `_bucket{le=…}`, `_sum`, `_count`),
 * with labels. Families render in registration order, series in first-use order, so the output is
 * deterministic. A `collect` callback runs at render time to pull values kept elsewhere (queue
 * depth, counters owned by other modules).
 *
 *   const r = new Registry();
 *   const spans = r.counter({ name: 'llmscope_spans_rejected_total', help: '…', labelNames: ['reason'] });
 *   spans.inc({ reason: 'malformed' }, 3);
 *   r.gauge({ name: 'llmscope_queue_rows', help: '…', collect: (g) => g.set(writer.queuedRows) });
 *   res.setHeader('content-type', METRICS_CONTENT_TYPE); res.end(renderMetrics(r));
 */

export const METRICS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

const METRIC_NAME_RE = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
const LABEL_NAME_RE = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

export type Labels<L extends string> = { readonly [K in L]?: string | number };

export interface MetricOptions<L extends string> {
  name: string;
  help: string;
  labelNames?: readonly L[];
}

export class MetricError extends Error {
  override name = 'MetricError';
}

interface Series {
  labelText: string;
}

abstract class Metric<L extends string, S extends Series> {
  readonly name: string;
  readonly help: string;
  readonly labelNames: readonly L[];
  abstract readonly type: 'counter' | 'gauge' | 'histogram';
  protected readonly series = new Map<string, S>();

  constructor(o: MetricOptions<L>, reserved: readonly string[] = []) {
    if (!METRIC_NAME_RE.test(o.name)) throw new MetricError(`invalid metric name "${o.name}"`);
    this.name = o.name;
    this.help = o.help;
    this.labelNames = o.labelNames ?? [];
    const seen = new Set<string>();
    for (const l of this.labelNames) {
      if (!LABEL_NAME_RE.test(l) || l.startsWith('__')) throw new MetricError(`${o.name}: invalid label name "${l}"`);
      if (reserved.includes(l)) throw new MetricError(`${o.name}: label name "${l}" is reserved`);
      if (seen.has(l)) throw new MetricError(`${o.name}: duplicate label name "${l}"`);
      seen.add(l);
    }
  }

  protected abstract newSeries(labelText: string): S;

  /** The series for these labels (created on first use). Missing labels are "". */
  protected seriesOf(labels: Labels<L> | undefined): S {
    let key = '';
    if (labels !== undefined) {
      for (const k in labels) {
        if (!this.labelNames.includes(k as L)) throw new MetricError(`${this.name}: unknown label "${k}"`);
      }
      for (const l of this.labelNames) key += `${labels[l] ?? ''}\u0000`;
    } else if (this.labelNames.length > 0) key = '\u0000'.repeat(this.labelNames.length);
    let s = this.series.get(key);
    if (!s) {
      s = this.newSeries(labelText(this.labelNames, labels));
      this.series.set(key, s);
    }
    return s;
  }

  /** Forgets every series (e.g. before a collect callback rebuilds them). */
  reset(): void {
    this.series.clear();
  }

  abstract render(out: string[]): void;
}

interface ValueSeries extends Series {
  value: number;
}

type Collect<M> = (metric: M) => void;

export class Counter<L extends string = never> extends Metric<L, ValueSeries> {
  readonly type = 'counter';
  readonly collect: Collect<Counter<L>> | undefined;

  constructor(o: MetricOptions<L> & { collect?: Collect<Counter<L>> }) {
    super(o);
    this.collect = o.collect;
  }

  protected newSeries(labelText: string): ValueSeries {
    return { labelText, value: 0 };
  }

  inc(labels?: Labels<L>, by?: number): void;
  inc(by?: number): void;
  inc(a?: Labels<L> | number, b?: number): void {
    const [labels, by] = typeof a === 'number' || a === undefined ? [undefined, a ?? 1] : [a, b ?? 1];
    if (!(by >= 0)) throw new MetricError(`${this.name}: a counter only goes up (inc by ${by})`);
    this.seriesOf(labels).value += by;
  }

  /** Sets the running total; for collect callbacks that mirror a monotonic count kept elsewhere. */
  set(labels: Labels<L> | undefined, total: number): void {
    this.seriesOf(labels).value = total;
  }

  get(labels?: Labels<L>): number {
    return this.seriesOf(labels).value;
  }

  render(out: string[]): void {
    for (const s of this.series.values()) out.push(`${this.name}${s.labelText} ${formatValue(s.value)}`);
  }
}

export class Gauge<L extends string = never> extends Metric<L, ValueSeries> {
  readonly type = 'gauge';
  readonly collect: Collect<Gauge<L>> | undefined;

  constructor(o: MetricOptions<L> & { collect?: Collect<Gauge<L>> }) {
    super(o);
    this.collect = o.collect;
  }

  protected newSeries(labelText: string): ValueSeries {
    return { labelText, value: 0 };
  }

  set(value: number): void;
  set(labels: Labels<L>, value: number): void;
  set(a: Labels<L> | number, b?: number): void {
    if (typeof a === 'number') this.seriesOf(undefined).value = a;
    else this.seriesOf(a).value = b!;
  }

  inc(labels?: Labels<L>, by = 1): void {
    this.seriesOf(labels).value += by;
  }

  dec(labels?: Labels<L>, by = 1): void {
    this.seriesOf(labels).value -= by;
  }

  get(labels?: Labels<L>): number {
    return this.seriesOf(labels).value;
  }

  render(out: string[]): void {
    for (const s of this.series.values()) out.push(`${this.name}${s.labelText} ${formatValue(s.value)}`);
  }
}

interface HistogramSeries extends Series {
  /** Non-cumulative counts per bucket; the last one is +Inf. */
  counts: number[];
  sum: number;
  count: number;
  /** labelText with a trailing `le` slot: `{a="x",le=` or `{le=` */
  bucketPrefix: string;
}

export class Histogram<L extends string = never> extends Metric<L, HistogramSeries> {
  readonly type = 'histogram';
  readonly buckets: readonly number[];
  readonly collect: Collect<Histogram<L>> | undefined;
  readonly #leTexts: string[];

  constructor(o: MetricOptions<L> & { buckets: readonly number[]; collect?: Collect<Histogram<L>> }) {
    super(o, ['le']);
    const b = [...o.buckets];
    if (b.length === 0) throw new MetricError(`${o.name}: a histogram needs at least one bucket`);
    for (let i = 0; i < b.length; i++) {
      if (!Number.isFinite(b[i]!)) throw new MetricError(`${o.name}: bucket bounds must be finite (+Inf is implicit)`);
      if (i > 0 && !(b[i]! > b[i - 1]!)) throw new MetricError(`${o.name}: bucket bounds must be strictly increasing`);
    }
    this.buckets = b;
    this.#leTexts = [...b.map(formatValue), '+Inf'];
    this.collect = o.collect;
  }

  protected newSeries(labelText: string): HistogramSeries {
    const bucketPrefix = labelText === '' ? '{le=' : `${labelText.slice(0, -1)},le=`;
    return { labelText, counts: new Array<number>(this.buckets.length + 1).fill(0), sum: 0, count: 0, bucketPrefix };
  }

  observe(value: number, labels?: Labels<L>): void {
    const s = this.seriesOf(labels);
    const b = this.buckets;
    let i = 0;
    while (i < b.length && value > b[i]!) i++; // le is "less than or equal"
    s.counts[i]!++;
    s.sum += value;
    s.count++;
  }

  render(out: string[]): void {
    for (const s of this.series.values()) {
      let cumulative = 0;
      for (let i = 0; i < s.counts.length; i++) {
        cumulative += s.counts[i]!;
        out.push(`${this.name}_bucket${s.bucketPrefix}"${this.#leTexts[i]}"} ${cumulative}`);
      }
      out.push(`${this.name}_sum${s.labelText} ${formatValue(s.sum)}`);
      out.push(`${this.name}_count${s.labelText} ${s.count}`);
    }
  }
}

type AnyMetric = Counter<string> | Gauge<string> | Histogram<string>;

export class Registry {
  readonly #metrics = new Map<string, AnyMetric>();

  counter<L extends string = never>(o: MetricOptions<L> & { collect?: Collect<Counter<L>> }): Counter<L> {
    return this.#add(new Counter<L>(o));
  }

  gauge<L extends string = never>(o: MetricOptions<L> & { collect?: Collect<Gauge<L>> }): Gauge<L> {
    return this.#add(new Gauge<L>(o));
  }

  histogram<L extends string = never>(o: MetricOptions<L> & { buckets: readonly number[]; collect?: Collect<Histogram<L>> }): Histogram<L> {
    return this.#add(new Histogram<L>(o));
  }

  get(name: string): AnyMetric | undefined {
    return this.#metrics.get(name);
  }

  get metrics(): readonly AnyMetric[] {
    return [...this.#metrics.values()];
  }

  #add<M extends Metric<string, Series>>(m: M): M {
    const clash = [m.name, `${m.name}_bucket`, `${m.name}_sum`, `${m.name}_count`];
    for (const existing of this.#metrics.values()) {
      const names = existing.type === 'histogram' ? [existing.name, `${existing.name}_bucket`, `${existing.name}_sum`, `${existing.name}_count`] : [existing.name];
      if ((m.type === 'histogram' ? clash : [m.name]).some((n) => names.includes(n))) throw new MetricError(`metric "${m.name}" is already registered`);
    }
    this.#metrics.set(m.name, m as unknown as AnyMetric);
    return m;
  }
}

/** The registry in Prometheus text format 0.0.4. Runs every collect callback first. */
export function renderMetrics(registry: Registry): string {
  const out: string[] = [];
  for (const m of registry.metrics) {
    (m.collect as Collect<AnyMetric> | undefined)?.(m);
    out.push(`# HELP ${m.name} ${escapeHelp(m.help)}`);
    out.push(`# TYPE ${m.name} ${m.type}`);
    m.render(out);
  }
  return out.length === 0 ? '' : `${out.join('\n')}\n`;
}

/** HELP text: backslash and line feed escaped. */
export function escapeHelp(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/\n/g, '\\n');
}

/** Label values: backslash, double quote and line feed escaped. */
export function escapeLabelValue(s: string): string {
  return s.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');
}

/** A sample value: integers and decimals as JS prints them; +Inf, -Inf, NaN spelled out. */
export function formatValue(v: number): string {
  if (Number.isNaN(v)) return 'NaN';
  if (v === Infinity) return '+Inf';
  if (v === -Infinity) return '-Inf';
  return String(v);
}

function labelText(names: readonly string[], labels: Labels<string> | undefined): string {
  if (names.length === 0) return '';
  const parts: string[] = [];
  for (const n of names) parts.push(`${n}="${escapeLabelValue(String(labels?.[n] ?? ''))}"`);
  return `{${parts.join(',')}}`;
}
