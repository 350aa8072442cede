/**
 * The fault suite again, on a machine with both cores saturated by a competing process and with slow writes
 * (a delay before every fsync and rename) or a full disk (ENOSPC on the n-th write) injected through the
 * result writer's test-only switch (RINGFENCE_TEST_WRITE_FAULTS; no root, no special mounts): SIGKILL
 * mid-batch and a byte-identical resume, SIGINT and SIGTERM, a second writer, a tampered and a torn journal,
 * a full disk while writing the journal and while writing the results.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cli, good, ownedFolder, put, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-load-");
const agentsDir = fileURLToPath(new URL("../..", import.meta.url));
const cliPath = fileURLToPath(new URL("../cli/ringfence.ts", import.meta.url));
const FAULTS = "RINGFENCE_TEST_WRITE_FAULTS";
const SLOW = "delay-ms=15";

const RUNS = 40;
const batchArgs = (scenario: string, out: string, ...extra: string[]) => ["run", scenario, "--runs", String(RUNS), "--workers", "2", "--seed", "7", "--progress", "none", "--out", out, ...extra];
const journalOf = (out: string) => join(out, "..", `.${out.split("/").pop()!}.ringfence-work`, "journal.jsonl");
const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "").length : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!test() && performance.now() < deadline) await sleep(20);
}

/** Runs the CLI in this process with the write faults given (unset afterwards). */
async function cliWithFaults(faults: string, args: readonly string[], signal?: AbortSignal): ReturnType<typeof cli> {
  process.env[FAULTS] = faults;
  try {
    return await cli(args, signal);
  } finally {
    delete process.env[FAULTS];
  }
}

/** Spawns the real CLI with slow writes (node with tsx as a loader, so a signal reaches the process doing the work). */
function spawnCli(args: readonly string[]): { child: ChildProcess; exit: Promise<number | null>; err: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, ...args], { stdio: ["ignore", "ignore", "pipe"], cwd: agentsDir, env: { ...process.env, [FAULTS]: SLOW } });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code, signal) => r(code ?? (signal === null ? null : -1))));
  return { child, exit, err: () => err };
}

/** A process keeping both cores busy (its main thread and a worker thread spin), stopped by pid after the suite. */
let hog: ChildProcess;
let scenario: string;
/** The summary of the batch run once, uninterrupted and without faults. */
let fresh: string;

beforeAll(async () => {
  hog = spawn(process.execPath, ["-e", 'new (require("node:worker_threads").Worker)("for(;;){}", { eval: true }); for(;;){}'], { stdio: "ignore" });
  scenario = put(root, "s.yaml", good("years: 3\n", "iho-acute"));
  const out = join(root, "fresh", "out");
  mkdirSync(join(root, "fresh"));
  const r = await cli(batchArgs(scenario, out));
  expect(r.code, r.err).toBe(0);
  fresh = readFileSync(join(out, "summary.json"), "utf8");
}, 120_000);

afterAll(() => {
  hog?.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

describe("with both cores saturated and slow writes", { timeout: 180_000 }, () => {
  it("the competing process is running", () => {
    expect(hog.exitCode).toBeNull();
    expect(hog.signalCode).toBeNull();
  });

  let killed: string;
  it("SIGKILL, SIGINT and SIGTERM mid-batch (three processes at once); exit 130 for the signals; --resume gives the byte-identical summary; a second writer is refused while the first lives", async () => {
    const outs = { SIGKILL: "", SIGINT: "", SIGTERM: "" };
    const procs = Object.fromEntries(
      (Object.keys(outs) as (keyof typeof outs)[]).map((signal) => {
        const dir = join(root, signal);
        mkdirSync(dir);
        outs[signal] = join(dir, "out");
        return [signal, spawnCli(batchArgs(scenario, outs[signal]))];
      }),
    ) as Record<keyof typeof outs, ReturnType<typeof spawnCli>>;
    try {
      for (const [signal, p] of Object.entries(procs) as [keyof typeof outs, ReturnType<typeof spawnCli>][]) {
        await waitFor(() => lineCount(journalOf(outs[signal])) >= 6, 150_000);
        if (signal === "SIGKILL") {
          const second = await cli(batchArgs(scenario, outs[signal], "--resume"));
          expect(second.code).toBe(2);
          expect(second.err).toMatch(/in use by another ringfence process \(pid \d+\)/);
        }
        p.child.kill(signal);
      }
      const codes = await Promise.race([Promise.all(Object.values(procs).map((p) => p.exit)), sleep(90_000).then(() => "timeout" as const)]);
      expect(codes).toEqual([-1, 130, 130]);
    } finally {
      for (const p of Object.values(procs)) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    }
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      expect(procs[signal].err()).toContain("interrupted: finished runs are kept; continue with the same command and --resume");
      expect(procs[signal].err()).not.toMatch(STACK_TRACE);
    }
    // Keep one unfinished batch for the journal cases below.
    killed = join(root, "killed-copy");
    cpSync(join(outs.SIGKILL, ".."), killed, { recursive: true });
    for (const out of Object.values(outs)) {
      const done = lineCount(journalOf(out)) - 1;
      expect(done).toBeGreaterThanOrEqual(5);
      expect(done).toBeLessThan(RUNS);
      expect(existsSync(join(out, "summary.json"))).toBe(false);
      const resumed = await cliWithFaults(SLOW, batchArgs(scenario, out, "--resume"));
      expect(resumed.code, resumed.err).toBe(0);
      expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(fresh);
      expect(readdirSync(join(out, ".."))).toEqual(["out"]);
    }
  });

  it("a tampered journal is refused (exit 2, nothing changed); a torn last line is dropped and the resume is identical", async () => {
    const copy = (name: string) => {
      const dir = join(root, name);
      cpSync(killed, dir, { recursive: true });
      return join(dir, "out");
    };
    const swapped = copy("swapped");
    const lines = readFileSync(journalOf(swapped), "utf8").split("\n").filter((l) => l !== "");
    writeFileSync(journalOf(swapped), [lines[0], lines[2], lines[1], ...lines.slice(3)].join("\n") + "\n");
    const before = readFileSync(journalOf(swapped), "utf8");
    const refused = await cliWithFaults(SLOW, batchArgs(scenario, swapped, "--resume"));
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/line 2 fails its checksum/);
    expect(readFileSync(journalOf(swapped), "utf8")).toBe(before);
    const torn = copy("torn");
    const text = readFileSync(journalOf(torn), "utf8");
    writeFileSync(journalOf(torn), text + text.split("\n")[1]!.slice(0, 25));
    const resumed = await cliWithFaults(SLOW, batchArgs(scenario, torn, "--resume"));
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(torn, "summary.json"), "utf8")).toBe(fresh);
  });

  it("a full disk while writing the journal stops the batch (exit 1, one clear line), and --resume completes it identically", async () => {
    const dir = join(root, "journal-full");
    mkdirSync(dir);
    const out = join(dir, "out");
    // The 6th write of the process is the 6th journal line (the header is written before any run).
    const r = await cliWithFaults(`${SLOW},enospc-at=6`, batchArgs(scenario, out));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/could not write the journal .*journal\.jsonl: ENOSPC: no space left on device.*the \d+ runs finished before it are kept: resume the batch/);
    expect(r.err).not.toMatch(STACK_TRACE);
    expect(existsSync(out)).toBe(false);
    expect(lineCount(journalOf(out)) - 1).toBe(5);
    const resumed = await cliWithFaults(SLOW, batchArgs(scenario, out, "--resume"));
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(fresh);
  });

  it("a full disk while writing the results leaves the previous results intact and nothing temporary (exit 1); --resume then writes them", async () => {
    const dir = join(root, "results-full");
    const out = ownedFolder(join(dir, "out"), { "summary.json": "old", "report.html": "<p>old</p>" });
    // Every journal line is a write (40), then the results: the 2nd of those fails.
    const r = await cliWithFaults(`${SLOW},enospc-at=${RUNS + 2}`, batchArgs(scenario, out));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/could not write the results to .*: no space left on the device \(ENOSPC\); the previous results there are untouched/);
    expect(r.err).not.toMatch(STACK_TRACE);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe("old");
    expect(readFileSync(join(out, "report.html"), "utf8")).toBe("<p>old</p>");
    expect(readdirSync(dir).filter((n) => n.includes("ringfence-tmp") || n.includes("ringfence-old") || n.includes("ringfence-lock"))).toEqual([]);
    // Every run is in the journal: the resume only writes the results.
    const resumed = await cliWithFaults(SLOW, batchArgs(scenario, out, "--resume"));
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(fresh);
  });
});
