// Work split between threads: part `part` of `parts` takes a contiguous range. Every split in
// these kernels is free of reductions (each output is written by one part, in the order one
// thread would write it), so any number of parts gives the same bits as one.

/** The first index of part `part` when `count` items are split into `parts` ranges. */
// @ts-ignore: decorator
@inline
export function partStart(count: i32, part: i32, parts: i32): i32 {
  return <i32>((<i64>count * part) / parts);
}
