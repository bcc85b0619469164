// Dragging a layer type from the palette onto the canvas (HTML drag and drop).

export const LAYER_MIME = 'application/x-cnn-studio-layer';
