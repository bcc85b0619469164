// The types of wasm-interface.mjs, for the tests that call it.

export interface Parameter {
  name: string;
  /** What TypeScript passes for it. */
  type: 'number' | 'boolean';
}

export interface KernelsDescription {
  /** Exports taking (part, parts, …), their parameters after those two. */
  parts: { name: string; params: Parameter[] }[];
  direct: { name: string; params: Parameter[]; returns: 'number' | 'void' }[];
  window: { bytes: number; fields: { name: string; offset: number }[] };
}

/** Reads the interface from asc's compiled program (a transform's `this.program`). */
export function describeKernels(program: unknown): KernelsDescription;

export function interfaceSource(
  description: KernelsDescription,
  options: { stamp: string; maxPages: number },
): string;
