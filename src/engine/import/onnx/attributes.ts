import { toNumber, type AttributeProto, type NodeProto } from './proto';

// A node's attributes by name, read with the defaults the ONNX operator specification gives.

export interface Attributes {
  has(name: string): boolean;
  int(name: string, fallback: number): number;
  ints(name: string, fallback: number[]): number[];
  float(name: string, fallback: number): number;
  string(name: string, fallback: string): string;
  attribute(name: string): AttributeProto | undefined;
}

export function attributesOf(node: NodeProto): Attributes {
  const byName = new Map((node.attribute ?? []).map((a) => [a.name ?? '', a]));
  return {
    has: (name) => byName.has(name),
    int: (name, fallback) => (byName.has(name) ? toNumber(byName.get(name)!.i) : fallback),
    ints: (name, fallback) =>
      byName.has(name) ? (byName.get(name)!.ints ?? []).map(toNumber) : fallback,
    float: (name, fallback) => (byName.has(name) ? (byName.get(name)!.f ?? 0) : fallback),
    string: (name, fallback) => {
      const s = byName.get(name)?.s;
      return s ? new TextDecoder().decode(s) : fallback;
    },
    attribute: (name) => byName.get(name),
  };
}
