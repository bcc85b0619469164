// The scatter as a chart.js chart: one point a run, named beside it, and the Pareto front as a
// line through its points. A line chart without lines draws the points, so no scatter controller
// is registered beside the dashboard's.

import type { ChartConfiguration, Plugin } from 'chart.js';
import { background, type Point, type Theme } from '../dashboard/charts/chart';
import { formatPercent } from '../dashboard/numbers';
import type { RunScatter } from './scatter';

interface LabelOptions {
  names: string[];
  colour: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    runLabels?: LabelOptions & { _type?: TType };
  }
}

/** The index of the runs' dataset; the front's line is drawn first, under the points. */
const RUNS = 1;

/** Each run's name beside its point: to its left in the chart's right third, so it stays inside. */
const runLabels: Plugin<'line'> = {
  id: 'runLabels',
  afterDatasetsDraw(chart, _args, options: LabelOptions) {
    const { ctx, chartArea } = chart;
    const elements = chart.getDatasetMeta(RUNS).data;
    ctx.save();
    ctx.font = '11px system-ui, sans-serif';
    ctx.fillStyle = options.colour;
    ctx.textBaseline = 'middle';
    elements.forEach((element, i) => {
      const name = options.names[i];
      if (name === undefined) return;
      const right = element.x > chartArea.left + (chartArea.width * 2) / 3;
      ctx.textAlign = right ? 'right' : 'left';
      const y = Math.min(Math.max(element.y - 9, chartArea.top + 6), chartArea.bottom - 6);
      ctx.fillText(name, element.x + (right ? -7 : 7), y);
    });
    ctx.restore();
  },
};

export function scatterConfig(
  scatter: RunScatter,
  theme: Theme,
): ChartConfiguration<'line', Point[]> {
  const grid = theme.colour('--border');
  const text = theme.colour('--muted');
  const accent = theme.colour('--accent');
  const onFront = new Set(scatter.front.map((p) => p.id));
  const tick = { color: text, font: { size: 11 } };
  const title = (words: string) => ({
    display: true,
    text: words,
    color: text,
    font: { size: 11 },
  });
  return {
    type: 'line',
    data: {
      datasets: [
        {
          label: 'Pareto front',
          data: scatter.front.map((p) => ({ x: p.cost, y: p.accuracy })),
          borderColor: theme.colour('--accent', 0.6),
          borderWidth: 1.5,
          borderDash: [5, 3],
          pointRadius: 0,
          pointHitRadius: 0,
          tension: 0,
          parsing: false,
        },
        {
          label: 'Runs',
          data: scatter.points.map((p) => ({ x: p.cost, y: p.accuracy })),
          showLine: false,
          borderColor: accent,
          pointBackgroundColor: scatter.points.map((p) =>
            onFront.has(p.id) ? accent : theme.colour('--surface-raised'),
          ),
          pointBorderWidth: 1.5,
          pointRadius: 4,
          pointHoverRadius: 5,
          parsing: false,
        },
      ],
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', intersect: true },
      scales: {
        x: {
          type: scatter.log ? 'logarithmic' : 'linear',
          min: scatter.xMin,
          max: scatter.xMax,
          title: title(scatter.cost.title),
          ticks: {
            ...tick,
            maxTicksLimit: 8,
            callback: (value) => scatter.cost.text(Number(value)),
          },
          grid: { color: grid },
        },
        y: {
          type: 'linear',
          grace: '5%',
          title: title('test accuracy'),
          ticks: {
            ...tick,
            maxTicksLimit: 6,
            callback: (value) => formatPercent(Number(value)),
          },
          grid: { color: grid },
        },
      },
      plugins: {
        legend: { display: false },
        tooltip: {
          filter: (item) => item.datasetIndex === RUNS,
          callbacks: {
            title: (items) => scatter.points[items[0]?.dataIndex ?? 0]?.name ?? '',
            label: (item) => {
              const point = scatter.points[item.dataIndex];
              return `${formatPercent(point.accuracy)} at ${scatter.cost.text(point.cost)}`;
            },
          },
        },
        runLabels: { names: scatter.points.map((p) => p.name), colour: theme.colour('--text') },
        background: { colour: theme.colour('--surface-raised') },
      },
    },
    plugins: [background, runLabels],
  };
}
