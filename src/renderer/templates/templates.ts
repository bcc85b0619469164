// The models a person can start from: a blank model, and the examples shipped in examples/, in
// the order of the lineage they trace (LeNet → … → ConvNeXt), then the two baselines. Each is
// checked with parseModel when picked, like a file.

import alexnetMini from '../../../examples/alexnet-mini.json';
import allconv from '../../../examples/allconv.json';
import convnextMini from '../../../examples/convnext-mini.json';
import densenetMini from '../../../examples/densenet-mini.json';
import efficientnetMini from '../../../examples/efficientnet-mini.json';
import inceptionMini from '../../../examples/inception-mini.json';
import lenet5Classic from '../../../examples/lenet5-classic.json';
import lenet5 from '../../../examples/lenet5.json';
import mlp from '../../../examples/mlp.json';
import mobilenetMini from '../../../examples/mobilenet-mini.json';
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
  example('lenet5-classic', lenet5Classic),
  lenet5Template,
  example('alexnet-mini', alexnetMini),
  example('vgg-small', vggSmall),
  example('inception-mini', inceptionMini),
  example('resnet-small', resnetSmall),
  example('densenet-mini', densenetMini),
  example('mobilenet-mini', mobilenetMini),
  example('efficientnet-mini', efficientnetMini),
  example('convnext-mini', convnextMini),
  example('allconv', allconv),
  example('mlp', mlp),
];
