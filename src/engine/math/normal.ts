// The standard normal distribution's CDF Φ and density φ, for GELU (x·Φ(x), PyTorch's exact
// form), in double precision: Φ(x) = erfc(−x/√2)/2, with erfc for z ≥ 0 by the rational
// approximations of Sun's fdlibm (s_erf.c, the erf of C libraries), so both tails keep their
// relative accuracy: within a few ulps, and z² ulps in the far lower tail, where the exponent
// −z² is rounded once (fdlibm splits it in two). A few polynomials and one exp where the series
// this replaced took up to sixty divisions. assembly/normal.ts is this, step for step.

const SQRT1_2 = Math.SQRT1_2;
const ONE_OVER_SQRT_2PI = 1 / Math.sqrt(2 * Math.PI);
/** erf(1) rounded to float32, the constant of the piece on [0.84375, 1.25). */
const ERX = 8.45062911510467529297e-1;
// erf on [0, 0.84375): z + z·P(z²)/Q(z²).
const PP = [
  1.28379167095512558561e-1, -3.2504210724700149937e-1, -2.84817495755985104766e-2,
  -5.77027029648944159157e-3, -2.37630166566501626084e-5,
];
const QQ = [
  3.97917223959155352819e-1, 6.50222499887672944485e-2, 5.08130628187576562776e-3,
  1.32494738004321644526e-4, -3.9602282787753681232e-6,
];
// erf on [0.84375, 1.25): ERX + P(s)/Q(s), s = z − 1.
const PA = [
  -2.36211856075265944077e-3, 4.14856118683748331666e-1, -3.72207876035701323847e-1,
  3.18346619901161753674e-1, -1.10894694282396677476e-1, 3.54783043256182359371e-2,
  -2.166375594868790843e-3,
];
const QA = [
  1.06420880400844228286e-1, 5.40397917702171048937e-1, 7.18286544141962662868e-2,
  1.26171219808761642112e-1, 1.36370839120290507362e-2, 1.1984499846799107417e-2,
];
// erfc on [1.25, 1/0.35) and [1/0.35, 28): e^(−z² − 0.5625 + R(s)/S(s)) / z, s = 1/z².
const RA = [
  -9.86494403484714822705e-3, -6.93858572707181764372e-1, -1.05586262253232909814e1,
  -6.23753324503260060396e1, -1.62396669462573470355e2, -1.84605092906711035994e2,
  -8.12874355063065934246e1, -9.81432934416914548592,
];
const SA = [
  1.96512716674392571292e1, 1.376577541435190426e2, 4.34565877475229228821e2,
  6.45387271733267880336e2, 4.29008140027567833386e2, 1.08635005541779435134e2,
  6.57024977031928170135, -6.04244152148580987438e-2,
];
const RB = [
  -9.86494292470009928597e-3, -7.99283237680523006574e-1, -1.77579549177547519889e1,
  -1.60636384855821916062e2, -6.37566443368389627722e2, -1.02509513161107724954e3,
  -4.83519191608651397019e2,
];
const SB = [
  3.03380607434824582924e1, 3.25792512996573918826e2, 1.53672958608443695994e3,
  3.19985821950859553908e3, 2.55305040643316442583e3, 4.74528541206955367215e2,
  -2.24409524465858183362e1,
];

/** c₀ + c₁t + c₂t² + …, by Horner's rule. */
function poly(c: readonly number[], t: number): number {
  let sum = c[c.length - 1];
  for (let i = c.length - 2; i >= 0; i--) sum = c[i] + t * sum;
  return sum;
}

/** 1 + c₀t + c₁t² + …, the denominators' form. */
function poly1(c: readonly number[], t: number): number {
  return 1 + t * poly(c, t);
}

/** erfc(z) for z ≥ 0. */
function erfc(z: number): number {
  if (z < 0.84375) {
    const t = z * z;
    const y = poly(PP, t) / poly1(QQ, t);
    return z < 0.25 ? 1 - (z + z * y) : 0.5 - (z - 0.5 + z * y);
  }
  if (z < 1.25) {
    const s = z - 1;
    return 1 - ERX - poly(PA, s) / poly1(QA, s);
  }
  if (z >= 28) return 0;
  const s = 1 / (z * z);
  const rs = z < 1 / 0.35 ? poly(RA, s) / poly1(SA, s) : poly(RB, s) / poly1(SB, s);
  return Math.exp(-z * z - 0.5625 + rs) / z;
}

/** Φ(x), the probability that a standard normal value is at most x. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return x;
  const z = x * SQRT1_2;
  return z < 0 ? 0.5 * erfc(-z) : 1 - 0.5 * erfc(z);
}

/** φ(x) = e^(−x²/2) / √(2π). */
export function normalDensity(x: number): number {
  return ONE_OVER_SQRT_2PI * Math.exp(-0.5 * x * x);
}
