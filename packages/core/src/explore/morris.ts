/**
 * Morris elementary-effects screening: μ, μ* and σ per factor from outputs on a Morris design, with bootstrap
 * intervals on μ*.
 * @packageDocumentation
 */
import type { Rng } from "../random.js";
import type { MorrisDesign, SamplingWarning } from "./samplers.js";
import type { Interval } from "./sobol-indices.js";

/** Morris screening measures per factor (index = factor), in output units per unit-cube change of the factor. */
export interface MorrisIndices {
  /** Mean elementary effect (signed; effects of opposite sign can cancel). */
  mu: number[];
  /** Mean absolute elementary effect (Campolongo et al. 2007), the measure of overall influence. */
  muStar: number[];
  /** Standard deviation of the elementary effects (divisor r − 1; NaN for a single trajectory): non-linearity or interaction. */
  sigma: number[];
  /** μ* with its bootstrap percentile interval (trajectories resampled with replacement); present when an rng is given. */
  muStarInterval?: Interval[];
  /** Why the measures should not be read as they stand (empty when nothing is wrong). */
  warnings: SamplingWarning[];
}

/** Options of {@link morrisIndices}. */
export interface MorrisIndicesOptions {
  /** Generator for the bootstrap of μ* (without it, no intervals are computed). */
  rng?: Rng;
  /** Number of bootstrap resamples of the trajectories; default 1,000. */
  bootstrap?: number;
  /** Confidence level of the intervals, in (0, 1); default 0.95. */
  confidence?: number;
}

/** Fewest trajectories a Morris screening should have: Campolongo, Cariboni and Saltelli (2007) use 10 and more. */
export const MIN_TRAJECTORIES = 10;

/** Linear-interpolation quantile (type 7) of sorted values. */
function quantileSorted(sorted: Float64Array, p: number): number {
  const position = (sorted.length - 1) * p;
  const lower = Math.floor(position);
  const upper = Math.min(lower + 1, sorted.length - 1);
  const weight = position - lower;
  return sorted[lower]! * (1 - weight) + sorted[upper]! * weight;
}

/**
 * Elementary effects EE = (f(x + Δe_i) − f(x)) / Δ for every step of every trajectory, summarised per factor;
 * `outputs[k]` is the model output at `design.points[k]`. With an rng, μ* gets a percentile interval from
 * resampling whole trajectories with replacement (each trajectory gives one effect per factor).
 */
export function morrisIndices(design: MorrisDesign, outputs: ArrayLike<number>, options: MorrisIndicesOptions = {}): MorrisIndices {
  const { trajectories: r, dims } = design;
  if (outputs.length !== design.points.length) {
    throw new RangeError(`morrisIndices: expected ${design.points.length} outputs (one per design point), got ${outputs.length}`);
  }
  const resamples = options.bootstrap ?? 1000;
  const confidence = options.confidence ?? 0.95;
  if (!Number.isInteger(resamples) || resamples < 1) throw new RangeError(`morrisIndices: bootstrap must be an integer >= 1, got ${resamples}`);
  if (!(confidence > 0 && confidence < 1)) throw new RangeError(`morrisIndices: confidence must be in (0, 1), got ${confidence}`);
  // effects[d][t]: the elementary effect of factor d in trajectory t (each factor moves once per trajectory).
  const effects: Float64Array[] = [];
  for (let d = 0; d < dims; d++) effects.push(new Float64Array(r));
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < dims; s++) {
      const step = design.steps[t * dims + s]!;
      const before = outputs[t * (dims + 1) + s]!;
      const after = outputs[t * (dims + 1) + s + 1]!;
      effects[step.factor]![t] = (after - before) / step.delta;
    }
  }
  const mu: number[] = [];
  const muStar: number[] = [];
  const sigma: number[] = [];
  for (const ee of effects) {
    const count = ee.length;
    const mean = ee.reduce((sum, e) => sum + e, 0) / count;
    mu.push(mean);
    muStar.push(ee.reduce((sum, e) => sum + Math.abs(e), 0) / count);
    sigma.push(Math.sqrt(ee.reduce((sum, e) => sum + (e - mean) ** 2, 0) / (count - 1)));
  }
  const warnings: SamplingWarning[] = [];
  if (r < MIN_TRAJECTORIES) {
    warnings.push({
      kind: "few-trajectories",
      message: `${r} trajector${r === 1 ? "y" : "ies"} for ${dims} factor${dims === 1 ? "" : "s"}: each μ* is the mean of ${r} elementary effect${r === 1 ? "" : "s"}, too few to rank factors reliably (Campolongo et al. 2007 use ${MIN_TRAJECTORIES} or more)`,
    });
  }
  const result: MorrisIndices = { mu, muStar, sigma, warnings };
  const rng = options.rng;
  if (rng === undefined) return result;
  const draws: Float64Array[] = effects.map(() => new Float64Array(resamples));
  const pick = new Int32Array(r);
  for (let b = 0; b < resamples; b++) {
    for (let k = 0; k < r; k++) pick[k] = rng.int(0, r - 1);
    for (let d = 0; d < dims; d++) {
      const ee = effects[d]!;
      let sum = 0;
      for (let k = 0; k < r; k++) sum += Math.abs(ee[pick[k]!]!);
      draws[d]![b] = sum / r;
    }
  }
  const tail = (1 - confidence) / 2;
  result.muStarInterval = draws.map((sample, d) => {
    sample.sort();
    return { estimate: muStar[d]!, low: quantileSorted(sample, tail), high: quantileSorted(sample, 1 - tail) };
  });
  return result;
}
