/**
 * The Monte Carlo batch runner: scenarios × runs through an executor (this machine's cores by default), with
 * streamed statistics, a durable journal and resume.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { deriveSeed, type Seed } from "../random.js";
import { QUANTILE_METHOD } from "../stats/quantiles.js";
import { parseInput } from "../validation.js";
import { createAccumulator } from "./accumulate.js";
import { localExecutor, type BatchExecutor, type TaskOutcome } from "./executor.js";
import { openJournal, type Journal, type JournalEntry, type JournalSpec } from "./journal.js";
import { ProgressRate } from "./progress-rate.js";
import type { BatchProgress, BatchScenario, BatchSummary, ErosionRule, RunRecord, RunTask } from "./types.js";

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

/** Sha-256 of a value's canonical JSON (keys sorted), used to recognise a scenario's config. */
export function configHash(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return createHash("sha256").update(JSON.stringify(canonical(value))).digest("hex");
}

function abortError(): Error {
  const e = new Error("batch aborted");
  e.name = "AbortError";
  return e;
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
  const S = scenarios.length;
  const total = S * options.runs;
  const masterSeed = String(options.masterSeed);
  const hashes = scenarios.map((s) => configHash(s.config));
  const spec: JournalSpec = { masterSeed, runs: options.runs, years: options.years, scenarios: scenarios.map((s, i) => ({ id: s.id, hash: hashes[i]! })), ...(options.codeFingerprint === undefined ? {} : { code: options.codeFingerprint }) };
  const acc = createAccumulator(scenarios.map((s) => s.id), options.erosion ?? []);
  const executor = options.executor ?? localExecutor(options.workers === undefined ? {} : { workers: options.workers });
  const signal = options.signal;
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) throw abortError();

  const journal: Journal | null = options.journal === undefined ? null : openJournal(options.journal, spec, options.resume === true);
  const entries = new Map<number, JournalEntry>(journal?.resumed ?? []);
  let done = entries.size;
  const pace = new ProgressRate(performance.now());
  const report = (): void => {
    if (options.onProgress === undefined) return;
    const now = performance.now();
    pace.finished(now);
    options.onProgress({ done, total, runsPerSecond: pace.rate(now), secondsLeft: pace.secondsLeft(now, total - done) });
  };

  // Fold every finished run, in sequence order, as far as the sequence is complete.
  let next = 0;
  const fold = (): void => {
    for (let e = entries.get(next); e !== undefined; e = entries.get(next)) {
      entries.delete(next);
      if (e.type === "record") {
        options.onRecord?.(e.record);
        if (options.statistics !== false) acc.addRecord(next % S, Math.floor(next / S), e.record);
      } else acc.addFailure(next % S, Math.floor(next / S), e.failure);
      next++;
    }
  };
  const taskOf = (k: number): RunTask => {
    const run = Math.floor(k / S);
    return { scenario: scenarios[k % S]!, run, seed: deriveSeed(masterSeed, run), years: options.years };
  };
  const finished = new Set<number>();
  let journalError: unknown = null;
  // The executor's signal: the caller's, or a journal that cannot be written.
  const stop = new AbortController();
  const onAbort = (): void => stop.abort();
  signal?.addEventListener("abort", onAbort, { once: true });
  const finish = (k: number, result: TaskOutcome): void => {
    let outcome = result;
    if (finished.has(k) || k < next || entries.has(k)) return; // a duplicate (a retried task): the first result counts
    finished.add(k);
    const task = taskOf(k);
    // A record must be the task's own; anything else is that run's failure.
    if ("record" in outcome && (outcome.record?.scenario !== task.scenario.id || outcome.record.run !== task.run)) {
      outcome = { error: new Error(`the worker returned ${String(outcome.record?.scenario)} run ${String(outcome.record?.run)} for ${task.scenario.id} run ${task.run}`) };
    }
    // Records are folded exactly as the journal stores them (a JSON round trip), so a resumed batch
    // folds the very same numbers.
    const entry: JournalEntry =
      "record" in outcome
        ? { type: "record", k, record: JSON.parse(JSON.stringify(outcome.record)) as RunRecord }
        : {
            type: "failure",
            k,
            failure: {
              scenario: task.scenario.id,
              run: task.run,
              seed: task.seed,
              message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error),
              ...(outcome.error instanceof Error && outcome.error.stack !== undefined ? { stack: outcome.error.stack } : {}),
            },
          };
    if (journalError !== null) return; // the batch is stopping: this run is not counted, and runs again on resume
    try {
      journal?.append(entry);
    } catch (e) {
      // A journal that cannot be written (a full disk) stops the batch: a run that is not in the journal would
      // be lost to a resume, so none is counted past it.
      journalError = e;
      stop.abort();
      return;
    }
    entries.set(k, entry);
    done++;
    report();
    fold();
  };

  fold();
  const pending: number[] = [];
  for (let k = 0; k < total; k++) if (!journal?.resumed.has(k)) pending.push(k);
  try {
    await executor.run({ worker: moduleUrl(options.worker), pending, task: taskOf, done: finish, signal: stop.signal });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    journal?.close();
  }
  if (journalError !== null) {
    const e = journalError as NodeJS.ErrnoException;
    throw Object.assign(new Error(`runBatch: could not write the journal ${options.journal}: ${e.message ?? String(e)}; the ${done} runs finished before it are kept: resume the batch once that is fixed`), { code: e.code });
  }
  if (aborted()) throw abortError();
  fold();
  if (next < total) throw new Error(`runBatch: the executor finished with ${total - next} of ${total} runs unreported`);
  return acc.summary({
    runs: options.runs,
    masterSeed,
    manifest: {
      producer: options.producer ?? "@ringfence/core",
      masterSeed,
      scenarioHashes: Object.fromEntries(scenarios.map((s, i) => [s.id, hashes[i]!])),
      quantileMethod: QUANTILE_METHOD,
    },
  });
}
