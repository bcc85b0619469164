import { formatShape } from '../model/format';
import { ShapeError, type ShapeInput } from './layer';
import type { ReceptiveField } from '../model/types';
import { quote } from '../quote';

// What add and concat share.

export function listShapes(inputs: ShapeInput[]): string {
  return inputs.map((i) => `${quote(i.id)} gives ${formatShape(i.shape)}`).join(', ');
}

export function requireInputs(layer: string, inputs: ShapeInput[]): void {
  if (inputs.length < 2)
    throw new ShapeError(`${layer} needs two or more inputs, has ${inputs.length}`);
}

/** The widest field among the inputs: an output sees everything any of them sees. */
export function mergeReceptiveFields(fields: ReceptiveField[]): ReceptiveField {
  // A loop, not Math.max(...list): spreading a list of thousands of inputs overflows the stack.
  const widest: ReceptiveField = { size: [0, 0], jump: [0, 0] };
  for (const f of fields) {
    for (const k of [0, 1] as const) {
      widest.size[k] = Math.max(widest.size[k], f.size[k]);
      widest.jump[k] = Math.max(widest.jump[k], f.jump[k]);
    }
  }
  return widest;
}
