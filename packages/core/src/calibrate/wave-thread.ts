/**
 * The module each worker thread of {@link completeWaveOnThreads} loads (through the batch executor's
 * `worker-entry.mjs`): set up once with the fit data or the waves, it fits one output's emulator or screens
 * one block of region draws per task.
 * @packageDocumentation
 */
import { emulatorRecord, liveWave, screenBlock, type completeWaveOnThreads, type HistoryMatchEmulatorRecord, type LiveWave, type WaveThreadSetup, type WaveThreadTask } from "./history-matching.js";

let setup: { readonly config: WaveThreadSetup; readonly waves: readonly LiveWave[] } | null = null;

/** Keeps this thread's configuration; the waves' emulators are restored here, once. */
export function configureThread(config: WaveThreadSetup): void {
  setup = { config, waves: config.kind === "screen" ? config.waves.map(liveWave) : [] };
}

/** A fit task (an output's index) gives its emulator record; a screen task (a block of draws) gives which passed. */
export function runTask(task: WaveThreadTask): HistoryMatchEmulatorRecord | Uint8Array {
  if (setup === null) throw new Error("wave thread: not configured (expected a threadConfig)");
  const { config, waves } = setup;
  if (config.kind === "fit") {
    if (typeof task !== "number") throw new TypeError("wave thread: a fit thread takes an output's index");
    return emulatorRecord(config.data, task);
  }
  if (typeof task === "number") throw new TypeError("wave thread: a screen thread takes a block of draws");
  return screenBlock(waves, task, config.dims);
}
