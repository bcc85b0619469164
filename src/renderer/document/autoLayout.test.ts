import { describe, expect, it } from 'vitest';
import type { ModelDocument } from '../../engine';
import { templates } from '../templates/templates';
import { layoutPositions } from './autoLayout';
import { COLUMN_GAP, NODE_HEIGHT, NODE_WIDTH, ROW_STEP } from './geometry';

/** A DenseNet block: each layer reads the concat of every layer before it. */
function denseBlock(layers: number): ModelDocument {
  const nodes: ModelDocument['nodes'] = [
    { id: 'in', type: 'input', params: { channels: 1, height: 8, width: 8 } },
  ];
  const edges: ModelDocument['edges'] = [];
  const outputs = ['in'];
  for (let i = 0; i < layers; i++) {
    const cat = `cat${i}`;
    nodes.push({ id: cat, type: 'concat' });
    for (const from of outputs) edges.push({ from, to: cat });
    nodes.push({ id: `l${i}`, type: 'relu' });
    edges.push({ from: cat, to: `l${i}` });
    outputs.push(`l${i}`);
  }
  return { format: 'cnn-studio/model', version: 1, nodes, edges };
}

const template = (id: string) => templates.find((t) => t.id === id)!.json as ModelDocument;

describe('layoutPositions', () => {
  it('runs a chain straight down, a row step apart', () => {
    const doc = template('lenet5');
    const at = layoutPositions(doc);
    const ids = doc.nodes.map((n) => n.id);
    expect(new Set(ids.map((id) => at.get(id)!.x)).size).toBe(1);
    ids.slice(1).forEach((id, i) => {
      expect(at.get(id)!.y - at.get(ids[i])!.y).toBe(ROW_STEP);
    });
  });

  it('keeps a residual block straight and its skip beside it', () => {
    const doc = template('resnet-small');
    const at = layoutPositions(doc);
    // The block's main path and the add it ends in share one column.
    const column = ['b1_conv1', 'b1_bn1', 'b1_relu1', 'b1_conv2', 'b1_bn2', 'b1_add'];
    expect(new Set(column.map((id) => at.get(id)!.x)).size).toBe(1);
  });

  it('puts the branches of an inception module side by side, no card on another', () => {
    const doc = template('inception-mini');
    const at = layoutPositions(doc);
    const firsts = ['i3a_1x1', 'i3a_3x3_reduce', 'i3a_5x5_reduce', 'i3a_pool'];
    expect(new Set(firsts.map((id) => at.get(id)!.y)).size).toBe(1);
    const xs = firsts.map((id) => at.get(id)!.x).sort((a, b) => a - b);
    xs.slice(1).forEach((x, i) =>
      expect(x - xs[i]).toBeGreaterThanOrEqual(NODE_WIDTH + COLUMN_GAP),
    );
    const boxes = [...at.values()];
    for (const [i, a] of boxes.entries()) {
      for (const b of boxes.slice(i + 1)) {
        const apart = Math.abs(a.x - b.x) >= NODE_WIDTH || Math.abs(a.y - b.y) >= NODE_HEIGHT;
        expect(apart).toBe(true);
      }
    }
  });

  it('lays out a dense block of 60 layers (1,890 edges, most of them long) in moments, in running order', () => {
    const doc = denseBlock(60);
    const started = performance.now();
    const positions = layoutPositions(doc);
    expect(performance.now() - started).toBeLessThan(2000);
    const order = doc.nodes.map((n) => positions.get(n.id)!.y);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(new Set(order).size).toBe(doc.nodes.length);
  });
});
