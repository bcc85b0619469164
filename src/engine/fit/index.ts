import { ModelError } from '../model/errors';
import { formatShape } from '../model/format';
import { inspectModel, type ModelInspection } from '../model/inspect';
import { pruneStaleWeights } from '../model/staleWeights';
import type { ModelDocument, Shape } from '../model/types';
import { quote } from '../quote';
import { adaptChannels } from './channels';
import { withParams } from './document';
import { classifierOf, resizeClassifier } from './head';
import { fitWindows } from './windows';

// "Fit to dataset": a model made for other images (an imported ImageNet classifier, 3×224×224 and
// 1000 classes) made to take a dataset's images and give its classes, changing as little as keeps
// it valid: the input layer takes the dataset's shape, the layers reading the input's channels
// read the new ones (channels.ts), windows that no longer fit the smaller maps are made to fit
// (windows.ts), the classifier gives the dataset's class count (head.ts), and a layer whose weight
// shapes changed starts from fresh ones, which the network initialises from the run's seed.

/** The images and classes a model is fitted to: a bundled dataset's DatasetShape, for one. */
export interface FitTarget {
  channels: number;
  height: number;
  width: number;
  classes: readonly string[];
}

export interface Fitted {
  document: ModelDocument;
  /** What was changed, a sentence each, in running order; empty when the model already fitted. */
  changes: string[];
}

/**
 * The document made to take `target`'s images and give its classes, or a ModelError saying why it
 * cannot be (a problem in the model already, no classifier to resize, branches that stop matching).
 */
export function fitToDataset(document: ModelDocument, target: FitTarget): Fitted {
  const before = inspectModel(document);
  if (!before.valid) {
    const count = before.problems.length;
    throw new ModelError([
      {
        message: `The model has ${count} problem${count === 1 ? '' : 's'} to fix before it can be fitted to a dataset; the first: ${before.problems[0].message}`,
      },
    ]);
  }
  const inputId = before.order[0];
  const classifier = classifierOf(before);
  const wanted = [target.channels, target.height, target.width];
  const had = before.nodes.get(inputId)!.summary!.outputShape!;

  let doc = document;
  const changes: string[] = [];
  if (formatShape(had) !== formatShape(wanted)) {
    doc = withParams(doc, inputId, {
      channels: target.channels,
      height: target.height,
      width: target.width,
    });
    changes.push(`The input takes ${formatShape(wanted)} images (it took ${formatShape(had)}).`);
  }
  const channels = adaptChannels(doc, before, inputId, target.channels);
  // The classifier is resized before the windows are fitted, whose last inspection is then the
  // fitted model's; its sentence goes after theirs, in running order.
  const head = resizeClassifier(channels.document, classifier, target.classes);
  const windows = fitWindows(head.document);
  doc = windows.document;
  changes.push(...channels.changes, ...windows.changes, ...head.changes);

  const shaped = windows.inspection;
  const pruned = pruneStaleWeights(doc, shaped);
  // A resized classifier's own sentence says its weights are fresh.
  const resized = head.changes.length > 0 ? classifier.id : null;
  changes.push(...freshWeights(doc, pruned, before, shaped, resized));
  const after = pruned === doc ? shaped : inspectModel(pruned);
  checkFitted(after, target);
  const renamed = (document.classes ?? []).join('\n') !== target.classes.join('\n');
  return { document: changes.length > 0 || renamed ? pruned : document, changes };
}

/** The sentences naming each layer (`told` aside) that lost its weights. */
function freshWeights(
  doc: ModelDocument,
  pruned: ModelDocument,
  before: ModelInspection,
  after: ModelInspection,
  told: string | null,
): string[] {
  return after.order
    .filter((id) => id !== told && doc.weights?.[id])
    .filter((id) => Object.keys(doc.weights![id]).some((name) => !pruned.weights?.[id]?.[name]))
    .map((id) => {
      const was = before.nodes.get(id)?.inputShapes?.[0];
      const now = after.nodes.get(id)?.inputShapes?.[0];
      const why =
        was && now && formatShape(was) !== formatShape(now)
          ? `its input is ${shapeWords(now)}, not ${shapeWords(was)}`
          : 'its weights no longer fit its settings';
      return `${quote(id)} starts from fresh weights: ${why}.`;
    });
}

const shapeWords = (shape: Shape) =>
  shape.length === 1 ? `${shape[0]} features` : formatShape(shape);

/** The fitted model must be valid and give one score per class; anything else is a refusal. */
function checkFitted(after: ModelInspection, target: FitTarget): void {
  if (!after.valid) {
    throw new ModelError([
      { message: `The fitted model is not valid: ${after.problems[0].message}` },
    ]);
  }
  const output = after.nodes.get(after.order[after.order.length - 1])!.summary!.outputShape!;
  if (output.length !== 1 || output[0] !== target.classes.length) {
    throw new ModelError([
      {
        message: `The fitted model outputs ${formatShape(output)} values, not ${target.classes.length} class scores: its classifier is followed by layers that keep more than the class axis`,
      },
    ]);
  }
}
