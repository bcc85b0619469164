import type { Kernels, WindowGeometry } from '../src/engine/kernels';
import { Random } from '../src/engine/random';
import { median } from './timing';

// What a depthwise convolution costs per MAC against a dense 3×3 one (32 → 32 channels) over the
// same 14×14 images at the same stride, forward and backward (with dx), batch 64, one thread:
// every kernel size the templates use (3×3 in MobileNet, 5×5 in EfficientNet, 7×7 in ConvNeXt)
// at strides 1 and 2. Rounds alternate the two layers, so a change in the machine's load falls on
// both; each is timed in this process's CPU time (its kernels run on this thread alone), and each
// figure is the median of its rounds.

const BATCH = 64;
const SIZE = 14;
const ROUNDS = 9;
/** MACs a timed call should reach, so that short layers repeat enough to be measured. */
const MACS_PER_ROUND = 4e7;

export interface DepthwiseCase {
  kernel: number;
  stride: number;
  denseNsPerMac: number;
  depthwiseNsPerMac: number;
  /** depthwise / dense, per MAC. */
  ratio: number;
}

/** A k×k window at stride s over SIZE×SIZE, padded to keep the size at stride 1. */
function geometry(channels: number, kernel: number, stride: number): WindowGeometry {
  const pad = (kernel - 1) >> 1;
  const out = Math.floor((SIZE + 2 * pad - kernel) / stride) + 1;
  return {
    channels,
    height: SIZE,
    width: SIZE,
    kernelH: kernel,
    kernelW: kernel,
    strideH: stride,
    strideW: stride,
    padH: pad,
    padW: pad,
    dilationH: 1,
    dilationW: 1,
    outH: out,
    outW: out,
  };
}

/** A layer's forward and backward as one call, and its MACs. */
function layer(kernels: Kernels, channels: number, groups: number, kernel: number, stride: number) {
  const g = geometry(channels, kernel, stride);
  const random = new Random(channels * 31 + kernel);
  // Filled in place: a copy (what `map` makes) would live outside the kernels' memory, and every
  // call would copy it in and out, which a depthwise layer's few MACs a byte cannot hide.
  const fill = (n: number) => {
    const a = kernels.newFloat32(n);
    for (let i = 0; i < n; i++) a[i] = random.float() - 0.5;
    return a;
  };
  const inputs = BATCH * channels * SIZE * SIZE;
  const outputs = BATCH * channels * g.outH * g.outW;
  const weights = (channels * channels * kernel * kernel) / groups;
  const [x, dx, y, dy] = [fill(inputs), fill(inputs), fill(outputs), fill(outputs)];
  const [w, dw, b, db] = [fill(weights), fill(weights), fill(channels), fill(channels)];
  return {
    macs: BATCH * g.outH * g.outW * weights,
    run: () => {
      kernels.conv2dForward(g, channels, groups, BATCH, x, w, b, y);
      kernels.conv2dBackward(g, channels, groups, BATCH, x, dy, w, dw, db, dx);
    },
  };
}

/** CPU nanoseconds per MAC of one round of `run`. */
function nsPerMac({ macs, run }: { macs: number; run: () => void }): number {
  const calls = Math.max(1, Math.round(MACS_PER_ROUND / macs));
  const start = process.cpuUsage();
  for (let i = 0; i < calls; i++) run();
  return (process.cpuUsage(start).user * 1e3) / (calls * macs);
}

export function depthwiseCosts(kernels: Kernels): DepthwiseCase[] {
  const cases: DepthwiseCase[] = [];
  for (const kernel of [3, 5, 7]) {
    for (const stride of [1, 2]) {
      const dense = layer(kernels, 32, 1, 3, stride);
      const depthwise = layer(kernels, 96, 96, kernel, stride);
      dense.run();
      depthwise.run();
      const [d, w]: number[][] = [[], []];
      for (let round = 0; round < ROUNDS; round++) {
        d.push(nsPerMac(dense));
        w.push(nsPerMac(depthwise));
      }
      const [denseNsPerMac, depthwiseNsPerMac] = [median(d), median(w)];
      cases.push({
        kernel,
        stride,
        denseNsPerMac,
        depthwiseNsPerMac,
        ratio: depthwiseNsPerMac / denseNsPerMac,
      });
    }
  }
  return cases;
}

export function printDepthwise(cases: DepthwiseCase[]) {
  console.log(
    `\nDepthwise (96 channels) against dense 3×3 (32 → 32) per MAC, ${SIZE}×${SIZE}, batch ${BATCH}, forward and backward, one thread, CPU time, medians of ${ROUNDS} interleaved rounds (target ≤ 3×)`,
  );
  console.log('kernel  stride   dense ns  depthwise ns    ratio');
  for (const c of cases) {
    console.log(
      `${`${c.kernel}×${c.kernel}`.padEnd(7)} ${String(c.stride).padStart(6)} ${c.denseNsPerMac.toFixed(3).padStart(10)} ${c.depthwiseNsPerMac.toFixed(3).padStart(13)} ${`${c.ratio.toFixed(2)}×`.padStart(8)}`,
    );
  }
}
