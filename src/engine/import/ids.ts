// Node ids from an outside model's names. PyTorch names an ONNX node after the module that made
// it ("/layer1/layer1.0/conv1/Conv" is module layer1.0.conv1), our own export after the node id
// ("c1", "c1/relu"), Keras after the layer ("conv2d_1"). Ids are 1–64 characters of A–Z a–z 0–9 _ -.

/** The dotted module path of a PyTorch scope name, or null when the name is not one. */
export function modulePath(name: string): string | null {
  if (!name.startsWith('/')) return null;
  const segments = name.slice(1).split('/');
  segments.pop(); // the operator, e.g. "Conv" or "Relu_1"
  let path: string[] = [];
  for (const segment of segments) {
    // Scopes repeat their parent's name: /layer1/layer1.0 is layer1.0, not layer1.layer1.0.
    const parent = path[path.length - 1];
    if (parent !== undefined && segment.startsWith(`${parent}.`))
      path = [...path.slice(0, -1), segment];
    else path.push(segment);
  }
  return path.join('.') || null;
}

export function sanitizeId(text: string): string {
  const id = text
    .replace(/[^A-Za-z0-9_-]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return id || 'node';
}

/** An id for a node named `name` (ONNX node name or output) made by operator `op`. */
export function idFromName(name: string, op: string): string {
  const path = modulePath(name);
  if (path !== null) return sanitizeId(path);
  if (name.startsWith('/')) return sanitizeId(op.toLowerCase()); // a top-level op, e.g. "/Flatten"
  // Our own export names helper operators "<id>/<role>".
  return sanitizeId(name.split('/')[0] || op.toLowerCase());
}

/** Hands out unique ids: a taken one gets _2, _3… (trimmed so it stays within 64 characters). */
export class IdPool {
  private taken = new Set<string>();

  claim(wanted: string): string {
    let id = wanted;
    for (let n = 2; this.taken.has(id); n++) {
      const suffix = `_${n}`;
      id = `${wanted.slice(0, 64 - suffix.length)}${suffix}`;
    }
    this.taken.add(id);
    return id;
  }
}
