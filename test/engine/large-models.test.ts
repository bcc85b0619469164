import { describe, expect, it } from 'vitest';
import {
  createNetwork,
  ModelError,
  parseModel,
  summarize,
  type EdgeDoc,
  type ModelDocument,
  type NodeDoc,
} from '../../src/engine/index';

// Models of tens of thousands of layers: parsing, summarizing and building them takes time in
// proportion to their size. Times are CPU time of this process, the best of two runs where there is time for two, and bounds
// are loose: the machine running the tests is shared.

const document = (nodes: NodeDoc[], edges: EdgeDoc[]): ModelDocument => ({
  format: 'cnn-studio/model',
  version: 1,
  nodes,
  edges,
});

/** Input → flatten → dense, relu, dense, relu, … : `layers` nodes after the flatten. */
function longChain(layers: number): ModelDocument {
  const nodes: NodeDoc[] = [
    { id: 'in', type: 'input', params: { channels: 1, height: 1, width: 2 } },
    { id: 'fl', type: 'flatten' },
  ];
  for (let i = 0; i < layers; i++)
    nodes.push(
      i % 2 === 0
        ? { id: `d${i}`, type: 'dense', params: { units: 2 } }
        : { id: `r${i}`, type: 'relu' },
    );
  return document(
    nodes,
    nodes.slice(1).map((n, i) => ({ from: nodes[i].id, to: n.id })),
  );
}

/** Input → `branches` relu nodes side by side → one add of all of them. */
function wideAdd(branches: number): ModelDocument {
  const nodes: NodeDoc[] = [
    { id: 'in', type: 'input', params: { channels: 1, height: 1, width: 2 } },
  ];
  const edges: EdgeDoc[] = [];
  for (let i = 0; i < branches; i++) {
    nodes.push({ id: `r${i}`, type: 'relu' });
    edges.push({ from: 'in', to: `r${i}` }, { from: `r${i}`, to: 'sum' });
  }
  nodes.push({ id: 'sum', type: 'add' });
  return document(nodes, edges);
}

/** Input → a ⇄ b → a chain of `tail` relu nodes: a cycle with many nodes downstream of it. */
function cycleWithTail(tail: number): ModelDocument {
  const nodes: NodeDoc[] = [
    { id: 'in', type: 'input', params: { channels: 1, height: 1, width: 2 } },
    { id: 'a', type: 'add' },
    { id: 'b', type: 'relu' },
  ];
  const edges: EdgeDoc[] = [
    { from: 'in', to: 'a' },
    { from: 'a', to: 'b' },
    { from: 'b', to: 'a' },
  ];
  let last = 'b';
  for (let i = 0; i < tail; i++) {
    nodes.push({ id: `t${i}`, type: 'relu' });
    edges.push({ from: last, to: `t${i}` });
    last = `t${i}`;
  }
  return document(nodes, edges);
}

const refuse = (doc: ModelDocument) => expect(() => parseModel(doc)).toThrow(ModelError);

/** Everything a host does with a document: parse, summarize, build, predict, write back. */
function load(doc: ModelDocument): void {
  const spec = parseModel(doc);
  summarize(spec);
  const net = createNetwork(spec, { kernels: 'reference' });
  net.predict(Float32Array.from([1, -1]), 1);
  net.toJSON();
}

function cpuMs(run: () => void, runs = 2): number {
  let best = Infinity;
  for (let i = 0; i < runs; i++) {
    const start = process.cpuUsage();
    run();
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000);
  }
  return best;
}

describe('large models', () => {
  // Four times the layers take about four times as long; a quadratic step would take sixteen.
  for (const [name, make, run] of [
    ['a chain of layers', longChain, load],
    ['an add of many inputs', wideAdd, load],
    ['a cycle with a long tail', cycleWithTail, refuse],
  ] as const) {
    it(`${name}: four times the layers take less than eight times as long`, () => {
      run(make(1000));
      const small = cpuMs(() => run(make(5000)));
      const large = cpuMs(() => run(make(20_000)));
      expect(large / small).toBeLessThan(8);
    });
  }

  it('names the nodes on a cycle, not those downstream of it', () => {
    expect(() => parseModel(cycleWithTail(3))).toThrow(
      'edges: form a cycle through "a", "b"; a model must be acyclic',
    );
  });

  it('100,000 layers are parsed, summarized and built in seconds', () => {
    const doc = longChain(100_000);
    let spec!: ReturnType<typeof parseModel>;
    const ms = cpuMs(() => {
      spec = parseModel(doc);
      expect(summarize(spec)).toHaveLength(100_002);
      createNetwork(spec, { kernels: 'reference' });
    }, 1);
    expect(spec.order[100_001]).toBe('r99999');
    // About 1 s on an idle machine; the bound leaves room for a busy one, not for quadratic time.
    expect(ms).toBeLessThan(15_000);
  });
});
