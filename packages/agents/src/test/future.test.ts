/**
 * The future as explicit paths: NHS real growth by named path, GP contract deals by year, new schemes, and
 * the inflation the contract is agreed on against the inflation that happens.
 */
import { createSimulation } from "@ringfence/core";
import { createNhsModel, growthPathMean, PRESETS, runScenario, runYears, scenarioSchema } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { series, toy } from "./helpers.js";

const SEEDS = [1, 2, 3, 4];

describe("growth paths", () => {
  it("follow the Spending Review plan to 2028/29, then the path's rate; constant keeps realGrowthMean", () => {
    expect([2026, 2027, 2028].map((y) => growthPathMean("plan-then-1.9", y, 0.05))).toEqual([0.03, 0.03, 0.03]);
    expect([2029, 2035].map((y) => growthPathMean("plan-then-1.9", y, 0.05))).toEqual([0.019, 0.019]);
    expect(growthPathMean("plan-then-2.5", 2030, 0.05)).toBe(0.025);
    expect(growthPathMean("plan-then-3.0", 2030, 0.05)).toBe(0.03);
    expect(growthPathMean("constant", 2030, 0.05)).toBe(0.05);
  });

  it("drive the allocator year by year: the real growth it draws centres on the path's rate", () => {
    const sc = scenarioSchema.parse(toy(PRESETS["ring-fenced"], { startYear: 2026, years: 6, national: { realGrowthSd: 0 }, future: { growth: "plan-then-1.9" } }));
    const sim = createSimulation(createNhsModel(), sc, { seed: 1, years: runYears(sc) });
    const growth: number[] = [];
    for (let y = 0; y < 6; y++) {
      for (let k = 0; k < 12; k++) sim.step();
      growth.push(Math.round(sim.sim.world.national.realGrowth * 1e6) / 1e6);
    }
    // Year 0 is the run's start (no growth); 2027/28 and 2028/29 are in the plan; 2029/30 on at 1.9%.
    expect(growth).toEqual([0, 0.03, 0.03, 0.019, 0.019, 0.019]);
  });

  it("a lower path leaves general practice less under a single envelope from 2029/30, seed by seed, and the same before", () => {
    for (const seed of SEEDS) {
      const run = (growth: string) => runScenario(toy(PRESETS["single-envelope"], { startYear: 2026, years: 6, future: { growth } }), { seed });
      const low = series(run("plan-then-1.9"), "gpFundingPerWeightedPatient");
      const high = series(run("plan-then-3.0"), "gpFundingPerWeightedPatient");
      expect(low.slice(0, 3)).toEqual(high.slice(0, 3));
      expect(low[5]!).toBeLessThan(high[5]!);
    }
  });
});

describe("GP contract deals", () => {
  for (const id of ["ring-fenced", "single-envelope", "place-pooled", "iho-acute", "iho-federation"] as const) {
    it(`a generous deal raises GP money under ${id}, seed by seed, from its year on`, () => {
      for (const seed of SEEDS) {
        const base = toy(PRESETS[id], { years: 4 });
        const a = series(runScenario(base, { seed }), "gpFundingPerWeightedPatient");
        const b = series(runScenario(toy(PRESETS[id], { years: 4, future: { deals: [{ year: 2027, cashUplift: 0.12 }] } }), { seed }), "gpFundingPerWeightedPatient");
        expect(b.slice(0, 2)).toEqual(a.slice(0, 2));
        expect(b[2]!).toBeGreaterThan(a[2]!);
      }
    });
  }

  it("a deal before the scenario's own years is refused, naming the field", () => {
    const r = scenarioSchema.safeParse(toy(PRESETS["ring-fenced"], { future: { deals: [{ year: 2025, cashUplift: 0.05 }] } }));
    expect(r.success).toBe(false);
    expect(r.error?.issues[0]?.path).toEqual(["future", "deals", 0, "year"]);
    expect(r.error?.issues[0]?.message).toBe("expected a year from 2026 on (a deal uplifts the scenario's own years after the run's first), got 2025");
  });
});

describe("new schemes", () => {
  it("add their money from their first year: GP money is the same before and higher after, seed by seed", () => {
    for (const seed of SEEDS) {
      const a = series(runScenario(toy(PRESETS["ring-fenced"], { years: 4 }), { seed }), "gpFundingPerWeightedPatient");
      const b = series(runScenario(toy(PRESETS["ring-fenced"], { years: 4, future: { schemes: [{ id: "access", from: 2027, line: "enhanced", perPatient: 10 }] } }), { seed }), "gpFundingPerWeightedPatient");
      expect(b.slice(0, 2)).toEqual(a.slice(0, 2));
      expect(b[2]! - a[2]!).toBeGreaterThan(5);
    }
  });
});

describe("expected and realised inflation", () => {
  it("a contract agreed on less inflation than happens leaves general practice less in real terms, seed by seed", () => {
    for (const seed of SEEDS) {
      const run = (expected: number) => series(runScenario(toy(PRESETS["ring-fenced"], { years: 5, national: { inflationMean: 0.03, inflationExpected: expected } }), { seed }), "gpFundingPerWeightedPatient");
      const low = run(0.02);
      const right = run(0.03);
      expect(low[4]!).toBeLessThan(right[4]!);
    }
  });

  it("GP funding in practice costs equals GP funding in the GDP deflator when practice costs grow with inflation alone", () => {
    const r = runScenario(toy(PRESETS["ring-fenced"], { years: 4, practice: { expenseGrowthExcess: 0 } }), { seed: 5 });
    const deflator = series(r, "gpFundingPerWeightedPatient");
    series(r, "gpFundingPracticeCost").forEach((v, i) => expect(v).toBeCloseTo(deflator[i]!, 9));
    const drift = runScenario(toy(PRESETS["ring-fenced"], { years: 4, practice: { expenseGrowthExcess: 0.02 } }), { seed: 5 });
    // Practice costs outgrowing inflation make the same money buy less of what practices pay for.
    expect(series(drift, "gpFundingPracticeCost")[3]!).toBeLessThan(series(drift, "gpFundingPerWeightedPatient")[3]!);
  });
});
