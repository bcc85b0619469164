import type { WasmMemory } from './host';

// One network's WebAssembly memory, handed out by a bump allocator that never frees: a network
// allocates its buffers once per shape, and the whole memory goes when the network and every view
// of it are gone. The memory is shared, so growing it never detaches the views already given out
// (a plain memory's buffer would be detached on every grow).

const PAGE = 65536;
const ALIGN = 64; // a cache line, which also keeps every v128 access aligned

export class Arena {
  private top: number;
  private pages: number;
  /** Every buffer object the memory has had: views made before a grow keep the older ones. */
  private readonly buffers: ArrayBufferLike[];
  private heapF32: Float32Array;
  private heapI32: Int32Array;

  constructor(
    readonly memory: WasmMemory,
    heapBase: number,
    readonly maxPages: number,
  ) {
    this.top = align(heapBase);
    this.buffers = [memory.buffer];
    this.pages = memory.buffer.byteLength / PAGE;
    this.heapF32 = new Float32Array(memory.buffer);
    this.heapI32 = new Int32Array(memory.buffer);
  }

  /** The whole memory as float32, current after every grow. */
  get f32(): Float32Array {
    return this.heapF32;
  }

  get i32(): Int32Array {
    return this.heapI32;
  }

  /** Address of `bytes` fresh (zeroed) bytes. */
  alloc(bytes: number): number {
    const start = this.top;
    const end = align(start + bytes);
    const needed = Math.ceil(end / PAGE);
    if (needed > this.pages) {
      if (needed > this.maxPages) {
        throw new RangeError(
          `the WebAssembly kernels' memory is limited to ${(this.maxPages * PAGE) / 2 ** 30} GiB; ${bytes} more bytes do not fit`,
        );
      }
      // Grow at least by half again, so a network's many allocations grow the memory a few times.
      const pages = Math.min(this.maxPages, Math.max(needed, Math.ceil(this.pages * 1.5)));
      this.memory.grow(pages - this.pages);
      this.pages = pages;
      this.buffers.push(this.memory.buffer);
      this.heapF32 = new Float32Array(this.memory.buffer);
      this.heapI32 = new Int32Array(this.memory.buffer);
    }
    this.top = end;
    return start;
  }

  float32(length: number): Float32Array {
    const at = this.alloc(length * 4); // first: it may grow the memory and so replace its buffer
    return new Float32Array(this.memory.buffer, at, length);
  }

  int32(length: number): Int32Array {
    const at = this.alloc(length * 4);
    return new Int32Array(this.memory.buffer, at, length);
  }

  float64(length: number): Float64Array {
    const at = this.alloc(length * 8);
    return new Float64Array(this.memory.buffer, at, length);
  }

  /** Whether a view lies in this memory, so the kernels can use it in place. */
  owns(view: ArrayBufferView): boolean {
    const buffer = view.buffer;
    for (let i = this.buffers.length - 1; i >= 0; i--) if (this.buffers[i] === buffer) return true;
    return false;
  }
}

function align(n: number): number {
  return Math.ceil(n / ALIGN) * ALIGN;
}
