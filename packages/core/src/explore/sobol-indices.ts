/**
 * First-order and total Sobol sensitivity indices from a Saltelli design, with bootstrap percentile intervals.
 * @packageDocumentation
 */
import type { Rng } from "../random.js";
import { saltelliTies, type SaltelliDesign, type SamplingWarning } from "./samplers.js";

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
  /** Names of the factors, for the warnings (default x1, x2, …). */
  names?: readonly string[];
}

/** First-order and total Sobol indices per factor (index = factor). */
export interface SobolIndices {
  /** First-order indices S_i (Saltelli et al. 2010 estimator). */
  first: Interval[];
  /** Total-effect indices S_Ti (Jansen 1999 estimator). */
  total: Interval[];
  /** Why the indices should not be read as they stand (empty when nothing is wrong); see {@link sobolWarnings}. */
  warnings: SamplingWarning[];
}

/** Widest 95% interval (high − low) an index may have before the indices count as unresolved. */
export const MAX_INTERVAL_WIDTH = 0.2;

/** The smallest power of two at or above x. */
function powerOfTwoAbove(x: number): number {
  return 2 ** Math.ceil(Math.log2(Math.max(1, x)));
}

/**
 * What is wrong with a Saltelli design and the indices estimated on it, each with its reason: a factor A and B
 * never vary (`not-varied`), a Sobol design whose n is not a power of two (`not-power-of-two`), and intervals
 * wider than {@link MAX_INTERVAL_WIDTH} (`unresolved`, with the n that would bring them within it: widths
 * shrink as 1/√n). `names` labels the factors (default x1, x2, …); `ties` counts, per factor, the base rows
 * where A and B agree (default: counted on the design's own points).
 */
export function sobolWarnings(design: SaltelliDesign, indices: Pick<SobolIndices, "first" | "total">, names?: readonly string[], ties: readonly number[] = saltelliTies(design)): SamplingWarning[] {
  const { n, dims } = design;
  const name = (i: number): string => names?.[i] ?? `x${i + 1}`;
  const out: SamplingWarning[] = [];
  const never = ties.flatMap((t, i) => (t === n ? [name(i)] : []));
  if (never.length > 0) {
    out.push({
      kind: "not-varied",
      message: `${never.join(", ")}: A and B give ${never.length === 1 ? "it" : "each"} the same value in all ${n} base rows, so ${never.length === 1 ? "its indices are" : "their indices are"} 0 by construction, not by the model (use a scrambled Sobol design, a larger n, or a parameter that takes more values)`,
    });
  }
  if (design.source !== "random" && n !== powerOfTwoAbove(n)) {
    out.push({ kind: "not-power-of-two", message: `n = ${n} base rows is not a power of two: a Sobol sequence is balanced only in blocks of 2^k points (use ${powerOfTwoAbove(n) / 2} or ${powerOfTwoAbove(n)})` });
  }
  let widest = 0;
  let where = "";
  let broken = "";
  for (let i = 0; i < dims; i++) {
    for (const [label, interval] of [["S1", indices.first[i]!], ["ST", indices.total[i]!]] as const) {
      const width = interval.high - interval.low;
      if (!Number.isFinite(width)) broken ||= `${label} of ${name(i)}`;
      else if (width > widest) {
        widest = width;
        where = `${label} of ${name(i)}`;
      }
    }
  }
  const size = `n = ${n} base rows`;
  if (broken !== "") {
    out.push({ kind: "unresolved", message: `the 95% interval of ${broken} is not a number: the outputs do not vary, or some are missing (${size}, ${dims} factor${dims === 1 ? "" : "s"})` });
  } else if (widest > MAX_INTERVAL_WIDTH) {
    const needed = powerOfTwoAbove(n * (widest / MAX_INTERVAL_WIDTH) ** 2);
    out.push({
      kind: "unresolved",
      message: `${size} is too small for ${dims} factor${dims === 1 ? "" : "s"}: the widest 95% interval (${where}) spans ${widest.toFixed(2)}, more than ${MAX_INTERVAL_WIDTH}, so indices that differ by less cannot be told apart; intervals narrow as 1/√n, so about n = ${needed} would bring every interval within ${MAX_INTERVAL_WIDTH}`,
    });
  }
  return out;
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
  const result = {
    first: Array.from(first, (point, i) => interval(point, firstDraws[i]!)),
    total: Array.from(total, (point, i) => interval(point, totalDraws[i]!)),
  };
  return { ...result, warnings: sobolWarnings(design, result, options.names) };
}
