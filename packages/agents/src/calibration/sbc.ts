/**
 * Simulation-based calibration (Talts, Betancourt, Simpson, Vehtari and Gelman 2018) of the calibration
 * method on a reduced NHS problem: ICB size, five parameters, one wave of emulation. One design of backcasts
 * over the prior's box trains an emulator per output; each synthetic truth drawn from the prior is run once,
 * its outputs are fitted through the emulators (the same tempered posterior as the full calibration), and the
 * truth's rank among the posterior draws is recorded. Uniform ranks say the method's posteriors are neither
 * biased nor over- or under-confident on this problem.
 * @packageDocumentation
 */
import { localExecutor, runBatch, type BatchExecutor, type RunRecord } from "@ringfence/core/batch";
import { fitEmulator, maximinLatinHypercube, runSbc, samplePrior, systematicResample, temperedPosterior, type AbcParameter, type GaussianProcessEmulator, type SbcResult } from "@ringfence/core/calibrate";
import { createRng } from "@ringfence/core";
import type { PopulationSize } from "../scenario.js";
import { BACKCAST_YEARS } from "./backcast.js";
import { calibrationWorkerModule, type CalibrationTaskConfig } from "./calibration-task.js";
import { historyInputs, type DesignSeeds } from "./history-match.js";
import { variantScenario } from "./targets.js";

/** The reduced problem's parameters: five the fitted outputs are most sensitive to (settlement, exits, the labour market, trusts' efficiency). */
export const SBC_PARAMETERS: readonly string[] = ["national.settlementRealBase", "practice.exitBaseHazard", "workforce.leaverRate", "acuteTrust.efficiencyDelivered", "practice.distressHazard"];

/** The reduced problem's outputs: indicators of the baseline at a year (ICB-sized runs: shares and per-patient values, not England's levels). */
export const SBC_OUTPUTS: readonly { readonly indicator: string; readonly year: number }[] = [
  { indicator: "paymentPerPatient", year: 2016 },
  { indicator: "paymentPerPatient", year: 2018 },
  { indicator: "averageList", year: 2018 },
  { indicator: "averageList", year: 2025 },
  { indicator: "patientsPerGpFte", year: 2018 },
  { indicator: "patientsPerGpFte", year: 2025 },
  { indicator: "acuteSurplusShare", year: 2016 },
  { indicator: "acuteSurplusShare", year: 2023 },
];

/** Options of {@link runNhsSbc}. */
export interface NhsSbcOptions {
  /** Synthetic truths (default 100). */
  readonly truths?: number;
  /** Posterior draws per truth, L (ranks run 0 … L; default 49). */
  readonly draws?: number;
  /** Design points of the one wave of emulation (default 15 × the parameters). */
  readonly design?: number;
  /** Runs at each of a few design points to estimate the model's own variance (default 4 runs at 8 points). */
  readonly replicates?: number;
  /** Particles of each truth's posterior (default 400). */
  readonly particles?: number;
  /** Master seed. */
  readonly seed: string;
  /** Population size (default icb). */
  readonly population?: PopulationSize;
  /** Tasks at once. */
  readonly workers?: number;
  /** Called with each truth's ranks. */
  readonly onTruth?: (index: number, ranks: readonly number[]) => void;
  /**
   * Scale each emulator's variance by its leave-one-out mean squared standardised error when that is above 1
   * (an emulator whose held-out errors are larger than it claims is trusted less); off by default.
   */
  readonly looInflation?: boolean;
  /**
   * The seed of each truth's simulation: "fresh" (its own, the default: the truth carries seed noise the design
   * did not see) or "design" (the design's run seed, so the truth and the emulators share the design's
   * realisation of the model's randomness; a diagnostic of what common random numbers do to the posterior).
   */
  readonly truthSeed?: "fresh" | "design";
  /** Seeds of the design's runs, as in the NHS calibration (default common: see {@link DesignSeeds}). */
  readonly designSeeds?: DesignSeeds;
}

/** What {@link runNhsSbc} returns: the rank check and what the one wave's emulators saw. */
export interface NhsSbcResult extends SbcResult {
  /** Backcast simulations run. */
  readonly simulations: number;
  /** Factor applied to each output's emulator variance (1 unless {@link NhsSbcOptions.looInflation}). */
  readonly looInflation: readonly number[];
  /** The model's own variance per output (pooled over replicate runs). */
  readonly ensembleVariance: readonly number[];
}

function outputsOf(record: RunRecord): number[] {
  return SBC_OUTPUTS.map((o) => {
    const y = record.years.findIndex((l) => Number(l.slice(0, 4)) === o.year);
    const v = y < 0 ? null : record.indicators[o.indicator]?.[y];
    return typeof v === "number" ? v : Number.NaN;
  });
}

/** Runs the baseline backcast at each parameter vector once (one batch, common random numbers), returning the outputs. */
async function simulate(points: readonly ArrayLike<number>[], parameters: readonly AbcParameter[], seed: string, population: PopulationSize, executor: BatchExecutor): Promise<number[][]> {
  const records = new Map<string, RunRecord>();
  const config = (x: ArrayLike<number>): CalibrationTaskConfig => ({ scenario: variantScenario("baseline", population), params: Object.fromEntries(parameters.map((p, k) => [p.name, x[k]!])) });
  await runBatch({ worker: calibrationWorkerModule(), scenarios: points.map((x, k) => ({ id: `p${k}`, config: config(x) })), runs: 1, masterSeed: seed, years: BACKCAST_YEARS, executor, onRecord: (r) => records.set(r.scenario, r) });
  return points.map((_, k) => outputsOf(records.get(`p${k}`)!));
}

/**
 * Runs simulation-based calibration of the emulator-based posterior on the reduced problem. Deterministic in
 * (options) for any number of workers.
 */
export async function runNhsSbc(options: NhsSbcOptions): Promise<NhsSbcResult> {
  const all = historyInputs();
  const parameters = SBC_PARAMETERS.map((name) => all.find((p) => p.name === name)!);
  const d = parameters.length;
  const population = options.population ?? "icb";
  const low = parameters.map((p) => (p.prior.kind === "uniform" ? p.prior.low : 0));
  const high = parameters.map((p) => (p.prior.kind === "uniform" ? p.prior.high : 1));
  const toNatural = (u: ArrayLike<number>): number[] => Array.from(u, (v, k) => low[k]! + v * (high[k]! - low[k]!));
  const executor = localExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), keepAlive: true });
  let simulations = 0;
  try {
    // One wave: a maximin design over the prior's box, and replicates for the model's own variance.
    const design = maximinLatinHypercube(options.design ?? 15 * d, d, createRng(`${options.seed}:design`)).map(toNatural);
    const outputs =
      options.designSeeds === "independent"
        ? (await Promise.all(design.map((x, k) => simulate([x], parameters, `${options.seed}:design:${k}`, population, executor)))).map((o) => o[0]!)
        : await simulate(design, parameters, `${options.seed}:design`, population, executor);
    simulations += design.length;
    const repPoints = design.slice(0, 8);
    const reps = options.replicates ?? 4;
    const repOutputs: number[][][] = [];
    for (let r = 0; r < reps; r++) {
      repOutputs.push(await simulate(repPoints, parameters, `${options.seed}:rep${r}`, population, executor));
      simulations += repPoints.length;
    }
    const ensembleVariance = SBC_OUTPUTS.map((_, j) => {
      let ss = 0;
      let df = 0;
      repPoints.forEach((_, i) => {
        const vs = repOutputs.map((o) => o[i]![j]!).filter(Number.isFinite);
        if (vs.length < 2) return;
        const mean = vs.reduce((a, b) => a + b, 0) / vs.length;
        ss += vs.reduce((a, v) => a + (v - mean) ** 2, 0);
        df += vs.length - 1;
      });
      return df > 0 ? ss / df : 0;
    });
    const ranges = parameters.map((_, k) => ({ low: low[k]!, high: high[k]! }));
    const emulators: (GaussianProcessEmulator | null)[] = SBC_OUTPUTS.map((_, j) => {
      const rows = design.flatMap((x, i) => (Number.isFinite(outputs[i]![j]!) ? [{ x, y: outputs[i]![j]! }] : []));
      return rows.length > 2 * d + 2 ? fitEmulator(rows.map((r) => r.x), rows.map((r) => r.y), { ranges }) : null;
    });
    const inflation = emulators.map((e) => (e !== null && options.looInflation === true ? Math.max(1, e.leaveOneOut().meanSquared) : 1));
    const draws = options.draws ?? 49;
    const result = await runSbc<number[]>({
      names: parameters.map((p) => p.name),
      truths: options.truths ?? 100,
      draws,
      seed: options.seed,
      samplePrior: (rng) => parameters.map((p) => samplePrior(p.prior, rng)),
      simulate: async (truth, rng) => {
        simulations++;
        const seed = options.truthSeed === "design" ? `${options.seed}:design` : `${options.seed}:truth:${rng.next()}`;
        return (await simulate([truth], parameters, seed, population, executor))[0]!;
      },
      fit: async (data, context) => {
        // The emulators' likelihood of the truth's outputs: emulator variance plus the model's own (no
        // discrepancy: the data come from the model itself).
        const logLikelihood = (theta: ArrayLike<number>): number => {
          let s = 0;
          emulators.forEach((e, j) => {
            const z = data[j]!;
            if (e === null || !Number.isFinite(z)) return;
            const p = e.predict(theta);
            const v = p.variance * inflation[j]! + ensembleVariance[j]!;
            s += -0.5 * ((z - p.mean) ** 2 / v + Math.log(2 * Math.PI * v));
          });
          return s;
        };
        const posterior = temperedPosterior({ parameters, particles: options.particles ?? 400, seed: context.seed, logLikelihood });
        const picked = systematicResample(posterior.weights, context.draws, createRng(`${context.seed}:draws`).next());
        return picked.map((i) => posterior.particles[i]!);
      },
      ...(options.onTruth === undefined ? {} : { onTruth: options.onTruth }),
    });
    return { ...result, simulations, ensembleVariance, looInflation: inflation };
  } finally {
    await executor.close();
  }
}
