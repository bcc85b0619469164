import { messageOf } from '../engine/errors';
import { createReferenceKernels, type Kernels } from '../engine/kernels';
import { kernelName, loadKernels, type Spawn } from '../engine/kernels/wasm';

/** The compute kernels networks are built with, and why no faster ones are in use. */
export interface KernelChoice {
  name: string;
  note: string;
  /** Threads each kernel call is split over (fewer than asked where the runtime cannot). */
  threads: number;
  /** Kernels with a memory (and helper threads) of their own, one per network. */
  create(): Kernels;
}

/** What the host offers the kernels: its processor count and a way to start helper threads. */
export interface KernelHost {
  cores: number;
  /** Starts a helper thread; where absent, a Blob-URL Web Worker if the runtime has them. */
  spawn?: Spawn;
}

/**
 * The fastest kernels this runtime runs (WebAssembly SIMD where it can) on up to `asked` threads,
 * no more than the host has cores: a thread without a core of its own only waits its turn.
 * Failing to compile them is no reason not to train: the reference kernels compute the same
 * values, only slower.
 */
export async function chooseKernels(asked: number, host: KernelHost): Promise<KernelChoice> {
  const threads = Math.max(1, Math.min(asked, host.cores));
  const cores = `${host.cores} ${host.cores === 1 ? 'core' : 'cores'}`;
  const notes =
    threads < asked ? [`${threads} of ${asked} threads: this machine has ${cores}`] : [];
  const withNotes = (choice: KernelChoice): KernelChoice => ({
    ...choice,
    note: [...notes, choice.note].filter(Boolean).join('; '),
  });
  try {
    const provider = await loadKernels({ threads, ...(host.spawn ? { spawn: host.spawn } : {}) });
    return withNotes({
      name: kernelName(provider.flavor),
      note: provider.note,
      threads: provider.threads,
      create: () => provider.create(),
    });
  } catch (error) {
    const note = `the WebAssembly kernels failed to load: ${messageOf(error)}`;
    return withNotes({
      name: kernelName('reference'),
      note,
      threads: 1,
      create: () => createReferenceKernels(note),
    });
  }
}
