/**
 * `runCalibration`: the NHS model calibrated to the fit years by history matching (waves of backcasts and
 * emulators, see `history-match.ts`), a posterior of `particles` parameter sets inside the final
 * non-implausible region, the model run at parameter sets drawn from the region and from the posterior
 * against every fitted output, and the ensemble file forward runs draw from. Every file goes into `dir`;
 * finished waves are never run again.
 * @packageDocumentation
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { localExecutor, type BatchExecutor } from "@ringfence/core/batch";
import { systematicResample, type AbcParameter } from "@ringfence/core/calibrate";
import { createRng } from "@ringfence/core";
import { writeFileAtomic } from "@ringfence/core/results";
import { PRODUCER } from "../scenario-batch.js";
import type { PopulationSize } from "../scenario.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { ENSEMBLE_VERSION, formatEnsemble, parseEnsemble, type Ensemble } from "./ensemble.js";
import type { FitTarget } from "./fit-targets.js";
import { defaultFitTargets, ensembleQuality, fitCheck, fitDeclaration, historyInputs, keepFolderChoice, nhsPosterior, runNhsHistoryMatch, simulateOutputs, type DesignSeeds, type FitCheck, type NhsHistoryMatch } from "./history-match.js";
import type { HistoryMatchWave } from "@ringfence/core/calibrate";
import type { RegisterAccess } from "../register/split.js";

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  /** Most history-matching waves. */
  readonly waves: number;
  /** Particles of the posterior (and of the ensemble). */
  readonly particles: number;
  /** Backcasts run at parameter sets drawn from the final region, and as many from the posterior, to check the fit. */
  readonly checkRuns: number;
  /** Master seed. */
  readonly seed: string;
  /** Folder for the waves, the checks and `ensemble.json`. */
  readonly dir: string;
  /** Population size (England: the only size the fitted outputs describe). */
  readonly population?: PopulationSize;
  /** Tasks at once (default: cores). */
  readonly workers?: number;
  /** Where runs execute (default: a local executor keeping its threads between batches). */
  readonly executor?: BatchExecutor;
  /** Design points per wave (default 10 × the inputs). */
  readonly designSize?: number;
  /** Seeds of a wave's runs (default common). */
  readonly designSeeds?: DesignSeeds;
  /** Which years are fitted: the fit years of the split (default), or every year (the shipped ensemble's refit). */
  readonly split?: RegisterAccess;
  /** Called with each finished wave and its seconds since the start. */
  readonly onWave?: (wave: HistoryMatchWave) => void;
  /** Called before writing a file into `dir` (a results folder records it in its manifest). */
  readonly onFile?: (file: string) => void;
  /** Stops between batches. */
  readonly signal?: AbortSignal;
}

/** What a calibration returns: the match, the posterior's quality, the checks and the ensemble written. */
export interface CalibrationResult {
  /** The history match. */
  readonly match: NhsHistoryMatch;
  /** The ensemble (also written to `dir/ensemble.json`). */
  readonly ensemble: Ensemble;
  /** Runs at parameter sets drawn uniformly from the final non-implausible region, against every fitted output. */
  readonly regionCheck: FitCheck;
  /** Runs at parameter sets drawn from the posterior, against every fitted output. */
  readonly posteriorCheck: FitCheck;
  /** Backcast simulations in all (waves and checks). */
  readonly simulations: number;
}

/** The parameters with a prior that the calibration does not search: forward runs draw them from their priors. */
export function priorDrawnParameters(inputs: readonly AbcParameter[]): { path: string; prior: Ensemble["priorDrawn"][number]["prior"] }[] {
  const searched = new Set(inputs.map((p) => p.name));
  const out: { path: string; prior: Ensemble["priorDrawn"][number]["prior"] }[] = [];
  for (const [path, entry] of scenarioParams()) {
    const prior = entry.prior;
    if (prior === undefined || searched.has(path)) continue;
    if (prior.kind !== "uniform" && prior.kind !== "log-uniform") throw new RangeError(`${path}: forward runs draw uniform or log-uniform priors only; got ${prior.kind}`);
    out.push({ path, prior });
  }
  return out;
}

/**
 * Calibrates the NHS model to the fit years and writes the ensemble: history matching (resumed from the
 * waves in `dir`), a tempered posterior in the final region, checks of the model at drawn parameter sets.
 * @remarks Deterministic in (options) for any number of workers.
 */
export async function runCalibration(options: CalibrationOptions): Promise<CalibrationResult> {
  const inputs = historyInputs();
  const split = options.split ?? "fit";
  const targets: FitTarget[] = defaultFitTargets(split);
  // The split is part of the waves: a resume never fits other years than the waves did.
  const started = existsSync(join(options.dir, "waves", "wave-0.json"));
  keepFolderChoice(join(options.dir, "split.txt"), split, started ? "fit" : undefined, (saved) => new CalibrationError(`--split: the waves in ${options.dir} fitted ${saved === "fit" ? "the fit years" : "every year"} (--split ${saved}), got --split ${split}; resume with --split ${saved}, or start in a new folder`), options.onFile);
  const own = options.executor === undefined ? localExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), keepAlive: true }) : undefined;
  const executor: BatchExecutor = options.executor ?? own!;
  const file = (name: string): string => {
    const path = join(options.dir, name);
    options.onFile?.(path);
    return path;
  };
  try {
    const match = await runNhsHistoryMatch({
      waves: options.waves,
      seed: options.seed,
      dir: join(options.dir, "waves"),
      executor,
      inputs,
      targets,
      ...(options.population === undefined ? {} : { population: options.population }),
      ...(options.designSize === undefined ? {} : { designSize: options.designSize }),
      ...(options.designSeeds === undefined ? {} : { designSeeds: options.designSeeds }),
      ...(options.onWave === undefined ? {} : { onWave: options.onWave }),
      ...(options.onFile === undefined ? {} : { onFile: options.onFile }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
    const last = match.waves.at(-1)!;
    if (last.region.sample.length === 0) throw new CalibrationError(emptyRegionMessage(last, targets));
    const posterior = nhsPosterior(match, options.particles, `${options.seed}:posterior`);
    // The checks: the model itself (not the emulators) at region draws and at posterior draws.
    const lower = inputs.map((p) => (p.prior.kind === "uniform" ? p.prior.low : 0));
    const upper = inputs.map((p) => (p.prior.kind === "uniform" ? p.prior.high : 1));
    const rng = createRng(`${options.seed}:check`);
    const sample = last.region.sample;
    const regionPoints = Array.from({ length: Math.min(options.checkRuns, sample.length) }, () => sample[Math.floor(rng.next() * sample.length)]!.map((u, k) => lower[k]! + u * (upper[k]! - lower[k]!)));
    const chosen = systematicResample(posterior.weights, options.checkRuns, rng.next());
    const posteriorPoints = chosen.map((i) => Array.from(posterior.particles[i]!));
    const setting = { inputs, targets, seed: `${options.seed}:check`, population: options.population, executor, signal: options.signal };
    const regionOutputs = await simulateOutputs(regionPoints.map((parameters) => ({ parameters, replicate: 0 })), setting);
    const posteriorOutputs = await simulateOutputs(posteriorPoints.map((parameters) => ({ parameters, replicate: 0 })), setting);
    const regionCheck = fitCheck(targets, regionOutputs);
    const posteriorCheck = fitCheck(targets, posteriorOutputs);
    const simulations = match.simulations + regionPoints.length + posteriorPoints.length;
    const quality = ensembleQuality(posterior.particles, posterior.weights);
    const ensemble = parseEnsemble({
      version: ENSEMBLE_VERSION,
      parameters: inputs.map((p) => p.name),
      particles: posterior.particles.map((values, k) => ({ values: Array.from(values), weight: posterior.weights[k]! })),
      priorDrawn: priorDrawnParameters(inputs),
      provenance: {
        producer: PRODUCER,
        method: {
          name: "history matching with Gaussian-process emulators (Vernon, Goldstein and Bower 2010), then adaptive tempering in the final non-implausible region",
          waves: match.waves.map((w) => ({
            index: w.index,
            designPoints: w.design.length,
            runs: w.runs.length,
            volume: w.region.volume,
            emulatorsUsed: w.emulators.filter((e) => e.used).length,
            emulators: w.emulators.length,
            looWorst: Math.min(...w.emulators.flatMap((e) => (e.looShareWithin3 === null ? [] : [e.looShareWithin3]))),
          })),
          stop: match.stop,
          posterior: { particles: options.particles, ess: quality.ess, distinct: quality.distinct, stages: posterior.stages.length, evaluations: posterior.evaluations },
        },
        seed: options.seed,
        population: options.population ?? "england",
        scenario: "baseline-2014",
        split: fitDeclaration(targets, split).split,
        targets: fitDeclaration(targets, split).targets,
        simulations,
        checks: {
          region: { runs: regionCheck.runs, hitAll: regionCheck.hitAll },
          posterior: { runs: posteriorCheck.runs, hitAll: posteriorCheck.hitAll },
          perTarget: posteriorCheck.perTarget.map((t, j) => ({ ...t, regionShare: regionCheck.perTarget[j]!.share })),
        },
      },
    });
    writeFileAtomic(file("ensemble.json"), formatEnsemble(ensemble));
    writeFileAtomic(file("checks.json"), `${JSON.stringify({ region: regionCheck, posterior: posteriorCheck }, null, 1)}\n`);
    return { match, ensemble, regionCheck, posteriorCheck, simulations };
  } finally {
    await own?.close();
  }
}

/** A calibration that cannot go on for a reason in the model's or the data's terms (its message says which, in full). */
export class CalibrationError extends Error {
  override readonly name = "CalibrationError";
}

/**
 * Why no parameter set is left after a wave, in the fitted outputs' words: each output whose observed value
 * lies outside every value the wave's runs gave (no parameters searched reach it), or, when every observed
 * value is within reach, that no single set reaches them together.
 */
export function emptyRegionMessage(wave: HistoryMatchWave, targets: readonly FitTarget[]): string {
  const out: string[] = [];
  for (const [j, t] of targets.entries()) {
    const values = wave.runs.flatMap((r) => (r.outputs[j] === null || r.outputs[j] === undefined ? [] : [r.outputs[j]!]));
    if (values.length === 0) continue;
    const low = Math.min(...values);
    const high = Math.max(...values);
    if (t.observed < low || t.observed > high) out.push(`${t.name}: observed ${t.observed.toPrecision(4)}, the runs gave ${low.toPrecision(4)} to ${high.toPrecision(4)}`);
  }
  const head = `no parameter set in the searched box is non-implausible after wave ${wave.index} (${wave.runs.length} runs); the waves are kept`;
  return out.length > 0
    ? `${head}. Outputs no run reached (a mechanism the model lacks, or a box too narrow):\n  ${out.join("\n  ")}`
    : `${head}. Every observed value lies within the runs' range, but no single parameter set reaches enough of them at once`;
}

