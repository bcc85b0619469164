// Every invalid model document must be rejected by parseModel with one readable ModelError that
// names the node (when there is one) and the setting or field. Each row mutates a small valid
// base model, so it exercises exactly one rule of shared/contracts/model-format.md.
import { describe, it, expect } from 'vitest';
import { ModelError, parseModel } from '../../src/engine/index';
import { base, float32Base64, mutate, node, type TestDoc, type TestNode } from './documents';

/** For rows that give a field a type the document does not allow. */
type Loose = Record<string, unknown>;

interface Row {
  name: string;
  doc: unknown;
  mentions: string[];
}

function withParam(id: string, key: string, value: unknown): TestDoc {
  return mutate((doc) => {
    const n = node(doc, id);
    n.params = { ...n.params, [key]: value };
  });
}

/** Splices `added` into the chain right after `after`, so the rest of the graph stays valid. */
function insertAfter(doc: TestDoc, after: string, added: TestNode): void {
  const index = doc.nodes.findIndex((n) => n.id === after);
  doc.nodes.splice(index + 1, 0, added);
  for (const edge of doc.edges) if (edge.from === after) edge.from = added.id;
  doc.edges.push({ from: after, to: added.id });
}

function withInserted(after: string, added: TestNode, extra?: (doc: TestDoc) => void): TestDoc {
  return mutate((doc) => {
    insertAfter(doc, after, added);
    extra?.(doc);
  });
}

function renameNode(doc: TestDoc, from: string, to: string): void {
  node(doc, from).id = to;
  for (const edge of doc.edges) {
    if (edge.from === from) edge.from = to;
    if (edge.to === from) edge.to = to;
  }
}

function withWeights(weights: unknown): TestDoc {
  return mutate((doc) => {
    doc.weights = weights;
  });
}

const zeros = (n: number): number[] => new Array<number>(n).fill(0);

const rows: Row[] = [
  // The document as a whole.
  { name: 'document is null', doc: null, mentions: ['object'] },
  { name: 'document is a number', doc: 42, mentions: ['object'] },
  { name: 'document is an array', doc: [base()], mentions: ['object'] },
  {
    name: 'format missing',
    doc: mutate((d) => delete d.format),
    mentions: ['format'],
  },
  {
    name: 'format wrong',
    doc: mutate((d) => (d.format = 'cnn-studio/graph')),
    mentions: ['format', 'cnn-studio/model'],
  },
  { name: 'version 2', doc: mutate((d) => (d.version = 2)), mentions: ['version'] },
  { name: 'version as a string', doc: mutate((d) => (d.version = '1')), mentions: ['version'] },
  { name: 'unknown top-level key', doc: mutate((d) => (d.author = 'me')), mentions: ['author'] },
  { name: 'name not a string', doc: mutate((d) => (d.name = 7)), mentions: ['name'] },
  {
    name: 'nodes not an array',
    doc: mutate((d) => ((d as Loose).nodes = {})),
    mentions: ['nodes'],
  },
  {
    name: 'nodes empty',
    doc: mutate((d) => {
      d.nodes = [];
      d.edges = [];
    }),
    mentions: ['nodes'],
  },
  { name: 'edges missing', doc: mutate((d) => delete (d as Loose).edges), mentions: ['edges'] },
  {
    name: 'edges not an array',
    doc: mutate((d) => ((d as Loose).edges = 'img->c1')),
    mentions: ['edges'],
  },
  { name: 'meta not an object', doc: mutate((d) => (d.meta = 'notes')), mentions: ['meta'] },
  { name: 'meta an array', doc: mutate((d) => (d.meta = [1, 2])), mentions: ['meta'] },
  { name: 'training not an object', doc: mutate((d) => (d.training = 3)), mentions: ['training'] },
  {
    // The training settings' own bound: a document holds no batch that cannot be trained.
    name: 'training batch larger than training takes',
    doc: mutate((d) => (d.training = { batchSize: 4097 })),
    mentions: ['training.batchSize', '4096'],
  },
  {
    name: 'training epochs more than training runs',
    doc: mutate((d) => (d.training = { epochs: 10001 })),
    mentions: ['training.epochs', '10000'],
  },
  {
    name: 'classes not an array of strings',
    doc: mutate((d) => (d.classes = ['cat', 2, 'dog'])),
    mentions: ['classes'],
  },
  { name: 'classes a string', doc: mutate((d) => (d.classes = 'cat,dog')), mentions: ['classes'] },

  // Nodes themselves.
  {
    name: 'duplicate node id',
    doc: mutate((d) => (node(d, 'p1').id = 'c1')),
    mentions: ['c1', 'id'],
  },
  {
    name: 'id with a bad character',
    doc: mutate((d) => renameNode(d, 'c1', 'c.1')),
    mentions: ['c.1', 'id'],
  },
  {
    name: 'id longer than 64 characters',
    doc: mutate((d) => renameNode(d, 'c1', 'c'.repeat(65))),
    mentions: ['id', '64'],
  },
  {
    name: 'node without an id',
    doc: mutate((d) => delete (d.nodes[3] as { id?: string }).id),
    mentions: ['id'],
  },
  {
    name: 'node without a type',
    doc: mutate((d) => delete (node(d, 'c1') as { type?: string }).type),
    mentions: ['c1', 'type'],
  },
  {
    name: 'unknown layer type',
    doc: mutate((d) => (node(d, 'c1').type = 'conv3d')),
    mentions: ['c1', 'type', 'conv3d', 'maxpool2d'],
  },
  {
    name: 'unknown key on a node',
    doc: mutate((d) => (node(d, 'c1').colour = 'red')),
    mentions: ['c1', 'colour'],
  },
  {
    name: 'params not an object',
    doc: mutate((d) => ((node(d, 'c1') as Loose).params = [4, 3])),
    mentions: ['c1', 'params'],
  },
  {
    name: 'position with a string x',
    doc: mutate((d) => (node(d, 'c1').position = { x: '10', y: 0 })),
    mentions: ['c1', 'position'],
  },
  {
    name: 'position with NaN x',
    doc: mutate((d) => (node(d, 'c1').position = { x: NaN, y: 0 })),
    mentions: ['c1', 'position'],
  },
  {
    name: 'label not a string',
    doc: mutate((d) => (node(d, 'c1').label = 12)),
    mentions: ['c1', 'label'],
  },

  // Layer settings.
  {
    name: 'unknown param key',
    doc: withParam('c1', 'kernel_size', 3),
    mentions: ['c1', 'kernel_size'],
  },
  {
    name: 'required param missing',
    doc: mutate((d) => (node(d, 'c1').params = { kernelSize: 3 })),
    mentions: ['c1', 'filters'],
  },
  {
    name: 'filters as a string',
    doc: withParam('c1', 'filters', '4'),
    mentions: ['c1', 'filters'],
  },
  {
    name: 'filters not an integer',
    doc: withParam('c1', 'filters', 2.5),
    mentions: ['c1', 'filters'],
  },
  { name: 'filters zero', doc: withParam('c1', 'filters', 0), mentions: ['c1', 'filters'] },
  { name: 'filters negative', doc: withParam('c1', 'filters', -4), mentions: ['c1', 'filters'] },
  { name: 'filters NaN', doc: withParam('c1', 'filters', NaN), mentions: ['c1', 'filters'] },
  { name: 'stride Infinity', doc: withParam('c1', 'stride', Infinity), mentions: ['c1', 'stride'] },
  {
    name: 'kernelSize pair with 3 elements',
    doc: withParam('c1', 'kernelSize', [3, 3, 3]),
    mentions: ['c1', 'kernelSize'],
  },
  {
    name: 'kernelSize pair with a string',
    doc: withParam('c1', 'kernelSize', [3, '3']),
    mentions: ['c1', 'kernelSize'],
  },
  { name: 'padding negative', doc: withParam('c1', 'padding', -1), mentions: ['c1', 'padding'] },
  {
    name: 'padding "sometimes"',
    doc: withParam('c1', 'padding', 'sometimes'),
    mentions: ['c1', 'padding', 'same', 'valid'],
  },
  { name: 'stride 0', doc: withParam('c1', 'stride', 0), mentions: ['c1', 'stride'] },
  { name: 'dilation 0', doc: withParam('c1', 'dilation', 0), mentions: ['c1', 'dilation'] },
  {
    name: 'useBias not a boolean',
    doc: withParam('c1', 'useBias', 1),
    mentions: ['c1', 'useBias'],
  },
  {
    name: 'activation "swish"',
    doc: withParam('c1', 'activation', 'swish'),
    mentions: ['c1', 'activation', 'sigmoid'],
  },
  {
    name: 'softmax activation on conv2d',
    doc: withParam('c1', 'activation', 'softmax'),
    mentions: ['c1', 'activation', 'softmax'],
  },
  {
    name: 'groups that do not divide the filters',
    doc: withParam('c1', 'groups', 3),
    mentions: ['c1', 'groups', '4 filters'],
  },
  { name: 'groups 0', doc: withParam('c1', 'groups', 0), mentions: ['c1', 'groups'] },
  {
    name: 'groups "depthwise"',
    doc: withParam('c1', 'groups', 'depthwise'),
    mentions: ['c1', 'groups', 'whole number'],
  },
  {
    name: 'activation "gelu_tanh"',
    doc: withParam('c1', 'activation', 'gelu_tanh'),
    mentions: ['c1', 'activation', 'gelu', 'silu', 'relu6'],
  },
  {
    name: 'ceilMode not a boolean',
    doc: withParam('p1', 'ceilMode', 'yes'),
    mentions: ['p1', 'ceilMode', 'true or false'],
  },
  {
    name: 'layernorm epsilon 0',
    doc: withInserted('c1', { id: 'ln', type: 'layernorm', params: { epsilon: 0 } }),
    mentions: ['ln', 'epsilon'],
  },
  {
    name: 'layernorm momentum (a batchnorm setting)',
    doc: withInserted('c1', { id: 'ln', type: 'layernorm', params: { momentum: 0.1 } }),
    mentions: ['ln', 'momentum', 'epsilon'],
  },
  {
    name: 'relu6 with a setting',
    doc: withInserted('c1', { id: 'r6', type: 'relu6', params: { max: 6 } }),
    mentions: ['r6', 'max'],
  },
  {
    name: 'layernorm running statistics',
    doc: withInserted('c1', { id: 'ln', type: 'layernorm' }, (d) => {
      d.weights = { ln: { runningVar: { shape: [4], data: zeros(4) } } };
    }),
    mentions: ['ln', 'runningVar', 'gamma', 'beta'],
  },
  {
    name: 'depthwise weight of the dense layout',
    doc: mutate((d) => {
      node(d, 'img').params = { channels: 2, height: 8, width: 8 };
      node(d, 'c1').params = { filters: 4, kernelSize: 3, groups: 2 };
      d.weights = { c1: { weight: { shape: [4, 2, 3, 3], data: zeros(72) } } };
    }),
    mentions: ['c1', 'weight', '[4, 1, 3, 3]'],
  },
  {
    name: 'multiply with one input',
    doc: withInserted('c1', { id: 'm', type: 'multiply' }),
    mentions: ['m', 'two or more'],
  },
  {
    name: 'pool padding more than half the window',
    doc: withParam('p1', 'padding', 2),
    mentions: ['p1', 'padding'],
  },
  { name: 'dense units zero', doc: withParam('out', 'units', 0), mentions: ['out', 'units'] },
  {
    name: 'dropout rate 1',
    doc: withInserted('fl', { id: 'dr', type: 'dropout', params: { rate: 1 } }),
    mentions: ['dr', 'rate'],
  },
  {
    name: 'dropout rate -0.1',
    doc: withInserted('fl', { id: 'dr', type: 'dropout', params: { rate: -0.1 } }),
    mentions: ['dr', 'rate'],
  },
  {
    name: 'leakyrelu alpha not a number',
    doc: withInserted('c1', { id: 'lr', type: 'leakyrelu', params: { alpha: 'small' } }),
    mentions: ['lr', 'alpha'],
  },
  {
    name: 'params on a layer that has none',
    doc: withInserted('c1', { id: 'r1', type: 'relu', params: { inplace: true } }),
    mentions: ['r1', 'inplace'],
  },
  { name: 'input channels 0', doc: withParam('img', 'channels', 0), mentions: ['img', 'channels'] },
  {
    name: 'input channels 5000',
    doc: withParam('img', 'channels', 5000),
    mentions: ['img', 'channels', '4096'],
  },
  {
    name: 'input height missing',
    doc: mutate((d) => (node(d, 'img').params = { channels: 1, width: 8 })),
    mentions: ['img', 'height'],
  },

  // The graph.
  {
    // The edge back into the input also closes a cycle; either way the input must be named.
    name: 'input with an incoming edge',
    doc: mutate((d) => d.edges.push({ from: 'c1', to: 'img' })),
    mentions: ['img'],
  },
  {
    name: 'two input nodes',
    doc: mutate((d) => {
      d.nodes.splice(1, 0, {
        id: 'img2',
        type: 'input',
        params: { channels: 1, height: 8, width: 8 },
      });
      d.nodes.splice(2, 0, { id: 'a1', type: 'add' });
      d.edges[0] = { from: 'img', to: 'a1' };
      d.edges.push({ from: 'img2', to: 'a1' }, { from: 'a1', to: 'c1' });
    }),
    mentions: ['input'],
  },
  {
    name: 'no input node',
    doc: mutate((d) => {
      d.nodes.shift();
      d.edges.shift();
    }),
    mentions: ['input'],
  },
  {
    name: 'two sinks',
    doc: mutate((d) => {
      d.nodes.push({ id: 'extra', type: 'relu' });
      d.edges.push({ from: 'p1', to: 'extra' });
    }),
    mentions: ['extra'],
  },
  {
    // A node can only be unreachable if it has no incoming edge itself, so `lone` also breaks
    // "exactly one incoming edge"; both problems belong to `lone`.
    name: 'node unreachable from the input',
    doc: withInserted('p1', { id: 'a1', type: 'add' }, (d) => {
      d.nodes.push({ id: 'lone', type: 'relu' });
      d.edges.push({ from: 'lone', to: 'a1' });
    }),
    mentions: ['lone'],
  },
  {
    // a1 ⇄ r1, with every node otherwise having the right number of edges and one sink.
    // "cycl" matches both "cycle" and "cyclic".
    name: 'cycle',
    doc: withInserted('img', { id: 'a1', type: 'add' }, (d) => {
      d.nodes.push({ id: 'r1', type: 'relu' });
      d.edges.push({ from: 'a1', to: 'r1' }, { from: 'r1', to: 'a1' });
    }),
    mentions: ['cycl', 'r1'],
  },
  {
    name: 'edge to an unknown node',
    doc: mutate((d) => d.edges.push({ from: 'fl', to: 'ghost' })),
    mentions: ['edge', 'ghost'],
  },
  {
    name: 'edge from an unknown node',
    doc: mutate((d) => d.edges.push({ from: 'ghost', to: 'fl' })),
    mentions: ['edge', 'ghost'],
  },
  {
    name: 'edge with an extra key',
    doc: mutate((d) => (d.edges[1].colour = 'red')),
    mentions: ['edge', 'colour'],
  },
  {
    name: 'edge with a missing end',
    doc: mutate((d) => delete (d.edges[1] as { to?: string }).to),
    mentions: ['edge', 'to'],
  },
  {
    name: 'dense with two incoming edges',
    doc: mutate((d) => d.edges.push({ from: 'p1', to: 'out' })),
    mentions: ['out'],
  },
  {
    name: 'add with one incoming edge',
    doc: withInserted('p1', { id: 'a1', type: 'add' }),
    mentions: ['a1'],
  },

  // Weights.
  {
    name: 'weights not an object',
    doc: withWeights([1, 2, 3]),
    mentions: ['weights'],
  },
  {
    name: 'weights for an unknown node',
    doc: withWeights({ ghost: { bias: { shape: [4], data: zeros(4) } } }),
    mentions: ['weight', 'ghost'],
  },
  {
    name: 'weights for a node that has none',
    doc: withWeights({ p1: { weight: { shape: [4], data: zeros(4) } } }),
    mentions: ['p1', 'weight'],
  },
  {
    name: 'weights with an unknown tensor name',
    doc: withWeights({ c1: { kernel: { shape: [4, 1, 3, 3], data: zeros(36) } } }),
    mentions: ['c1', 'kernel'],
  },
  {
    // The data agrees with the stated shape; only the shape disagrees with the layer.
    name: 'weight shape mismatch',
    doc: withWeights({ c1: { weight: { shape: [4, 1, 5, 5], data: zeros(100) } } }),
    mentions: ['c1', 'weight', 'shape'],
  },
  {
    name: 'tensor without a shape',
    doc: withWeights({ c1: { bias: { data: zeros(4) } } }),
    mentions: ['c1', 'bias', 'shape'],
  },
  {
    name: 'tensor with an unknown key',
    doc: withWeights({ c1: { bias: { shape: [4], data: zeros(4), dtype: 'float32' } } }),
    mentions: ['c1', 'bias', 'dtype'],
  },
  {
    name: 'base64 data of the wrong length',
    doc: withWeights({ c1: { bias: { shape: [4], data: float32Base64([1, 2, 3]) } } }),
    mentions: ['c1', 'bias'],
  },
  {
    // 5 bytes: not a whole number of float32 values.
    name: 'base64 data not a multiple of 4 bytes',
    doc: withWeights({
      c1: { bias: { shape: [4], data: Buffer.from([1, 2, 3, 4, 5]).toString('base64') } },
    }),
    mentions: ['c1', 'bias'],
  },
  {
    name: 'invalid base64 characters',
    doc: withWeights({ c1: { bias: { shape: [4], data: 'AAAA*AAAAAAAAAAAAAAAAA==' } } }),
    mentions: ['c1', 'bias', 'base64'],
  },
  {
    name: 'data array with a non-finite number',
    doc: withWeights({ c1: { bias: { shape: [4], data: [0, Infinity, 0, 0] } } }),
    mentions: ['c1', 'bias'],
  },
  {
    name: 'data array with a string',
    doc: withWeights({ c1: { bias: { shape: [4], data: [0, '1', 0, 0] } } }),
    mentions: ['c1', 'bias'],
  },
  {
    name: 'negative runningVar',
    doc: withInserted('c1', { id: 'bn', type: 'batchnorm' }, (d) => {
      d.weights = { bn: { runningVar: { shape: [4], data: [1, 1, -0.5, 1] } } };
    }),
    mentions: ['bn', 'runningVar'],
  },
];

function thrownBy(doc: unknown): unknown {
  try {
    parseModel(doc);
  } catch (error) {
    return error;
  }
  return undefined;
}

describe('parseModel rejects invalid documents', () => {
  it('has distinct case names', () => {
    expect(new Set(rows.map((r) => r.name)).size).toBe(rows.length);
  });

  it('accepts the base model the cases are built from', () => {
    expect(() => parseModel(base())).not.toThrow();
  });

  it.each(rows)('$name', ({ doc, mentions }) => {
    const error = thrownBy(doc);
    const shown = error instanceof Error ? `${error.name}: ${error.message}` : String(error);
    expect(error, `parseModel should throw a ModelError, threw ${shown}`).toBeInstanceOf(
      ModelError,
    );
    const { name, message } = error as ModelError;
    expect(name).toBe('ModelError');
    expect(message.trim()).not.toBe('');
    expect(message).not.toContain('[object Object]');
    expect(message).not.toContain('undefined');
    // Several problems may be listed one per line, but the same problem only once.
    const lines = message.split('\n');
    expect(
      lines.filter((line, i) => lines.indexOf(line) !== i),
      `repeated lines in: ${message}`,
    ).toEqual([]);
    for (const word of mentions) {
      expect(message.toLowerCase(), `the message should mention "${word}"`).toContain(
        word.toLowerCase(),
      );
    }
  });
});
