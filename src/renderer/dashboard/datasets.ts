// The bundled datasets as the train panel knows them before any is loaded: image size and classes.
// The worker's `loaded` event has the authoritative facts; these mirror the engine's loaders
// (src/engine/datasets/load.ts). How each trains by default is the engine's (defaultsFor).

import { DATASET_NAMES, SHAPE_CLASSES } from '../../engine/datasets';
import type { DatasetName } from '../../engine/datasets';

export interface DatasetFacts {
  name: DatasetName;
  /** Short, for menus and sentences: `MNIST`. */
  title: string;
  /** What the images are. */
  description: string;
  /** Square image side in pixels; every bundled dataset is greyscale. */
  side: number;
  classes: readonly string[];
  /** Test split size. */
  test: number;
}

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

export const DATASETS: Readonly<Record<DatasetName, DatasetFacts>> = {
  mnist: {
    name: 'mnist',
    title: 'MNIST',
    description: '70,000 handwritten digits, 28×28',
    side: 28,
    classes: DIGITS,
    test: 10_000,
  },
  digits: {
    name: 'digits',
    title: '8×8 digits',
    description: '1,797 handwritten digits, 8×8 (scikit-learn)',
    side: 8,
    classes: DIGITS,
    test: 360,
  },
  shapes: {
    name: 'shapes',
    title: 'Shapes',
    description: 'Bars, squares and crosses, 16×16, generated',
    side: 16,
    classes: SHAPE_CLASSES,
    test: 1000,
  },
};

export const DATASET_LIST: readonly DatasetFacts[] = DATASET_NAMES.map((name) => DATASETS[name]);
