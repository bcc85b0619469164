// What the Runs view's scatter shows: each run's test accuracy against the cost picked
// (parameters, MACs or training time), the runs on the Pareto front, and the runs left out for
// having no test accuracy (they never reached the test: diverged, failed, interrupted).

import type { RunRecord } from '../../shared/runs/record';
import { countText, durationText, millionsText } from '../../shared/runs/table';
import { paretoFront } from './pareto';

export interface ScatterCost {
  key: 'params' | 'macs' | 'seconds';
  /** The selector's words and the x axis's title. */
  title: string;
  value(run: RunRecord): number;
  text(x: number): string;
}

export const SCATTER_COSTS: readonly ScatterCost[] = [
  { key: 'params', title: 'Parameters', value: (r) => r.params, text: countText },
  { key: 'macs', title: 'MACs per image', value: (r) => r.macs, text: millionsText },
  { key: 'seconds', title: 'Training time', value: (r) => r.seconds, text: durationText },
];

export type ScatterCostKey = ScatterCost['key'];

export interface ScatterPoint {
  id: string;
  name: string;
  cost: number;
  accuracy: number;
}

export interface RunScatter {
  cost: ScatterCost;
  points: ScatterPoint[];
  /** The points on the Pareto front, cheapest first. */
  front: ScatterPoint[];
  /** The runs with no test accuracy, which the scatter cannot place. */
  excluded: { id: string; name: string }[];
  /** A log x axis: the costs are all above zero and span a factor of ten or more. */
  log: boolean;
  /** The x axis's ends: a margin beyond the cheapest and the costliest run, so no point sits on an edge. */
  xMin: number | undefined;
  xMax: number | undefined;
}

export function costOf(key: ScatterCostKey): ScatterCost {
  return SCATTER_COSTS.find((c) => c.key === key) ?? SCATTER_COSTS[0];
}

export function scatterOf(runs: readonly RunRecord[], key: ScatterCostKey): RunScatter {
  const cost = costOf(key);
  const points: ScatterPoint[] = [];
  const excluded: RunScatter['excluded'] = [];
  for (const run of runs) {
    if (run.test === null) excluded.push({ id: run.id, name: run.name });
    else
      points.push({
        id: run.id,
        name: run.name,
        cost: cost.value(run),
        accuracy: run.test.accuracy,
      });
  }
  const costs = points.map((p) => p.cost);
  const low = Math.min(...costs);
  const high = Math.max(...costs);
  const log = points.length > 1 && low > 0 && high / low >= 10;
  return { cost, points, front: paretoFront(points), excluded, log, ...xRange(low, high, log) };
}

/** The x axis's ends: a tenth of the span beyond each end (of its decades on a log axis). */
function xRange(low: number, high: number, log: boolean): Pick<RunScatter, 'xMin' | 'xMax'> {
  if (!Number.isFinite(low)) return { xMin: undefined, xMax: undefined };
  if (log) {
    const margin = (high / low) ** 0.1;
    return { xMin: low / margin, xMax: high * margin };
  }
  const margin = (high - low) * 0.1 || high * 0.1 || 1;
  return { xMin: Math.max(0, low - margin), xMax: high + margin };
}

/** The sentence under the scatter for the runs it leaves out, or null when it shows them all. */
export function excludedText(excluded: RunScatter['excluded']): string | null {
  if (excluded.length === 0) return null;
  const names = excluded.map((run) => `“${run.name}”`);
  const list =
    names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names.at(-1)}`;
  const verb = excluded.length === 1 ? 'has' : 'have';
  const them = excluded.length === 1 ? 'it is' : 'they are';
  return `${list} ${verb} no test accuracy (the run ended before the test), so ${them} not on the scatter.`;
}
