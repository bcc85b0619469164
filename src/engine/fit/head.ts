import type { Conv2dConfig } from '../layers/conv2d';
import { layerDef } from '../layers/registry';
import { ModelError } from '../model/errors';
import type { ModelInspection } from '../model/inspect';
import type { ModelDocument } from '../model/types';
import { quote } from '../quote';
import { withParams } from './document';

// The classifier is the layer whose outputs are the class scores: the output itself, or the last
// dense or conv2d layer before it when only layers that keep the class scores follow (softmax,
// dropout, normalisation; global pooling and flatten after a 1×1 convolution, as SqueezeNet ends:
// each layer's keepsClasses).
// Its old outputs were another dataset's classes, so it is given the new count and fresh weights.

export interface Classifier {
  id: string;
  type: 'dense' | 'conv2d';
  /** Its units or filters. */
  outputs: number;
}

export function classifierOf(inspection: ModelInspection): Classifier {
  const output = inspection.order[inspection.order.length - 1];
  let id: string | undefined = output;
  while (id !== undefined) {
    const node = inspection.nodes.get(id)!;
    if (node.type === 'dense') {
      return { id, type: 'dense', outputs: (node.config as { units: number }).units };
    }
    if (node.type === 'conv2d') {
      return { id, type: 'conv2d', outputs: (node.config as Conv2dConfig).filters };
    }
    if (!layerDef(node.type)?.keepsClasses) break;
    const inputs: string[] = inspection.inputsOf.get(id) ?? [];
    id = inputs.length === 1 ? inputs[0] : undefined;
  }
  throw new ModelError([
    {
      nodeId: output,
      message: `No layer gives the class scores: the output ${quote(output)} is not a dense or conv2d layer, nor follows one through activations, dropout, normalisation, global pooling or flatten only`,
    },
  ]);
}

/** The document with the classifier giving one score per class, and the dataset's class names. */
export function resizeClassifier(
  doc: ModelDocument,
  classifier: Classifier,
  classes: readonly string[],
): { document: ModelDocument; changes: string[] } {
  const named = { ...doc, classes: [...classes] };
  const count = classes.length;
  if (classifier.outputs === count) return { document: named, changes: [] };
  const setting = classifier.type === 'dense' ? 'units' : 'filters';
  const fresh = doc.weights?.[classifier.id] ? ', with fresh weights' : '';
  return {
    document: withParams(named, classifier.id, { [setting]: count }),
    changes: [
      `${quote(classifier.id)} gives ${count} class scores (it gave ${classifier.outputs})${fresh}.`,
    ],
  };
}
