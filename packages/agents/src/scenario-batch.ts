/**
 * Monte Carlo batches of NHS scenarios in one call, for code and notebooks: scenarios are loaded through the
 * one validator, run on worker threads through the engine's batch runner (journal, resume, progress), and
 * summarised with paired differences against the first.
 * @packageDocumentation
 */
import { createHash, type Hash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError } from "@ringfence/core";
import { localExecutor, runBatch, type BatchExecutor, type BatchProgress, type BatchSummary, type RunRecord } from "@ringfence/core/batch";
import { GP_FUND, verifyByDefault, type FlowChoice } from "./batch-options.js";
import { nhsTaskConfig, nhsWorkerModule } from "./batch-task.js";
import { INDICATOR_IDS } from "./indicators.js";
import { loadScenario, type LoadedScenario } from "./scenario-files/load.js";
import { checkRunBound, counted, DEFAULT_MAX_RUNS } from "./run-bound.js";
import { HEADLINE_INDICATOR, PRODUCER } from "./run-record.js";
import { pluginExecutor } from "./task-trust.js";

export { HEADLINE_INDICATOR, PRODUCER } from "./run-record.js";

/** The module name NHS batches use on a Redis queue; `ringfence worker` maps it to this package's batch task. */
export const NHS_QUEUE_MODULE = "ringfence-nhs";

/** The module name experiments (`ringfence explore --queue`) use on a Redis queue. */
export const EXPERIMENT_QUEUE_MODULE = "ringfence-experiment";

/** The module name calibrations and backcasts (`ringfence calibrate --queue`) use on a Redis queue. */
export const CALIBRATION_QUEUE_MODULE = "ringfence-calibration";

/**
 * A Redis queue executor for one of this package's task modules, carrying this code's fingerprint, so a worker
 * running other code refuses its jobs. BullMQ is loaded on call.
 */
export async function queueExecutorFor(url: string, module: typeof NHS_QUEUE_MODULE | typeof EXPERIMENT_QUEUE_MODULE | typeof CALIBRATION_QUEUE_MODULE): Promise<BatchExecutor> {
  const { queueExecutor } = await import("@ringfence/core/queue");
  return queueExecutor({ url, module, fingerprint: codeFingerprint() });
}

let fingerprint: string | undefined;

/** Adds every code file under a folder (sorted, recursively) to a hash. */
function hashTree(hash: Hash, dir: string): void {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) {
      // Only the model's code: tests, their fixtures and scratch files do not change what a run computes.
      if (!["scratch", "node_modules", "test", "fixtures"].includes(name)) hashTree(hash, path);
    } else if (/\.(js|mjs|ts)$/.test(name) && !name.endsWith(".test.ts") && !name.endsWith(".d.ts")) hash.update(name).update(readFileSync(path));
  }
}

/**
 * The fingerprint of the code that runs NHS batches: this package's name and version, Node's major version,
 * the sources of the model (this package's and the engine's, which the compiled code is built from) and the workspace
 * lockfile when there is one. A queue worker whose fingerprint differs refuses the jobs, and a journal
 * written by other code is not resumed. (Plugins are covered by each scenario's `pluginHashes`.)
 */
export function codeFingerprint(): string {
  if (fingerprint !== undefined) return fingerprint;
  const hash = createHash("sha256").update(PRODUCER).update(`node ${process.versions.node.split(".")[0]}`);
  // The sources of both packages, whether this code runs compiled or from them, so a compiled worker and a
  // coordinator running sources of the same commit agree (the build is a function of the sources).
  const agentsRoot = dirname(dirname(fileURLToPath(import.meta.url)));
  const coreRoot = dirname(dirname(fileURLToPath(import.meta.resolve("@ringfence/core"))));
  const here = join(agentsRoot, "src");
  hashTree(hash, here);
  hashTree(hash, join(coreRoot, "src"));
  for (let dir = here, i = 0; i < 6; i++, dir = dirname(dir)) {
    const lock = join(dir, "pnpm-lock.yaml");
    if (existsSync(lock)) {
      hash.update(readFileSync(lock));
      break;
    }
  }
  fingerprint = hash.digest("hex").slice(0, 32);
  return fingerprint;
}

/** Options of {@link runScenarioBatch}. */
export interface ScenarioBatchOptions {
  /** Preset ids or scenario file paths (loaded and validated here), or scenarios already loaded; the first is the baseline of paired differences. */
  readonly scenarios: readonly (string | LoadedScenario)[];
  /** Runs per scenario. */
  readonly runs: number;
  /** Master seed (default "2025"); run i has the same seed in every scenario (common random numbers). */
  readonly seed?: string;
  /** Tasks at once on this machine (default: cores, at most 8). */
  readonly workers?: number;
  /** Values merged over every scenario named by id or path (for example `{ population: { size: "icb" } }`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Let scenarios load their plugins (runs their code, in worker threads only). Default false: a scenario with plugins is refused. */
  readonly allowPlugins?: boolean;
  /** Time limit of one run when plugins are loaded, in milliseconds (default 120 000). */
  readonly runTimeoutMs?: number;
  /** A fall of more than this share below the start counts as erosion of the headline (default 0.02). */
  readonly erosionThreshold?: number;
  /** Journal file (its folder must exist) so an interrupted batch can resume. */
  readonly journal?: string;
  /** Continue from the journal. */
  readonly resume?: boolean;
  /** Where runs execute (default: this machine's cores; a queue executor spreads them over machines). */
  readonly executor?: BatchExecutor;
  /** Called after each finished run. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Called with each run's record in summary order. */
  readonly onRecord?: (record: RunRecord) => void;
  /**
   * Check every run's ledger at its end; a run whose books do not balance fails (default: on when the
   * environment variable `RINGFENCE_VERIFY` is `1`, as in the test suite, else off).
   */
  readonly verify?: boolean;
  /** Which money the summary's flows follow (default `general-practice`; `all` for every fund, or one fund). */
  readonly flows?: FlowChoice;
  /** Plugin indicators to record in every scenario named by id or path, besides those each lists. */
  readonly indicators?: readonly string[];
  /** Called with each warning about the batch (scenarios recording different indicators); default `process.emitWarning`. */
  readonly onWarning?: (message: string) => void;
  /** Stops the batch (finished runs stay in the journal). */
  readonly signal?: AbortSignal;
  /** The most model runs the batch may have (scenarios × runs; default 200,000), checked before anything runs. */
  readonly maxRuns?: number;
}

/** Checks that scenarios can share a batch: distinct ids, the same years, plugins allowed where listed. */
export function checkBatchScenarios(loaded: readonly LoadedScenario[], allowPlugins: boolean): void {
  const fail = (path: string, expected: string, value: unknown, got: string): never => {
    throw new ConfigError("batch", [{ path, expected, value, message: `${path}: expected ${expected}, got ${got}` }]);
  };
  if (loaded.length === 0) fail("scenarios", "at least one scenario", [], "none");
  const ids = new Set<string>();
  for (const s of loaded) {
    if (ids.has(s.scenario.id)) fail("scenarios", "distinct scenario ids (give each file its own id)", s.scenario.id, `"${s.scenario.id}" twice`);
    ids.add(s.scenario.id);
    if (s.plugins.length > 0 && !allowPlugins) {
      fail(`${s.source} plugins`, "no plugins, or permission to run them (--allow-plugins, or allowPlugins: true in code)", s.plugins, `${s.plugins.length} plugin module${s.plugins.length === 1 ? "" : "s"} (${s.plugins.join(", ")})`);
    }
  }
  const years = [...new Set(loaded.map((s) => s.scenario.years))];
  if (years.length > 1) fail("years", "the same number of years for every scenario (set years, or --years)", years, years.join(" and "));
}

/**
 * Warnings for plugin indicators that some scenarios of a batch record and others do not: such an indicator has
 * no paired differences against a scenario that lacks it, and its charts show only the scenarios that record it.
 * Returns one message per indicator (empty when every scenario records the same ones).
 */
export function indicatorWarnings(loaded: readonly Pick<LoadedScenario, "scenario">[]): string[] {
  const ids = [...new Set(loaded.flatMap((l) => l.scenario.indicators))];
  const out: string[] = [];
  const baseline = loaded[0]?.scenario.id;
  for (const id of ids) {
    const without = loaded.filter((l) => !l.scenario.indicators.includes(id)).map((l) => l.scenario.id);
    if (without.length === 0) continue;
    const withIt = loaded.filter((l) => l.scenario.indicators.includes(id)).map((l) => l.scenario.id);
    const lacking = without.map((w) => (w === baseline ? `${w} (the baseline)` : w)).join(", ");
    const pairs = without.includes(baseline ?? "") ? "it has no paired differences in this batch" : `it has no paired differences for ${without.join(", ")}`;
    out.push(
      `${id} is recorded by ${withIt.join(", ")} but not by ${lacking}: ${pairs}, and its charts show only the scenarios that record it; to compare it, give each scenario a file that lists the plugin defining it and the indicator (or pass --indicators ${id} when every scenario loads that plugin)`,
    );
  }
  return out;
}

/** Every indicator a batch records, built-in first, then the plugin indicators in the order the scenarios list them. */
export function recordedIndicators(loaded: readonly Pick<LoadedScenario, "scenario">[]): string[] {
  return [...INDICATOR_IDS, ...new Set(loaded.flatMap((l) => l.scenario.indicators))];
}

/**
 * Loads and runs scenarios as one Monte Carlo batch and returns its summary.
 * @example
 * ```ts
 * const summary = await runScenarioBatch({ scenarios: ["ring-fenced", "iho-acute"], runs: 50, overrides: { population: { size: "icb" } } });
 * summary.paired.find((p) => p.scenario === "iho-acute" && p.indicator === "gpFundingPerWeightedPatient");
 * ```
 * @remarks Plugins run only when `allowPlugins` is true, and then only in worker threads with a time limit per
 * run. Same scenarios, runs and seed give a byte-identical summary for any number of workers.
 */
export async function runScenarioBatch(options: ScenarioBatchOptions): Promise<BatchSummary> {
  const allow = options.allowPlugins === true;
  const S = options.scenarios.length;
  checkRunBound({ runs: S * options.runs, breakdown: `${counted(S, "scenario")} × ${counted(options.runs, "run")}` }, options.maxRuns ?? DEFAULT_MAX_RUNS, "maxRuns");
  const loaded: LoadedScenario[] = [];
  for (const s of options.scenarios) {
    loaded.push(
      typeof s === "string"
        ? await loadScenario(s, { ...(options.overrides === undefined ? {} : { overrides: options.overrides }), ...(options.indicators === undefined ? {} : { indicators: options.indicators }), allowPlugins: allow })
        : s,
    );
  }
  checkBatchScenarios(loaded, allow);
  const warn = options.onWarning ?? ((message: string) => process.emitWarning(message, "RingfenceWarning"));
  for (const w of indicatorWarnings(loaded)) warn(w);
  const plugins = loaded.some((s) => s.plugins.length > 0);
  const workers = options.workers;
  const executor =
    options.executor ??
    (plugins ? pluginExecutor({ ...(workers === undefined ? {} : { workers }), taskTimeoutMs: options.runTimeoutMs ?? 120_000 }) : localExecutor(workers === undefined ? {} : { workers }));
  return runBatch({
    worker: nhsWorkerModule().url,
    scenarios: loaded.map((s) => ({ id: s.scenario.id, config: nhsTaskConfig(s.scenario, { verify: options.verify ?? verifyByDefault(), flows: options.flows ?? GP_FUND }) })),
    runs: options.runs,
    masterSeed: options.seed ?? "2025",
    years: loaded[0]!.scenario.years,
    executor,
    erosion: [{ indicator: HEADLINE_INDICATOR, threshold: options.erosionThreshold ?? 0.02 }],
    producer: PRODUCER,
    codeFingerprint: codeFingerprint(),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
    ...(options.onRecord === undefined ? {} : { onRecord: options.onRecord }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  });
}
