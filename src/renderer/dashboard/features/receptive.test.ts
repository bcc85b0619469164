import { describe, expect, it } from 'vitest';
import { inspectModel } from '../../../engine';
import { readModel } from '../../document/open';
import { lenet5Template } from '../../templates/templates';
import { inputRect, receptiveFields } from './receptive';

function lenet5Inspection() {
  const opened = readModel(lenet5Template.json);
  if (!opened.ok) throw new Error(opened.problems.join('\n'));
  return inspectModel(opened.document);
}

describe('receptive fields traced to the input', () => {
  const inspection = lenet5Inspection();
  const fields = receptiveFields(inspection);

  it("agree with the engine's sizes and jumps for every spatial layer", () => {
    for (const id of ['in', 'c1', 'p1', 'c2', 'p2']) {
      const engine = inspection.nodes.get(id)!.summary!.receptiveField!;
      const field = fields.get(id)!;
      expect([field.rows.size, field.cols.size]).toEqual(engine.size);
      expect([field.rows.jump, field.cols.jump]).toEqual(engine.jump);
    }
    expect(fields.get('flat')).toBeNull();
  });

  it('start where the padding puts them, clipped to the image', () => {
    // c1 pads by 2: output (0, 0) sees input rows −2..2, of which 0..2 exist.
    expect(inputRect(fields.get('c1')!, 0, 0, 28, 28)).toEqual({
      top: 0,
      left: 0,
      bottom: 2,
      right: 2,
    });
    // c2 (3, 3): 14×14 from row and column −2 + 3·2 = 4.
    expect(inputRect(fields.get('c2')!, 3, 3, 28, 28)).toEqual({
      top: 4,
      left: 4,
      bottom: 17,
      right: 17,
    });
    // p2's last value reaches past the bottom-right corner.
    expect(inputRect(fields.get('p2')!, 4, 4, 28, 28)).toEqual({
      top: 14,
      left: 14,
      bottom: 27,
      right: 27,
    });
  });
});
