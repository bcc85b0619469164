import { createReferenceKernels } from '../../src/engine/kernels';
import type { BackwardPass, LayerDef } from '../../src/engine/layers/layer';
import { layerDef } from '../../src/engine/layers/registry';
import { Random } from '../../src/engine/random';
import * as v from 'valibot';

// Central-difference gradient checks in float32. With a linear probe loss L = Σ r·y, inputs of
// order 1 and step h = 1e-2, float32 rounding contributes about 1e-7·|L|/h ≈ 1e-4 relative and
// truncation O(h²) ≈ 1e-4, so agreement within 2e-2 relative (1e-3 absolute) separates a correct
// backward from a wrong one (an indexing error is off by O(1)).

export const STEP = 1e-2;
export const RELATIVE = 2e-2;
export const ABSOLUTE = 1e-3;

export interface LayerCase {
  type: string;
  params: Record<string, unknown>;
  /** Input shapes without the batch. */
  inputs: number[][];
  batch: number;
  training?: boolean;
  /** Keeps inputs away from ties and kinks (max pooling, ReLU) so the finite difference is valid. */
  distinct?: boolean;
  /** Multiplies the inputs, e.g. to reach ReLU6's upper kink at 6. */
  scale?: number;
}

export interface Mismatch {
  what: string;
  index: number;
  analytic: number;
  numeric: number;
}

function filled(n: number, random: Random, distinct: boolean): Float32Array {
  const a = new Float32Array(n);
  if (distinct) {
    // A shuffled ramp: all values at least 0.05 apart, so a step of 1e-2 never swaps an order.
    const order = Array.from({ length: n }, (_, i) => i);
    random.shuffle(order);
    for (let i = 0; i < n; i++) a[i] = (order[i] - n / 2) * 0.05 + 0.01;
  } else {
    for (let i = 0; i < n; i++) a[i] = random.float() * 2 - 1;
  }
  return a;
}

const prod = (s: number[]) => s.reduce((a, b) => a * b, 1);

/** Runs forward and backward of one layer and compares every gradient with central differences. */
export function checkLayer(c: LayerCase): Mismatch[] {
  const def = layerDef(c.type) as LayerDef<unknown>;
  const config = v.parse(def.params, c.params);
  const ids = c.inputs.map((_, i) => `x${i}`);
  const output = def.outputShape(
    config,
    c.inputs.map((shape, i) => ({ id: ids[i], shape })),
  );
  const run = def.create(config, c.inputs, output, { kernels: createReferenceKernels() });
  const random = new Random(42);
  const inputs = c.inputs.map((s) =>
    filled(prod(s) * c.batch, random, c.distinct ?? false).map((x) => x * (c.scale ?? 1)),
  );
  const weights: Record<string, Float32Array> = {};
  const dWeights: Record<string, Float32Array> = {};
  for (const w of def.weights?.(config, c.inputs) ?? []) {
    weights[w.name] =
      w.name === 'runningVar'
        ? filled(prod(w.shape), random, false).map((x) => 1 + Math.abs(x))
        : filled(prod(w.shape), random, false);
    if (w.trainable) dWeights[w.name] = new Float32Array(prod(w.shape));
  }
  const outSize = prod(output) * c.batch;
  const probe = filled(outSize, random, false);
  const out = new Float32Array(outSize);
  const training = c.training ?? true;

  // The mask of dropout (and any other randomness) is the same on every evaluation.
  const loss = (): number => {
    run.forward({ batch: c.batch, training, inputs, output: out, weights, random: new Random(7) });
    let sum = 0;
    for (let i = 0; i < outSize; i++) sum += probe[i] * out[i];
    return sum;
  };

  const saved = Object.fromEntries(Object.entries(weights).map(([k, w]) => [k, w.slice()]));
  loss();
  const dInputs = inputs.map((x) => new Float32Array(x.length));
  const pass: BackwardPass = {
    batch: c.batch,
    training,
    inputs,
    output: out,
    weights,
    random: new Random(7),
    dOutput: probe,
    dInputs,
    dWeights,
  };
  run.backward(pass);

  const mismatches: Mismatch[] = [];
  const compare = (what: string, values: Float32Array, analytic: Float32Array) => {
    for (let i = 0; i < values.length; i++) {
      const keep = values[i];
      values[i] = keep + STEP;
      const up = loss();
      values[i] = keep - STEP;
      const down = loss();
      values[i] = keep;
      // Batchnorm's running statistics move on every training forward; put them back.
      for (const [k, w] of Object.entries(saved)) if (!(k in dWeights)) weights[k].set(w);
      const numeric = (up - down) / (2 * STEP);
      const a = analytic[i];
      const err = Math.abs(a - numeric);
      if (err > ABSOLUTE && err / Math.max(Math.abs(a), Math.abs(numeric)) > RELATIVE) {
        mismatches.push({ what, index: i, analytic: a, numeric });
      }
    }
  };
  inputs.forEach((x, k) => compare(`input ${k}`, x, dInputs[k]));
  for (const name of Object.keys(dWeights)) compare(name, weights[name], dWeights[name]);
  return mismatches;
}

/** `conv2d in=[2,3,7,6] k=[3,2] s=2 p=1 d=2`: a case named by its configuration. */
export function caseName(c: LayerCase): string {
  const shapes = c.inputs.map((s) => `[${[c.batch, ...s].join(',')}]`).join('+');
  const params = Object.entries(c.params)
    .map(([k, val]) => `${k}=${JSON.stringify(val)}`)
    .join(' ');
  const scale = c.scale ? ` ×${c.scale}` : '';
  return `${c.type} in=${shapes}${params ? ` ${params}` : ''}${scale}${c.training === false ? ' inference' : ''}`;
}
