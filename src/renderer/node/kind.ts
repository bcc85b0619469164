// A layer's kind (its registry group) as a colour: the bar a card shrinks to at low zoom, and the
// stripe on the card's edge that teaches which colour is which. The colours are theme tokens in
// app.css, one per group.

import { layerDef, type LayerGroup } from '../../engine';

const TOKENS: Record<LayerGroup, string> = {
  Input: '--kind-input',
  Convolution: '--kind-convolution',
  Pooling: '--kind-pooling',
  Dense: '--kind-dense',
  Activation: '--kind-activation',
  Regularisation: '--kind-regularisation',
  Merge: '--kind-merge',
};

/** The CSS colour of a layer type's kind; a type the registry does not know is grey. */
export function kindColour(type: string): string {
  const group = layerDef(type)?.group;
  return group ? `var(${TOKENS[group]})` : 'var(--handle)';
}
