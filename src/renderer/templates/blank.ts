// A new model: one 28×28 grey-scale input, ready for its first layer.

import type { ModelDocument } from '../../engine';

export const blank: ModelDocument = {
  format: 'cnn-studio/model',
  version: 1,
  name: 'Untitled',
  nodes: [
    {
      id: 'input',
      type: 'input',
      params: { channels: 1, height: 28, width: 28 },
      position: { x: 0, y: 0 },
    },
  ],
  edges: [],
};
