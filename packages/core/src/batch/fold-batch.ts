/**
 * The platform-free heart of a Monte Carlo batch: tasks through an executor, outcomes folded run-major into
 * the summary's statistics. `runBatch` (Node: journal on disk, worker threads, sha-256 from `node:crypto`)
 * and a browser page (Web Workers, Web Crypto) both run batches through {@link foldBatch}, so they fold the
 * same numbers in the same order.
 * @packageDocumentation
 */
import { deriveSeed, type Seed } from "../random.js";
import { QUANTILE_METHOD } from "../stats/quantiles.js";
import { parseInput } from "../validation.js";
import { createAccumulator } from "./accumulate.js";
import type { BatchExecutor, TaskOutcome } from "./executor.js";
import type { JournalEntry } from "./journal.js";
import { ProgressRate } from "./progress-rate.js";
import type { BatchProgress, BatchScenario, BatchSummary, ErosionRule, RunRecord, RunTask } from "./types.js";

/** Where finished runs are kept so an interrupted batch can resume (a journal file in Node). */
export interface BatchJournal {
  /** Entries found when the journal was opened (resume), by sequence number. */
  readonly resumed: ReadonlyMap<number, JournalEntry>;
  /** Keeps an entry durably before it counts; throws when it cannot. */
  append(entry: JournalEntry): void;
  /** Closes the journal. */
  close(): void;
}

/** Options of {@link foldBatch}. */
export interface FoldBatchOptions {
  /** Module specifier (a URL) of the worker module, handed to the executor as it is. */
  readonly worker: string;
  /** Scenarios, in the order the summary lists them; paired differences are against the first. */
  readonly scenarios: readonly BatchScenario[];
  /** Hex sha-256 of each scenario's {@link configText}, in scenario order (recorded in the manifest). */
  readonly scenarioHashes: readonly string[];
  /** Runs per scenario. */
  readonly runs: number;
  /** Master seed; run i's seed is `deriveSeed(masterSeed, i)` in every scenario. */
  readonly masterSeed: Seed;
  /** Financial years per run. */
  readonly years: number;
  /** Where tasks run. */
  readonly executor: BatchExecutor;
  /** Erosion rules to evaluate at the horizon. */
  readonly erosion?: readonly ErosionRule[];
  /** Where finished runs are kept (and found again on resume); none by default. */
  readonly journal?: BatchJournal | null;
  /** Name and version recorded in the manifest. */
  readonly producer?: string;
  /** Called after each finished run. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Called with each run's record in summary order (run-major), including runs read back from the journal. */
  readonly onRecord?: (record: RunRecord) => void;
  /**
   * Called when more runs have been folded, with how many are folded and a function that computes the summary
   * of those runs (the same statistics the batch ends with, on the runs so far): for live charts. Computing it
   * costs a pass over the statistics, so call it at the pace the display needs.
   */
  readonly onFolded?: (folded: number, summary: () => BatchSummary) => void;
  /** Fold runs into the summary's statistics (default true); see `RunBatchOptions.statistics`. */
  readonly statistics?: boolean;
  /** Stops the batch: no new runs start, finished ones stay in the journal, the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

/**
 * The canonical JSON text of a config (object keys sorted at every depth) whose sha-256 identifies a scenario
 * in manifests and journals: equal configs give the same text whatever order their keys were built in.
 */
export function configText(value: unknown): string {
  const canonical = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(canonical);
    if (v !== null && typeof v === "object") {
      return Object.fromEntries(Object.keys(v).sort().map((k) => [k, canonical((v as Record<string, unknown>)[k])]));
    }
    return v;
  };
  return JSON.stringify(canonical(value));
}

function abortError(): Error {
  const e = new Error("batch aborted");
  e.name = "AbortError";
  return e;
}

/** The error a journal that could not be written stops a batch with. */
export class JournalWriteError extends Error {
  override readonly name = "JournalWriteError";
  /** Wraps what the journal threw (its `cause`); `done` runs had finished and been kept before it. */
  constructor(
    cause: unknown,
    readonly done: number,
  ) {
    super(cause instanceof Error ? cause.message : String(cause), { cause });
  }
}

/**
 * Runs a batch's tasks through an executor and folds them into its summary.
 * @remarks The summary is a pure function of (scenarios, runs, master seed, years): runs are folded in a fixed
 * order (run 0 of every scenario, then run 1, …) through a reorder buffer, and each record after a JSON round
 * trip (the form a journal stores), so the executor, the number of workers, the order runs finish in and a
 * resume change nothing. A run that throws is recorded as a failure with its seed; the others go on. A journal
 * that cannot be written stops the batch with a {@link JournalWriteError}.
 * @example
 * ```ts
 * const summary = await foldBatch({ worker: url, scenarios, scenarioHashes, runs: 20, masterSeed: "2025", years: 10, executor });
 * ```
 */
export async function foldBatch(options: FoldBatchOptions): Promise<BatchSummary> {
  const { batchOptionsSchema } = await import("./options.js");
  parseInput(batchOptionsSchema, { scenarios: options.scenarios, runs: options.runs, years: options.years, masterSeed: options.masterSeed, erosion: options.erosion }, "batch options");
  const scenarios = options.scenarios;
  const S = scenarios.length;
  if (options.scenarioHashes.length !== S) throw new RangeError(`foldBatch: scenarioHashes has ${options.scenarioHashes.length} entries; expected one per scenario (${S})`);
  const total = S * options.runs;
  const masterSeed = String(options.masterSeed);
  const acc = createAccumulator(scenarios.map((s) => s.id), options.erosion ?? []);
  const signal = options.signal;
  const aborted = (): boolean => signal?.aborted === true;
  const journal = options.journal ?? null;
  if (aborted()) {
    journal?.close();
    throw abortError();
  }

  const entries = new Map<number, JournalEntry>(journal?.resumed ?? []);
  let done = entries.size;
  const pace = new ProgressRate(performance.now());
  const report = (): void => {
    if (options.onProgress === undefined) return;
    const now = performance.now();
    pace.finished(now);
    options.onProgress({ done, total, runsPerSecond: pace.rate(now), secondsLeft: pace.secondsLeft(now, total - done) });
  };

  const manifest = {
    producer: options.producer ?? "@ringfence/core",
    masterSeed,
    scenarioHashes: Object.fromEntries(scenarios.map((s, i) => [s.id, options.scenarioHashes[i]!])),
    quantileMethod: QUANTILE_METHOD,
  };
  const summary = (): BatchSummary => acc.summary({ runs: options.runs, masterSeed, manifest });

  // Fold every finished run, in sequence order, as far as the sequence is complete.
  let next = 0;
  const fold = (): void => {
    const from = next;
    for (let e = entries.get(next); e !== undefined; e = entries.get(next)) {
      entries.delete(next);
      if (e.type === "record") {
        options.onRecord?.(e.record);
        if (options.statistics !== false) acc.addRecord(next % S, Math.floor(next / S), e.record);
      } else acc.addFailure(next % S, Math.floor(next / S), e.failure);
      next++;
    }
    if (next > from) options.onFolded?.(next, summary);
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
    await options.executor.run({ worker: options.worker, pending, task: taskOf, done: finish, signal: stop.signal });
  } finally {
    signal?.removeEventListener("abort", onAbort);
    journal?.close();
  }
  if (journalError !== null) throw new JournalWriteError(journalError, done);
  if (aborted()) throw abortError();
  fold();
  if (next < total) throw new Error(`runBatch: the executor finished with ${total - next} of ${total} runs unreported`);
  return summary();
}
