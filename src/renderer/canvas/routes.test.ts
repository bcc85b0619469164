import { describe, expect, it } from 'vitest';
import { LANE_GAP, LANE_SPACING, laneOf, lanePath, type Box } from './routes';

const card = (x: number, y: number): Box => ({ x, y, width: 200, height: 60 });
const column = new Map([
  ['a', card(0, 0)],
  ['b', card(0, 100)],
  ['c', card(0, 200)],
  ['d', card(0, 300)],
]);

describe('laneOf', () => {
  it('leaves an edge to the next row straight', () => {
    expect(laneOf(column, [{ id: 'a>b', source: 'a', target: 'b' }])).toEqual(new Map());
  });

  it('runs a skip beside the cards it would cross, and a longer one a lane further out', () => {
    const lanes = laneOf(column, [
      { id: 'a>d', source: 'a', target: 'd' },
      { id: 'a>c', source: 'a', target: 'c' },
      { id: 'b>d', source: 'b', target: 'd' },
    ]);
    expect(lanes.get('a>c')).toBe(200 + LANE_GAP);
    // b>d runs beside c as a>c does, so it takes the next lane out.
    expect(lanes.get('b>d')).toBe(200 + LANE_GAP + LANE_SPACING);
    expect(lanes.get('a>d')).toBe(200 + LANE_GAP + 2 * LANE_SPACING);
  });

  it('goes round a card beside the first lane too', () => {
    const boxes = new Map([...column, ['side', card(220, 100)]]);
    const lanes = laneOf(boxes, [{ id: 'a>c', source: 'a', target: 'c' }]);
    // Right of the side card would be 436; left of the column is nearer.
    expect(lanes.get('a>c')).toBe(-LANE_GAP);
  });
});

describe('lanePath', () => {
  it('leaves downwards, runs down the lane and enters from above', () => {
    const path = lanePath({ x: 100, y: 60 }, { x: 100, y: 300 }, 216, 40);
    expect(path.startsWith('M 100 60 L 100 82')).toBe(true);
    expect(path).toContain('L 216 282');
    expect(path.endsWith('L 100 300')).toBe(true);
  });
});
