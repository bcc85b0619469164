import { webAssembly } from './host';

// What this runtime can run, found by asking it (WebAssembly.validate on tiny modules, a shared
// memory created and dropped), never by its name or version. Node 20 validates relaxed SIMD only
// when started with --experimental-wasm-relaxed-simd (or that flag set through v8 before any
// module is compiled); Chromium and Electron have it on.

export interface WasmFeatures {
  simd: boolean;
  /** f32x4.relaxed_madd, a fused multiply-add where the CPU has one. */
  relaxedSimd: boolean;
  /** A shared WebAssembly.Memory: growable without detaching views, and visible to workers. */
  sharedMemory: boolean;
}

/** A module with one function `() -> v128` whose body is `body`. */
function moduleOf(body: number[]): Uint8Array {
  const code = [0, ...body, 0x0b]; // no locals, body, end
  const codeSection = [1, code.length, ...code];
  return new Uint8Array([
    ...[0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00], // magic, version 1
    ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type section: () -> v128
    ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
    ...[0x0a, codeSection.length, ...codeSection],
  ]);
}

const splat = [0x41, 0x00, 0xfd, 0x11]; // i32.const 0; i32x4.splat
const simdProbe = moduleOf(splat);
const relaxedProbe = moduleOf([...splat, ...splat, ...splat, 0xfd, 0x85, 0x02]); // f32x4.relaxed_madd

function sharedMemoryWorks(): boolean {
  if (!webAssembly) return false;
  try {
    new webAssembly.Memory({ initial: 1, maximum: 1, shared: true });
    return true;
  } catch {
    return false; // a browser page without cross-origin isolation
  }
}

export function detectFeatures(): WasmFeatures {
  const validate = (bytes: Uint8Array) => webAssembly?.validate(bytes) ?? false;
  return {
    simd: validate(simdProbe),
    relaxedSimd: validate(relaxedProbe),
    sharedMemory: sharedMemoryWorks(),
  };
}
