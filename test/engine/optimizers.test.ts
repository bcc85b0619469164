import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { createOptimizer, type OptimizerType } from '../../src/engine/index';
import { createKernels } from '../../src/engine/kernels';

// Six steps of each optimizer against torch.optim on the same gradients
// (fixtures from scripts/pytorch/make_optimizer_fixtures.py), on the default kernels: the
// WebAssembly ones here, the reference under `vitest.kernels.config.ts`.

interface Case {
  name: string;
  type: OptimizerType;
  settings: Record<string, number | boolean>;
  start: number[];
  grads: number[][];
  trajectory: number[][];
}

const cases = JSON.parse(
  readFileSync(new URL('../fixtures/optimizers.json', import.meta.url), 'utf8'),
) as Case[];

describe('optimizers follow torch.optim step for step', () => {
  for (const c of cases) {
    it(c.name, () => {
      const p = Float32Array.from(c.start);
      const opt = createOptimizer(c.type, p.length, c.settings, createKernels());
      c.grads.forEach((g, step) => {
        opt.update(p, Float32Array.from(g));
        c.trajectory[step].forEach((expected, i) =>
          expect(Math.abs(p[i] - expected)).toBeLessThan(1e-6 + 1e-5 * Math.abs(expected)),
        );
      });
    });
  }

  it('state saves and restores exactly', () => {
    const c = cases.find((x) => x.type === 'adam')!;
    const a = Float32Array.from(c.start);
    const opt = createOptimizer('adam', a.length, c.settings, createKernels());
    opt.update(a, Float32Array.from(c.grads[0]));
    const saved = opt.state();
    const b = a.slice();
    const resumed = createOptimizer('adam', b.length, c.settings, createKernels());
    resumed.restore(saved);
    opt.update(a, Float32Array.from(c.grads[1]));
    resumed.update(b, Float32Array.from(c.grads[1]));
    expect(b).toEqual(a);
  });

  it('refuses unknown and out-of-range settings, naming them', () => {
    expect(() => createOptimizer('sgd', 3, { lr: 0.1 })).toThrow('sgd: unknown setting "lr"');
    expect(() => createOptimizer('adam', 3, { beta1: 1.5 })).toThrow(/adam: beta1/);
    expect(() => createOptimizer('sgd', 3, { nesterov: true })).toThrow(
      /nesterov needs a momentum/,
    );
  });
});
