// The small valid model the document tests mutate, one rule at a time, helpers to edit it, and
// the two encodings of tensor data.

export interface TestNode {
  id: string;
  type: string;
  params?: Record<string, unknown>;
  [key: string]: unknown;
}

export interface TestEdge {
  from: string;
  to: string;
  [key: string]: unknown;
}

export interface TestDoc {
  nodes: TestNode[];
  edges: TestEdge[];
  [key: string]: unknown;
}

// Input 1×8×8 → conv2d c1 (4 filters, 3×3) → maxpool2d p1 → flatten fl → dense out (3 units).
// The input is called `img` rather than `in` so that a message mentioning it is not satisfied by
// the word "input".
export function base(): TestDoc {
  return {
    format: 'cnn-studio/model',
    version: 1,
    name: 'base',
    nodes: [
      { id: 'img', type: 'input', params: { channels: 1, height: 8, width: 8 } },
      { id: 'c1', type: 'conv2d', params: { filters: 4, kernelSize: 3 } },
      { id: 'p1', type: 'maxpool2d', params: { poolSize: 2 } },
      { id: 'fl', type: 'flatten' },
      { id: 'out', type: 'dense', params: { units: 3 } },
    ],
    edges: [
      { from: 'img', to: 'c1' },
      { from: 'c1', to: 'p1' },
      { from: 'p1', to: 'fl' },
      { from: 'fl', to: 'out' },
    ],
  };
}

/** A fresh base model after `change`. */
export function mutate(change: (doc: TestDoc) => void): TestDoc {
  const doc = base();
  change(doc);
  return doc;
}

export function node(doc: TestDoc, id: string): TestNode {
  const found = doc.nodes.find((n) => n.id === id);
  if (!found) throw new Error(`test bug: no node ${id} in the base model`);
  return found;
}

/** A tensor as a document stores it: data as plain numbers or as float32Base64 gives it. */
export interface TensorJSON {
  shape: number[];
  data: string | number[];
}

/** Base64 of little-endian float32 values, as the contract stores tensor data. */
export function float32Base64(values: ArrayLike<number>): string {
  const bytes = new Uint8Array(values.length * 4);
  const view = new DataView(bytes.buffer);
  Array.from(values).forEach((x, i) => view.setFloat32(i * 4, x, true));
  return Buffer.from(bytes).toString('base64');
}

/** A tensor's values, whichever of the two encodings its document uses. */
export function tensorValues(tensor: TensorJSON): Float32Array {
  if (Array.isArray(tensor.data)) return Float32Array.from(tensor.data);
  const bytes = Buffer.from(tensor.data, 'base64');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return Float32Array.from({ length: bytes.length / 4 }, (_, i) => view.getFloat32(i * 4, true));
}
