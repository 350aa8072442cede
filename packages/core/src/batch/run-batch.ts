/**
 * The Monte Carlo batch runner: scenarios × runs over worker threads, with streamed statistics, a durable
 * journal and resume.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Piscina } from "piscina";
import { z } from "zod";
import { deriveSeed, type Seed } from "../random.js";
import { QUANTILE_METHOD } from "../stats/quantiles.js";
import { integerIn, numberIn } from "../schema-helpers.js";
import { parseInput } from "../validation.js";
import { createAccumulator } from "./accumulate.js";
import { openJournal, type Journal, type JournalEntry, type JournalSpec } from "./journal.js";
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
  /** Worker threads (1 runs in this thread). Default: available cores, at most 8. */
  readonly workers?: number;
  /** Erosion rules to evaluate at the horizon. */
  readonly erosion?: readonly ErosionRule[];
  /** Path of the journal file (JSONL); without it, an interruption loses the batch. */
  readonly journal?: string;
  /** Continue from the journal instead of starting again. */
  readonly resume?: boolean;
  /** Name and version recorded in the manifest. */
  readonly producer?: string;
  /** Called after each finished run. */
  readonly onProgress?: (progress: BatchProgress) => void;
  /** Called with each run's record in summary order (run-major), including runs read back from the journal. */
  readonly onRecord?: (record: RunRecord) => void;
  /** Stops the batch: no new runs start, finished ones stay in the journal, the promise rejects with an AbortError. */
  readonly signal?: AbortSignal;
}

const optionsSchema = z.object({
  scenarios: z
    .array(z.object({ id: z.string().min(1), config: z.unknown() }), { error: "expected a list of { id, config }" })
    .min(1, { error: "expected at least one scenario" })
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, { error: "expected distinct scenario ids" }),
  runs: integerIn(1, 1_000_000),
  years: integerIn(1, 50),
  workers: integerIn(1, 256).optional(),
  masterSeed: z.union([z.number().finite(), z.string().min(1)], { error: "expected a number or a non-empty string" }),
  erosion: z.array(z.object({ indicator: z.string().min(1), threshold: numberIn(0, 1, "(a fraction)") })).optional(),
});

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
 * the number of workers and the order runs finish in change nothing. Every finished run is appended to the
 * journal and fsync'd before it counts; resuming skips those runs and gives the same summary as an
 * uninterrupted batch. A run that throws is recorded as a failure with its seed; the others go on.
 */
export async function runBatch(options: RunBatchOptions): Promise<BatchSummary> {
  parseInput(optionsSchema, { scenarios: options.scenarios, runs: options.runs, years: options.years, workers: options.workers, masterSeed: options.masterSeed, erosion: options.erosion }, "batch options");
  const scenarios = options.scenarios;
  const S = scenarios.length;
  const total = S * options.runs;
  const masterSeed = String(options.masterSeed);
  const hashes = scenarios.map((s) => configHash(s.config));
  const spec: JournalSpec = { masterSeed, runs: options.runs, years: options.years, scenarios: scenarios.map((s, i) => ({ id: s.id, hash: hashes[i]! })) };
  const acc = createAccumulator(scenarios.map((s) => s.id), options.erosion ?? []);
  const workers = options.workers ?? Math.max(1, Math.min(8, availableParallelism()));
  const moduleUrl = typeof options.worker === "string" ? (options.worker.startsWith("file:") ? options.worker : pathToFileURL(options.worker).href) : options.worker.href;
  const signal = options.signal;
  if (signal?.aborted) throw abortError();

  const journal: Journal | null = options.journal === undefined ? null : openJournal(options.journal, spec, options.resume === true);
  const entries = new Map<number, JournalEntry>(journal?.resumed ?? []);
  let done = entries.size;
  const started = performance.now();
  const startedDone = done;
  const report = (): void => {
    if (options.onProgress === undefined) return;
    const rate = (done - startedDone) / Math.max(1e-9, (performance.now() - started) / 1000);
    options.onProgress({ done, total, runsPerSecond: rate, secondsLeft: rate > 0 ? (total - done) / rate : Number.POSITIVE_INFINITY });
  };

  // Fold every finished run, in sequence order, as far as the sequence is complete.
  let next = 0;
  const fold = (): void => {
    for (let e = entries.get(next); e !== undefined; e = entries.get(next)) {
      entries.delete(next);
      if (e.type === "record") {
        options.onRecord?.(e.record);
        acc.addRecord(next % S, Math.floor(next / S), e.record);
      } else acc.addFailure(next % S, Math.floor(next / S), e.failure);
      next++;
    }
  };
  const taskOf = (k: number): RunTask => {
    const run = Math.floor(k / S);
    return { scenario: scenarios[k % S]!, run, seed: deriveSeed(masterSeed, run), years: options.years };
  };
  const finish = (k: number, outcome: { record: RunRecord } | { error: unknown }): void => {
    const task = taskOf(k);
    // Records are folded exactly as the journal stores them (a JSON round trip), so a resumed batch
    // folds the very same numbers.
    const entry: JournalEntry =
      "record" in outcome
        ? { type: "record", k, record: JSON.parse(JSON.stringify(outcome.record)) as RunRecord }
        : { type: "failure", k, failure: { scenario: task.scenario.id, run: task.run, seed: task.seed, message: outcome.error instanceof Error ? outcome.error.message : String(outcome.error) } };
    journal?.append(entry);
    entries.set(k, entry);
    done++;
    report();
    fold();
  };

  fold();
  const pending: number[] = [];
  for (let k = 0; k < total; k++) if (!journal?.resumed.has(k)) pending.push(k);

  try {
    if (workers === 1) {
      const mod = (await import(moduleUrl)) as { runTask: (t: RunTask) => RunRecord | Promise<RunRecord> };
      for (const k of pending) {
        if (signal?.aborted) throw abortError();
        try {
          finish(k, { record: await mod.runTask(taskOf(k)) });
        } catch (error) {
          finish(k, { error });
        }
      }
    } else {
      const fromSource = moduleUrl.endsWith(".ts");
      const pool = new Piscina({
        filename: fileURLToPath(new URL("../../worker-entry.mjs", import.meta.url)),
        minThreads: workers,
        maxThreads: workers,
        ...(fromSource ? { execArgv: [...process.execArgv.filter((a) => !a.startsWith("--conditions")), "--conditions=source"] } : {}),
      });
      const abortPool = new AbortController();
      const onAbort = () => abortPool.abort();
      signal?.addEventListener("abort", onAbort);
      try {
        // Keep a bounded window of runs in flight so the reorder buffer stays small.
        const window = workers * 4;
        let cursor = 0;
        const inflight = new Set<Promise<void>>();
        while (cursor < pending.length || inflight.size > 0) {
          while (cursor < pending.length && inflight.size < window && !signal?.aborted) {
            const k = pending[cursor++]!;
            const p: Promise<void> = (pool.run({ module: moduleUrl, task: taskOf(k) }, { signal: abortPool.signal }) as Promise<RunRecord>).then(
              (record) => finish(k, { record }),
              (error: unknown) => {
                if (!signal?.aborted) finish(k, { error });
              },
            );
            const tracked = p.finally(() => inflight.delete(tracked));
            inflight.add(tracked);
          }
          if (signal?.aborted) throw abortError();
          if (inflight.size > 0) await Promise.race(inflight);
        }
      } finally {
        signal?.removeEventListener("abort", onAbort);
        await pool.destroy();
      }
    }
  } finally {
    journal?.close();
  }
  if (signal?.aborted) throw abortError();
  fold();
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
