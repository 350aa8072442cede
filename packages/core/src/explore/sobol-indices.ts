/**
 * First-order and total Sobol sensitivity indices from a Saltelli design, with bootstrap percentile intervals.
 * @packageDocumentation
 */
import type { Rng } from "../random.js";
import type { SaltelliDesign } from "./samplers.js";

/** A point estimate with a confidence interval. */
export interface Interval {
  /** The estimate from all base rows. */
  estimate: number;
  /** Lower bound of the bootstrap percentile interval. */
  low: number;
  /** Upper bound of the bootstrap percentile interval. */
  high: number;
}

/** Options for {@link sobolIndices}. */
export interface SobolIndicesOptions {
  /** Number of bootstrap resamples of the base rows; default 1,000. */
  bootstrap?: number;
  /** Confidence level of the intervals, in (0, 1); default 0.95. */
  confidence?: number;
  /** Generator for the bootstrap resampling. */
  rng: Rng;
}

/** First-order and total Sobol indices per factor (index = factor). */
export interface SobolIndices {
  /** First-order indices S_i (Saltelli et al. 2010 estimator). */
  first: Interval[];
  /** Total-effect indices S_Ti (Jansen 1999 estimator). */
  total: Interval[];
}

/** Linear-interpolation quantile (type 7) of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/** Estimates of S_i and S_Ti from the base rows listed in `rows` (indices may repeat). */
function estimate(
  outputs: ArrayLike<number>,
  dims: number,
  rows: ArrayLike<number>,
  first: Float64Array,
  total: Float64Array,
): void {
  const stride = dims + 2;
  const n = rows.length;
  let sum = 0;
  for (let k = 0; k < n; k++) {
    const base = rows[k]! * stride;
    sum += outputs[base]! + outputs[base + dims + 1]!;
  }
  const mean = sum / (2 * n);
  let squares = 0;
  for (let k = 0; k < n; k++) {
    const base = rows[k]! * stride;
    squares += (outputs[base]! - mean) ** 2 + (outputs[base + dims + 1]! - mean) ** 2;
  }
  const variance = squares / (2 * n);
  for (let i = 0; i < dims; i++) {
    let firstSum = 0;
    let totalSum = 0;
    for (let k = 0; k < n; k++) {
      const base = rows[k]! * stride;
      const fa = outputs[base]!;
      const fab = outputs[base + 1 + i]!;
      const fb = outputs[base + dims + 1]!;
      firstSum += fb * (fab - fa);
      totalSum += (fa - fab) ** 2;
    }
    first[i] = firstSum / n / variance;
    total[i] = totalSum / (2 * n) / variance;
  }
}

/**
 * Sobol indices from outputs on a {@link SaltelliDesign} (`outputs[k]` at `design.points[k]`): first-order
 * mean(f(B)·(f(AB_i) − f(A))) / V and total mean((f(A) − f(AB_i))²) / 2V, V the variance of all A and B outputs,
 * with percentile intervals from resampling the base rows with replacement.
 */
export function sobolIndices(design: SaltelliDesign, outputs: ArrayLike<number>, options: SobolIndicesOptions): SobolIndices {
  const { n, dims } = design;
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (outputs.length !== n * (dims + 2)) {
    throw new RangeError(`sobolIndices: expected ${n * (dims + 2)} outputs (n · (dims + 2)), got ${outputs.length}`);
  }
  if (!Number.isInteger(resamples) || resamples < 1) {
    throw new RangeError(`sobolIndices: bootstrap must be an integer >= 1, got ${resamples}`);
  }
  if (!(confidence > 0 && confidence < 1)) {
    throw new RangeError(`sobolIndices: confidence must be in (0, 1), got ${confidence}`);
  }
  const first = new Float64Array(dims);
  const total = new Float64Array(dims);
  const all = new Int32Array(n);
  for (let j = 0; j < n; j++) all[j] = j;
  estimate(outputs, dims, all, first, total);

  const firstDraws: Float64Array[] = [];
  const totalDraws: Float64Array[] = [];
  for (let i = 0; i < dims; i++) {
    firstDraws.push(new Float64Array(resamples));
    totalDraws.push(new Float64Array(resamples));
  }
  const rows = new Int32Array(n);
  const bootFirst = new Float64Array(dims);
  const bootTotal = new Float64Array(dims);
  for (let b = 0; b < resamples; b++) {
    for (let j = 0; j < n; j++) rows[j] = options.rng.int(0, n - 1);
    estimate(outputs, dims, rows, bootFirst, bootTotal);
    for (let i = 0; i < dims; i++) {
      firstDraws[i]![b] = bootFirst[i]!;
      totalDraws[i]![b] = bootTotal[i]!;
    }
  }
  const tail = (1 - confidence) / 2;
  const interval = (point: number, draws: Float64Array): Interval => {
    draws.sort();
    return { estimate: point, low: quantileSorted(draws, tail), high: quantileSorted(draws, 1 - tail) };
  };
  return {
    first: Array.from(first, (point, i) => interval(point, firstDraws[i]!)),
    total: Array.from(total, (point, i) => interval(point, totalDraws[i]!)),
  };
}
