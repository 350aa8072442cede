import { createSimulation, type RunResult } from "@ringfence/core";
import { createNhsModel, PRESETS, runScenario, scenarioSchema } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { toy } from "./helpers.js";

const inflow = (r: RunResult): number[] => r.flows.map((y) => y.rows.filter((x) => x.from === "treasury").reduce((n, x) => n + x.pence, 0));

describe("levers on every scenario", () => {
  it("no new money: the allocation keeps pace with inflation and no more", () => {
    const sc = scenarioSchema.parse(toy(PRESETS["iho-acute"], { years: 5, levers: { noNewMoney: true } }));
    const sim = createSimulation(createNhsModel(), sc, { seed: 8, years: 5 });
    const allocations: number[] = [];
    const prices: number[] = [];
    for (let t = 0; t < sim.totalTicks; t++) {
      sim.step();
      if (sim.sim.calendar.opensYear(t)) {
        allocations.push(sim.sim.world.national.allocation);
        prices.push(sim.sim.world.national.priceIndex);
      }
    }
    // In start-year prices the allocation is flat (to rounding of whole pence each year).
    for (let y = 1; y < allocations.length; y++) {
      expect(allocations[y]! / prices[y]!).toBeCloseTo(allocations[0]!, -3);
    }
    const withGrowth = runScenario(toy(PRESETS["iho-acute"], { years: 5 }), { seed: 8 });
    expect(inflow(withGrowth)[4]!).toBeGreaterThan(inflow(runScenario(toy(PRESETS["iho-acute"], { years: 5, levers: { noNewMoney: true } }), { seed: 8 }))[4]!);
  });

  it("a primary care share commitment met by 2029 raises general practice's share sooner than one met by 2035", () => {
    const share = (byYear: number, seed: number) =>
      runScenario(toy(PRESETS["ring-fenced"], { years: 4, levers: { primaryCareShare: { increase: 0.01, byYear } } }), { seed }).yearSeries.gpShareOfSpend!;
    const none = (seed: number) => runScenario(toy(PRESETS["ring-fenced"], { years: 4 }), { seed }).yearSeries.gpShareOfSpend!;
    for (const seed of [1, 2, 3]) {
      const by2029 = share(2029, seed);
      const by2035 = share(2035, seed);
      const base = none(seed);
      // 2028/29 is the fourth year: the 2029 commitment is fully met, the 2035 one only partly.
      expect(by2029[3]!).toBeGreaterThan(by2035[3]!);
      expect(by2035[3]!).toBeGreaterThan(base[3]!);
      // The 2029 floor is start share + 1pp of the allocation; practices receive nearly all of it.
      expect(by2029[3]! - base[3]!).toBeGreaterThan(0.005);
    }
  });

  it("double running: shifting care out of hospital costs trusts more while both run than an immediate decommission", () => {
    for (const seed of [4, 5]) {
      const surplus = (doubleRunningYears: number) =>
        runScenario(toy(PRESETS["ring-fenced"], { years: 3, levers: { shiftOfCare: { sharePerYear: 0.02, doubleRunningYears } } }), { seed }).yearSeries.acuteSurplus!;
      const immediate = surplus(0);
      const doubled = surplus(2);
      expect(doubled[1]!).toBeLessThan(immediate[1]!);
      expect(doubled[2]!).toBeLessThan(immediate[2]!);
    }
  });
});
