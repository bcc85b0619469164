// Exports of a model to where users take it: the model document, TensorFlow.js, ONNX, PyTorch.
// Pure functions of a spec or a network, returning bytes and text; hosts write the files.

export { ExportError } from './errors';
export type { ExportSource } from './source';
export { exportModelJson, importModelJson, type ModelJsonOptions } from './modelJson';
export { exportTfjs, TFJS_WEIGHTS_FILE, type TfjsExport, type TfjsModelJson } from './tfjs/index';
export { exportOnnx, type OnnxOptions } from './onnx/index';
export { exportPytorch, type PytorchExport } from './pytorch/index';
