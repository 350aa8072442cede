import { ConfigError } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { buildDesign, designScenarios, parsePointScenarioId, pointScenarioId } from "./design.js";
import { prepareExperiment, type PreparedExperiment } from "./prepare.js";
import { parseExperiment, type Experiment, type ExperimentInput } from "./experiment-schema.js";
import { isExperimentTaskConfig } from "./experiment-task.js";

const BASE: ExperimentInput = {
  id: "design-test",
  title: "Design test",
  scenarios: ["ring-fenced", "iho-acute"],
  parameters: [
    { path: "iho.acute.propensity", low: 0.2, high: 0.8 },
    { path: "national.realGrowthMean", low: 0, high: 0.04 },
    { path: "levers.shiftOfCare.doubleRunningYears", low: 0, high: 4 },
  ],
  method: "morris",
  samples: 3,
  seed: 11,
  outcome: { indicator: "gpFundingPerWeightedPatient" },
  population: { size: "toy" },
};

/** The design of an experiment, its scenarios loaded and parameters resolved. */
async function designOf(experiment: Experiment) {
  const prepared: PreparedExperiment = await prepareExperiment(experiment);
  return buildDesign(experiment, prepared);
}

describe("buildDesign", () => {
  it("has r·(d+1) Morris points, N·(d+2) Saltelli points and N hypercube points, each within its range", async () => {
    const d = BASE.parameters.length;
    for (const [method, count] of [["morris", 3 * (d + 1)], ["sobol", 3 * (d + 2)], ["lhs", 3]] as const) {
      const design = (await designOf(parseExperiment({ ...BASE, method })));
      expect(design.points).toHaveLength(count);
      for (const row of design.points) {
        row.forEach((v, k) => {
          const p = BASE.parameters[k]!;
          expect(v).toBeGreaterThanOrEqual(p.low);
          expect(v).toBeLessThanOrEqual(p.high);
        });
        // An integer parameter gets whole numbers only.
        expect(Number.isInteger(row[2])).toBe(true);
      }
    }
  });

  it("is reproducible from the seed and changes with it", async () => {
    for (const method of ["morris", "lhs"] as const) {
      const a = (await designOf(parseExperiment({ ...BASE, method })));
      const b = (await designOf(parseExperiment({ ...BASE, method })));
      const c = (await designOf(parseExperiment({ ...BASE, method, seed: 12 })));
      expect(b.points).toEqual(a.points);
      expect(c.points).not.toEqual(a.points);
    }
  });

  it("takes the horizon from the baseline preset unless the experiment sets it", async () => {
    expect((await designOf(parseExperiment(BASE))).years).toBe(10);
    expect((await designOf(parseExperiment({ ...BASE, years: 4 }))).years).toBe(4);
  });
});

describe("designScenarios", () => {
  it("lists every point × preset with the point's values set in the config", async () => {
    const experiment = parseExperiment(BASE);
    const design = (await designOf(experiment));
    const scenarios = designScenarios(experiment, design, await prepareExperiment(experiment));
    expect(scenarios).toHaveLength(design.points.length * 2);
    scenarios.forEach((s, k) => {
      const point = Math.floor(k / 2);
      const preset = experiment.scenarios[k % 2]!;
      expect(s.id).toBe(pointScenarioId(preset, point));
      expect(parsePointScenarioId(s.id)).toEqual({ scenario: preset, point });
      expect(isExperimentTaskConfig(s.config)).toBe(true);
      if (!isExperimentTaskConfig(s.config)) return;
      const [propensity, growth, doubleRunning] = design.points[point]!;
      expect(s.config.scenario.iho.acute.propensity).toBe(propensity);
      expect(s.config.scenario.national.realGrowthMean).toBe(growth);
      expect(s.config.scenario.levers.shiftOfCare.doubleRunningYears).toBe(doubleRunning);
      expect(s.config.scenario.population.size).toBe("toy");
      expect(s.config.scenario.governance.holder).toBe(preset === "iho-acute" ? "iho" : "icb");
      expect(s.config.indicator).toBe("gpFundingPerWeightedPatient");
    });
  });

  it("fails before running when a point breaks a cross-field rule, naming the point", async () => {
    const experiment = parseExperiment({ ...BASE, parameters: [{ path: "icb.acuteShare", low: 0.5, high: 0.9 }] });
    const prepared = await prepareExperiment(experiment);
    const design = buildDesign(experiment, prepared);
    expect(() => designScenarios(experiment, design, prepared)).toThrow(ConfigError);
    expect(() => designScenarios(experiment, design, prepared)).toThrow(/experiment point ring-fenced@p\d+ .*icb\.acuteShare: expected acuteShare \+ communityShare \+ bcfShare ≤ 0\.95/s);
  });
});
