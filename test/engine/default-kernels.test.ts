// createNetwork's kernels: the fastest the runtime has with no set-up call (here, in Node, the
// WebAssembly SIMD kernels on one thread), others by name, and the reference, saying why, where
// the WebAssembly module cannot be compiled synchronously (as on a browser page's main thread).
// vitest.kernels.config.ts replaces the default on purpose, so this file runs in the other run.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createNetwork, parseModel } from '../../src/engine/index';
import type { WasmKernels } from '../../src/engine/kernels/wasm/kernels';
import { lenet5 } from './models';

const spec = parseModel(lenet5());

describe('the kernels createNetwork uses', () => {
  afterEach(() => {
    vi.restoreAllMocks();
    vi.resetModules();
  });

  it('by default, WebAssembly SIMD on one thread, holding the network’s buffers', () => {
    const net = createNetwork(spec);
    expect(net.kernels.name).toMatch(/^wasm-(relaxed-)?simd$/);
    expect((net.kernels as WasmKernels).threads).toBe(1);
    // The parameters live in the kernels' memory, so the kernels use them in place.
    expect(net.parameters.buffer).toBe(net.kernels.newFloat32(1).buffer);
  });

  it('by name: the reference, or a WebAssembly build', () => {
    expect(createNetwork(spec, { kernels: 'reference' }).kernels.name).toBe('reference');
    expect(createNetwork(spec, { kernels: 'wasm-simd' }).kernels.name).toBe('wasm-simd');
  });

  it('each network gets kernels of its own', () => {
    const a = createNetwork(spec, { seed: 1 });
    const b = createNetwork(spec, { seed: 1 });
    expect(a.kernels).not.toBe(b.kernels);
    expect(a.parameters.buffer).not.toBe(b.parameters.buffer);
    expect(b.parameters).toEqual(a.parameters);
  });

  it('an unknown name is refused, naming the option and the names there are', () => {
    expect(() => createNetwork(spec, { kernels: 'fast' as 'reference' })).toThrow(
      /options\.kernels: "fast" is none of reference, wasm-relaxed-simd, wasm-simd/,
    );
  });

  it('where synchronous compilation is refused, the reference, with the reason', async () => {
    vi.spyOn(WebAssembly, 'Module').mockImplementation(function () {
      throw new RangeError('WebAssembly.Module(): Buffer size exceeds the main thread limit');
    });
    // A fresh engine, whose kernels have compiled nothing yet.
    const engine = await import('../../src/engine/index');
    const net = engine.createNetwork(spec, { seed: 4 });
    expect(net.kernels.name).toBe('reference');
    expect(net.kernels.note).toBe(
      'the WebAssembly kernels did not load here: WebAssembly.Module(): Buffer size exceeds the main thread limit',
    );
    expect(net.parameters).toEqual(createNetwork(spec, { seed: 4 }).parameters);
  });
});
