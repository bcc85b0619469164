// The canvas geometry the document's positions are measured in: a node card's size and the room
// between cards, shared by the edits that place nodes and by the auto-layout. Models run top to
// bottom: a layer's output leaves from its card's bottom edge and the next card is below it.

export interface Position {
  x: number;
  y: number;
}

export interface Size {
  width: number;
  height: number;
}

/** A node card's width in CSS pixels (LayerNode.svelte uses the same variable). */
export const NODE_WIDTH = 240;
/** A card's height: title and shape, settings, costs (problems open beside it, not below). */
export const NODE_HEIGHT = 64;
/** Room between two rows of cards, for the shape label under each card. */
export const ROW_GAP = 40;
/** Room between cards side by side (branches), and for a skip connection's path between them. */
export const COLUMN_GAP = 40;
/** From one row of nodes to the next. */
export const ROW_STEP = NODE_HEIGHT + ROW_GAP;
/** From a layer to the one it feeds, in a chain as the auto-layout draws it. */
export const CHAIN_STEP: Position = { x: 0, y: ROW_STEP };
