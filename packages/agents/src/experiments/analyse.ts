/**
 * The analysis of an experiment's outcomes: Morris μ*, μ and σ, Sobol first-order and total indices with
 * bootstrap intervals, Spearman rank correlations for Latin hypercubes, and PRIM scenario discovery.
 * Pure functions of (experiment, design, outcomes): the same inputs give the same numbers.
 * @packageDocumentation
 */
import { createRng } from "@ringfence/core";
import { chooseBox, morrisIndices, prim, saltelliTies, sobolIndices, sobolWarnings, type Interval, type PrimBox, type SamplingWarning } from "@ringfence/core/explore";
import { purposeSeed, type ExperimentDesign } from "./design.js";
import type { DiscoveryDirection, Experiment, ExperimentMethod, OutcomeMeasure } from "./experiment-schema.js";

/** Bootstrap resamples behind each Sobol and Morris μ* interval. */
export const SOBOL_BOOTSTRAP = 1000;

/** Model outcomes of an experiment, indexed ((point · scenarios) + scenario) · runs + run. */
export interface ExperimentOutcomes {
  /** Preset ids in experiment order (the baseline first). */
  readonly scenarios: readonly string[];
  /** Number of design points. */
  readonly points: number;
  /** Runs per point and scenario. */
  readonly runs: number;
  /** The outcome indicator's value in the outcome year (NaN where a run failed or the value does not apply). */
  readonly values: Float64Array;
  /** The outcome measure: the value, or (x − baseline) / baseline at the same point and run (NaN for the baseline itself). */
  readonly outcomes: Float64Array;
  /** The outcome year label each scenario recorded ("" when none of its runs succeeded). */
  readonly yearLabels: Readonly<Record<string, string>>;
}

/** Morris measures of one parameter, in outcome units per move across the parameter's whole range. */
export interface MorrisRow {
  /** Parameter path. */
  readonly parameter: string;
  /** Mean elementary effect (signed). */
  readonly mu: number;
  /** Mean absolute elementary effect: overall influence. */
  readonly muStar: number;
  /** Lower end of μ*'s 95% bootstrap interval (trajectories resampled). */
  readonly muStarLow: number;
  /** Upper end of μ*'s 95% bootstrap interval. */
  readonly muStarHigh: number;
  /** Standard deviation of the elementary effects: non-linearity or interactions. */
  readonly sigma: number;
}

/** Sobol indices of one parameter with 95% bootstrap percentile intervals. */
export interface SobolRow {
  /** Parameter path. */
  readonly parameter: string;
  /** First-order index S_i. */
  readonly first: Interval;
  /** Total-effect index S_Ti. */
  readonly total: Interval;
}

/** Spearman rank correlation of one parameter with the outcome, with a 95% interval. */
export interface CorrelationRow {
  /** Parameter path. */
  readonly parameter: string;
  /** Spearman's ρ. */
  readonly rho: number;
  /** Lower bound of the 95% interval (Fisher z, standard error √(1.06 / (n − 3))). */
  readonly low: number;
  /** Upper bound of the 95% interval. */
  readonly high: number;
}

/** One PRIM box with its limits by parameter. */
export interface DiscoveryBox {
  /** How the box was made. */
  readonly kind: PrimBox["kind"];
  /** Cases inside / all cases. */
  readonly coverage: number;
  /** Cases inside / runs inside. */
  readonly density: number;
  /** Runs inside / all runs. */
  readonly mass: number;
  /** Runs inside. */
  readonly count: number;
  /** Limits per parameter, in design order. */
  readonly limits: readonly { readonly parameter: string; readonly low: number; readonly high: number }[];
}

/** The PRIM result for one compared scenario. */
export interface DiscoveryResult {
  /** The outcome threshold. */
  readonly threshold: number;
  /** Whether cases lie below or above it. */
  readonly direction: DiscoveryDirection;
  /** Least density of the chosen box. */
  readonly minDensity: number;
  /** Runs with a finite outcome (each a row: the parameter values of its point). */
  readonly rows: number;
  /** Rows that are cases of interest. */
  readonly cases: number;
  /** The PRIM trajectory (empty when there is no case). */
  readonly trajectory: readonly DiscoveryBox[];
  /** The box with the highest coverage among those with density ≥ minDensity, and the parameters it restricts. */
  readonly chosen: (DiscoveryBox & { readonly index: number; readonly restricted: readonly string[] }) | null;
}

/** Summary of an outcome series across its runs. */
export interface OutcomeSummary {
  /** Runs with a finite outcome. */
  readonly runs: number;
  /** Runs without one (failed, or the value did not apply). */
  readonly missing: number;
  /** Mean. */
  readonly mean: number;
  /** Smallest. */
  readonly min: number;
  /** Largest. */
  readonly max: number;
}

/** The analysis of one outcome series: one compared scenario (paired-relative) or one scenario (value). */
export interface TargetAnalysis {
  /** Preset id. */
  readonly scenario: string;
  /** The outcome across runs. */
  readonly summary: OutcomeSummary;
  /** Morris measures (method morris). */
  readonly morris?: readonly MorrisRow[];
  /** Sobol indices (method sobol). */
  readonly sobol?: readonly SobolRow[];
  /** Spearman rank correlations (method lhs). */
  readonly correlation?: readonly CorrelationRow[];
  /** Scenario discovery (when the experiment asks for it). */
  readonly discovery?: DiscoveryResult;
  /** Why its measures should not be read as they stand, with the reason (empty when nothing is wrong). */
  readonly warnings: readonly SamplingWarning[];
}

/** The analysis of an experiment. */
export interface ExperimentAnalysis {
  /** The design method. */
  readonly method: ExperimentMethod;
  /** The outcome indicator. */
  readonly indicator: string;
  /** The outcome year as asked ("last" or a label). */
  readonly year: string;
  /** The outcome measure. */
  readonly measure: OutcomeMeasure;
  /** How each point's output was formed from its runs, in words. */
  readonly pointOutput: string;
  /** One analysis per outcome series. */
  readonly targets: readonly TargetAnalysis[];
}

/** Index of (point, scenario, run) in {@link ExperimentOutcomes} arrays. */
export function outcomeIndex(outcomes: Pick<ExperimentOutcomes, "scenarios" | "runs">, point: number, scenario: number, run: number): number {
  return (point * outcomes.scenarios.length + scenario) * outcomes.runs + run;
}

/** The outcome measure from indicator values: a copy for "value", (x − base) / base for "paired-relative". */
export function measureOutcomes(values: Float64Array, scenarios: number, runs: number, measure: OutcomeMeasure): Float64Array {
  if (measure === "value") return Float64Array.from(values);
  const out = new Float64Array(values.length).fill(Number.NaN);
  const points = values.length / (scenarios * runs);
  for (let p = 0; p < points; p++) {
    for (let r = 0; r < runs; r++) {
      const base = values[(p * scenarios) * runs + r]!;
      if (!Number.isFinite(base) || base === 0) continue;
      for (let s = 1; s < scenarios; s++) {
        const k = (p * scenarios + s) * runs + r;
        const x = values[k]!;
        if (Number.isFinite(x)) out[k] = (x - base) / base;
      }
    }
  }
  return out;
}

/** Ranks (1-based) with ties given their average rank. */
function ranks(xs: readonly number[]): number[] {
  const order = xs.map((_, i) => i).sort((a, b) => xs[a]! - xs[b]! || a - b);
  const out = new Array<number>(xs.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && xs[order[j + 1]!] === xs[order[i]!]) j++;
    const rank = (i + j) / 2 + 1;
    for (let k = i; k <= j; k++) out[order[k]!] = rank;
    i = j + 1;
  }
  return out;
}

function pearson(xs: readonly number[], ys: readonly number[]): number {
  const n = xs.length;
  const mx = xs.reduce((a, b) => a + b, 0) / n;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (xs[i]! - mx) * (ys[i]! - my);
    sxx += (xs[i]! - mx) ** 2;
    syy += (ys[i]! - my) ** 2;
  }
  return sxx > 0 && syy > 0 ? sxy / Math.sqrt(sxx * syy) : Number.NaN;
}

/**
 * Spearman's rank correlation of x and y (Pearson correlation of their average ranks) with a 95% interval
 * from Fisher's z with standard error √(1.06 / (n − 3)) (Fieller, Hartley and Pearson 1957); NaN bounds for n < 4.
 */
export function spearman(xs: readonly number[], ys: readonly number[]): { rho: number; low: number; high: number } {
  if (xs.length !== ys.length) throw new RangeError(`spearman: x has ${xs.length} values but y has ${ys.length}`);
  const n = xs.length;
  if (n < 2) return { rho: Number.NaN, low: Number.NaN, high: Number.NaN };
  const rho = pearson(ranks(xs), ranks(ys));
  if (n < 4 || !Number.isFinite(rho)) return { rho, low: Number.NaN, high: Number.NaN };
  const z = Math.atanh(Math.max(-1, Math.min(1, rho)));
  const se = Math.sqrt(1.06 / (n - 3));
  const q = 1.959963984540054;
  return { rho, low: Math.tanh(z - q * se), high: Math.tanh(z + q * se) };
}

function summarise(xs: readonly number[]): OutcomeSummary {
  const fin = xs.filter(Number.isFinite);
  if (fin.length === 0) return { runs: 0, missing: xs.length, mean: Number.NaN, min: Number.NaN, max: Number.NaN };
  return { runs: fin.length, missing: xs.length - fin.length, mean: fin.reduce((a, b) => a + b, 0) / fin.length, min: Math.min(...fin), max: Math.max(...fin) };
}

function boxOf(box: PrimBox, paths: readonly string[]): DiscoveryBox {
  return {
    kind: box.kind,
    coverage: box.coverage,
    density: box.density,
    mass: box.mass,
    count: box.count,
    limits: box.limits.map((l, d) => ({ parameter: paths[d]!, low: l.low, high: l.high })),
  };
}

/**
 * PRIM on the runs of one outcome series: each run with a finite outcome is a row (its point's parameter
 * values); it is a case when its outcome lies strictly below (or above) the threshold.
 */
export function discover(
  design: ExperimentDesign,
  outcomeOf: (point: number, run: number) => number,
  runs: number,
  spec: { readonly threshold: number; readonly direction: DiscoveryDirection; readonly minDensity: number; readonly alpha: number },
): DiscoveryResult {
  const x: (readonly number[])[] = [];
  const y: boolean[] = [];
  design.points.forEach((values, p) => {
    for (let r = 0; r < runs; r++) {
      const v = outcomeOf(p, r);
      if (!Number.isFinite(v)) continue;
      x.push(values);
      y.push(spec.direction === "below" ? v < spec.threshold : v > spec.threshold);
    }
  });
  const cases = y.filter(Boolean).length;
  const base = { threshold: spec.threshold, direction: spec.direction, minDensity: spec.minDensity, rows: x.length, cases };
  if (cases === 0) return { ...base, trajectory: [], chosen: null };
  const paths = design.parameters.map((p) => p.path);
  const trajectory = prim(x, y, { alpha: spec.alpha });
  const chosen = chooseBox(trajectory, spec.minDensity);
  return {
    ...base,
    trajectory: trajectory.map((b) => boxOf(b, paths)),
    chosen: chosen === undefined ? null : { ...boxOf(chosen, paths), index: chosen.index, restricted: chosen.restricted.map((d) => paths[d]!) },
  };
}

/**
 * Analyses an experiment's outcomes. Each outcome series (each compared scenario for paired-relative, each
 * scenario for value) gets its own measures; a point's output is the mean of its finite run outcomes.
 * @remarks Morris: `morrisIndices` on the design's trajectories, in outcome units per move across the whole
 * range, μ* with a 95% interval from {@link SOBOL_BOOTSTRAP} resamples of the trajectories. Sobol: `sobolIndices`
 * with {@link SOBOL_BOOTSTRAP} resamples of the base rows; both bootstraps draw from a generator seeded
 * `<seed>/bootstrap/<scenario>`. Each target carries the samplers' warnings (too few trajectories or base rows
 * to resolve the indices, a parameter the design never varies after rounding).
 * LHS: Spearman rank correlation per parameter (robust to monotone non-linearity, no model assumed), computed
 * on point outputs. A point with no finite run makes every Morris or Sobol measure that uses it NaN (null in JSON).
 * Integer parameters are rounded in the design, so their Morris effects are per the unrounded step.
 */
export function analyseOutcomes(experiment: Experiment, design: ExperimentDesign, outcomes: ExperimentOutcomes): ExperimentAnalysis {
  const { runs, points } = outcomes;
  const targetIndices = experiment.outcome.measure === "paired-relative" ? outcomes.scenarios.slice(1).map((_, i) => i + 1) : outcomes.scenarios.map((_, i) => i);
  const paths = design.parameters.map((p) => p.path);
  const targets = targetIndices.map((s): TargetAnalysis => {
    const scenario = outcomes.scenarios[s]!;
    const at = (p: number, r: number): number => outcomes.outcomes[outcomeIndex(outcomes, p, s, r)]!;
    const all: number[] = [];
    const pointOutput = new Float64Array(points);
    for (let p = 0; p < points; p++) {
      let sum = 0;
      let n = 0;
      for (let r = 0; r < runs; r++) {
        const v = at(p, r);
        all.push(v);
        if (Number.isFinite(v)) {
          sum += v;
          n++;
        }
      }
      pointOutput[p] = n > 0 ? sum / n : Number.NaN;
    }
    const result: { -readonly [K in keyof TargetAnalysis]: TargetAnalysis[K] } = { scenario, summary: summarise(all), warnings: [] };
    const plan = design.plan;
    const rng = createRng(purposeSeed(experiment, `bootstrap/${scenario}`));
    if (plan.method === "morris") {
      const m = morrisIndices(plan.morris, pointOutput, { rng, bootstrap: SOBOL_BOOTSTRAP });
      result.morris = paths.map((parameter, d) => ({ parameter, mu: m.mu[d]!, muStar: m.muStar[d]!, muStarLow: m.muStarInterval![d]!.low, muStarHigh: m.muStarInterval![d]!.high, sigma: m.sigma[d]! }));
      result.warnings = m.warnings;
    } else if (plan.method === "sobol") {
      const si = sobolIndices(plan.saltelli, pointOutput, { rng, bootstrap: SOBOL_BOOTSTRAP, names: paths });
      result.sobol = paths.map((parameter, d) => ({ parameter, first: si.first[d]!, total: si.total[d]! }));
      // Ties are counted on the values the runs used (integer parameters rounded), not the unit design's.
      result.warnings = sobolWarnings(plan.saltelli, si, paths, saltelliTies(plan.saltelli, design.points));
    } else {
      const keep: number[] = [];
      pointOutput.forEach((v, p) => {
        if (Number.isFinite(v)) keep.push(p);
      });
      const ys = keep.map((p) => pointOutput[p]!);
      result.correlation = paths.map((parameter, d) => ({ parameter, ...spearman(keep.map((p) => design.points[p]![d]!), ys) }));
    }
    if (experiment.discovery !== undefined) result.discovery = discover(design, at, runs, experiment.discovery);
    return result;
  });
  return {
    method: experiment.method,
    indicator: experiment.outcome.indicator,
    year: experiment.outcome.year,
    measure: experiment.outcome.measure,
    pointOutput: runs === 1 ? "the outcome of the point's single run" : `the mean of the point's finite outcomes over its ${runs} runs (run i has the same seed at every point)`,
    targets,
  };
}
