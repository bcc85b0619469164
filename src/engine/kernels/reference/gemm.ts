import type { Gemm } from '../types';

// Every product is added, zeros included: skipping a zero would drop 0·∞ = NaN, and the oracle
// must propagate what the fast kernels propagate.

export const gemmNN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
  for (let i = 0; i < m; i++) {
    const ci = cOff + i * n;
    if (!accumulate) c.fill(0, ci, ci + n);
    for (let p = 0; p < k; p++) {
      const aip = a[aOff + i * k + p];
      const bp = bOff + p * n;
      for (let j = 0; j < n; j++) c[ci + j] += aip * b[bp + j];
    }
  }
};

export const gemmTN: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
  if (!accumulate) c.fill(0, cOff, cOff + m * n);
  for (let p = 0; p < k; p++) {
    const ap = aOff + p * m;
    const bp = bOff + p * n;
    for (let i = 0; i < m; i++) {
      const api = a[ap + i];
      const ci = cOff + i * n;
      for (let j = 0; j < n; j++) c[ci + j] += api * b[bp + j];
    }
  }
};

export const gemmNT: Gemm = (m, n, k, a, aOff, b, bOff, c, cOff, accumulate) => {
  for (let i = 0; i < m; i++) {
    const ai = aOff + i * k;
    for (let j = 0; j < n; j++) {
      const bj = bOff + j * k;
      let sum = 0;
      for (let p = 0; p < k; p++) sum += a[ai + p] * b[bj + p];
      const ci = cOff + i * n + j;
      c[ci] = accumulate ? c[ci] + sum : sum;
    }
  }
};
