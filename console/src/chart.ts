/** A uPlot time-series chart as a Preact component (uPlot is what Grafana itself draws with). */
import { useEffect, useRef, useState } from 'preact/hooks';
import uPlot from 'uplot';
import 'uplot/dist/uPlot.min.css';
import { html } from './html.ts';
import { fmtUnit } from './format.ts';

export interface Series {
  name: string;
  values: (number | null)[];
}

export const PALETTE = ['#3274d9', '#e0752d', '#37872d', '#c4162a', '#8f3bb8', '#1f9bad', '#b8860b', '#d6337f', '#5c6bc0', '#6d8c00'];

export function TimeChart(props: { times: number[]; series: Series[]; unit?: string; bars?: boolean; height: number; title: string }) {
  const box = useRef<HTMLDivElement>(null);
  // the canvas takes the theme's colours when drawn: redraw when the theme changes
  const [theme, setTheme] = useState(0);
  useEffect(() => {
    const redraw = () => setTheme((t) => t + 1);
    const mq = matchMedia('(prefers-color-scheme: dark)');
    window.addEventListener('llmscope-theme', redraw);
    mq.addEventListener('change', redraw);
    return () => {
      window.removeEventListener('llmscope-theme', redraw);
      mq.removeEventListener('change', redraw);
    };
  }, []);
  useEffect(() => {
    const el = box.current;
    if (!el) return;
    // canvas strokes take colours, not CSS variables: read the theme's values now
    const css = getComputedStyle(document.documentElement);
    const grid = css.getPropertyValue('--grid').trim() || '#e3e6ea';
    const muted = css.getPropertyValue('--fg-muted').trim() || '#4d5560';
    const bars = props.bars ? uPlot.paths.bars!({ size: [0.7, 40], align: 0 }) : undefined;
    const opts: uPlot.Options = {
      width: Math.max(200, el.clientWidth),
      height: props.height,
      legend: { show: true, live: true },
      cursor: { drag: { x: false, y: false } },
      scales: { x: { time: true } },
      axes: [
        { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid } },
        { stroke: muted, grid: { stroke: grid, width: 1 }, ticks: { stroke: grid }, size: 64, values: (_u, vals) => vals.map((v) => fmtUnit(v, props.unit)) },
      ],
      series: [
        { label: 'time', value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '' : new Date(v * 1000).toLocaleString()) },
        ...props.series.map((s, i) => ({
          label: s.name,
          stroke: PALETTE[i % PALETTE.length],
          width: 1.5,
          fill: props.bars ? PALETTE[i % PALETTE.length] + 'cc' : PALETTE[i % PALETTE.length] + '18',
          points: { show: false },
          spanGaps: false,
          value: (_u: uPlot, v: number | null) => (v === null || v === undefined ? '–' : fmtUnit(v, props.unit)),
          ...(bars ? { paths: bars } : {}),
        })),
      ],
    };
    const data = [props.times.map((t) => t / 1000), ...props.series.map((s) => s.values)] as uPlot.AlignedData;
    const plot = new uPlot(opts, data, el);
    const ro = new ResizeObserver(() => plot.setSize({ width: Math.max(200, el.clientWidth), height: props.height }));
    ro.observe(el);
    return () => {
      ro.disconnect();
      plot.destroy();
    };
  }, [props.times, props.series, props.unit, props.bars, props.height, theme]);
  return html`<div class="chart" ref=${box} role="img" aria-label=${`${props.title}: chart of ${props.series.map((s) => s.name).join(', ')}`}></div>`;
}
