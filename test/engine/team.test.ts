// The thread team when a kernel traps: the call fails with an error, never hangs, and the
// kernels carry on, on one thread.
import { describe, expect, it } from 'vitest';
import type { WasmKernels } from '../../src/engine/kernels/wasm/kernels';
import type { Team } from '../../src/engine/kernels/wasm/team';
import { kernelsOf } from './kernels-flavors';

describe('a team of two threads', () => {
  it("a trap in the helper's part fails the call, and later calls run on this thread", async () => {
    const kernels = (await (await kernelsOf('simd', 2))()) as WasmKernels;
    const team = (kernels as unknown as { team: Team }).team;
    const end = kernels.newFloat32(1).buffer.byteLength;
    // Part 0 clears the memory's last 4 KB; part 1's half lies past its end and traps.
    const count = 2048;
    expect(() => team.calls.zero({ count, x: end - 4096 }, Infinity)).toThrow(/helper thread/);
    expect(kernels.activeThreads).toBe(1);
    const x = kernels.newFloat32(300_000).fill(1);
    kernels.zero(x, x.length);
    expect(x.every((v) => v === 0)).toBe(true);
  });

  it("a trap in this thread's part is thrown once the helper's part is done too", async () => {
    const kernels = (await (await kernelsOf('simd', 2))()) as WasmKernels;
    const team = (kernels as unknown as { team: Team }).team;
    const end = kernels.newFloat32(1).buffer.byteLength;
    expect(() => team.calls.zero({ count: 2048, x: end + 4096 }, Infinity)).toThrow(
      WebAssembly.RuntimeError,
    );
    // Both parts trapped: the helper's failure stops the team, and the next call runs here.
    expect(kernels.activeThreads).toBe(1);
    const x = kernels.newFloat32(300_000).fill(1);
    kernels.zero(x, x.length);
    expect(x.every((v) => v === 0)).toBe(true);
  });
});
