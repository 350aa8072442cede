import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ConfigError, createSimulation } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { createNhsModel } from "../model.js";
import { loadScenario } from "./load.js";
import { setParams } from "./set-params.js";

/** Writes a scenario file into a fresh folder and returns its path. */
function scenarioFile(text: string): string {
  const file = join(mkdtempSync(join(tmpdir(), "ringfence-tv-")), "s.yaml");
  writeFileSync(file, text);
  return file;
}

/** The ConfigError messages of loading a file, or [] when it loads. */
async function problems(text: string): Promise<string[]> {
  try {
    await loadScenario(scenarioFile(text));
    return [];
  } catch (e) {
    if (e instanceof ConfigError) return e.issues.map((i) => i.message);
    throw e;
  }
}

describe("time-varying parameters written as expressions of the year", () => {
  it("are evaluated for every year run, the first year's value standing in the scenario", async () => {
    const { scenario } = await loadScenario(scenarioFile(`extends: ring-fenced\nyears: 6\nnational:\n  realGrowthMean: "year < 2028 ? 0.03 : 0.01"\nlevers:\n  primaryCareShare:\n    increase: "min(0.02, 0.004 * t)"\n`));
    // ring-fenced starts in 2026/27 (after the history): 2026 and 2027 are before 2028.
    expect(scenario.timeVarying["national.realGrowthMean"]).toEqual([0.03, 0.03, 0.01, 0.01, 0.01, 0.01]);
    expect(scenario.timeVarying["levers.primaryCareShare.increase"]).toEqual([0, 0.004, 0.008, 0.012, 0.016, 0.02]);
    expect(scenario.national.realGrowthMean).toBe(0.03);
    expect(scenario.levers.primaryCareShare.increase).toBe(0);
  });

  it("drive the model year by year: the allocator sees each year's value", async () => {
    const { scenario } = await loadScenario(
      scenarioFile(`extends: ring-fenced\nhistory: none\nstartYear: 2025\nyears: 5\npopulation: { size: toy }\nnational:\n  realGrowthSd: 0\n  realGrowthMean: "year < 2027 ? 0.05 : -0.02"\n`),
    );
    const sim = createSimulation(createNhsModel(), scenario, { seed: 1, years: 5 });
    const growth: number[] = [];
    const seen: number[] = [];
    for (let y = 0; y < 5; y++) {
      for (let k = 0; k < 12; k++) sim.step();
      growth.push(sim.sim.world.national.realGrowth);
      seen.push(sim.sim.world.scenario.national.realGrowthMean);
    }
    expect(seen).toEqual([0.05, 0.05, -0.02, -0.02, -0.02]);
    // Year 0 has no growth (the start); later years grow at that year's mean exactly (no spread).
    expect(growth.slice(1).map((g) => Math.round(g * 1e6) / 1e6)).toEqual([0.05, -0.02, -0.02, -0.02]);
  });

  it("name the path, the year and the expression when a later year leaves the parameter's bounds", async () => {
    const found = await problems(`years: 8\nnational:\n  realGrowthMean: "0.02 * t"\n`);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^national\.realGrowthMean: expected a number from -0\.05 to 0\.1 \(a year\) in 2031\/32, got 0\.12 \(from the expression\)$/);
  });

  it("are refused on parameters read only at the start, and when they do not parse or use unknown names", async () => {
    expect((await problems(`national:\n  globalSum: "100 + year"\n`))[0]).toMatch(/^national\.globalSum: expected a number \(read only at the start/);
    expect((await problems(`national:\n  realGrowthMean: "0.03 +"\n`))[0]).toMatch(/^national\.realGrowthMean: expected an expression of year and t/);
    expect((await problems(`national:\n  realGrowthMean: "growth * 2"\n`))[0]).toMatch(/unknown name "growth"/);
    expect((await problems(`national:\n  realGrowthMean: "constructor"\n`))[0]).toMatch(/^national\.realGrowthMean: expected an expression/);
  });

  it("stop varying when a parameter is set (as experiments and calibrations do)", async () => {
    const { scenario } = await loadScenario(scenarioFile(`national:\n  realGrowthMean: "year < 2028 ? 0.03 : 0.01"\n`));
    const fixed = setParams(scenario, { "national.realGrowthMean": 0.02 });
    expect(fixed.timeVarying["national.realGrowthMean"]).toBeUndefined();
    expect(fixed.national.realGrowthMean).toBe(0.02);
    expect(scenario.timeVarying["national.realGrowthMean"]).toHaveLength(10);
  });

  it("setParams leaves the scenario it was given as it was, however many values it sets under one object", async () => {
    const { scenario } = await loadScenario("iho-acute");
    const before = JSON.stringify(scenario);
    const set = setParams(scenario, { "national.realGrowthMean": 0.011, "national.inflationMean": 0.033, "iho.acute.propensity": 0.9 });
    expect(JSON.stringify(scenario)).toBe(before);
    expect([set.national.realGrowthMean, set.national.inflationMean, set.iho.acute.propensity]).toEqual([0.011, 0.033, 0.9]);
    expect(set.pinned).toEqual(expect.arrayContaining(["national.realGrowthMean", "national.inflationMean", "iho.acute.propensity"]));
    // Only what changed differs: every other field is as it was.
    const back = setParams(set, { "national.realGrowthMean": scenario.national.realGrowthMean, "national.inflationMean": scenario.national.inflationMean, "iho.acute.propensity": scenario.iho.acute.propensity });
    expect({ ...back, pinned: scenario.pinned }).toEqual(scenario);
  });

  it("written directly as yearly values are checked the same way", async () => {
    const found = await problems(`years: 3\ntimeVarying:\n  "national.realGrowthMean": [0.01, 0.02]\n  "national.globalSum": [1, 2, 3]\n`);
    expect(found.join("\n")).toContain("expected a value for each of the 3 years run, got 2");
    expect(found.join("\n")).toContain("read every year (this one is read only at the start)");
  });
});
