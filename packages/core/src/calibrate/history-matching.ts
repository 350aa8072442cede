/**
 * Bayesian history matching in waves with Gaussian-process emulators (Vernon, Goldstein and Bower 2010;
 * Andrianakis et al. 2015), for any stochastic simulator that maps a parameter vector and a seed to a
 * vector of outputs.
 *
 * Each wave:
 * 1. **Design.** A space-filling design of `designSize` points (default 10 × the number of inputs) inside the
 *    current non-implausible region: wave 0 a maximin Latin hypercube of the input box; later waves the
 *    most spread-out of `designTries` random subsets of the previous wave's uniform sample of the region.
 *    The first `replicatePoints` points are run `replicates` times (different seeds) to measure the
 *    simulator's own variance; every other point once.
 * 2. **Runs.** The caller's `simulate` callback runs batches of (parameters, seed) and returns one output
 *    vector per run; a non-finite output is treated as missing for that output.
 * 3. **Emulators.** One {@link fitEmulator} per output on inputs scaled to [0, 1]; its leave-one-out share of
 *    standardised errors within ±3 must reach `looShare` (default 0.95), or the output is not used to cut
 *    space in this wave (recorded with the reason).
 * 4. **Implausibility.** For output j, I_j(x) = |z_j − E[f_j(x)]| / √(Var_emulator(x) + Var_observation +
 *    Var_discrepancy + Var_ensemble), where Var_ensemble is the simulator's variance between runs at the
 *    same inputs (given, or pooled over the replicate points). A point is non-implausible in a wave when the
 *    `order`-th largest I_j over the used outputs (default: the second largest with three or more outputs,
 *    else the largest) is at most `cutoff` (default 3), and non-implausible overall when it is so in every
 *    wave so far.
 * 5. **Region and volume.** The previous wave's uniform sample of the region (wave 0: a uniform sample of
 *    the whole box) is filtered by this wave's implausibility; the share kept times the previous volume is
 *    the new non-implausible volume (as a share of the input box). The sample is then refilled to
 *    `regionSample` points by uniform draws in the kept points' bounding box (widened by 10% of its width
 *    on each side, within the previous box) that are non-implausible in every wave.
 *
 * A wave's design is a pure function of (settings, wave number, previous waves' records)
 * ({@link designWave}), and its record a pure function of those and its runs' outputs
 * ({@link completeWave}); records are JSON-safe and {@link parseHistoryMatchWave} reads them back, so an
 * interrupted history match resumes from its finished waves with the same result.
 * @packageDocumentation
 */
import { z } from "zod";
import { createRng, type Rng } from "../random.js";
import { parseInput } from "../validation.js";
import { maximinLatinHypercube, maximinSubset } from "./design.js";
import { fitEmulator, restoreEmulator, type EmulatorKernel, type EmulatorMean, type GaussianProcessEmulator, type SerializedEmulator } from "./emulator.js";

/** An input (parameter) of the simulator and the box it is searched over. */
export interface HistoryMatchInput {
  /** The input's name. */
  readonly name: string;
  /** Lowest value searched. */
  readonly low: number;
  /** Highest value searched. */
  readonly high: number;
}

/** An observed output the simulator is matched to, with the variances that make up the implausibility's denominator. */
export interface HistoryMatchTarget {
  /** The output's name. */
  readonly name: string;
  /** The observed value z. */
  readonly observed: number;
  /** Variance of the observation's error about the true value (measurement, sampling). */
  readonly observationVariance: number;
  /** Model discrepancy: variance of the gap between the simulator at its best inputs and reality. */
  readonly discrepancyVariance: number;
  /** The simulator's own variance between runs at the same inputs; estimated from replicate runs when omitted. */
  readonly ensembleVariance?: number;
}

/** What determines a history match's designs and records (everything but the simulator). */
export interface HistoryMatchSettings {
  /** Inputs and their boxes; a design point holds their values in this order. */
  readonly inputs: readonly HistoryMatchInput[];
  /** Outputs matched; `simulate` returns their values in this order. */
  readonly targets: readonly HistoryMatchTarget[];
  /** Master seed: designs, run seeds and region samples derive from it alone. */
  readonly seed: string;
  /** Distinct design points per wave; default 10 × the number of inputs. */
  readonly designSize?: number;
  /** Design points run more than once; default max(2, ⌈designSize / 10⌉). */
  readonly replicatePoints?: number;
  /** Runs at each replicate point; default 4. */
  readonly replicates?: number;
  /** Implausibility cutoff; default 3. */
  readonly cutoff?: number;
  /** Which largest implausibility over outputs is compared with the cutoff (1 = the largest); default 2 with three or more targets, else 1. */
  readonly order?: number;
  /** Emulators' mean function; default "linear". */
  readonly mean?: EmulatorMean;
  /** Emulators' correlation function; default "squared-exponential". */
  readonly kernel?: EmulatorKernel;
  /** Leave-one-out share within ±3 an emulator needs to be used; default 0.95. */
  readonly looShare?: number;
  /** Points in each wave's uniform sample of the non-implausible region (and in the first sample of the box); default 5000. */
  readonly regionSample?: number;
  /** Most uniform draws made to refill the region sample after a wave; default 200,000. */
  readonly maxRegionDraws?: number;
  /** Random designs compared for the maximin criterion; default 20. */
  readonly designTries?: number;
  /**
   * Inputs each output's emulator is fitted on (its active inputs: those whose runs correlate most with the
   * output, Andrianakis et al. 2015); the other inputs' effect is left to the emulator's nugget. Default
   * min(number of inputs, 12).
   */
  readonly activeInputs?: number;
}

/** One simulator run of a wave's design. */
export interface HistoryMatchRun {
  /** Index of the design point. */
  readonly point: number;
  /** Replicate number at that point, from 0. */
  readonly replicate: number;
  /** The parameter values, in the order of `inputs`. */
  readonly parameters: Float64Array;
  /** The run's seed: `${seed}:hm:${wave}:${point}:${replicate}`. */
  readonly seed: string;
}

/** Which wave and batch a `simulate` call is for. */
export interface HistoryMatchBatchContext {
  /** Wave number, from 0. */
  readonly wave: number;
  /** Batch number within the wave, from 0. */
  readonly batch: number;
}

/** Options of {@link runHistoryMatching}. */
export interface HistoryMatchOptions extends HistoryMatchSettings {
  /** The most waves in the end (resumed ones included). */
  readonly waves: number;
  /** Runs a batch; returns one output vector (in the order of `targets`) per run. */
  readonly simulate: (runs: readonly HistoryMatchRun[], context: HistoryMatchBatchContext) => Promise<readonly (readonly number[])[]>;
  /** Runs handed to `simulate` at once; default all the wave's runs. */
  readonly batchSize?: number;
  /** Finished waves 0 to k − 1 (for example parsed from files); the match continues with wave k. */
  readonly resume?: readonly HistoryMatchWave[];
  /** Threads that fit each wave's emulators and refill its region sample (default: this thread); the records are the same either way. */
  readonly threads?: WaveThreads;
  /** Called after each newly finished wave, before the next starts. */
  readonly onWave?: (wave: HistoryMatchWave) => void | Promise<void>;
}

/** The variances in one output's implausibility, as used in a wave. */
export interface HistoryMatchVariances {
  /** Observation error variance (as given). */
  readonly observation: number;
  /** Model discrepancy variance (as given). */
  readonly discrepancy: number;
  /** The simulator's variance between runs at the same inputs. */
  readonly ensemble: number;
  /** Where the ensemble variance came from: given, pooled over replicate runs, or (no replicate data) the emulator's nugget. */
  readonly ensembleSource: "given" | "replicates" | "nugget";
  /** Degrees of freedom of the replicate estimate (0 when given or from the nugget). */
  readonly ensembleDf: number;
  /** Mean emulator variance over the region kept after the wave (null when the output has no emulator or nothing is kept). */
  readonly emulatorMean: number | null;
}

/** One output's emulator in a wave, its diagnostics, and whether it cut space. */
export interface HistoryMatchEmulatorRecord {
  /** The target's name. */
  readonly target: string;
  /** The observed value z. */
  readonly observed: number;
  /** The fitted emulator, or null when too few runs had a finite value. */
  readonly emulator: SerializedEmulator | null;
  /** Leave-one-out share of standardised errors within ±3 (null without an emulator). */
  readonly looShareWithin3: number | null;
  /** Leave-one-out mean squared standardised error (null without an emulator). */
  readonly looMeanSquared: number | null;
  /** True when the emulator passed its leave-one-out check and counts in the implausibility. */
  readonly used: boolean;
  /** Why it is not used (empty when used). */
  readonly note: string;
  /** The variances of its implausibility. */
  readonly variances: HistoryMatchVariances;
  /** The inputs (indices, ascending) the emulator is fitted on; every input when absent. */
  readonly active?: readonly number[] | undefined;
}

/** The non-implausible region after a wave, as a uniform sample of it. */
export interface HistoryMatchRegion {
  /** Box (in [0, 1] coordinates) the refill draws came from. */
  readonly box: { readonly low: readonly number[]; readonly high: readonly number[] };
  /** Points uniform in the region, in [0, 1] coordinates (the next wave's design candidates). */
  readonly sample: readonly (readonly number[])[];
  /** Points of the previous sample still non-implausible after this wave. */
  readonly retained: number;
  /** Size of the previous sample (wave 0: the first uniform sample of the box). */
  readonly previousSample: number;
  /** Uniform draws made in `box` to refill the sample. */
  readonly draws: number;
  /** Share of the input box that is non-implausible after this wave. */
  readonly volume: number;
  /** Binomial relative standard error of `volume`, compounded over the waves (null when the volume is 0). */
  readonly volumeRelativeError: number | null;
}

/** A finished wave: its design, runs, emulators, cut and the region left. JSON-safe. */
export interface HistoryMatchWave {
  /** Wave number, from 0. */
  readonly index: number;
  /** The inputs and their boxes (for reading the record alone). */
  readonly inputs: readonly HistoryMatchInput[];
  /** The implausibility cutoff. */
  readonly cutoff: number;
  /** Which largest implausibility was compared with the cutoff. */
  readonly order: number;
  /** Design points in [0, 1] coordinates. */
  readonly design: readonly (readonly number[])[];
  /** Each run's design point, replicate and outputs (null for a non-finite output). */
  readonly runs: readonly { readonly point: number; readonly replicate: number; readonly outputs: readonly (number | null)[] }[];
  /** One record per target, in the order of `targets`. */
  readonly emulators: readonly HistoryMatchEmulatorRecord[];
  /** The non-implausible region after this wave. */
  readonly region: HistoryMatchRegion;
}

/** Why a history match stopped. */
export type HistoryMatchStop = "max-waves" | "small-region";

/** The outcome of {@link runHistoryMatching}. */
export interface HistoryMatchResult {
  /** Every finished wave, resumed ones first. */
  readonly waves: readonly HistoryMatchWave[];
  /** Why it stopped: all waves done, or the region sample holds fewer points than a design needs. */
  readonly stop: HistoryMatchStop;
}

/** An output's implausibility in one wave. */
export interface WaveImplausibility {
  /** The order-th largest implausibility over the used outputs (0 when none is used). */
  readonly value: number;
  /** Each target's implausibility (null when its emulator is not used). */
  readonly perTarget: readonly (number | null)[];
  /** True when `value` is at most the wave's cutoff. */
  readonly nonImplausible: boolean;
}

// -------------------------------------------------------------------------------------------------
// Settings

/** Settings with every default filled in. */
export interface Resolved {
  readonly inputs: readonly HistoryMatchInput[];
  readonly targets: readonly HistoryMatchTarget[];
  readonly seed: string;
  readonly designSize: number;
  readonly replicatePoints: number;
  readonly replicates: number;
  readonly cutoff: number;
  readonly order: number;
  readonly mean: EmulatorMean;
  readonly kernel: EmulatorKernel;
  readonly looShare: number;
  readonly regionSample: number;
  readonly maxRegionDraws: number;
  readonly designTries: number;
  readonly activeInputs: number;
}

function integerAtLeast(name: string, value: number, min: number): void {
  if (!(Number.isInteger(value) && value >= min)) throw new RangeError(`${name}: expected an integer ≥ ${min}, got ${value}`);
}

function resolve(s: HistoryMatchSettings): Resolved {
  const d = s.inputs.length;
  if (d === 0) throw new RangeError("inputs: expected at least one input");
  if (s.targets.length === 0) throw new RangeError("targets: expected at least one target");
  s.inputs.forEach((input, i) => {
    if (!(Number.isFinite(input.low) && Number.isFinite(input.high) && input.low < input.high)) {
      throw new RangeError(`inputs[${i}] (${input.name}): expected finite low < high, got ${input.low} to ${input.high}`);
    }
  });
  if (new Set(s.inputs.map((i) => i.name)).size !== d) throw new RangeError("inputs: names must be unique");
  if (new Set(s.targets.map((t) => t.name)).size !== s.targets.length) throw new RangeError("targets: names must be unique");
  s.targets.forEach((t, i) => {
    const where = `targets[${i}] (${t.name})`;
    if (!Number.isFinite(t.observed)) throw new RangeError(`${where}.observed: expected a finite number, got ${t.observed}`);
    for (const key of ["observationVariance", "discrepancyVariance"] as const) {
      if (!(t[key] >= 0 && Number.isFinite(t[key]))) throw new RangeError(`${where}.${key}: expected a finite variance ≥ 0, got ${t[key]}`);
    }
    if (t.ensembleVariance !== undefined && !(t.ensembleVariance >= 0 && Number.isFinite(t.ensembleVariance))) {
      throw new RangeError(`${where}.ensembleVariance: expected a finite variance ≥ 0, got ${t.ensembleVariance}`);
    }
  });
  const designSize = s.designSize ?? 10 * d;
  integerAtLeast("designSize", designSize, d + 3);
  const replicatePoints = s.replicatePoints ?? Math.max(2, Math.ceil(designSize / 10));
  integerAtLeast("replicatePoints", replicatePoints, 0);
  if (replicatePoints > designSize) throw new RangeError(`replicatePoints: expected at most designSize (${designSize}), got ${replicatePoints}`);
  const replicates = s.replicates ?? 4;
  integerAtLeast("replicates", replicates, 1);
  if ((replicatePoints === 0 || replicates < 2) && s.targets.some((t) => t.ensembleVariance === undefined)) {
    throw new RangeError("replicatePoints, replicates: a target without ensembleVariance needs replicate runs (replicatePoints ≥ 1 and replicates ≥ 2) to estimate it");
  }
  const cutoff = s.cutoff ?? 3;
  if (!(cutoff > 0 && Number.isFinite(cutoff))) throw new RangeError(`cutoff: expected a positive number, got ${cutoff}`);
  const order = s.order ?? (s.targets.length >= 3 ? 2 : 1);
  integerAtLeast("order", order, 1);
  if (order > s.targets.length) throw new RangeError(`order: expected at most the number of targets (${s.targets.length}), got ${order}`);
  const looShare = s.looShare ?? 0.95;
  if (!(looShare >= 0 && looShare <= 1)) throw new RangeError(`looShare: expected a share from 0 to 1, got ${looShare}`);
  const regionSample = s.regionSample ?? 5000;
  integerAtLeast("regionSample", regionSample, designSize);
  const maxRegionDraws = s.maxRegionDraws ?? 200_000;
  integerAtLeast("maxRegionDraws", maxRegionDraws, 0);
  const designTries = s.designTries ?? 20;
  integerAtLeast("designTries", designTries, 1);
  const activeInputs = Math.min(d, s.activeInputs ?? 12);
  integerAtLeast("activeInputs", activeInputs, 1);
  return {
    inputs: s.inputs,
    targets: s.targets,
    seed: s.seed,
    designSize,
    replicatePoints,
    replicates,
    cutoff,
    order,
    mean: s.mean ?? "linear",
    kernel: s.kernel ?? "squared-exponential",
    looShare,
    regionSample,
    maxRegionDraws,
    designTries,
    activeInputs,
  };
}

/**
 * The `k` inputs that explain most of the output on their own, in ascending order of index (ties to the lower
 * index): each input is scored by the R² of a quadratic in it alone (so an effect that rises then falls is
 * found, as a correlation would miss it); every input when k is at least their number.
 */
export function activeInputsOf(xs: readonly (readonly number[])[], ys: readonly number[], k: number): number[] {
  const d = xs[0]?.length ?? 0;
  if (k >= d) return Array.from({ length: d }, (_, i) => i);
  const n = ys.length;
  const my = ys.reduce((a, b) => a + b, 0) / n;
  const dy = ys.map((y) => y - my);
  const syy = dy.reduce((a, b) => a + b * b, 0);
  const explained = (z: readonly number[]): number => {
    let szy = 0;
    let szz = 0;
    for (let r = 0; r < n; r++) {
      szy += z[r]! * dy[r]!;
      szz += z[r]! * z[r]!;
    }
    return szz > 0 && syy > 0 ? (szy * szy) / (szz * syy) : 0;
  };
  const score = Array.from({ length: d }, (_, i) => {
    // z1: the input centred; z2: its square, made orthogonal to 1 and z1, so R² = r²(y, z1) + r²(y, z2).
    const x = xs.map((row) => row[i]!);
    const mx = x.reduce((a, b) => a + b, 0) / n;
    const z1 = x.map((v) => v - mx);
    const sq = x.map((v) => v * v);
    const msq = sq.reduce((a, b) => a + b, 0) / n;
    const c = sq.map((v) => v - msq);
    let s11 = 0;
    let s1c = 0;
    for (let r = 0; r < n; r++) {
      s11 += z1[r]! * z1[r]!;
      s1c += z1[r]! * c[r]!;
    }
    const z2 = s11 > 0 ? c.map((v, r) => v - (s1c / s11) * z1[r]!) : c;
    return explained(z1) + explained(z2);
  });
  return score
    .map((c, i) => ({ c, i }))
    .sort((a, b) => b.c - a.c || a.i - b.i)
    .slice(0, k)
    .map((x) => x.i)
    .sort((a, b) => a - b);
}

/** An emulator that predicts at a point of every input, through its active inputs. */
interface Predictor {
  predict(u: ArrayLike<number>): { readonly mean: number; readonly variance: number };
  predictMean(u: ArrayLike<number>): number;
}

/** Restores a record's emulator as a predictor over every input (projecting a point onto its active inputs). */
function predictorOf(rec: HistoryMatchEmulatorRecord): Predictor | null {
  if (rec.emulator === null) return null;
  const e = restoreEmulator(rec.emulator);
  const active = rec.active;
  if (active === undefined) return e;
  const x = new Float64Array(active.length);
  const project = (u: ArrayLike<number>): Float64Array => {
    for (let k = 0; k < active.length; k++) x[k] = u[active[k]!]!;
    return x;
  };
  return { predict: (u) => e.predict(project(u)), predictMean: (u) => e.predictMean(project(u)) };
}

function toUnit(inputs: readonly HistoryMatchInput[], x: ArrayLike<number>): Float64Array {
  if (x.length !== inputs.length) throw new RangeError(`x: expected ${inputs.length} parameter values, got ${x.length}`);
  return Float64Array.from(inputs, (input, i) => (x[i]! - input.low) / (input.high - input.low));
}

function fromUnit(inputs: readonly HistoryMatchInput[], u: ArrayLike<number>): Float64Array {
  return Float64Array.from(inputs, (input, i) => input.low + (input.high - input.low) * u[i]!);
}

function checkPrevious(previous: readonly HistoryMatchWave[]): void {
  previous.forEach((w, i) => {
    if (w.index !== i) throw new RangeError(`previous waves[${i}]: expected wave index ${i}, got ${w.index}`);
  });
}

// -------------------------------------------------------------------------------------------------
// Designs

/**
 * The runs of the next wave (number `previous.length`): a pure function of the settings and the previous
 * waves' records. Returns no runs when the previous region sample holds fewer points than a design needs.
 */
export function designWave(settings: HistoryMatchSettings, previous: readonly HistoryMatchWave[]): HistoryMatchRun[] {
  const s = resolve(settings);
  checkPrevious(previous);
  const wave = previous.length;
  const rng = createRng(`${s.seed}:hm:${wave}:design`);
  const last = previous[wave - 1];
  let design: Float64Array[];
  if (!last) design = maximinLatinHypercube(s.designSize, s.inputs.length, rng, s.designTries);
  else if (last.region.sample.length < s.designSize) return [];
  else design = maximinSubset(last.region.sample, s.designSize, rng, s.designTries);
  const runs: HistoryMatchRun[] = [];
  design.forEach((u, point) => {
    const count = point < s.replicatePoints ? s.replicates : 1;
    for (let replicate = 0; replicate < count; replicate++) {
      runs.push({ point, replicate, parameters: fromUnit(s.inputs, u), seed: `${s.seed}:hm:${wave}:${point}:${replicate}` });
    }
  });
  return runs;
}

// -------------------------------------------------------------------------------------------------
// Implausibility

/** A wave's used emulators, restored once per record. */
export interface LiveWave {
  /** The record. */
  readonly record: HistoryMatchWave;
  /** Each target's emulator when used, else null. */
  readonly emulators: readonly (Predictor | null)[];
  /** Var_observation + Var_discrepancy + Var_ensemble per target. */
  readonly fixedVariance: readonly number[];
}

const live = new WeakMap<HistoryMatchWave, LiveWave>();

/** A wave's record with its emulators restored (once per record). */
export function liveWave(record: HistoryMatchWave): LiveWave {
  let w = live.get(record);
  if (!w) {
    w = {
      record,
      emulators: record.emulators.map((e) => (e.used ? predictorOf(e) : null)),
      fixedVariance: record.emulators.map((e) => e.variances.observation + e.variances.discrepancy + e.variances.ensemble),
    };
    live.set(record, w);
  }
  return w;
}

/** The order a live wave checks its outputs in: those that have ruled out most points so far first. */
interface CutOrder {
  /** Indices of the used outputs, in checking order. */
  readonly order: Int32Array;
  /** Points each output (by index) has ruled out so far. */
  readonly hits: Float64Array;
  /** Points ruled out since the order was last sorted. */
  rejections: number;
}

const cutOrders = new WeakMap<LiveWave, CutOrder>();

function cutOrderOf(w: LiveWave): CutOrder {
  let c = cutOrders.get(w);
  if (!c) {
    const used: number[] = [];
    w.emulators.forEach((e, j) => {
      if (e) used.push(j);
    });
    c = { order: Int32Array.from(used), hits: new Float64Array(w.emulators.length), rejections: 0 };
    cutOrders.set(w, c);
  }
  return c;
}

/**
 * True when u (unit coordinates) passes the wave's cut: fewer than `order` used outputs exceed the cutoff. Skips
 * the emulator variance wherever the mean alone decides, and checks first the outputs that have ruled out most
 * points so far, so a point outside the region is usually ruled out after two or three outputs rather than
 * after most of them. The verdict is a count, so it does not depend on the order of checking.
 */
function passesWave(w: LiveWave, u: ArrayLike<number>): boolean {
  const { cutoff, order } = w.record;
  const c2 = cutoff * cutoff;
  const c = cutOrderOf(w);
  if (c.order.length === 0) return true;
  const need = Math.min(order, c.order.length);
  let exceeding = 0;
  for (let k = 0; k < c.order.length; k++) {
    const j = c.order[k]!;
    const e = w.emulators[j]!;
    const z = w.record.emulators[j]!.observed;
    const other = w.fixedVariance[j]!;
    const m = e.predictMean(u);
    const d2 = (z - m) * (z - m);
    if (d2 <= c2 * other) continue; // within the cutoff even with no emulator variance
    if (d2 > c2 * (other + e.predict(u).variance)) {
      c.hits[j]!++;
      exceeding++;
      if (exceeding >= need) {
        if (++c.rejections >= 256) {
          c.rejections = 0;
          const sorted = Array.from(c.order).sort((a, b) => c.hits[b]! - c.hits[a]! || a - b);
          c.order.set(sorted);
        }
        return false;
      }
    }
  }
  return true;
}

/** The implausibility of natural-unit point x in one wave, output by output. */
export function waveImplausibility(wave: HistoryMatchWave, x: ArrayLike<number>): WaveImplausibility {
  const w = liveWave(wave);
  const u = toUnit(wave.inputs, x);
  const perTarget = w.emulators.map((e, j) => {
    if (!e) return null;
    const p = e.predict(u);
    return Math.abs(wave.emulators[j]!.observed - p.mean) / Math.sqrt(p.variance + w.fixedVariance[j]!);
  });
  const values = perTarget.filter((v): v is number => v !== null).sort((a, b) => b - a);
  const value = values.length === 0 ? 0 : values[Math.min(wave.order, values.length) - 1]!;
  return { value, perTarget, nonImplausible: value <= wave.cutoff };
}

/** True when natural-unit point x is inside every wave's input box and non-implausible in every wave. */
export function isNonImplausible(waves: readonly HistoryMatchWave[], x: ArrayLike<number>): boolean {
  const first = waves[0];
  if (!first) return true;
  const u = toUnit(first.inputs, x);
  for (const v of u) if (!(v >= 0 && v <= 1)) return false;
  for (let k = waves.length - 1; k >= 0; k--) if (!passesWave(liveWave(waves[k]!), u)) return false;
  return true;
}

/**
 * The Gaussian log-likelihood of the observations at natural-unit point x as the emulators see it:
 * Σ_j −½ (z_j − E[f_j(x)])² / V_j − ½ log(2π V_j), with V_j = Var_emulator(x) + Var_observation +
 * Var_discrepancy + Var_ensemble, each target taken from the latest wave in which its emulator is used
 * (targets never used are left out). For a posterior inside the non-implausible region.
 */
export function historyMatchLogLikelihood(waves: readonly HistoryMatchWave[]): (x: ArrayLike<number>) => number {
  const first = waves[0];
  if (!first) throw new RangeError("waves: expected at least one finished wave");
  const chosen: { w: LiveWave; j: number }[] = [];
  first.emulators.forEach((_, j) => {
    for (let k = waves.length - 1; k >= 0; k--) {
      const w = liveWave(waves[k]!);
      if (w.emulators[j]) {
        chosen.push({ w, j });
        return;
      }
    }
  });
  return (x) => {
    const u = toUnit(first.inputs, x);
    let sum = 0;
    for (const { w, j } of chosen) {
      const p = w.emulators[j]!.predict(u);
      const v = p.variance + w.fixedVariance[j]!;
      const z = w.record.emulators[j]!.observed;
      sum += -0.5 * ((z - p.mean) ** 2 / v) - 0.5 * Math.log(2 * Math.PI * v);
    }
    return sum;
  };
}

// -------------------------------------------------------------------------------------------------
// Completing a wave

/** What fitting a wave's emulators reads: the settings, the runs in unit coordinates and their outputs (plain data a thread can be handed). */
export interface WaveFitData {
  /** The settings, defaults filled in. */
  readonly s: Resolved;
  /** Each run's design point. */
  readonly points: readonly number[];
  /** Each run's inputs in [0, 1] coordinates. */
  readonly unitRuns: readonly (readonly number[])[];
  /** Each run's outputs, in the order of the targets. */
  readonly outputs: readonly (readonly number[])[];
}

/** The checks, unit design and fit data of a wave about to be completed. */
interface WaveStart {
  readonly s: Resolved;
  readonly index: number;
  readonly design: readonly (readonly number[])[];
  readonly fit: WaveFitData;
  readonly runs: readonly HistoryMatchRun[];
  readonly outputs: readonly (readonly number[])[];
}

function startWave(settings: HistoryMatchSettings, previous: readonly HistoryMatchWave[], runs: readonly HistoryMatchRun[], outputs: readonly (readonly number[])[]): WaveStart {
  const s = resolve(settings);
  checkPrevious(previous);
  const T = s.targets.length;
  if (outputs.length !== runs.length) throw new RangeError(`outputs: expected ${runs.length} output vectors (one per run), got ${outputs.length}`);
  outputs.forEach((o, r) => {
    if (o.length !== T) throw new RangeError(`outputs[${r}]: expected ${T} values (one per target), got ${o.length}`);
  });
  const points = new Map<number, readonly number[]>();
  for (const run of runs) points.set(run.point, Array.from(toUnit(s.inputs, run.parameters)));
  const design = [...points.keys()].sort((a, b) => a - b).map((p) => points.get(p)!);
  const unitRuns = runs.map((run) => points.get(run.point)!);
  return { s, index: previous.length, design, runs, outputs, fit: { s, points: runs.map((r) => r.point), unitRuns, outputs } };
}

/** Target j's emulator record in a wave: its fit on the active inputs, leave-one-out check and variances (a pure function of the data). */
export function emulatorRecord(data: WaveFitData, j: number): HistoryMatchEmulatorRecord {
  const { s, points, unitRuns, outputs } = data;
  const target = s.targets[j]!;
  const xs: (readonly number[])[] = [];
  const ys: number[] = [];
  const byPoint = new Map<number, number[]>();
  points.forEach((point, r) => {
    const y = outputs[r]![j]!;
    if (!Number.isFinite(y)) return;
    xs.push(unitRuns[r]!);
    ys.push(y);
    const list = byPoint.get(point) ?? [];
    list.push(y);
    byPoint.set(point, list);
  });
  // Pooled within-point variance over points with two or more finite runs.
  let ss = 0;
  let df = 0;
  for (const list of byPoint.values()) {
    if (list.length < 2) continue;
    const mean = list.reduce((a, b) => a + b, 0) / list.length;
    for (const y of list) ss += (y - mean) ** 2;
    df += list.length - 1;
  }
  let emulator: GaussianProcessEmulator | null = null;
  let note = "";
  // Fitted on the output's active inputs only: the others' effect is left to the nugget.
  const active = ys.length === 0 ? [] : activeInputsOf(xs, ys, s.activeInputs);
  const m = s.mean === "constant" ? 1 : active.length + 1;
  if (ys.length <= m + 1) note = `only ${ys.length} runs with a finite value`;
  else emulator = fitEmulator(active.length === s.inputs.length ? xs : xs.map((x) => active.map((i) => x[i]!)), ys, { ranges: active.map(() => ({ low: 0, high: 1 })), mean: s.mean, kernel: s.kernel });
  const loo = emulator?.leaveOneOut();
  let ensemble: number;
  let ensembleSource: HistoryMatchVariances["ensembleSource"];
  if (target.ensembleVariance !== undefined) [ensemble, ensembleSource] = [target.ensembleVariance, "given"];
  else if (df > 0) [ensemble, ensembleSource] = [ss / df, "replicates"];
  else [ensemble, ensembleSource] = [emulator?.hyperparameters.nuggetVariance ?? 0, "nugget"];
  const used = emulator !== null && loo !== undefined && loo.shareWithin3 >= s.looShare;
  if (emulator && !used) note = `leave-one-out share within ±3 is ${loo!.shareWithin3.toFixed(3)}, below ${s.looShare}`;
  return {
    target: target.name,
    observed: target.observed,
    emulator: emulator ? emulator.serialize() : null,
    looShareWithin3: loo ? loo.shareWithin3 : null,
    looMeanSquared: loo ? loo.meanSquared : null,
    used,
    note,
    ...(active.length === s.inputs.length ? {} : { active }),
    variances: {
      observation: target.observationVariance,
      discrepancy: target.discrepancyVariance,
      ensemble,
      ensembleSource,
      ensembleDf: ensembleSource === "replicates" ? df : 0,
      emulatorMean: null,
    },
  };
}

/** The wave's record with its emulators, before its region is known. */
function draftWave(w: WaveStart, records: readonly HistoryMatchEmulatorRecord[]): HistoryMatchWave {
  const { s, runs, outputs } = w;
  return {
    index: w.index,
    inputs: s.inputs.map((i) => ({ name: i.name, low: i.low, high: i.high })),
    cutoff: s.cutoff,
    order: s.order,
    design: w.design,
    runs: runs.map((run, r) => ({ point: run.point, replicate: run.replicate, outputs: outputs[r]!.map((y) => (Number.isFinite(y) ? y : null)) })),
    emulators: records,
    region: { box: { low: [], high: [] }, sample: [], retained: 0, previousSample: 0, draws: 0, volume: 0, volumeRelativeError: null },
  };
}

/** The finished record: the region, and each emulator's mean variance over (up to 500 points of) it. */
function finishWave(draft: HistoryMatchWave, region: HistoryMatchRegion): HistoryMatchWave {
  const probe = region.sample.slice(0, 500);
  const withVariance = draft.emulators.map((rec) => {
    const e = predictorOf(rec);
    if (e === null || probe.length === 0) return rec;
    const mean = probe.reduce((sum, u) => sum + e.predict(u).variance, 0) / probe.length;
    return { ...rec, variances: { ...rec.variances, emulatorMean: mean } };
  });
  // The record is what a file holds: a JSON round trip makes a resumed run compute from the very same numbers.
  return JSON.parse(JSON.stringify({ ...draft, emulators: withVariance, region })) as HistoryMatchWave;
}

/**
 * A wave's record from its runs' outputs: emulators, diagnostics, variances, the region left and its
 * volume. A pure function of (settings, previous waves, runs, outputs); `runs` must be {@link designWave}'s.
 * Runs in this thread; {@link completeWaveOnThreads} gives the same record from several.
 */
export function completeWave(
  settings: HistoryMatchSettings,
  previous: readonly HistoryMatchWave[],
  runs: readonly HistoryMatchRun[],
  outputs: readonly (readonly number[])[],
): HistoryMatchWave {
  const w = startWave(settings, previous, runs, outputs);
  const draft = draftWave(
    w,
    w.s.targets.map((_, j) => emulatorRecord(w.fit, j)),
  );
  const fill = regionFill(w.s, previous, liveWave(draft));
  const waves = [...previous.map(liveWave), liveWave(draft)];
  for (const block of candidateBlocks(fill, w.s)) if (takeScreened(fill, w.s, block, screenBlock(waves, block, w.s.inputs.length))) break;
  return finishWave(draft, fill.region);
}

/** What a thread of {@link completeWaveOnThreads} is set up with: the fit data, or the waves a candidate must pass. */
export type WaveThreadSetup = { readonly kind: "fit"; readonly data: WaveFitData } | { readonly kind: "screen"; readonly waves: readonly HistoryMatchWave[]; readonly dims: number };

/** The set-up {@link completeWaveOnThreads} gives a wave thread: plain data (cloned to the thread) that the thread's module reads. */
export interface WaveThreadConfig {
  /** What the thread's tasks do: fit emulators or screen draws. */
  readonly kind: "fit" | "screen";
}

/** A task of a wave thread: an output's index (fit its emulator) or a block of draws (screen them). */
export type WaveThreadTask = number | Float64Array;

/** Threads a wave's own work runs on (`waveThreads` of `@ringfence/core/calibrate/threads` in Node). */
export interface WaveThreads {
  /** Tasks run at once. */
  readonly size: number;
  /** Starts threads set up with `config`: `run` hands one a task, `close` stops them. */
  start(config: WaveThreadConfig): { run(task: WaveThreadTask): Promise<unknown>; close(): Promise<void> };
}

/** Candidates screened per thread task (about a second of work with fifty emulators of a few hundred runs). */
const SCREEN_BLOCK = 1000;

/**
 * {@link completeWave} on threads: the emulators are fitted one output per task and the region's refill
 * draws screened in blocks, the blocks drawn from the one stream in order and taken in order, so the record
 * is identical to `completeWave`'s for any number of threads.
 */
export async function completeWaveOnThreads(
  settings: HistoryMatchSettings,
  previous: readonly HistoryMatchWave[],
  runs: readonly HistoryMatchRun[],
  outputs: readonly (readonly number[])[],
  threads: WaveThreads,
): Promise<HistoryMatchWave> {
  integerAtLeast("threads.size", threads.size, 1);
  const w = startWave(settings, previous, runs, outputs);
  const records = await onThreads(threads, { kind: "fit", data: w.fit }, (run) => Promise.all(w.s.targets.map((_, j) => run(j) as Promise<HistoryMatchEmulatorRecord>)));
  const draft = draftWave(w, records);
  const fill = regionFill(w.s, previous, liveWave(draft));
  const blocks = candidateBlocks(fill, w.s);
  const first = blocks.next();
  if (!first.done) {
    await onThreads(threads, { kind: "screen", waves: [...previous, draft], dims: w.s.inputs.length }, async (run) => {
      // Up to two blocks per thread in flight; results are taken in the order the blocks were drawn.
      const queue: { block: Float64Array; screened: Promise<Uint8Array> }[] = [];
      const launch = (block: Float64Array) => {
        const screened = run(block) as Promise<Uint8Array>;
        screened.catch(() => undefined); // a block still in flight when the sample fills is abandoned with the threads
        queue.push({ block, screened });
      };
      launch(first.value);
      for (let k = 1; k < 2 * threads.size; k++) {
        const next = blocks.next();
        if (next.done) break;
        launch(next.value);
      }
      for (let head = queue.shift(); head !== undefined; head = queue.shift()) {
        if (takeScreened(fill, w.s, head.block, await head.screened)) return;
        const next = blocks.next();
        if (!next.done) launch(next.value);
      }
    });
  }
  return finishWave(draft, fill.region);
}

/** Runs `body` on threads started with `config`, then stops them. */
async function onThreads<T>(threads: WaveThreads, config: WaveThreadSetup, body: (run: (task: WaveThreadTask) => Promise<unknown>) => Promise<T>): Promise<T> {
  const started = threads.start(config);
  try {
    return await body((task) => started.run(task));
  } finally {
    await started.close();
  }
}

/** The region after a wave while its sample is refilled: the previous sample filtered by the wave, the box and stream the refill draws from. */
interface RegionFill {
  readonly region: HistoryMatchRegion & { readonly sample: number[][]; draws: number };
  /** The refill's stream, or null when nothing was kept (no refill). */
  readonly rng: Rng | null;
}

function regionFill(s: Resolved, previous: readonly HistoryMatchWave[], current: LiveWave): RegionFill {
  const d = s.inputs.length;
  const index = previous.length;
  const last = previous[index - 1];
  let prevSample: readonly (readonly number[])[];
  let prevVolume = 1;
  let prevRel2 = 0;
  let prevBox = { low: new Array<number>(d).fill(0), high: new Array<number>(d).fill(1) };
  if (!last) {
    const rng = createRng(`${s.seed}:hm:box-sample`);
    prevSample = Array.from({ length: s.regionSample }, () => prevBox.low.map((lo, i) => lo + (prevBox.high[i]! - lo) * rng.next()));
  } else {
    prevSample = last.region.sample;
    prevVolume = last.region.volume;
    prevRel2 = (last.region.volumeRelativeError ?? 0) ** 2;
    prevBox = { low: [...last.region.box.low], high: [...last.region.box.high] };
  }
  const kept = prevSample.filter((u) => passesWave(current, u));
  const p = prevSample.length === 0 ? 0 : kept.length / prevSample.length;
  const volume = prevVolume * p;
  const volumeRelativeError = p > 0 ? Math.sqrt(prevRel2 + (1 - p) / (p * prevSample.length)) : null;
  if (kept.length === 0) {
    return { region: { box: prevBox, sample: [], retained: 0, previousSample: prevSample.length, draws: 0, volume, volumeRelativeError }, rng: null };
  }
  const low = new Array<number>(d).fill(Number.POSITIVE_INFINITY);
  const high = new Array<number>(d).fill(Number.NEGATIVE_INFINITY);
  for (const u of kept) {
    for (let i = 0; i < d; i++) {
      low[i] = Math.min(low[i]!, u[i]!);
      high[i] = Math.max(high[i]!, u[i]!);
    }
  }
  for (let i = 0; i < d; i++) {
    const margin = 0.1 * Math.max(high[i]! - low[i]!, 1e-3);
    low[i] = Math.max(prevBox.low[i]!, low[i]! - margin);
    high[i] = Math.min(prevBox.high[i]!, high[i]! + margin);
  }
  const sample = kept.map((u) => [...u]);
  return {
    region: { box: { low, high }, sample, retained: kept.length, previousSample: prevSample.length, draws: 0, volume, volumeRelativeError },
    rng: createRng(`${s.seed}:hm:${index}:region`),
  };
}

/** The refill's uniform draws in the box, flat in blocks of {@link SCREEN_BLOCK}, until the sample is full or the draws run out. */
function* candidateBlocks(fill: RegionFill, s: Resolved): Generator<Float64Array> {
  const { rng, region } = fill;
  if (rng === null) return;
  const { low, high } = region.box;
  const d = low.length;
  let left = s.maxRegionDraws;
  while (left > 0 && region.sample.length < s.regionSample) {
    const size = Math.min(SCREEN_BLOCK, left);
    left -= size;
    const block = new Float64Array(size * d);
    for (let k = 0; k < size; k++) for (let i = 0; i < d; i++) block[k * d + i] = low[i]! + (high[i]! - low[i]!) * rng.next();
    yield block;
  }
}

/** Which of a block's candidates are non-implausible in every wave (1) or not (0). */
export function screenBlock(waves: readonly LiveWave[], block: Float64Array, d: number): Uint8Array {
  const count = block.length / d;
  const passed = new Uint8Array(count);
  for (let c = 0; c < count; c++) {
    const u = block.subarray(c * d, (c + 1) * d);
    let ok = true;
    for (let k = waves.length - 1; k >= 0 && ok; k--) ok = passesWave(waves[k]!, u);
    passed[c] = ok ? 1 : 0;
  }
  return passed;
}

/** Takes a screened block's draws in order into the sample; true when the sample is full or the draws are spent. */
function takeScreened(fill: RegionFill, s: Resolved, block: Float64Array, passed: Uint8Array): boolean {
  const { region } = fill;
  const d = region.box.low.length;
  const full = () => region.sample.length >= s.regionSample || region.draws >= s.maxRegionDraws;
  for (let c = 0; c < passed.length; c++) {
    if (full()) return true;
    region.draws++;
    if (passed[c] === 1) region.sample.push(Array.from(block.subarray(c * d, (c + 1) * d)));
  }
  return full();
}

// -------------------------------------------------------------------------------------------------
// The run

/** Runs (or resumes) history matching until `waves` waves exist or the region gets too small for a design; see the module note. */
export async function runHistoryMatching(options: HistoryMatchOptions): Promise<HistoryMatchResult> {
  resolve(options);
  integerAtLeast("waves", options.waves, 1);
  const waves: HistoryMatchWave[] = [...(options.resume ?? [])];
  checkPrevious(waves);
  while (waves.length < options.waves) {
    const index = waves.length;
    const runs = designWave(options, waves);
    if (runs.length === 0) return { waves, stop: "small-region" };
    const batchSize = options.batchSize ?? runs.length;
    integerAtLeast("batchSize", batchSize, 1);
    const outputs: (readonly number[])[] = [];
    for (let batch = 0; batch * batchSize < runs.length; batch++) {
      const slice = runs.slice(batch * batchSize, (batch + 1) * batchSize);
      const result = await options.simulate(slice, { wave: index, batch });
      if (result.length !== slice.length) {
        throw new RangeError(`simulate (wave ${index}, batch ${batch}): expected ${slice.length} output vectors, got ${result.length}`);
      }
      outputs.push(...result);
    }
    const wave = options.threads === undefined ? completeWave(options, waves, runs, outputs) : await completeWaveOnThreads(options, waves, runs, outputs, options.threads);
    waves.push(wave);
    await options.onWave?.(wave);
  }
  return { waves, stop: "max-waves" };
}

// -------------------------------------------------------------------------------------------------
// Reading records back

const finite = z.number({ error: "expected a finite number" }).refine(Number.isFinite, { error: "expected a finite number" });
const nonNegative = finite.refine((v) => v >= 0, { error: "expected a number ≥ 0" });
const unitRow = z.array(finite);

const emulatorSchema = z.strictObject({
  kernel: z.union([z.literal("squared-exponential"), z.literal("matern52")]),
  mean: z.union([z.literal("constant"), z.literal("linear")]),
  ranges: z.array(z.strictObject({ low: finite, high: finite })),
  inputs: z.array(unitRow),
  outputs: z.array(finite),
  outputOffset: finite,
  outputScale: finite,
  logHyperparameters: z.array(finite),
});

const waveSchema = z.strictObject({
  index: z.number().int().min(0),
  inputs: z.array(z.strictObject({ name: z.string(), low: finite, high: finite })).min(1),
  cutoff: finite,
  order: z.number().int().min(1),
  design: z.array(unitRow),
  runs: z.array(z.strictObject({ point: z.number().int().min(0), replicate: z.number().int().min(0), outputs: z.array(finite.nullable()) })),
  emulators: z.array(
    z.strictObject({
      target: z.string(),
      observed: finite,
      emulator: emulatorSchema.nullable(),
      looShareWithin3: finite.nullable(),
      looMeanSquared: finite.nullable(),
      used: z.boolean(),
      note: z.string(),
      active: z.array(z.number().int().min(0)).optional(),
      variances: z.strictObject({
        observation: nonNegative,
        discrepancy: nonNegative,
        ensemble: nonNegative,
        ensembleSource: z.union([z.literal("given"), z.literal("replicates"), z.literal("nugget")]),
        ensembleDf: z.number().int().min(0),
        emulatorMean: nonNegative.nullable(),
      }),
    }),
  ),
  region: z.strictObject({
    box: z.strictObject({ low: z.array(finite), high: z.array(finite) }),
    sample: z.array(unitRow),
    retained: z.number().int().min(0),
    previousSample: z.number().int().min(0),
    draws: z.number().int().min(0),
    volume: nonNegative,
    volumeRelativeError: nonNegative.nullable(),
  }),
});

/** Reads a wave record from parsed JSON, throwing a ConfigError that names each bad field. */
export function parseHistoryMatchWave(value: unknown, where = "history-matching wave"): HistoryMatchWave {
  return parseInput(waveSchema, value, where);
}
