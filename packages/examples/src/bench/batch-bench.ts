/**
 * Batch benchmarks, side by side in one run: runs per second of a 100-run England 10-year batch with 1 and 2
 * workers (parallel efficiency), a 20-run toy batch with 1 and 2 workers, and peak memory of 100 vs 1,000 runs (each in a child process).
 * With `--runs1000`, also a 1,000-run England batch on 1 and on 2 workers (the steady-state efficiency).
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { runBatch } from "@ringfence/core/batch";
import { loadScenario, nhsWorkerModule } from "@ringfence/agents";

const worker = nhsWorkerModule().url;
const args = process.argv.slice(2);

async function batch(runs: number, workers: number, size: "england" | "toy", scenario = "iho-acute"): Promise<number> {
  const { scenario: sc } = await loadScenario(scenario, { overrides: { population: { size } } });
  const t0 = performance.now();
  await runBatch({ worker, scenarios: [{ id: scenario, config: sc }], runs, masterSeed: 1, years: 10, workers, erosion: [] });
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
  console.log("## Batches (pnpm bench)\n");
  console.log("| measure | value |\n|---|---|");
  console.log(`| England iho-acute, ${RUNS} runs × 10 years, 1 worker | ${one.toFixed(1)} s (${r1.toFixed(2)} runs/s) |`);
  console.log(`| same, 2 workers (includes pool start) | ${two.toFixed(1)} s (${r2.toFixed(2)} runs/s) |`);
  console.log(`| parallel efficiency (runs/s with 2 ÷ 2 × runs/s with 1) | ${(r2 / (2 * r1)).toFixed(2)} (target ≥ 0.9) |`);
  console.log(`| toy iho-acute, 20 runs, 1 worker vs 2 workers | ${toyOne.toFixed(2)} s vs ${toyTwo.toFixed(2)} s (target: 2 faster) |`);
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
    console.log(`| England iho-acute, 1,000 runs × 10 years, 1 worker | ${t1.toFixed(0)} s |`);
    console.log(`| England iho-acute, 1,000 runs × 10 years, 2 workers | ${t.toFixed(0)} s (target ≤ 45 s) |`);
    console.log(`| parallel efficiency at 1,000 runs | ${(t1 / (2 * t)).toFixed(2)} |`);
  }
}
