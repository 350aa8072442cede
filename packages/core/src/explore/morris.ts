/**
 * Morris elementary-effects screening: μ, μ* and σ per factor from outputs on a Morris design.
 * @packageDocumentation
 */
import type { MorrisDesign } from "./samplers.js";

/** Morris screening measures per factor (index = factor), in output units per unit-cube change of the factor. */
export interface MorrisIndices {
  /** Mean elementary effect (signed; effects of opposite sign can cancel). */
  mu: number[];
  /** Mean absolute elementary effect (Campolongo et al. 2007), the measure of overall influence. */
  muStar: number[];
  /** Standard deviation of the elementary effects (divisor r − 1; NaN for a single trajectory): non-linearity or interaction. */
  sigma: number[];
}

/**
 * Elementary effects EE = (f(x + Δe_i) − f(x)) / Δ for every step of every trajectory, summarised per factor;
 * `outputs[k]` is the model output at `design.points[k]`.
 */
export function morrisIndices(design: MorrisDesign, outputs: ArrayLike<number>): MorrisIndices {
  const { trajectories: r, dims } = design;
  if (outputs.length !== design.points.length) {
    throw new RangeError(`morrisIndices: expected ${design.points.length} outputs (one per design point), got ${outputs.length}`);
  }
  const effects: number[][] = [];
  for (let d = 0; d < dims; d++) effects.push([]);
  for (let t = 0; t < r; t++) {
    for (let s = 0; s < dims; s++) {
      const step = design.steps[t * dims + s]!;
      const before = outputs[t * (dims + 1) + s]!;
      const after = outputs[t * (dims + 1) + s + 1]!;
      effects[step.factor]!.push((after - before) / step.delta);
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
  return { mu, muStar, sigma };
}
