/**
 * `ringfence worker`: serves runs of NHS batches, experiments and calibrations from a Redis queue until interrupted.
 * @packageDocumentation
 */
import { redactUrl, runQueueWorker } from "@ringfence/core/queue";
import { nhsWorkerModule } from "../../batch-task.js";
import { calibrationWorkerModule } from "../../calibration/calibration-task.js";
import { experimentWorkerModule } from "../../experiments/experiment-task.js";
import { CALIBRATION_QUEUE_MODULE, codeFingerprint, EXPERIMENT_QUEUE_MODULE, NHS_QUEUE_MODULE } from "../../scenario-batch.js";
import type { WorkerOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";

/** The module a worker runs tasks with: the batch task, or its strict variant that refuses plugins. */
function taskModule(allowPlugins: boolean): URL {
  const { url } = nhsWorkerModule();
  return allowPlugins ? url : new URL(url.href.replace(/batch-task\.(ts|js)$/, "batch-task-strict.$1"));
}

/** Serves queued runs until the signal aborts; returns 0 when stopped by an interrupt. */
export async function serveQueue(options: WorkerOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  io.err(`ringfence worker: serving ${redactUrl(options.queue)} (${options.concurrency} at once${options.allowPlugins ? ", plugins allowed: anyone who can write to this Redis can make this worker run code" : ""}); Ctrl-C to stop`);
  await runQueueWorker({
    url: options.queue,
    // Experiments and calibrations run presets only (no plugins), so their tasks are the same on every worker.
    modules: { [NHS_QUEUE_MODULE]: taskModule(options.allowPlugins), [EXPERIMENT_QUEUE_MODULE]: experimentWorkerModule().url, [CALIBRATION_QUEUE_MODULE]: calibrationWorkerModule() },
    fingerprint: codeFingerprint(),
    concurrency: options.concurrency,
    lockDuration: options.stalledSeconds * 1000,
    stalledInterval: Math.max(500, (options.stalledSeconds * 1000) / 2),
    signal,
    onEvent: (e) => {
      if (e.type !== "active" && e.type !== "completed") io.err(`ringfence worker: ${e.type}: ${e.message}`);
    },
  });
  return EXIT.ok;
}
