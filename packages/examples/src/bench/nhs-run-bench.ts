/**
 * One England run of each preset as shipped (2014/15–2025/26 as it happened, then ten years of the
 * arrangement: 22 years), single thread (median and minimum of several once V8 has finished optimising,
 * after warm-up rounds), and a ten-year ring-fenced run without the history (from 2025/26, a generated England
 * of 2025) side by side with the hand-written floor program for the same population (the same postings and
 * draws within 10%, less of the model's logic: see nhs-floor.ts). The
 * warm-up itself is reported too: the first runs of a process are several times slower. Run with
 * `npm run bench:engine` (compiled code).
 * @packageDocumentation
 */
import { createSimulation } from "@ringfence/core";
import { createNhsModel, FLAGSHIP_IDS, generatePopulation, PRESETS, runYears, scenarioSchema, type ScenarioInput } from "@ringfence/agents";
import { runNhsFloor } from "./nhs-floor.js";

const REPS = Number(process.env.RINGFENCE_BENCH_REPS ?? 11);
// Rounds of every preset before measuring: V8 keeps optimising the model's larger functions (called a few
// times a run) for 10–20 runs of one preset, and for about 100 runs when the seven presets alternate.
const WARMUP = Number(process.env.RINGFENCE_BENCH_WARMUP ?? 15);
const model = createNhsModel();
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/** Ten years of ring-fenced without the history, from 2025/26 on a generated England of 2025: the floor's population and years. */
const TEN_YEARS: ScenarioInput = { ...PRESETS["ring-fenced"], history: "none", startYear: 2025, years: 10, population: { size: "england", year: 2025 } };

function engineRun(id: (typeof FLAGSHIP_IDS)[number] | "ten-years", seed: number): { ms: number; postings: number; draws: number } {
  const sc = scenarioSchema.parse(id === "ten-years" ? TEN_YEARS : PRESETS[id]);
  const t0 = performance.now();
  const s = createSimulation(model, sc, { seed, years: runYears(sc) });
  s.run();
  const ms = performance.now() - t0;
  return { ms, ...s.work() };
}

console.log("## One England run, 22 years (the history, then 10 years of the preset), single thread (npm run bench:engine, nhs-run-bench.ts)\n");
console.log(`Compiled code; each preset ${REPS} runs (seeds 1–${REPS}) after ${WARMUP} warm-up rounds of every preset, the presets taken in turn within each round (so a noisy spell on this shared machine falls on all of them); setup included.\n`);
const roundMean = (round: number) => {
  let total = 0;
  for (const id of FLAGSHIP_IDS) total += engineRun(id, 1000 + round).ms;
  return total / FLAGSHIP_IDS.length;
};
const t0 = performance.now();
const first = engineRun("ring-fenced", 999).ms;
const warmup = Array.from({ length: WARMUP }, (_, r) => roundMean(r));
const warmupSeconds = (performance.now() - t0) / 1000;
console.log(
  `Warm-up (${warmupSeconds.toFixed(1)} s): the process's first run took ${first.toFixed(0)} ms; the mean run of warm-up round 1 ${warmup[0]?.toFixed(0)} ms, round 2 ${warmup[1]?.toFixed(0)} ms, round ${WARMUP} ${warmup[WARMUP - 1]?.toFixed(0)} ms.\n`,
);
console.log("| preset | median ms | min ms | postings | draws |\n|---|---|---|---|---|");
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
// Warm-up pairs: the floor settles within a few runs; the engine is already warm from the presets above.
for (let k = 0; k < 5; k++) {
  engineRun("ten-years", 2000 + k);
  runNhsFloor(pop, 10, 2000 + k);
}
for (let k = 1; k <= REPS; k++) {
  const e = engineRun("ten-years", k);
  engine.push(e.ms);
  work = e;
  const t0 = performance.now();
  const f = runNhsFloor(pop, 10, k);
  floor.push(performance.now() - t0);
  floorWork = f;
  if (!Number.isFinite(f.checksum)) throw new Error("the floor went wrong");
}
const within = (a: number, b: number) => Math.abs(a / b - 1) <= 0.1;
const sameWork = within(floorWork.postings, work.postings) && within(floorWork.draws, work.draws);
console.log(`\n| ring-fenced, 10 years without the history, side by side | median ms | min ms | postings | draws |\n|---|---|---|---|---|`);
console.log(`| engine | ${median(engine).toFixed(0)} | ${Math.min(...engine).toFixed(0)} | ${work.postings.toLocaleString("en-GB")} | ${work.draws.toLocaleString("en-GB")} |`);
console.log(`| hand-written floor${sameWork ? " (same postings and draws within 10%)" : ""} | ${median(floor).toFixed(0)} | ${Math.min(...floor).toFixed(0)} | ${floorWork.postings.toLocaleString("en-GB")} | ${floorWork.draws.toLocaleString("en-GB")} |`);
console.log(`| **engine / floor** | **${(median(engine) / median(floor)).toFixed(2)}×** (medians) | ${(Math.min(...engine) / Math.min(...floor)).toFixed(2)}× (minima) | | |`);
// Each engine run and the floor run after it share the machine's state of the moment: the median of their
// ratios is steadier than a ratio of medians when the machine's speed drifts.
console.log(`\nMedian of the ${REPS} paired ratios (each engine run over the floor run right after it): **${median(engine.map((e, k) => e / floor[k]!)).toFixed(2)}×** (target ≤ 1.3×).`);
if (!sameWork) {
  // The model has changed since the floor was written: say so rather than compare unequal work silently.
  console.log(
    `\n**The floor no longer does the engine's work**: ${(floorWork.postings / work.postings).toFixed(2)}× its postings and ${(floorWork.draws / work.draws).toFixed(2)}× its draws (within 10% when it was written), so the ratios above compare unequal work.`,
  );
}
