/**
 * Costs of the calibration machinery at the sizes a history-matching wave of a model with 5–20 inputs
 * needs: fitting one Gaussian-process emulator (hyperparameters by L-BFGS from three starts) for n runs
 * in d inputs, and one prediction (mean alone, and mean and variance) at d = 10, n = 200. Each fit is timed in turn, smallest
 * first, three rounds; the median wall and CPU (user + system) seconds are reported with the CPU ratio to
 * the smallest case (an exact GP costs O(n³) per likelihood evaluation, so doubling n should cost about 8×
 * per evaluation). CPU time is reported because this machine is shared: wall time stretches with the load.
 * Run with `npm run bench:emulator`.
 * @packageDocumentation
 */
import { fitEmulator } from "@ringfence/core/calibrate";
import { latinHypercube } from "@ringfence/core/explore";
import { createRng } from "@ringfence/core";

const CASES: readonly (readonly [number, number])[] = [
  [5, 50],
  [5, 100],
  [10, 100],
  [10, 200],
  [20, 200],
];
const ROUNDS = 3;

/** A smooth function of every input with noise of sd 0.05, the kind of output a wave emulates. */
function data(d: number, n: number): { xs: Float64Array[]; ys: number[] } {
  const xs = latinHypercube(n, d, createRng(`bench:${d}:${n}`));
  const noise = createRng(`noise:${d}:${n}`);
  const ys = xs.map((x) => {
    let s = 0;
    for (let i = 0; i < d; i++) s += Math.sin((i + 1) * x[i]!) / (i + 1);
    return s + x[0]! * x[1]! + noise.normal(0, 0.05);
  });
  return { xs, ys };
}

const wall = new Map<string, number[]>();
const cpu = new Map<string, number[]>();
for (let round = 0; round < ROUNDS; round++) {
  for (const [d, n] of CASES) {
    const { xs, ys } = data(d, n);
    const t0 = performance.now();
    const c0 = process.cpuUsage();
    fitEmulator(xs, ys);
    const c = process.cpuUsage(c0);
    const key = `${d}:${n}`;
    wall.set(key, [...(wall.get(key) ?? []), (performance.now() - t0) / 1000]);
    cpu.set(key, [...(cpu.get(key) ?? []), (c.user + c.system) / 1e6]);
  }
}
const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(cpu.get(`${CASES[0]![0]}:${CASES[0]![1]}`)!);
console.log(`## Emulator fits (npm run bench:emulator, median of ${ROUNDS} rounds)\n`);
console.log("| inputs d | runs n | fit, wall s | fit, CPU s | CPU ratio to d = 5, n = 50 |\n|---|---|---|---|---|");
for (const [d, n] of CASES) {
  const m = median(cpu.get(`${d}:${n}`)!);
  console.log(`| ${d} | ${n} | ${median(wall.get(`${d}:${n}`)!).toFixed(2)} | ${m.toFixed(2)} | ${(m / base).toFixed(1)}× |`);
}

const { xs, ys } = data(10, 200);
const emulator = fitEmulator(xs, ys);
const probe = latinHypercube(5000, 10, createRng("probe"));
let sink = 0;
const perCall = (f: (x: Float64Array) => number): number => {
  const c0 = process.cpuUsage();
  for (const x of probe) sink += f(x);
  const c = process.cpuUsage(c0);
  return (c.user + c.system) / probe.length;
};
const meanOnly = (x: Float64Array): number => emulator.predictMean(x);
const withVariance = (x: Float64Array): number => emulator.predict(x).variance;
perCall(meanOnly); // warm-up: the first calls run before V8 has optimised the loop
perCall(withVariance);
const meanUs = median([perCall(meanOnly), perCall(meanOnly), perCall(meanOnly)]);
const fullUs = median([perCall(withVariance), perCall(withVariance), perCall(withVariance)]);
console.log(`\nOne prediction at d = 10, n = 200 (CPU µs, after a warm-up pass, median of 3 passes of 5,000): mean alone ${meanUs.toFixed(1)}, mean and variance ${fullUs.toFixed(1)} (ratio ${(fullUs / meanUs).toFixed(1)}×; checksum ${sink.toFixed(3)})`);
