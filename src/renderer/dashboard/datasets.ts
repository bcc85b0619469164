// The bundled datasets as the train panel knows them before any is loaded: the engine's image
// size and classes (DATASET_SHAPES), with the words the panel shows. How each trains by default
// is the engine's too (defaultsFor).

import { DATASET_NAMES, DATASET_SHAPES } from '../../engine/datasets';
import type { DatasetName } from '../../engine/datasets';

export interface DatasetFacts {
  name: DatasetName;
  /** Short, for menus and sentences: `MNIST`. */
  title: string;
  /** What the images are. */
  description: string;
  classes: readonly string[];
  /** Test split size. */
  test: number;
}

export const DATASETS: Readonly<Record<DatasetName, DatasetFacts>> = {
  mnist: {
    name: 'mnist',
    classes: DATASET_SHAPES.mnist.classes,
    title: 'MNIST',
    description: '70,000 handwritten digits, 28×28',
    test: 10_000,
  },
  digits: {
    name: 'digits',
    classes: DATASET_SHAPES.digits.classes,
    title: '8×8 digits',
    description: '1,797 handwritten digits, 8×8 (scikit-learn)',
    test: 360,
  },
  shapes: {
    name: 'shapes',
    classes: DATASET_SHAPES.shapes.classes,
    title: 'Shapes',
    description: 'Bars, squares and crosses, 16×16, generated',
    test: 1000,
  },
};

export const DATASET_LIST: readonly DatasetFacts[] = DATASET_NAMES.map((name) => DATASETS[name]);
