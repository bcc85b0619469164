import type { DatasetName } from './dataset';
import { DIGITS_SIDE } from './digitsCsv';
import { SHAPE_CLASSES } from './shapes';

// What each bundled dataset gives a model, known before any file is read: the image shape and
// the classes. The loaders build their datasets to these, the app's dataset menu and fitting a
// model to a dataset read them.

export interface DatasetShape {
  /** Every bundled dataset is greyscale. */
  channels: 1;
  height: number;
  width: number;
  /** Display names of the classes, in label order. */
  classes: readonly string[];
}

export const MNIST_SIDE = 28;
/** The synthetic shapes' side when no other is asked for. */
export const SHAPES_SIDE = 16;
export const DIGIT_CLASSES: readonly string[] = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

const square = (side: number, classes: readonly string[]): DatasetShape => ({
  channels: 1,
  height: side,
  width: side,
  classes,
});

export const DATASET_SHAPES: Readonly<Record<DatasetName, DatasetShape>> = {
  mnist: square(MNIST_SIDE, DIGIT_CLASSES),
  digits: square(DIGITS_SIDE, DIGIT_CLASSES),
  shapes: square(SHAPES_SIDE, SHAPE_CLASSES),
};
