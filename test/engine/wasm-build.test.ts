// A WebAssembly build older than the code that calls it is refused with the command that
// rebuilds it, so the worker falls back to the reference kernels instead of failing mid-step.
import { describe, expect, it } from 'vitest';
import { checkExports } from '../../src/engine/kernels/wasm';
import { EXPORTED_FUNCTIONS } from '../../src/engine/kernels/wasm/generated/interface';
import { chooseKernels } from '../../src/worker/kernels';

describe('the kernels build', () => {
  it('a module without the kernel exports is refused, naming them and the fix', async () => {
    const empty = await WebAssembly.compile(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]));
    expect(EXPORTED_FUNCTIONS).toEqual(expect.arrayContaining(['gemmColumns', 'adamUpdate']));
    expect(() => checkExports(empty)).toThrow(
      `the built kernels lack ${EXPORTED_FUNCTIONS.join(', ')}: run \`npm run build:wasm\``,
    );
  });

  it('the embedded build has every export, and the worker picks it', async () => {
    const choice = await chooseKernels(1, { cores: 1 });
    expect(choice.name).toMatch(/^wasm-/);
    expect(choice.note).not.toMatch(/failed/);
  });
});
