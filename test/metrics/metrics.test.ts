import { describe, expect, it } from 'vitest';
import { METRICS_CONTENT_TYPE, MetricError, Registry, escapeLabelValue, formatValue, renderMetrics } from '../../src/server/prometheus.ts';

describe('renderMetrics', () => {
  it('renders counters, gauges (collected) and histograms in text format 0.0.4, exactly', () => {
    const r = new Registry();
    const received = r.counter({ name: 'llmscope_spans_received_total', help: 'Spans received.' });
    const rejected = r.counter({ name: 'llmscope_spans_rejected_total', help: 'Spans rejected, by reason.', labelNames: ['reason'] });
    let depth = 42;
    r.gauge({ name: 'llmscope_queue_rows', help: 'Rows waiting in the batch writer.', collect: (g) => g.set(depth) });
    const flush = r.histogram({
      name: 'llmscope_flush_seconds',
      help: 'Batch flush latency.\nOne line per flush (back\\slash).',
      buckets: [0.005, 0.1, 1],
    });
    const scorer = r.histogram({ name: 'llmscope_scorer_seconds', help: 'Scorer latency.', labelNames: ['scorer'], buckets: [0.5] });

    received.inc();
    received.inc(9);
    rejected.inc({ reason: 'malformed' }, 3);
    rejected.inc({ reason: 'say "hi"\\\n' });
    flush.observe(0.005); // on the bound: counts in le="0.005"
    flush.observe(0.05);
    flush.observe(3);
    scorer.observe(0.25, { scorer: 'toxicity' });
    scorer.observe(0.75, { scorer: 'toxicity' });

    expect(renderMetrics(r)).toBe(
      [
        '# HELP llmscope_spans_received_total Spans received.',
        '# TYPE llmscope_spans_received_total counter',
        'llmscope_spans_received_total 10',
        '# HELP llmscope_spans_rejected_total Spans rejected, by reason.',
        '# TYPE llmscope_spans_rejected_total counter',
        'llmscope_spans_rejected_total{reason="malformed"} 3',
        'llmscope_spans_rejected_total{reason="say \\"hi\\"\\\\\\n"} 1',
        '# HELP llmscope_queue_rows Rows waiting in the batch writer.',
        '# TYPE llmscope_queue_rows gauge',
        'llmscope_queue_rows 42',
        '# HELP llmscope_flush_seconds Batch flush latency.\\nOne line per flush (back\\\\slash).',
        '# TYPE llmscope_flush_seconds histogram',
        'llmscope_flush_seconds_bucket{le="0.005"} 1',
        'llmscope_flush_seconds_bucket{le="0.1"} 2',
        'llmscope_flush_seconds_bucket{le="1"} 2',
        'llmscope_flush_seconds_bucket{le="+Inf"} 3',
        'llmscope_flush_seconds_sum 3.055',
        'llmscope_flush_seconds_count 3',
        '# HELP llmscope_scorer_seconds Scorer latency.',
        '# TYPE llmscope_scorer_seconds histogram',
        'llmscope_scorer_seconds_bucket{scorer="toxicity",le="0.5"} 1',
        'llmscope_scorer_seconds_bucket{scorer="toxicity",le="+Inf"} 2',
        'llmscope_scorer_seconds_sum{scorer="toxicity"} 1',
        'llmscope_scorer_seconds_count{scorer="toxicity"} 2',
        '',
      ].join('\n'),
    );
    depth = 7;
    expect(renderMetrics(r)).toContain('\nllmscope_queue_rows 7\n');
    expect(METRICS_CONTENT_TYPE).toBe('text/plain; version=0.0.4; charset=utf-8');
  });

  it('collect callbacks can mirror counters kept elsewhere, one series per label set', () => {
    const counts: Record<string, number> = { malformed: 2, too_large: 1 };
    const r = new Registry();
    r.counter({
      name: 'rejected_total',
      help: 'h',
      labelNames: ['reason', 'project'],
      collect: (c) => {
        for (const [reason, n] of Object.entries(counts)) c.set({ reason, project: 'default' }, n);
      },
    });
    expect(renderMetrics(r)).toBe(
      '# HELP rejected_total h\n# TYPE rejected_total counter\n' +
        'rejected_total{reason="malformed",project="default"} 2\nrejected_total{reason="too_large",project="default"} 1\n',
    );
    counts.malformed = 5;
    expect(renderMetrics(r)).toContain('rejected_total{reason="malformed",project="default"} 5\n');
  });

  it('renders a registered metric with no samples as HELP/TYPE only, and empty registry as ""', () => {
    const r = new Registry();
    expect(renderMetrics(r)).toBe('');
    r.counter({ name: 'a_total', help: 'x', labelNames: ['k'] });
    expect(renderMetrics(r)).toBe('# HELP a_total x\n# TYPE a_total counter\n');
    const h = r.histogram({ name: 'h', help: 'x', buckets: [1, 2] });
    h.observe(5);
    expect(renderMetrics(r)).toContain('h_bucket{le="1"} 0\nh_bucket{le="2"} 0\nh_bucket{le="+Inf"} 1\nh_sum 5\nh_count 1\n');
  });

  it('gauges go up and down; special values are spelled out', () => {
    const r = new Registry();
    const g = r.gauge({ name: 'g', help: 'x', labelNames: ['w'] });
    g.inc({ w: 'a' }, 5);
    g.dec({ w: 'a' }, 2);
    g.set({ w: 'b' }, Infinity);
    g.set({ w: 'c' }, NaN);
    g.set({ w: 'd' }, -Infinity);
    g.set({ w: 'e' }, 1e21);
    expect(g.get({ w: 'a' })).toBe(3);
    expect(renderMetrics(r)).toBe(
      '# HELP g x\n# TYPE g gauge\ng{w="a"} 3\ng{w="b"} +Inf\ng{w="c"} NaN\ng{w="d"} -Inf\ng{w="e"} 1e+21\n',
    );
    expect(formatValue(0.1 + 0.2)).toBe('0.30000000000000004');
    expect(escapeLabelValue('a\\b"c\nd')).toBe('a\\\\b\\"c\\nd');
  });

  it('rejects invalid names, reserved labels, bad buckets, negative counter increments, duplicates', () => {
    const r = new Registry();
    expect(() => r.counter({ name: '1abc', help: '' })).toThrow(MetricError);
    expect(() => r.counter({ name: 'ok', help: '', labelNames: ['bad-label'] })).toThrow(/invalid label name/);
    expect(() => r.counter({ name: 'ok2', help: '', labelNames: ['__x'] })).toThrow(/invalid label name/);
    expect(() => r.histogram({ name: 'h', help: '', labelNames: ['le'], buckets: [1] })).toThrow(/reserved/);
    expect(() => r.histogram({ name: 'h2', help: '', buckets: [2, 1] })).toThrow(/strictly increasing/);
    expect(() => r.histogram({ name: 'h3', help: '', buckets: [1, Infinity] })).toThrow(/finite/);
    const c = r.counter({ name: 'c_total', help: '', labelNames: ['k'] });
    expect(() => c.inc({ k: 'a' }, -1)).toThrow(/only goes up/);
    expect(() => c.inc({ nope: 'a' } as never)).toThrow(/unknown label "nope"/);
    expect(() => r.gauge({ name: 'c_total', help: '' })).toThrow(/already registered/);
    r.histogram({ name: 'lat', help: '', buckets: [1] });
    expect(() => r.counter({ name: 'lat_count', help: '' })).toThrow(/already registered/);
  });
});
