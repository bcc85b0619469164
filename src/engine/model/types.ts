// The model document (contract: docs/model-format.md) and what parseModel makes of it.
// Dimension legend used across the engine: N batch, C channels, H height, W width,
// F features, K kernel size, P window positions (H'·W').

export type LayerType =
  | 'input'
  | 'conv2d'
  | 'maxpool2d'
  | 'avgpool2d'
  | 'globalavgpool'
  | 'flatten'
  | 'dense'
  | 'relu'
  | 'tanh'
  | 'sigmoid'
  | 'relu6'
  | 'silu'
  | 'gelu'
  | 'leakyrelu'
  | 'softmax'
  | 'dropout'
  | 'batchnorm'
  | 'layernorm'
  | 'add'
  | 'multiply'
  | 'concat';

export type ActivationName =
  'none' | 'relu' | 'leakyrelu' | 'tanh' | 'sigmoid' | 'relu6' | 'silu' | 'gelu' | 'softmax';

/** `n` or `[nh, nw]`, as the document allows for window settings. */
export type IntOrPair = number | [number, number];

export interface TensorDoc {
  shape: number[];
  /** base64 of little-endian float32, or plain numbers; a Float32Array in a document handed over in memory. */
  data: string | number[] | Float32Array;
}

export interface NodeDoc {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  position?: { x: number; y: number };
  label?: string;
}

export interface EdgeDoc {
  from: string;
  to: string;
}

export interface ModelDocument {
  format: 'cnn-studio/model';
  version: 1;
  name?: string;
  classes?: string[];
  nodes: NodeDoc[];
  edges: EdgeDoc[];
  weights?: Record<string, Record<string, TensorDoc>>;
  training?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

/** A tensor shape without the batch: `[C, H, W]` for an image, `[F]` for a vector. */
export type Shape = number[];

export interface Tensor {
  shape: number[];
  data: Float32Array;
}

/** A validated node: `params` as written in the document, `config` with every default filled in. */
export interface NodeSpec<Config = Record<string, unknown>> {
  id: string;
  type: LayerType;
  params: Record<string, unknown>;
  config: Config;
  position?: { x: number; y: number };
  label?: string;
}

export interface ModelSpec {
  format: 'cnn-studio/model';
  version: 1;
  name?: string;
  classes?: string[];
  /** In document order; `order` gives the topological order the engine runs. */
  nodes: NodeSpec[];
  edges: EdgeDoc[];
  /** Node ids, input first, every node after all of its inputs. */
  order: string[];
  /** Incoming node ids of each node, in edge order. */
  inputsOf: Record<string, string[]>;
  weights: Record<string, Record<string, Tensor>>;
  training?: Record<string, unknown>;
  meta?: Record<string, unknown>;
}

export interface ReceptiveField {
  /** Extent on the network input, [h, w] pixels. */
  size: [number, number];
  /** Distance on the input between neighbouring outputs, [h, w] pixels. */
  jump: [number, number];
}

export interface LayerSummary {
  id: string;
  type: string;
  outputShape: number[] | null;
  params: number;
  macs: number;
  error: string | null;
  receptiveField: ReceptiveField | null;
}
