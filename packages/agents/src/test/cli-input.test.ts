/**
 * Strict numbers, secrets and pipes on the command line: integers are decimal digits only; a URL's password
 * is never printed, well formed or not; an unreachable Redis is bad input (exit 2) for every command taking
 * --queue; a closed stdout ends a command quietly.
 */
import { spawnSync } from "node:child_process";
import { existsSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { redactUrl, urlScrubber } from "@ringfence/core";
import { afterAll, describe, expect, it } from "vitest";
import { freePort } from "../../../core/src/batch/fixtures/redis.js";
import { parseCommandLine } from "../cli/args.js";
import { cli, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-cli-input-");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const agentsDir = fileURLToPath(new URL("../..", import.meta.url));
const cliPath = fileURLToPath(new URL("../cli/ringfence.ts", import.meta.url));
const EXPERIMENT = fileURLToPath(new URL("../../../examples/experiments/iho-vs-ringfenced.yaml", import.meta.url));
const parse = (...argv: string[]) => parseCommandLine(argv, { workers: 2 }).parsed;

describe("numbers on the command line", () => {
  it("integers are decimal digits only", async () => {
    for (const bad of ["0x10", "1e3", "1.0", "+5", " 5", "5 ", "Infinity", "0b11", "٣", "1_000"]) {
      expect(() => parse("run", "ring-fenced", "--runs", bad), bad).toThrow(`runs: expected an integer from 1 to 1000000, got ${JSON.stringify(bad)}`);
    }
    expect(() => parse("calibrate", "--particles", "0x10")).toThrow('particles: expected an integer from 50 to 100000, got "0x10"');
    expect(() => parse("run", "ring-fenced", "--max-runs", "1e9")).toThrow('maxRuns: expected an integer');
    expect(parse("run", "ring-fenced", "--runs", "16")).toMatchObject({ options: { runs: 16 } });
    const r = await cli(["run", "ring-fenced", "--runs", "0x10", "--out", join(root, "hex")]);
    expect(r.code).toBe(2);
    expect(r.err).toContain('runs: expected an integer from 1 to 1000000, got "0x10"');
    expect(existsSync(join(root, "hex"))).toBe(false);
  });
  it("other numbers are plain decimals", () => {
    expect(parse("run", "ring-fenced", "--erosion-threshold", "0.05")).toMatchObject({ options: { erosionThreshold: 0.05 } });
    for (const bad of ["0x1", "5e-2", ".05", "1,5"]) expect(() => parse("run", "ring-fenced", "--erosion-threshold", bad), bad).toThrow(/erosionThreshold: expected a number/);
    expect(() => parse("worker", "--queue", "redis://127.0.0.1:1", "--run-timeout", "1e3")).toThrow(/runTimeout: expected a number/);
  });
});

describe("secrets in URLs", () => {
  const SECRET = "hunter2pw";
  const URLS = [
    `redis://:${SECRET}@127.0.0.1:6379/0`,
    `redis://user:${SECRET}@127.0.0.1:6379/0`,
    `rediss://${SECRET}@host:6380`,
    `redis://127.0.0.1:6379/0?password=${SECRET}`,
    `redis:/ /user:${SECRET}@host name`,
    `redis://user:${SECRET}@host name/0`,
    `redis:user:${SECRET}@host`,
    `user:${SECRET}@host:6379`,
    `redis://user:${encodeURIComponent(`${SECRET}/x@y`)}@h:1`,
    `redis://u:${SECRET}@@h:1`,
    `redis://h:1/0?db=1&password=${SECRET}&x=1`,
  ];
  it("redactUrl hides the password of every form, well formed or not", () => {
    for (const url of URLS) {
      const shown = redactUrl(url);
      expect(shown, url).not.toContain(SECRET);
      expect(shown, url).toContain("***");
      // (Where the password is not exactly SECRET, an echo of SECRET alone is not an echo of the password.)
      if (!url.includes("%2F") && !url.includes("@@")) expect(urlScrubber(url)(`error connecting to ${url}: ${SECRET} refused`), url).not.toContain(SECRET);
    }
    // A percent-encoded password is scrubbed in both forms.
    const encoded = `redis://user:${encodeURIComponent(`${SECRET}/x@y`)}@h:1`;
    expect(urlScrubber(encoded)(`auth failed for ${SECRET}/x@y at ${encoded}`)).toBe("auth failed for *** at redis://***@h:1");
    expect(redactUrl(`redis://:${SECRET}@127.0.0.1:6379/2`)).toBe("redis://:***@127.0.0.1:6379/2");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
  });
  it("a malformed --queue is refused (exit 2) without printing its password, by every command taking one", async () => {
    const url = `redis:/ /user:${SECRET}@host name`;
    for (const args of [
      ["run", "ring-fenced", "--population", "toy", "--runs", "2", "--out", join(root, "q1")],
      ["explore", EXPERIMENT, "--out", join(root, "q2")],
      ["calibrate", "--population", "toy", "--out", join(root, "q3")],
      ["worker"],
    ]) {
      const r = await cli([...args, "--queue", url]);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toContain("queue: expected a Redis URL such as redis://127.0.0.1:6379, got \"redis:/***@host name\"");
      expect(r.err + r.out).not.toContain(SECRET);
    }
  });
  it("an unreachable Redis exits 2 naming the URL without its password, before anything is written", { timeout: 60_000 }, async () => {
    const port = await freePort();
    const url = `redis://user:${SECRET}@127.0.0.1:${port}/0`;
    for (const [name, args] of [
      ["run", ["run", "ring-fenced", "--population", "toy", "--runs", "2"]],
      ["explore", ["explore", EXPERIMENT, "--population", "toy", "--samples", "2"]],
      ["calibrate", ["calibrate", "--population", "toy", "--waves", "1", "--design", "40", "--particles", "50", "--check", "1"]],
      ["worker", ["worker"]],
    ] as const) {
      const out = join(root, `unreachable-${name}`);
      const r = await cli([...args, ...(name === "worker" ? [] : ["--out", out]), "--queue", url]);
      expect(r.code, `${name}: ${r.err}`).toBe(2);
      expect(r.err).toContain(`--queue: `);
      expect(r.err).toContain(`Redis at redis://user:***@127.0.0.1:${port}/0 is unreachable`);
      expect(r.err + r.out).not.toContain(SECRET);
      expect(r.err).not.toMatch(STACK_TRACE);
      expect(existsSync(out)).toBe(false);
    }
  });
});

describe("a closed stdout", () => {
  it("`ringfence params | head -1` prints one line and ends quietly, exit 0", { timeout: 60_000 }, () => {
    const r = spawnSync("bash", ["-c", `set -o pipefail; "${process.execPath}" --import tsx --conditions=source "${cliPath}" params | head -1`], { cwd: agentsDir, encoding: "utf8", timeout: 60_000 });
    expect(r.stdout.split("\n").filter((l) => l !== "")).toHaveLength(1);
    expect(r.stdout).toMatch(/^path\s+unit/);
    expect(r.stderr).toBe("");
    expect(r.status).toBe(0);
  });
});
