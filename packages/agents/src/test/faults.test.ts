/**
 * The fault suite: a batch killed, interrupted or sharing its folder, a tampered journal, a results folder
 * that cannot be written (a file, under a file, read-only, full), and plugins that loop, throw or export
 * nothing. Most cases run the CLI in this process; the ones about processes (SIGKILL, SIGINT, a second
 * writer) start real ones, stopped by pid.
 */
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { createHash } from "node:crypto";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { specHash, type JournalSpec } from "@ringfence/core/batch";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadScenario } from "../scenario-files/load.js";
import { cli, good, MARKER, ownedFolder, policyPlugin, put, snapshot, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-faults-");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const agentsDir = fileURLToPath(new URL("../..", import.meta.url));
const cliPath = fileURLToPath(new URL("../cli/ringfence.ts", import.meta.url));

/** The scenario every batch here runs: toy size, three years. */
const SCENARIO = good("years: 3\n", "iho-acute");
const batchArgs = (scenario: string, out: string, runs: number, ...extra: string[]) => ["run", scenario, "--runs", String(runs), "--workers", "1", "--seed", "7", "--progress", "none", "--out", out, ...extra];
const workOf = (out: string) => join(out, "..", `.${out.split("/").pop()!}.ringfence-work`);
const journalOf = (out: string) => join(workOf(out), "journal.jsonl");
const lineCount = (path: string) => (existsSync(path) ? readFileSync(path, "utf8").split("\n").filter((l) => l !== "").length : 0);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
/** The problem lines of an error (indented). */
const issues = (err: string) => err.split("\n").filter((l) => l.startsWith("  "));

/** Runs a batch in this process and aborts it once its journal holds `lines` lines. */
async function interruptedBatch(scenario: string, out: string, runs: number, lines: number): Promise<number> {
  const controller = new AbortController();
  const journal = journalOf(out);
  const watch = setInterval(() => {
    if (lineCount(journal) >= lines) controller.abort();
  }, 5);
  try {
    // Two workers: with one, the batch runs on the main thread without yielding, so an abort waits for the end (see the report).
    return (await cli([...batchArgs(scenario, out, runs), "--workers", "2"], controller.signal)).code;
  } finally {
    clearInterval(watch);
  }
}

const RUNS = 40;
let scenario: string;
/** Summary of the uninterrupted batch. */
let fresh: string;
/** A folder holding an unfinished batch's work folder, to copy per case. */
let template: string;
let header: { spec: JournalSpec };
let entries: string[];

beforeAll(async () => {
  scenario = put(root, "s.yaml", SCENARIO);
  const out = join(root, "fresh", "out");
  mkdirSync(join(root, "fresh"));
  expect((await cli(batchArgs(scenario, out, RUNS))).code).toBe(0);
  fresh = readFileSync(join(out, "summary.json"), "utf8");
  template = join(root, "template");
  mkdirSync(template);
  const code = await interruptedBatch(scenario, join(template, "out"), RUNS, 7);
  expect(code).toBe(130);
  const lines = readFileSync(journalOf(join(template, "out")), "utf8").split("\n").filter((l) => l !== "");
  expect(lines.length).toBeGreaterThanOrEqual(7);
  expect(lines.length).toBeLessThan(RUNS + 1);
  header = JSON.parse(lines[0]!) as { spec: JournalSpec };
  entries = lines.slice(1);
}, 120_000);

let caseNo = 0;
/** A copy of the unfinished batch with its journal's entries replaced; returns the results path. */
function tampered(edit: (entries: string[]) => string[], tail = "\n"): string {
  const dir = join(root, `tamper-${caseNo++}`);
  cpSync(template, dir, { recursive: true });
  const out = join(dir, "out");
  writeFileSync(journalOf(out), [JSON.stringify(header), ...edit([...entries])].join("\n") + tail);
  return out;
}
/** Recomputes the checksum chain of entries (what someone who read the code could do). */
function rechain(lines: readonly string[]): string[] {
  let chain = specHash(header.spec);
  return lines.map((line) => {
    const { sum: _sum, ...entry } = JSON.parse(line) as Record<string, unknown>;
    const sum = createHash("sha256")
      .update(chain + JSON.stringify(entry))
      .digest("hex")
      .slice(0, 32);
    chain = sum;
    return JSON.stringify({ ...entry, sum });
  });
}
/** Edits one entry's parsed JSON. */
const editEntry = (line: string, f: (e: { k: number; type: string; record: Record<string, unknown> }) => void): string => {
  const e = JSON.parse(line) as { k: number; type: string; record: Record<string, unknown> };
  f(e);
  return JSON.stringify(e);
};

describe("a tampered journal is refused on resume with exit 2 and one line; the batch is left as it was", () => {
  const cases: [string, () => string, RegExp][] = [
    ["two records swapped", () => tampered((e) => [e[1]!, e[0]!, ...e.slice(2)]), /resume: the journal .* line 2 fails its checksum/],
    ["a record moved to the end", () => tampered((e) => [...e.slice(1), e[0]!]), /line 2 fails its checksum/],
    ["an out-of-range run index, checksums recomputed", () => tampered((e) => rechain([...e.slice(0, 2), editEntry(e[2]!, (x) => (x.k = 999)), ...e.slice(3)])), /line 4 names run 999, outside this batch's 0–39/],
    ["a negative run index, checksums recomputed", () => tampered((e) => rechain([editEntry(e[0]!, (x) => (x.k = -1)), ...e.slice(1)])), /line 2 names run -1/],
    ["a fractional run index, checksums recomputed", () => tampered((e) => rechain([editEntry(e[0]!, (x) => (x.k = 0.5)), ...e.slice(1)])), /line 2 names run 0.5/],
    ["a record of another scenario, checksums recomputed", () => tampered((e) => rechain([editEntry(e[0]!, (x) => (x.record.scenario = "ring-fenced")), ...e.slice(1)])), /line 2 holds ring-fenced run (\d+) where run \1 is s run \1/],
    ["a record of another run, checksums recomputed", () => tampered((e) => rechain([editEntry(e[0]!, (x) => (x.record.run = x.k === 5 ? 6 : 5)), ...e.slice(1)])), /line 2 holds s run 5 where run (\d+) is s run \1/],
    ["a changed value with its own checksum recomputed", () => tampered((e) => [...rechain([editEntry(e[0]!, (x) => (x.record.seed = "forged"))]), ...e.slice(1)]), /line 3 fails its checksum/],
    ["a changed value without its checksum", () => tampered((e) => [editEntry(e[0]!, (x) => (x.record.seed = "forged")), ...e.slice(1)]), /line 2 fails its checksum/],
    ["a __proto__ key added", () => tampered((e) => [e[0]!, e[1]!.replace('{"type"', '{"__proto__":{"polluted":1},"type"'), ...e.slice(2)]), /line 3 has a key named __proto__/],
    ["a repeated record, checksums recomputed", () => tampered((e) => rechain([e[0]!, e[0]!, ...e.slice(1)])), /line 3 repeats run \d+/],
    ["a truncated line in the middle", () => tampered((e) => [e[0]!, e[1]!.slice(0, 30), ...e.slice(2)]), /line 3 is not JSON/],
    ["a blank line in the middle", () => tampered((e) => [e[0]!, "", ...e.slice(1)]), /line 3 is not JSON/],
    ["no header", () => tampered((e) => e).replace(/$/, ""), /./],
  ];
  for (const [what, make, message] of cases) {
    it(what, { timeout: 30_000 }, async () => {
      const out = make();
      if (what === "no header") {
        const lines = readFileSync(journalOf(out), "utf8").split("\n");
        writeFileSync(journalOf(out), lines.slice(1).join("\n"));
      }
      const before = snapshot(join(out, ".."));
      const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
      expect(r.code, r.err).toBe(2);
      expect(issues(r.err)).toHaveLength(1);
      expect(r.err).toMatch(what === "no header" ? /has no version 2 header line/ : message);
      expect(r.err).not.toMatch(STACK_TRACE);
      expect(snapshot(join(out, ".."))).toEqual(before);
      expect(Object.prototype).not.toHaveProperty("polluted");
    });
  }

  it("a __proto__ key with checksums recomputed is refused too, and pollutes nothing", async () => {
    const out = tampered((e) => rechain([e[0]!.replace('{"type"', '{"__proto__":{"polluted":1},"type"').replace('"record":{', '"record":{"__proto__":{"polluted":2},'), ...e.slice(1)]));
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/has a key named __proto__/);
    expect(Object.prototype).not.toHaveProperty("polluted");
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
  it("a journal of another batch (another seed) is refused, naming the difference", async () => {
    const dir = join(root, "foreign");
    cpSync(template, dir, { recursive: true });
    const out = join(dir, "out");
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume", "--seed", "8"));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toContain('belongs to another batch (masterSeed: the journal has "7", this batch "8")');
  });
  it("a journal of another scenario is refused", async () => {
    const dir = join(root, "foreign-scenario");
    cpSync(template, dir, { recursive: true });
    const other = put(dir, "s.yaml", good("years: 3\n", "ring-fenced"));
    const r = await cli(batchArgs(other, join(dir, "out"), RUNS, "--resume"));
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(/belongs to another batch \(scenarios: the journal has s#\w+, this batch s#\w+\)/);
  });
  it("an empty journal is refused", async () => {
    const out = tampered(() => []);
    writeFileSync(journalOf(out), "");
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("is empty or torn before its header");
  });
  it("a journal that is a symlink to another file is refused", async () => {
    const out = tampered((e) => e);
    const real = join(root, "elsewhere.jsonl");
    cpSync(journalOf(out), real);
    rmSync(journalOf(out));
    symlinkSync(real, journalOf(out));
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("is not a regular file");
  });
  it("a torn last line is dropped and the resume completes with the uninterrupted summary", async () => {
    const out = tampered((e) => e.slice(0, -1), `\n${entries[entries.length - 1]!.slice(0, 25)}`);
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(fresh);
    expect(readdirSync(join(out, "..")).sort()).toEqual(["out", "s.yaml"].filter((n) => existsSync(join(out, "..", n))));
  });
  it("an untouched journal resumes to the uninterrupted summary; without --resume it is refused", async () => {
    const out = tampered((e) => e);
    const refused = await cli(batchArgs(scenario, out, RUNS));
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("has an unfinished batch; add --resume to continue it");
    const r = await cli(batchArgs(scenario, out, RUNS, "--resume"));
    expect(r.code, r.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(fresh);
    expect(existsSync(workOf(out))).toBe(false);
  });
  it("--resume with no unfinished batch is refused", async () => {
    const dir = join(root, "no-journal");
    mkdirSync(dir);
    const r = await cli(batchArgs(scenario, join(dir, "out"), RUNS, "--resume"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("--resume: expected an unfinished batch");
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe("the results folder", () => {
  it("--out that is a file is refused before any run", async () => {
    const dir = join(root, "out-file");
    mkdirSync(dir);
    const out = put(dir, "out", "not a folder");
    const before = snapshot(dir);
    const r = await cli(batchArgs(scenario, out, 2));
    expect(r.code).toBe(2);
    expect(r.err).toContain("--out: expected a folder (or a path that does not exist yet)");
    expect(snapshot(dir)).toEqual(before);
  });
  it("--out under a file is refused before any run", async () => {
    const dir = join(root, "under-file");
    mkdirSync(dir);
    put(dir, "f", "x");
    const before = snapshot(dir);
    const r = await cli(batchArgs(scenario, join(dir, "f", "out"), 2));
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/--out: expected a folder path, got ".*\/f\/out" \(a path under the file .*\/f\)/);
    expect(snapshot(dir)).toEqual(before);
  });
  it("an existing results folder is replaced only by complete results", async () => {
    const dir = join(root, "replace");
    ownedFolder(join(dir, "out"), { "summary.json": "old" });
    // A batch whose every run fails writes nothing: the old results stay.
    put(dir, "throws.mjs", policyPlugin("", '() => { throw new Error("policy exploded"); }'));
    const failing = put(dir, "f.yaml", good("id: f\nyears: 3\nplugins: [./throws.mjs]\npolicies: { acute-trust: { name: keep-all } }\n", "iho-acute"));
    const r = await cli(batchArgs(failing, join(dir, "out"), 2, "--allow-plugins"));
    expect(r.code).toBe(1);
    expect(r.err).toContain("policy exploded");
    expect(readFileSync(join(dir, "out", "summary.json"), "utf8")).toBe("old");
    const ok = await cli(batchArgs(scenario, join(dir, "out"), 2));
    expect(ok.code).toBe(0);
    expect(JSON.parse(readFileSync(join(dir, "out", "summary.json"), "utf8"))).toMatchObject({ runs: 2 });
    expect(readdirSync(dir).filter((n) => n.startsWith("."))).toEqual([]);
  });
});

/** Mounts a tmpfs (we run as root in the container); false when mounting is not allowed here. */
function mountTmpfs(dir: string, options: string): boolean {
  mkdirSync(dir, { recursive: true });
  return spawnSync("mount", ["-t", "tmpfs", "-o", options, "tmpfs", dir]).status === 0;
}
const unmount = (dir: string) => spawnSync("umount", [dir]);

describe("a file system that cannot take the results", () => {
  it("a read-only folder is refused before any run (a read-only tmpfs; chmod does not stop root)", async () => {
    const mnt = join(root, "ro");
    if (!mountTmpfs(mnt, "size=1m")) return expect.soft(true, "mount is not allowed here: read-only case not run").toBe(true);
    try {
      ownedFolder(join(mnt, "old"), { "summary.json": "old" });
      spawnSync("mount", ["-o", "remount,ro", mnt]);
      const r = await cli(batchArgs(scenario, join(mnt, "old"), 2));
      expect(r.code).toBe(2);
      expect(r.err).toContain("--out: expected a folder in a writable place");
      expect(r.err).toContain("EROFS");
      expect(readFileSync(join(mnt, "old", "summary.json"), "utf8")).toBe("old");
    } finally {
      unmount(mnt);
    }
  });
  it("a full disk leaves the previous results intact and no temporary folders (exit 1)", { timeout: 60_000 }, async () => {
    const mnt = join(root, "full");
    if (!mountTmpfs(mnt, "size=96k")) return expect.soft(true, "mount is not allowed here: full-disk case not run").toBe(true);
    try {
      ownedFolder(join(mnt, "out"), { "summary.json": "old" });
      const r = await cli(batchArgs(scenario, join(mnt, "out"), 4));
      expect(r.code, r.err).toBe(1);
      expect(r.err).toMatch(/no space left on the device \(ENOSPC\).*previous results there are untouched/);
      expect(r.err).not.toMatch(STACK_TRACE);
      expect(readFileSync(join(mnt, "out", "summary.json"), "utf8")).toBe("old");
      expect(readdirSync(mnt).filter((n) => n.includes("ringfence-tmp") || n.includes("ringfence-old") || n.includes("ringfence-lock"))).toEqual([]);
    } finally {
      unmount(mnt);
    }
  });
});

describe("a second writer", () => {
  it("is refused while the lock's process lives; a stale lock of a dead pid is taken over", async () => {
    const dir = join(root, "locked");
    mkdirSync(dir);
    const holder = spawn("sleep", ["60"], { stdio: "ignore" });
    try {
      writeFileSync(join(dir, ".out.ringfence-lock"), String(holder.pid));
      const r = await cli(batchArgs(scenario, join(dir, "out"), 2));
      expect(r.code).toBe(2);
      expect(r.err).toContain(`is in use by another ringfence process (pid ${holder.pid})`);
      expect(existsSync(join(dir, "out"))).toBe(false);
    } finally {
      holder.kill("SIGKILL");
      await new Promise((r) => holder.once("exit", r));
    }
    const r = await cli(batchArgs(scenario, join(dir, "out"), 2));
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir)).toEqual(["out"]);
  });
  it("a lock file holding garbage is taken over", async () => {
    const dir = join(root, "garbage-lock");
    mkdirSync(dir);
    writeFileSync(join(dir, ".out.ringfence-lock"), "not a pid");
    const r = await cli(batchArgs(scenario, join(dir, "out"), 2));
    expect(r.code, r.err).toBe(0);
    expect(readdirSync(dir)).toEqual(["out"]);
  });
});

describe("hostile plugins", () => {
  const pluginCase = (name: string, body: string, yaml = "plugins: [./p.mjs]\n"): string => {
    const dir = join(root, `plugin-${name}`);
    mkdirSync(dir);
    put(dir, "p.mjs", body);
    return put(dir, "s.yaml", good(`id: ${name}\nyears: 3\n${yaml}`, "iho-acute"));
  };
  it("an endless loop at import time is stopped at the check's time limit with a clear message", { timeout: 30_000 }, async () => {
    const s = pluginCase("import-loop", "for (;;) {}\nexport const x = 1;\n");
    const t0 = performance.now();
    const e = await loadScenario(s, { allowPlugins: true, pluginTimeoutMs: 1500 }).then(
      () => undefined,
      (x: unknown) => x,
    );
    expect(e).toBeInstanceOf(Error);
    expect((e as Error).message).toMatch(/loading the plugins of .*s\.yaml.*(time|1\.5 ?s|1500)/i);
    expect(performance.now() - t0).toBeLessThan(10_000);
  });
  it("validate --allow-plugins stops an endless import at its time limit (30 s), exit 2 or 1, one clear line", { timeout: 60_000 }, async () => {
    const s = pluginCase("import-loop-cli", "for (;;) {}\nexport const x = 1;\n");
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/plugins: expected plugin modules that load within 30 s, got: loading the plugins of .*s\.yaml did not finish within 30 s and was stopped \(a plugin may loop forever\)/);
    expect(r.err).not.toContain("--debug");
    expect(r.err).not.toMatch(STACK_TRACE);
    expect(r.ms).toBeLessThan(45_000);
  });
  it("a plugin that throws at import is refused (exit 2), naming the plugin and the error", async () => {
    const s = pluginCase("throws", 'throw new Error("kaboom at import");\n');
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`plugins[0]: ${join(root, "plugin-throws", "p.mjs")}:1:7: kaboom at import`);
    expect(r.err).not.toMatch(STACK_TRACE);
  });
  it("a plugin exporting nothing is refused (exit 2)", async () => {
    const s = pluginCase("empty", "export {};\n");
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/plugins\[0\]: expected a module exporting policies .* exporting none/);
  });
  it("a CommonJS .js plugin (module.exports) exports no policy and is refused", async () => {
    const dir = join(root, "plugin-cjs");
    mkdirSync(dir);
    put(dir, "p.js", "module.exports = { kind: 'icb' };\n");
    const s = put(dir, "s.yaml", good("plugins: [./p.js]\n"));
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/plugins\[0\]: expected a module (exporting policies|that loads)/);
  });
  it("a plugin with a syntax error is refused", async () => {
    const s = pluginCase("syntax", "export const = ;\n");
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`plugins[0]: ${join(root, "plugin-syntax", "p.mjs")}:1:14: Expected identifier but found "="`);
  });
  it("a plugin policy with an endless loop fails those runs at --run-timeout; the batch writes a valid summary, exit 1", { timeout: 90_000 }, async () => {
    // Loops in roughly half the runs (decided by the run's own random draws), so some runs finish.
    const s = pluginCase("policy-loop", policyPlugin("", "(o, _p, rng) => { if (o.year === 1 && rng.next() < 0.5) for (;;) {} return { cuts: o.held.map(() => 0) }; }"), "plugins: [./p.mjs]\npolicies: { acute-trust: { name: keep-all } }\n");
    const out = join(root, "plugin-policy-loop", "out");
    // A time limit of 10 s: a normal run (a fresh worker thread loading tsx and hashing the plugin's imports)
    // takes well under it even on a busy machine; a run that loops never finishes.
    const r = await cli(batchArgs(s, out, 4, "--allow-plugins", "--run-timeout", "10"));
    expect(r.code, r.err).toBe(1);
    expect(r.err).toMatch(/run \d+ \(seed [^)]+\): .*(time|limit|10 s)/i);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { runs: number; failures: unknown[] };
    expect(summary.runs).toBe(4);
    expect(summary.failures.length).toBeGreaterThan(0);
    expect(summary.failures.length).toBeLessThan(4);
    expect(existsSync(join(root, "plugin-policy-loop", MARKER))).toBe(true);
  });
  it("a policy returning nonsense fails each run with a decision error naming kind and policy", { timeout: 60_000 }, async () => {
    const s = pluginCase("nonsense", policyPlugin("", "(o) => ({ cuts: o.held.map(() => Number.NaN) })"), "plugins: [./p.mjs]\npolicies: { acute-trust: { name: keep-all } }\n");
    const out = join(root, "plugin-nonsense", "out");
    const r = await cli(batchArgs(s, out, 2, "--allow-plugins"));
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/acute-trust \d+ \(policy keep-all, \d{4}\/\d\d\): cuts/);
    expect(existsSync(out)).toBe(false);
  });
});

/**
 * Runs the real CLI to the end. A journal records the code fingerprint (a hash of the sources), which this
 * process computed when the file started; sources edited since (by anyone) would make an in-process resume
 * refuse a journal a fresh process wrote, so resumes of real processes' journals run in real processes too.
 */
function runCli(args: readonly string[]): { code: number | null; err: string } {
  const r = spawnSync(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, ...args], { cwd: agentsDir, encoding: "utf8", timeout: 120_000 });
  return { code: r.status, err: r.stderr };
}

/** Spawns the real CLI (node with tsx as a loader, so a signal reaches the process doing the work). */
function spawnCli(args: readonly string[]): { child: ChildProcess; exit: Promise<number | null>; err: () => string } {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cliPath, ...args], { stdio: ["ignore", "ignore", "pipe"], cwd: agentsDir });
  let err = "";
  child.stderr?.on("data", (d: Buffer) => (err += d.toString()));
  const exit = new Promise<number | null>((r) => child.once("exit", (code, signal) => r(code ?? (signal === null ? null : -1))));
  return { child, exit, err: () => err };
}
async function waitFor(test: () => boolean, ms: number): Promise<void> {
  const deadline = performance.now() + ms;
  while (!test() && performance.now() < deadline) await sleep(20);
}

describe("real processes", { timeout: 180_000 }, () => {
  const BIG = 60;
  let bigFresh: string;
  beforeAll(() => {
    const out = join(root, "big-fresh", "out");
    mkdirSync(join(root, "big-fresh"));
    expect(runCli(batchArgs(scenario, out, BIG)).code).toBe(0);
    bigFresh = readFileSync(join(out, "summary.json"), "utf8");
  }, 120_000);

  it("SIGKILL mid-batch, then --resume, gives a byte-identical summary; a second writer is refused while the first lives", async () => {
    const dir = join(root, "killed");
    mkdirSync(dir);
    const out = join(dir, "out");
    const first = spawnCli(batchArgs(scenario, out, BIG));
    try {
      await waitFor(() => lineCount(journalOf(out)) >= 6, 60_000);
      // A second writer while the first lives: refused, and the first's journal untouched.
      const second = await cli(batchArgs(scenario, out, BIG, "--resume"));
      expect(second.code).toBe(2);
      expect(second.err).toMatch(/in use by another ringfence process \(pid \d+\)/);
    } finally {
      first.child.kill("SIGKILL");
    }
    expect(await first.exit).toBe(-1);
    const done = lineCount(journalOf(out)) - 1;
    expect(done).toBeGreaterThanOrEqual(5);
    expect(done).toBeLessThan(BIG);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
    // The dead process's locks are stale: the resume takes them over.
    const resumed = runCli(batchArgs(scenario, out, BIG, "--resume"));
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(bigFresh);
    expect(readdirSync(dir)).toEqual(["out"]);
  });

  it("SIGINT stops the batch with exit 130, keeps its finished runs, and --resume completes it", async () => {
    const dir = join(root, "interrupted");
    mkdirSync(dir);
    const out = join(dir, "out");
    const p = spawnCli([...batchArgs(scenario, out, BIG), "--workers", "2"]);
    try {
      await waitFor(() => lineCount(journalOf(out)) >= 6, 60_000);
      p.child.kill("SIGINT");
      const code = await Promise.race([p.exit, sleep(30_000).then(() => "timeout" as const)]);
      expect(code).toBe(130);
    } finally {
      if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill("SIGKILL");
    }
    expect(p.err()).toContain("interrupted: finished runs are kept; continue with the same command and --resume");
    expect(p.err()).not.toMatch(STACK_TRACE);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
    expect(readdirSync(dir).filter((n) => n.includes("lock"))).toEqual([]);
    const resumed = runCli(batchArgs(scenario, out, BIG, "--resume"));
    expect(resumed.code, resumed.err).toBe(0);
    expect(readFileSync(join(out, "summary.json"), "utf8")).toBe(bigFresh);
  });
});
