// The Pareto front of accuracy against cost: the runs no other run beats on both (at least as
// accurate for at most the cost, and better on one). Pure, so the scatter only draws it.

export interface Tradeoff {
  /** What the run cost: parameters, MACs or seconds. Lower is better. */
  cost: number;
  /** Test accuracy, 0..1. Higher is better. */
  accuracy: number;
}

/**
 * The points on the front, cheapest first (so they draw as a line that climbs to the right).
 * Exact ties (same cost, same accuracy) dominate neither each other and are all kept, in the
 * order given; a point as accurate as a cheaper one, or as cheap as a more accurate one, is not.
 */
export function paretoFront<T extends Tradeoff>(points: readonly T[]): T[] {
  const order = points
    .map((point, index) => ({ point, index }))
    .sort(
      (a, b) =>
        a.point.cost - b.point.cost || b.point.accuracy - a.point.accuracy || a.index - b.index,
    );
  const front: T[] = [];
  for (const { point } of order) {
    const last = front.at(-1);
    const tie = last !== undefined && last.cost === point.cost && last.accuracy === point.accuracy;
    if (last === undefined || point.accuracy > last.accuracy || tie) front.push(point);
  }
  return front;
}
