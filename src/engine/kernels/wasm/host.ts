// The engine compiles against ES2022 alone (tsconfig.engine.json), which does not describe
// WebAssembly. The part the kernels use, present in Node 20, browsers and their workers, is
// described here only as far as it is used, and looked up on globalThis.

export interface WasmMemory {
  readonly buffer: ArrayBufferLike;
  /** Grows by `pages` of 64 KiB; returns the previous size in pages. */
  grow(pages: number): number;
}

/** A compiled module: opaque here, instantiated once per memory. */
export interface WasmModule {
  readonly __compiledModule?: never;
}

export interface WasmInstance {
  readonly exports: Record<string, unknown>;
}

export interface WasmApi {
  validate(bytes: Uint8Array): boolean;
  compile(bytes: Uint8Array): Promise<WasmModule>;
  Instance: new (module: WasmModule, imports: { env: { memory: WasmMemory } }) => WasmInstance;
  Memory: new (descriptor: { initial: number; maximum: number; shared: boolean }) => WasmMemory;
  Module: {
    /** Compiles on the calling thread (a browser page's main thread refuses large modules). */
    new (bytes: Uint8Array): WasmModule;
    exports(module: WasmModule): { name: string; kind: string }[];
  };
}

/** The host's WebAssembly API, or undefined where there is none. */
export const webAssembly = (globalThis as { WebAssembly?: WasmApi }).WebAssembly;
