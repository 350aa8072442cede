/**
 * Node's threads for a history-matching wave's own work: a piscina pool per configuration, each thread loading
 * `wave-thread` through the batch executor's `worker-entry.mjs`.
 * @packageDocumentation
 */
import { fileURLToPath } from "node:url";
import { Piscina } from "piscina";
import { workerExecArgv } from "../batch/isolated-call.js";
import type { WaveThreadConfig, WaveThreads } from "./history-matching.js";

/**
 * `workers` worker threads for a history-matching wave's own work (`runHistoryMatching`'s `threads`):
 * each start makes a pool whose threads are set up with the configuration, and close stops it.
 * @example
 * ```ts
 * await runHistoryMatching({ ...options, threads: waveThreads(2) });
 * ```
 */
export function waveThreads(workers: number): WaveThreads {
  if (!(Number.isInteger(workers) && workers >= 1)) throw new RangeError(`workers: expected an integer ≥ 1, got ${workers}`);
  const module = new URL(import.meta.url.endsWith(".ts") ? "./wave-thread.ts" : "./wave-thread.js", import.meta.url).href;
  return {
    size: workers,
    start(config: WaveThreadConfig) {
      const pool = new Piscina({
        filename: fileURLToPath(new URL("../../worker-entry.mjs", import.meta.url)),
        workerData: { module, threadConfig: config },
        minThreads: workers,
        maxThreads: workers,
        execArgv: workerExecArgv(module),
      });
      return { run: (task) => pool.run(task) as Promise<unknown>, close: () => pool.destroy() };
    },
  };
}
