/**
 * Batch benchmarks, side by side in one run: runs per second of a 100-run England 10-year batch with 1 and 2
 * workers (parallel efficiency), a 20-run toy batch with 1 and 2 workers, both again on warm threads (an executor
 * that keeps its threads between batches, warmed by a first batch, against a main thread that has run batches before),
 * and peak memory of 100 vs 1,000 runs (each in a child process).
 * With `--runs1000`, also a 1,000-run England batch on 1 and on 2 workers (the steady-state efficiency).
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { localExecutor, runBatch, type BatchExecutor } from "@ringfence/core/batch";
import { loadScenario, nhsWorkerModule } from "@ringfence/agents";

const worker = nhsWorkerModule().url;
const args = process.argv.slice(2);

/** Seconds a batch takes: on a new executor of `workers`, or on the given one. */
async function batch(runs: number, workers: number | BatchExecutor, size: "england" | "toy", scenario = "iho-acute"): Promise<number> {
  const { scenario: sc } = await loadScenario(scenario, { overrides: { population: { size } } });
  const t0 = performance.now();
  const where = typeof workers === "number" ? { workers } : { executor: workers };
  await runBatch({ worker, scenarios: [{ id: scenario, config: sc }], runs, masterSeed: 1, years: 10, ...where, erosion: [] });
  return (performance.now() - t0) / 1000;
}

if (args[0] === "--child") {
  // Child: run a batch and print its peak resident memory.
  await batch(Number(args[1]), 1, "toy");
  console.log(JSON.stringify({ maxRssMiB: process.resourceUsage().maxRSS / 1024 }));
} else {
  const RUNS = 100;
  const one = await batch(RUNS, 1, "england");
  const two = await batch(RUNS, 2, "england");
  const r1 = RUNS / one;
  const r2 = RUNS / two;
  const toyOne = await batch(20, 1, "toy");
  const toyTwo = await batch(20, 2, "toy");
  // Warm threads: an executor keeping its thread between batches (as calibration does), warmed by a first batch;
  // the 1-worker batches run on this main thread, warm from the batches above. Taken in turn, twice each.
  const kept = localExecutor({ workers: 2, keepAlive: true });
  await batch(20, kept, "england");
  const warm = { one: [] as number[], two: [] as number[], toyOne: [] as number[], toyTwo: [] as number[] };
  for (let round = 0; round < 2; round++) {
    warm.one.push(await batch(RUNS, 1, "england"));
    warm.two.push(await batch(RUNS, kept, "england"));
    warm.toyOne.push(await batch(20, 1, "toy"));
    warm.toyTwo.push(await batch(20, kept, "toy"));
  }
  await kept.close();
  const seconds = (xs: number[], digits = 1) => xs.map((x) => x.toFixed(digits)).join(", ");
  console.log("## Batches (npm run bench:engine)\n");
  console.log("| measure | value |\n|---|---|");
  console.log(`| England iho-acute, ${RUNS} runs × 22 years (the history, then 10), 1 worker | ${one.toFixed(1)} s (${r1.toFixed(2)} runs/s) |`);
  console.log(`| same, 2 workers (includes pool start) | ${two.toFixed(1)} s (${r2.toFixed(2)} runs/s) |`);
  console.log(`| parallel efficiency (runs/s with 2 ÷ 2 × runs/s with 1) | ${(r2 / (2 * r1)).toFixed(2)} (target ≥ 0.9) |`);
  console.log(`| toy iho-acute, 20 runs, 1 worker vs 2 workers | ${toyOne.toFixed(2)} s vs ${toyTwo.toFixed(2)} s (target: 2 faster) |`);
  console.log(`| warm threads: England ${RUNS} runs, 1 worker; 2 workers (two rounds) | ${seconds(warm.one)} s; ${seconds(warm.two)} s |`);
  const efficiency = warm.one.map((t, i) => (t / (2 * warm.two[i]!)).toFixed(2)).join(", ");
  console.log(`| warm threads: parallel efficiency at ${RUNS} runs (each round) | ${efficiency} (target ≥ 0.9) |`);
  console.log(`| warm threads: toy 20 runs, 1 worker; 2 workers (two rounds) | ${seconds(warm.toyOne, 2)} s; ${seconds(warm.toyTwo, 2)} s (target: 2 faster) |`);
  const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
  const self = fileURLToPath(import.meta.url);
  for (const runs of [100, 1000]) {
    // A capped old-generation heap: a batch whose memory grew with its runs would fail at 1,000 runs.
    const child = spawnSync(tsx, ["--conditions=source", self, "--child", String(runs)], { encoding: "utf8", env: { ...process.env, NODE_OPTIONS: "--max-old-space-size=64" } });
    const line = child.stdout.trim().split("\n").pop() ?? "{}";
    const { maxRssMiB } = JSON.parse(line) as { maxRssMiB: number };
    console.log(`| peak RSS, toy-size batch of ${runs} runs, old-generation heap capped at 64 MiB | ${child.status === 0 ? `${maxRssMiB.toFixed(0)} MiB` : `failed (exit ${child.status})`} |`);
  }
  if (args.includes("--runs1000")) {
    // A worker thread starts cold (module load, then a few slow runs while V8 optimises), which weighs on a
    // 100-run batch; at 1,000 runs the efficiency is the steady state's.
    const t1 = await batch(1000, 1, "england");
    const t = await batch(1000, 2, "england");
    console.log(`| England iho-acute, 1,000 runs × 22 years (the history, then 10), 1 worker | ${t1.toFixed(0)} s |`);
    console.log(`| England iho-acute, 1,000 runs × 22 years, 2 workers | ${t.toFixed(0)} s (target ≤ 45 s) |`);
    console.log(`| parallel efficiency at 1,000 runs | ${(t1 / (2 * t)).toFixed(2)} |`);
  }
}
