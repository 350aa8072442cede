/**
 * Executors run a batch's tasks: the local one on this machine's cores (the main thread and worker threads
 * pulling from one queue); others (a job queue) can be plugged in. An executor only runs tasks and reports
 * outcomes, in any order: the batch runner folds them in a fixed order, so the summary does not depend on it.
 * @packageDocumentation
 */
import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { workerExecArgv } from "./isolated-call.js";
import type { RunRecord, RunTask } from "./types.js";

/** What a finished task produced: its record, or the error it threw. */
export type TaskOutcome = { readonly record: RunRecord } | { readonly error: unknown };

/** What an executor is given: the worker module, the tasks to run and where to report them. */
export interface ExecutorContext {
  /** URL of an ES module exporting `runTask(task: RunTask): RunRecord | Promise<RunRecord>`. */
  readonly worker: string;
  /** Sequence numbers of the tasks to run, in the order to start them. */
  readonly pending: readonly number[];
  /** The task of a sequence number. */
  task(k: number): RunTask;
  /** Reports a finished task (once per sequence number, in any order). */
  done(k: number, outcome: TaskOutcome): void;
  /** Stop starting tasks when aborted. */
  readonly signal: AbortSignal | undefined;
}

/** Runs the tasks of a batch; see {@link localExecutor}. */
export interface BatchExecutor {
  /** Runs every pending task, reporting each through `done`; resolves when all are done or the signal aborts. */
  run(context: ExecutorContext): Promise<void>;
}

/** Options of {@link localExecutor}. */
export interface LocalExecutorOptions {
  /** Tasks run at once: the main thread plus `workers − 1` worker threads (default: cores, at most 8). */
  readonly workers?: number;
  /**
   * Run every task in a worker thread, none on the main thread (`workers` threads): for worker modules that
   * run code the user supplied (plugins), so the main thread never imports it and a runaway task can be stopped.
   */
  readonly isolate?: boolean;
  /** With `isolate`, the longest a task may run, in milliseconds: its thread is stopped and the run fails with a clear message. */
  readonly taskTimeoutMs?: number;
  /**
   * With `isolate`, plain data handed to the worker module's `configureThread` export in each worker thread
   * once it has loaded (a thread whose module exports none fails to start). Only the code that creates the
   * executor sets it, never a task: a worker module keeps what a thread may do there (such as whether it may
   * import plugins), so tasks from a shared queue cannot grant themselves more.
   */
  readonly threadConfig?: unknown;
  /**
   * Keep the worker threads between batches until {@link LocalExecutor.close}, so every batch after the first
   * starts on threads that have loaded the worker module and compiled its hot code (a cold thread costs about a
   * second of an England batch): for many batches in a row, as calibration and notebooks run them. Idle kept
   * threads do not keep the process alive.
   */
  readonly keepAlive?: boolean;
}

/** The local executor: a {@link BatchExecutor} whose kept worker threads (see `keepAlive`) can be stopped. */
export interface LocalExecutor extends BatchExecutor {
  /** Stops the worker threads kept for later batches (nothing to do when none are kept); a later batch starts new ones. */
  close(): Promise<void>;
}

/** The error of a run stopped at its time limit. */
export class TaskTimeoutError extends Error {
  override readonly name = "TaskTimeoutError";
  /** Creates the error for a limit in milliseconds. */
  constructor(readonly limitMs: number) {
    super(`the run did not finish within its time limit of ${limitMs / 1000} s and was stopped (a plugin policy or indicator may loop forever)`);
  }
}

/** Yields to the event loop so results from worker threads are handled between tasks on the main thread. */
const yieldToLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A worker-thread pool as the executor uses it (piscina's, narrowed). */
type Pool = {
  run(task: unknown, options?: { signal?: AbortSignal }): Promise<unknown>;
  destroy(): Promise<void>;
  on(event: "error", listener: (e: unknown) => void): void;
  off(event: "error", listener: (e: unknown) => void): void;
};

/**
 * The local executor: the main thread runs tasks itself while `workers − 1` worker threads (piscina) start
 * and then pull from the same queue, so a second worker never slows a batch down (the main thread does not
 * wait for threads to start) and helps as soon as its thread is ready.
 * @remarks Worker threads import the worker module once, when they start; a `.ts` module is loaded through
 * tsx (slower to start): point batches at compiled code where you can. With `keepAlive`, the threads outlive
 * a batch; call `close()` when done with the executor.
 */
export function localExecutor(options: LocalExecutorOptions = {}): LocalExecutor {
  const workers = options.workers ?? Math.max(1, Math.min(8, availableParallelism()));
  const isolate = options.isolate === true;
  const keepAlive = options.keepAlive === true;
  const timeout = options.taskTimeoutMs;
  if (timeout !== undefined && !isolate) throw new RangeError("localExecutor taskTimeoutMs: expected isolate: true (a task on the main thread cannot be stopped)");
  const threadConfig = options.threadConfig;
  if (threadConfig !== undefined && !isolate) throw new RangeError("localExecutor threadConfig: expected isolate: true (the main thread is not configured by an executor)");
  // The pool kept between batches (keepAlive), with the worker module it was started for; it is started at
  // full size, so it serves every later batch of that module.
  let kept: { readonly pool: Pool; readonly worker: string } | null = null;
  const drop = async (pool: Pool): Promise<void> => {
    if (kept?.pool === pool) kept = null;
    await pool.destroy().catch(() => undefined);
  };
  const poolFor = async (worker: string, threads: number): Promise<Pool> => {
    if (kept !== null && kept.worker === worker) return kept.pool;
    if (kept !== null) await drop(kept.pool);
    const size = keepAlive ? (isolate ? workers : workers - 1) : threads;
    const { Piscina } = await import("piscina");
    // Worker threads get this process's flags without source conditions: a compiled worker module
    // must resolve compiled packages; a TypeScript one gets the source condition and registers tsx.
    const pool = new Piscina({
      filename: fileURLToPath(new URL("../../worker-entry.mjs", import.meta.url)),
      workerData: threadConfig === undefined ? { module: worker } : { module: worker, threadConfig },
      minThreads: size,
      maxThreads: size,
      // Two tasks at once per thread, so the next one waits in the thread itself rather than in the pool's
      // queue on the main thread: the main thread runs tasks too, and while it is busy it cannot hand a
      // thread its next task (profiled: threads sat idle a quarter of the time on an England batch).
      // Piscina runs abortable tasks one at a time, so only a time-limited task carries a signal (its limit);
      // a stop destroys the pool, ending whatever runs in it. Isolated threads hold one task at a time, so a
      // thread stopped at a task's limit takes no other task with it.
      concurrentTasksPerWorker: isolate ? 1 : 2,
      execArgv: workerExecArgv(worker),
    }) as Pool;
    if (keepAlive) kept = { pool, worker };
    return pool;
  };
  return {
    async close() {
      if (kept !== null) await drop(kept.pool);
    },
    async run(ctx) {
      const { signal } = ctx;
      let cursor = 0;
      const retry: number[] = []; // tasks a broken pool handed back to the main thread
      const next = (): number | undefined => {
        if (signal?.aborted === true) return undefined;
        if (retry.length > 0) return retry.shift();
        return cursor < ctx.pending.length ? ctx.pending[cursor++] : undefined;
      };
      const threads = isolate ? Math.max(1, Math.min(workers, ctx.pending.length)) : Math.min(workers - 1, ctx.pending.length - 1);
      let pool: Pool | null = null;
      let broken: unknown = null;
      const loops: Promise<void>[] = [];
      let emptied = (): void => undefined;
      const queueEmpty = new Promise<void>((resolve) => {
        emptied = resolve;
      });
      const stop = new AbortController();
      const onAbort = () => stop.abort();
      const onError = (e: unknown) => {
        broken ??= e;
        stop.abort();
      };
      // Removed when the batch ends, so a caller running many batches on one signal does not pile up listeners;
      // the pool is kept for the next batch only if asked and not stopped (a broken pool stops the batch).
      const release = async () => {
        signal?.removeEventListener("abort", onAbort);
        if (pool === null) return;
        pool.off("error", onError);
        if (!keepAlive || stop.signal.aborted) await drop(pool);
      };
      if (threads > 0) {
        const p = await poolFor(ctx.worker, threads);
        pool = p;
        // A thread that cannot start or dies is an infrastructure failure, not a run's: the main thread
        // takes the pool's unfinished tasks and the batch goes on.
        p.on("error", onError);
        stop.signal.addEventListener("abort", () => void drop(p), { once: true });
        signal?.addEventListener("abort", onAbort, { once: true });
        // A thread takes tasks only once it has loaded the worker module (a no-op task answers when it has),
        // so a task never waits in a cold thread while the main thread could run it; if the main thread
        // empties the queue first, a loop whose thread is still starting ends with no task taken.
        // In isolated mode no other thread can take over, so a thread that cannot load the module breaks the batch with its error.
        const warm = Array.from({ length: threads }, () =>
          p.run(null).then(
            () => true,
            (e: unknown) => {
              if (isolate) broken ??= e;
              return false;
            },
          ),
        );
        // Two tasks in flight per thread: one running, the next waiting in the thread.
        for (let t = 0; t < threads * 2; t++) {
          loops.push(
            (async () => {
              const ready = await Promise.race([warm[t % threads]!, isolate ? new Promise<boolean>(() => undefined) : queueEmpty.then(() => false)]);
              if (!ready && broken === null && signal?.aborted !== true && !stop.signal.aborted) return;
              for (let k = broken === null ? next() : undefined; k !== undefined; k = broken === null ? next() : undefined) {
                const limit = timeout === undefined ? undefined : AbortSignal.timeout(timeout);
                try {
                  ctx.done(k, { record: (await p.run(ctx.task(k), limit === undefined ? {} : { signal: limit })) as RunRecord });
                } catch (error) {
                  if (signal?.aborted === true) return;
                  if (limit?.aborted === true && !stop.signal.aborted) {
                    ctx.done(k, { error: new TaskTimeoutError(timeout!) });
                    continue;
                  }
                  if (broken !== null || stop.signal.aborted) {
                    retry.push(k);
                    return;
                  }
                  ctx.done(k, { error });
                }
              }
            })(),
          );
        }
      }
      if (isolate) {
        // Only worker threads run tasks; a thread that breaks is an infrastructure failure the batch reports.
        try {
          await Promise.all(loops);
          if (broken !== null && signal?.aborted !== true) throw broken;
          return;
        } finally {
          await release();
        }
      }
      try {
        const mod = (await import(ctx.worker)) as { runTask: (t: RunTask) => RunRecord | Promise<RunRecord> };
        for (;;) {
          const k = next();
          if (k === undefined) {
            // The pool may still hand tasks back: wait for it before deciding the queue is empty (threads
            // still starting take nothing now).
            if (loops.length === 0) break;
            emptied();
            await Promise.all(loops);
            loops.length = 0;
            continue;
          }
          try {
            ctx.done(k, { record: await mod.runTask(ctx.task(k)) });
          } catch (error) {
            ctx.done(k, { error });
          }
          // Between tasks, let the event loop run: results from threads, and signals (Ctrl-C) even with one worker.
          await yieldToLoop();
        }
      } finally {
        await release();
      }
    },
  };
}
