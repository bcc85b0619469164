export const DATASET_NAMES = ['mnist', 'digits', 'shapes'] as const;
export type DatasetName = (typeof DATASET_NAMES)[number];

/**
 * One part of a dataset. Each array owns its whole ArrayBuffer (no shared views), so a split can be
 * posted to a worker with its buffers as transferables.
 */
export interface Split {
  /** count·height·width grey levels, 0..255, image after image, row by row. */
  images: Uint8Array;
  /** One class index per image. */
  labels: Uint8Array;
  count: number;
}

/** A labelled greyscale image set, decoded into memory and split three ways. */
export interface Dataset {
  name: DatasetName;
  /** Display names of the classes; a label is an index into this list. */
  classes: string[];
  channels: 1;
  height: number;
  width: number;
  train: Split;
  validation: Split;
  test: Split;
}

/** Copies the chosen images (by index, in that order) of a larger set into a split of their own. */
export function gatherSplit(source: Split, pixels: number, indices: ArrayLike<number>): Split {
  const count = indices.length;
  const images = new Uint8Array(count * pixels);
  const labels = new Uint8Array(count);
  for (let i = 0; i < count; i++) {
    const from = indices[i];
    images.set(source.images.subarray(from * pixels, (from + 1) * pixels), i * pixels);
    labels[i] = source.labels[from];
  }
  return { images, labels, count };
}

/** Copies images start..end-1 of a larger set into a split of their own. */
export function sliceSplit(source: Split, pixels: number, start: number, end: number): Split {
  return {
    images: source.images.slice(start * pixels, end * pixels),
    labels: source.labels.slice(start, end),
    count: end - start,
  };
}
