// `npm run profile -- examples/<t>.json [--batch N] [--threads N] [--repeats N]`: one training
// step of a model, layer by layer, on the fastest kernels: milliseconds forward and backward,
// the layer's share of the step, its multiply-accumulates and the nanoseconds each costs. Where
// a template falls short of its speed target, this says which layers stand in the way.
import { readFileSync } from 'node:fs';
import { setFlagsFromString } from 'node:v8';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import { createNetwork, parseModel, summarize, type StepTime } from '../src/engine/index';
import { loadKernels, type Spawn } from '../src/engine/kernels/wasm';
import type { WasmKernels } from '../src/engine/kernels/wasm/kernels';
import { Random } from '../src/engine/random';

setFlagsFromString('--experimental-wasm-relaxed-simd');

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: {
    batch: { type: 'string', default: '64' },
    threads: { type: 'string', default: '1' },
    repeats: { type: 'string', default: '10' },
  },
});
if (positionals.length !== 1) {
  console.error('usage: npm run profile -- <model.json> [--batch N] [--threads N] [--repeats N]');
  process.exit(2);
}
const [batch, threads, repeats] = [values.batch, values.threads, values.repeats].map(Number);

const spawn: Spawn = (source) => {
  const worker = new Worker(source, { eval: true });
  worker.unref();
  return worker;
};

const spec = parseModel(JSON.parse(readFileSync(positionals[0], 'utf8')));
const provider = await loadKernels({ threads, spawn });
const kernels = provider.create() as WasmKernels;
while (kernels.activeThreads < kernels.threads) await new Promise((r) => setTimeout(r, 10));
const network = createNetwork(spec, { seed: 1, kernels });
const random = new Random(1);
const input = new Float32Array(batch * network.inputSize).map(() => random.float());
const labels = Int32Array.from({ length: batch }, () => random.int(network.outputSize));
const times = network.timeSteps(input, labels, batch, repeats);

const macsOf = new Map(summarize(spec).map((l) => [l.id, l.macs]));
const total = times.reduce((sum, t) => sum + t.forward + t.backward, 0);
/** A layer's MACs belong to its own step, not to the activation fused into it. */
const macs = (t: StepTime) =>
  t.kind === spec.nodes.find((n) => n.id === t.nodeId)?.type ? (macsOf.get(t.nodeId) ?? 0) : 0;

const rows = times
  .map((t) => {
    const work = macs(t) * batch * 3; // backward does the forward's work twice over
    const ms = t.forward + t.backward;
    return {
      layer: `${t.nodeId} (${t.kind})`,
      forward: t.forward.toFixed(2),
      backward: t.backward.toFixed(2),
      share: `${((100 * ms) / total).toFixed(1)} %`,
      macs: macs(t),
      'ns/MAC': work > 0 ? ((ms * 1e6) / work).toFixed(2) : '',
    };
  })
  .sort((a, b) => Number(b.forward) + Number(b.backward) - Number(a.forward) - Number(a.backward));

console.log(
  `${spec.name ?? positionals[0]}: batch ${batch}, ${kernels.threads} thread(s) of ${provider.flavor}; ` +
    `one step ${total.toFixed(1)} ms, ${Math.round((batch * 1000) / total)} samples/s (mean of ${repeats})`,
);
console.table(rows);
