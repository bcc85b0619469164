// The generator of the WebAssembly interface (scripts/wasm-interface.mjs) on small AssemblyScript
// programs compiled by asc as the build does: what it reads from the exports and the Window
// class, the TypeScript it writes from that, and the programs it refuses, saying why.
import asc from 'assemblyscript/asc';
import { describe, expect, it } from 'vitest';
import {
  describeKernels,
  interfaceSource,
  type KernelsDescription,
} from '../../scripts/wasm-interface.mjs';

const WINDOW = `@unmanaged
export class Window {
  channels: i32;
  height: i32;
}
`;

/** The description of a program made of `files` (assembly/index.ts its entry), or asc's error. */
async function describe_(files: Record<string, string>): Promise<KernelsDescription | null> {
  let description: KernelsDescription | null = null;
  // asc sets `program` on the transform's prototype before it makes one.
  class Describe {
    afterCompile(this: { program: unknown }) {
      description = describeKernels(this.program);
    }
  }
  const { error } = await asc.main(
    ['assembly/index.ts', '--noEmit', '--runtime', 'stub', '--enable', 'simd'],
    {
      transforms: [Describe] as never,
      readFile: (name: string) => files[name] ?? null,
      writeFile: () => {},
      listFiles: () => [],
      stderr: { write: () => {} } as never,
    },
  );
  if (error) throw error;
  return description;
}

describe('the generated WebAssembly interface', () => {
  it('reads part functions, direct functions and the Window layout from the program', async () => {
    const description = await describe_({
      'assembly/window.ts': WINDOW,
      'assembly/index.ts': `import { Window } from './window';
export function scale(part: i32, parts: i32, window: usize, alpha: f64, fused: bool): void {
  changetype<Window>(window).height = <i32>alpha + (fused ? part : parts);
}
export function bytes(filters: i32): usize {
  return <usize>filters * 4;
}
`,
    });
    expect(description).toEqual({
      parts: [
        {
          name: 'scale',
          params: [
            { name: 'window', type: 'number' },
            { name: 'alpha', type: 'number' },
            { name: 'fused', type: 'boolean' },
          ],
        },
      ],
      direct: [{ name: 'bytes', params: [{ name: 'filters', type: 'number' }], returns: 'number' }],
      window: {
        bytes: 8,
        fields: [
          { name: 'channels', offset: 0 },
          { name: 'height', offset: 4 },
        ],
      },
    });
    const source = interfaceSource(description!, { stamp: '// stamp', maxPages: 7 });
    expect(source).toContain('export const MAX_PAGES = 7;');
    expect(source).toContain('  i32[w + 1] = g.height;');
    expect(source).toContain(
      'export const CALL_PART_SOURCE = "function callPart(f, part, parts, a) { f(part, parts, a[0], a[1], a[2]); }";',
    );
    expect(source).toContain('      a[2] = p.fused ? 1 : 0;\n      runner.run(0, work);');
    expect(source).toContain('    bytes: (p: BytesArguments) => bytes(p.filters),');
  });

  it('refuses what it cannot pass, naming the export and the parameter', async () => {
    const files = {
      'assembly/window.ts': WINDOW,
      'assembly/index.ts': `export { Window } from './window';\n`,
    };
    await expect(describe_(files)).rejects.toThrow(
      'assembly/index.ts export Window is not a function: the kernels export only functions',
    );
    files['assembly/index.ts'] =
      'export function wide(part: i32, parts: i32, count: i64): void {}\n';
    await expect(describe_(files)).rejects.toThrow(
      'assembly/index.ts export wide, parameter count has type i64, which the generated interface cannot pass',
    );
  });

  it('refuses a Window that is managed, or holds other than i32', async () => {
    const index = `import { Window } from './window';
export function channels(window: usize): i32 {
  return changetype<Window>(window).channels;
}
`;
    const managed = {
      'assembly/window.ts': WINDOW.replace('@unmanaged\n', ''),
      'assembly/index.ts': index,
    };
    await expect(describe_(managed)).rejects.toThrow(
      'assembly/ Window must be @unmanaged: JavaScript writes it at a bare address',
    );
    const float = {
      'assembly/window.ts': WINDOW.replace('height: i32', 'height: f32'),
      'assembly/index.ts': index,
    };
    await expect(describe_(float)).rejects.toThrow(
      'Window.height is f32 at byte 4: only aligned i32 fields are written',
    );
  });
});
