import { exportModelJson } from '../modelJson';
import { preprocessingOf } from '../preprocessing';
import { exportGraph, hasSoftmaxHead, type ExportSource } from '../source';
import { hyperparametersOf } from './hyperparameters';
import { modelPy } from './modelPy';
import { pythonNames } from './names';
import { docText } from './python';
import { trainPy } from './trainPy';
import { weightsSafetensors } from './weights';

/** The PyTorch export's files, by name. */
export interface PytorchExport {
  /** The nn.Module, with load_weights / save_weights. */
  'model.py': string;
  /** Trains it on MNIST, alone or under torchrun (DDP). */
  'train.py': string;
  /** The model document with every weight: what load_weights reads and CNN Studio opens. */
  'weights.json': string;
  /** The same weights as a state_dict, for load_weights or torch's load_state_dict. */
  'weights.safetensors': Uint8Array;
}

export function exportPytorch(source: ExportSource): PytorchExport {
  const graph = exportGraph(source);
  const { spec } = graph.network;
  const names = pythonNames(spec.nodes.map((n) => n.id));
  const preprocessing = preprocessingOf(spec);
  return {
    'model.py': modelPy(graph, names, preprocessing),
    'train.py': trainPy(
      hyperparametersOf(spec),
      preprocessing,
      hasSoftmaxHead(graph),
      docText(spec.name ?? 'the model'),
    ),
    'weights.json': JSON.stringify(exportModelJson(graph.network, { weights: true })),
    'weights.safetensors': weightsSafetensors(graph.network, names),
  };
}
