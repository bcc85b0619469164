// The lineage templates of examples/ (AlexNet-mini … ConvNeXt-mini), built from the blocks that
// define each architecture rather than written out node by node: a dense block, an inverted
// residual or an MBConv is one function here. Each is sized for 28×28 digits so one MNIST epoch
// trains in under a minute. `npx tsx scripts/examples/lineage.ts` rewrites the files;
// test/cli/examples.test.ts checks they are what these functions build.

import { writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { format, resolveConfig } from 'prettier';
import type { EdgeDoc, ModelDocument, NodeDoc } from '../../src/engine/index';
import { BLOCKS_VERSION, type Block } from '../../src/renderer/blocks/model';

type Params = Record<string, unknown>;
type From = string | string[];

const DIGITS = ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'];

/** One MNIST epoch, as the other templates, at `learningRate` (networks without batch norm need a smaller one). */
function training(learningRate = 0.05): Record<string, unknown> {
  return {
    dataset: 'mnist',
    epochs: 1,
    batchSize: 64,
    seed: 1,
    optimizer: { type: 'sgd', learningRate, momentum: 0.9, nesterov: true },
    schedule: { type: 'cosine', warmupSteps: 200 },
    normalization: 'standardize',
  };
}

/**
 * A document under construction: `add` appends a node fed by `from`, and returns its id; `block`
 * records the layers a unit adds as one of the editor's blocks (meta.blocks), collapsed, so the
 * template opens as a card per unit.
 */
class Graph {
  nodes: NodeDoc[] = [{ id: 'in', type: 'input', params: { channels: 1, height: 28, width: 28 } }];
  edges: EdgeDoc[] = [];
  blocks: Block[] = [];

  /** Runs `build` and makes what it added a block; `of`: the block it repeats, with the same settings. */
  block(
    id: string,
    name: string,
    colour: Block['colour'],
    build: () => string,
    of?: string,
  ): string {
    const first = this.nodes.length;
    const exit = build();
    const layers = this.nodes.slice(first).map((n) => n.id);
    this.blocks.push({ id, name, colour, layers, collapsed: true, ...(of ? { of } : {}) });
    return exit;
  }

  add(id: string, type: string, from: From, params?: Params): string {
    this.nodes.push({ id, type, ...(params ? { params } : {}) });
    for (const source of [from].flat()) this.edges.push({ from: source, to: id });
    return id;
  }

  /** A convolution, optionally followed by batch norm and an activation layer. */
  conv(id: string, from: From, params: Params, { bn = false, act = '' } = {}): string {
    let x = this.add(id, 'conv2d', from, bn ? { ...params, useBias: false } : params);
    if (bn) x = this.add(`${id}_bn`, 'batchnorm', x);
    if (act) x = this.add(`${id}_${act}`, act, x);
    return x;
  }

  document(name: string, description: string, learningRate?: number): ModelDocument {
    return {
      format: 'cnn-studio/model',
      version: 1,
      name,
      classes: DIGITS,
      nodes: this.nodes,
      edges: this.edges,
      training: training(learningRate),
      meta: {
        description,
        ...(this.blocks.length > 0
          ? { blocks: { version: BLOCKS_VERSION, blocks: this.blocks } }
          : {}),
      },
    };
  }
}

function alexnet() {
  const g = new Graph();
  const conv = (id: string, from: From, filters: number, kernelSize: number) =>
    g.add(id, 'conv2d', from, { filters, kernelSize, padding: 'same', activation: 'relu' });
  // Overlapping pooling, as AlexNet's: 3×3 windows at stride 2.
  const pool = (id: string, from: From) => g.add(id, 'maxpool2d', from, { poolSize: 3, stride: 2 });
  let x = conv('conv1', 'in', 24, 5);
  x = pool('pool1', x);
  x = conv('conv2', x, 32, 3);
  x = pool('pool2', x);
  x = conv('conv3', x, 48, 3);
  x = conv('conv4', x, 48, 3);
  x = conv('conv5', x, 32, 3);
  x = pool('pool3', x);
  x = g.add('flatten', 'flatten', x);
  // AlexNet dropped half; a quarter lets one epoch learn more (98.6 % against 98.0 %).
  x = g.add('fc1', 'dense', x, { units: 128, activation: 'relu' });
  x = g.add('drop1', 'dropout', x, { rate: 0.25 });
  x = g.add('fc2', 'dense', x, { units: 128, activation: 'relu' });
  x = g.add('drop2', 'dropout', x, { rate: 0.25 });
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'AlexNet-mini',
    'AlexNet (2012) went deeper and wider than LeNet and won ImageNet by a large margin: ReLU ' +
      'kept gradients alive where tanh saturates, and dropout kept its big dense layers from ' +
      'overfitting. Here: five ReLU convolutions with overlapping 3×3 max pooling, then two ' +
      'dense layers with dropout.',
    // Without normalisation, 0.05 diverges in the first hundred steps; 0.02 is AlexNet's 0.01 doubled.
    0.02,
  );
}

/**
 * A GoogLeNet module: 1×1, 1×1→3×3, 1×1→5×5 and 3×3 max pool→1×1 branches, concatenated; each
 * convolution followed by batch norm, as Inception v2 has it.
 */
function inceptionModule(g: Graph, name: string, from: string, widths: number[]): string {
  const [b1, r3, b3, r5, b5, bp] = widths;
  const conv = (id: string, source: From, filters: number, kernelSize: number) =>
    g.conv(
      `${name}_${id}`,
      source,
      { filters, kernelSize, padding: 'same' },
      { bn: true, act: 'relu' },
    );
  const one = conv('1x1', from, b1, 1);
  const three = conv('3x3', conv('3x3_reduce', from, r3, 1), b3, 3);
  const five = conv('5x5', conv('5x5_reduce', from, r5, 1), b5, 5);
  const pool = g.add(`${name}_pool`, 'maxpool2d', from, { poolSize: 3, stride: 1, padding: 1 });
  const proj = conv('pool_proj', pool, bp, 1);
  return g.add(`${name}_concat`, 'concat', [one, three, five, proj]);
}

function inception() {
  const g = new Graph();
  let x = g.conv(
    'stem',
    'in',
    { filters: 24, kernelSize: 3, padding: 'same' },
    { bn: true, act: 'relu' },
  );
  // GoogLeNet's pools round up (ceil mode): 28 → 14 → 7.
  x = g.add('pool1', 'maxpool2d', x, { poolSize: 3, stride: 2, ceilMode: true });
  const module = (name: string, from: string, widths: number[]) =>
    g.block(name, `Inception ${name.slice(1)}`, 'teal', () =>
      inceptionModule(g, name, from, widths),
    );
  x = module('i3a', x, [16, 16, 24, 4, 8, 8]);
  x = g.add('pool2', 'maxpool2d', x, { poolSize: 3, stride: 2, ceilMode: true });
  x = module('i4a', x, [32, 32, 48, 8, 16, 16]);
  x = module('i4b', x, [32, 32, 32, 8, 16, 16]);
  x = g.add('gap', 'globalavgpool', x);
  x = g.add('drop', 'dropout', x, { rate: 0.4 });
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'Inception-mini',
    'GoogLeNet (2014) let each module look at several scales at once, 1×1, 3×3 and 5×5 ' +
      'convolutions and a pool side by side, with 1×1 reductions keeping the parameters few. ' +
      'Here: three such modules with batch norm (Inception v2), ceil-mode pooling, global average pooling.',
    // With batch norm it takes a high rate: 98.9 % in one epoch (98.7 % at 0.05; 97.4 % without batch norm).
    0.1,
  );
}

/** A dense block: each layer (BN-ReLU-conv 3×3, `growth` maps) sees every map before it. */
function denseBlock(g: Graph, name: string, from: string, layers: number, growth: number): string {
  let features = from;
  for (let i = 1; i <= layers; i++) {
    const id = `${name}_l${i}`;
    const bn = g.add(`${id}_bn`, 'batchnorm', features);
    const relu = g.add(`${id}_relu`, 'relu', bn);
    const conv = g.add(`${id}_conv`, 'conv2d', relu, {
      filters: growth,
      kernelSize: 3,
      padding: 'same',
      useBias: false,
    });
    features = g.add(`${id}_concat`, 'concat', [features, conv]);
  }
  return features;
}

/** DenseNet's transition: BN-ReLU-conv 1×1 to `filters`, then 2×2 average pooling. */
function transition(g: Graph, name: string, from: string, filters: number): string {
  const bn = g.add(`${name}_bn`, 'batchnorm', from);
  const relu = g.add(`${name}_relu`, 'relu', bn);
  const conv = g.add(`${name}_conv`, 'conv2d', relu, { filters, kernelSize: 1, useBias: false });
  return g.add(`${name}_pool`, 'avgpool2d', conv, { poolSize: 2 });
}

function densenet() {
  const g = new Graph();
  let x = g.add('stem', 'conv2d', 'in', {
    filters: 16,
    kernelSize: 3,
    stride: 2,
    padding: 1,
    useBias: false,
  });
  const first = x;
  x = g.block('d1', 'Dense block 1', 'green', () => denseBlock(g, 'd1', first, 4, 12));
  const dense = x;
  x = g.block('t1', 'Transition', 'orange', () => transition(g, 't1', dense, 32));
  const shrunk = x;
  // The same four layers of growth 12: a repeat of the first, sharing its settings.
  x = g.block('d2', 'Dense block 2', 'green', () => denseBlock(g, 'd2', shrunk, 4, 12), 'd1');
  x = g.add('final_bn', 'batchnorm', x);
  x = g.add('final_relu', 'relu', x);
  x = g.add('gap', 'globalavgpool', x);
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'DenseNet-mini',
    'DenseNet (2017) connected every layer to every layer before it in a block, so features ' +
      'are reused rather than relearned and gradients reach early layers directly. Here: two ' +
      'dense blocks of four BN-ReLU-conv layers (growth 12), joined by a 1×1 transition.',
  );
}

/**
 * MobileNetV2's inverted residual: 1×1 expansion, depthwise 3×3 (ReLU6 after both), linear 1×1
 * projection, and the identity added when the shape allows.
 */
function invertedResidual(
  g: Graph,
  name: string,
  from: string,
  channels: number,
  out: number,
  { expand, stride }: { expand: number; stride: number },
): string {
  const wide = channels * expand;
  let x = g.conv(
    `${name}_expand`,
    from,
    { filters: wide, kernelSize: 1 },
    { bn: true, act: 'relu6' },
  );
  x = g.conv(
    `${name}_dw`,
    x,
    { filters: wide, kernelSize: 3, stride, padding: 1, groups: wide },
    { bn: true, act: 'relu6' },
  );
  x = g.conv(`${name}_project`, x, { filters: out, kernelSize: 1 }, { bn: true });
  return stride === 1 && channels === out ? g.add(`${name}_add`, 'add', [x, from]) : x;
}

function mobilenet() {
  const g = new Graph();
  let x = g.conv(
    'stem',
    'in',
    { filters: 16, kernelSize: 3, stride: 2, padding: 1 },
    {
      bn: true,
      act: 'relu6',
    },
  );
  const residual = (name: string, from: string, channels: number, out: number, stride: number) =>
    g.block(name, `Inverted residual ${name.slice(2)}`, 'blue', () =>
      invertedResidual(g, name, from, channels, out, { expand: 4, stride }),
    );
  x = residual('ir1', x, 16, 24, 1);
  x = residual('ir2', x, 24, 24, 1);
  x = residual('ir3', x, 24, 32, 2);
  x = residual('ir4', x, 32, 32, 1);
  x = g.conv('head', x, { filters: 128, kernelSize: 1 }, { bn: true, act: 'relu6' });
  x = g.add('gap', 'globalavgpool', x);
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'MobileNet-mini',
    'MobileNet (2017) made convolution cheap enough for phones: a depthwise 3×3 filters each ' +
      'channel alone and a 1×1 mixes them, about a ninth of the cost; V2 widens inside each block ' +
      'and keeps the residual narrow. Here: four inverted residuals with ReLU6.',
    // Batch norm after every convolution takes a high rate: 98.6 % in one epoch, against 97.4 % at 0.05.
    0.2,
  );
}

/** Squeeze-and-excitation: pool each channel, a small bottleneck, and a sigmoid gate per channel. */
function squeezeExcite(
  g: Graph,
  name: string,
  from: string,
  channels: number,
  squeezed: number,
): string {
  const pool = g.add(`${name}_pool`, 'globalavgpool', from);
  const reduce = g.add(`${name}_reduce`, 'dense', pool, { units: squeezed, activation: 'silu' });
  const gate = g.add(`${name}_gate`, 'dense', reduce, { units: channels, activation: 'sigmoid' });
  return g.add(`${name}_scale`, 'multiply', [from, gate]);
}

interface MBConv {
  expand: number;
  kernel: number;
  stride: number;
}

/** EfficientNet's MBConv: an inverted residual with SiLU and squeeze-and-excitation. */
function mbconv(
  g: Graph,
  name: string,
  from: string,
  channels: number,
  out: number,
  { expand, kernel, stride }: MBConv,
): string {
  const wide = channels * expand;
  let x = from;
  if (expand > 1)
    x = g.conv(`${name}_expand`, x, { filters: wide, kernelSize: 1 }, { bn: true, act: 'silu' });
  x = g.conv(
    `${name}_dw`,
    x,
    { filters: wide, kernelSize: kernel, stride, padding: (kernel - 1) / 2, groups: wide },
    { bn: true, act: 'silu' },
  );
  x = squeezeExcite(g, `${name}_se`, x, wide, Math.max(4, channels / 4));
  x = g.conv(`${name}_project`, x, { filters: out, kernelSize: 1 }, { bn: true });
  return stride === 1 && channels === out ? g.add(`${name}_add`, 'add', [x, from]) : x;
}

function efficientnet() {
  const g = new Graph();
  let x = g.conv(
    'stem',
    'in',
    { filters: 16, kernelSize: 3, stride: 2, padding: 1 },
    {
      bn: true,
      act: 'silu',
    },
  );
  const block = (name: string, from: string, channels: number, out: number, settings: MBConv) =>
    g.block(name, `MBConv ${name.slice(2)}`, 'purple', () =>
      mbconv(g, name, from, channels, out, settings),
    );
  x = block('mb1', x, 16, 16, { expand: 1, kernel: 3, stride: 1 });
  x = block('mb2', x, 16, 24, { expand: 4, kernel: 3, stride: 2 });
  x = block('mb3', x, 24, 24, { expand: 4, kernel: 5, stride: 1 });
  x = block('mb4', x, 24, 40, { expand: 4, kernel: 3, stride: 1 });
  x = g.conv('head', x, { filters: 96, kernelSize: 1 }, { bn: true, act: 'silu' });
  x = g.add('gap', 'globalavgpool', x);
  x = g.add('drop', 'dropout', x, { rate: 0.2 });
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'EfficientNet-mini',
    'EfficientNet (2019) scaled depth, width and resolution together from a searched base of ' +
      'MBConv blocks: inverted residuals with SiLU and squeeze-and-excitation, which reweighs ' +
      'channels by what the whole image holds. Here: four MBConv blocks, 3×3 and 5×5 depthwise.',
    // As MobileNet-mini: 98.8 % in one epoch, against 97.9 % at 0.05.
    0.2,
  );
}

/** A ConvNeXt block: depthwise 7×7, layer norm, 1×1 to 4× the channels, GELU, 1×1 back, added. */
function convnextBlock(g: Graph, name: string, from: string, channels: number): string {
  let x = g.add(`${name}_dw`, 'conv2d', from, {
    filters: channels,
    kernelSize: 7,
    padding: 3,
    groups: channels,
  });
  x = g.add(`${name}_norm`, 'layernorm', x, { epsilon: 1e-6 });
  x = g.add(`${name}_expand`, 'conv2d', x, {
    filters: 4 * channels,
    kernelSize: 1,
    activation: 'gelu',
  });
  x = g.add(`${name}_project`, 'conv2d', x, { filters: channels, kernelSize: 1 });
  return g.add(`${name}_add`, 'add', [x, from]);
}

function convnext() {
  const g = new Graph();
  // A patchify stem (non-overlapping 2×2 patches), as ConvNeXt's 4×4 on larger images.
  let x = g.add('stem', 'conv2d', 'in', { filters: 24, kernelSize: 2, stride: 2 });
  x = g.add('stem_norm', 'layernorm', x, { epsilon: 1e-6 });
  const block = (name: string, from: string, channels: number, of?: string) =>
    g.block(
      name,
      `ConvNeXt block ${name.slice(1, 2)}.${name.slice(3)}`,
      'rose',
      () => convnextBlock(g, name, from, channels),
      of,
    );
  x = block('s1b1', x, 24);
  x = g.add('down_norm', 'layernorm', x, { epsilon: 1e-6 });
  x = g.add('down', 'conv2d', x, { filters: 48, kernelSize: 2, stride: 2 });
  x = block('s2b1', x, 48);
  // The second block of the stage repeats the first, sharing its settings.
  x = block('s2b2', x, 48, 's2b1');
  x = g.add('gap', 'globalavgpool', x);
  x = g.add('head_norm', 'layernorm', x, { epsilon: 1e-6 });
  g.add('out', 'dense', x, { units: 10 });
  return g.document(
    'ConvNeXt-mini',
    'ConvNeXt (2022) modernised the ResNet with what transformers had taught: large 7×7 ' +
      'depthwise kernels, layer norm instead of batch norm, GELU, and an inverted bottleneck 4× ' +
      'wide. Here: a patchify stem and three ConvNeXt blocks in two stages.',
    // 98.7 % in one epoch, against 97.8 % at 0.05, 98.3 % at 0.1 and 0.3, and 97.3 % with AdamW at 0.003.
    0.2,
  );
}

/** Each lineage template by file name in examples/. */
export const LINEAGE: Record<string, () => ModelDocument> = {
  'alexnet-mini.json': alexnet,
  'inception-mini.json': inception,
  'densenet-mini.json': densenet,
  'mobilenet-mini.json': mobilenet,
  'efficientnet-mini.json': efficientnet,
  'convnext-mini.json': convnext,
};

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples');

/** The file's text, formatted as Prettier formats the repository's JSON (its settings included). */
export async function lineageText(file: string): Promise<string> {
  const settings = await resolveConfig(join(EXAMPLES, file));
  return format(JSON.stringify(LINEAGE[file]()), { ...settings, parser: 'json' });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  for (const file of Object.keys(LINEAGE)) {
    await writeFile(join(EXAMPLES, file), await lineageText(file));
    console.log(`examples/${file}: ${LINEAGE[file]().nodes.length} layers`);
  }
}
