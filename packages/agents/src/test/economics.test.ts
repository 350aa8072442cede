/**
 * The economics of issue 23, each tested as a direction over paired seeds (the same run seed in both
 * scenarios, so random draws are shared), with the opposite lever or an inert rule as the check that the
 * test can fail: additional roles as GP capacity, partners' drawings against a salaried alternative, the
 * acute-hosted IHO's core channel, and system deficits.
 */
import { createSimulation, type AccountId, type RunResult } from "@ringfence/core";
import { createNhsModel, mergeScenario, PRESETS, runScenario, scenarioSchema, type ScenarioInput } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { icb, last, series, toy, total } from "./helpers.js";

const SEEDS = [1, 2, 3, 4];
const run = (sc: ScenarioInput, seed: number): RunResult => runScenario(sc, { seed });

/** England 2014/15–2025/26 at toy size: the additional-roles money starts from nothing in 2019/20. */
const historyToy = (over: Record<string, unknown> = {}): ScenarioInput => mergeScenario(mergeScenario(PRESETS["baseline-2014"], { population: { size: "toy" }, ensemble: "none" }), over);

describe("additional roles as GP capacity", () => {
  it("more additional-roles money raises additional-roles FTE and GP capacity, GP FTE unchanged, seed by seed", () => {
    // Nothing passed to practices, so their income (and hiring) is the same in both runs.
    const arrs = (perPatient: number) => toy(PRESETS["ring-fenced"], { years: 5, national: { pcnPerPatient: perPatient }, pcn: { passThroughShare: 0 } });
    for (const seed of SEEDS) {
      const less = run(arrs(20), seed);
      const more = run(arrs(60), seed);
      expect(series(more, "gpFte")).toEqual(series(less, "gpFte"));
      series(more, "arrsFte").forEach((x, y) => expect(x).toBeGreaterThan(series(less, "arrsFte")[y]! * 2.5));
      series(more, "gpCapacity").forEach((x, y) => expect(x).toBeGreaterThan(series(less, "gpCapacity")[y]!));
    }
  });

  it("a new additional-roles scheme (more money from 2027/28) lowers hospital demand from the year its staff are in post; if the roles freed no GP time it would not", () => {
    // Nothing passed to practices, no reserves spent and no cost to the extra activity headroom buys: the
    // scheme reaches hospitals only through GP capacity.
    const scheme = (money: boolean, substitution?: number) =>
      toy(PRESETS["ring-fenced"], {
        years: 6,
        acuteTrust: { surplusSpendShare: 0 },
        icb: { extraActivityCost: 0 },
        pcn: { passThroughShare: 0, ...(substitution === undefined ? {} : { roles: Object.fromEntries(["clinicalPharmacist", "pharmacyTechnician", "firstContact", "careCoordination"].map((k) => [k, { gpTimeSubstitution: substitution }])) }) },
        future: { schemes: money ? [{ id: "more-roles", from: 2027, line: "pcn", perPatient: 20 }] : [] },
      });
    for (const seed of SEEDS) {
      const without = run(scheme(false), seed);
      const withIt = run(scheme(true), seed);
      const y = withIt.yearLabels.indexOf("2028/29");
      const cost = (r: RunResult) => series(r, "acuteCostReal");
      expect(cost(withIt).slice(0, y)).toEqual(cost(without).slice(0, y));
      expect(series(withIt, "gpCapacity")[y - 1]!).toBeGreaterThan(series(without, "gpCapacity")[y - 1]!);
      for (let k = y; k < cost(withIt).length; k++) expect(cost(withIt)[k]!).toBeLessThan(cost(without)[k]!);
      expect(cost(run(scheme(true, 0), seed))).toEqual(cost(run(scheme(false, 0), seed)));
    }
  });

  it("more of it spent on staff lowers hospital demand once it grows (2019/20 on); if the roles freed no GP time it would not", () => {
    // The same money either way: what a PCN leaves unspent goes back to NHS England before 2025/26.
    const spend = (mean: number, substitution?: number) =>
      historyToy({
        acuteTrust: { surplusSpendShare: 0 },
        policies: { pcn: { name: "arrs-underspend", params: { mean } } },
        ...(substitution === undefined ? {} : { pcn: { roles: Object.fromEntries(["clinicalPharmacist", "pharmacyTechnician", "firstContact", "careCoordination"].map((k) => [k, { gpTimeSubstitution: substitution }])) } }),
      });
    for (const seed of SEEDS.slice(0, 3)) {
      const little = run(spend(0.6), seed);
      const much = run(spend(0.02), seed);
      const y2019 = much.yearLabels.indexOf("2019/20");
      const cost = (r: RunResult) => series(r, "acuteCostReal");
      // Identical before any additional-roles money; more staff and capacity after; then less hospital cost.
      expect(cost(much).slice(0, y2019 + 1)).toEqual(cost(little).slice(0, y2019 + 1));
      expect(last(much, "arrsFte")).toBeGreaterThan(last(little, "arrsFte") * 2);
      expect(last(much, "gpCapacity")).toBeGreaterThan(last(little, "gpCapacity"));
      expect(last(much, "acuteCostReal")).toBeLessThan(last(little, "acuteCostReal"));
      // The check: roles that free no GP time leave hospital demand exactly where it was.
      expect(cost(run(spend(0.02, 0), seed))).toEqual(cost(run(spend(0.6, 0), seed)));
    }
  });

  it("an underspend goes back to NHS England before the year ARRS entered ICB baselines, and stays with the ICB from it", () => {
    const flowsTo = (r: RunResult, from: string, to: string) => r.flows.map((f) => f.rows.filter((row) => row.from === from && row.to === to && row.fund === "pcn").reduce((a, row) => a + row.pence, 0));
    const r = run(historyToy(), 1);
    const y2025 = r.yearLabels.indexOf("2025/26");
    const toCentre = flowsTo(r, "pcn", "national-allocator");
    const toIcb = flowsTo(r, "pcn", "icb");
    expect(toCentre.slice(0, y2025).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    expect(toIcb.slice(0, y2025).every((x) => x === 0)).toBe(true);
    expect(toCentre[y2025]).toBe(0);
    expect(toIcb[y2025]).toBeGreaterThan(0);
    // Moving the rule's year moves the switch.
    const late = run(historyToy({ pcn: { arrsBaselineYear: 2030 } }), 1);
    expect(flowsTo(late, "pcn", "icb").every((x) => x === 0)).toBe(true);
  });
});

describe("partnerships", () => {
  const exits = (r: RunResult) => total(r, "practicesClosed") + total(r, "practicesMerged");
  const partners = (profit: number, over: Record<string, unknown> = {}) => icb(PRESETS["ring-fenced"], { years: 6, practice: { profitShareMean: profit, ...over } });
  it("a worse partner income raises exits (more in all over paired seeds, never fewer in a seed); a better one lowers them", () => {
    let worse = 0;
    let better = 0;
    let base = 0;
    for (const seed of SEEDS) {
      const poor = exits(run(partners(0.08), seed));
      const mid = exits(run(partners(0.3), seed));
      const rich = exits(run(partners(0.5), seed));
      expect(poor).toBeGreaterThanOrEqual(mid);
      expect(rich).toBeLessThanOrEqual(mid);
      worse += poor;
      base += mid;
      better += rich;
    }
    expect(worse).toBeGreaterThan(base);
    expect(better).toBeLessThanOrEqual(base);
  });
  it("the same worse income changes no exit when drawings do not enter the hazard (no distress hazard)", () => {
    const inert = { distressHazard: 0 };
    for (const seed of SEEDS.slice(0, 2)) {
      expect(exits(run(partners(0.08, inert), seed))).toBe(exits(run(partners(0.3, inert), seed)));
    }
  });
  it("a better salaried alternative raises exits as a worse income does", () => {
    let outside = 0;
    let base = 0;
    for (const seed of SEEDS) {
      base += exits(run(partners(0.2), seed));
      outside += exits(run(partners(0.2, { salariedGpPay: 180000 }), seed));
    }
    expect(outside).toBeGreaterThan(base);
  });
  it("a last partner standing leaves more often when the premises risk is priced", () => {
    let priced = 0;
    let base = 0;
    for (const seed of SEEDS) {
      base += exits(run(partners(0.3, { lastPartnerHazard: 0 }), seed));
      priced += exits(run(partners(0.3, { lastPartnerHazard: 0.2 }), seed));
    }
    expect(priced).toBeGreaterThan(base);
  });
});

describe("the IHO's core channel", () => {
  const hostInflow = (r: RunResult) => r.flows.map((f) => f.rows.filter((row) => row.from === "icb" && row.to === "host-lines").reduce((a, row) => a + row.pence, 0));
  const coreToIcbLines = (r: RunResult) => r.flows.map((f) => f.rows.filter((row) => row.from === "icb" && row.to === "icb-lines" && row.fund === "core").reduce((a, row) => a + row.pence, 0));
  const iho = (shift: number) => toy(PRESETS["iho-acute"], { years: 5, governance: { coreShiftPerYear: shift } });
  it("under an acute-hosted IHO the shift moves core money into the host's lines from the second year, only when the lever is on", () => {
    for (const seed of SEEDS.slice(0, 3)) {
      const off = run(iho(0), seed);
      const on = run(iho(0.05), seed);
      const a = hostInflow(off);
      const b = hostInflow(on);
      expect(b[0]).toBe(a[0]);
      expect(coreToIcbLines(on)[0]).toBe(coreToIcbLines(off)[0]);
      for (let y = 1; y < b.length; y++) {
        expect(b[y]!).toBeGreaterThan(a[y]!);
        expect(coreToIcbLines(on)[y]!).toBeLessThan(coreToIcbLines(off)[y]!);
      }
    }
  });
  it("validation accepts the shift under an IHO and still refuses it where core is ring-fenced and nobody holds the lines", () => {
    expect(() => scenarioSchema.parse(iho(0.05))).not.toThrow();
    expect(() => scenarioSchema.parse(toy(PRESETS["ring-fenced"], { governance: { coreShiftPerYear: 0.05 } }))).toThrow(/expected 0 when core is ring-fenced/);
    expect(() => scenarioSchema.parse(toy(PRESETS["iho-acute"], { governance: { coreShiftPerYear: 0.05, pooled: ["pcn", "qof"] } }))).toThrow(/expected enhanced among the pooled lines/);
  });
});

describe("system deficits", () => {
  const squeeze = { years: 6, levers: { noNewMoney: true }, acuteTrust: { extraDemandMean: 0.02 }, community: { demandGrowth: 0.05 } };
  const generous = { years: 6, national: { realGrowthMean: 0.06 }, acuteTrust: { efficiencyDelivered: 0.03 } };
  it("a squeezed system ends years in deficit, the ICB too; a generous settlement leaves fewer systems and a smaller deficit, seed by seed", () => {
    for (const seed of SEEDS) {
      const tight = run(toy(PRESETS["ring-fenced"], squeeze), seed);
      const easy = run(toy(PRESETS["ring-fenced"], generous), seed);
      expect(total(tight, "systemsInDeficit")).toBeGreaterThan(total(easy, "systemsInDeficit"));
      expect(total(tight, "systemDeficit")).toBeGreaterThan(total(easy, "systemDeficit"));
      expect(total(tight, "systemDeficit")).toBeGreaterThan(0);
      expect(Math.max(...series(tight, "icbsInDeficit"))).toBeGreaterThan(0);
    }
  });
  it("an ICB runs a deficit when it plans savings it does not deliver: never less, seed by seed, than when every saving is delivered, more in all", () => {
    const moderate = { years: 6, levers: { noNewMoney: true }, community: { demandGrowth: 0.05 } };
    let delivered = 0;
    let slipping = 0;
    for (const seed of SEEDS) {
      const all = run(toy(PRESETS["ring-fenced"], { ...moderate, icb: { savingsDelivery: 1 } }), seed);
      const half = run(toy(PRESETS["ring-fenced"], { ...moderate, icb: { savingsDelivery: 0.5 } }), seed);
      expect(total(half, "icbDeficit")).toBeGreaterThanOrEqual(total(all, "icbDeficit"));
      delivered += total(all, "icbsInDeficit");
      slipping += total(half, "icbsInDeficit");
    }
    expect(slipping).toBeGreaterThan(delivered);
  });
  it("the aggregate system deficit is what the ICBs and their providers' cash fell by in the year (an independent count from the ledger)", () => {
    const sc = scenarioSchema.parse(toy(PRESETS["ring-fenced"], squeeze));
    const sim = createSimulation(createNhsModel(), sc, { seed: 3, years: sc.years });
    const w = sim.sim.world;
    const cash = (): number[] =>
      Array.from(w.tables.icb.rows()).map((r) => {
        const links = w.tables.icb.state[r]!;
        const accounts = [w.tables.icb.cols.account[r]!, w.tables.community.cols.account[links.community]!, ...Array.from(links.acutes, (a) => w.tables.acute.cols.account[a]!)];
        return accounts.reduce((s, a) => s + sim.sim.ledger.balance(a as AccountId), 0);
      });
    let before = cash();
    const expected: { deficit: number; inDeficit: number }[] = [];
    while (!sim.done) {
      sim.step();
      if (sim.sim.tick % 12 !== 11) continue;
      const after = cash();
      const results = after.map((c, k) => c - before[k]!);
      expected.push({ deficit: -results.reduce((a, b) => a + b, 0) / 1e8, inDeficit: results.filter((x) => x < 0).length });
      before = after;
    }
    const r = sim.result();
    expect(series(r, "systemDeficit").map((x) => Math.round(x * 1e6))).toEqual(expected.map((e) => Math.round(e.deficit * 1e6)));
    expect(series(r, "systemsInDeficit")).toEqual(expected.map((e) => e.inDeficit));
    expect(expected.some((e) => e.inDeficit > 0)).toBe(true);
  });
});
