// mulberry32 (Tommy Ettinger, public domain): one 32-bit word of state, a few multiplies per draw,
// statistically fine for placing shapes and shuffling a split. The datasets keep their own
// generator rather than sharing ../random so that the bundled splits and the synthetic set stay
// byte-identical for a given seed even if the training generator ever changes.

/** Returns a generator of uniform numbers in [0, 1), determined entirely by the 32-bit seed. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform integer in [min, max], both inclusive. */
export function randomInt(random: () => number, min: number, max: number): number {
  return min + Math.floor(random() * (max - min + 1));
}

/** A uniform 32-bit seed, for deriving independent generators from one seed. */
export function randomSeed(random: () => number): number {
  return Math.floor(random() * 4294967296) >>> 0;
}

/** 0..count-1 in a Fisher–Yates shuffled order. */
export function permutation(count: number, random: () => number): Uint32Array {
  const order = new Uint32Array(count);
  for (let i = 0; i < count; i++) order[i] = i;
  for (let i = count - 1; i > 0; i--) {
    const j = randomInt(random, 0, i);
    const t = order[i];
    order[i] = order[j];
    order[j] = t;
  }
  return order;
}
