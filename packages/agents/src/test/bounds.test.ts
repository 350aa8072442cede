/**
 * Bounds on work: a command over 200,000 runs (or its --max-runs) exits 2 at validation, before anything is
 * written, with its size and a time estimate measured on this machine; the shipped calibration settings and
 * the documented experiments fit under the default; a calibration that reaches its bound mid-way stops with its
 * finished generations kept, and resumes with a larger one.
 */
import { existsSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { designPointCount } from "../experiments/design.js";
import { parseExperiment } from "../experiments/experiment-schema.js";
import { runExperiment } from "../experiments/run-experiment.js";
import { runScenarioBatch } from "../scenario-batch.js";
import { parseScenarioText } from "../scenario-files/parse-text.js";
import { DEFAULT_MAX_RUNS, formatDuration } from "../run-bound.js";
import { cli, contentSnapshot, put, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-bounds-");
afterAll(() => rmSync(root, { recursive: true, force: true }));
const EXPERIMENTS = fileURLToPath(new URL("../../../examples/experiments/", import.meta.url));
const README = fileURLToPath(new URL("../../../../README.md", import.meta.url));
const DOCS = fileURLToPath(new URL("../../../../docs/", import.meta.url));

/** The message of a refusal by the bound: the size, the estimate and how to allow it. */
const OVER = /--max-runs: expected at most 200,000 runs, got ([\d,]+) runs \((.*)\), about [\d.]+ (second|minute|hour|day|year)s? on (\d+ workers?|one queue worker); --max-runs \d+ to allow it/;

describe("a command over its bound exits 2 at validation, with its size and a measured estimate", () => {
  it("run --runs 1000000", { timeout: 60_000 }, async () => {
    const dir = join(root, "run");
    const r = await cli(["run", "ring-fenced", "--population", "toy", "--runs", "1000000", "--workers", "2", "--out", join(dir, "out")]);
    expect(r.code, r.err).toBe(2);
    const m = OVER.exec(r.err);
    expect(m, r.err).not.toBeNull();
    expect(m![1]).toBe("1,000,000");
    expect(m![2]).toBe("1 scenario × 1,000,000 runs");
    expect(m![4]).toBe("2 workers");
    expect(r.err).not.toMatch(STACK_TRACE);
    expect(existsSync(dir)).toBe(false);
  });
  it("an experiment of 100,000 samples × 10,000 runs per point", { timeout: 60_000 }, async () => {
    const dir = join(root, "explore");
    const file = put(root, "huge.yaml", "id: huge\ntitle: Huge\nscenarios: [ring-fenced, iho-acute]\nmethod: lhs\nsamples: 100000\nrunsPerPoint: 10000\nseed: 1\nyears: 3\npopulation: { size: toy }\nparameters:\n  - { path: iho.acute.propensity, low: 0, high: 1 }\noutcome: { indicator: gpFundingPerWeightedPatient }\n");
    const before = contentSnapshot(root);
    const r = await cli(["explore", file, "--workers", "2", "--out", dir]);
    expect(r.code, r.err).toBe(2);
    expect(r.err).toMatch(OVER);
    expect(r.err).toContain("got 2,000,000,000 runs (100,000 design points × 2 scenarios × 10,000 runs per point), about ");
    expect(contentSnapshot(root)).toEqual(before);
  });
  it("compare, backcast and calibrate too; --max-runs raises (or lowers) the bound", { timeout: 60_000 }, async () => {
    const compare = await cli(["compare", "ring-fenced", "iho-acute", "--population", "toy", "--runs", "150000", "--out", join(root, "c")]);
    expect(compare.err).toContain("got 300,000 runs (2 scenarios × 150,000 runs)");
    expect(compare.code).toBe(2);
    const backcast = await cli(["backcast", "--population", "toy", "--runs", "100000", "--out", join(root, "b")]);
    expect(backcast.code).toBe(2);
    expect(backcast.err).toMatch(/got [\d,]+ runs \(100,000 runs × \d variants\)/);
    const calibrate = await cli(["calibrate", "--population", "toy", "--waves", "20", "--design", "100000", "--check", "10000", "--out", join(root, "k")]);
    expect(calibrate.code).toBe(2);
    expect(calibrate.err).toContain("got 2,620,000 runs (20 waves × 130,000 runs + 20,000 check runs)");
    const lowered = await cli(["run", "ring-fenced", "--population", "toy", "--years", "2", "--runs", "3", "--max-runs", "2", "--out", join(root, "l")]);
    expect(lowered.code).toBe(2);
    expect(lowered.err).toContain("--max-runs: expected at most 2 runs, got 3 runs");
    const allowed = await cli(["run", "ring-fenced", "--population", "toy", "--years", "2", "--runs", "3", "--max-runs", "3", "--workers", "1", "--progress", "none", "--out", join(root, "a")]);
    expect(allowed.code, allowed.err).toBe(0);
    expect(readdirSync(root).filter((n) => ["c", "b", "k", "l"].includes(n))).toEqual([]);
  });
  it("the library refuses the same way (maxRuns), before any run", async () => {
    let progressed = 0;
    await expect(runScenarioBatch({ scenarios: ["ring-fenced"], runs: 300_000, onProgress: () => progressed++ })).rejects.toThrow("maxRuns: expected at most 200,000 runs, got 300,000 runs (1 scenario × 300,000 runs)");
    await expect(
      runExperiment({ id: "x", title: "x", scenarios: ["ring-fenced", "iho-acute"], method: "sobol", samples: 100_000, seed: 1, parameters: [{ path: "iho.acute.propensity", low: 0, high: 1 }], outcome: { indicator: "gpFundingPerWeightedPatient" } }, { onProgress: () => progressed++ }),
    ).rejects.toThrow("maxRuns: expected at most 200,000 runs, got 600,000 runs (300,000 design points × 2 scenarios × 1 run per point)");
    expect(progressed).toBe(0);
  });
  it("durations read as people say them", () => {
    expect(formatDuration(42)).toBe("about 42 seconds");
    expect(formatDuration(1)).toBe("about 1 second");
    expect(formatDuration(72_000)).toBe("about 20 hours");
    expect(formatDuration(3 * 86_400 + 3600)).toBe("about 3 days");
    expect(formatDuration(5 * 365.25 * 86_400)).toBe("about 5 years");
  });
});

describe("what ships fits under the default bound", () => {
  it("every example experiment, as shipped and with the documented --samples, --method and --population", () => {
    const files = readdirSync(EXPERIMENTS).filter((f) => f.endsWith(".yaml"));
    expect(files.length).toBeGreaterThanOrEqual(2);
    const documented = [README, ...readdirSync(DOCS).filter((f) => f.endsWith(".md")).map((f) => join(DOCS, f))].flatMap((f) => readFileSync(f, "utf8").split("\n").filter((l) => /ringfence explore \S+\.yaml/.test(l)));
    expect(documented.length).toBeGreaterThan(0);
    for (const f of files) {
      const experiment = parseExperiment(parseScenarioText(readFileSync(join(EXPERIMENTS, f), "utf8"), f));
      const variants = [{}, ...documented.filter((l) => l.includes(f)).map((l) => ({ samples: Number(/--samples (\d+)/.exec(l)?.[1] ?? experiment.samples), method: (/--method (\w+)/.exec(l)?.[1] ?? experiment.method) as typeof experiment.method }))];
      for (const v of variants) {
        const e = { ...experiment, ...v };
        expect(designPointCount(e) * e.scenarios.length * e.runsPerPoint, `${f} ${JSON.stringify(v)}`).toBeLessThanOrEqual(DEFAULT_MAX_RUNS);
      }
    }
  });
  it("the documented calibration (3 waves of 200 design points, 500 particles, 100 check runs each) and the flagship pass the check", { timeout: 60_000 }, async () => {
    // Refused only by what comes after the bound: a --resume without a calibration (so nothing runs).
    const calibrate = await cli(["calibrate", "--waves", "3", "--design", "200", "--particles", "500", "--check", "100", "--resume", "--out", join(root, "cal")]);
    expect(calibrate.err).not.toContain("--max-runs");
    expect(calibrate.err).toContain("--resume: expected a calibration");
    const flagship = await cli(["flagship", "--resume", "--out", join(root, "flag")]);
    expect(flagship.err).not.toContain("--max-runs");
    expect(flagship.err).toContain("--resume: expected an unfinished batch");
  });
});

describe("a calibration's bound", () => {
  it("counts every wave's runs (replicates included) and the check runs: one fewer is refused up front, exactly that many runs", { timeout: 180_000 }, async () => {
    const out = join(root, "bounded-calibration");
    // 40 design points, 4 of them run 4 times: 52 runs in the wave; then 1 region and 1 posterior check run.
    const args = ["calibrate", "--population", "toy", "--waves", "1", "--design", "40", "--particles", "50", "--check", "1", "--workers", "1", "--seed", "b", "--out", out];
    const refused = await cli([...args, "--max-runs", "53"]);
    expect(refused.code, refused.err).toBe(2);
    expect(refused.err).toContain("--max-runs: expected at most 53 runs, got 54 runs (1 wave × 52 runs + 2 check runs)");
    expect(existsSync(out)).toBe(false);
    // Within the bound it runs (and, at toy size, stops after its wave: no set reaches the national outputs).
    const ran = await cli([...args, "--max-runs", "54"]);
    expect(ran.err).not.toContain("--max-runs");
    const wave = JSON.parse(readFileSync(join(out, "waves", "wave-0.json"), "utf8")) as { runs: unknown[] };
    expect(wave.runs).toHaveLength(52);
  });
});
