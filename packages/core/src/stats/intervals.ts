/**
 * Streaming moments and the intervals a batch summary reports: mean with a t interval, Wilson intervals
 * for proportions.
 * @packageDocumentation
 */

/** Running count, mean and sum of squared deviations (Welford); add values one at a time. */
export interface Moments {
  /** Values added. */
  n: number;
  /** Running mean. */
  mean: number;
  /** Sum of squared deviations from the mean. */
  m2: number;
}

/** A fresh {@link Moments}. */
export function createMoments(): Moments {
  return { n: 0, mean: 0, m2: 0 };
}

/** Adds a value to running moments (Welford's update: stable for long runs). */
export function addValue(m: Moments, x: number): void {
  m.n++;
  const d = x - m.mean;
  m.mean += d / m.n;
  m.m2 += d * (x - m.mean);
}

/** Sample variance (n − 1 denominator); NaN below two values. */
export function variance(m: Moments): number {
  return m.n > 1 ? m.m2 / (m.n - 1) : Number.NaN;
}

const Z975 = 1.959963984540054;

// 97.5% quantiles of Student's t for df 1–30 (standard tables, six decimals).
const T975 = [
  12.706205, 4.302653, 3.182446, 2.776445, 2.570582, 2.446912, 2.364624, 2.306004, 2.262157, 2.228139,
  2.200985, 2.178813, 2.160369, 2.144787, 2.13145, 2.119905, 2.109816, 2.100922, 2.093024, 2.085963,
  2.079614, 2.073873, 2.068658, 2.063899, 2.059539, 2.055529, 2.051831, 2.048407, 2.04523, 2.042272,
];

/**
 * The 97.5% quantile of Student's t with `df` degrees of freedom.
 * @remarks From standard tables for df ≤ 30; beyond, a fourth-order Cornish–Fisher expansion about the
 * normal quantile (error below 1e-6 there).
 */
export function tQuantile975(df: number): number {
  if (!(df >= 1)) return Number.NaN;
  const tabled = T975[Math.floor(df) - 1];
  if (Number.isInteger(df) && tabled !== undefined) return tabled;
  const z = Z975;
  const z3 = z ** 3;
  const z5 = z ** 5;
  const z7 = z ** 7;
  const z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}

/** The 95% confidence interval of the mean (t distribution); NaN ends below two values. */
export function meanInterval(m: Moments): { low: number; high: number } {
  if (m.n < 2) return { low: Number.NaN, high: Number.NaN };
  const half = tQuantile975(m.n - 1) * Math.sqrt(variance(m) / m.n);
  return { low: m.mean - half, high: m.mean + half };
}

/**
 * The 95% Wilson score interval of a proportion `successes / n`.
 * @example
 * ```ts
 * wilsonInterval(3, 10); // { low: 0.1078, high: 0.6032 } (to 4 places)
 * ```
 */
export function wilsonInterval(successes: number, n: number): { low: number; high: number } {
  if (n <= 0) return { low: Number.NaN, high: Number.NaN };
  const p = successes / n;
  const z2 = Z975 * Z975;
  const denom = 1 + z2 / n;
  const centre = (p + z2 / (2 * n)) / denom;
  const half = (Z975 / denom) * Math.sqrt((p * (1 - p)) / n + z2 / (4 * n * n));
  return { low: Math.max(0, centre - half), high: Math.min(1, centre + half) };
}
