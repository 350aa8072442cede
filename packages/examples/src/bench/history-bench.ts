/**
 * What continuing the history costs: the ring-fenced preset as shipped (England from the register,
 * 2014/15–2025/26 as it happened, then ten years of the arrangement: 22 years) against ten years of the same
 * preset without the history, run side by side in one process (the variants taken in turn within each round,
 * the order rotating, the same seed for all three in a round; median of the rounds after warm-up rounds).
 * The first line is the process's first `loadRegister()`, before anything else has run.
 *
 * `--only <variant> --runs <k>` runs one variant k times and prints nothing else, for instruction counts
 * under `valgrind --tool=callgrind` (the difference between two values of k is the cost of the extra runs).
 * Run with `npm run bench:history` (compiled code).
 * @packageDocumentation
 */
import { loadRegister, PRESETS, runScenario, runYears, scenarioSchema, type ScenarioInput } from "@ringfence/agents";

/** The three runs compared. */
const VARIANTS = {
  /** The preset as shipped: the register's England from 2014/15, the history, then 2026/27–2035/36. */
  continued: PRESETS["ring-fenced"],
  /** No history, starting 2026/27, ten years (the register cannot start there, so a generated England of the preset's 2015 counts). */
  "no-history-2026": { ...PRESETS["ring-fenced"], history: "none", startYear: 2026, years: 10 },
  /** No history, starting 2014/15, ten years: the register's England, the population the continued run starts from. */
  "no-history-2014": { ...PRESETS["ring-fenced"], history: "none", startYear: 2014, years: 10 },
} as const satisfies Record<string, ScenarioInput>;
type Variant = keyof typeof VARIANTS;
const NAMES = Object.keys(VARIANTS) as Variant[];

const WARMUP = Number(process.env.RINGFENCE_BENCH_WARMUP ?? 8);
const ROUNDS = Number(process.env.RINGFENCE_BENCH_REPS ?? 11);

/** Wall and CPU (user + system, every thread of the process) milliseconds of one run. */
function timed(v: Variant, seed: number): { wall: number; cpu: number } {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  runScenario(VARIANTS[v], { seed });
  const wall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  return { wall, cpu: (c.user + c.system) / 1000 };
}

const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

const args = process.argv.slice(2);
if (args[0] === "--only") {
  const v = args[1] as Variant;
  if (!NAMES.includes(v)) throw new Error(`--only: expected one of ${NAMES.join(", ")}, got ${String(args[1])}`);
  const runs = Number(args[3] ?? 1);
  for (let k = 1; k <= runs; k++) runScenario(VARIANTS[v], { seed: k });
} else {
  const c0 = process.cpuUsage();
  const t0 = performance.now();
  loadRegister();
  const loadWall = performance.now() - t0;
  const c = process.cpuUsage(c0);
  const loadCpu = (c.user + c.system) / 1000;

  const times = new Map<Variant, { wall: number[]; cpu: number[] }>(NAMES.map((v) => [v, { wall: [], cpu: [] }]));
  const paired = new Map<Variant, number[]>(NAMES.map((v) => [v, []]));
  for (let r = 0; r < WARMUP + ROUNDS; r++) {
    const round = new Map<Variant, number>();
    for (let k = 0; k < NAMES.length; k++) {
      const v = NAMES[(r + k) % NAMES.length]!;
      const t = timed(v, r + 1);
      round.set(v, t.cpu);
      const acc = times.get(v)!;
      if (r >= WARMUP) {
        acc.wall.push(t.wall);
        acc.cpu.push(t.cpu);
      }
    }
    if (r >= WARMUP) for (const v of NAMES) paired.get(v)!.push(round.get("continued")! / round.get(v)!);
  }

  console.log("## Continuing the history (npm run bench:history, history-bench.ts)\n");
  console.log(`First \`loadRegister()\` of the process (fit years, cold): ${loadWall.toFixed(0)} ms wall, ${loadCpu.toFixed(0)} ms CPU.\n`);
  console.log(`ring-fenced, one run at a time on the main thread, compiled code; ${ROUNDS} rounds (seeds ${WARMUP + 1}–${WARMUP + ROUNDS}) after ${WARMUP} warm-up rounds, the three variants in turn within each round (the order rotating); setup included.\n`);
  console.log("| variant | financial years run | median wall ms | median CPU ms | continued / this, medians of CPU | median of paired CPU ratios |\n|---|---|---|---|---|---|");
  const cont = median(times.get("continued")!.cpu);
  for (const v of NAMES) {
    const t = times.get(v)!;
    const cpu = median(t.cpu);
    console.log(`| ${v} | ${runYears(scenarioSchema.parse(VARIANTS[v]))} | ${median(t.wall).toFixed(0)} | ${cpu.toFixed(0)} | ${(cont / cpu).toFixed(2)}× | ${median(paired.get(v)!).toFixed(2)}× |`);
  }
}
