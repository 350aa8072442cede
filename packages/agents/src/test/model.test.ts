import { createSimulation, ConfigError, type RunResult } from "@ringfence/core";
import {
  createDefaultRegistry,
  createNhsModel,
  definePolicy,
  generatePopulation,
  PRESET_IDS,
  PRESETS,
  runScenario,
  scenarioSchema,
  type NhsTypes,
} from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { merge, toy } from "./helpers.js";

const last = (r: RunResult, id: string): number => {
  const s = r.yearSeries[id]!;
  return s[s.length - 1]!;
};

describe("conservation to the penny", () => {
  for (const id of PRESET_IDS) {
    it(`${id}: every run at england size conserves money and reports every indicator`, () => {
      const sim = createSimulation(createNhsModel(), scenarioSchema.parse(merge(PRESETS[id], { years: 10 })), { seed: 7, years: 10 });
      const result = sim.run();
      const v = sim.sim.ledger.verify();
      expect(v.ok).toBe(true);
      if (v.ok) {
        expect(v.held).toBe(v.moneyIn - v.moneyOut);
        expect(Number.isSafeInteger(v.moneyIn)).toBe(true);
      }
      expect(result.yearLabels).toHaveLength(10);
      expect(result.yearLabels[0]).toBe("2025/26");
      for (const series of Object.values(result.yearSeries)) {
        expect(series).toHaveLength(10);
        series.forEach((x) => expect(Number.isFinite(x)).toBe(true));
      }
      // Money into general practice each year equals the flows the ledger recorded into practices and PCN staff.
      expect(result.flows).toHaveLength(10);
    });
  }
});

describe("calibration of the first year against published figures", () => {
  const r = runScenario(merge(PRESETS["ring-fenced"], { years: 1 }), { seed: 1 });
  it("GP money per weighted patient is near the published 2025/26 total (£13,176m core+PCN plus ≈£850m premises over 63.89m patients ≈ £219.5)", () => {
    expect(last(r, "gpFundingPerWeightedPatient")).toBeGreaterThan(219.5 * 0.95);
    expect(last(r, "gpFundingPerWeightedPatient")).toBeLessThan(219.5 * 1.05);
  });
  it("registers the published 63.89m patients across 6,230 practices", () => {
    expect(r.yearSeries.registeredPatients![0]).toBeGreaterThan(63.89e6 * 0.99);
    expect(r.yearSeries.practicesOpen![0]).toBeGreaterThan(6230 * 0.97);
  });
  it("acute trusts run a deficit of about 1% of income (figures: 0.9% in 2023/24), within ±1pp", () => {
    expect(last(r, "acuteSurplusShare")).toBeGreaterThan(-0.02);
    expect(last(r, "acuteSurplusShare")).toBeLessThan(0);
  });
});

describe("ring-fences", () => {
  // Under no new money the system runs short, so ICBs must close gaps.
  const pressed = { years: 6, levers: { noNewMoney: true } };
  it("ring-fenced lines are never top-sliced, even when the ICB's own policy tries", () => {
    const greedy = definePolicy({
      kind: "icb",
      name: "cut-everything",
      description: "Test policy: asks to cut every line in full.",
      params: z.strictObject({}),
      decide: (obs) => ({ cuts: obs.lines.map((l) => l.pence) }),
    });
    const registry = createDefaultRegistry().register(greedy);
    const r = runScenario(toy(PRESETS["ring-fenced"], { ...pressed, policies: { icb: { name: "cut-everything" } } }), { seed: 3, registry });
    expect(r.yearSeries.gpTopSliced!.every((x) => x === 0)).toBe(true);
  });
  it("without the ring-fence the same pressure does reach general practice lines", () => {
    const r = runScenario(toy(PRESETS["single-envelope"], pressed), { seed: 3 });
    expect(r.yearSeries.gpTopSliced!.some((x) => x > 0)).toBe(true);
  });
});

describe("diversion by an acute trust holding general practice lines", () => {
  it("happens only when a trust holds lines: none in the ICB-held presets", () => {
    for (const id of ["ring-fenced", "single-envelope", "place-pooled"] as const) {
      const r = runScenario(toy(PRESETS[id], { years: 5 }), { seed: 11 });
      expect(r.yearSeries.gpDiverted!.every((x) => x === 0)).toBe(true);
      expect(r.events["gp-money-diverted"] ?? 0).toBe(0);
    }
  });
  it("happens only when the trust is short: a trust that is never short diverts nothing", () => {
    const r = runScenario(
      toy(PRESETS["iho-acute"], { years: 5, acuteTrust: { startMarginMean: 0.2, startMarginSd: 0, demandGrowthMean: -0.05, winterShockProbability: 0, payAwardExcessMean: -0.05 } }),
      { seed: 11 },
    );
    expect(r.yearSeries.gpDiverted!.every((x) => x === 0)).toBe(true);
  });
  it("never touches a ring-fenced held line", () => {
    const sim = createSimulation(createNhsModel(), scenarioSchema.parse(toy(PRESETS["iho-acute"], { years: 4, governance: { ringFenced: ["core", "premises", "qof"] } })), { seed: 5, years: 4 });
    const lines = new Set<string>();
    sim.sim.events.on("gp-money-diverted", (e) => lines.add(e.line));
    sim.run();
    expect(lines.size).toBeGreaterThan(0);
    expect(lines.has("qof")).toBe(false);
    expect(lines.has("core")).toBe(false);
  });
  it("raising the propensity never raises general practice funding over the horizon, seed by seed (paired)", () => {
    const total = (propensity: number, seed: number): number => {
      const r = runScenario(toy(PRESETS["iho-acute"], { years: 6, policies: { "acute-trust": { name: "divert-to-hospital", params: { propensity } } } }), { seed });
      return r.yearSeries.gpFundingPerWeightedPatient!.reduce((a, b) => a + b, 0);
    };
    let strictlyLower = 0;
    for (let seed = 1; seed <= 20; seed++) {
      const low = total(0.2, seed);
      const high = total(0.8, seed);
      expect(high).toBeLessThanOrEqual(low + 1e-9);
      if (high < low) strictlyLower++;
    }
    expect(strictlyLower).toBeGreaterThan(10);
  });
});

describe("practice closure", () => {
  it("disperses every patient to neighbours and loses no money", () => {
    const closer = definePolicy({
      kind: "practice",
      name: "first-one-closes",
      description: "Test policy: every practice with an even id hands back its contract.",
      params: z.strictObject({}),
      decide: () => "hand-back" as const,
    });
    const registry = createDefaultRegistry().register(closer);
    const sc = scenarioSchema.parse(toy(PRESETS["ring-fenced"], { years: 2, practice: { listGrowth: 0 }, policies: { practice: { name: "first-one-closes" } } }));
    const sim = createSimulation(createNhsModel(registry), sc, { seed: 2, years: 2 });
    const world = sim.sim.world;
    const patients = () => world.agents.practices.reduce((n, p) => n + p.state.list, 0);
    const before = patients();
    const closed: number[] = [];
    sim.sim.events.on("practice-closed", (e) => closed.push(e.patients));
    sim.run();
    expect(closed.length).toBeGreaterThan(0);
    expect(patients()).toBe(before);
    expect(world.agents.practices.filter((p) => p.state.status === "closed").every((p) => p.state.list === 0)).toBe(true);
    expect(sim.sim.ledger.verify().ok).toBe(true);
    // Closed practices hold no money: their cash was settled with the ICB.
    for (const p of world.agents.practices.filter((q) => q.state.status !== "open")) expect(sim.sim.ledger.balance(p.state.account)).toBe(0);
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
  it("a different seed gives different results", () => {
    const a = runScenario(toy(PRESETS["iho-acute"], { years: 3 }), { seed: 1 });
    const b = runScenario(toy(PRESETS["iho-acute"], { years: 3 }), { seed: 2 });
    expect(b.yearSeries).not.toEqual(a.yearSeries);
  });
  it("common random numbers: two scenarios that differ only in holding share the allocator's draws", () => {
    const a = runScenario(toy(PRESETS["ring-fenced"], { years: 5 }), { seed: 4 });
    const b = runScenario(toy(PRESETS["iho-acute"], { years: 5 }), { seed: 4 });
    const inflow = (r: RunResult) => r.flows.map((y) => y.rows.filter((x) => x.from === "treasury").reduce((n, x) => n + x.pence, 0));
    expect(inflow(b)).toEqual(inflow(a));
  });
});

describe("population", () => {
  it("builds England to the published counts, deterministically", () => {
    const a = generatePopulation("england", 2025, 10_100, 0.55);
    expect(a.icbs).toHaveLength(42);
    expect(a.practices).toHaveLength(6230);
    expect(a.practices.reduce((n, p) => n + p.list, 0)).toBe(63_890_000);
    expect(a.pcns.length).toBeGreaterThanOrEqual(1250);
    expect(a.pcns.every((p) => p.practices.length > 0)).toBe(true);
    const b = generatePopulation("england", 2025, 10_100, 0.55);
    expect(b).toEqual(a);
    const c = generatePopulation("england", 2026, 10_100, 0.55);
    expect(c.practices.map((p) => p.list)).not.toEqual(a.practices.map((p) => p.list));
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
    expect(issues({ practice: { listGrowth: 2 } })).toContain("practice.listGrowth: expected a number from -0.05 to 0.05");
    expect(issues({ governance: { ringFencd: [] } })).toContain("governance.ringFencd: unknown key");
  });
  it("checks policy names and parameters against the registry", () => {
    expect(issues(toy(PRESETS["iho-acute"], { policies: { "acute-trust": { name: "nope" } } }))).toContain('policies.acute-trust.name: expected one of divert-to-hospital, pass-through, got "nope"');
    expect(issues(toy(PRESETS["iho-acute"], { policies: { "acute-trust": { name: "divert-to-hospital", params: { propensity: 3 } } } }))).toContain("policies.acute-trust.params.propensity");
  });
});

// Keep the model's type parameters honest: the world type reaches policies through the model.
const _typecheck: NhsTypes["phase"] = "allocate";
void _typecheck;
