import { formatShape } from '../model/format';
import { ShapeError, type ShapeInput } from './layer';
import type { ReceptiveField } from '../model/types';

// What add and concat share.

export function listShapes(inputs: ShapeInput[]): string {
  return inputs.map((i) => `"${i.id}" gives ${formatShape(i.shape)}`).join(', ');
}

export function requireInputs(layer: string, inputs: ShapeInput[]): void {
  if (inputs.length < 2)
    throw new ShapeError(`${layer} needs two or more inputs, has ${inputs.length}`);
}

/** The widest field among the inputs: an output sees everything any of them sees. */
export function mergeReceptiveFields(fields: ReceptiveField[]): ReceptiveField {
  return {
    size: [Math.max(...fields.map((f) => f.size[0])), Math.max(...fields.map((f) => f.size[1]))],
    jump: [Math.max(...fields.map((f) => f.jump[0])), Math.max(...fields.map((f) => f.jump[1]))],
  };
}
