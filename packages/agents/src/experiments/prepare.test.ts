/**
 * Experiments over anything a scenario can say: scenario files as well as presets, and as factors any numeric
 * path (scenario parameters, policies' parameters, coefficients of expressions of the year), ranges defaulting to
 * a parameter's prior.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { createSimulation } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { createNhsModel } from "../model.js";
import { runYears } from "../scenario.js";
import { tempDir } from "../test/hostile/harness.js";
import { buildDesign, designScenarios } from "./design.js";
import { parseExperiment, type ExperimentInput } from "./experiment-schema.js";
import { isExperimentTaskConfig } from "./experiment-task.js";
import { prepareExperiment } from "./prepare.js";
import { runExperiment } from "./run-experiment.js";

const root = tempDir("ringfence-prepare-");
const growth = (preset: string, id: string) =>
  `extends: ${preset}\nid: ${id}\npopulation: { size: toy }\nyears: 3\ncoefficients: { early: 0.03 }\nnational:\n  realGrowthSd: 0\n  realGrowthMean: "year < 2028 ? early : 0.01"\n`;

/** A folder with two scenario files whose real growth until 2027 is the coefficient `early`. */
function folder(name: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  writeFileSync(join(dir, "base.yaml"), growth("ring-fenced", "base"));
  writeFileSync(join(dir, "pooled.yaml"), growth("place-pooled", "pooled"));
  return dir;
}

const EXPERIMENT: ExperimentInput = {
  id: "files",
  title: "Files, coefficients and policy parameters",
  scenarios: ["./base.yaml", "./pooled.yaml"],
  method: "lhs",
  samples: 5,
  seed: 3,
  parameters: [
    { path: "coefficients.early", low: 0, high: 0.06 },
    { path: "policies.council.params.pull", low: 0, high: 3 },
    { path: "iho.acute.propensity" },
  ],
  outcome: { indicator: "gpFundingPerWeightedPatient", measure: "paired-relative" },
};

describe("an experiment over scenario files, with coefficients and policy parameters as factors", () => {
  it("sets every factor in each point's scenarios: the expression evaluated again, the policy's parameter, a range from the prior", async () => {
    const dir = folder("design");
    const experiment = parseExperiment(EXPERIMENT);
    const prepared = await prepareExperiment(experiment, { baseDir: dir });
    expect(prepared.scenarios.map((s) => s.id)).toEqual(["base", "pooled"]);
    expect(prepared.parameters.map((p) => [p.path, p.kind, p.low, p.high, p.scenarios])).toEqual([
      ["coefficients.early", "coefficient", 0, 0.06, ["base", "pooled"]],
      ["policies.council.params.pull", "policy", 0, 3, ["base", "pooled"]],
      // No range given: the parameter's uniform prior.
      ["iho.acute.propensity", "scenario", 0, 1, ["base", "pooled"]],
    ]);
    const design = buildDesign(experiment, prepared);
    const configs = designScenarios(experiment, design, prepared);
    expect(configs.map((c) => c.id).slice(0, 4)).toEqual(["base@p0", "pooled@p0", "base@p1", "pooled@p1"]);
    configs.forEach((c, k) => {
      const [early, pull, propensity] = design.points[Math.floor(k / 2)]!;
      expect(isExperimentTaskConfig(c.config)).toBe(true);
      if (!isExperimentTaskConfig(c.config)) return;
      const sc = c.config.scenario;
      expect(sc.timeVarying["national.realGrowthMean"]).toEqual([early, early, 0.01]); // 2026/27 to 2028/29
      expect(sc.national.realGrowthMean).toBe(early);
      expect(sc.policies.council).toEqual({ name: "claim-need", params: { pull } });
      expect(sc.iho.acute.propensity).toBe(propensity);
    });
    // The coefficient reaches the model: with no spread, the allocator's real growth in the scenario's first two
    // years is the point's value, and 0.01 from 2028/29 (the preset's history years run first, on their own figures).
    const first = configs[0]!.config;
    if (!isExperimentTaskConfig(first)) throw new Error("expected an experiment task config");
    const years = runYears(first.scenario);
    const sim = createSimulation(createNhsModel(), first.scenario, { seed: 1, years });
    for (let k = 0; k <= (years - 3) * 12; k++) sim.step();
    expect(sim.sim.calendar.yearLabel(sim.sim.tick)).toBe("2026/27");
    expect(sim.sim.world.national.realGrowth).toBe(design.points[0]![0]);
    for (let k = 0; k < 24; k++) sim.step();
    expect(sim.sim.calendar.yearLabel(sim.sim.tick)).toBe("2028/29");
    expect(sim.sim.world.national.realGrowth).toBe(0.01);
  });

  it("runs end to end: the per-run table has the coefficient and the policy parameter as columns", async () => {
    const dir = folder("run");
    const result = await runExperiment(EXPERIMENT, { baseDir: dir, workers: 1, out: join(dir, "out") });
    expect(result.scenarios).toEqual([
      { id: "base", source: "./base.yaml", title: expect.any(String) },
      { id: "pooled", source: "./pooled.yaml", title: expect.any(String) },
    ]);
    expect(result.failures).toEqual([]);
    expect(result.analysis.targets.map((t) => t.scenario)).toEqual(["pooled"]);
    const outcomes = Array.from(result.outcomes.outcomes).filter(Number.isFinite);
    expect(outcomes).toHaveLength(5);
    expect(new Set(outcomes).size).toBeGreaterThan(1);
  }, 120_000);

  it("names what is wrong: a coefficient no file defines, a policy parameter out of its bounds, a parameter with no range, a file outside the folder", async () => {
    const dir = folder("errors");
    const prepare = (changes: Partial<ExperimentInput>) => prepareExperiment(parseExperiment({ ...EXPERIMENT, ...changes }), { baseDir: dir });
    await expect(prepare({ parameters: [{ path: "coefficients.erly", low: 0, high: 0.05 }] })).rejects.toThrow(
      'parameters[0].path: expected a coefficient a scenario file defines (coefficients:), got "coefficients.erly" (did you mean "coefficients.early"?)',
    );
    await expect(prepare({ parameters: [{ path: "policies.council.params.pull", low: 0, high: 9 }] })).rejects.toThrow(
      "parameters[0].high: expected a number from 0 to 5 for policies.council.params.pull (its own bounds in base), got 9",
    );
    await expect(prepare({ parameters: [{ path: "coefficients.early" }] })).rejects.toThrow("parameters[0].low: expected a number (coefficients.early has no uniform prior to take its range from), got nothing");
    await expect(prepare({ scenarios: ["../elsewhere.yaml", "./base.yaml"] })).rejects.toThrow('scenarios[0]: expected a relative path starting ./ to a scenario file in the experiment\'s folder, got "../elsewhere.yaml"');
    await expect(prepare({ scenarios: ["./sub/../../x.yaml", "./base.yaml"] })).rejects.toThrow("scenarios[0]: expected a scenario file inside the experiment's folder");
    // A coefficient range that takes a year's value out of the parameter's bounds fails before anything runs, naming the point.
    const tooHigh = parseExperiment({ ...EXPERIMENT, method: "lhs", samples: 4, parameters: [{ path: "coefficients.early", low: 0.05, high: 0.5 }] });
    const prepared = await prepareExperiment(tooHigh, { baseDir: dir });
    expect(() => designScenarios(tooHigh, buildDesign(tooHigh, prepared), prepared)).toThrow(/experiment point base@p\d+ .*national\.realGrowthMean: expected a number from -0\.05 to 0\.1/s);
  });

  it("refuses a scenario file that loads plugins unless they are allowed", async () => {
    const dir = folder("plugins");
    writeFileSync(join(dir, "p.mjs"), "export const nothing = 1;\n");
    writeFileSync(join(dir, "with-plugin.yaml"), `${growth("iho-acute", "with-plugin")}plugins: [./p.mjs]\n`);
    await expect(prepareExperiment(parseExperiment({ ...EXPERIMENT, scenarios: ["./base.yaml", "./with-plugin.yaml"] }), { baseDir: dir })).rejects.toThrow(
      "with-plugin.yaml plugins: expected no plugins, or permission to run them (--allow-plugins, or allowPlugins: true in code)",
    );
  });
});
