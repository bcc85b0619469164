// Short contiguous runs (a row of an image, tens of floats): inline vector loops, because
// memory.fill and memory.copy are calls into the engine that cost more than such a run.

// @ts-ignore: decorator
@inline
export function zeroRun(dst: usize, n: i32): void {
  const zero = f32x4.splat(0);
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>i * 4, zero);
  for (; i < n; i++) store<f32>(dst + <usize>i * 4, 0);
}

// @ts-ignore: decorator
@inline
export function copyRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) v128.store(dst + <usize>i * 4, v128.load(src + <usize>i * 4));
  for (; i < n; i++) store<f32>(dst + <usize>i * 4, load<f32>(src + <usize>i * 4));
}

/** dst[0, n) += src[0, n). */
// @ts-ignore: decorator
@inline
export function addRun(dst: usize, src: usize, n: i32): void {
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    const at = dst + <usize>i * 4;
    v128.store(at, f32x4.add(v128.load(at), v128.load(src + <usize>i * 4)));
  }
  for (; i < n; i++) {
    const at = dst + <usize>i * 4;
    store<f32>(at, load<f32>(at) + load<f32>(src + <usize>i * 4));
  }
}
