import type { LayerType } from '../model/types';
import { add } from './add';
import { avgpool2d } from './avgpool2d';
import { batchnorm } from './batchnorm';
import { concat } from './concat';
import { conv2d } from './conv2d';
import { dense } from './dense';
import { dropout } from './dropout';
import { flatten } from './flatten';
import { globalavgpool } from './globalavgpool';
import { input } from './input';
import type { LayerDef } from './layer';
import { gelu, leakyrelu, relu, relu6, sigmoid, silu, softmax, tanh } from './activations';
import { layernorm } from './layernorm';
import { multiply } from './multiply';
import { maxpool2d } from './maxpool2d';

// Every layer type is one entry here; the parser, shape inference, the network and the editor's
// palette all read this table, so adding a layer touches nothing else.

const defs: LayerDef<never>[] = [
  input,
  conv2d,
  maxpool2d,
  avgpool2d,
  globalavgpool,
  flatten,
  dense,
  relu,
  tanh,
  sigmoid,
  relu6,
  silu,
  gelu,
  leakyrelu,
  softmax,
  dropout,
  batchnorm,
  layernorm,
  add,
  multiply,
  concat,
] as unknown as LayerDef<never>[];

const byType = new Map<string, LayerDef<unknown>>();
for (const def of defs) {
  if (byType.has(def.type)) throw new Error(`layer type "${def.type}" registered twice`);
  byType.set(def.type, def as unknown as LayerDef<unknown>);
}

export const LAYER_TYPES: readonly LayerType[] = defs.map((d) => d.type);

export function layerDef(type: string): LayerDef<unknown> | undefined {
  return byType.get(type);
}

export function allLayerDefs(): readonly LayerDef<unknown>[] {
  return [...byType.values()];
}
