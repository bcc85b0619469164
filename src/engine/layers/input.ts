import type { LayerDef } from './layer';
import { settings, wholeNumber } from './params';
import type * as v from 'valibot';

// input: where the batch enters, [N, C, H, W]. The network copies the batch in; nothing to compute.

const params = settings({
  channels: wholeNumber(1, 4096),
  height: wholeNumber(1, 4096),
  width: wholeNumber(1, 4096),
});

export type InputConfig = v.InferOutput<typeof params>;

export const input: LayerDef<InputConfig> = {
  type: 'input',
  group: 'Input',
  title: 'Input',
  description: 'The image the network reads: channels × height × width.',
  arity: 'none',
  params,
  required: ['channels', 'height', 'width'],
  keepsChannels: false,
  keepsClasses: false,
  outputShape: (c) => [c.channels, c.height, c.width],
  receptiveField: () => ({ size: [1, 1], jump: [1, 1] }),
  caption: (c) => `${c.channels}×${c.height}×${c.width}`,
  create: () => ({ forward() {}, backward() {} }),
};
