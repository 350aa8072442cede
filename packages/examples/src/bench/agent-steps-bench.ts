/**
 * The agent-steps suite, in the style of the Agents.jl framework comparison (JuliaDynamics,
 * ABMFrameworksComparison): each model is declared once (the files in `../boltzmann` and `../schelling`
 * say its rules), run from fixed seeds, and timed as the median of repeated runs. Every model is run three
 * ways side by side in one process: Ringfence with the agents as a system over all rows (stream columns),
 * Ringfence with a per-row action (`sim.streams.get(name, row)`, as docs/concepts.md teaches), and a
 * hand-written loop over typed arrays with the same random streams. The three must end in the same state
 * for every seed, or the bench stops.
 *
 * Run with `npm run bench` (compiled code; `--expose-gc` for the memory line). `--only <case> <path> <k>` (case
 * boltzmann-1000, boltzmann-10000, boltzmann-100000, schelling-small or schelling-large; path system, per-row
 * or hand) runs one path of one case k times and prints nothing, for instruction counts under callgrind.
 * @packageDocumentation
 */
import { cpus, loadavg, totalmem } from "node:os";
import { createSimulation, type Simulation } from "@ringfence/core";
import { boltzmannModel, wealthAccount, type BoltzmannTypes } from "../boltzmann/boltzmann-model.js";
import { runBoltzmannByHand } from "../boltzmann/boltzmann-hand.js";
import { runSchellingByHand } from "../schelling/schelling-hand.js";
import { SCHELLING_LARGE, SCHELLING_SMALL, schellingModel, type SchellingConfig } from "../schelling/schelling-model.js";

/** The three ways of writing a model that are compared. */
type Path = "system" | "per-row" | "hand";
const PATHS: readonly Path[] = ["system", "per-row", "hand"];

/** One model at one size: how to run it each way from a seed, and how much work a run is. */
interface Case {
  /** Short name for `--only` (boltzmann-1000, schelling-small, …). */
  readonly id: string;
  readonly model: string;
  readonly size: string;
  readonly agents: number;
  readonly steps: number;
  /** Timed rounds (each round runs every path once, the order rotating); the median is reported. */
  readonly rounds: number;
  /** Untimed rounds first, while V8 optimises. */
  readonly warmup: number;
  /** Runs the model from `seed`; returns a fingerprint of its final state (computed outside the timing). */
  run(path: Path, seed: number): { readonly cpuMs: number; readonly fingerprint: () => string };
}

/** CPU time (user + system, this process) of `f`, in ms: less disturbed than wall time by other processes. */
function cpuTime(f: () => void): number {
  const t0 = process.cpuUsage();
  f();
  const t = process.cpuUsage(t0);
  return (t.user + t.system) / 1000;
}

/** A short hash of numbers (FNV-1a over their values), to compare final states. */
function fingerprint(values: ArrayLike<number>): string {
  let h = 0x811c9dc5;
  for (let i = 0; i < values.length; i++) {
    h ^= values[i]! | 0;
    h = Math.imul(h, 0x01000193);
  }
  return `${values.length}:${(h >>> 0).toString(16)}`;
}

const BOLTZMANN_TICKS = 100;

/** Mesa's Boltzmann wealth model at `people` people, 100 ticks (a fresh random order each tick). */
function boltzmann(people: number, rounds: number, warmup: number): Case {
  const systemModel = boltzmannModel(BOLTZMANN_TICKS, "system");
  const rowModel = boltzmannModel(BOLTZMANN_TICKS, "per-row");
  return {
    id: `boltzmann-${people}`,
    model: "Boltzmann wealth",
    size: `${people.toLocaleString("en-GB")} people`,
    agents: people,
    steps: BOLTZMANN_TICKS,
    rounds,
    warmup,
    run(path, seed) {
      if (path === "hand") {
        let hand: ReturnType<typeof runBoltzmannByHand> | undefined;
        const cpuMs = cpuTime(() => {
          hand = runBoltzmannByHand(people, BOLTZMANN_TICKS, BOLTZMANN_TICKS, String(seed));
        });
        return { cpuMs, fingerprint: () => fingerprint(hand!.wealth) };
      }
      let s: Simulation<BoltzmannTypes> | undefined;
      const cpuMs = cpuTime(() => {
        s = createSimulation(path === "system" ? systemModel : rowModel, { people }, { seed: String(seed), years: 1 });
        s.run();
      });
      return {
        cpuMs,
        fingerprint: () => fingerprint(Float64Array.from({ length: people }, (_, i) => s!.sim.ledger.balance(wealthAccount(s!.sim.world.firstAccount, i)))),
      };
    },
  };
}

const SCHELLING_STEPS = 20;

/** Schelling's segregation model as declared by the Agents.jl comparison, 20 steps. */
function schelling(id: string, size: string, config: SchellingConfig, rounds: number, warmup: number): Case {
  const systemModel = schellingModel(SCHELLING_STEPS, "system");
  const rowModel = schellingModel(SCHELLING_STEPS, "per-row");
  return {
    id,
    model: "Schelling",
    size,
    agents: config.agents,
    steps: SCHELLING_STEPS,
    rounds,
    warmup,
    run(path, seed) {
      if (path === "hand") {
        let hand: ReturnType<typeof runSchellingByHand> | undefined;
        const cpuMs = cpuTime(() => {
          hand = runSchellingByHand(config, SCHELLING_STEPS, seed);
        });
        return { cpuMs, fingerprint: () => fingerprint(hand!.cell) };
      }
      let cells: Int32Array | undefined;
      const cpuMs = cpuTime(() => {
        const s = createSimulation(path === "system" ? systemModel : rowModel, config, { seed, years: 1 });
        s.run();
        cells = s.sim.agents.tableOf("agent").cols.cell as Int32Array;
      });
      return { cpuMs, fingerprint: () => fingerprint(cells!.subarray(0, config.agents)) };
    },
  };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Runs a case: warm-up rounds, then timed rounds in which the three paths take turns (the order rotates). */
function measure(c: Case): Record<Path, number> {
  const times: Record<Path, number[]> = { system: [], "per-row": [], hand: [] };
  for (let r = 0; r < c.warmup + c.rounds; r++) {
    const seed = r + 1;
    const prints = new Map<Path, string>();
    for (let k = 0; k < PATHS.length; k++) {
      const path = PATHS[(r + k) % PATHS.length]!;
      const run = c.run(path, seed);
      prints.set(path, run.fingerprint());
      if (r >= c.warmup) times[path].push(run.cpuMs);
    }
    if (new Set(prints.values()).size !== 1) throw new Error(`${c.model} ${c.size}, seed ${seed}: the three ways disagree (${[...prints].map(([p, f]) => `${p} ${f}`).join(", ")})`);
  }
  return { system: median(times.system), "per-row": median(times["per-row"]), hand: median(times.hand) };
}

/** Bytes of heap and array buffers per person of a 100,000-person Boltzmann run (system path), after setup and 10 ticks. */
async function bytesPerPerson(people: number): Promise<number> {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (gc === undefined) return Number.NaN;
  // Full collections with turns of the event loop between them, so garbage of the measurements before (and
  // array buffers released after sweeping) is gone before either reading.
  const settle = async (): Promise<void> => {
    for (let k = 0; k < 4; k++) {
      gc();
      await new Promise((resolve) => setImmediate(resolve));
    }
  };
  await settle();
  const before = process.memoryUsage();
  const s = createSimulation(boltzmannModel(BOLTZMANN_TICKS), { people }, { seed: "mem", years: 1 });
  for (let t = 0; t < 10; t++) s.step();
  await settle();
  const after = process.memoryUsage();
  if (s.sim.agents.count() !== people) throw new Error("lost people");
  return (after.heapUsed + after.arrayBuffers - before.heapUsed - before.arrayBuffers) / people;
}

const cases: readonly Case[] = [
  boltzmann(1_000, 21, 5),
  boltzmann(10_000, 11, 3),
  boltzmann(100_000, 5, 1),
  schelling("schelling-small", "small: 1,000 agents, 40 × 40, radius 1, 3 alike", SCHELLING_SMALL, 31, 5),
  schelling("schelling-large", "large: 8,000 agents, 100 × 100, radius 2, 8 alike", SCHELLING_LARGE, 21, 3),
];

const args = process.argv.slice(2);
if (args[0] === "--only") {
  // One case, one path, k runs from seeds 1..k, nothing printed: for instruction counts under
  // valgrind --tool=callgrind (the difference between two values of k is the cost of the extra runs).
  const c = cases.find((x) => x.id === args[1]);
  if (c === undefined) throw new Error(`--only: expected one of ${cases.map((x) => x.id).join(", ")}, got ${String(args[1])}`);
  const path = args[2] as Path;
  if (!PATHS.includes(path)) throw new Error(`--only ${c.id}: expected a path, one of ${PATHS.join(", ")}, got ${String(args[2])}`);
  const runs = Number(args[3] ?? 1);
  for (let k = 1; k <= runs; k++) c.run(path, k);
} else {
  const cpu = cpus()[0]?.model ?? "unknown CPU";
  const load = loadavg();
  console.log("## Agent-steps suite (npm run bench, agent-steps-bench.ts)\n");
  console.log(
    `Machine: ${cpu}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.versions.node}; load average at the start ${load.map((x) => x.toFixed(1)).join(", ")} (1, 5, 15 min). ` +
      "Each figure is the median CPU time of whole runs (setup included) over the rounds shown, each round running the three ways in turn from the same seed (seeds 1, 2, …); the three end in the same state every time.\n",
  );
  console.log("| model | size | agent-steps a run | rounds | system: M agent-steps/s | per-row: M agent-steps/s | hand loop: M agent-steps/s | system / hand | per-row / hand |");
  console.log("|---|---|---|---|---|---|---|---|---|");
  const perStepNs = new Map<string, Record<Path, number>>();
  for (const c of cases) {
    const ms = measure(c);
    const work = c.agents * c.steps;
    const rate = (p: Path) => (work / ms[p] / 1000).toFixed(1);
    perStepNs.set(`${c.model} ${c.agents}`, { system: (ms.system * 1e6) / work, "per-row": (ms["per-row"] * 1e6) / work, hand: (ms.hand * 1e6) / work });
    console.log(
      `| ${c.model} | ${c.size} | ${work.toLocaleString("en-GB")} | ${c.rounds} | ${rate("system")} | ${rate("per-row")} | ${rate("hand")} | **${(ms.system / ms.hand).toFixed(2)}×** | **${(ms["per-row"] / ms.hand).toFixed(2)}×** |`,
    );
  }
  const small = perStepNs.get("Boltzmann wealth 1000")!;
  const large = perStepNs.get("Boltzmann wealth 100000")!;
  const growth = (p: Path) => large[p] / small[p];
  console.log(
    `\nBoltzmann cost per agent-step, 100,000 people against 1,000: system ${growth("system").toFixed(2)}×, per-row ${growth("per-row").toFixed(2)}×, hand loop ${growth("hand").toFixed(2)}× ` +
      `(relative to the hand loop's own growth: system ${(growth("system") / growth("hand")).toFixed(2)}×, per-row ${(growth("per-row") / growth("hand")).toFixed(2)}×).`,
  );
  console.log(`Boltzmann memory: ${(await bytesPerPerson(100_000)).toFixed(0)} bytes per person at 100,000 people (heap and array buffers after setup and 10 ticks).`);
  console.log(`Load average at the end: ${loadavg().map((x) => x.toFixed(1)).join(", ")}.`);
}
