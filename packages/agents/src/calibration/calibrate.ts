/**
 * ABC-SMC calibration of the baseline-2014 backcast: every scenario parameter with a prior is fitted to the
 * fitted level targets (distance scaled by their tolerances); each batch of proposals runs as one batch of
 * scenarios, journalled, and each finished generation is written to a file, so an interrupted calibration
 * resumes where it stopped with the same result.
 * @packageDocumentation
 */
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { localExecutor, runBatch, type BatchExecutor, type RunRecord } from "@ringfence/core/batch";
import { deserializeGeneration, priorBounds, runAbcSmc, serializeGeneration, targetDistance, type AbcGeneration, type AbcParameter, type AbcResult, type Prior } from "@ringfence/core/calibrate";
import { ConfigError } from "@ringfence/core";
import { DEFAULT_MAX_RUNS, grouped } from "../run-bound.js";
import type { PopulationSize } from "../scenario.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { BACKCAST_YEARS, groupRuns, quantile } from "./backcast.js";
import { calibrationWorkerModule, type CalibrationTaskConfig } from "./calibration-task.js";
import { ENSEMBLE_VERSION, formatEnsemble, parseEnsemble, type Ensemble } from "./ensemble.js";
import { fittedTargets, measureRun, TARGETS, variantScenario, variantsFor, type ValidationTarget, type VariantId } from "./targets.js";

/** The calibrated parameters: every numeric scenario parameter that has a prior, in schema order. */
export function calibratedParameters(): AbcParameter[] {
  const params = scenarioParams();
  return CALIBRATED_PATHS.flatMap((path) => {
    const prior = params.get(path)?.prior;
    return prior === undefined ? [] : [{ name: path, prior }];
  });
}

/**
 * The parameters the calibration fits: those with a prior that the fitted targets can inform (the GP
 * contract settlement, the labour market, practices' exits, trusts' costs and the ICB's
 * funding of activity). Parameters the fitted variants never read (the IHO hosts' diversion) or that no
 * fitted target moves keep their priors in forward runs and are explored, not calibrated.
 */
export const CALIBRATED_PATHS: readonly string[] = [
  "national.settlementRealBase",
  "national.settlementPassThrough",
  "national.settlementPressure",
  "workforce.inflowPerMillion",
  "workforce.leaverRate",
  "workforce.pressureLeaving",
  "practice.exitBaseHazard",
  "acuteTrust.efficiencyDelivered",
  "acuteTrust.extraDemandMean",
  "icb.tariffEfficiency",
];

/** The standard normal distribution function Φ(z) (erfc by Chebyshev fit, fractional error below 1.2e-7). */
export function normalCdf(z: number): number {
  const x = Math.abs(z) / Math.SQRT2;
  const t = 1 / (1 + 0.5 * x);
  const erfc =
    t *
    Math.exp(
      -x * x - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806 + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return z >= 0 ? 1 - erfc / 2 : erfc / 2;
}

/**
 * A parameter's value from its latent standard normal coordinate: θ = F⁻¹(Φ(z)) for the prior F, so a
 * N(0, 1) latent prior is exactly the parameter's prior. Supports uniform, log-uniform and untruncated normal priors.
 * @remarks The calibration perturbs particles in the latent space, where the support is unbounded: with
 * twenty-odd bounded parameters, perturbations in the natural space almost always leave the prior's box.
 */
export function fromLatent(prior: Prior, z: number): number {
  const u = normalCdf(z);
  switch (prior.kind) {
    case "uniform":
      return Math.min(prior.high, Math.max(prior.low, prior.low + (prior.high - prior.low) * u));
    case "log-uniform":
      return Math.min(prior.high, Math.max(prior.low, Math.exp(Math.log(prior.low) + (Math.log(prior.high) - Math.log(prior.low)) * u)));
    case "normal": {
      const { low, high } = priorBounds(prior);
      if (Number.isFinite(low) || Number.isFinite(high)) throw new RangeError("fromLatent: truncated normal priors are not supported");
      return prior.mean + prior.sd * z;
    }
    case "beta":
      throw new RangeError("fromLatent: beta priors are not supported");
  }
}

const LATENT: Prior = { kind: "normal", mean: 0, sd: 1 };

/** Options of {@link runCalibration}. */
export interface CalibrationOptions {
  /** Particles accepted per generation. */
  readonly particles: number;
  /** Generations in the end (finished ones in `dir` included). */
  readonly generations: number;
  /** Runs (seeds) per proposal; the distance uses each target's median across them. */
  readonly runsPerParticle: number;
  /** Tasks at once. */
  readonly workers?: number;
  /** Folder for the settings, batch journals and generation files (created if missing); reuse it to resume. */
  readonly dir: string;
  /** Master seed. */
  readonly seed: string;
  /** Population size (default england). */
  readonly population?: PopulationSize;
  /** Quantile of the previous distances that sets the next tolerance (default 0.5). */
  readonly quantile?: number;
  /** Stop when acceptance falls below this (default 0.02). */
  readonly minAcceptance?: number;
  /** Proposals per batch (default `particles`). */
  readonly batchSize?: number;
  /** Perturbation kernel's covariance multiplier (default "silverman": weights that do not collapse with a dozen parameters). */
  readonly kernelScale?: number | "silverman";
  /** Parameters to fit (default {@link calibratedParameters}). */
  readonly parameters?: readonly AbcParameter[];
  /** Targets to fit (default the fitted level targets). */
  readonly targets?: readonly ValidationTarget[];
  /** Where to write the ensemble besides `dir/ensemble.json`. */
  readonly out?: string;
  /**
   * The most model runs this call may start (default {@link DEFAULT_MAX_RUNS}): a calibration's size is known
   * only as it goes (proposals until enough are accepted), so the bound is checked before each batch, and a
   * calibration that reaches it stops with a ConfigError, its finished generations and journals kept for a resume.
   */
  readonly maxRuns?: number;
  /** Called with the path of each file in `dir` (settings, generations, journals, the ensemble) before it is written, so a caller can record or refuse it. */
  readonly onFile?: (path: string) => void;
  /** Where the runs go (default: the local pool with `workers`); the same ensemble either way. */
  readonly executor?: BatchExecutor;
  /** Stops the calibration; finished generations and runs stay in `dir`. */
  readonly signal?: AbortSignal;
  /** Called after each newly finished generation. */
  readonly onGeneration?: (generation: AbcGeneration) => void;
}

/** The outcome of {@link runCalibration}. */
export interface CalibrationResult {
  /** The ABC-SMC result (every generation and the posterior). */
  readonly abc: AbcResult;
  /** The posterior ensemble as written. */
  readonly ensemble: Ensemble;
}

function producer(): string {
  const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { name?: unknown; version?: unknown };
  return `${String(pkg.name)}@${String(pkg.version)}`;
}

/** Writes a file whole (a temporary file beside it, flushed and renamed), so an interrupt never leaves half a generation. */
function writeAtomic(path: string, text: string): void {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  writeFileSync(tmp, text);
  renameSync(tmp, path);
}

const generationFile = (dir: string, g: number): string => join(dir, `generation-${g}.json`);
const journalFile = (dir: string, g: number, b: number): string => join(dir, `g${g}-b${b}.jsonl`);

/** Distance of one proposal's run groups from the targets: each target's median across runs, scaled by tolerance. */
export function proposalDistance(groups: readonly Readonly<Partial<Record<VariantId, RunRecord>>>[], targets: readonly ValidationTarget[]): number {
  const simulated = targets.map((t) => {
    const values = groups.map((g) => measureRun(t.measure, g)).filter(Number.isFinite);
    return values.length === groups.length ? quantile(values, 0.5) : Number.NaN;
  });
  return targetDistance(simulated, targets.map((t) => ({ value: t.value, tolerance: t.tolerance })));
}

/**
 * Runs (or resumes from `dir`) the ABC-SMC calibration and writes the posterior ensemble.
 * @remarks Proposals of one batch share the batch's run seeds (common random numbers), which differ from
 * batch to batch and generation to generation. The result is a pure function of the options (workers aside).
 */
export async function runCalibration(options: CalibrationOptions): Promise<CalibrationResult> {
  const parameters = options.parameters ?? calibratedParameters();
  const targets = options.targets ?? fittedTargets(TARGETS);
  const population = options.population ?? "england";
  const variants = variantsFor(targets);
  const quantileLevel = options.quantile ?? 0.5;
  const minAcceptance = options.minAcceptance ?? 0.02;
  const batchSize = options.batchSize ?? options.particles;
  const kernelScale = options.kernelScale ?? "silverman";
  const dir = options.dir;
  mkdirSync(dir, { recursive: true });

  // The settings a resume must share (generations may grow).
  const settings = {
    version: ENSEMBLE_VERSION,
    seed: options.seed,
    particles: options.particles,
    runsPerParticle: options.runsPerParticle,
    population,
    quantile: quantileLevel,
    minAcceptance,
    batchSize,
    kernelScale,
    parameters: parameters.map((p) => ({ name: p.name, prior: p.prior })),
    targets: targets.map((t) => ({ id: t.id, value: t.value, tolerance: t.tolerance })),
  };
  const settingsPath = join(dir, "calibration.json");
  const settingsText = `${JSON.stringify(settings, null, 1)}\n`;
  if (existsSync(settingsPath)) {
    if (readFileSync(settingsPath, "utf8") !== settingsText) {
      throw new Error(`runCalibration: ${settingsPath} holds a calibration with other settings; use another dir or delete it`);
    }
  } else {
    options.onFile?.(settingsPath);
    writeAtomic(settingsPath, settingsText);
  }

  const resume: AbcGeneration[] = [];
  for (let g = 0; existsSync(generationFile(dir, g)); g++) resume.push(deserializeGeneration(JSON.parse(readFileSync(generationFile(dir, g), "utf8"))));

  const worker = calibrationWorkerModule();
  const scenarioOf = new Map(variants.map((v) => [v, variantScenario(v, population)] as const));

  const maxRuns = options.maxRuns ?? DEFAULT_MAX_RUNS;
  let runsStarted = 0;
  const natural = (theta: Float64Array): number[] => parameters.map((p, k) => fromLatent(p.prior, theta[k]!));
  // One local pool for every batch of the calibration, so only the first batch starts its threads cold.
  const local = options.executor === undefined ? localExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), keepAlive: true }) : null;
  const executor = options.executor ?? local!;
  const abc = await runAbcSmc({
    parameters: parameters.map((p) => ({ name: p.name, prior: LATENT })),
    particles: options.particles,
    generations: options.generations,
    seed: options.seed,
    quantile: quantileLevel,
    minAcceptance,
    batchSize,
    kernelScale,
    resume,
    simulate: async (proposals, { generation, batch }) => {
      const batchRuns = proposals.length * variants.length * options.runsPerParticle;
      if (runsStarted + batchRuns > maxRuns) {
        const expected = `a calibration within ${grouped(maxRuns)} runs`;
        throw new ConfigError("calibration", [
          {
            path: "maxRuns",
            expected,
            value: runsStarted + batchRuns,
            message: `maxRuns (--max-runs): expected ${expected}, got more: generation ${generation} needs another ${grouped(batchRuns)} runs after ${grouped(runsStarted)}; the finished generations are kept in ${dir}: continue with --resume and a larger bound`,
          },
        ]);
      }
      runsStarted += batchRuns;
      const variantOf: Record<string, VariantId> = {};
      const scenarios = proposals.flatMap((theta, i) => {
        const values = natural(theta);
        return variants.map((v) => {
          const config: CalibrationTaskConfig = { scenario: scenarioOf.get(v)!, params: Object.fromEntries(parameters.map((p, k) => [p.name, values[k]!])) };
          const id = `p${i}-${v}`;
          variantOf[id] = v;
          return { id, config };
        });
      });
      const byProposal: RunRecord[][] = proposals.map(() => []);
      const journal = journalFile(dir, generation, batch);
      options.onFile?.(journal);
      await runBatch({
        worker,
        scenarios,
        runs: options.runsPerParticle,
        masterSeed: `${options.seed}:g${generation}:b${batch}`,
        years: BACKCAST_YEARS,
        journal,
        resume: existsSync(journal),
        statistics: false,
        executor,
        ...(options.signal === undefined ? {} : { signal: options.signal }),
        onRecord: (r) => {
          const i = Number(/^p(\d+)-/.exec(r.scenario)?.[1]);
          byProposal[i]?.push(r);
        },
      });
      return byProposal.map((records) => proposalDistance(groupRuns(records, variantOf), targets));
    },
    onGeneration: (g) => {
      options.onFile?.(generationFile(dir, g.index));
      writeAtomic(generationFile(dir, g.index), `${JSON.stringify(serializeGeneration(g))}\n`);
      for (let b = 0; existsSync(journalFile(dir, g.index, b)); b++) rmSync(journalFile(dir, g.index, b));
      options.onGeneration?.(g);
    },
  }).finally(() => local?.close());

  const simulations = abc.generations.reduce((s, g) => s + g.proposed, 0) * variants.length * options.runsPerParticle;
  const ensemble = parseEnsemble({
    version: ENSEMBLE_VERSION,
    parameters: abc.posterior.names,
    particles: abc.posterior.particles.map((p, i) => ({ values: natural(p), weight: abc.posterior.weights[i]! })),
    provenance: {
      producer: producer(),
      method: {
        name: `ABC-SMC (population Monte Carlo, Beaumont et al. 2009) with adaptive tolerance, perturbing in a latent standard normal space (θ = F⁻¹(Φ(z))) with a Gaussian kernel of ${kernelScale === "silverman" ? "Silverman's rule-of-thumb" : `${kernelScale} ×`} the weighted covariance`,
        particles: options.particles,
        generations: options.generations,
        runsPerParticle: options.runsPerParticle,
        quantile: quantileLevel,
        minAcceptance,
        stopReason: abc.stopReason,
        generationsRun: abc.generations.map((g) => ({ index: g.index, tolerance: g.tolerance, proposed: g.proposed, ess: g.ess })),
      },
      seed: options.seed,
      population,
      scenario: "baseline-2014",
      targets: targets.map((t) => ({ id: t.id, value: t.value, tolerance: t.tolerance, role: t.role })),
      simulations,
    },
  });
  const text = formatEnsemble(ensemble);
  options.onFile?.(join(dir, "ensemble.json"));
  writeAtomic(join(dir, "ensemble.json"), text);
  if (options.out !== undefined) writeAtomic(options.out, text);
  return { abc, ensemble };
}
