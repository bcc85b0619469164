import type { Converter } from '../context';
import { activations } from './activations';
import { channelAffine, conv } from './conv';
import { gemm, matMul } from './linear';
import { add, concat, mul } from './merge';
import { normalization } from './normalization';
import { pooling } from './pooling';
import { reshapes } from './reshape';

// Every ONNX operator the importer maps, by op type; anything else is reported as unmapped.
// Silu, Gelu, LayerNorm and ChannelAffine are the fused patterns of patterns.ts.

export const CONVERTERS: Record<string, Converter> = {
  Conv: conv,
  ChannelAffine: channelAffine,
  Gemm: gemm,
  MatMul: matMul,
  Add: add,
  Mul: mul,
  Concat: concat,
  ...activations,
  ...pooling,
  ...normalization,
  ...reshapes,
};
