/**
 * Start-up costs, each in a fresh process (median of 7): importing `@ringfence/core` and `@ringfence/agents`
 * from the compiled packages, and the CLI's `--help`, against a bare `node -e 0` measured side by side.
 * Run with `npm run bench:engine` (the packages must be built: the bench script runs `tsc -b` first).
 * @packageDocumentation
 */
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const REPS = 7;
const cli = fileURLToPath(new URL("../../../agents/dist/cli/ringfence.js", import.meta.url));
const cwd = fileURLToPath(new URL("../..", import.meta.url));

/** Median wall time in ms of `node args…` in a fresh process. */
function median(args: readonly string[]): number {
  const times: number[] = [];
  for (let i = 0; i < REPS; i++) {
    const t0 = performance.now();
    const r = spawnSync(process.execPath, args, { cwd, stdio: "ignore" });
    times.push(performance.now() - t0);
    if (r.status !== 0) throw new Error(`node ${args.join(" ")} exited ${r.status}`);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(REPS / 2)]!;
}

const bare = median(["-e", "0"]);
const rows: [string, number][] = [
  ["import @ringfence/core", median(["--input-type=module", "-e", 'await import("@ringfence/core")'])],
  ["import @ringfence/agents", median(["--input-type=module", "-e", 'await import("@ringfence/agents")'])],
  ["ringfence --help", median([cli, "--help"])],
];
console.log("## Start-up (npm run bench:engine)\n");
console.log(`| measure (fresh process, median of ${REPS}) | wall ms | minus bare node (${bare.toFixed(0)} ms) |\n|---|---|---|`);
for (const [what, ms] of rows) console.log(`| ${what} | ${ms.toFixed(0)} | ${(ms - bare).toFixed(0)} |`);
