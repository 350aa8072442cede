import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { calibratedParameters, fromLatent, normalCdf, runCalibration } from "./calibrate.js";
import { readEnsemble } from "./ensemble.js";

const root = mkdtempSync(join(tmpdir(), "ringfence-calibrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

// Two parameters keep the toy calibration quick; the mechanics are the same for all of them.
const parameters = calibratedParameters().filter((p) => p.name === "practice.exitBaseHazard" || p.name === "national.settlementPassThrough");
const base = { particles: 5, runsPerParticle: 1, workers: 1, seed: "resume-test", population: "toy" as const, parameters };

describe("latent coordinates", () => {
  it("map a standard normal onto the prior's quantiles", () => {
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(normalCdf(1.959963985)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655254, 6);
    const u = { kind: "uniform", low: 2, high: 6 } as const;
    expect(fromLatent(u, 0)).toBeCloseTo(4, 6);
    expect(fromLatent(u, 1.959963985)).toBeCloseTo(2 + 4 * 0.975, 5);
    expect(fromLatent(u, 40)).toBe(6);
    expect(fromLatent(u, -40)).toBe(2);
    expect(fromLatent({ kind: "log-uniform", low: 1, high: 100 }, 0)).toBeCloseTo(10, 5);
    expect(() => fromLatent({ kind: "beta", mean: 0.5, concentration: 2 }, 0)).toThrow(/beta/);
  });
});

describe("runCalibration", () => {
  it("fits the listed parameters that carry a prior by default", () => {
    const names = calibratedParameters().map((p) => p.name);
    expect(names.length).toBeGreaterThan(5);
    expect(names).toContain("practice.exitBaseHazard");
    expect(new Set(names).size).toBe(names.length);
  });

  it("resumed after generation 1 gives the same posterior as an uninterrupted run", async () => {
    const whole = await runCalibration({ ...base, generations: 2, dir: join(root, "whole") });
    expect(whole.abc.generations).toHaveLength(2);

    const first = await runCalibration({ ...base, generations: 1, dir: join(root, "split") });
    expect(first.abc.generations).toHaveLength(1);
    const seen: number[] = [];
    const resumed = await runCalibration({ ...base, generations: 2, dir: join(root, "split"), onGeneration: (g) => seen.push(g.index) });
    expect(seen).toEqual([1]); // generation 0 came from its file, not from new simulations

    expect(resumed.ensemble).toEqual(whole.ensemble);
    expect(readFileSync(join(root, "split", "ensemble.json"), "utf8")).toBe(readFileSync(join(root, "whole", "ensemble.json"), "utf8"));
    expect(readEnsemble(join(root, "whole", "ensemble.json")).particles).toHaveLength(5);
    // The posterior is a weighted set, not a copy of generation 0.
    expect(whole.abc.generations[1]!.tolerance).toBeLessThanOrEqual(Math.max(...whole.abc.generations[0]!.distances));
    expect(whole.ensemble.provenance.simulations).toBe((whole.abc.generations[0]!.proposed + whole.abc.generations[1]!.proposed) * 2);
  }, 120_000);

  it("resumes after an abort through the signal at the start of generation 1", async () => {
    const dir = join(root, "aborted");
    const controller = new AbortController();
    let records = 0;
    // Abort once generation 0 is done and generation 1 has started.
    const attempt = runCalibration({ ...base, generations: 2, dir, signal: controller.signal, onGeneration: () => {
      records++;
      controller.abort();
    } });
    await expect(attempt).rejects.toThrow(/abort/i);
    expect(records).toBe(1);
    const resumed = await runCalibration({ ...base, generations: 2, dir });
    const whole = readEnsemble(join(root, "whole", "ensemble.json"));
    expect(resumed.ensemble).toEqual(whole);
  }, 120_000);

  it("refuses to resume a folder holding another calibration", async () => {
    await expect(runCalibration({ ...base, particles: 6, generations: 1, dir: join(root, "whole") })).rejects.toThrow(/other settings/);
  });
});
