/**
 * A pool of Web Workers as a batch executor: each worker runs one task at a time through comlink, the pool
 * hands out the pending tasks in order, and every outcome goes back to the batch's fold (which orders them
 * run-major, so the summary never depends on which worker finished first).
 * @packageDocumentation
 */
import type { BatchExecutor, ExecutorContext } from "@ringfence/core/batch";
import * as Comlink from "comlink";
import type { DataInfo } from "./data.js";
import type { IcbValues, RunWorkerApi } from "./run-worker.js";

interface PoolWorker {
  readonly worker: Worker;
  readonly api: Comlink.Remote<RunWorkerApi>;
}

/** Workers a pool starts: the machine's logical cores as the browser reports them (at least one). */
export function poolSize(): number {
  const cores = typeof navigator === "undefined" ? 1 : navigator.hardwareConcurrency;
  return Number.isInteger(cores) && cores > 0 ? cores : 1;
}

/** A batch executor over Web Workers; see {@link createWorkerPool}. */
export interface WorkerPool extends BatchExecutor {
  /** Workers in the pool. */
  readonly size: number;
  /** Starts the workers (if not started) and loads the data runs need in each; resolves with what was loaded. */
  prepare(register: boolean): Promise<DataInfo>;
  /** Per-ICB values of finished runs by `scenario\u0000run` (register populations), taken once read. */
  takeIcbValues(scenario: string, run: number): IcbValues | undefined;
  /** Stops every worker (a later batch starts new ones). */
  terminate(): void;
}

/**
 * Creates a pool of `size` workers made by `spawn` (started on first use).
 * @remarks A stop (the context's signal) terminates the workers at once, so a long England run does not hold
 * the page; tasks not finished are simply not reported, as the batch expects of a stopped executor.
 */
export function createWorkerPool(spawn: () => Worker, size: number = poolSize()): WorkerPool {
  let workers: PoolWorker[] = [];
  const icbValues = new Map<string, IcbValues>();
  const start = (): PoolWorker[] => {
    if (workers.length === 0) {
      workers = Array.from({ length: size }, () => {
        const worker = spawn();
        return { worker, api: Comlink.wrap<RunWorkerApi>(worker) };
      });
    }
    return workers;
  };
  const terminate = (): void => {
    for (const w of workers) {
      w.api[Comlink.releaseProxy]();
      w.worker.terminate();
    }
    workers = [];
  };
  return {
    size,
    async prepare(register) {
      const infos = await Promise.all(start().map((w) => w.api.prepare(register)));
      return infos[0]!;
    },
    takeIcbValues(scenario, run) {
      const key = `${scenario}\u0000${run}`;
      const v = icbValues.get(key);
      icbValues.delete(key);
      return v;
    },
    terminate,
    async run(ctx: ExecutorContext) {
      if (ctx.signal?.aborted === true) return;
      const queue = [...ctx.pending];
      let stopped = false;
      // A stop ends the batch at once: the workers are terminated (their calls never answer) and run() resolves.
      let onStop: () => void = () => undefined;
      const stoppedNow = new Promise<void>((resolve) => {
        onStop = () => {
          stopped = true;
          terminate();
          resolve();
        };
      });
      ctx.signal?.addEventListener("abort", onStop, { once: true });
      const loop = async (w: PoolWorker): Promise<void> => {
        for (let k = queue.shift(); k !== undefined && !stopped; k = queue.shift()) {
          const task = ctx.task(k);
          let outcome: Parameters<ExecutorContext["done"]>[1];
          try {
            const result = await w.api.run(task);
            if (result.icbs !== undefined) icbValues.set(`${task.scenario.id}\u0000${task.run}`, result.icbs);
            outcome = { record: result.record };
          } catch (error) {
            outcome = { error };
          }
          if (stopped) return;
          ctx.done(k, outcome);
        }
      };
      try {
        await Promise.race([Promise.all(start().map(loop)), stoppedNow]);
      } finally {
        ctx.signal?.removeEventListener("abort", onStop);
      }
    },
  };
}
