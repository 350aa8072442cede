/**
 * Honest bands from a weighted ensemble: drawing parameter sets for forward runs so that as many distinct
 * sets appear as the weights allow, counting them, and intervals that account for runs sharing a set.
 *
 * When R forward runs each draw a particle independently by weight, a particle of weight w appears about
 * R·w times on average but with multinomial scatter, and the runs sharing a particle are correlated: an
 * interval that treats the R runs as independent is too narrow whenever the between-particle spread is a
 * large part of the total. {@link drawRunParticles} uses systematic resampling (each particle gets ⌊R·w⌋
 * or ⌈R·w⌉ runs) and {@link clusteredMeanInterval}, {@link clusterBootstrapInterval} and
 * {@link varianceComponents} treat the particle as the unit of independent information.
 * @packageDocumentation
 */
import { createRng } from "../random.js";
import { tQuantile975 } from "../stats/intervals.js";

function normalised(weights: readonly number[]): number[] {
  if (weights.length === 0) throw new RangeError("weights: expected at least one weight");
  let total = 0;
  weights.forEach((w, i) => {
    if (!(w >= 0 && Number.isFinite(w))) throw new RangeError(`weights[${i}]: expected a finite weight ≥ 0, got ${w}`);
    total += w;
  });
  if (!(total > 0)) throw new RangeError("weights: expected a positive total");
  return weights.map((w) => w / total);
}

/**
 * Systematic resampling: `count` particle indices, ascending, where index i appears ⌊count·wᵢ⌋ or ⌈count·wᵢ⌉
 * times (Kitagawa 1996; Douc, Cappé and Moulines 2005). `u` in [0, 1) is the one uniform draw it needs.
 */
export function systematicResample(weights: readonly number[], count: number, u: number): number[] {
  const w = normalised(weights);
  if (!(Number.isInteger(count) && count >= 1)) throw new RangeError(`count: expected an integer ≥ 1, got ${count}`);
  if (!(u >= 0 && u < 1)) throw new RangeError(`u: expected a number in [0, 1), got ${u}`);
  const out: number[] = [];
  let i = 0;
  let cumulative = w[0]!;
  for (let r = 0; r < count; r++) {
    const point = (r + u) / count;
    while (point >= cumulative && i < w.length - 1) cumulative += w[++i]!;
    out.push(i);
  }
  return out;
}

/**
 * The particle each of `runs` forward runs uses: systematic resampling of the weights, shuffled so that run
 * order carries no information (any prefix of the runs is a random subset). A pure function of (weights,
 * runs, seed). With N particles of roughly equal weight, min(runs, N) distinct particles appear; an
 * independent draw per run gives only about N·(1 − (1 − 1/N)^runs).
 */
export function drawRunParticles(weights: readonly number[], runs: number, seed: string): number[] {
  const rng = createRng(`${seed}:run-particles`);
  const indices = systematicResample(weights, runs, rng.next());
  return rng.shuffle(indices);
}

/** Number of distinct values: particle indices, or parameter vectors compared entry by entry. */
export function distinctCount(values: readonly (number | ArrayLike<number>)[]): number {
  const seen = new Set<string>();
  for (const v of values) seen.add(typeof v === "number" ? String(v) : Array.from(v).join(","));
  return seen.size;
}

function checkClusters(values: readonly number[], clusters: readonly (number | string)[]): Map<number | string, number[]> {
  if (values.length !== clusters.length) throw new RangeError(`clusters: expected ${values.length} labels (one per value), got ${clusters.length}`);
  if (values.length === 0) throw new RangeError("values: expected at least one value");
  const groups = new Map<number | string, number[]>();
  values.forEach((v, i) => {
    if (!Number.isFinite(v)) throw new RangeError(`values[${i}]: expected a finite number, got ${v}`);
    const list = groups.get(clusters[i]!) ?? [];
    list.push(v);
    groups.set(clusters[i]!, list);
  });
  return groups;
}

/** A mean with an interval that accounts for runs sharing a particle. */
export interface ClusteredInterval {
  /** The mean over runs. */
  readonly mean: number;
  /** Lower end of the 95% interval. */
  readonly low: number;
  /** Upper end of the 95% interval. */
  readonly high: number;
  /** Cluster-robust standard error of the mean. */
  readonly standardError: number;
  /** The standard error if runs were independent, s / √n. */
  readonly naiveStandardError: number;
  /** Number of clusters (distinct particles). */
  readonly clusters: number;
  /** Number of runs. */
  readonly runs: number;
  /** (standardError / naiveStandardError)²: how many times the variance of the mean is understated by the naive interval. */
  readonly designEffect: number;
}

/**
 * The mean of per-run values with a 95% interval that treats runs sharing a particle (`clusters`) as
 * correlated: the cluster-robust variance of a mean, G/(G − 1) · Σ_c (Σ_{r∈c} (y_r − ȳ))² / n², with
 * Student's t on G − 1 degrees of freedom for G clusters (Liang and Zeger 1986; Cameron and Miller 2015).
 * Works for any per-run quantity, paired differences included. NaN ends with fewer than two clusters.
 */
export function clusteredMeanInterval(values: readonly number[], clusters: readonly (number | string)[]): ClusteredInterval {
  const groups = checkClusters(values, clusters);
  const n = values.length;
  const g = groups.size;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let between = 0;
  for (const list of groups.values()) {
    let s = 0;
    for (const v of list) s += v - mean;
    between += s * s;
  }
  const standardError = g > 1 ? Math.sqrt((g / (g - 1)) * between) / n : Number.NaN;
  const sampleVariance = n > 1 ? values.reduce((s, v) => s + (v - mean) ** 2, 0) / (n - 1) : Number.NaN;
  const naiveStandardError = Math.sqrt(sampleVariance / n);
  const half = g > 1 ? tQuantile975(g - 1) * standardError : Number.NaN;
  return {
    mean,
    low: mean - half,
    high: mean + half,
    standardError,
    naiveStandardError,
    clusters: g,
    runs: n,
    designEffect: (standardError / naiveStandardError) ** 2,
  };
}

/** Options of {@link clusterBootstrapInterval}. */
export interface ClusterBootstrapOptions {
  /** Central coverage of the interval, in (0, 1); default 0.95. */
  readonly level?: number;
  /** Bootstrap resamples; default 2000. */
  readonly resamples?: number;
  /** Seed of the resampling. */
  readonly seed: string;
}

/**
 * A percentile bootstrap interval of the mean that resamples whole clusters (particles) with replacement
 * (Davison and Hinkley 1997, §3.8), for any coverage level; deterministic for a seed.
 */
export function clusterBootstrapInterval(
  values: readonly number[],
  clusters: readonly (number | string)[],
  options: ClusterBootstrapOptions,
): { readonly mean: number; readonly low: number; readonly high: number } {
  const groups = [...checkClusters(values, clusters).values()].map((list) => ({ sum: list.reduce((a, b) => a + b, 0), count: list.length }));
  const level = options.level ?? 0.95;
  const resamples = options.resamples ?? 2000;
  if (!(level > 0 && level < 1)) throw new RangeError(`level: expected a number in (0, 1), got ${level}`);
  if (!(Number.isInteger(resamples) && resamples >= 10)) throw new RangeError(`resamples: expected an integer ≥ 10, got ${resamples}`);
  const rng = createRng(`${options.seed}:cluster-bootstrap`);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    let count = 0;
    for (let k = 0; k < groups.length; k++) {
      const c = groups[rng.int(0, groups.length - 1)]!;
      sum += c.sum;
      count += c.count;
    }
    means.push(sum / count);
  }
  means.sort((a, b) => a - b);
  const at = (q: number): number => means[Math.min(resamples - 1, Math.max(0, Math.round(q * (resamples - 1))))]!;
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  return { mean, low: at((1 - level) / 2), high: at(1 - (1 - level) / 2) };
}

/** Between- and within-particle variance of per-run values (one-way random-effects analysis of variance). */
export interface VarianceComponents {
  /** Variance between particles' means (parameter uncertainty), method-of-moments, floored at 0. */
  readonly between: number;
  /** Variance between runs of the same particle (stochastic uncertainty). */
  readonly within: number;
  /** between / (between + within): the share of the spread that comes from the parameters. */
  readonly parameterShare: number;
}

/**
 * Splits the spread of per-run values into a between-particle part (the parameters) and a within-particle
 * part (the simulator's own noise), by the one-way ANOVA estimator for unbalanced groups (Searle, Casella and
 * McCulloch 1992, §3.6). Needs some particle with two or more runs for the within part.
 */
export function varianceComponents(values: readonly number[], clusters: readonly (number | string)[]): VarianceComponents {
  const groups = [...checkClusters(values, clusters).values()];
  const n = values.length;
  const g = groups.length;
  const mean = values.reduce((a, b) => a + b, 0) / n;
  let ssWithin = 0;
  let ssBetween = 0;
  let sumSquares = 0;
  for (const list of groups) {
    const m = list.reduce((a, b) => a + b, 0) / list.length;
    for (const v of list) ssWithin += (v - m) ** 2;
    ssBetween += list.length * (m - mean) ** 2;
    sumSquares += list.length ** 2;
  }
  if (n - g < 1) throw new RangeError("clusters: expected some particle with two or more runs to measure the within-particle variance");
  const within = ssWithin / (n - g);
  const n0 = g > 1 ? (n - sumSquares / n) / (g - 1) : 1;
  const between = g > 1 ? Math.max(0, (ssBetween / (g - 1) - within) / n0) : 0;
  const total = between + within;
  return { between, within, parameterShare: total > 0 ? between / total : 0 };
}
