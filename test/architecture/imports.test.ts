// The import graph of src, type-only imports included: no module may reach itself again. A cycle
// of types alone costs nothing at run time, but it ties two modules into one that cannot be read,
// tested or moved apart (eslint.config.js keeps the layers; import-x/no-cycle skips type imports).

import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'generated' ? [] : sourceFiles(path);
    return /\.(ts|svelte)$/.test(name) && !name.endsWith('.d.ts') ? [path] : [];
  });
}

/** The code a file imports from: a component's `<script>` blocks, or the whole module. */
function scriptOf(path: string): string {
  const text = readFileSync(path, 'utf8');
  if (!path.endsWith('.svelte')) return text;
  return [...text.matchAll(/<script[^>]*>([\s\S]*?)<\/script>/g)].map((m) => m[1]).join('\n');
}

/** The file a relative specifier names, as Vite and TypeScript resolve it; null for packages. */
function resolveImport(from: string, specifier: string): string | null {
  if (!specifier.startsWith('.')) return null;
  // Vite's `?raw` and the like name the same file.
  const base = resolve(dirname(from), specifier.replace(/\?.*$/, '').replace(/\.js$/, ''));
  const found = [base, `${base}.ts`, join(base, 'index.ts')].find(
    (p) => existsSync(p) && statSync(p).isFile(),
  );
  if (!found) throw new Error(`${relative(SRC, from)}: cannot resolve "${specifier}"`);
  return found;
}

/** Every file's imports, `import type` and `export … from` included. */
function importGraph(files: string[]): Map<string, string[]> {
  return new Map(
    files.map((file) => {
      const { importedFiles } = ts.preProcessFile(scriptOf(file), true, true);
      const targets = importedFiles
        .map((i) => resolveImport(file, i.fileName))
        .filter((p): p is string => p !== null);
      return [file, [...new Set(targets)]];
    }),
  );
}

/** One cycle per strongly connected group of modules (Tarjan), as the files around it. */
function cycles(graph: Map<string, string[]>): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const found: string[][] = [];
  const visit = (node: string) => {
    index.set(node, index.size);
    low.set(node, index.get(node)!);
    stack.push(node);
    onStack.add(node);
    for (const next of graph.get(node) ?? []) {
      if (!index.has(next)) {
        visit(next);
        low.set(node, Math.min(low.get(node)!, low.get(next)!));
      } else if (onStack.has(next)) {
        low.set(node, Math.min(low.get(node)!, index.get(next)!));
      }
    }
    if (low.get(node) !== index.get(node)) return;
    const group: string[] = [];
    let member: string;
    do {
      member = stack.pop()!;
      onStack.delete(member);
      group.push(member);
    } while (member !== node);
    const selfImport = graph.get(node)?.includes(node);
    if (group.length > 1 || selfImport) found.push(group.reverse());
  };
  for (const node of graph.keys()) if (!index.has(node)) visit(node);
  return found;
}

describe('the import graph of src', () => {
  const graph = importGraph(sourceFiles(SRC));

  it('reads type imports, re-exports and components', () => {
    const at = (path: string) => (graph.get(join(SRC, path)) ?? []).map((p) => relative(SRC, p));
    expect(at('worker/session.ts')).toContain('worker/kernels.ts'); // import type { KernelChoice }
    expect(at('engine/index.ts')).toContain('engine/network.ts'); // export { … } from
    expect(at('renderer/App.svelte')).toContain('renderer/canvas/Canvas.svelte');
  });

  it('finds a cycle, through a type import too', () => {
    const a = join(SRC, 'a.ts');
    const b = join(SRC, 'b.ts');
    const c = join(SRC, 'c.ts');
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a, c]],
          [c, []],
        ]),
      ),
    ).toEqual([[a, b]]);
    expect(cycles(new Map([[a, [a]]]))).toEqual([[a]]);
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [c]],
          [c, []],
        ]),
      ),
    ).toEqual([]);
  });

  it('has no cycles', () => {
    expect(cycles(graph).map((group) => group.map((p) => relative(SRC, p)))).toEqual([]);
  });
});
