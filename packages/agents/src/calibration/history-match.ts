/**
 * The NHS model's calibration by history matching (Vernon, Goldstein and Bower 2010): waves of backcast runs
 * on space-filling designs, a Gaussian-process emulator per fitted output, the non-implausible region cut
 * wave by wave, then a posterior of many distinct parameter sets inside it (adaptive tempering on the
 * emulators), checked by running the model itself at drawn particles. The fitted outputs and the split are
 * declared in `fit-targets.ts`; every wave is written to a file, so an interrupted calibration resumes at the
 * wave it stopped in.
 * @packageDocumentation
 */
import { setMaxListeners } from "node:events";
import { availableParallelism } from "node:os";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { localExecutor, runBatch, type BatchExecutor, type RunRecord } from "@ringfence/core/batch";
import {
  distinctCount,
  effectiveSampleSize,
  historyMatchLogLikelihood,
  isNonImplausible,
  parseHistoryMatchWave,
  runHistoryMatching,
  temperedPosterior,
  type AbcParameter,
  type HistoryMatchRun,
  type HistoryMatchWave,
  type TemperedPosteriorResult,
} from "@ringfence/core/calibrate";
import { waveThreads } from "@ringfence/core/calibrate/threads";
import { writeFileAtomic } from "@ringfence/core/results";
import { observedPanel } from "../register/panel.js";
import { loadRegister } from "../register/read-register.js";
import type { PopulationSize } from "../scenario.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { BACKCAST_YEARS, quantile } from "./backcast.js";
import { calibrationWorkerModule, type CalibrationTaskConfig } from "./calibration-task.js";
import { fitTargets, fitValue, splitDeclaration, type FitTarget } from "./fit-targets.js";
import type { RegisterAccess } from "../register/split.js";
import { variantScenario } from "./targets.js";

/**
 * The parameters the history match searches: every parameter with a prior that the history's fitted outputs
 * can see (the settlement, inflation expected, the ICB's rules, trusts' and community providers' costs,
 * practices' exits and payments, the labour market, partnerships, additional roles). Those marked
 * `searched: false` in the schema (read only under other arrangements, such as the IHO hosts' diversion and
 * place boards, or seen by no fitted output, such as councils' need and spending power) keep their priors in
 * forward runs.
 */
export function historyInputs(): AbcParameter[] {
  const out: AbcParameter[] = [];
  for (const [path, entry] of scenarioParams()) {
    if (entry.prior === undefined || entry.searched === false) continue;
    out.push({ name: path, prior: entry.prior });
  }
  return out;
}

/**
 * Seeds of a design's runs: "common" (one run seed for every point of a replicate: the emulators see the
 * inputs' effect on one realisation of the model's randomness) or "independent" (each point its own seed: the
 * emulators' nugget takes the seed noise; the simulation-based calibration passes more parameters this way,
 * docs/calibration.md).
 */
export type DesignSeeds = "common" | "independent";

/**
 * Keeps a choice a calibration folder was started with, recorded as one word in `file`: a folder that has
 * one (or, without the file, was started before it was recorded: `legacy`) refuses any other with the error
 * `mismatch` builds; a folder without one records `value` (announced to `onFile` first).
 */
export function keepFolderChoice(file: string, value: string, legacy: string | undefined, mismatch: (saved: string) => Error, onFile?: (file: string) => void): void {
  const recorded = existsSync(file);
  const saved = recorded ? readFileSync(file, "utf8").trim() : legacy;
  if (saved !== undefined && saved !== value) throw mismatch(saved);
  if (recorded) return;
  onFile?.(file);
  writeFileAtomic(file, `${value}\n`);
}

/** Options of {@link runNhsHistoryMatch}. */
export interface NhsHistoryMatchOptions {
  /** Most waves. */
  readonly waves: number;
  /** Master seed. */
  readonly seed: string;
  /** Folder for wave files (`wave-<k>.json`): finished waves there are resumed, never run again. */
  readonly dir: string;
  /** Population size (England: the register, the only size the fitted outputs describe). */
  readonly population?: PopulationSize;
  /** Tasks at once, and threads for each wave's emulator fits and region screening (default: cores, at most 8). */
  readonly workers?: number;
  /** Where runs execute (default: a local executor keeping its threads between batches). */
  readonly executor?: BatchExecutor;
  /** Design points per wave (default 10 × the inputs). */
  readonly designSize?: number;
  /** Seeds of a wave's runs (default common: see {@link DesignSeeds}). */
  readonly designSeeds?: DesignSeeds;
  /** The inputs searched (default {@link historyInputs}). */
  readonly inputs?: readonly AbcParameter[];
  /** The fitted outputs (default {@link fitTargets} of the fit years). */
  readonly targets?: readonly FitTarget[];
  /** Called with each finished wave. */
  readonly onWave?: (wave: HistoryMatchWave) => void;
  /** Called with each file's path before it is written (a results folder records it in its manifest). */
  readonly onFile?: (file: string) => void;
  /** Stops the match between batches. */
  readonly signal?: AbortSignal;
}

/** A history match's outcome: its waves and what was fitted. */
export interface NhsHistoryMatch {
  /** The finished waves, in order. */
  readonly waves: readonly HistoryMatchWave[];
  /** The inputs searched. */
  readonly inputs: readonly AbcParameter[];
  /** The fitted outputs. */
  readonly targets: readonly FitTarget[];
  /** Why it stopped. */
  readonly stop: string;
  /** Backcast simulations run (resumed waves included). */
  readonly simulations: number;
}

/**
 * The fitted outputs from the checked register: of the fit years (access "fit": the register then holds no
 * reserved year), or of every year (access "all": the refit of the shipped ensemble).
 */
export function defaultFitTargets(access: RegisterAccess = "fit"): FitTarget[] {
  return fitTargets(observedPanel(loadRegister({ access })));
}

/** The baseline backcast at a parameter vector, as a calibration task config (per-ICB panel recorded). */
function configAt(inputs: readonly AbcParameter[], values: ArrayLike<number>, population: PopulationSize | undefined): CalibrationTaskConfig {
  const params: Record<string, number> = {};
  inputs.forEach((p, k) => (params[p.name] = values[k]!));
  return { scenario: variantScenario("baseline", population), params, panel: true };
}

/**
 * Runs backcasts at parameter vectors and returns each run's fitted outputs: the runs of one replicate
 * number go in one batch (one scenario per design point, the same run seed for all: common random numbers
 * across the design), so the emulators see the inputs' effect, not seed noise; with `designSeeds:
 * "independent"` each point runs in a batch of its own, on its own seed.
 */
export async function simulateOutputs(
  runs: readonly { readonly parameters: ArrayLike<number>; readonly replicate: number }[],
  setting: { readonly inputs: readonly AbcParameter[]; readonly targets: readonly FitTarget[]; readonly seed: string; readonly population?: PopulationSize | undefined; readonly executor: BatchExecutor; readonly signal?: AbortSignal | undefined; readonly designSeeds?: DesignSeeds | undefined },
): Promise<number[][]> {
  const out: number[][] = runs.map(() => []);
  const replicates = [...new Set(runs.map((r) => r.replicate))].sort((a, b) => a - b);
  for (const rep of replicates) {
    const members = runs.flatMap((r, k) => (r.replicate === rep ? [k] : []));
    const records = new Map<string, RunRecord>();
    const batch = (ks: readonly number[], masterSeed: string) =>
      runBatch({
        worker: calibrationWorkerModule(),
        scenarios: ks.map((k) => ({ id: `p${k}`, config: configAt(setting.inputs, runs[k]!.parameters, setting.population) })),
        runs: 1,
        masterSeed,
        years: BACKCAST_YEARS,
        executor: setting.executor,
        ...(setting.signal === undefined ? {} : { signal: setting.signal }),
        onRecord: (r) => records.set(r.scenario, r),
      });
    if (setting.designSeeds === "independent") {
      // One batch per point, all at once: each listens for the stop signal.
      if (setting.signal !== undefined) setMaxListeners(members.length + 10, setting.signal);
      await Promise.all(members.map((k) => batch([k], `${setting.seed}:r${rep}:p${k}`)));
    }
    else await batch(members, `${setting.seed}:r${rep}`);
    for (const k of members) {
      const record = records.get(`p${k}`);
      out[k] = setting.targets.map((t) => (record === undefined ? Number.NaN : fitValue(t, record)));
    }
  }
  return out;
}

/** The finished waves saved in `dir` (`wave-0.json`, `wave-1.json`, … in order, stopping at the first gap). */
export function readWaves(dir: string): HistoryMatchWave[] {
  const waves: HistoryMatchWave[] = [];
  if (!existsSync(dir)) return waves;
  const files = new Set(readdirSync(dir));
  for (let k = 0; files.has(`wave-${k}.json`); k++) waves.push(parseHistoryMatchWave(JSON.parse(readFileSync(join(dir, `wave-${k}.json`), "utf8"))));
  return waves;
}

/**
 * Runs the history match wave by wave (resuming the waves saved in `dir`), each wave's backcasts on the
 * batch executor; returns the waves.
 * @remarks Deterministic in (options) for any number of workers; a wave interrupted part-way is run again
 * from its start on resume (finished waves are never run again).
 */
export async function runNhsHistoryMatch(options: NhsHistoryMatchOptions): Promise<NhsHistoryMatch> {
  const inputs = options.inputs ?? historyInputs();
  const targets = options.targets ?? defaultFitTargets();
  mkdirSync(options.dir, { recursive: true });
  const resume = readWaves(options.dir);
  // The seeds' mode is part of the waves: a resume never mixes the two.
  const seeds = options.designSeeds ?? "common";
  keepFolderChoice(join(options.dir, "design-seeds.txt"), seeds, resume.length > 0 ? "common" : undefined, (saved) => new RangeError(`--design-seeds: the waves in ${options.dir} were run with ${saved} seeds, got ${seeds}; resume with --design-seeds ${saved}, or start in a new folder`), options.onFile);
  const own = options.executor === undefined ? localExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), keepAlive: true }) : undefined;
  const executor: BatchExecutor = options.executor ?? own!;
  let simulations = resume.reduce((a, w) => a + w.runs.length, 0);
  try {
    const result = await runHistoryMatching({
      inputs: inputs.map((p) => ({ name: p.name, low: bound(p, "low"), high: bound(p, "high") })),
      targets,
      seed: options.seed,
      waves: options.waves,
      resume,
      ...(options.designSize === undefined ? {} : { designSize: options.designSize }),
      // Each wave's emulator fits and region screening on this machine's threads (a queue runs only the simulations).
      threads: waveThreads(options.workers ?? Math.max(1, Math.min(8, availableParallelism()))),
      simulate: async (runs: readonly HistoryMatchRun[], context) => {
        simulations += runs.length;
        return simulateOutputs(runs, { inputs, targets, seed: `${options.seed}:w${context.wave}:b${context.batch}`, population: options.population, executor, signal: options.signal, designSeeds: seeds });
      },
      onWave: (wave) => {
        const path = join(options.dir, `wave-${wave.index}.json`);
        options.onFile?.(path);
        writeFileAtomic(path, `${JSON.stringify(wave)}\n`);
        options.onWave?.(wave);
      },
    });
    return { waves: result.waves, inputs, targets, stop: result.stop, simulations };
  } finally {
    await own?.close();
  }
}

/** A uniform prior's end (history matching searches the prior's box). */
function bound(p: AbcParameter, end: "low" | "high"): number {
  if (p.prior.kind !== "uniform") throw new RangeError(`${p.name}: history matching searches uniform priors' boxes; got a ${p.prior.kind} prior`);
  return p.prior[end];
}

/**
 * A posterior of `particles` parameter sets inside the final non-implausible region: adaptive tempering on
 * the emulators' likelihood of the fitted outputs, keeping an effective sample size of at least half.
 */
export function nhsPosterior(match: Pick<NhsHistoryMatch, "waves" | "inputs">, particles: number, seed: string): TemperedPosteriorResult {
  const waves = match.waves;
  const last = waves.at(-1);
  if (last === undefined) throw new RangeError("posterior: no finished wave");
  const lower = match.inputs.map((p) => bound(p, "low"));
  const upper = match.inputs.map((p) => bound(p, "high"));
  return temperedPosterior({
    parameters: match.inputs,
    particles,
    seed,
    logLikelihood: historyMatchLogLikelihood(waves),
    inRegion: (theta) => isNonImplausible(waves, theta),
    // The last wave's region sample, uniform in the region, mapped from [0, 1] to the parameters' values.
    initial: last.region.sample.map((u) => u.map((v, k) => lower[k]! + v * (upper[k]! - lower[k]!))),
  });
}

/** How many of the simulator's runs at drawn parameter sets hit every fitted output (|z − f(x)| ≤ 3 sd of observation and discrepancy). */
export interface FitCheck {
  /** Runs checked. */
  readonly runs: number;
  /** Of which hit every fitted output. */
  readonly hitAll: number;
  /** Per fitted output, the share of runs within 3 sd. */
  readonly perTarget: readonly { readonly name: string; readonly share: number; readonly median: number; readonly p5: number; readonly p95: number; readonly observed: number; readonly sd: number }[];
}

/** Whether a simulated value matches a fitted output: within 3 sd of observation error and model discrepancy. */
export function hitsFit(target: FitTarget, value: number): boolean {
  return Number.isFinite(value) && Math.abs(value - target.observed) <= 3 * Math.sqrt(target.observationVariance + target.discrepancyVariance);
}

/** Summarises simulated outputs (one vector per run, in target order) against the fitted outputs. */
export function fitCheck(targets: readonly FitTarget[], outputs: readonly (readonly number[])[]): FitCheck {
  const perTarget = targets.map((t, j) => {
    const vs = outputs.map((o) => o[j]!).filter(Number.isFinite).sort((a, b) => a - b);
    return { name: t.name, share: outputs.filter((o) => hitsFit(t, o[j]!)).length / Math.max(1, outputs.length), median: vs.length === 0 ? Number.NaN : vs[Math.floor((vs.length - 1) / 2)]!, p5: quantile(vs, 0.05), p95: quantile(vs, 0.95), observed: t.observed, sd: Math.sqrt(t.observationVariance + t.discrepancyVariance) };
  });
  return { runs: outputs.length, hitAll: outputs.filter((o) => targets.every((t, j) => hitsFit(t, o[j]!))).length, perTarget };
}

/** The split and the fitted outputs as recorded in an ensemble's provenance. */
export function fitDeclaration(targets: readonly FitTarget[], access: RegisterAccess = "fit"): { readonly split: ReturnType<typeof splitDeclaration>; readonly targets: readonly { readonly name: string; readonly observed: number; readonly unit: string; readonly sd: number; readonly source: string }[] } {
  return { split: splitDeclaration(access), targets: targets.map((t) => ({ name: t.name, observed: t.observed, unit: t.unit, sd: Math.sqrt(t.observationVariance + t.discrepancyVariance), source: t.source })) };
}

/** Effective sample size and distinct particles of a weighted ensemble. */
export function ensembleQuality(particles: readonly ArrayLike<number>[], weights: readonly number[]): { readonly ess: number; readonly distinct: number } {
  return { ess: effectiveSampleSize(weights), distinct: distinctCount(particles.filter((_, k) => weights[k]! > 0)) };
}
