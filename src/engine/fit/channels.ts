import type { Conv2dConfig } from '../layers/conv2d';
import { layerDef } from '../layers/registry';
import type { ModelInspection } from '../model/inspect';
import type { ModelDocument } from '../model/types';
import { quote } from '../quote';
import { tensorValues } from './tensor';
import { withParams, withTensor } from './document';

// The convolutions that read the input's channels learn to read the dataset's. A filter's weights
// for the old channels are summed, and spread evenly over the new ones: an image whose channels are
// all equal (a grey image given as RGB) then gives exactly what it gave before, so the filters keep
// the edges and blobs they were trained on instead of starting over. For one grey channel that is
// the sum of the RGB weights.

/** The conv2d layers fed by the input directly or through layers that keep channels, in order. */
function inputReaders(doc: ModelDocument, inspection: ModelInspection, inputId: string): string[] {
  const next = new Map<string, string[]>();
  for (const { from, to } of doc.edges) next.set(from, [...(next.get(from) ?? []), to]);
  const readers = new Set<string>();
  const seen = new Set<string>([inputId]);
  const queue = [inputId];
  while (queue.length > 0) {
    for (const id of next.get(queue.shift()!) ?? []) {
      if (seen.has(id)) continue;
      seen.add(id);
      const type = inspection.nodes.get(id)?.type;
      if (type === 'conv2d') readers.add(id);
      else if (type !== undefined && layerDef(type)?.keepsChannels) queue.push(id);
    }
  }
  return inspection.order.filter((id) => readers.has(id));
}

const channelWord = (n: number) => `${n} channel${n === 1 ? '' : 's'}`;

/**
 * The document with each reader of the input taking `channels` channels, as one group (a grouped
 * convolution's groups split the old channels, which are gone), and the sentences that say so.
 * `inspection` is of the document before its input changed.
 */
export function adaptChannels(
  doc: ModelDocument,
  inspection: ModelInspection,
  inputId: string,
  channels: number,
): { document: ModelDocument; changes: string[] } {
  const changes: string[] = [];
  let next = doc;
  for (const id of inputReaders(doc, inspection, inputId)) {
    const node = inspection.nodes.get(id)!;
    const read = node.inputShapes![0][0];
    if (read === channels) continue;
    const config = node.config as Conv2dConfig;
    if (config.groups > 1) next = withParams(next, id, { groups: undefined });
    const grouped = config.groups > 1;
    const weight = doc.weights?.[id]?.weight;
    let how = '';
    if (weight) {
      const values = tensorValues(weight, `the weight of node ${quote(id)} (conv2d)`);
      next = withTensor(next, id, 'weight', summedOverChannels(weight.shape, values, channels));
      const summed = grouped
        ? "each filter's weights for the channels it read are summed"
        : `its weights for the ${read} channels are summed`;
      how =
        channels === 1
          ? `: ${summed} into one, so a grey image gives what it gave as ${read} equal channels`
          : `: ${summed} and spread evenly over the ${channels}, so an image whose channels are all equal gives what it gave before`;
    }
    const was = grouped ? `${read} in ${config.groups} groups` : String(read);
    const as = grouped ? ' as one group' : '';
    changes.push(`${quote(id)} reads ${channelWord(channels)}${as} (it read ${was})${how}.`);
  }
  return { document: next, changes };
}

/**
 * weight[F, Cg, kh, kw] (Cg the channels each filter saw) → [F, channels, kh, kw], each new
 * channel's kernel the sum of the old ones divided by `channels`.
 */
function summedOverChannels(
  shape: readonly number[],
  values: Float32Array,
  channels: number,
): { shape: number[]; data: Float32Array } {
  const [filters, seen, kh, kw] = shape;
  const taps = kh * kw;
  const data = new Float32Array(filters * channels * taps);
  for (let f = 0; f < filters; f++) {
    const kernel = new Float64Array(taps);
    for (let c = 0; c < seen; c++) {
      const from = (f * seen + c) * taps;
      for (let t = 0; t < taps; t++) kernel[t] += values[from + t];
    }
    for (let c = 0; c < channels; c++) {
      const to = (f * channels + c) * taps;
      for (let t = 0; t < taps; t++) data[to + t] = kernel[t] / channels;
    }
  }
  return { shape: [filters, channels, kh, kw], data };
}
