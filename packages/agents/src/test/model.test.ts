import { createSimulation, ConfigError } from "@ringfence/core";
import { createDefaultRegistry, createNhsModel, definePolicy, INDICATOR_IDS, PRESET_IDS, PRESETS, runScenario, runStartYear, runYears, scenarioSchema } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { last, merge, onItsOwn, series, toy } from "./helpers.js";

describe("conservation to the penny", () => {
  for (const id of PRESET_IDS) {
    it(`${id}: a run at England size conserves money and reports every indicator every year`, () => {
      const sc = scenarioSchema.parse(PRESETS[id]);
      // A continued preset runs the history first: the run covers every year from the history's start.
      const years = runYears(sc);
      const sim = createSimulation(createNhsModel(), sc, { seed: 7, years });
      const result = sim.run();
      const v = sim.sim.ledger.verify();
      expect(v.ok).toBe(true);
      if (v.ok) expect(Number.isSafeInteger(v.moneyIn) && Number.isSafeInteger(v.held)).toBe(true);
      expect(sim.settlement).toBe("one-pass");
      expect(result.yearLabels).toHaveLength(years);
      const first = runStartYear(sc);
      expect(result.yearLabels[0]).toBe(`${first}/${String((first + 1) % 100).padStart(2, "0")}`);
      for (const ind of INDICATOR_IDS) {
        const s = series(result, ind);
        expect(s).toHaveLength(years);
        if (ind !== "trustFundDiverted" && ind !== "arrsUnderspendShare") s.forEach((x) => expect(Number.isFinite(x)).toBe(true));
      }
    });
  }
});

describe("the first year of a generated 2025/26 England against published figures", () => {
  const r = runScenario(onItsOwn(PRESETS["ring-fenced"], { years: 1 }), { seed: 1 });
  it("GP money per weighted patient is near the published 2025/26 total (£13,176m core+PCN plus ≈£850m premises over 63.89m patients ≈ £219.5)", () => {
    expect(last(r, "gpFundingPerWeightedPatient")).toBeGreaterThan(219.5 * 0.95);
    expect(last(r, "gpFundingPerWeightedPatient")).toBeLessThan(219.5 * 1.05);
  });
  it("registers the published 63.89m patients (grown a year) across about 6,230 practices, at about 2,260 patients per FTE GP", () => {
    expect(last(r, "registeredPatients")).toBeGreaterThan(63.89e6);
    expect(last(r, "registeredPatients")).toBeLessThan(63.89e6 * 1.02);
    expect(last(r, "practicesOpen")).toBeGreaterThan(6230 * 0.97);
    expect(last(r, "patientsPerGpFte")).toBeGreaterThan(2260 * 0.95);
    expect(last(r, "patientsPerGpFte")).toBeLessThan(2260 * 1.05);
  });
  it("acute trusts run a deficit of about 1% of income (0.9% in 2023/24), within ±1pp", () => {
    expect(last(r, "acuteSurplusShare")).toBeGreaterThan(-0.02);
    expect(last(r, "acuteSurplusShare")).toBeLessThan(0);
  });
});

describe("determinism", () => {
  it("same scenario and seed give identical results; agent recording changes nothing", () => {
    const a = runScenario(toy(PRESETS["place-pooled"], { years: 4 }), { seed: 9 });
    const b = runScenario(toy(PRESETS["place-pooled"], { years: 4 }), { seed: 9, recordAgents: true });
    expect(b.yearSeries).toEqual(a.yearSeries);
    expect(b.flows).toEqual(a.flows);
    expect(b.ledger).toEqual(a.ledger);
    expect(b.agentSeries.length).toBeGreaterThan(0);
  });
  it("settling standing orders every tick gives the same results as the one-pass year", () => {
    for (const id of ["iho-acute", "place-pooled"] as const) {
      const sc = scenarioSchema.parse(toy(PRESETS[id], { years: 4 }));
      const a = createSimulation(createNhsModel(), sc, { seed: 3, years: 4 }).run();
      const b = createSimulation(createNhsModel(), sc, { seed: 3, years: 4, settlement: "every-tick" }).run();
      expect(b.yearSeries).toEqual(a.yearSeries);
      expect(b.flows).toEqual(a.flows);
    }
  });
  it("a different seed gives different results", () => {
    const a = runScenario(toy(PRESETS["iho-acute"], { years: 3 }), { seed: 1 });
    const b = runScenario(toy(PRESETS["iho-acute"], { years: 3 }), { seed: 2 });
    expect(b.yearSeries).not.toEqual(a.yearSeries);
  });
});

describe("practice closure", () => {
  const closer = definePolicy({
    kind: "practice",
    name: "hand-back-all",
    description: "Test policy: every practice hands back its contract.",
    params: z.strictObject({}),
    decide: () => "hand-back" as const,
  });
  it("disperses every patient to neighbours, leaves the leaver holding nothing, and loses no money", () => {
    const registry = createDefaultRegistry().register(closer);
    const sc = scenarioSchema.parse(toy(PRESETS["ring-fenced"], { years: 2, practice: { listGrowth: 0, listGrowthIcbSd: 0 }, policies: { practice: { name: "hand-back-all" } } }));
    const sim = createSimulation(createNhsModel(registry), sc, { seed: 2, years: 2 });
    const p = sim.sim.world.tables.practice;
    const patients = () => Array.from(p.rows()).reduce((n, i) => n + p.cols.list[i]!, 0);
    const before = patients();
    const closed: number[] = [];
    sim.sim.events.on("practice-closed", (e) => closed.push(e.patients));
    sim.run();
    expect(closed.length).toBeGreaterThan(0);
    expect(patients()).toBe(before);
    for (let i = 0; i < p.size; i++) {
      if (p.cols.open[i] === 1) continue;
      expect(p.cols.list[i]).toBe(0);
      expect(sim.sim.ledger.balance((sim.sim.world.blocks.practice + i) as never)).toBe(0);
    }
    expect(sim.sim.ledger.verify().ok).toBe(true);
  });
});

describe("scenario validation", () => {
  const issues = (input: unknown): string => {
    try {
      runScenario(input as never, { seed: 1 });
    } catch (e) {
      if (e instanceof ConfigError) return e.message;
      throw e;
    }
    return "";
  };
  it("names the field, the value and what was expected", () => {
    expect(issues({ years: 0 })).toContain("years: expected an integer from 1 to 50, got 0");
    expect(issues({ governance: { holder: "hospital" } })).toContain('governance.holder: expected one of icb, place-board, iho, got "hospital"');
    expect(issues({ practice: { listGrowth: 2 } })).toContain("practice.listGrowth: expected a number from -0.05 to 0.05 (a year), got 2");
    expect(issues({ governance: { ringFencd: [] } })).toContain("governance.ringFencd: unknown key");
  });
  it("checks cross-field rules", () => {
    expect(issues({ icb: { acuteShare: 0.8, communityShare: 0.2 } })).toContain("expected acuteShare + communityShare + bcfShare ≤ 0.95");
    expect(issues({ levers: { primaryCareShare: { increase: 0.01, byYear: 2020 } } })).toContain("levers.primaryCareShare.byYear: expected a year from the start year 2025 on, got 2020");
    expect(issues({ governance: { holder: "icb", pooled: ["qof"] } })).toContain("governance.pooled: expected no pooled lines");
  });
  it("checks policy names and parameters against the registry", () => {
    expect(issues(toy(PRESETS["iho-acute"], { policies: { "acute-trust": { name: "nope" } } }))).toContain('policies.acute-trust.name: expected one of divert-shortfall, pass-through, got "nope"');
    expect(issues(toy(PRESETS["iho-acute"], { policies: { pcn: { name: "arrs-underspend", params: { mean: 3 } } } }))).toContain("policies.pcn.params.mean");
  });
});
