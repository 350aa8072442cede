/**
 * The mechanisms of the model, each tested as a direction or an invariant over paired seeds (the same run
 * seed in both scenarios, so random draws are shared): never a hard-coded outcome.
 */
import { createSimulation, type RunResult } from "@ringfence/core";
import { createDefaultRegistry, createNhsModel, definePolicy, PRESETS, runScenario, scenarioSchema, shareByVoice, variantScenario, type ScenarioInput } from "@ringfence/agents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { icb, last, merge, series, toy, total } from "./helpers.js";

const SEEDS = [1, 2, 3, 4, 5, 6, 7, 8];
const run = (sc: ScenarioInput, seed: number): RunResult => runScenario(sc, { seed });

describe("the GP contract settlement follows the NHS settlement", () => {
  it("general practice under a ring-fence is not insulated from a worse NHS settlement", () => {
    for (const seed of SEEDS) {
      const poor = run(toy(PRESETS["ring-fenced"], { years: 6, national: { realGrowthMean: 0 } }), seed);
      const rich = run(toy(PRESETS["ring-fenced"], { years: 6, national: { realGrowthMean: 0.04 } }), seed);
      expect(last(poor, "gpFundingPerWeightedPatient")).toBeLessThan(last(rich, "gpFundingPerWeightedPatient"));
      expect(total(poor, "gpTopSliced")).toBe(0);
    }
  });
  it("with a settlement that passes none of NHS growth through, the NHS settlement no longer moves the GP price", () => {
    const flat = { years: 4, national: { settlementPassThrough: 0, settlementPressure: 0 } };
    const poor = run(toy(PRESETS["ring-fenced"], { ...flat, national: { ...flat.national, realGrowthMean: 0 } }), 3);
    const rich = run(toy(PRESETS["ring-fenced"], { ...flat, national: { ...flat.national, realGrowthMean: 0.04 } }), 3);
    expect(series(poor, "paymentPerPatient")[0]).toBe(series(rich, "paymentPerPatient")[0]);
  });
});

describe("acute trusts spend part of a rise in their reserves", () => {
  const generous = { years: 5, national: { realGrowthMean: 0.06 }, acuteTrust: { efficiencyDelivered: 0.03 } };
  const withSpend = (share: number, over: Record<string, unknown> = generous) =>
    toy(PRESETS["ring-fenced"], { ...over, acuteTrust: { ...(over.acuteTrust as object), surplusSpendShare: share } });
  it("with money to spare, spending half of a rise in reserves raises costs and lowers later surpluses, seed by seed", () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const keep = run(withSpend(0), seed);
      const spend = run(withSpend(0.5), seed);
      expect(Math.max(...series(keep, "acuteSurplusShare"))).toBeGreaterThan(0);
      expect(series(spend, "acuteSurplusShare")[0]).toBe(series(keep, "acuteSurplusShare")[0]);
      expect(last(spend, "acuteSurplusShare")).toBeLessThan(last(keep, "acuteSurplusShare"));
      expect(last(spend, "acuteCostReal")).toBeGreaterThan(last(keep, "acuteCostReal"));
    }
  });
  it("a trust that never has reserves spends nothing more: the rule changes nothing", () => {
    const squeezed = { years: 4, levers: { noNewMoney: true }, acuteTrust: { startMarginMean: -0.15, startMarginSd: 0, efficiencyDelivered: 0 } };
    const keep = run(withSpend(0, squeezed), 2);
    const spend = run(withSpend(1, squeezed), 2);
    expect(Math.min(...series(keep, "trustsInDeficit"))).toBe(1);
    expect(spend.yearSeries).toEqual(keep.yearSeries);
  });
});

describe("extra activity bought from an ICB's headroom is delivered at a cost", () => {
  // Money to spare (6% real growth): ICBs have headroom above their reserve and buy extra activity with it.
  const generous = (cost: number, over: Record<string, unknown> = {}) =>
    toy(PRESETS["ring-fenced"], { years: 5, national: { realGrowthMean: 0.06 }, acuteTrust: { surplusSpendShare: 0 }, icb: { extraActivityCost: cost }, ...over });
  it("with headroom, a dearer delivery raises providers' costs and lowers their surplus from the first year it is bought, seed by seed", () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const free = run(generous(0), seed);
      const dear = run(generous(1), seed);
      // The first year sets the cost base from the contract; delivery costs land from the year after.
      expect(series(dear, "trustSurplus")[0]).toBe(series(free, "trustSurplus")[0]);
      expect(last(dear, "acuteCostReal")).toBeGreaterThan(last(free, "acuteCostReal"));
      expect(last(dear, "trustSurplus")).toBeLessThan(last(free, "trustSurplus"));
      // What the ICBs pay their providers does not depend on what delivery costs the providers.
      expect(series(dear, "gpFundingPerWeightedPatient")).toEqual(series(free, "gpFundingPerWeightedPatient"));
    }
  });
  it("with no headroom (no new money), the cost of delivery changes nothing", () => {
    const squeezed = { levers: { noNewMoney: true }, national: { realGrowthMean: 0 } };
    for (const seed of SEEDS.slice(0, 2)) {
      const free = run(generous(0, squeezed), seed);
      const dear = run(generous(1.5, squeezed), seed);
      expect(total(free, "gpTopSliced") + Math.abs(Math.min(0, last(free, "trustSurplus")))).toBeGreaterThan(0);
      expect(dear.yearSeries).toEqual(free.yearSeries);
    }
  });
});

describe("Covid block contracts under an acute-hosted IHO", () => {
  it("a top-up meets costs once: no trust gets both the top-up and the host's subcontract for the same gap", () => {
    // 2020/21 and 2021/22 are the block-contract years of the history (top-ups to 100.5% of cost).
    const sc = variantScenario("iho-acute", "icb"); // ICB size: several trusts, one of them the host
    for (const seed of SEEDS.slice(0, 3)) {
      const r = run(sc, seed);
      const years = r.yearLabels.map((l, i) => [l, i] as const).filter(([l]) => l === "2020/21" || l === "2021/22");
      expect(years).toHaveLength(2);
      // Before the fix a trust topped up ahead of its host's payment ended the year ~17% in surplus.
      for (const [, i] of years) expect(series(r, "acuteSurplusShare")[i]!).toBeLessThan(0.05);
    }
  });
});

describe("a single envelope against the ring-fence", () => {
  // A squeeze: no real growth and heavy demand, so ICBs face gaps.
  const squeeze = { years: 6, levers: { noNewMoney: true }, acuteTrust: { extraDemandMean: 0.02 }, community: { demandGrowth: 0.05 } };
  it("diverges whenever the ICB has a gap: general practice lines are cut, and its funding falls below the ring-fenced run's", () => {
    let cutYears = 0;
    for (const seed of SEEDS.slice(0, 4)) {
      const fenced = run(toy(PRESETS["ring-fenced"], squeeze), seed);
      const envelope = run(toy(PRESETS["single-envelope"], squeeze), seed);
      expect(total(fenced, "gpTopSliced")).toBe(0);
      const cut = series(envelope, "gpTopSliced");
      const a = series(fenced, "gpFundingPerWeightedPatient");
      const b = series(envelope, "gpFundingPerWeightedPatient");
      cut.forEach((c, y) => {
        if (c > 0) {
          cutYears++;
          expect(b[y]!).toBeLessThan(a[y]!);
        }
      });
    }
    expect(cutYears).toBeGreaterThan(4);
  });
  it("at higher growth the same structure still diverges when demand opens a gap", () => {
    const pressed = { years: 5, national: { realGrowthMean: 0.03 }, acuteTrust: { extraDemandMean: 0.035 }, community: { demandGrowth: 0.07 }, icb: { otherGrowth: 0.05 } };
    const fenced = run(toy(PRESETS["ring-fenced"], pressed), 2);
    const envelope = run(toy(PRESETS["single-envelope"], pressed), 2);
    expect(total(envelope, "gpTopSliced")).toBeGreaterThan(0);
    expect(last(envelope, "gpFundingPerWeightedPatient")).toBeLessThan(last(fenced, "gpFundingPerWeightedPatient"));
  });
});

describe("integrated health organisation hosts", () => {
  const symmetric = (host: "acute-trust" | "federation"): ScenarioInput =>
    toy(PRESETS[host === "acute-trust" ? "iho-acute" : "iho-federation"], {
      years: 1,
      iho: { acute: { riskShare: 1 }, federation: { propensity: 0.5, spread: 0.5, reinvestShare: 0.1, riskShare: 1 }, hostOverheadShare: 0 },
      federation: { accelerated: true, integratorThreshold: 0, failureBase: 0, failurePerDeficit: 0 },
    });
  it("a federation host with the acute host's rule and profile decides exactly as the acute host does", () => {
    for (const seed of SEEDS.slice(0, 5)) {
      const acute = run(symmetric("acute-trust"), seed);
      const fed = run(symmetric("federation"), seed);
      expect(series(fed, "gpDiverted")).toEqual(series(acute, "gpDiverted"));
      expect(series(fed, "gpFundingPerWeightedPatient")).toEqual(series(acute, "gpFundingPerWeightedPatient"));
    }
  });
  it("a federation can never spend money it has not got: unmet obligations are carried, not overdrawn", () => {
    const hard = toy(PRESETS["iho-federation"], {
      years: 6,
      iho: { federation: { propensity: 0, riskShare: 1 } },
      federation: { accelerated: true, failureBase: 0, acceleratedFailureMultiplier: 1, integratorThreshold: 0, failurePerDeficit: 0 },
      acuteTrust: { extraDemandMean: 0.03 },
    });
    let unpaidRuns = 0;
    for (const seed of SEEDS.slice(0, 4)) {
      const sim = createSimulation(createNhsModel(), scenarioSchema.parse(hard), { seed, years: 6 });
      const fed = sim.sim.world.tables.federation;
      while (!sim.done) {
        sim.step();
        for (const r of fed.rows()) expect(sim.sim.ledger.balance(fed.cols.account[r]! as never)).toBeGreaterThanOrEqual(0);
      }
      if (Array.from(fed.rows()).some((r) => fed.cols.unpaid[r]! > 0)) unpaidRuns++;
      expect(sim.sim.ledger.verify().ok).toBe(true);
    }
    expect(unpaidRuns).toBeGreaterThan(0);
  });
  it("raising the host's propensity never raises general practice funding, seed by seed", () => {
    let lower = 0;
    for (const seed of SEEDS) {
      const low = run(toy(PRESETS["iho-acute"], { years: 5, iho: { acute: { propensity: 0.2 } } }), seed);
      const high = run(toy(PRESETS["iho-acute"], { years: 5, iho: { acute: { propensity: 0.8 } } }), seed);
      expect(total(high, "gpFundingPerWeightedPatient")).toBeLessThanOrEqual(total(low, "gpFundingPerWeightedPatient") + 1e-9);
      if (total(high, "gpFundingPerWeightedPatient") < total(low, "gpFundingPerWeightedPatient")) lower++;
    }
    expect(lower).toBeGreaterThan(4);
  });
  it("diverts nothing when nobody holds general practice lines", () => {
    for (const id of ["ring-fenced", "single-envelope", "place-pooled"] as const) {
      const r = run(toy(PRESETS[id], { years: 4 }), 11);
      expect(total(r, "gpDiverted")).toBe(0);
      expect(r.events["gp-money-diverted"] ?? 0).toBe(0);
    }
  });
  it("never touches a ring-fenced held line, whatever the policy asks", () => {
    const greedy = definePolicy({ kind: "acute-trust", name: "take-all", description: "Test: asks to cut every held line in full.", params: z.strictObject({}), decide: (obs) => ({ cuts: obs.held.map((h) => (h.ringFenced ? 0 : h.pence)) }) });
    const registry = createDefaultRegistry().register(greedy);
    const sc = scenarioSchema.parse(toy(PRESETS["iho-acute"], { years: 3, governance: { ringFenced: ["core", "premises", "qof"] }, policies: { "acute-trust": { name: "take-all" } } }));
    const sim = createSimulation(createNhsModel(registry), sc, { seed: 5, years: 3 });
    const lines = new Set<string>();
    sim.sim.events.on("gp-money-diverted", (e) => lines.add(e.line));
    sim.run();
    expect(lines.size).toBeGreaterThan(0);
    expect(lines.has("qof")).toBe(false);
    expect(lines.has("core")).toBe(false);
  });
});

describe("demand feedback", () => {
  it("worse general practice capacity raises hospital activity and cost, seed by seed; with no elasticity it does not", () => {
    const scarce = { years: 6, workforce: { inflowPerMillion: 15 } };
    for (const seed of SEEDS.slice(0, 4)) {
      const normal = run(toy(PRESETS["ring-fenced"], { years: 6 }), seed);
      const short = run(toy(PRESETS["ring-fenced"], scarce), seed);
      expect(last(short, "patientsPerGpFte")).toBeGreaterThan(last(normal, "patientsPerGpFte"));
      expect(last(short, "acuteCostReal")).toBeGreaterThan(last(normal, "acuteCostReal"));
      // The demand channel alone: no elasticity, no dispersal, no reserves spent and no cost to the extra
      // activity headroom buys (a trust's income, and so its reserves and the activity bought, also depend on
      // general practice through the ICB's budget).
      const inert = { acuteTrust: { gpCapacityElasticity: 0, dispersalDemand: 0, surplusSpendShare: 0 }, icb: { extraActivityCost: 0 } };
      const a = run(toy(PRESETS["ring-fenced"], { years: 6, ...inert }), seed);
      const b = run(toy(PRESETS["ring-fenced"], { ...scarce, ...inert }), seed);
      expect(series(b, "acuteCostReal")).toEqual(series(a, "acuteCostReal"));
    }
  });
});

describe("voice on a place board", () => {
  it("a stronger general practice voice never lowers general practice's grant (any pot, any claims)", () => {
    const claim = fc.record({ pence: fc.integer({ min: 0, max: 1e9 }), weight: fc.double({ min: 0.01, max: 10, noNaN: true }) });
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3e9 }), fc.array(claim, { minLength: 1, maxLength: 3 }), fc.double({ min: 0.01, max: 10, noNaN: true }), fc.double({ min: 1, max: 5, noNaN: true }), (pot, others, w, factor) => {
        const claims = (weight: number) => [{ member: "general-practice", pence: others[0]!.pence, weight }, ...others.slice(1).map((c) => ({ member: "other", ...c }))];
        const weak = shareByVoice({ pot, claims: claims(w) }).grants;
        const strong = shareByVoice({ pot, claims: claims(w * factor) }).grants;
        expect(strong[0]!).toBeGreaterThanOrEqual(weak[0]!);
        for (const g of [weak, strong]) {
          expect(g.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(pot);
          g.forEach((x) => expect(Number.isInteger(x) && x >= 0).toBe(true));
        }
      }),
      { numRuns: 500 },
    );
  });
  it("a stronger general practice voice never lowers general practice funding in a pooled place, seed by seed", () => {
    for (const seed of SEEDS.slice(0, 4)) {
      const weak = run(icb(PRESETS["place-pooled"], { years: 5, placeBoard: { gpVoiceBase: 0.3 } }), seed);
      const strong = run(icb(PRESETS["place-pooled"], { years: 5, placeBoard: { gpVoiceBase: 1.5 } }), seed);
      series(strong, "gpFundingPerWeightedPatient").forEach((x, y) => expect(x).toBeGreaterThanOrEqual(series(weak, "gpFundingPerWeightedPatient")[y]! - 1e-9));
    }
  });
});

describe("registered lists grow at each ICB's own rate", () => {
  // Practices never leave, so a list changes only by its ICB's growth (no dispersal from closures).
  const stay = definePolicy({ kind: "practice", name: "stay", description: "Test: every practice continues.", params: z.strictObject({}), decide: () => "continue" as const });
  const registry = createDefaultRegistry().register(stay);
  const growthByIcb = (spread: number, seed: number): { ratios: number[][]; effects: number[] } => {
    const sc = scenarioSchema.parse(toy(PRESETS["ring-fenced"], { years: 3, practice: { listGrowthIcbSd: spread }, policies: { practice: { name: "stay" } } }));
    const sim = createSimulation(createNhsModel(registry), sc, { seed, years: 3 });
    const p = sim.sim.world.tables.practice;
    const before = [...p.rows()].map((r) => p.cols.list[r]!);
    for (let k = 0; k < 24; k++) sim.step();
    const icbs = sim.sim.world.tables.icb;
    const ratios: number[][] = [...icbs.rows()].map(() => []);
    [...p.rows()].forEach((r, k) => ratios[p.cols.icb[r]!]!.push(p.cols.list[r]! / before[k]!));
    return { ratios, effects: [...icbs.rows()].map((r) => icbs.cols.listGrowthEffect[r]!) };
  };
  it("each practice's list grows by the national rate plus its ICB's lasting difference, which is 0 without a spread", () => {
    for (const seed of [1, 2, 3]) {
      for (const spread of [0, 0.01]) {
        const { ratios, effects } = growthByIcb(spread, seed);
        const national = PRESETS["ring-fenced"].practice?.listGrowth ?? scenarioSchema.parse({}).practice.listGrowth;
        ratios.forEach((rs, icb) => {
          for (const ratio of rs) expect(Math.abs(ratio - (1 + national + effects[icb]!) ** 2)).toBeLessThan(0.002);
        });
        if (spread === 0) expect(effects.every((e) => e === 0)).toBe(true);
        else expect(effects[0]).not.toBe(effects[1]);
      }
    }
  });
});

describe("practices merge for scale while policy pushes for it", () => {
  const merges = (consolidationHazard: number, networkRelief: number, seed: number): number[] =>
    series(runScenario(merge(variantScenario("baseline", "icb"), { ensemble: "none", practice: { consolidationHazard, networkRelief } }), { seed }), "practicesMerged");
  // 2014/15 is index 0: the push starts in 2016/17 (index 2), networks are paid from 2019/20 (index 5).
  const sum = (xs: readonly number[], from: number, to = xs.length): number => xs.slice(from, to).reduce((a, b) => a + b, 0);
  it("changes nothing before the push, then adds mergers, seed by seed", () => {
    for (const seed of [1, 2, 3]) {
      const [off, on] = [merges(0, 0, seed), merges(0.02, 0, seed)];
      expect(on.slice(0, 2)).toEqual(off.slice(0, 2));
      expect(sum(on, 2, 5)).toBeGreaterThan(sum(off, 2, 5));
    }
  });
  it("networks that take the whole push away change nothing before they are paid and leave fewer mergers after, over seeds", () => {
    let [kept, relieved] = [0, 0];
    for (const seed of [1, 2, 3]) {
      const [a, b] = [merges(0.02, 0, seed), merges(0.02, 1, seed)];
      expect(b.slice(0, 5)).toEqual(a.slice(0, 5));
      kept += sum(a, 5);
      relieved += sum(b, 5);
    }
    expect(relieved).toBeLessThan(kept);
  });
});

describe("commissioners open new practices when entry is on", () => {
  const baseline = (entryRate: number, over: Readonly<Record<string, unknown>> = {}): ScenarioInput => merge(variantScenario("baseline", "icb"), { ensemble: "none", practice: { entryRate, ...over } });
  // 2014/15 is index 0: 2021/22 is index 7.
  it("leaves more practices open by 2021/22, seed by seed", () => {
    for (const seed of [1, 2, 3]) {
      const [off, on] = [runScenario(baseline(0), { seed }), runScenario(baseline(0.01), { seed })];
      expect(off.events["practice-opened"]).toBeUndefined();
      expect(on.events["practice-opened"]).toBeGreaterThan(0);
      expect(series(on, "practicesOpen")[7]).toBeGreaterThan(series(off, "practicesOpen")[7]!);
    }
  });
  it("moves patients to the new practices without making or losing any, and keeps the ledger whole", () => {
    // With lists that do not grow, every year's registered patients are the population's, whatever opens.
    const still = { listGrowth: 0, listGrowthIcbSd: 0, listGrowthIcbYearSd: 0 };
    for (const seed of [1, 2]) {
      const [off, on] = [runScenario(baseline(0, still), { seed, verify: true }), runScenario(baseline(0.02, still), { seed, verify: true })];
      expect(on.events["practice-opened"]).toBeGreaterThan(0);
      expect(series(on, "registeredPatients")).toEqual(series(off, "registeredPatients"));
    }
  });
  it("is deterministic for a seed", () => {
    expect(runScenario(baseline(0.01), { seed: 4 })).toEqual(runScenario(baseline(0.01), { seed: 4 }));
  });
});
