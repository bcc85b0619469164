// Pixels for kernels, feature maps and images: whole grids written into one ImageData and shown
// on one canvas, scaled up by CSS with `image-rendering: pixelated`. Never a DOM element per pixel.
// Signed weights use a diverging blue–white–red scale around 0; activations and images use grey
// ink on white, darker for larger values.

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const BLUE: Rgb = [33, 102, 172];
const RED: Rgb = [178, 24, 43];
const INK: Rgb = [27, 31, 36];

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

/** Blue for negative, white for 0, red for positive; ±limit and beyond are the full colours. */
export function diverging(value: number, limit: number): Rgb {
  const t = limit > 0 ? Math.max(-1, Math.min(1, value / limit)) : 0;
  return t < 0 ? mix(WHITE, BLUE, -t) : mix(WHITE, RED, t);
}

/** White at `min`, dark ink at `max`. */
export function ink(value: number, min: number, max: number): Rgb {
  const t = max > min ? Math.max(0, Math.min(1, (value - min) / (max - min))) : 0;
  return mix(WHITE, INK, t);
}

export interface Range {
  min: number;
  max: number;
}

export function rangeOf(data: ArrayLike<number>): Range {
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < data.length; i++) {
    const x = data[i];
    if (x < min) min = x;
    if (x > max) max = x;
  }
  return data.length === 0 ? { min: 0, max: 0 } : { min, max };
}

/** The largest absolute value: the limit of a symmetric diverging scale. */
export function absMax(data: ArrayLike<number>): number {
  let limit = 0;
  for (let i = 0; i < data.length; i++) limit = Math.max(limit, Math.abs(data[i]));
  return limit;
}

/** How `count` tiles of `height`×`width` values are laid out: `cols` across, a gap between. */
export interface Grid {
  count: number;
  height: number;
  width: number;
  cols: number;
  gap: number;
}

export function gridSize(grid: Grid): { width: number; height: number } {
  const rows = Math.ceil(grid.count / grid.cols);
  return {
    width: grid.cols * (grid.width + grid.gap) - grid.gap,
    height: rows * (grid.height + grid.gap) - grid.gap,
  };
}

/** Where tile `index` starts in the grid's pixels. */
export function tileOrigin(grid: Grid, index: number): { x: number; y: number } {
  return {
    x: (index % grid.cols) * (grid.width + grid.gap),
    y: Math.floor(index / grid.cols) * (grid.height + grid.gap),
  };
}

/** The tile and the value's row and column under a pixel of the grid; null in a gap. */
export function tileAt(
  grid: Grid,
  x: number,
  y: number,
): { index: number; row: number; col: number } | null {
  const col = Math.floor(x / (grid.width + grid.gap));
  const row = Math.floor(y / (grid.height + grid.gap));
  const inX = x - col * (grid.width + grid.gap);
  const inY = y - row * (grid.height + grid.gap);
  const index = row * grid.cols + col;
  if (col < 0 || col >= grid.cols || inX >= grid.width || inY >= grid.height) return null;
  if (index < 0 || index >= grid.count) return null;
  return { index, row: Math.floor(inY), col: Math.floor(inX) };
}

/**
 * Writes tiles of values (tile after tile, row by row, as NCHW arrays are laid out) into RGBA
 * pixels; gaps stay transparent.
 */
export function paintGrid(
  data: ArrayLike<number>,
  grid: Grid,
  colour: (value: number) => Rgb,
): { width: number; height: number; pixels: Uint8ClampedArray<ArrayBuffer> } {
  const { width, height } = gridSize(grid);
  const pixels = new Uint8ClampedArray(width * height * 4);
  const tile = grid.height * grid.width;
  for (let t = 0; t < grid.count; t++) {
    const origin = tileOrigin(grid, t);
    for (let r = 0; r < grid.height; r++) {
      for (let c = 0; c < grid.width; c++) {
        const [red, green, blue] = colour(data[t * tile + r * grid.width + c]);
        const p = ((origin.y + r) * width + origin.x + c) * 4;
        pixels[p] = red;
        pixels[p + 1] = green;
        pixels[p + 2] = blue;
        pixels[p + 3] = 255;
      }
    }
  }
  return { width, height, pixels };
}

/** Sizes the canvas to the grid and puts the pixels on it. */
export function drawGrid(
  canvas: HTMLCanvasElement,
  data: ArrayLike<number>,
  grid: Grid,
  colour: (value: number) => Rgb,
): void {
  const painted = paintGrid(data, grid, colour);
  if (canvas.width !== painted.width) canvas.width = painted.width;
  if (canvas.height !== painted.height) canvas.height = painted.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, painted.width, painted.height);
  context.putImageData(new ImageData(painted.pixels, painted.width, painted.height), 0, 0);
}

/** Grey levels 0..255 (a dataset image, a drawing) as ink on white. */
export function drawImage(
  canvas: HTMLCanvasElement,
  pixels: ArrayLike<number>,
  height: number,
  width: number,
): void {
  drawGrid(canvas, pixels, { count: 1, height, width, cols: 1, gap: 0 }, (v) => ink(v, 0, 255));
}

/** The canvas scaled up by a whole factor with hard pixel edges, as PNG bytes (for export). */
export async function canvasPng(canvas: HTMLCanvasElement, scale: number): Promise<Uint8Array> {
  const out = document.createElement('canvas');
  out.width = canvas.width * scale;
  out.height = canvas.height * scale;
  const context = out.getContext('2d');
  if (!context) throw new Error('this browser gives no 2D canvas');
  context.imageSmoothingEnabled = false;
  context.drawImage(canvas, 0, 0, out.width, out.height);
  return pngBytes(out);
}

/** What the canvas shows, as PNG bytes. */
export async function pngBytes(canvas: HTMLCanvasElement): Promise<Uint8Array> {
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
  if (!blob) throw new Error('the picture could not be encoded as PNG');
  return new Uint8Array(await blob.arrayBuffer());
}
