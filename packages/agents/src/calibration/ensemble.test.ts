import { ConfigError, parseInput } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../presets.js";
import { scenarioSchema } from "../scenario.js";
import { applyEnsemble, drawParameterSet, drawParticleIndex, ENSEMBLE_VERSION, formatEnsemble, parseEnsemble, type Ensemble } from "./ensemble.js";

const ensemble: Ensemble = {
  version: ENSEMBLE_VERSION,
  parameters: ["practice.exitBaseHazard", "workforce.leaverRate"],
  particles: [
    { values: [0.01, 0.08], weight: 0.1 },
    { values: [0.02, 0.09], weight: 0.6 },
    { values: [0.005, 0.1], weight: 0.3 },
  ],
  priorDrawn: [{ path: "iho.acute.propensity", prior: { kind: "uniform", low: 0, high: 1 } }],
  provenance: {
    producer: "@ringfence/agents@0.1.0",
    method: { name: "history matching", waves: [] },
    seed: "s",
    population: "toy",
    scenario: "baseline-2014",
    split: { fitThrough: 2018 },
    targets: [{ name: "practices-2015", observed: 7841 }],
    simulations: 6,
    checks: {},
  },
};

describe("ensemble file", () => {
  it("round-trips through its JSON text", () => {
    const back = parseEnsemble(JSON.parse(formatEnsemble(ensemble)));
    expect(back).toEqual(ensemble);
    expect(formatEnsemble(back)).toBe(formatEnsemble(ensemble));
  });

  it("refuses a malformed file with an error naming the field", () => {
    const bad = JSON.parse(formatEnsemble(ensemble)) as { particles: { weight: unknown; values: unknown[] }[]; version: unknown };
    bad.particles[1]!.weight = "heavy";
    expect(() => parseEnsemble(bad)).toThrow(ConfigError);
    expect(() => parseEnsemble(bad)).toThrow(/particles\[1\]\.weight/);

    const short = JSON.parse(formatEnsemble(ensemble)) as typeof bad;
    short.particles[2]!.values = [0.01];
    expect(() => parseEnsemble(short)).toThrow(/particles\[2\]\.values: expected 2 values/);

    const version = JSON.parse(formatEnsemble(ensemble)) as typeof bad;
    version.version = 99;
    expect(() => parseEnsemble(version)).toThrow(/version/);

    const extra = { ...JSON.parse(formatEnsemble(ensemble)), date: "2025-01-01" } as unknown;
    expect(() => parseEnsemble(extra)).toThrow(/date: unknown key/);
  });
});

describe("drawParameterSet", () => {
  it("is a pure function of the run seed", () => {
    for (const seed of ["a", "b", "17", "run-3"]) {
      expect(drawParameterSet(ensemble, seed)).toEqual(drawParameterSet(ensemble, seed));
    }
    const picked = new Set(Array.from({ length: 50 }, (_, i) => drawParticleIndex(ensemble, `seed-${i}`)));
    expect(picked.size).toBe(3);
  });

  it("picks particles with frequencies that follow their weights", () => {
    const n = 20000;
    const counts = [0, 0, 0];
    for (let i = 0; i < n; i++) counts[drawParticleIndex(ensemble, `run:${i}`)]!++;
    ensemble.particles.forEach((p, i) => {
      const sd = Math.sqrt((p.weight * (1 - p.weight)) / n);
      expect(Math.abs(counts[i]! / n - p.weight)).toBeLessThan(4 * sd);
    });
  });

  it("never picks a particle of weight zero", () => {
    const zero = { ...ensemble, particles: [ensemble.particles[0]!, { values: [0.02, 0.09], weight: 0 }] };
    for (let i = 0; i < 500; i++) expect(drawParticleIndex(zero, `z${i}`)).toBe(0);
  });
});

describe("applyEnsemble", () => {
  const scenario = parseInput(scenarioSchema, { ...PRESETS["baseline-2014"], population: { year: 2015, size: "toy" } }, "baseline");

  it("sets the drawn values and keeps pinned paths", () => {
    const drawn = drawParameterSet(ensemble, "r1");
    const all = applyEnsemble(scenario, ensemble, "r1");
    expect(all.practice.exitBaseHazard).toBe(drawn["practice.exitBaseHazard"]);
    expect(all.workforce.leaverRate).toBe(drawn["workforce.leaverRate"]);
    const pinned = applyEnsemble(scenario, ensemble, "r1", ["workforce.leaverRate"]);
    expect(pinned.practice.exitBaseHazard).toBe(drawn["practice.exitBaseHazard"]);
    expect(pinned.workforce.leaverRate).toBe(scenario.workforce.leaverRate);
    // The input is not changed.
    expect(scenario.practice.exitBaseHazard).not.toBe(all.practice.exitBaseHazard === scenario.practice.exitBaseHazard ? Number.NaN : all.practice.exitBaseHazard);
  });

  it("refuses an ensemble whose values are out of a parameter's bounds", () => {
    const bad = { parameters: ["workforce.leaverRate"], particles: [{ values: [5], weight: 1 }] };
    expect(() => applyEnsemble(scenario, bad, "r")).toThrow(/workforce\.leaverRate/);
  });
});

describe("forward draws", () => {
  it("spread a batch's runs over the particles by run index: 100 runs of 500 equal particles draw 100 distinct ones", () => {
    const many: Ensemble = { ...ensemble, parameters: ["practice.exitBaseHazard"], particles: Array.from({ length: 500 }, (_, i) => ({ values: [0.002 + i * 1e-5], weight: 1 })) };
    const byIndex = new Set(Array.from({ length: 100 }, (_, i) => drawParticleIndex(many, `s:${i}`, i)));
    expect(byIndex.size).toBe(100);
    // Drawn from seeds alone, the same runs repeat particles (about 90 distinct in 100 draws of 500).
    const bySeed = new Set(Array.from({ length: 100 }, (_, i) => drawParticleIndex(many, `s:${i}`)));
    expect(bySeed.size).toBeLessThan(100);
  });

  it("follow the weights when drawn by run index", () => {
    const counts = [0, 0, 0];
    for (let i = 0; i < 10_000; i++) counts[drawParticleIndex(ensemble, "x", i)]!++;
    expect(counts[0]! / 10_000).toBeCloseTo(0.1, 2);
    expect(counts[1]! / 10_000).toBeCloseTo(0.6, 2);
    expect(counts[2]! / 10_000).toBeCloseTo(0.3, 2);
  });

  it("draw each parameter no fitted output informs from its prior, by run seed", () => {
    const values = Array.from({ length: 200 }, (_, i) => drawParameterSet(ensemble, `r${i}`)["iho.acute.propensity"]!);
    expect(values.every((v) => v >= 0 && v <= 1)).toBe(true);
    expect(new Set(values).size).toBe(200);
    expect(values.reduce((a, b) => a + b, 0) / values.length).toBeCloseTo(0.5, 1);
    expect(drawParameterSet(ensemble, "r7")).toEqual(drawParameterSet(ensemble, "r7"));
  });

  it("refuses a prior-drawn parameter that is also calibrated", () => {
    const both = { ...JSON.parse(formatEnsemble(ensemble)), priorDrawn: [{ path: "workforce.leaverRate", prior: { kind: "uniform", low: 0, high: 1 } }] } as unknown;
    expect(() => parseEnsemble(both)).toThrow(/priorDrawn\[0\]\.path: expected a parameter not among the calibrated ones/);
  });
});
