import { messageOf } from '../../errors';
import { ImportError } from '../errors';
import { isExternal } from './tensors';
import { onnx, toNumber, type GraphProto, type ModelProto } from './proto';
import { checkOnnxSize } from './size';
import { quote } from '../../quote';

// The file's bytes as an ONNX model, or one line saying why not. Everything here is checked
// before a single node is looked at, so a bad file costs at most one protobuf decode.

/** The first opset whose operators (BatchNormalization, Upsample…) have today's meaning. */
export const MIN_OPSET = 9;

export interface DecodedModel {
  model: ModelProto;
  graph: GraphProto;
  opset: number;
}

export function decodeModel(bytes: Uint8Array): DecodedModel {
  checkOnnxSize(bytes.byteLength);

  let model: ModelProto;
  try {
    model = onnx.ModelProto.decode(bytes);
  } catch (e) {
    throw new ImportError(
      `Not an ONNX model: the file is truncated or is not protobuf (${messageOf(e)}).`,
    );
  }
  const graph = model.graph;
  if (!graph || !(graph.node?.length ?? 0) || !model.irVersion) {
    throw new ImportError('Not an ONNX model: the file has no graph of operators.');
  }

  const defaultSet = (model.opsetImport ?? []).find((o) => !o.domain || o.domain === 'ai.onnx');
  if (!defaultSet)
    throw new ImportError('Not an ONNX model: it names no ONNX operator set (opset).');
  const opset = toNumber(defaultSet.version);
  if (opset < MIN_OPSET) {
    throw new ImportError(
      `The model uses opset ${opset}; the importer reads opset ${MIN_OPSET} and later. Export it again with a newer opset (torch.onnx.export(..., opset_version=13)).`,
    );
  }

  const initializers = graph.initializer ?? [];
  const external = initializers.filter(isExternal).map((t) => t.name ?? '');
  if (external.length > 0) {
    throw new ImportError(
      `The model keeps ${external.length} weight tensor${external.length === 1 ? '' : 's'} (${quoteSome(external)}) in external data files, which cannot be imported; save it with its weights inside (onnx.save_model(model, path, save_as_external_data=False)).`,
    );
  }
  if (initializers.length === 0) {
    throw new ImportError(
      'The model has no initializers, so its weights were not saved; export it with its parameters (torch.onnx.export(..., export_params=True)).',
    );
  }
  return { model, graph, opset };
}

/** The first few names, quoted, and how many more. */
export function quoteSome(names: string[], shown = 3): string {
  const head = names.slice(0, shown).map((n) => `${quote(n)}`);
  return names.length > shown
    ? `${head.join(', ')} and ${names.length - shown} more`
    : head.join(', ');
}
