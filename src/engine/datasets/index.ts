export { DATASET_NAMES, type Dataset, type DatasetName, type Split } from './dataset';
export { DATASET_SHAPES, type DatasetShape } from './bundled';
export { DatasetError } from './errors';
export { parseIdx, type IdxArray } from './idx';
export { parseDigitsCsv } from './digitsCsv';
export { generateShapes, SHAPE_CLASSES, type ShapesOptions } from './shapes';
export { loadDataset, type LoadOptions, type ReadFile } from './load';
export { MANIFEST_FILE, type Manifest, type ManifestEntry } from './manifest';
export {
  NORMALIZATION_KINDS,
  SCALE,
  standardization,
  writeBatch,
  type Normalization,
  type NormalizationKind,
} from './normalize';
