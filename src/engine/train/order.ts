import { Random, seedFor } from '../random';

/**
 * The order in which epoch `epoch` visits `count` training images: a permutation drawn from the
 * run's seed and the epoch number alone, so it never depends on pauses or chunk sizes.
 */
export function epochOrder(count: number, seed: number, epoch: number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  new Random(seedFor(seed, `shuffle/${epoch}`)).shuffle(order);
  return order;
}

/** The generator of epoch `epoch`'s augmentation shifts, independent of the shuffle's. */
export function augmentRandom(seed: number, epoch: number): Random {
  return new Random(seedFor(seed, `augment/${epoch}`));
}
