import { intOrPair } from '../../numbers';
import {
  requireForm,
  requireOnlyFirstOutput,
  Unmappable,
  type ConvertContext,
  type Converter,
} from '../context';
import type { OpNode } from '../graph';
import { readWindow, windowOutput } from './window';

// MaxPool and AveragePool → maxpool2d and avgpool2d (ceil_mode as PyTorch's); GlobalAveragePool
// and ReduceMean over H and W → globalavgpool, whose [C] output ONNX keeps as [C, 1, 1].

function pool(type: 'maxpool2d' | 'avgpool2d'): Converter {
  return (node, ctx) => {
    requireOnlyFirstOutput(node, ctx);
    const x = ctx.tensor(node.inputs[0]);
    requireForm(x, ['image'], 'it');
    const window = readWindow(node.attrs, [], x.dims);
    if (window.dilation[0] !== 1 || window.dilation[1] !== 1)
      throw new Unmappable('it has dilations, which pooling layers do not');
    const padded = window.padding[0] > 0 || window.padding[1] > 0;
    // ONNX averages over the cells inside the input unless told otherwise; the document's
    // avgpool2d counts the padded zeros, as PyTorch's default does.
    if (type === 'avgpool2d' && padded && node.attrs.int('count_include_pad', 0) !== 1) {
      throw new Unmappable(
        'it leaves padded cells out of the average (count_include_pad = 0), and avgpool2d counts them',
      );
    }
    const [outH, outW] = windowOutput(window, x.dims);
    const { kernel, stride, padding } = window;
    ctx.emit(node, {
      type,
      params: {
        poolSize: intOrPair(kernel),
        ...(stride[0] !== kernel[0] || stride[1] !== kernel[1]
          ? { stride: intOrPair(stride) }
          : {}),
        ...(padded ? { padding: intOrPair(padding) } : {}),
        ...(window.ceil ? { ceilMode: true } : {}),
      },
      inputs: [x],
      form: 'image',
      dims: [x.dims[0], outH, outW],
    });
    ctx.count(node.op, window.ceil ? `became ${type} with ceilMode` : `became ${type}`);
  };
}

function globalPool(node: OpNode, ctx: ConvertContext, keepDims: boolean): void {
  const x = ctx.tensor(node.inputs[0]);
  requireForm(x, ['image'], 'it');
  const channels = x.dims[0];
  ctx.emit(node, {
    type: 'globalavgpool',
    inputs: [x],
    form: 'vector',
    dims: keepDims ? [channels, 1, 1] : [channels],
  });
}

export const pooling: Record<string, Converter> = {
  MaxPool: pool('maxpool2d'),
  AveragePool: pool('avgpool2d'),
  GlobalAveragePool(node, ctx) {
    globalPool(node, ctx, true);
    ctx.count(node.op, 'became globalavgpool');
  },
  ReduceMean(node, ctx) {
    const axes = node.attrs.has('axes')
      ? node.attrs.ints('axes', [])
      : Array.from(ctx.constant(node.inputs[1] ?? '')?.data ?? []);
    const spatial = axes.map((a) => (a < 0 ? a + 4 : a)).sort();
    if (spatial.length !== 2 || spatial[0] !== 2 || spatial[1] !== 3) {
      throw new Unmappable(
        `it averages over axes [${axes}]; only the mean over H and W (axes [2, 3]) maps, as globalavgpool`,
      );
    }
    globalPool(node, ctx, node.attrs.int('keepdims', 1) === 1);
    ctx.count('ReduceMean over H and W', 'became globalavgpool');
  },
};
