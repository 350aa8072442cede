/**
 * The Monte Carlo batch runner: scenarios × runs through an executor (this machine's cores by default), with
 * streamed statistics, a durable journal and resume.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import type { Seed } from "../random.js";
import { parseInput } from "../validation.js";
import { localExecutor, type BatchExecutor } from "./executor.js";
import { configText, foldBatch, JournalWriteError } from "./fold-batch.js";
import { openJournal, type JournalSpec } from "./journal.js";
import type { BatchProgress, BatchScenario, BatchSummary, ErosionRule, RunRecord } from "./types.js";

/** Options of {@link runBatch}. */
export interface RunBatchOptions {
  /** URL or path of an ES module exporting `runTask(task: RunTask): RunRecord | Promise<RunRecord>`. */
  readonly worker: URL | string;
  /** Scenarios, in the order the summary lists them; paired differences are against the first. */
  readonly scenarios: readonly BatchScenario[];
  /** Runs per scenario. */
  readonly runs: number;
  /** Master seed; run i's seed is `deriveSeed(masterSeed, i)` in every scenario. */
  readonly masterSeed: Seed;
  /** Financial years per run. */
  readonly years: number;
  /** Tasks at once on this machine (the main thread plus worker threads); default: cores, at most 8. */
  readonly workers?: number;
  /** Where tasks run (default: {@link localExecutor} with `workers`). */
  readonly executor?: BatchExecutor;
  /** Erosion rules to evaluate at the horizon. */
  readonly erosion?: readonly ErosionRule[];
  /** Path of the journal file (JSONL); its folder must exist. Without it, an interruption loses the batch. */
  readonly journal?: string;
  /** Continue from the journal instead of starting again. */
  readonly resume?: boolean;
  /** Name and version recorded in the manifest. */
  readonly producer?: string;
  /** Fingerprint of the code running the tasks (versions, plugin contents): a resume must match it. */
  readonly codeFingerprint?: string;
  /** Called after each finished run. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Called with each run's record in summary order (run-major), including runs read back from the journal. */
  readonly onRecord?: (record: RunRecord) => void;
  /**
   * Fold runs into the summary's statistics (default true). False for batches whose caller reads every record
   * through `onRecord`, such as a calibration's thousands of one-run scenarios, whose statistics would only
   * cost memory: the summary then carries the failures and the manifest, and no statistics.
   */
  readonly statistics?: boolean;
  /** Stops the batch: no new runs start, finished ones stay in the journal, the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/** Sha-256 of a value's canonical JSON (keys sorted; see {@link configText}), used to recognise a scenario's config. */
export function configHash(value: unknown): string {
  return createHash("sha256").update(configText(value)).digest("hex");
}

/** A module specifier for the worker: a file URL for paths, the URL itself otherwise. */
function moduleUrl(worker: URL | string): string {
  if (typeof worker !== "string") return worker.href;
  return /^[a-z][a-z0-9+.-]*:/i.test(worker) ? worker : pathToFileURL(worker).href;
}

/**
 * Runs a Monte Carlo batch and returns its summary.
 * @example
 * ```ts
 * const summary = await runBatch({
 *   worker: new URL("./my-task.js", import.meta.url),
 *   scenarios: [{ id: "a", config: a }, { id: "b", config: b }],
 *   runs: 200, masterSeed: 42, years: 10, workers: 2,
 *   erosion: [{ indicator: "gpFundingPerWeightedPatient", threshold: 0.02 }],
 *   journal: "results/journal.jsonl",
 * });
 * ```
 * @remarks The summary is a pure function of (scenarios, runs, master seed, years): runs are folded into
 * the statistics in a fixed order (run 0 of every scenario, then run 1, …) through a reorder buffer, so
 * the executor, the number of workers and the order runs finish in change nothing. Every finished run is
 * appended to the journal (checksum-chained) and fsync'd before it counts; resuming verifies the journal,
 * skips those runs and gives the same summary as an uninterrupted batch. A run that throws is recorded as a
 * failure with its seed (and its stack, in the journal); the others go on.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchSummary> {
  const { batchOptionsSchema } = await import("./options.js");
  parseInput(batchOptionsSchema, { scenarios: options.scenarios, runs: options.runs, years: options.years, workers: options.workers, masterSeed: options.masterSeed, erosion: options.erosion }, "batch options");
  const scenarios = options.scenarios;
  const masterSeed = String(options.masterSeed);
  const hashes = scenarios.map((s) => configHash(s.config));
  const spec: JournalSpec = { masterSeed, runs: options.runs, years: options.years, scenarios: scenarios.map((s, i) => ({ id: s.id, hash: hashes[i]! })), ...(options.codeFingerprint === undefined ? {} : { code: options.codeFingerprint }) };
  const executor = options.executor ?? localExecutor(options.workers === undefined ? {} : { workers: options.workers });
  if (options.signal?.aborted === true) {
    const e = new Error("batch aborted");
    e.name = "AbortError";
    throw e;
  }
  const journal = options.journal === undefined ? null : openJournal(options.journal, spec, options.resume === true);
  try {
    return await foldBatch({
      worker: moduleUrl(options.worker),
      scenarios,
      scenarioHashes: hashes,
      runs: options.runs,
      masterSeed,
      years: options.years,
      executor,
      journal,
      ...(options.erosion === undefined ? {} : { erosion: options.erosion }),
      ...(options.producer === undefined ? {} : { producer: options.producer }),
      ...(options.onProgress === undefined ? {} : { onProgress: options.onProgress }),
      ...(options.onRecord === undefined ? {} : { onRecord: options.onRecord }),
      ...(options.statistics === undefined ? {} : { statistics: options.statistics }),
      ...(options.signal === undefined ? {} : { signal: options.signal }),
    });
  } catch (e) {
    if (!(e instanceof JournalWriteError)) throw e;
    const cause = e.cause as NodeJS.ErrnoException;
    throw Object.assign(new Error(`runBatch: could not write the journal ${options.journal}: ${cause?.message ?? String(cause)}; the ${e.done} runs finished before it are kept: resume the batch once that is fixed`), { code: cause?.code });
  }
}
