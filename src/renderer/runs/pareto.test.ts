import { describe, expect, it } from 'vitest';
import { paretoFront } from './pareto';

const p = (name: string, cost: number, accuracy: number) => ({ name, cost, accuracy });
const names = (points: { name: string }[]) => points.map((point) => point.name);

describe('paretoFront', () => {
  it('keeps the runs no other beats on both cost and accuracy, cheapest first', () => {
    const points = [
      p('B', 200, 0.95),
      p('D', 300, 0.94),
      p('A', 100, 0.9),
      p('E', 400, 0.99),
      p('C', 150, 0.85),
    ];
    // C is beaten by A (cheaper, more accurate), D by B.
    expect(names(paretoFront(points))).toEqual(['A', 'B', 'E']);
  });

  it('keeps every run when each costlier one is also more accurate', () => {
    const points = [p('c', 3, 0.7), p('a', 1, 0.5), p('b', 2, 0.6)];
    expect(names(paretoFront(points))).toEqual(['a', 'b', 'c']);
  });

  it('keeps only the cheapest of runs equally accurate, and only the best of runs equally costly', () => {
    expect(names(paretoFront([p('x', 3, 0.5), p('y', 1, 0.5), p('z', 2, 0.5)]))).toEqual(['y']);
    expect(names(paretoFront([p('x', 5, 0.5), p('y', 5, 0.9), p('z', 5, 0.7)]))).toEqual(['y']);
  });

  it('keeps exact ties side by side, in the order given', () => {
    const points = [
      p('A', 100, 0.9),
      p('C', 100, 0.8),
      p('D', 200, 0.9),
      p('B', 100, 0.9),
      p('E', 50, 0.7),
    ];
    expect(names(paretoFront(points))).toEqual(['E', 'A', 'B']);
  });

  it('is the one run when there is one, and nothing when there is none', () => {
    expect(names(paretoFront([p('only', 61706, 0.9861)]))).toEqual(['only']);
    expect(paretoFront([])).toEqual([]);
  });

  it('leaves its input as it was', () => {
    const points = [p('b', 2, 0.6), p('a', 1, 0.5)];
    paretoFront(points);
    expect(names(points)).toEqual(['b', 'a']);
  });
});
