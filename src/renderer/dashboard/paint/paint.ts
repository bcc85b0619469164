// Pixels for kernels, feature maps and images: whole grids written into one ImageData on one
// canvas, each value a square of pixels, with thin gaps between tiles. Never a DOM element per pixel.
// Signed weights use a diverging blue–white–red scale around 0; activations and images use grey
// ink on white, darker for larger values. Both are lookup tables, built once.

export type Rgb = readonly [number, number, number];

const WHITE: Rgb = [255, 255, 255];
const BLUE: Rgb = [33, 102, 172];
const RED: Rgb = [178, 24, 43];
const INK: Rgb = [27, 31, 36];

/** Steps of a colour table: odd, so the middle entry is exactly the diverging scale's white. */
const STEPS = 255;
const MIDDLE = (STEPS - 1) / 2;

/** STEPS colours from `from` to `to`, as RGB triples. */
function table(stops: (t: number) => Rgb): Uint8ClampedArray {
  const out = new Uint8ClampedArray(STEPS * 3);
  for (let i = 0; i < STEPS; i++) out.set(stops(i / (STEPS - 1)), i * 3);
  return out;
}

const mix = (a: Rgb, b: Rgb, t: number): Rgb => [
  a[0] + (b[0] - a[0]) * t,
  a[1] + (b[1] - a[1]) * t,
  a[2] + (b[2] - a[2]) * t,
];

const DIVERGING = table((t) =>
  t < 0.5 ? mix(WHITE, BLUE, 1 - 2 * t) : mix(WHITE, RED, 2 * t - 1),
);
const INK_TABLE = table((t) => mix(WHITE, INK, t));

/**
 * How values become colours: an entry of a precomputed table (so painting a grid allocates
 * nothing per pixel), or `blank` for NaN (padding, cells not computed yet).
 */
export interface Scale {
  /** The table entry for a value; -1 for blank. */
  level(value: number): number;
  table: Uint8ClampedArray;
  blank: Rgb;
}

const PAPER: Rgb = [236, 238, 241];

/** Blue for negative, white for 0, red for positive; ±limit and beyond are the full colours. */
export function divergingScale(limit: number): Scale {
  return {
    table: DIVERGING,
    blank: PAPER,
    level: (v) => {
      if (Number.isNaN(v)) return -1;
      const t = limit > 0 ? Math.max(-1, Math.min(1, v / limit)) : 0;
      return Math.round(MIDDLE + t * MIDDLE);
    },
  };
}

/** White at `min`, dark ink at `max`. */
export function inkScale(min: number, max: number): Scale {
  return {
    table: INK_TABLE,
    blank: PAPER,
    level: (v) => {
      if (Number.isNaN(v)) return -1;
      const t = max > min ? Math.max(0, Math.min(1, (v - min) / (max - min))) : 0;
      return Math.round(t * (STEPS - 1));
    },
  };
}

/** One value's colour on a scale. */
export function colourOf(scale: Scale, value: number): Rgb {
  const i = scale.level(value);
  if (i < 0) return scale.blank;
  return [scale.table[i * 3], scale.table[i * 3 + 1], scale.table[i * 3 + 2]];
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

/**
 * How `count` tiles of `height`×`width` values are laid out: `cols` across, each value a square of
 * `cell` canvas pixels (1 unless given), `gap` canvas pixels between tiles.
 */
export interface Grid {
  count: number;
  height: number;
  width: number;
  cols: number;
  gap: number;
  cell?: number;
}

const tileWidth = (g: Grid) => g.width * (g.cell ?? 1);
const tileHeight = (g: Grid) => g.height * (g.cell ?? 1);

export function gridSize(grid: Grid): { width: number; height: number } {
  const rows = Math.ceil(grid.count / grid.cols);
  return {
    width: grid.cols * (tileWidth(grid) + grid.gap) - grid.gap,
    height: rows * (tileHeight(grid) + grid.gap) - grid.gap,
  };
}

/** Where tile `index` starts in the grid's pixels. */
function tileOrigin(grid: Grid, index: number): { x: number; y: number } {
  return {
    x: (index % grid.cols) * (tileWidth(grid) + grid.gap),
    y: Math.floor(index / grid.cols) * (tileHeight(grid) + grid.gap),
  };
}

/** The tile and the value's row and column under a pixel of the grid; null in a gap. */
export function tileAt(
  grid: Grid,
  x: number,
  y: number,
): { index: number; row: number; col: number } | null {
  const cell = grid.cell ?? 1;
  const col = Math.floor(x / (tileWidth(grid) + grid.gap));
  const row = Math.floor(y / (tileHeight(grid) + grid.gap));
  const inX = x - col * (tileWidth(grid) + grid.gap);
  const inY = y - row * (tileHeight(grid) + grid.gap);
  const index = row * grid.cols + col;
  if (col < 0 || col >= grid.cols || inX >= tileWidth(grid) || inY >= tileHeight(grid)) return null;
  if (index < 0 || index >= grid.count) return null;
  return { index, row: Math.floor(inY / cell), col: Math.floor(inX / cell) };
}

/**
 * Writes tiles of values (tile after tile, row by row, as NCHW arrays are laid out) into RGBA
 * pixels; gaps stay transparent.
 */
export function paintGrid(
  data: ArrayLike<number>,
  grid: Grid,
  scale: Scale,
): { width: number; height: number; pixels: Uint8ClampedArray<ArrayBuffer> } {
  const { width, height } = gridSize(grid);
  const pixels = new Uint8ClampedArray(width * height * 4);
  const cell = grid.cell ?? 1;
  const tile = grid.height * grid.width;
  const { table, blank } = scale;
  for (let t = 0; t < grid.count; t++) {
    const origin = tileOrigin(grid, t);
    for (let r = 0; r < grid.height; r++) {
      for (let c = 0; c < grid.width; c++) {
        const level = scale.level(data[t * tile + r * grid.width + c]);
        const red = level < 0 ? blank[0] : table[level * 3];
        const green = level < 0 ? blank[1] : table[level * 3 + 1];
        const blue = level < 0 ? blank[2] : table[level * 3 + 2];
        // The value's cell×cell square.
        for (let dy = 0; dy < cell; dy++) {
          let p = ((origin.y + r * cell + dy) * width + origin.x + c * cell) * 4;
          for (let dx = 0; dx < cell; dx++, p += 4) {
            pixels[p] = red;
            pixels[p + 1] = green;
            pixels[p + 2] = blue;
            pixels[p + 3] = 255;
          }
        }
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
  scale: Scale,
): void {
  const painted = paintGrid(data, grid, scale);
  if (canvas.width !== painted.width) canvas.width = painted.width;
  if (canvas.height !== painted.height) canvas.height = painted.height;
  const context = canvas.getContext('2d');
  if (!context) return;
  context.clearRect(0, 0, painted.width, painted.height);
  context.putImageData(new ImageData(painted.pixels, painted.width, painted.height), 0, 0);
}

const GREY_LEVELS = inkScale(0, 255);

/** Grey levels 0..255 (a dataset image, a drawing) as ink on white. */
export function drawImage(
  canvas: HTMLCanvasElement,
  pixels: ArrayLike<number>,
  height: number,
  width: number,
): void {
  drawGrid(canvas, pixels, { count: 1, height, width, cols: 1, gap: 0 }, GREY_LEVELS);
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
