// CNN Studio's engine: the public API of docs/model-format.md and what the app builds on.
// Pure TypeScript: no Node, DOM or Electron imports, so it runs in Node, browsers and workers alike.

export { ModelError, type Problem } from './model/errors';
export { parseModel } from './model/parse';
export { summarize } from './model/summarize';
export {
  createNetwork,
  Network,
  type NetworkOptions,
  type StepTime,
  type TensorSlot,
} from './network';
export type { KernelsOption, KernelName, Kernels } from './kernels';
export { formatShape } from './model/format';
export { analyzeGraph } from './model/graph';
export { inspectModel, type ModelInspection, type NodeInspection } from './model/inspect';
export { pruneStaleWeights } from './model/staleWeights';
export { allLayerDefs, layerDef, LAYER_TYPES } from './layers/registry';
export type { LayerGroup } from './layers/layer';
export {
  createOptimizer,
  optimizerStateSize,
  adam,
  sgd,
  type Optimizer,
  type OptimizerState,
  type OptimizerType,
} from './optim';
export { softmaxCrossEntropy } from './loss';
export {
  checkMemory,
  formatBytes,
  inspectionFootprint,
  MEMORY_LIMIT,
  memoryPlan,
  type MemoryPlan,
  type NetworkFootprint,
} from './memory';
export { activate, LEAKY_RELU_SLOPE, type ElementwiseActivation } from './math/activations';
export { normalCdf } from './math/normal';
export { Random } from './random';
export { encodeFloat32Base64 } from './model/base64';
export { fitToDataset, type FitTarget, type Fitted } from './fit';
export { ImportError, type ImportProblem } from './import/errors';
export {
  checkOnnxSize,
  importOnnx,
  importOnnxModel,
  MAX_ONNX_BYTES,
  type OnnxImport,
} from './import/onnx';
export type {
  LayerSummary,
  LayerType,
  ModelDocument,
  ModelSpec,
  NodeDoc,
  EdgeDoc,
  NodeSpec,
  ReceptiveField,
  Shape,
  Tensor,
  TensorDoc,
} from './model/types';
