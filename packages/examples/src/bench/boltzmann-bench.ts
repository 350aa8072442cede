/**
 * The Boltzmann wealth model, engine vs a hand-written typed-array loop, side by side at 1k, 10k and 100k
 * people (the same work: the two must end with identical wealth), plus the engine's memory per person.
 * Run with `pnpm bench` (memory needs `--expose-gc`, which the bench script passes).
 * @packageDocumentation
 */
import { createSimulation } from "@ringfence/core";
import { boltzmannModel, wealthAccount } from "../boltzmann/boltzmann-model.js";
import { runBoltzmannByHand } from "../boltzmann/boltzmann-hand.js";

const STEPS = 10_000_000; // person-steps per measurement
const REPS = 5;
const TICKS_PER_YEAR = 100;
/** Years and ticks per year for a run of `ticks` ticks (the engine runs at most 50 years). */
const calendar = (ticks: number) => {
  const years = Math.max(1, Math.min(50, Math.round(ticks / TICKS_PER_YEAR)));
  return { years, ticksPerYear: ticks / years };
};

function engine(people: number, ticks: number): { ms: number; wealth: number[] } {
  const t0 = performance.now();
  const { years, ticksPerYear } = calendar(ticks);
  const s = createSimulation(boltzmannModel(ticksPerYear), { people }, { seed: "bench", years });
  s.run();
  const ms = performance.now() - t0;
  return { ms, wealth: Array.from({ length: 50 }, (_, i) => s.sim.ledger.balance(wealthAccount(s.sim.world.firstAccount, i))) };
}

function hand(people: number, ticks: number): { ms: number; wealth: number[] } {
  const t0 = performance.now();
  const r = runBoltzmannByHand(people, ticks, calendar(ticks).ticksPerYear, "bench");
  return { ms: performance.now() - t0, wealth: Array.from(r.wealth.subarray(0, 50)) };
}

async function bytesPerPerson(people: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  // Full collections with turns of the event loop between them, so garbage of the earlier measurements
  // (and array buffers released after sweeping) is gone before either reading.
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 4; k++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await settle();
  const before = process.memoryUsage();
  const s = createSimulation(boltzmannModel(TICKS_PER_YEAR), { people }, { seed: "mem", years: 1 });
  for (let t = 0; t < 10; t++) s.step();
  await settle();
  const after = process.memoryUsage();
  const used = after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers;
  if (s.sim.agents.count() !== people) throw new Error("lost people");
  return used / people;
}

console.log("## Boltzmann wealth model: engine vs hand-written loop (pnpm bench)\n");
console.log(`Each measurement is ${(STEPS / 1e6).toFixed(0)}M person-steps (people × ticks), best of ${REPS}, engine and hand loop alternating.\n`);
console.log("| people | ticks | engine ms | hand ms | engine / hand | engine ns per person-step | hand ns per person-step |");
console.log("|---|---|---|---|---|---|---|");
const perStep: number[] = [];
for (const people of [1_000, 10_000, 100_000]) {
  const ticks = Math.round(STEPS / people);
  let e = Infinity;
  let h = Infinity;
  for (let r = 0; r < REPS; r++) {
    const a = engine(people, ticks);
    const b = hand(people, ticks);
    if (a.wealth.join() !== b.wealth.join()) throw new Error(`engine and hand loop disagree at ${people} people`);
    e = Math.min(e, a.ms);
    h = Math.min(h, b.ms);
  }
  const steps = people * ticks;
  perStep.push((e * 1e6) / steps);
  console.log(`| ${people.toLocaleString("en-GB")} | ${ticks} | ${e.toFixed(0)} | ${h.toFixed(0)} | ${(e / h).toFixed(2)}× | ${((e * 1e6) / steps).toFixed(1)} | ${((h * 1e6) / steps).toFixed(1)} |`);
}
console.log(`\nEngine cost per person-step, 100k vs 1k people: ${(perStep[2]! / perStep[0]!).toFixed(2)}× (target: within 1.5×).`);
console.log(`Engine memory: ${(await bytesPerPerson(100_000)).toFixed(0)} bytes per person at 100k people (heap + array buffers after setup and 10 ticks; target ≤ 200).`);
