/**
 * Each node's neighbours in two flat arrays (compressed sparse rows): node i's are
 * `list[start[i]]` up to `list[start[i + 1]]`, in edge order. A model of 100,000 layers held as
 * 100,000 small arrays spent more time allocating them than walking the graph.
 */
export interface Adjacency {
  start: Int32Array;
  list: Int32Array;
}

/** The adjacency keyed by `keys[k]` listing `values[k]`, for the first `edges` pairs. */
export function adjacency(
  count: number,
  keys: Int32Array,
  values: Int32Array,
  edges: number,
): Adjacency {
  const start = new Int32Array(count + 1);
  for (let k = 0; k < edges; k++) start[keys[k] + 1]++;
  for (let i = 0; i < count; i++) start[i + 1] += start[i];
  const next = start.slice(0, count);
  const list = new Int32Array(edges);
  for (let k = 0; k < edges; k++) list[next[keys[k]]++] = values[k];
  return { start, list };
}

/** How many neighbours node i has. */
export const degree = (a: Adjacency, i: number): number => a.start[i + 1] - a.start[i];
