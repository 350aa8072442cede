import { createSimulation } from "@ringfence/core";
import { createNhsModel, PRESETS, runScenario, scenarioSchema } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { last, series, toy, total } from "./helpers.js";

describe("levers on every scenario", () => {
  it("no new money: the allocation keeps pace with inflation and no more", () => {
    const sc = scenarioSchema.parse(toy(PRESETS["iho-acute"], { years: 5, levers: { noNewMoney: true } }));
    const sim = createSimulation(createNhsModel(), sc, { seed: 8, years: 5 });
    const real: number[] = [];
    for (let t = 0; t < sim.totalTicks; t++) {
      sim.step();
      if (sim.sim.calendar.opensYear(t)) real.push(sim.sim.world.national.allocation / sim.sim.world.national.priceIndex);
    }
    for (const x of real) expect(x / real[0]!).toBeCloseTo(1, 9);
  });
  it("a primary care share commitment met by 2029 raises general practice's share sooner than one met by 2035, and its cost is reported", () => {
    for (const seed of [1, 2, 3]) {
      const soon = runScenario(toy(PRESETS["single-envelope"], { years: 6, levers: { primaryCareShare: { increase: 0.01, byYear: 2029 } } }), { seed });
      const late = runScenario(toy(PRESETS["single-envelope"], { years: 6, levers: { primaryCareShare: { increase: 0.01, byYear: 2035 } } }), { seed });
      const none = runScenario(toy(PRESETS["single-envelope"], { years: 6 }), { seed });
      expect(series(soon, "gpShareOfSpend")[3]!).toBeGreaterThan(series(late, "gpShareOfSpend")[3]!);
      expect(series(late, "gpShareOfSpend")[3]!).toBeGreaterThan(series(none, "gpShareOfSpend")[3]!);
      expect(total(soon, "shareCommitmentCost")).toBeGreaterThan(total(late, "shareCommitmentCost"));
      expect(total(none, "shareCommitmentCost")).toBe(0);
    }
  });
  it("shifted care stays in general practice year after year (cumulative), and saves hospital cost only if decommissioned", () => {
    // Hospital costs that move only with decommissioning: no demand feedback, no reserves spent and no cost to
    // the extra activity headroom buys.
    const inert = { gpCapacityElasticity: 0, dispersalDemand: 0, surplusSpendShare: 0 };
    const base = { years: 6, acuteTrust: inert, icb: { extraActivityCost: 0 } };
    const shift = (p: number) => ({ years: 6, acuteTrust: inert, icb: { extraActivityCost: 0 }, levers: { shiftOfCare: { sharePerYear: 0.01, doubleRunningYears: 2, decommissionProbability: p, savingsShare: 1 } } });
    for (const seed of [1, 2]) {
      const none = runScenario(toy(PRESETS["ring-fenced"], base), { seed });
      const never = runScenario(toy(PRESETS["ring-fenced"], shift(0)), { seed });
      const always = runScenario(toy(PRESETS["ring-fenced"], shift(1)), { seed });
      const above = series(never, "gpAboveFormula");
      for (let y = 2; y < above.length; y++) expect(above[y]!).toBeGreaterThan(above[y - 1]!);
      expect(last(never, "gpFundingPerWeightedPatient")).toBeGreaterThan(last(none, "gpFundingPerWeightedPatient"));
      // Without decommissioning the hospital keeps its costs: the shift is double running for good.
      expect(series(never, "acuteCostReal")).toEqual(series(none, "acuteCostReal"));
      expect(last(always, "acuteCostReal")).toBeLessThan(last(never, "acuteCostReal"));
    }
  });
});
