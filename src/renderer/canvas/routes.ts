// Where an edge runs on the canvas. An edge to the next row is a plain curve; an edge that would
// cross cards on its way down (a skip connection around a block, a dense connection) runs in a
// lane beside them, so it is seen as a path beside its block and never drawn behind a card.

export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

export interface EdgeEnds {
  id: string;
  source: string;
  target: string;
}

/** Clearance between a lane and the cards it passes. */
export const LANE_GAP = 16;
/** Between lanes that run side by side. */
export const LANE_SPACING = 10;

interface Span {
  id: string;
  top: number;
  bottom: number;
  lane: number;
  side: 1 | -1;
}

/** The lane (an x) of each edge that needs one; edges not in the map run straight. */
export function laneOf(
  boxes: ReadonlyMap<string, Box>,
  edges: readonly EdgeEnds[],
): Map<string, number> {
  const spans: Span[] = [];
  for (const edge of edges) {
    const s = boxes.get(edge.source);
    const t = boxes.get(edge.target);
    if (!s || !t) continue;
    const top = s.y + s.height;
    const bottom = t.y;
    if (bottom <= top) continue;
    const sx = s.x + s.width / 2;
    const tx = t.x + t.width / 2;
    const between = [...boxes]
      .filter(
        ([id, b]) =>
          id !== edge.source && id !== edge.target && b.y < bottom && b.y + b.height > top,
      )
      .map(([, b]) => b);
    const hits = (left: number, right: number) =>
      between.filter((b) => b.x < right + LANE_GAP / 2 && b.x + b.width > left - LANE_GAP / 2);
    const direct = hits(Math.min(sx, tx), Math.max(sx, tx));
    if (direct.length === 0) continue;
    const clearOf = (side: 1 | -1): number => {
      let lane =
        side > 0
          ? Math.max(...direct.map((b) => b.x + b.width)) + LANE_GAP
          : Math.min(...direct.map((b) => b.x)) - LANE_GAP;
      for (let blocked = hits(lane, lane); blocked.length > 0; blocked = hits(lane, lane)) {
        lane =
          side > 0
            ? Math.max(...blocked.map((b) => b.x + b.width)) + LANE_GAP
            : Math.min(...blocked.map((b) => b.x)) - LANE_GAP;
      }
      return lane;
    };
    const right = clearOf(1);
    const left = clearOf(-1);
    const detour = (lane: number) => Math.abs(lane - sx) + Math.abs(lane - tx);
    const side = detour(left) < detour(right) ? -1 : 1;
    spans.push({ id: edge.id, top, bottom, lane: side > 0 ? right : left, side });
  }
  // Shorter spans nearer the cards; a longer one that shares their rows moves out a lane.
  spans.sort((a, b) => a.bottom - a.top - (b.bottom - b.top));
  const placed: Span[] = [];
  for (const span of spans) {
    const crowded = () =>
      placed.some(
        (p) =>
          p.side === span.side &&
          Math.abs(p.lane - span.lane) < LANE_SPACING &&
          p.top < span.bottom &&
          span.top < p.bottom,
      );
    while (crowded()) span.lane += span.side * LANE_SPACING;
    placed.push(span);
  }
  return new Map(placed.map((s) => [s.id, s.lane]));
}

/**
 * The path of an edge through its lane: down from the source, across under it (below its shape
 * label), down the lane, across above the target, and into it, with rounded corners.
 */
export function lanePath(
  source: { x: number; y: number },
  target: { x: number; y: number },
  lane: number,
  gap: number,
): string {
  const down = source.y + gap * 0.75;
  const into = target.y - gap * 0.25;
  const r = Math.max(0, Math.min(8, (into - down) / 2, gap * 0.25));
  const turn = (from: number, to: number) => (to > from ? r : -r);
  const out = turn(source.x, lane);
  const back = turn(lane, target.x);
  return [
    `M ${source.x} ${source.y}`,
    `L ${source.x} ${down - r}`,
    `Q ${source.x} ${down} ${source.x + out} ${down}`,
    `L ${lane - out} ${down}`,
    `Q ${lane} ${down} ${lane} ${down + r}`,
    `L ${lane} ${into - r}`,
    `Q ${lane} ${into} ${lane + back} ${into}`,
    `L ${target.x - back} ${into}`,
    `Q ${target.x} ${into} ${target.x} ${into + r}`,
    `L ${target.x} ${target.y}`,
  ].join(' ');
}
