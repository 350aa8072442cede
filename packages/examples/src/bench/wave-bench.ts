/**
 * A history-matching wave's own work (fitting one emulator per output, then refilling the region's sample)
 * in this thread against worker threads, at a size like the England calibration's but smaller (36 inputs,
 * 12 active per output, 300 runs, 8 outputs; the England waves have 468 runs and 53 outputs). A synthetic
 * simulator: each output a smooth function of a few inputs plus noise, observed at a planted point. Reports
 * wall seconds for each (this is a parallel speed-up, so wall time is the figure; the CPU load is printed
 * with it) and checks the two records are identical. Run with `npm run bench:wave`.
 * @packageDocumentation
 */
import { availableParallelism, loadavg } from "node:os";
import { isDeepStrictEqual } from "node:util";
import { completeWave, completeWaveOnThreads, designWave, type HistoryMatchSettings } from "@ringfence/core/calibrate";
import { waveThreads } from "@ringfence/core/calibrate/threads";
import { createRng } from "@ringfence/core";

const D = 36;
const T = 8;
const inputs = Array.from({ length: D }, (_, i) => ({ name: `x${i}`, low: 0, high: 1 }));
/** Output j: a smooth function of inputs 4j … 4j + 3 (so each output sees a few inputs, as the model's do). */
const mean = (x: ArrayLike<number>, j: number): number => {
  const a = 4 * j;
  return Math.sin(3 * x[a]!) + x[a + 1]! * x[a + 2]! + 0.5 * (x[a + 3]! - 0.5) ** 2;
};
const truth = Array.from({ length: D }, (_, i) => 0.3 + 0.4 * ((i * 7) % 10) / 10);
const settings: HistoryMatchSettings = {
  inputs,
  targets: Array.from({ length: T }, (_, j) => ({ name: `y${j}`, observed: mean(truth, j), observationVariance: 0.01 ** 2, discrepancyVariance: 0.02 ** 2 })),
  seed: "wave-bench",
  designSize: 270,
};
const runs = designWave(settings, []);
const outputs = runs.map((run) => {
  const noise = createRng(run.seed);
  return Array.from({ length: T }, (_, j) => mean(run.parameters, j) + noise.normal(0, 0.02));
});
const workers = Math.max(2, Math.min(8, availableParallelism()));
console.log(`## A wave's emulator fits and region refill (npm run bench:wave): ${D} inputs, ${runs.length} runs, ${T} outputs; load ${loadavg()[0]!.toFixed(2)} at the start\n`);
let t0 = performance.now();
const here = completeWave(settings, [], runs, outputs);
const serial = (performance.now() - t0) / 1000;
const loadSerial = loadavg()[0]!;
t0 = performance.now();
const threaded = await completeWaveOnThreads(settings, [], runs, outputs, waveThreads(workers));
const parallel = (performance.now() - t0) / 1000;
console.log("| where | wall s | load after | ratio to this thread | record |\n|---|---|---|---|---|");
console.log(`| this thread | ${serial.toFixed(1)} | ${loadSerial.toFixed(2)} | 1.00 | region: ${here.region.draws} draws, ${here.region.sample.length} points |`);
console.log(`| ${workers} worker threads | ${parallel.toFixed(1)} | ${loadavg()[0]!.toFixed(2)} | ${(parallel / serial).toFixed(2)} | ${isDeepStrictEqual(threaded, here) ? "identical" : "DIFFERENT"} |`);
if (!isDeepStrictEqual(threaded, here)) process.exitCode = 1;
