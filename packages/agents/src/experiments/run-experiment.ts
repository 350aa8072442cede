/**
 * Runs an experiment: builds its design, runs every (point, scenario, run) through the batch runner (so the
 * journal, resume and progress work as for any batch), keeps only the outcome of each run, and analyses it.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { checkOutputFolder, runBatch, type BatchExecutor, type BatchProgress, type RunRecord } from "@ringfence/core/batch";
import { verifyByDefault } from "../batch-options.js";
import { analyseOutcomes, measureOutcomes, outcomeIndex, type ExperimentOutcomes } from "./analyse.js";
import { checkRunBound, counted, DEFAULT_MAX_RUNS } from "../run-bound.js";
import { pluginExecutor } from "../task-trust.js";
import { buildDesign, designPointCount, designScenarios, parsePointScenarioId } from "./design.js";
import { parseExperiment, type Experiment, type ExperimentInput } from "./experiment-schema.js";
import { experimentWorkerModule } from "./experiment-task.js";
import { INDICATORS, type IndicatorInfo } from "../indicators.js";
import { prepareExperiment, type PreparedExperiment } from "./prepare.js";
import type { ExperimentResult } from "./result.js";

/** Options of {@link runExperiment}. */
export interface RunExperimentOptions {
  /** Tasks at once on this machine (default: the batch runner's default). */
  readonly workers?: number;
  /** Folder to write the results into (see `writeExperiment`); nothing is written without it. */
  readonly out?: string;
  /** Path of the batch journal (its folder must exist); without it an interruption loses the runs. */
  readonly journal?: string;
  /** Continue from the journal. */
  readonly resume?: boolean;
  /** Stops the experiment: finished runs stay in the journal and the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
  /** Called after each finished run. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Where runs execute (default: this machine's cores). */
  readonly executor?: BatchExecutor;
  /** Check every run's ledger at its end (default: on when `RINGFENCE_VERIFY` is `1`, as in the test suite). */
  readonly verify?: boolean;
  /** Folder the experiment's scenario files are relative to and must lie in (default: the working folder; the CLI: the experiment file's). */
  readonly baseDir?: string;
  /** Let scenario files load their plugins: checked in a worker thread, run in isolated worker threads with a time limit. Default false. */
  readonly allowPlugins?: boolean;
  /** With plugins, the longest one run (and each plugin check) may take, in milliseconds (default 120 000). */
  readonly runTimeoutMs?: number;
  /** The most model runs the experiment may need (design points × scenarios × runs per point; default 200,000), checked before anything runs. */
  readonly maxRuns?: number;
}





/** How to show an experiment's outcome indicator: the built-in one's info, else the plugin's that a scenario loaded. */
function outcomeInfo(id: string, prepared: PreparedExperiment): IndicatorInfo {
  const builtIn = (INDICATORS as Readonly<Record<string, IndicatorInfo | undefined>>)[id];
  if (builtIn !== undefined) return builtIn;
  for (const s of prepared.scenarios) {
    const info = s.loaded.indicators[id];
    if (info !== undefined) return info;
  }
  return { label: id, unit: "", format: ",.4~g", description: "" };
}

let producer: string | undefined;

/** `name@version` of this package, read from its package.json (the same path from src/ and dist/). */
export function experimentProducer(): string {
  if (producer === undefined) {
    const pkg: unknown = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8"));
    const name = typeof pkg === "object" && pkg !== null && "name" in pkg && typeof pkg.name === "string" ? pkg.name : "unknown";
    const version = typeof pkg === "object" && pkg !== null && "version" in pkg && typeof pkg.version === "string" ? pkg.version : "unknown";
    producer = `${name}@${version}`;
  }
  return producer;
}

/**
 * Runs an experiment and returns its design, outcomes and analysis (and writes its files when `out` is given).
 * @remarks Every (point, scenario) is one batch scenario with id `<preset>@p<point>`, and run i has the same
 * seed everywhere (common random numbers), so paired measures compare like with like and the differences
 * between points are the parameters' doing, not noise. Records are folded in a fixed order and only the
 * outcome of each run is kept, so the same experiment and seed give identical results for any worker count,
 * executor or resume.
 * @example
 * ```ts
 * const result = await runExperiment(parseYaml(text), { workers: 2, out: "results/iho-vs-ringfenced" });
 * result.analysis.targets[0]?.sobol; // first-order and total indices per parameter
 * ```
 */
export async function runExperiment(input: ExperimentInput | Experiment, options: RunExperimentOptions = {}): Promise<ExperimentResult> {
  const experiment = parseExperiment(input);
  const count = designPointCount(experiment) * experiment.scenarios.length * experiment.runsPerPoint;
  checkRunBound({ runs: count, breakdown: `${counted(designPointCount(experiment), "design point")} × ${counted(experiment.scenarios.length, "scenario")} × ${counted(experiment.runsPerPoint, "run")} per point` }, options.maxRuns ?? DEFAULT_MAX_RUNS, "maxRuns");
  // A results folder that cannot take the results is refused before any run, not after them.
  if (options.out !== undefined) checkOutputFolder(options.out);
  const runTimeoutMs = options.runTimeoutMs ?? 120_000;
  const prepared = await prepareExperiment(experiment, { ...(options.baseDir === undefined ? {} : { baseDir: options.baseDir }), allowPlugins: options.allowPlugins === true, pluginTimeoutMs: runTimeoutMs });
  const design = buildDesign(experiment, prepared);
  const scenarios = designScenarios(experiment, design, prepared, { verify: options.verify ?? verifyByDefault() });
  const ids = prepared.scenarios.map((s) => s.id);
  const S = ids.length;
  const R = experiment.runsPerPoint;
  const P = design.points.length;
  const values = new Float64Array(P * S * R).fill(Number.NaN);
  const yearLabels: Record<string, string> = Object.fromEntries(ids.map((s) => [s, ""]));
  const scenarioIndex = new Map<string, number>(ids.map((s, i) => [s, i]));
  const onRecord = (record: RunRecord): void => {
    const id = parsePointScenarioId(record.scenario);
    const s = id === undefined ? undefined : scenarioIndex.get(id.scenario);
    if (id === undefined || s === undefined || id.point >= P || record.run >= R) throw new RangeError(`runExperiment: a record for ${record.scenario} run ${record.run} does not belong to this experiment`);
    const v = record.indicators[experiment.outcome.indicator]?.[0];
    values[outcomeIndex({ scenarios: ids, runs: R }, id.point, s, record.run)] = typeof v === "number" ? v : Number.NaN;
    const label = record.years[0];
    if (label !== undefined && yearLabels[id.scenario] === "") yearLabels[id.scenario] = label;
  };
  const summary = await runBatch({
    worker: experimentWorkerModule().url,
    scenarios,
    runs: R,
    masterSeed: experiment.seed,
    years: design.years,
    producer: experimentProducer(),
    onRecord,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.executor === undefined ? (prepared.plugins ? { executor: pluginExecutor({ ...(options.workers === undefined ? {} : { workers: options.workers }), taskTimeoutMs: runTimeoutMs }) } : {}) : { executor: options.executor }),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
  });
  const outcomes: ExperimentOutcomes = {
    scenarios: ids,
    points: P,
    runs: R,
    values,
    outcomes: measureOutcomes(values, S, R, experiment.outcome.measure),
    yearLabels,
  };
  const analysis = analyseOutcomes(experiment, design, outcomes);
  const result: ExperimentResult = {
    experiment,
    scenarios: prepared.scenarios.map((s) => ({ id: s.id, source: s.source, title: s.title })),
    outcomeInfo: outcomeInfo(experiment.outcome.indicator, prepared),
    design,
    outcomes,
    analysis,
    failures: summary.failures.map((f) => ({ scenario: f.scenario, run: f.run, seed: f.seed, message: f.message })),
    provenance: { producer: experimentProducer(), seed: String(experiment.seed), totalRuns: P * S * R, experiment },
  };
  if (options.out === undefined) return result;
  const { writeExperiment } = await import("./write-experiment.js");
  return { ...result, files: await writeExperiment(options.out, result) };
}
