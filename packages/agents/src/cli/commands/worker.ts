/**
 * `ringfence worker`: serves runs of NHS batches, experiments and calibrations from a Redis queue until interrupted.
 * Every job is admitted by the one trust rule (`task-trust`) before any of its runs: without `--allow-plugins`
 * a scenario that lists plugins is refused; with it, plugins must be pinned by hash and run in worker threads
 * with a time limit.
 * @packageDocumentation
 */
import { redactUrl, runQueueWorker } from "@ringfence/core/queue";
import { admitTask as admitNhsTask, nhsWorkerModule } from "../../batch-task.js";
import { admitTask as admitCalibrationTask, calibrationWorkerModule } from "../../calibration/calibration-task.js";
import { admitTask as admitExperimentTask, experimentWorkerModule } from "../../experiments/experiment-task.js";
import { CALIBRATION_QUEUE_MODULE, codeFingerprint, EXPERIMENT_QUEUE_MODULE, NHS_QUEUE_MODULE } from "../../scenario-batch.js";
import { PLUGIN_THREADS, type PluginRule } from "../../task-trust.js";
import type { WorkerOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { requireQueue } from "../queue-check.js";

/** How each task module a worker maps admits a job's config, under the worker's plugin rule. */
const ADMIT: Readonly<Record<string, (config: unknown, rule: PluginRule) => Promise<unknown>>> = {
  [NHS_QUEUE_MODULE]: admitNhsTask,
  [EXPERIMENT_QUEUE_MODULE]: admitExperimentTask,
  [CALIBRATION_QUEUE_MODULE]: admitCalibrationTask,
};

/** Serves queued runs until the signal aborts; returns 0 when stopped by an interrupt. */
export async function serveQueue(options: WorkerOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  // An unreachable Redis is bad input, as for every command that takes --queue.
  await requireQueue(options.queue);
  const rule: PluginRule = options.allowPlugins ? "hash-pinned" : "refuse";
  io.err(`ringfence worker: serving ${redactUrl(options.queue)} (${options.concurrency} at once${options.allowPlugins ? `, plugins allowed when pinned by hash, each run in a thread of its own stopped after ${options.runTimeout} s: anyone who can write to this Redis can make this worker run code` : ", no plugins"}); Ctrl-C to stop`);
  await runQueueWorker({
    url: options.queue,
    modules: { [NHS_QUEUE_MODULE]: nhsWorkerModule().url, [EXPERIMENT_QUEUE_MODULE]: experimentWorkerModule().url, [CALIBRATION_QUEUE_MODULE]: calibrationWorkerModule() },
    fingerprint: codeFingerprint(),
    concurrency: options.concurrency,
    lockDuration: options.stalledSeconds * 1000,
    stalledInterval: Math.max(500, (options.stalledSeconds * 1000) / 2),
    signal,
    admit: async (module, config) => {
      await ADMIT[module]!(config, rule);
    },
    ...(options.allowPlugins ? { isolate: { taskTimeoutMs: options.runTimeout * 1000, threadConfig: PLUGIN_THREADS } } : {}),
    onEvent: (e) => {
      if (e.type !== "active" && e.type !== "completed") io.err(`ringfence worker: ${e.type}: ${e.message}`);
    },
  });
  return EXIT.ok;
}
