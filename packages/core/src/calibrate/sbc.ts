/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari and Gelman 2018, arXiv:1804.06788):
 * draw a truth θ̃ from the prior, simulate data from it, fit, and record the rank of θ̃ among L posterior
 * draws, parameter by parameter. If the fitting procedure draws from the true posterior, each rank is
 * uniform on {0, …, L}; a fit that is biased, too narrow or too wide bends the ranks' distribution.
 *
 * Uniformity is checked with the ECDF and its simultaneous band (Säilynoja, Bürkner and Vehtari 2022,
 * *Graphical test for discrete uniformity and its applications in goodness-of-fit evaluation and multiple
 * sample comparison*, Statistics and Computing 32:32): with N truths, N·F̂(j/(L+1)) = #{ranks < j} is
 * Binomial(N, j/(L+1)) at each j = 1 … L under uniformity; the band holds every count whose two-sided
 * binomial tail probability is at least γ, where γ is set by simulating uniform ranks so that all L counts
 * of a uniform sample lie in the band with probability `level`. Binomial tails are summed from the
 * probability mass function exactly (the counts are at most a few thousand), not taken from a package that
 * would add some 240 transitive dependencies for one distribution function.
 *
 * Truth i draws from the stream `${seed}:sbc:${i}` and its fit gets the seed `${seed}:sbc:${i}:fit`, so
 * truths can be fitted in any order, in parallel, or resumed.
 * @packageDocumentation
 */
import { createRng, logGamma, type Rng } from "../random.js";

/** Options of {@link runSbc}. */
export interface SbcOptions<Data> {
  /** Parameter names, in the order of the vectors below. */
  readonly names: readonly string[];
  /** Number of synthetic truths N; default 100. */
  readonly truths?: number;
  /** Posterior draws L the fit returns per truth (ranks run from 0 to L). */
  readonly draws: number;
  /** Master seed. */
  readonly seed: string;
  /** Draws a truth from the prior. */
  readonly samplePrior: (rng: Rng) => ArrayLike<number>;
  /** Simulates data from a truth. */
  readonly simulate: (truth: ArrayLike<number>, rng: Rng) => Data | Promise<Data>;
  /** Fits the data and returns L posterior draws (ideally independent: thin a correlated sampler). */
  readonly fit: (data: Data, context: { readonly index: number; readonly seed: string; readonly draws: number }) => Promise<readonly ArrayLike<number>[]>;
  /** Ranks of truths already done (one vector per truth, in order); the run continues after them. */
  readonly resume?: readonly (readonly number[])[];
  /** Called with each new truth's ranks. */
  readonly onTruth?: (index: number, ranks: readonly number[]) => void | Promise<void>;
  /** Simultaneous coverage of the uniformity band; default 0.95. */
  readonly level?: number;
  /** Uniform samples simulated to set the band; default 2000. */
  readonly bandSimulations?: number;
}

/** The ECDF band for N ranks on {0, …, L}: counts at j = 1 … L. */
export interface UniformityBand {
  /** Number of ranks N. */
  readonly n: number;
  /** Largest rank L. */
  readonly draws: number;
  /** Simultaneous coverage aimed at. */
  readonly level: number;
  /** The pointwise tail probability a count needs to be inside. */
  readonly gamma: number;
  /** Smallest count inside the band at each j = 1 … L. */
  readonly lower: readonly number[];
  /** Largest count inside the band at each j = 1 … L. */
  readonly upper: readonly number[];
}

/** One parameter's ranks and verdict. */
export interface SbcParameterResult {
  /** The parameter's name. */
  readonly name: string;
  /** Rank of each truth among its posterior draws, 0 … L. */
  readonly ranks: readonly number[];
  /** #{ranks < j} for j = 1 … L (the ECDF times N). */
  readonly counts: readonly number[];
  /** ECDF minus the uniform CDF at j / (L + 1), for j = 1 … L (the ECDF-difference plot). */
  readonly ecdfDifference: readonly number[];
  /** True when every count lies in the band. */
  readonly uniform: boolean;
}

/** The outcome of {@link runSbc}. */
export interface SbcResult {
  /** Per parameter. */
  readonly parameters: readonly SbcParameterResult[];
  /** The band every parameter is checked against. */
  readonly band: UniformityBand;
}

/** The rank of `truth` among `draws`: how many draws are smaller (ties counted half, rounded down by a fair coin flip from `rng`). */
export function sbcRank(truth: number, draws: readonly number[], rng: Rng): number {
  let below = 0;
  let ties = 0;
  for (const v of draws) {
    if (v < truth) below++;
    else if (v === truth) ties++;
  }
  // A tie (a discrete posterior, or a draw equal to the truth) is broken uniformly, as Talts et al. advise.
  return below + (ties > 0 ? rng.int(0, ties) : 0);
}

/** log P(X = k) for X ~ Binomial(n, p). */
function logPmf(k: number, n: number, p: number): number {
  if (p <= 0) return k === 0 ? 0 : Number.NEGATIVE_INFINITY;
  if (p >= 1) return k === n ? 0 : Number.NEGATIVE_INFINITY;
  return logGamma(n + 1) - logGamma(k + 1) - logGamma(n - k + 1) + k * Math.log(p) + (n - k) * Math.log1p(-p);
}

/** Two-sided tail probability 2 · min(P(X ≤ c), P(X ≥ c)), capped at 1, for c = 0 … n. */
function twoSidedTails(n: number, p: number): Float64Array {
  const pmf = Float64Array.from({ length: n + 1 }, (_, k) => Math.exp(logPmf(k, n, p)));
  const out = new Float64Array(n + 1);
  let below = 0;
  const cdf = new Float64Array(n + 1);
  for (let k = 0; k <= n; k++) cdf[k] = below += pmf[k]!;
  for (let c = 0; c <= n; c++) {
    const lower = cdf[c]!;
    const upper = c === 0 ? 1 : 1 - cdf[c - 1]!;
    out[c] = Math.min(1, 2 * Math.min(lower, upper));
  }
  return out;
}

/** The count #{ranks < j} for j = 1 … L. */
function rankCounts(ranks: readonly number[], draws: number): number[] {
  const histogram = new Array<number>(draws + 1).fill(0);
  for (const r of ranks) histogram[r]!++;
  const counts: number[] = [];
  let c = 0;
  for (let j = 1; j <= draws; j++) counts.push((c += histogram[j - 1]!));
  return counts;
}

/**
 * The simultaneous ECDF band for N ranks uniform on {0, …, L} (Säilynoja et al. 2022, by simulation):
 * deterministic for a seed.
 */
export function uniformityBand(n: number, draws: number, options: { readonly level?: number; readonly simulations?: number; readonly seed?: string } = {}): UniformityBand {
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n: expected an integer ≥ 1, got ${n}`);
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`draws: expected an integer ≥ 1, got ${draws}`);
  const level = options.level ?? 0.95;
  if (!(level > 0 && level < 1)) throw new RangeError(`level: expected a number in (0, 1), got ${level}`);
  const simulations = options.simulations ?? 2000;
  if (!(Number.isInteger(simulations) && simulations >= 100)) throw new RangeError(`simulations: expected an integer ≥ 100, got ${simulations}`);
  const tails = Array.from({ length: draws }, (_, i) => twoSidedTails(n, (i + 1) / (draws + 1)));
  const rng = createRng(`${options.seed ?? "sbc-band"}:band:${n}:${draws}`);
  const minima: number[] = [];
  const ranks = new Array<number>(n);
  for (let s = 0; s < simulations; s++) {
    for (let i = 0; i < n; i++) ranks[i] = rng.int(0, draws);
    const counts = rankCounts(ranks, draws);
    let min = 1;
    for (let j = 0; j < draws; j++) min = Math.min(min, tails[j]![counts[j]!]!);
    minima.push(min);
  }
  minima.sort((a, b) => a - b);
  // The largest γ with P(min tail < γ) ≤ 1 − level among the simulations.
  const gamma = minima[Math.floor((1 - level) * simulations)]!;
  const lower: number[] = [];
  const upper: number[] = [];
  for (const t of tails) {
    let lo = 0;
    while (lo < n && t[lo]! < gamma) lo++;
    let hi = n;
    while (hi > 0 && t[hi]! < gamma) hi--;
    lower.push(lo);
    upper.push(hi);
  }
  return { n, draws, level, gamma, lower, upper };
}

/** Checks ranks on {0, …, L} against a band for the same N and L. */
export function checkUniformity(name: string, ranks: readonly number[], band: UniformityBand): SbcParameterResult {
  if (ranks.length !== band.n) throw new RangeError(`ranks: expected ${band.n} ranks (the band's N), got ${ranks.length}`);
  ranks.forEach((r, i) => {
    if (!(Number.isInteger(r) && r >= 0 && r <= band.draws)) throw new RangeError(`ranks[${i}]: expected an integer from 0 to ${band.draws}, got ${r}`);
  });
  const counts = rankCounts(ranks, band.draws);
  const uniform = counts.every((c, j) => c >= band.lower[j]! && c <= band.upper[j]!);
  const ecdfDifference = counts.map((c, j) => c / band.n - (j + 1) / (band.draws + 1));
  return { name, ranks: [...ranks], counts, ecdfDifference, uniform };
}

/**
 * Runs simulation-based calibration: N truths from the prior, each simulated and fitted, the rank of each
 * truth's parameters among the fit's draws, and the ECDF band check per parameter; see the module note.
 */
export async function runSbc<Data>(options: SbcOptions<Data>): Promise<SbcResult> {
  const truths = options.truths ?? 100;
  const { names, draws, seed } = options;
  if (names.length === 0) throw new RangeError("names: expected at least one parameter");
  if (!(Number.isInteger(truths) && truths >= 1)) throw new RangeError(`truths: expected an integer ≥ 1, got ${truths}`);
  if (!(Number.isInteger(draws) && draws >= 1)) throw new RangeError(`draws: expected an integer ≥ 1, got ${draws}`);
  const ranks: number[][] = [...(options.resume ?? []).map((r) => [...r])];
  if (ranks.length > truths) throw new RangeError(`resume: expected at most ${truths} truths, got ${ranks.length}`);
  for (let i = ranks.length; i < truths; i++) {
    const rng = createRng(`${seed}:sbc:${i}`);
    const truth = options.samplePrior(rng);
    if (truth.length !== names.length) throw new RangeError(`samplePrior: expected ${names.length} values, got ${truth.length}`);
    const data = await options.simulate(truth, rng);
    const posterior = await options.fit(data, { index: i, seed: `${seed}:sbc:${i}:fit`, draws });
    if (posterior.length !== draws) throw new RangeError(`fit (truth ${i}): expected ${draws} draws, got ${posterior.length}`);
    const tieRng = createRng(`${seed}:sbc:${i}:ties`);
    const r = names.map((_, k) => sbcRank(truth[k]!, posterior.map((p) => p[k]!), tieRng));
    ranks.push(r);
    await options.onTruth?.(i, r);
  }
  const band = uniformityBand(truths, draws, { seed, ...(options.level === undefined ? {} : { level: options.level }), ...(options.bandSimulations === undefined ? {} : { simulations: options.bandSimulations }) });
  return { parameters: names.map((name, k) => checkUniformity(name, ranks.map((r) => r[k]!), band)), band };
}
