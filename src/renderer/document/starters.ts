// The settings a layer starts with when it is added from the palette: the required ones filled in
// (the registry has no defaults for them) plus the choices most small CNNs make.

import type { NodeDoc } from '../../engine';

const starting: Record<string, Record<string, unknown>> = {
  input: { channels: 1, height: 28, width: 28 },
  conv2d: { filters: 16, kernelSize: 3, padding: 'same', activation: 'relu' },
  dense: { units: 64, activation: 'relu' },
};

export function starterNode(id: string, type: string, position?: NodeDoc['position']): NodeDoc {
  const params = starting[type];
  return {
    id,
    type,
    ...(params ? { params: { ...params } } : {}),
    ...(position ? { position } : {}),
  };
}
