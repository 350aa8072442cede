/**
 * Prior distributions for calibrated parameters: sampling, density and support.
 *
 * Densities are consistent but not always normalised: the beta and the truncated normal omit their
 * normalising constants (the beta function, the truncated mass). For a given prior the omitted factor
 * is the same for every x, so it cancels in ABC importance weights, which are normalised.
 * @packageDocumentation
 */
import type { Rng } from "../random.js";

/** A prior distribution for one scalar parameter, discriminated by `kind`. */
export type Prior =
  | { readonly kind: "uniform"; readonly low: number; readonly high: number }
  | { readonly kind: "normal"; readonly mean: number; readonly sd: number; readonly low?: number; readonly high?: number }
  | { readonly kind: "beta"; readonly mean: number; readonly concentration: number }
  | { readonly kind: "log-uniform"; readonly low: number; readonly high: number };

/** The closed interval holding a prior's support (infinite ends for an untruncated normal). */
export interface PriorBounds {
  /** Lowest value the prior can take. */
  readonly low: number;
  /** Highest value the prior can take. */
  readonly high: number;
}

function invalid(prior: Prior, why: string): never {
  throw new RangeError(`${prior.kind} prior: ${why} (${JSON.stringify(prior)})`);
}

/** Throws a RangeError unless the prior's parameters describe a proper distribution. */
export function validatePrior(prior: Prior): void {
  switch (prior.kind) {
    case "uniform":
      if (!(Number.isFinite(prior.low) && Number.isFinite(prior.high) && prior.low < prior.high)) {
        invalid(prior, "needs finite low < high");
      }
      return;
    case "log-uniform":
      if (!(Number.isFinite(prior.high) && prior.low > 0 && prior.low < prior.high)) {
        invalid(prior, "needs finite 0 < low < high");
      }
      return;
    case "normal": {
      if (!Number.isFinite(prior.mean) || !(prior.sd > 0 && Number.isFinite(prior.sd))) {
        invalid(prior, "needs a finite mean and a finite sd > 0");
      }
      const { low, high } = priorBounds(prior);
      if (Number.isNaN(low) || Number.isNaN(high) || !(low < high)) invalid(prior, "needs low < high");
      return;
    }
    case "beta":
      if (!(prior.mean > 0 && prior.mean < 1) || !(prior.concentration > 0 && Number.isFinite(prior.concentration))) {
        invalid(prior, "needs 0 < mean < 1 and a finite concentration > 0");
      }
      return;
  }
}

/** The interval holding the prior's support: draws lie in it and the density is 0 outside it. */
export function priorBounds(prior: Prior): PriorBounds {
  switch (prior.kind) {
    case "uniform":
    case "log-uniform":
      return { low: prior.low, high: prior.high };
    case "normal":
      return { low: prior.low ?? Number.NEGATIVE_INFINITY, high: prior.high ?? Number.POSITIVE_INFINITY };
    case "beta":
      return { low: 0, high: 1 };
  }
}

/** The beta shape parameters (a, b) of a beta prior given by mean and concentration a + b. */
function betaShapes(prior: { readonly mean: number; readonly concentration: number }): [number, number] {
  return [prior.mean * prior.concentration, (1 - prior.mean) * prior.concentration];
}

/** The prior density at x, 0 outside the support (unnormalised for beta and truncated normal; see the module note). */
export function priorDensity(prior: Prior, x: number): number {
  if (!Number.isFinite(x)) return 0;
  switch (prior.kind) {
    case "uniform":
      return x >= prior.low && x <= prior.high ? 1 / (prior.high - prior.low) : 0;
    case "log-uniform":
      return x >= prior.low && x <= prior.high ? 1 / (x * Math.log(prior.high / prior.low)) : 0;
    case "normal": {
      const { low, high } = priorBounds(prior);
      if (x < low || x > high) return 0;
      const z = (x - prior.mean) / prior.sd;
      return Math.exp(-0.5 * z * z) / (prior.sd * Math.sqrt(2 * Math.PI));
    }
    case "beta": {
      // Open support (0, 1): the density may be infinite at an end, so the ends count as outside.
      if (!(x > 0 && x < 1)) return 0;
      const [a, b] = betaShapes(prior);
      return Math.exp((a - 1) * Math.log(x) + (b - 1) * Math.log1p(-x));
    }
  }
}

/** A draw from the prior, using only `rng`. */
export function samplePrior(prior: Prior, rng: Rng): number {
  validatePrior(prior);
  switch (prior.kind) {
    case "uniform":
      return rng.uniform(prior.low, prior.high);
    case "log-uniform":
      return Math.exp(rng.uniform(Math.log(prior.low), Math.log(prior.high)));
    case "normal": {
      const { low, high } = priorBounds(prior);
      const a = (low - prior.mean) / prior.sd;
      const b = (high - prior.mean) / prior.sd;
      return Math.min(high, Math.max(low, prior.mean + prior.sd * standardNormalBetween(a, b, rng)));
    }
    case "beta": {
      const [a, b] = betaShapes(prior);
      return rng.beta(a, b);
    }
  }
}

/**
 * A standard normal draw conditioned on [a, b]. Plain rejection first; when that keeps failing the
 * interval holds little mass, so it is either narrow (uniform proposal, accepted with the density
 * ratio) or in a tail (Robert 1995 translated-exponential proposal from the nearer end).
 */
function standardNormalBetween(a: number, b: number, rng: Rng): number {
  for (let i = 0; i < 100; i++) {
    const z = rng.normal();
    if (z >= a && z <= b) return z;
  }
  // m: the point of [a, b] nearest 0, where the density on the interval peaks.
  const m = a > 0 ? a : b < 0 ? b : 0;
  if (m === 0 || (b - a) * Math.abs(m) <= 1) {
    for (;;) {
      const z = rng.uniform(a, b);
      if (rng.next() <= Math.exp(-0.5 * (z * z - m * m))) return z;
    }
  }
  // Tail: sample |z| beyond lo = |m| by Robert's method, rejecting beyond the far end hi.
  const sign = m > 0 ? 1 : -1;
  const lo = Math.abs(m);
  const hi = m > 0 ? b : -a;
  const alpha = (lo + Math.sqrt(lo * lo + 4)) / 2;
  for (;;) {
    const z = lo - Math.log(1 - rng.next()) / alpha;
    if (z <= hi && rng.next() <= Math.exp(-0.5 * (z - alpha) * (z - alpha))) return sign * z;
  }
}
