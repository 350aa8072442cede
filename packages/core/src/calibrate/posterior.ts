/**
 * A posterior by adaptive tempering (sequential Monte Carlo sampler; Del Moral, Doucet and Jasra 2006,
 * with the temperature chosen by effective sample size as in Jasra, Stephens, Doucet and Tsagaris 2011):
 * particles move from the prior (restricted to a region, such as history matching's non-implausible
 * region) to prior × likelihood through targets prior × likelihood^φ, φ from 0 to 1.
 *
 * Each stage picks the next φ by bisection so that the reweighted particles keep an effective sample size
 * of `essFraction` × N (or reaches φ = 1 if it can without falling below that). After every stage short of
 * φ = 1 (and at the start, if the starting weights already fall below `essFraction` × N) it resamples
 * (systematic) and moves every particle by `moves` random-walk Metropolis steps that leave prior × likelihood^φ × 1[region] invariant, with a
 * Gaussian proposal of covariance scale² × the particles' weighted covariance (scale starting at 2.38/√d and
 * adapted between steps towards acceptance 0.15–0.4). The last stage reaches φ = 1 without resampling, so
 * the final weights have an effective sample size of at least `essFraction` × N by construction; the number
 * of distinct particles is what the moves achieved and is reported, not assumed.
 *
 * The likelihood is the caller's: for an emulated simulator, {@link historyMatchLogLikelihood} (cheap, so
 * thousands of evaluations cost seconds). A pure function of (options, seed).
 * @packageDocumentation
 */
import { createRng } from "../random.js";
import type { AbcParameter } from "./abc-smc.js";
import { effectiveSampleSize } from "./abc-smc.js";
import { distinctCount, systematicResample } from "./bands.js";
import { priorDensity, samplePrior, validatePrior } from "./priors.js";

/** Options of {@link temperedPosterior}. */
export interface TemperedPosteriorOptions {
  /** Parameters and their priors; a particle holds their values in this order. */
  readonly parameters: readonly AbcParameter[];
  /** Number of particles N. */
  readonly particles: number;
  /** Master seed. */
  readonly seed: string;
  /** Log-likelihood of the data at θ (−Infinity where impossible). */
  readonly logLikelihood: (theta: Float64Array) => number;
  /** The region the posterior is restricted to (default: everywhere the prior is positive). */
  readonly inRegion?: (theta: Float64Array) => boolean;
  /**
   * Starting points uniform over a set containing the region's support (for example history matching's
   * region sample, mapped to parameter values); the first N are taken, weighted by the prior density. With
   * fewer than N (a small region sampled sparsely), each is repeated in turn to N and the population is
   * resampled and moved by Metropolis steps at temperature 0 (the prior within the region) before tempering,
   * so the copies spread out. Default: N draws from the prior by rejection on `inRegion`.
   */
  readonly initial?: readonly ArrayLike<number>[];
  /** Effective sample size kept at each stage, as a share of N; default 0.5. */
  readonly essFraction?: number;
  /** Metropolis steps per particle after each resampling; default 10. */
  readonly moves?: number;
  /** The most tempering stages; default 200. */
  readonly maxStages?: number;
  /** Most prior draws per particle when drawing the start by rejection; default 10,000. */
  readonly maxInitialDraws?: number;
}

/** One tempering stage. */
export interface TemperedStage {
  /** Temperature φ reached. */
  readonly temperature: number;
  /** Effective sample size after reweighting to φ (before any resampling). */
  readonly ess: number;
  /** True when the particles were resampled and moved at this stage. */
  readonly resampled: boolean;
  /** Share of Metropolis proposals accepted over the moves (null without moves). */
  readonly acceptance: number | null;
  /** Distinct particles at the end of the stage. */
  readonly distinct: number;
}

/** The outcome of {@link temperedPosterior}. */
export interface TemperedPosteriorResult {
  /** Parameter names, in particle order. */
  readonly names: readonly string[];
  /** The final particles. */
  readonly particles: readonly Float64Array[];
  /** Their normalised weights. */
  readonly weights: readonly number[];
  /** Effective sample size of the final weights, 1 / Σ w². */
  readonly ess: number;
  /** Distinct particles among those with positive weight. */
  readonly distinct: number;
  /** Estimate of the log evidence, log ∫ prior × likelihood over the region (up to the prior's normalising constant). */
  readonly logEvidence: number;
  /** Every stage, in order. */
  readonly stages: readonly TemperedStage[];
  /** Evaluations of the log-likelihood. */
  readonly evaluations: number;
}

function logPrior(parameters: readonly AbcParameter[], theta: Float64Array): number {
  let s = 0;
  for (const [k, p] of parameters.entries()) s += Math.log(priorDensity(p.prior, theta[k]!));
  return s;
}

function maxOf(values: readonly number[]): number {
  let max = Number.NEGATIVE_INFINITY;
  for (const v of values) if (v > max) max = v;
  return max;
}

function essOf(logWeights: readonly number[]): number {
  const max = maxOf(logWeights);
  if (max === Number.NEGATIVE_INFINITY) return 0;
  return effectiveSampleSize(logWeights.map((lw) => Math.exp(lw - max)));
}

function normaliseLog(logWeights: readonly number[]): { weights: number[]; logSum: number } {
  const max = maxOf(logWeights);
  const raw = logWeights.map((lw) => Math.exp(lw - max));
  const total = raw.reduce((a, b) => a + b, 0);
  return { weights: raw.map((w) => w / total), logSum: max + Math.log(total) };
}

/** Lower Cholesky factor (flat d × d) of the weighted covariance, with a growing ridge until it factorises. */
function covarianceFactor(particles: readonly Float64Array[], weights: readonly number[], d: number): Float64Array {
  const mean = new Float64Array(d);
  particles.forEach((p, i) => {
    for (let a = 0; a < d; a++) mean[a]! += weights[i]! * p[a]!;
  });
  const cov = new Float64Array(d * d);
  particles.forEach((p, i) => {
    for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) cov[a * d + b]! += weights[i]! * (p[a]! - mean[a]!) * (p[b]! - mean[b]!);
  });
  let trace = 0;
  for (let a = 0; a < d; a++) trace += cov[a * d + a]!;
  const scale = trace > 0 ? trace / d : 1;
  for (let ridge = 0, attempt = 0; attempt < 40; attempt++, ridge = ridge === 0 ? 1e-10 * scale : ridge * 10) {
    const l = new Float64Array(d * d);
    let ok = true;
    for (let i = 0; i < d && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let s = cov[i * d + j]! + (i === j ? ridge : 0);
        for (let k = 0; k < j; k++) s -= l[i * d + k]! * l[j * d + k]!;
        if (i === j) {
          if (!(s > 0)) {
            ok = false;
            break;
          }
          l[i * d + i] = Math.sqrt(s);
        } else l[i * d + j] = s / l[j * d + j]!;
      }
    }
    if (ok) return l;
  }
  throw new RangeError("temperedPosterior: the particles' covariance cannot be factorised (non-finite particles?)");
}

/**
 * Samples prior × likelihood restricted to a region by adaptive tempering; see the module note.
 * @throws RangeError when options are invalid, or when no start can be drawn in the region.
 */
export function temperedPosterior(options: TemperedPosteriorOptions): TemperedPosteriorResult {
  const { parameters, particles: n, seed } = options;
  const d = parameters.length;
  if (d === 0) throw new RangeError("parameters: expected at least one parameter");
  for (const p of parameters) validatePrior(p.prior);
  if (!(Number.isInteger(n) && n >= 2)) throw new RangeError(`particles: expected an integer ≥ 2, got ${n}`);
  const essFraction = options.essFraction ?? 0.5;
  if (!(essFraction > 0 && essFraction < 1)) throw new RangeError(`essFraction: expected a number in (0, 1), got ${essFraction}`);
  const moves = options.moves ?? 10;
  if (!(Number.isInteger(moves) && moves >= 1)) throw new RangeError(`moves: expected an integer ≥ 1, got ${moves}`);
  const maxStages = options.maxStages ?? 200;
  const inRegion = options.inRegion ?? (() => true);
  const target = essFraction * n;
  let evaluations = 0;
  const loglik = (theta: Float64Array): number => {
    evaluations++;
    const v = options.logLikelihood(theta);
    return Number.isNaN(v) ? Number.NEGATIVE_INFINITY : v;
  };

  // Start: uniform points weighted by the prior, or prior draws by rejection on the region.
  let particles: Float64Array[];
  let logWeights: number[];
  if (options.initial) {
    const given = options.initial;
    if (given.length === 0) throw new RangeError("initial: expected at least 1 point, got none");
    given.forEach((p, i) => {
      if (p.length !== d) throw new RangeError(`initial[${i}]: expected ${d} values, got ${p.length}`);
    });
    particles = Array.from({ length: n }, (_, i) => Float64Array.from(given[i % given.length]!));
    logWeights = particles.map((p) => (inRegion(p) ? logPrior(parameters, p) : Number.NEGATIVE_INFINITY));
    if (logWeights.every((lw) => lw === Number.NEGATIVE_INFINITY)) throw new RangeError("initial: no point lies in the region with positive prior density");
  } else {
    const rng = createRng(`${seed}:tempered:start`);
    const limit = (options.maxInitialDraws ?? 10_000) * n;
    particles = [];
    for (let draws = 0; particles.length < n; draws++) {
      if (draws >= limit) throw new RangeError(`temperedPosterior: ${limit} prior draws gave only ${particles.length} points in the region; pass initial points from the region`);
      const theta = Float64Array.from(parameters, (p) => samplePrior(p.prior, rng));
      if (inRegion(theta)) particles.push(theta);
    }
    logWeights = particles.map(() => 0);
  }
  let ll = particles.map(loglik);
  const logTarget = (theta: Float64Array, phi: number): { lp: number; ll: number } => {
    if (!inRegion(theta)) return { lp: Number.NEGATIVE_INFINITY, ll: Number.NEGATIVE_INFINITY };
    const prior = logPrior(parameters, theta);
    if (prior === Number.NEGATIVE_INFINITY) return { lp: prior, ll: Number.NEGATIVE_INFINITY };
    const l = loglik(theta);
    return { lp: prior + (phi === 0 ? 0 : phi * l), ll: l };
  };

  let scale = 2.38 / Math.sqrt(d);
  const stages: TemperedStage[] = [];
  let logEvidence = 0;
  let phi = 0;

  /** Resamples (systematic) and moves every particle by Metropolis steps at temperature φ; returns the acceptance. */
  const resampleAndMove = (stage: number): number => {
    const { weights } = normaliseLog(logWeights);
    const factor = covarianceFactor(particles, weights, d);
    const rng = createRng(`${seed}:tempered:${stage}`);
    const picks = systematicResample(weights, n, rng.next());
    particles = picks.map((i) => particles[i]!);
    ll = picks.map((i) => ll[i]!);
    logWeights = particles.map(() => 0);
    let accepted = 0;
    const z = new Float64Array(d);
    const current = particles.map((p, i) => ({ theta: p, ll: ll[i]!, lp: logPrior(parameters, p) + (phi === 0 ? 0 : phi * ll[i]!) }));
    for (let step = 0; step < moves; step++) {
      let stepAccepted = 0;
      for (const c of current) {
        for (let a = 0; a < d; a++) z[a] = rng.normal();
        const proposal = Float64Array.from(c.theta);
        for (let a = 0; a < d; a++) for (let b = 0; b <= a; b++) proposal[a]! += scale * factor[a * d + b]! * z[b]!;
        const t = logTarget(proposal, phi);
        if (t.lp > Number.NEGATIVE_INFINITY && Math.log(rng.next()) < t.lp - c.lp) {
          c.theta = proposal;
          c.ll = t.ll;
          c.lp = t.lp;
          stepAccepted++;
        }
      }
      accepted += stepAccepted;
      const rate = stepAccepted / n;
      if (rate < 0.15) scale *= 0.7;
      else if (rate > 0.4) scale *= 1.3;
    }
    particles = current.map((c) => c.theta);
    ll = current.map((c) => c.ll);
    return accepted / (n * moves);
  };

  // Stage 0 at φ = 0: resample the start if its weights are already uneven.
  const startEss = essOf(logWeights);
  // Repeated starting points are moved apart at φ = 0 whatever their weights.
  const startResampled = startEss < target || (options.initial !== undefined && options.initial.length < n);
  const startAcceptance = startResampled ? resampleAndMove(0) : null;
  stages.push({ temperature: 0, ess: startEss, resampled: startResampled, acceptance: startAcceptance, distinct: distinctCount(particles) });

  while (phi < 1) {
    if (stages.length > maxStages) throw new RangeError(`temperedPosterior: temperature ${phi.toPrecision(3)} after ${maxStages} stages; raise maxStages or lower essFraction`);
    const essAt = (delta: number): number => essOf(logWeights.map((lw, i) => lw + (ll[i] === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : delta * ll[i]!)));
    let delta = 1 - phi;
    if (essAt(delta) < target) {
      let lo = 0;
      let hi = delta;
      for (let it = 0; it < 60; it++) {
        const mid = (lo + hi) / 2;
        if (essAt(mid) >= target) lo = mid;
        else hi = mid;
      }
      delta = lo > 0 ? lo : hi / 2 ** 20;
    }
    const before = normaliseLog(logWeights);
    logWeights = logWeights.map((lw, i) => lw + (ll[i] === Number.NEGATIVE_INFINITY ? Number.NEGATIVE_INFINITY : delta * ll[i]!));
    const after = normaliseLog(logWeights);
    logEvidence += after.logSum - before.logSum;
    phi = phi + delta >= 1 - 1e-12 ? 1 : phi + delta;
    const ess = essOf(logWeights);
    const resampled = phi < 1 || ess < target;
    const acceptance = resampled ? resampleAndMove(stages.length) : null;
    stages.push({ temperature: phi, ess, resampled, acceptance, distinct: distinctCount(particles) });
  }

  const { weights } = normaliseLog(logWeights);
  return {
    names: parameters.map((p) => p.name),
    particles,
    weights,
    ess: effectiveSampleSize(weights),
    distinct: distinctCount(particles.filter((_, i) => weights[i]! > 0)),
    logEvidence,
    stages,
    evaluations,
  };
}
