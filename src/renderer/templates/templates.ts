// The models a person can start from: a blank model, and the examples shipped in examples/. Each
// is checked with parseModel when picked, like a file.

import allconv from '../../../examples/allconv.json';
import lenet5Classic from '../../../examples/lenet5-classic.json';
import lenet5 from '../../../examples/lenet5.json';
import mlp from '../../../examples/mlp.json';
import resnetSmall from '../../../examples/resnet-small.json';
import vggSmall from '../../../examples/vgg-small.json';
import { blank } from './blank';

export interface Template {
  id: string;
  title: string;
  description: string;
  json: unknown;
}

/** An example's title and description come from its own `name` and `meta.description`. */
function example(id: string, json: { name?: string; meta?: { description?: string } }): Template {
  return { id, title: json.name ?? id, description: json.meta?.description ?? '', json };
}

export const blankTemplate: Template = {
  id: 'blank',
  title: 'Blank',
  description: 'An input and nothing else.',
  json: blank,
};

export const lenet5Template = example('lenet5', lenet5);

export const templates: readonly Template[] = [
  blankTemplate,
  lenet5Template,
  example('lenet5-classic', lenet5Classic),
  example('vgg-small', vggSmall),
  example('resnet-small', resnetSmall),
  example('allconv', allconv),
  example('mlp', mlp),
];
