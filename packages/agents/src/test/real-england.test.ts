/**
 * Real England: the population built from the register holds every practice of the start year with its list
 * and payments (summed per ICB, exactly the file's), and the forward scenarios continue the backcast's runs:
 * at the end of 2025/26 an arrangement's run is the backcast's run, practice by practice and penny by penny.
 */
import { createSimulation, type AccountId } from "@ringfence/core";
import { createNhsModel, ENGLAND, PRESETS, registerData, registerPopulation, registerRates, runYears, scenarioSchema, type Scenario } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { loadRegister } from "../register/read-register.js";
import { practicesInYear } from "../register/register.js";

describe("the register population", () => {
  const register = loadRegister();
  const rows = practicesInYear(register, 2014);
  const data = registerData();
  const rates = registerRates(data.rowsOf(2014), 73.56);
  const pop = registerPopulation(data.rowsOf(2014), data.icbCodes, rates, 2025);

  it("holds every practice of 2014/15 with registered patients, by its code, in its ICB", () => {
    const withList = rows.filter((r) => r.registeredPatients >= 1);
    expect(pop.practices).toHaveLength(withList.length);
    expect(new Set(pop.practices.map((p) => p.code))).toEqual(new Set(withList.map((r) => r.practiceCode)));
    expect(pop.icbCodes).toEqual(register.icbs.map((i) => i.code));
    const icbOfCode = new Map(withList.map((r) => [r.practiceCode, r.icbCode]));
    pop.practices.forEach((p) => expect(pop.icbCodes![pop.pcns[p.pcn]!.icb]).toBe(icbOfCode.get(p.code!)));
  });

  it("sums lists and each payment line per ICB to the file's (negative lines counted as none)", () => {
    const pos = (pence: number) => Math.max(0, pence) / 100;
    for (const [i, code] of pop.icbCodes!.entries()) {
      const file = rows.filter((r) => r.icbCode === code && r.registeredPatients >= 1);
      const mine = pop.practices.filter((p) => pop.pcns[p.pcn]!.icb === i);
      const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);
      expect(sum(mine.map((p) => p.list))).toBe(sum(file.map((r) => r.registeredPatients)));
      // Each line rebuilt from the practice's index and the national rate, against the file's line.
      const core = sum(mine.map((p) => rates.core * p.list * p.weighting * p.lines!.coreIndex));
      const qof = sum(mine.map((p) => rates.qof * p.list * p.lines!.qofIndex));
      const premises = sum(mine.map((p) => rates.premises * p.list * p.lines!.premisesIndex));
      const other = sum(mine.map((p) => rates.enhanced * p.list * p.lines!.enhancedIndex));
      const fileCore = sum(file.map((r) => pos(r.pence.globalSum) + pos(r.pence.mpig) + pos(r.pence.pmsBalance)));
      const fileQof = sum(file.map((r) => pos(r.pence.qof)));
      const filePremises = sum(file.map((r) => pos(r.pence.premises)));
      const fileOther = sum(file.map((r) => Math.max(0, pos(r.pence.total) - pos(r.pence.globalSum) - pos(r.pence.mpig) - pos(r.pence.pmsBalance) - pos(r.pence.qof) - pos(r.pence.premises))));
      expect(core).toBeCloseTo(fileCore, 2);
      expect(qof).toBeCloseTo(fileQof, 2);
      expect(premises).toBeCloseTo(filePremises, 2);
      expect(other).toBeCloseTo(fileOther, 2);
    }
  });

  it("splits the core index into what stays, MPIG and the PMS premium, adding up to the core index", () => {
    for (const p of pop.practices) {
      const l = p.lines!;
      expect(l.coreNorm + l.mpigExcess + l.pmsExcess).toBeCloseTo(l.coreIndex, 9);
      if (p.contract !== "PMS") expect(l.pmsExcess).toBe(0);
    }
  });
});

/** Steps a simulation through `years` financial years. */
function stepYears(sim: ReturnType<typeof createSimulation>, years: number): void {
  for (let k = 0; k < years * 12; k++) sim.step();
}

describe("one history, continued", () => {
  it("an arrangement's run at the end of 2025/26 is the backcast's run with the same seed: the same practices, lists, GPs and balances", () => {
    const backcast = scenarioSchema.parse(PRESETS["baseline-2014"]);
    for (const id of ["place-pooled", "iho-acute"] as const) {
      const forward: Scenario = scenarioSchema.parse({ ...PRESETS[id], years: 1 });
      expect(runYears(forward)).toBe(13);
      const a = createSimulation(createNhsModel(), backcast, { seed: "7", years: runYears(backcast) });
      const b = createSimulation(createNhsModel(), forward, { seed: "7", years: runYears(forward) });
      stepYears(a, 12);
      stepYears(b, 12);
      const pa = a.sim.world.tables.practice;
      const pb = b.sim.world.tables.practice;
      expect([...pb.rows()]).toEqual([...pa.rows()]);
      for (const r of pa.rows()) {
        expect(pb.cols.list[r]).toBe(pa.cols.list[r]);
        expect(pb.cols.gpFte[r]).toBe(pa.cols.gpFte[r]);
        expect(b.sim.ledger.balance((b.sim.world.blocks.practice + r) as AccountId)).toBe(a.sim.ledger.balance((a.sim.world.blocks.practice + r) as AccountId));
      }
      const ta = a.sim.world.tables.acute;
      const tb = b.sim.world.tables.acute;
      for (const r of ta.rows()) {
        expect(b.sim.ledger.balance(tb.cols.account[r]! as AccountId)).toBe(a.sim.ledger.balance(ta.cols.account[r]! as AccountId));
        expect(tb.cols.cost[r]).toBe(ta.cols.cost[r]);
      }
      expect(b.sim.world.national.rates).toEqual(a.sim.world.national.rates);
      // And from 2026/27 the arrangement is its own: the next year's funding of general practice differs.
      stepYears(b, 1);
      expect(b.sim.world.scenario.governance.holder).toBe(PRESETS[id].governance!.holder);
    }
  }, 300_000);
});

describe("the history's national money arrives at its published size", () => {
  it("2015/16's fines reach commissioners and 2016/17's sustainability fund reaches trusts in full, in pence, scaled to the run's patients", () => {
    const sc = scenarioSchema.parse({ ...PRESETS["baseline-2014"], years: 3 });
    const sim = createSimulation(createNhsModel(), sc, { seed: "3", years: 3, audit: true });
    stepYears(sim, 3);
    const scale = sim.sim.world.national.scale;
    const moved = (reason: string): number => sim.sim.ledger.postings().reduce((sum, p) => (p.reason === reason ? sum + p.pence : sum), 0);
    const pence = (pounds: number): number => Math.round(pounds * 100 * scale);
    const year = (y: number) => ENGLAND.find((h) => h.year === y)!;
    expect(year(2015).providerFines).toBeGreaterThan(0);
    expect(moved("fines and readmission penalties")).toBe(pence(year(2015).providerFines));
    expect(moved("sustainability and transformation fund")).toBe(pence(year(2016).trustFund));
  }, 120_000);
});
