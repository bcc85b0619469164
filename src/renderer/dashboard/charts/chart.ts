// chart.js set up for the dashboard: only the parts it uses, colours from the theme, no animation
// (points arrive in batches and should simply appear), an x axis in epochs, a marker line for the
// epoch the scrubber shows, and an opaque background so an exported PNG reads on any viewer.

import {
  Chart,
  Legend,
  LinearScale,
  LineController,
  LineElement,
  LogarithmicScale,
  PointElement,
  Tooltip,
  type ChartConfiguration,
  type Plugin,
} from 'chart.js';
import { formatPercent, formatValue } from '../numbers';

Chart.register(
  LineController,
  LineElement,
  PointElement,
  LinearScale,
  LogarithmicScale,
  Tooltip,
  Legend,
);

export interface Point {
  x: number;
  y: number;
}

export interface Series {
  label: string;
  /** A theme variable, e.g. `--accent`. */
  colour: string;
  /** 0..1, for raw series drawn faintly behind their smoothed line. */
  alpha?: number;
  width?: number;
  points: boolean;
}

export interface Theme {
  colour(variable: string, alpha?: number): string;
}

/** Reads the theme's colours from the page's CSS variables. */
export function pageTheme(): Theme {
  const style = getComputedStyle(document.documentElement);
  return {
    colour(variable, alpha = 1) {
      const value = style.getPropertyValue(variable).trim() || '#888888';
      if (alpha >= 1 || !value.startsWith('#') || value.length !== 7) return value;
      const n = Number.parseInt(value.slice(1), 16);
      return `rgb(${(n >> 16) & 255} ${(n >> 8) & 255} ${n & 255} / ${alpha})`;
    },
  };
}

interface MarkerOptions {
  /** x (in epochs) of the line, or null for none. */
  x: number | null;
  colour: string;
}

declare module 'chart.js' {
  interface PluginOptionsByType<TType> {
    marker?: MarkerOptions & { _type?: TType };
    background?: { colour: string };
  }
}

const marker: Plugin<'line'> = {
  id: 'marker',
  afterDatasetsDraw(chart, _args, options: MarkerOptions) {
    if (options.x === null || options.x === undefined) return;
    const { ctx, chartArea, scales } = chart;
    const x = scales.x.getPixelForValue(options.x);
    if (x < chartArea.left || x > chartArea.right) return;
    ctx.save();
    ctx.strokeStyle = options.colour;
    ctx.setLineDash([4, 3]);
    ctx.beginPath();
    ctx.moveTo(x, chartArea.top);
    ctx.lineTo(x, chartArea.bottom);
    ctx.stroke();
    ctx.restore();
  },
};

export const background: Plugin<'line'> = {
  id: 'background',
  beforeDraw(chart, _args, options: { colour: string }) {
    const { ctx, width, height } = chart;
    ctx.save();
    ctx.fillStyle = options.colour;
    ctx.fillRect(0, 0, width, height);
    ctx.restore();
  },
};

export function chartConfig(
  series: Series[],
  options: { yTitle: string; log: boolean; percent: boolean; xMax: number; theme: Theme },
): ChartConfiguration<'line', Point[]> {
  const { theme } = options;
  const grid = theme.colour('--border');
  const text = theme.colour('--muted');
  return {
    type: 'line',
    data: {
      datasets: series.map((s) => ({
        label: s.label,
        data: [],
        borderColor: theme.colour(s.colour, s.alpha),
        backgroundColor: theme.colour(s.colour, s.alpha),
        borderWidth: s.width ?? 1.5,
        pointRadius: s.points ? 3 : 0,
        pointHoverRadius: 4,
        tension: 0,
        parsing: false,
        normalized: true,
      })),
    },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      interaction: { mode: 'nearest', axis: 'x', intersect: false },
      scales: {
        x: {
          type: 'linear',
          min: 0,
          suggestedMax: options.xMax,
          title: { display: true, text: 'epoch', color: text, font: { size: 11 } },
          ticks: { color: text, font: { size: 11 }, maxTicksLimit: 8 },
          grid: { color: grid },
        },
        y: {
          type: options.log ? 'logarithmic' : 'linear',
          ...(options.percent ? { min: 0, max: 1 } : {}),
          title: { display: true, text: options.yTitle, color: text, font: { size: 11 } },
          ticks: {
            color: text,
            font: { size: 11 },
            maxTicksLimit: 6,
            callback: (value) =>
              options.percent ? `${Math.round(Number(value) * 100)}%` : formatValue(Number(value)),
          },
          grid: { color: grid },
        },
      },
      plugins: {
        legend: {
          position: 'top',
          align: 'end',
          labels: { boxWidth: 10, boxHeight: 2, color: text, font: { size: 11 } },
        },
        tooltip: {
          callbacks: {
            title: (items) => `epoch ${(items[0]?.parsed.x ?? 0).toFixed(2)}`,
            label: (item) =>
              `${item.dataset.label}: ${(options.percent ? formatPercent : formatValue)(item.parsed.y ?? 0)}`,
          },
        },
        marker: { x: null, colour: theme.colour('--text', 0.6) },
        background: { colour: theme.colour('--surface-raised') },
      },
    },
    plugins: [marker, background],
  };
}

export { Chart };
