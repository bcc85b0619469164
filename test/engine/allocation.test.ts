import { readFileSync } from 'node:fs';
import { afterEach, describe, expect, it } from 'vitest';
import { SCALE, type Dataset, type Split } from '../../src/engine/datasets';
import { createNetwork, createOptimizer, parseModel } from '../../src/engine/index';
import { Arena } from '../../src/engine/kernels/wasm/arena';
import { Trainer } from '../../src/engine/train';

// Once its shapes are known, a training step allocates nothing: no typed array or buffer is made
// (counted at their constructors and at the typed arrays' copying methods) and the WebAssembly
// kernels' memory hands out no more bytes (counted at its allocator), so the memory a network
// holds is the same after 100 steps as after the first.

const CONSTRUCTORS = [
  'ArrayBuffer',
  'SharedArrayBuffer',
  'Float32Array',
  'Float64Array',
  'Int32Array',
  'Uint32Array',
  'Uint8Array',
] as const;
const TYPED = Object.getPrototypeOf(Float32Array.prototype) as Record<string, unknown>;
const COPYING = ['slice', 'map', 'filter'] as const;

/** Counts every typed array and buffer made until `stop` is called, and where each was made. */
function countAllocations(): { stop(): string[] } {
  const made: string[] = [];
  const where = () => new Error().stack!.split('\n').slice(3, 5).join(' ← ').trim();
  const restore: (() => void)[] = [];
  const globals = globalThis as unknown as Record<string, unknown>;
  for (const name of CONSTRUCTORS) {
    const original = globals[name] as new (...args: unknown[]) => object;
    globals[name] = new Proxy(original, {
      construct(target, args, newTarget) {
        made.push(`new ${name} at ${where()}`);
        return Reflect.construct(target, args, newTarget === globals[name] ? target : newTarget);
      },
    });
    restore.push(() => (globals[name] = original));
  }
  for (const method of COPYING) {
    const original = TYPED[method] as (...args: unknown[]) => unknown;
    TYPED[method] = function (this: unknown, ...args: unknown[]) {
      made.push(`${method} at ${where()}`);
      return original.apply(this, args);
    };
    restore.push(() => (TYPED[method] = original));
  }
  const alloc = Arena.prototype.alloc;
  Arena.prototype.alloc = function (this: Arena, bytes: number) {
    made.push(`${bytes} bytes of WebAssembly memory at ${where()}`);
    return alloc.call(this, bytes);
  };
  restore.push(() => (Arena.prototype.alloc = alloc));
  return {
    stop() {
      for (const undo of restore) undo();
      return made;
    },
  };
}

/** 28×28 images of a fixed pattern, enough that 100 steps stay within one epoch. */
function digitsLike(count: number): Dataset {
  const split = (n: number): Split => ({
    images: new Uint8Array(n * 784).map((_, i) => (i * 7919) % 256),
    labels: new Uint8Array(n).map((_, i) => i % 10),
    count: n,
  });
  return {
    name: 'mnist',
    classes: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    channels: 1,
    height: 28,
    width: 28,
    train: split(count),
    validation: split(4),
    test: split(4),
  };
}

// One template per kind of layer: convolution, pooling and dense (LeNet-5, with tanh in the
// classic); concat and ceil-mode pooling; dense blocks with batch norm and average pooling;
// depthwise convolution, ReLU6 and add; squeeze-and-excitation (multiply, sigmoid, SiLU), dropout;
// layer norm and GELU.
const TEMPLATES = [
  'lenet5',
  'lenet5-classic',
  'inception-mini',
  'densenet-mini',
  'mobilenet-mini',
  'efficientnet-mini',
  'convnext-mini',
];
const BATCH = 2;
const STEPS = 100;

describe('a training step allocates nothing once its shapes are known', () => {
  let counting: { stop(): string[] } | null = null;
  afterEach(() => counting?.stop());

  for (const name of TEMPLATES) {
    it(`${name}: ${STEPS} steps make no typed array and take no more memory`, () => {
      const doc = JSON.parse(readFileSync(`examples/${name}.json`, 'utf8'));
      const network = createNetwork(parseModel(doc), { seed: 1 });
      const trainer = new Trainer({
        network,
        optimizer: createOptimizer('sgd', network.parameters.length, {
          learningRate: 0.01,
          momentum: 0.9,
        }),
        dataset: digitsLike(BATCH * (STEPS + 2)),
        normalization: SCALE,
        epochs: 1,
        batchSize: BATCH,
        seed: 1,
        augment: true,
      });
      // The first step meets every shape: buffers, packed panels, the optimizer's state.
      expect(trainer.advance().type).toBe('step');
      counting = countAllocations();
      for (let i = 0; i < STEPS; i++) expect(trainer.advance().type).toBe('step');
      const made = counting.stop();
      counting = null;
      expect(made).toEqual([]);
    });
  }

  it('the counter sees a typed array made, one copied, and WebAssembly memory handed out', () => {
    // The WebAssembly kernels by name: the other run of the suite has the reference as default.
    const network = createNetwork(
      parseModel(JSON.parse(readFileSync('examples/lenet5.json', 'utf8'))),
      { kernels: 'wasm-simd' },
    );
    counting = countAllocations();
    const a = new Float32Array(4);
    a.slice(1);
    network.prepare({ batch: 2 });
    const made = counting.stop();
    counting = null;
    expect(made.slice(0, 2)).toEqual([
      expect.stringMatching(/^new Float32Array at /),
      expect.stringMatching(/^slice at /),
    ]);
    expect(made.some((m) => /bytes of WebAssembly memory/.test(m))).toBe(true);
  });
});
