/**
 * How well this machine runs two England runs at once, with no batch runner in the way: one process running
 * England iho-acute runs in a loop, then two such processes at the same time, against the hand-written floor
 * program (the same work with no engine) and a pure arithmetic loop done the same way. If the floor scales no
 * better than the engine, the ceiling is the machine's, not the engine's.
 * Run with `pnpm bench` (compiled packages: the bench script runs `tsc -b` first).
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const RUNS = 20;
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

if (args[0] === "--child") {
  if (args[1] === "model") {
    const { loadScenario, runScenario } = await import("@ringfence/agents");
    const { scenario } = await loadScenario("iho-acute");
    runScenario(scenario, { seed: "warm-up" });
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) runScenario(scenario, { seed: String(i) });
    console.log((performance.now() - t0) / RUNS);
  } else if (args[1] === "floor") {
    const { generatePopulation } = await import("@ringfence/agents");
    const { runNhsFloor } = await import("./nhs-floor.js");
    const pop = generatePopulation("england", 2025, 2025, 10_100, 0.55);
    runNhsFloor(pop, 10, 0);
    const t0 = performance.now();
    for (let i = 0; i < RUNS; i++) runNhsFloor(pop, 10, i + 1);
    console.log((performance.now() - t0) / RUNS);
  } else {
    let x = 0;
    const t0 = performance.now();
    for (let i = 0; i < 3e8; i++) x = (x * 1103515245 + 12345) % 2147483648;
    console.log((performance.now() - t0) / 1000, x === -1 ? "" : "");
  }
} else {
  /** Per-process figure of `n` children of `what` started together. */
  const together = (what: "model" | "floor" | "arithmetic", n: number): Promise<number[]> =>
    Promise.all(
      Array.from({ length: n }, () =>
        new Promise<number>((resolve, reject) => {
          const child = spawn(process.execPath, ["--import", "tsx", self, "--child", what], { stdio: ["ignore", "pipe", "inherit"] });
          let out = "";
          child.stdout.on("data", (d: Buffer) => (out += d.toString()));
          child.on("exit", (code) => (code === 0 ? resolve(Number.parseFloat(out)) : reject(new Error(`child exited ${code}`))));
        }),
      ),
    );
  const rows: [string, string, number, number[]][] = [];
  for (const [what, unit] of [["model", "ms a run"], ["floor", "ms a run"], ["arithmetic", "s"]] as const) {
    const [alone] = await together(what, 1);
    const pair = await together(what, 2);
    rows.push([what, unit, alone!, pair]);
  }
  console.log("## Two processes at once (pnpm bench, machine-bench.ts)\n");
  console.log("| work | one process alone | each of two at once | speed-up of two over one |\n|---|---|---|---|");
  for (const [what, unit, alone, pair] of rows) {
    const label = what === "model" ? `England iho-acute, ${RUNS} runs` : what === "floor" ? `hand-written England floor, ${RUNS} runs` : "arithmetic loop, 3e8 steps";
    const speedUp = pair.reduce((s, t) => s + alone / t, 0);
    console.log(`| ${label} | ${alone.toFixed(what === "arithmetic" ? 2 : 0)} ${unit} | ${pair.map((t) => t.toFixed(what === "arithmetic" ? 2 : 0)).join(" and ")} ${unit} | ${speedUp.toFixed(2)}× |`);
  }
}
