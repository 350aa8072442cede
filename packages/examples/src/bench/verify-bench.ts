/**
 * What `--verify` costs: the ledger's conservation check at the end of every run. Measured three ways, side by
 * side and interleaved so a noisy spell on this shared machine falls on both: the check alone on a finished
 * England run's ledger, England runs with and without it (paired by seed), and a 2-worker England batch with
 * and without it (rounds taken in turn). Run with `npm run bench:verify` (compiled code).
 * @packageDocumentation
 */
import { createSimulation } from "@ringfence/core";
import { localExecutor } from "@ringfence/core/batch";
import { createNhsModel, PRESETS, runScenarioBatch, runYears, scenarioSchema } from "@ringfence/agents";

const REPS = Number(process.env.RINGFENCE_BENCH_REPS ?? 21);
const WARMUP = Number(process.env.RINGFENCE_BENCH_WARMUP ?? 15);
const BATCH_RUNS = Number(process.env.RINGFENCE_BENCH_BATCH_RUNS ?? 60);
const ROUNDS = Number(process.env.RINGFENCE_BENCH_ROUNDS ?? 3);
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

const model = createNhsModel();
const sc = scenarioSchema.parse(PRESETS["place-pooled"]);
// The whole run: the history years the preset continues, then its own ten.
const years = runYears(sc);
function run(seed: number, verify: boolean): number {
  const t0 = performance.now();
  createSimulation(model, sc, { seed, years, verify }).run();
  return performance.now() - t0;
}

console.log("## What --verify costs (`npm run bench:verify`, verify-bench.ts)\n");

// The check alone, on one finished England run.
const s = createSimulation(model, sc, { seed: 1, years });
s.run();
const checks: number[] = [];
for (let k = 0; k < 200; k++) {
  const t0 = performance.now();
  if (!s.sim.ledger.verify().ok) throw new Error("the England run does not balance");
  checks.push(performance.now() - t0);
}
console.log(`The check alone (Ledger.verify on a finished ${years}-year England place-pooled run, ${s.sim.ledger.size.toLocaleString("en-GB")} accounts): median ${median(checks.slice(20)).toFixed(3)} ms over 180 calls after 20 warm-up calls.\n`);

// England runs, paired by seed.
for (let k = 0; k < WARMUP; k++) {
  run(500 + k, k % 2 === 0);
  run(500 + k, k % 2 !== 0);
}
const on: number[] = [];
const off: number[] = [];
for (let k = 1; k <= REPS; k++) {
  // The order within a pair alternates, so neither side always runs second.
  if (k % 2 === 0) {
    on.push(run(k, true));
    off.push(run(k, false));
  } else {
    off.push(run(k, false));
    on.push(run(k, true));
  }
}
console.log(`One England run, ${years} years (the history, then the preset's), single thread, place-pooled, ${REPS} seeds after ${WARMUP} warm-up pairs, each seed run with and without the check in turn:\n`);
console.log("| | median ms | min ms |\n|---|---|---|");
console.log(`| without --verify | ${median(off).toFixed(1)} | ${Math.min(...off).toFixed(1)} |`);
console.log(`| with --verify | ${median(on).toFixed(1)} | ${Math.min(...on).toFixed(1)} |`);
console.log(`\nMedian of the ${REPS} paired ratios (with / without, same seed): **${median(on.map((x, k) => x / off[k]!)).toFixed(3)}×**.\n`);

// A batch on 2 workers, rounds in turn, on an executor that keeps its threads warm.
const executor = localExecutor({ workers: 2, keepAlive: true });
const batch = async (verify: boolean): Promise<number> => {
  const t0 = performance.now();
  const summary = await runScenarioBatch({ scenarios: ["ring-fenced", "place-pooled"], runs: BATCH_RUNS / 2, workers: 2, executor, verify });
  if (summary.failures.length > 0) throw new Error(`${summary.failures.length} runs failed`);
  return (performance.now() - t0) / 1000;
};
await batch(false);
await batch(true);
const batchOn: number[] = [];
const batchOff: number[] = [];
for (let r = 0; r < ROUNDS; r++) {
  if (r % 2 === 0) {
    batchOff.push(await batch(false));
    batchOn.push(await batch(true));
  } else {
    batchOn.push(await batch(true));
    batchOff.push(await batch(false));
  }
}
await executor.close();
console.log(`A ${BATCH_RUNS}-run England batch (ring-fenced and place-pooled, ${BATCH_RUNS / 2} runs each) on 2 warm worker threads, after one warm-up batch each way, ${ROUNDS} rounds in turn:\n`);
console.log("| | seconds per round | median |\n|---|---|---|");
console.log(`| without --verify | ${batchOff.map((x) => x.toFixed(1)).join(", ")} | ${median(batchOff).toFixed(1)} |`);
console.log(`| with --verify | ${batchOn.map((x) => x.toFixed(1)).join(", ")} | ${median(batchOn).toFixed(1)} |`);
console.log(`\nMedian of the ${ROUNDS} round ratios (with / without): **${median(batchOn.map((x, k) => x / batchOff[k]!)).toFixed(3)}×**.`);
