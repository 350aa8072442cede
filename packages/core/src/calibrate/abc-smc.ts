/**
 * Approximate Bayesian computation by sequential Monte Carlo (ABC population Monte Carlo,
 * Beaumont et al. 2009) with an adaptive tolerance, for calibrating a stochastic simulator.
 *
 * The algorithm, generation by generation:
 *
 * - Generation 0 draws parameter vectors from the prior and accepts every one whose distance is
 *   finite, until `particles` are accepted; its weights are equal and its recorded tolerance is the
 *   largest accepted distance (in effect it had none).
 * - Generation g ≥ 1 has tolerance ε_g = the weighted `quantile` (default 0.5) of generation g − 1's
 *   accepted distances (adaptive, in the spirit of Del Moral et al. 2012). A proposal picks an
 *   ancestor θ_j from generation g − 1 by weight and perturbs it with a multivariate Gaussian kernel K
 *   whose covariance is twice (or, with `kernelScale`, another multiple of) the weighted covariance of generation g − 1; a perturbed vector outside
 *   the prior's support (or outside `region`, when given) is redrawn without being simulated. Proposals with distance ≤ ε_g are
 *   accepted, in proposal order, until `particles` are accepted. Weights are
 *   w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j), normalised, and the effective sample size is 1 / Σ w_i².
 *
 * The caller's `simulate` callback runs whole batches of proposals. The proposals of generation g,
 * batch b are a pure function of (seed, g, b, generation g − 1), see {@link proposeBatch}, so a run
 * interrupted mid-generation and resumed from its finished generations proposes the same vectors
 * again, and a batch journal on the caller's side can replay the simulations already done.
 *
 * A run stops after `generations` generations, or early when a generation's acceptance rate
 * (`particles / proposed`) falls below `minAcceptance`: either that generation completes with too
 * low a rate (it is kept), or it reaches `ceil(particles / minAcceptance)` proposals without
 * completing (it is abandoned and the previous generation is the posterior).
 * @packageDocumentation
 */
import { createRng, type Rng } from "../random.js";
import { priorDensity, samplePrior, validatePrior, type Prior } from "./priors.js";

/** A named parameter to calibrate and its prior. */
export interface AbcParameter {
  /** The parameter's name; names must be unique. */
  readonly name: string;
  /** The parameter's prior distribution. */
  readonly prior: Prior;
}

/** One finished generation (population) of ABC-SMC; particle i has weight i and distance i. */
export interface AbcGeneration {
  /** Generation number, from 0. */
  readonly index: number;
  /** The tolerance every accepted distance is within (generation 0: the largest accepted distance). */
  readonly tolerance: number;
  /** Accepted parameter vectors, in the order of `parameters`; treat as read-only. */
  readonly particles: readonly Float64Array[];
  /** Normalised importance weights, one per particle. */
  readonly weights: readonly number[];
  /** Distances of the accepted particles. */
  readonly distances: readonly number[];
  /** Proposals simulated in this generation (accepted or not; redrawn out-of-support ones excluded). */
  readonly proposed: number;
  /** Effective sample size of the weights, 1 / Σ w², between 1 and the number of particles. */
  readonly ess: number;
}

/** Which generation and batch a `simulate` call is for. */
export interface AbcBatchContext {
  /** Generation number, from 0. */
  readonly generation: number;
  /** Batch number within the generation, from 0. */
  readonly batch: number;
}

/** Options for {@link runAbcSmc}. */
export interface AbcOptions {
  /** Parameters to calibrate; a particle holds their values in this order. */
  readonly parameters: readonly AbcParameter[];
  /** Particles accepted per generation. */
  readonly particles: number;
  /** The most generations the run has in the end (resumed ones included). */
  readonly generations: number;
  /** Master seed; proposals derive from it alone. */
  readonly seed: string;
  /** Quantile of the previous generation's distances that sets the next tolerance, in (0, 1]; default 0.5. */
  readonly quantile?: number;
  /** Stop when a generation's acceptance rate falls below this, in (0, 1]; default 0.02. */
  readonly minAcceptance?: number;
  /** Proposals handed to `simulate` at once; default `particles`. */
  readonly batchSize?: number;
  /**
   * Multiplier of the previous generation's weighted covariance in the perturbation kernel: 2 (the default,
   * Beaumont et al. 2009), or "silverman", Silverman's rule of thumb (4 / (d + 2))^(2 / (d + 4)) n^(−2 / (d + 4))
   * for d parameters and n particles, which keeps importance weights from collapsing onto a few particles
   * when there are many parameters.
   */
  readonly kernelScale?: number | "silverman";
  /**
   * Restricts the prior to a region (for example history matching's non-implausible region,
   * `isNonImplausible`): proposals outside it are redrawn without being simulated, as those outside the
   * prior's support are; the weights are then those of the prior truncated to the region.
   */
  readonly region?: (theta: Float64Array) => boolean;
  /** Runs the simulator for each proposed parameter vector; returns one distance per proposal (non-finite = reject). */
  readonly simulate: (proposals: readonly Float64Array[], context: AbcBatchContext) => Promise<readonly number[]>;
  /** Generations already finished, 0 to k − 1 (for example deserialised from a file); the run continues with k. */
  readonly resume?: readonly AbcGeneration[];
  /** Called after each newly finished generation (not for resumed ones), before the next starts. */
  readonly onGeneration?: (generation: AbcGeneration) => void | Promise<void>;
}

/** Why a run stopped. */
export type AbcStopReason = "max-generations" | "low-acceptance";

/** The outcome of {@link runAbcSmc}. */
export interface AbcResult {
  /** Every finished generation, resumed ones first. */
  readonly generations: readonly AbcGeneration[];
  /** The last generation's weighted particles, with the parameter names. */
  readonly posterior: {
    readonly names: readonly string[];
    readonly particles: readonly Float64Array[];
    readonly weights: readonly number[];
  };
  /** Why the run stopped. */
  readonly stopReason: AbcStopReason;
}

/** What determines a batch of proposals besides the generation, batch number and previous generation. */
export interface AbcProposalSpec {
  /** Parameters and priors, as in {@link AbcOptions}. */
  readonly parameters: readonly AbcParameter[];
  /** Master seed. */
  readonly seed: string;
  /** Proposals per batch. */
  readonly batchSize: number;
  /** Kernel covariance multiplier, as in {@link AbcOptions.kernelScale} (default 2). */
  readonly kernelScale?: number | "silverman";
  /** The region the prior is restricted to, as in {@link AbcOptions.region}. */
  readonly region?: (theta: Float64Array) => boolean;
}

/** A generation as plain JSON-safe data; see {@link serializeGeneration}. */
export interface SerializedAbcGeneration {
  /** As {@link AbcGeneration.index}. */
  readonly index: number;
  /** As {@link AbcGeneration.tolerance}. */
  readonly tolerance: number;
  /** As {@link AbcGeneration.particles}, each vector a plain array. */
  readonly particles: number[][];
  /** As {@link AbcGeneration.weights}. */
  readonly weights: number[];
  /** As {@link AbcGeneration.distances}. */
  readonly distances: number[];
  /** As {@link AbcGeneration.proposed}. */
  readonly proposed: number;
  /** As {@link AbcGeneration.ess}. */
  readonly ess: number;
}

// ---------------------------------------------------------------------------------------------
// Weighted statistics

function checkWeighted(values: readonly number[], weights: readonly number[]): number {
  if (values.length === 0 || values.length !== weights.length) {
    throw new RangeError(`weighted statistic: expected equal non-empty lengths, got ${values.length} and ${weights.length}`);
  }
  let total = 0;
  for (const w of weights) {
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`weighted statistic: weight ${w} is not finite and ≥ 0`);
    total += w;
  }
  if (!(total > 0)) throw new RangeError("weighted statistic: weights sum to 0");
  return total;
}

/** The weighted mean Σ wᵢ xᵢ / Σ wᵢ (weights need not be normalised). */
export function weightedMean(values: readonly number[], weights: readonly number[]): number {
  const total = checkWeighted(values, weights);
  let sum = 0;
  for (const [i, x] of values.entries()) sum += weights[i]! * x;
  return sum / total;
}

/** The smallest value whose cumulative weight reaches q of the total (inverse weighted ECDF), q in [0, 1]. */
export function weightedQuantile(values: readonly number[], weights: readonly number[], q: number): number {
  const total = checkWeighted(values, weights);
  if (!(q >= 0 && q <= 1)) throw new RangeError(`weightedQuantile q: expected 0 ≤ q ≤ 1, got ${q}`);
  const order = values.map((_, i) => i).sort((a, b) => values[a]! - values[b]! || a - b);
  const target = q * total * (1 - 1e-12); // slack for rounding in the running sum
  let cumulative = 0;
  for (const i of order) {
    cumulative += weights[i]!;
    if (cumulative > 0 && cumulative >= target) return values[i]!;
  }
  return values[order[order.length - 1]!]!;
}

/** Effective sample size 1 / Σ wᵢ² of weights normalised to sum to 1. */
export function effectiveSampleSize(weights: readonly number[]): number {
  const total = checkWeighted(weights, weights);
  let sumSquares = 0;
  for (const w of weights) sumSquares += (w / total) * (w / total);
  return 1 / sumSquares;
}

// ---------------------------------------------------------------------------------------------
// Perturbation kernel: N(θ_j, 2Σ), Σ the weighted covariance of the previous population.

/** Lower-triangular Cholesky factor L (row-major, d × d) of the kernel covariance 2Σ. */
interface Kernel {
  readonly dim: number;
  readonly chol: Float64Array;
}

function weightedCovariance(particles: readonly Float64Array[], weights: readonly number[], dim: number): Float64Array {
  const mean = new Float64Array(dim);
  for (const [i, p] of particles.entries()) for (let a = 0; a < dim; a++) mean[a]! += weights[i]! * p[a]!;
  const cov = new Float64Array(dim * dim);
  for (const [i, p] of particles.entries()) {
    const w = weights[i]!;
    for (let a = 0; a < dim; a++) {
      for (let b = 0; b <= a; b++) cov[a * dim + b]! += w * (p[a]! - mean[a]!) * (p[b]! - mean[b]!);
    }
  }
  for (let a = 0; a < dim; a++) for (let b = 0; b < a; b++) cov[b * dim + a] = cov[a * dim + b]!;
  return cov;
}

/** Cholesky factor of a symmetric matrix, or undefined if it is not positive definite. */
function cholesky(matrix: Float64Array, dim: number): Float64Array | undefined {
  const l = new Float64Array(dim * dim);
  for (let i = 0; i < dim; i++) {
    for (let j = 0; j <= i; j++) {
      let sum = matrix[i * dim + j]!;
      for (let k = 0; k < j; k++) sum -= l[i * dim + k]! * l[j * dim + k]!;
      if (i === j) {
        if (!(sum > 0)) return undefined;
        l[i * dim + i] = Math.sqrt(sum);
      } else {
        l[i * dim + j] = sum / l[j * dim + j]!;
      }
    }
  }
  return l;
}

/**
 * The kernel for perturbing a population. A degenerate covariance (collapsed or collinear particles)
 * gets a growing ridge on its diagonal, starting at 1e-10 of the mean variance, until it factorises.
 */
function buildKernel(previous: AbcGeneration, dim: number, kernelScale: number | "silverman" = 2): Kernel {
  const cov = weightedCovariance(previous.particles, previous.weights, dim);
  const n = previous.particles.length;
  const factor = kernelScale === "silverman" ? (4 / (dim + 2)) ** (2 / (dim + 4)) * n ** (-2 / (dim + 4)) : kernelScale;
  if (!(factor > 0) || !Number.isFinite(factor)) throw new RangeError(`ABC-SMC kernelScale: expected a positive number or "silverman", got ${String(kernelScale)}`);
  for (let i = 0; i < cov.length; i++) cov[i]! *= factor;
  let trace = 0;
  for (let a = 0; a < dim; a++) trace += cov[a * dim + a]!;
  const scale = trace > 0 && Number.isFinite(trace) ? trace / dim : 1;
  for (let ridge = 0, attempt = 0; attempt < 40; attempt++, ridge = ridge === 0 ? 1e-10 * scale : ridge * 10) {
    const jittered = Float64Array.from(cov);
    for (let a = 0; a < dim; a++) jittered[a * dim + a]! += ridge;
    const chol = cholesky(jittered, dim);
    if (chol) return { dim, chol };
  }
  throw new RangeError("ABC-SMC: the population covariance cannot be factorised (non-finite particles?)");
}

function perturb(kernel: Kernel, centre: Float64Array, rng: Rng): Float64Array {
  const { dim, chol } = kernel;
  const z = new Float64Array(dim);
  for (let a = 0; a < dim; a++) z[a] = rng.normal();
  const out = Float64Array.from(centre);
  for (let a = 0; a < dim; a++) for (let b = 0; b <= a; b++) out[a]! += chol[a * dim + b]! * z[b]!;
  return out;
}

/** Squared Mahalanobis distance (x − c)ᵀ (LLᵀ)⁻¹ (x − c), by forward substitution. */
function mahalanobis2(kernel: Kernel, x: Float64Array, centre: Float64Array): number {
  const { dim, chol } = kernel;
  const y = new Float64Array(dim);
  let sum = 0;
  for (let a = 0; a < dim; a++) {
    let r = x[a]! - centre[a]!;
    for (let b = 0; b < a; b++) r -= chol[a * dim + b]! * y[b]!;
    y[a] = r / chol[a * dim + a]!;
    sum += y[a]! * y[a]!;
  }
  return sum;
}

// ---------------------------------------------------------------------------------------------
// Proposals and weights

function logPrior(parameters: readonly AbcParameter[], theta: Float64Array): number {
  let sum = 0;
  for (const [a, p] of parameters.entries()) sum += Math.log(priorDensity(p.prior, theta[a]!));
  return sum;
}

/** Most redraws of one proposal whose perturbations all fall outside the prior's support. */
const MAX_REDRAWS = 10_000;

/** Returns a function from (generation, batch) to that batch's proposals, for a fixed previous generation. */
function proposer(spec: AbcProposalSpec, previous: AbcGeneration | undefined): (generation: number, batch: number) => Float64Array[] {
  const { parameters, seed, batchSize, region } = spec;
  const dim = parameters.length;
  if (!previous) {
    return (generation, batch) => {
      const rng = createRng(`${seed}:abc:${generation}:${batch}`);
      return Array.from({ length: batchSize }, () => {
        for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
          const theta = Float64Array.from(parameters, (p) => samplePrior(p.prior, rng));
          if (!region || region(theta)) return theta;
        }
        throw new RangeError(`ABC-SMC generation ${generation}: ${MAX_REDRAWS} prior draws in a row fell outside the region`);
      });
    };
  }
  const kernel = buildKernel(previous, dim, spec.kernelScale);
  const cumulative: number[] = [];
  let total = 0;
  for (const w of previous.weights) cumulative.push((total += w));
  const pickAncestor = (rng: Rng): Float64Array => {
    const u = rng.next() * total;
    let lo = 0;
    let hi = cumulative.length - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (cumulative[mid]! > u) hi = mid;
      else lo = mid + 1;
    }
    return previous.particles[lo]!;
  };
  return (generation, batch) => {
    const rng = createRng(`${seed}:abc:${generation}:${batch}`);
    return Array.from({ length: batchSize }, () => {
      for (let attempt = 0; attempt < MAX_REDRAWS; attempt++) {
        const theta = perturb(kernel, pickAncestor(rng), rng);
        if (logPrior(parameters, theta) > Number.NEGATIVE_INFINITY && (!region || region(theta))) return theta;
      }
      throw new RangeError(`ABC-SMC generation ${generation}: ${MAX_REDRAWS} perturbations in a row fell outside the prior${region ? " or the region" : ""}`);
    });
  };
}

/**
 * The proposals of one batch: a pure function of (seed, generation, batch, previous generation).
 * Generation 0 (no previous generation) samples the prior; later ones perturb weighted ancestors.
 */
export function proposeBatch(
  spec: AbcProposalSpec,
  generation: number,
  batch: number,
  previous: AbcGeneration | undefined,
): Float64Array[] {
  return proposer(spec, previous)(generation, batch);
}

/** Normalised importance weights w_i ∝ π(θ_i) / Σ_j w_j K(θ_i | θ_j), computed in log space. */
function importanceWeights(parameters: readonly AbcParameter[], accepted: readonly Float64Array[], previous: AbcGeneration, kernelScale: number | "silverman" | undefined): number[] {
  const kernel = buildKernel(previous, parameters.length, kernelScale);
  const logPrevious = previous.weights.map((w) => Math.log(w));
  const logWeights = accepted.map((theta) => {
    const terms = previous.particles.map((centre, j) => logPrevious[j]! - 0.5 * mahalanobis2(kernel, theta, centre));
    return logPrior(parameters, theta) - logSumExp(terms);
  });
  const max = Math.max(...logWeights);
  const raw = logWeights.map((lw) => Math.exp(lw - max));
  const total = raw.reduce((s, w) => s + w, 0);
  return raw.map((w) => w / total);
}

function logSumExp(terms: readonly number[]): number {
  const max = Math.max(...terms);
  if (max === Number.NEGATIVE_INFINITY) return max;
  let sum = 0;
  for (const t of terms) sum += Math.exp(t - max);
  return max + Math.log(sum);
}

// ---------------------------------------------------------------------------------------------
// The run

function checkOptions(options: AbcOptions): void {
  const { parameters, particles, generations, quantile = 0.5, minAcceptance = 0.02, batchSize = particles } = options;
  if (parameters.length === 0) throw new RangeError("parameters: expected at least one parameter");
  if (new Set(parameters.map((p) => p.name)).size !== parameters.length) throw new RangeError("parameters: names must be unique");
  for (const p of parameters) validatePrior(p.prior);
  const positiveInteger = (name: string, v: number): void => {
    if (!(Number.isInteger(v) && v >= 1)) throw new RangeError(`${name}: expected an integer ≥ 1, got ${v}`);
  };
  positiveInteger("particles", particles);
  positiveInteger("generations", generations);
  positiveInteger("batchSize", batchSize);
  if (!(quantile > 0 && quantile <= 1)) throw new RangeError(`quantile: expected 0 < q ≤ 1, got ${quantile}`);
  if (!(minAcceptance > 0 && minAcceptance <= 1)) throw new RangeError(`minAcceptance: expected 0 < rate ≤ 1, got ${minAcceptance}`);
  for (const [i, g] of (options.resume ?? []).entries()) {
    if (g.index !== i) throw new RangeError(`resume[${i}]: expected generation index ${i}, got ${g.index}`);
    if (g.particles.length === 0 || g.particles.some((p) => p.length !== parameters.length)) {
      throw new RangeError(`resume[${i}]: expected non-empty particles of ${parameters.length} values`);
    }
  }
}

/** Runs (or resumes) ABC-SMC until `generations` generations exist or acceptance gets too low; see the module note. */
export async function runAbcSmc(options: AbcOptions): Promise<AbcResult> {
  checkOptions(options);
  const { parameters, particles, seed, simulate } = options;
  const quantile = options.quantile ?? 0.5;
  const minAcceptance = options.minAcceptance ?? 0.02;
  const batchSize = options.batchSize ?? particles;
  const maxProposals = Math.ceil(particles / minAcceptance);
  const generations: AbcGeneration[] = [...(options.resume ?? [])];
  const tooLow = (g: AbcGeneration): boolean => g.particles.length / g.proposed < minAcceptance;

  let stopReason: AbcStopReason = "max-generations";
  const last = generations[generations.length - 1];
  if (last && tooLow(last)) stopReason = "low-acceptance";

  while (stopReason === "max-generations" && generations.length < options.generations) {
    const index = generations.length;
    const previous = generations[index - 1];
    const tolerance = previous
      ? weightedQuantile(previous.distances, previous.weights, quantile)
      : Number.POSITIVE_INFINITY;
    const propose = proposer(
      { parameters, seed, batchSize, ...(options.kernelScale === undefined ? {} : { kernelScale: options.kernelScale }), ...(options.region ? { region: options.region } : {}) },
      previous,
    );

    const accepted: Float64Array[] = [];
    const distances: number[] = [];
    let proposed = 0;
    for (let batch = 0; accepted.length < particles && proposed < maxProposals; batch++) {
      const proposals = propose(index, batch);
      const results = await simulate(proposals, { generation: index, batch });
      if (results.length !== proposals.length) {
        throw new RangeError(`simulate (generation ${index}, batch ${batch}): expected ${proposals.length} distances, got ${results.length}`);
      }
      proposed += proposals.length;
      for (const [i, d] of results.entries()) {
        if (accepted.length < particles && Number.isFinite(d) && d <= tolerance) {
          accepted.push(proposals[i]!);
          distances.push(d);
        }
      }
    }
    if (accepted.length < particles) {
      if (!previous) {
        throw new RangeError(`ABC-SMC generation 0: only ${accepted.length} of ${proposed} prior draws had a finite distance`);
      }
      stopReason = "low-acceptance";
      break;
    }

    const weights = previous ? importanceWeights(parameters, accepted, previous, options.kernelScale) : accepted.map(() => 1 / particles);
    const generation: AbcGeneration = {
      index,
      tolerance: previous ? tolerance : Math.max(...distances),
      particles: accepted,
      weights,
      distances,
      proposed,
      ess: effectiveSampleSize(weights),
    };
    generations.push(generation);
    await options.onGeneration?.(generation);
    if (tooLow(generation)) stopReason = "low-acceptance";
  }

  const final = generations[generations.length - 1];
  if (!final) throw new RangeError("ABC-SMC: no generation finished");
  return {
    generations,
    posterior: { names: parameters.map((p) => p.name), particles: final.particles, weights: final.weights },
    stopReason,
  };
}

// ---------------------------------------------------------------------------------------------
// Serialisation

/** A generation as plain arrays and numbers, safe for JSON.stringify (all numbers are finite). */
export function serializeGeneration(generation: AbcGeneration): SerializedAbcGeneration {
  return {
    index: generation.index,
    tolerance: generation.tolerance,
    particles: generation.particles.map((p) => Array.from(p)),
    weights: [...generation.weights],
    distances: [...generation.distances],
    proposed: generation.proposed,
    ess: generation.ess,
  };
}

/** Rebuilds a generation from {@link serializeGeneration}'s output (for example after JSON.parse), checking its shape. */
export function deserializeGeneration(value: unknown): AbcGeneration {
  const bad = (why: string): never => {
    throw new TypeError(`deserializeGeneration: ${why}`);
  };
  if (typeof value !== "object" || value === null) return bad("expected an object");
  const record = value as Record<string, unknown>;
  const num = (key: string): number => {
    const v = record[key];
    return typeof v === "number" && Number.isFinite(v) ? v : bad(`${key}: expected a finite number`);
  };
  const numbers = (key: string, v: unknown): number[] =>
    Array.isArray(v) && v.every((x): x is number => typeof x === "number" && Number.isFinite(x))
      ? v
      : bad(`${key}: expected an array of finite numbers`);
  const rawParticles = record["particles"];
  if (!Array.isArray(rawParticles)) return bad("particles: expected an array");
  const particles = rawParticles.map((p, i) => Float64Array.from(numbers(`particles[${i}]`, p)));
  const weights = numbers("weights", record["weights"]);
  const distances = numbers("distances", record["distances"]);
  if (weights.length !== particles.length || distances.length !== particles.length) {
    bad("particles, weights and distances must have equal lengths");
  }
  return {
    index: num("index"),
    tolerance: num("tolerance"),
    particles,
    weights,
    distances,
    proposed: num("proposed"),
    ess: num("ess"),
  };
}
