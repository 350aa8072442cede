/**
 * One England run of 10 years, single thread, per preset (median and minimum of several after a warm-up),
 * and the ring-fenced run side by side with the hand-written floor program doing the same work (the two
 * must make the same postings and draws within 10%). Run with `pnpm bench` (compiled code).
 * @packageDocumentation
 */
import { createSimulation } from "@ringfence/core";
import { createNhsModel, FLAGSHIP_IDS, generatePopulation, PRESETS, scenarioSchema } from "@ringfence/agents";
import { runNhsFloor } from "./nhs-floor.js";

const REPS = Number(process.env.RINGFENCE_BENCH_REPS ?? 11);
const model = createNhsModel();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

function engineRun(id: (typeof FLAGSHIP_IDS)[number], seed: number): { ms: number; postings: number; draws: number } {
  const sc = scenarioSchema.parse(PRESETS[id]);
  const t0 = performance.now();
  const s = createSimulation(model, sc, { seed, years: sc.years });
  s.run();
  const ms = performance.now() - t0;
  return { ms, ...s.work() };
}

console.log("## One England run, 10 years, single thread (pnpm bench, nhs-run-bench.ts)\n");
console.log(`Compiled code; each preset ${REPS} runs (seeds 1–${REPS}) after a warm-up run of every preset, the presets taken in turn within each round (so a noisy spell on this shared machine falls on all of them); setup included.\n`);
console.log("| preset | median ms | min ms | postings | draws |\n|---|---|---|---|---|");
for (const id of FLAGSHIP_IDS) engineRun(id, 0);
const byPreset = new Map<string, { ms: number; postings: number; draws: number }[]>(FLAGSHIP_IDS.map((id) => [id, []]));
for (let k = 1; k <= REPS; k++) for (const id of FLAGSHIP_IDS) byPreset.get(id)!.push(engineRun(id, k));
for (const id of FLAGSHIP_IDS) {
  const runs = byPreset.get(id)!;
  console.log(`| ${id} | ${median(runs.map((r) => r.ms)).toFixed(0)} | ${Math.min(...runs.map((r) => r.ms)).toFixed(0)} | ${runs[0]!.postings.toLocaleString("en-GB")} | ${runs[0]!.draws.toLocaleString("en-GB")} |`);
}

// The floor, alternating with the engine's ring-fenced run.
const pop = generatePopulation("england", 2025, 2025, 10_100, 0.55);
const engine: number[] = [];
const floor: number[] = [];
let work = { postings: 0, draws: 0 };
let floorWork = { postings: 0, draws: 0 };
runNhsFloor(pop, 10, 0);
for (let k = 1; k <= REPS; k++) {
  const e = engineRun("ring-fenced", k);
  engine.push(e.ms);
  work = e;
  const t0 = performance.now();
  const f = runNhsFloor(pop, 10, k);
  floor.push(performance.now() - t0);
  floorWork = f;
  if (!Number.isFinite(f.checksum)) throw new Error("the floor went wrong");
}
const within = (a: number, b: number) => Math.abs(a / b - 1) <= 0.1;
if (!within(floorWork.postings, work.postings) || !within(floorWork.draws, work.draws)) {
  throw new Error(`the floor does not do the same work: ${JSON.stringify(floorWork)} against the engine's ${JSON.stringify(work)}`);
}
console.log(`\n| ring-fenced, side by side | median ms | min ms | postings | draws |\n|---|---|---|---|---|`);
console.log(`| engine | ${median(engine).toFixed(0)} | ${Math.min(...engine).toFixed(0)} | ${work.postings.toLocaleString("en-GB")} | ${work.draws.toLocaleString("en-GB")} |`);
console.log(`| hand-written floor (same work) | ${median(floor).toFixed(0)} | ${Math.min(...floor).toFixed(0)} | ${floorWork.postings.toLocaleString("en-GB")} | ${floorWork.draws.toLocaleString("en-GB")} |`);
console.log(`| **engine / floor** | **${(median(engine) / median(floor)).toFixed(2)}×** (medians) | ${(Math.min(...engine) / Math.min(...floor)).toFixed(2)}× (minima) | | |`);
// Each engine run and the floor run after it share the machine's state of the moment: the median of their
// ratios is steadier than a ratio of medians when the machine's speed drifts.
console.log(`\nMedian of the ${REPS} paired ratios (each engine run over the floor run right after it): **${median(engine.map((e, k) => e / floor[k]!)).toFixed(2)}×** (target ≤ 1.3×).`);
