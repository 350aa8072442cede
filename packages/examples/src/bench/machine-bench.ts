/**
 * How well this machine runs two England runs at once, with no batch runner in the way: one process running
 * England iho-acute runs in a loop, then two such processes at the same time, against the hand-written floor
 * program (the same postings and draws with no engine) and a pure arithmetic loop done the same way. If the
 * floor scales no better than the engine, the ceiling is the machine's, not the engine's.
 * @remarks Each child loads and warms up, says it is ready, and starts its timed loop only when the parent
 * says go (after every child of the round is ready), so two children's timed loops overlap from the start;
 * each workload runs for a few seconds (the floor does more runs than the engine, being faster).
 * Run with `npm run bench:engine` (compiled packages: the bench script runs `tsc -b` first).
 * @packageDocumentation
 */
import { spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";

const RUNS = { model: 20, floor: 50 } as const;
const self = fileURLToPath(import.meta.url);
const args = process.argv.slice(2);

/** Says ready on stdout and waits for the parent's go on stdin. */
async function ready(): Promise<void> {
  console.log("ready");
  const lines = createInterface({ input: process.stdin });
  for await (const line of lines) {
    if (line.trim() === "go") break;
  }
  lines.close();
}

if (args[0] === "--child") {
  if (args[1] === "model") {
    const { loadScenario, runScenario } = await import("@ringfence/agents");
    const { scenario } = await loadScenario("iho-acute");
    runScenario(scenario, { seed: "warm-up" });
    await ready();
    const t0 = performance.now();
    for (let i = 0; i < RUNS.model; i++) runScenario(scenario, { seed: String(i) });
    console.log((performance.now() - t0) / RUNS.model);
  } else if (args[1] === "floor") {
    const { generatePopulation } = await import("@ringfence/agents");
    const { runNhsFloor } = await import("./nhs-floor.js");
    const pop = generatePopulation("england", 2025, 2025, 10_100, 0.55);
    for (let i = 0; i < 3; i++) runNhsFloor(pop, 10, -i);
    await ready();
    const t0 = performance.now();
    for (let i = 0; i < RUNS.floor; i++) runNhsFloor(pop, 10, i + 1);
    console.log((performance.now() - t0) / RUNS.floor);
  } else {
    await ready();
    let x = 0;
    const t0 = performance.now();
    for (let i = 0; i < 3e8; i++) x = (x * 1103515245 + 12345) % 2147483648;
    console.log((performance.now() - t0) / 1000, x === -1 ? "" : "");
  }
} else {
  /** Per-process figure of `n` children of `what`, their timed loops started together. */
  const together = async (what: "model" | "floor" | "arithmetic", n: number): Promise<number[]> => {
    const children = Array.from({ length: n }, () => spawn(process.execPath, ["--import", "tsx", self, "--child", what], { stdio: ["pipe", "pipe", "inherit"] }));
    const results = children.map(
      (child) =>
        new Promise<{ ready: Promise<void>; value: Promise<number> }>((resolveOuter) => {
          let out = "";
          let markReady: () => void = () => undefined;
          const isReady = new Promise<void>((r) => (markReady = r));
          const value = new Promise<number>((resolve, reject) => {
            child.stdout.on("data", (d: Buffer) => {
              out += d.toString();
              if (out.startsWith("ready\n")) markReady();
            });
            child.on("exit", (code) => (code === 0 ? resolve(Number.parseFloat(out.slice("ready\n".length))) : reject(new Error(`child exited ${code}`))));
          });
          resolveOuter({ ready: isReady, value });
        }),
    );
    const handles = await Promise.all(results);
    await Promise.all(handles.map((h) => h.ready));
    for (const child of children) child.stdin.end("go\n");
    return Promise.all(handles.map((h) => h.value));
  };
  const rows: [string, string, number, number[]][] = [];
  for (const [what, unit] of [["model", "ms a run"], ["floor", "ms a run"], ["arithmetic", "s"]] as const) {
    const [alone] = await together(what, 1);
    const pair = await together(what, 2);
    rows.push([what, unit, alone!, pair]);
  }
  console.log("## Two processes at once (npm run bench:engine, machine-bench.ts)\n");
  console.log("Timed loops start together (each child warms up, then waits for the others).\n");
  console.log("| work | one process alone | each of two at once | speed-up of two over one |\n|---|---|---|---|");
  for (const [what, unit, alone, pair] of rows) {
    const label = what === "model" ? `England iho-acute, ${RUNS.model} runs` : what === "floor" ? `hand-written England floor, ${RUNS.floor} runs` : "arithmetic loop, 3e8 steps";
    const speedUp = pair.reduce((s, t) => s + alone / t, 0);
    console.log(`| ${label} | ${alone.toFixed(what === "arithmetic" ? 2 : 0)} ${unit} | ${pair.map((t) => t.toFixed(what === "arithmetic" ? 2 : 0)).join(" and ")} ${unit} | ${speedUp.toFixed(2)}× |`);
  }
}
