import { describe, expect, it } from 'vitest';
import { createNetwork, inspectModel, parseModel, type ModelDocument } from '../../engine';
import lenet5 from '../../../examples/lenet5.json';
import { totalsOf } from './totals';

const doc = lenet5 as ModelDocument;

describe('the model’s totals', () => {
  it('LeNet-5: its parameters, MACs, weight bytes and the memory training it holds', () => {
    const totals = totalsOf(inspectModel(doc), doc.training);
    expect(totals).toMatchObject({ params: 61706, macs: 416520, weightBytes: 4 * 61706 });
    // SGD with momentum keeps one velocity a parameter.
    const network = createNetwork(parseModel(doc), { kernels: 'reference' });
    const batch = doc.training!.batchSize as number;
    expect(totals.trainingMemory).toEqual({
      batch,
      bytes: network.memoryBytes(batch, { optimizerState: 61706 }).total,
    });
  });

  it('training memory follows the batch size and the optimizer, and is unknown with problems', () => {
    const adam = { ...doc.training, batchSize: 8, optimizer: { type: 'adam' } };
    const network = createNetwork(parseModel(doc), { kernels: 'reference' });
    expect(totalsOf(inspectModel(doc), adam).trainingMemory).toEqual({
      batch: 8,
      bytes: network.memoryBytes(8, { optimizerState: 2 * 61706 }).total,
    });
    const broken = { ...doc, edges: doc.edges.slice(1) };
    expect(totalsOf(inspectModel(broken), doc.training).trainingMemory).toBeNull();
    expect(totalsOf(inspectModel(doc), { batchSize: 0 }).trainingMemory).toBeNull();
  });
});
