import { createRng } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { carryDeficit, consolidationHazard, cutInOrder, divertShortfall, drawPropensity, exitByHazard, exitHazard, practiceOpenings, proportionalCuts, protectHospitals, settlementRule, shareByVoice, type EntryObservation, type PracticeObservation } from "@ringfence/agents";

const held = [
  { line: "core" as const, pence: 1000, ringFenced: true },
  { line: "qof" as const, pence: 300, ringFenced: false },
  { line: "enhanced" as const, pence: 200, ringFenced: false },
  { line: "pcn" as const, pence: 100, ringFenced: false },
];
const profile = { propensity: 0.5, spread: 0.5 };

describe("the holder rule (Gowland, The General Practice Blog, June 2025)", () => {
  it("diverts nothing when the holder is not short and carries no deficit", () => {
    for (let s = 0; s < 50; s++) expect(divertShortfall({ year: 1, shortfall: -5000, carriedDeficit: 0, held, profile }, createRng(`s${s}`)).cuts).toEqual([0, 0, 0, 0]);
  });
  it("cuts transformation money first, then lines in order, never a ring-fenced one", () => {
    const d = divertShortfall({ year: 1, shortfall: 10_000, carriedDeficit: 0, held, profile: { propensity: 1, spread: 0 } }, createRng("x"));
    // A median of 1 covers 10,000 but only 600 is cuttable: enhanced 200, pcn 100, qof 300; core is ring-fenced.
    expect(d.cuts).toEqual([0, 300, 200, 100]);
    expect(cutInOrder([{ line: "enhanced", pence: 50, ringFenced: false }, { line: "transformation", pence: 80, ringFenced: false }], ["transformation", "enhanced"], 100)).toEqual([20, 80]);
  });
  it("a higher median propensity gives a higher share for the same draw", () => {
    for (const z of [-2, -0.5, 0, 0.7, 2.5]) expect(drawPropensity(0.8, 0.5, z)).toBeGreaterThan(drawPropensity(0.2, 0.5, z));
    expect(drawPropensity(0.3, 0, 1.3)).toBeCloseTo(0.3, 12);
  });
});

describe("the ICB gap rule", () => {
  it("shares a gap by weight, never past each cap", () => {
    expect(proportionalCuts(100, [600, 300, 100], [1000, 1000, 1000])).toEqual([60, 30, 10]);
    expect(proportionalCuts(100, [600, 300, 100], [20, 1000, 1000])).toEqual([20, 60, 20]);
    expect(proportionalCuts(1000, [600, 300, 100], [10, 10, 10])).toEqual([10, 10, 10]);
  });
  it("protect-hospitals cuts a protected line less than an unprotected one of the same size, and never a ring-fenced line", () => {
    const obs = {
      year: 1,
      gap: 1000,
      maxCutPerLine: 0.5,
      lines: [
        { line: "acute" as const, pence: 10_000, ringFenced: false, protection: 0.9 },
        { line: "community" as const, pence: 10_000, ringFenced: false, protection: 0.3 },
        { line: "core" as const, pence: 10_000, ringFenced: true, protection: 0 },
      ],
    };
    const { cuts } = protectHospitals.decide(obs, {}, createRng("y"));
    expect(cuts[0]!).toBeLessThan(cuts[1]!);
    expect(cuts[2]).toBe(0);
    expect(cuts[0]! + cuts[1]!).toBe(1000);
    expect(carryDeficit.decide(obs, {}, createRng("z")).cuts).toEqual([0, 0, 0]);
  });
});

describe("the settlement rule", () => {
  const obs = { year: 1, realGrowthMean: 0.03, realGrowthSd: 0.01, inflationMean: 0.02, inflationSd: 0.005, noNewMoney: false, history: undefined, settlementPassThrough: 0.5, settlementRealBase: 0, settlementPressure: 1, settlementSd: 0, pressure: 0 };
  it("passes a share of real growth and workforce pressure into the GP contract", () => {
    const a = settlementRule.decide(obs, {}, createRng("k"));
    expect(a.contractRealUplift).toBeCloseTo(0.5 * a.realGrowth, 12);
    const b = settlementRule.decide({ ...obs, pressure: 0.02 }, {}, createRng("k"));
    expect(b.contractRealUplift).toBeCloseTo(a.contractRealUplift + 0.02, 12);
    // The intercept shifts the uplift whatever the NHS got: a settlement below inflation with money growing.
    const c = settlementRule.decide({ ...obs, settlementRealBase: -0.01 }, {}, createRng("k"));
    expect(c.contractRealUplift).toBeCloseTo(a.contractRealUplift - 0.01, 12);
  });
  it("follows the published history where there is one, and no new money means no real growth", () => {
    const h = settlementRule.decide({ ...obs, history: { allocationGrowth: 0.05, inflation: 0.02 } }, {}, createRng("k"));
    expect(h.realGrowth).toBeCloseTo(1.05 / 1.02 - 1, 12);
    expect(h.inflation).toBe(0.02);
    expect(settlementRule.decide({ ...obs, noNewMoney: true }, {}, createRng("k")).realGrowth).toBe(0);
  });
});

describe("place board sharing", () => {
  it("funds every claim when the pot covers them, the rest by claim × weight", () => {
    expect(shareByVoice({ pot: 200, claims: [{ member: "general-practice", pence: 50, weight: 1 }, { member: "acute", pence: 50, weight: 1 }] }).grants).toEqual([100, 100]);
  });
  it("shares a shortfall by claim ÷ weight: the louder voice loses less, nobody loses more than it claimed", () => {
    const d = shareByVoice({ pot: 100, claims: [{ member: "general-practice", pence: 100, weight: 3 }, { member: "acute", pence: 100, weight: 1 }] });
    expect(d.grants[0]! + d.grants[1]!).toBe(100);
    expect(d.grants[0]!).toBeGreaterThan(d.grants[1]!);
    const e = shareByVoice({ pot: 10, claims: [{ member: "general-practice", pence: 5, weight: 0.1 }, { member: "acute", pence: 100, weight: 10 }] });
    e.grants.forEach((g) => expect(g).toBeGreaterThanOrEqual(0));
    expect(e.grants[0]! + e.grants[1]!).toBe(10);
  });
});

describe("practice exit", () => {
  const rules = { baseHazard: 0.01, sizeElasticity: 1, distressHazard: 0.2, lastPartnerHazard: 0.05, mergeShare: 0.7, salariedShare: 0.1, consolidationHazard: 0, networkRelief: 0 };
  // Partners draw £100k per FTE against a salaried alternative of £80k: no distress.
  const obs = (over: Partial<PracticeObservation> = {}): PracticeObservation => ({
    practice: 0,
    year: 1,
    list: 8000,
    profitShare: 0.3,
    drawings: 30_000_000,
    partnerFte: 3,
    salariedFte: 1,
    drawingsPerPartner: 10_000_000,
    salariedAlternative: 8_000_000,
    lastPartner: false,
    smallness: 1,
    canMerge: true,
    canBecomeSalaried: true,
    salaried: false,
    atScalePush: false,
    networked: false,
    rules,
    ...over,
  });
  it("the hazard rises for small practices, as drawings per partner fall below the salaried alternative, and for a last partner", () => {
    expect(exitHazard(obs())).toBeCloseTo(0.01, 12);
    expect(exitHazard(obs({ smallness: 2 }))).toBeCloseTo(0.02, 12);
    expect(exitHazard(obs({ drawingsPerPartner: 8_000_000 }))).toBeCloseTo(0.01, 12);
    expect(exitHazard(obs({ drawingsPerPartner: 0 }))).toBeCloseTo(0.21, 12);
    expect(exitHazard(obs({ drawingsPerPartner: -5_000_000 }))).toBeCloseTo(0.21, 12);
    expect(exitHazard(obs({ drawingsPerPartner: 4_000_000 }))).toBeCloseTo(0.11, 12);
    expect(exitHazard(obs({ lastPartner: true }))).toBeCloseTo(0.06, 12);
    // The profit share no longer decides anything on its own.
    expect(exitHazard(obs({ profitShare: 0 }))).toBeCloseTo(0.01, 12);
  });
  it("leaves at about the hazard, by route shares, and merges only when a neighbour can absorb it", () => {
    const n = 40_000;
    const rng = createRng("v");
    const tally = { "hand-back": 0, merge: 0, salaried: 0, continue: 0 };
    for (let i = 0; i < n; i++) tally[exitByHazard.decide(obs({ drawingsPerPartner: 0 }), {}, rng)]++;
    const left = n - tally.continue;
    expect(left / n).toBeCloseTo(0.21, 1);
    expect(tally.salaried / left).toBeCloseTo(0.1, 1);
    expect(tally.merge / left).toBeCloseTo(0.7, 1);
    for (let i = 0; i < 2000; i++) expect(exitByHazard.decide(obs({ drawingsPerPartner: 0, canMerge: false, canBecomeSalaried: false }), {}, rng)).not.toBe("merge");
  });
  const pushed = (over: Partial<PracticeObservation> = {}, consolidation = 0.04, networkRelief = 0.75): PracticeObservation => obs({ atScalePush: true, rules: { ...rules, consolidationHazard: consolidation, networkRelief }, ...over });
  it("merges for scale only while policy pushes for it, more for small practices, less once networks are paid", () => {
    expect(consolidationHazard(obs({ rules: { ...rules, consolidationHazard: 0.04 } }))).toBe(0);
    expect(consolidationHazard(pushed({}, 0))).toBe(0);
    expect(consolidationHazard(pushed())).toBeCloseTo(0.04, 12);
    expect(consolidationHazard(pushed({ smallness: 2 }))).toBeCloseTo(0.08, 12);
    expect(consolidationHazard(pushed({ networked: true }))).toBeCloseTo(0.01, 12);
    expect(consolidationHazard(pushed({ networked: true }, 0.04, 1))).toBe(0);
  });
  it("the at-scale merger only turns some of the years a practice would have stayed into mergers: every other decision is the same, draw by draw", () => {
    const n = 40_000;
    const [a, b] = [createRng("w"), createRng("w")];
    let merged = 0;
    for (let i = 0; i < n; i++) {
      const before = exitByHazard.decide(obs({ drawingsPerPartner: 4_000_000 }), {}, a);
      const after = exitByHazard.decide(pushed({ drawingsPerPartner: 4_000_000 }), {}, b);
      if (before !== after) {
        expect([before, after]).toEqual(["continue", "merge"]);
        merged++;
      }
    }
    expect(merged / n).toBeCloseTo(0.04, 2);
    for (let i = 0; i < 2000; i++) expect(exitByHazard.decide(pushed({ canMerge: false }, 0.5), {}, a)).not.toBe("merge");
  });
});

describe("practice entry", () => {
  const obs = (entryRate: number, openPractices = 200): EntryObservation => ({ icb: 0, year: 0, openPractices, rules: { entryRate } });
  const total = (entryRate: number, seed: string, years = 2000): number => {
    const rng = createRng(seed);
    let n = 0;
    for (let y = 0; y < years; y++) n += practiceOpenings(obs(entryRate), rng);
    return n;
  };
  it("opens nothing at a rate of 0 (or with no practice open) and then draws nothing from the stream", () => {
    const [a, b] = [createRng("e"), createRng("e")];
    for (let i = 0; i < 1000; i++) {
      expect(practiceOpenings(obs(0), a)).toBe(0);
      expect(practiceOpenings(obs(0.01, 0), a)).toBe(0);
    }
    expect(a.next()).toBe(b.next());
  });
  it("opens the rate times the open practices a year on average, more at a higher rate", () => {
    // 200 practices at 0.5% a year: one opening a year on average.
    expect(total(0.005, "e") / 2000).toBeCloseTo(1, 1);
    expect(total(0.01, "e")).toBeGreaterThan(total(0.005, "e"));
    expect(total(0.002, "f")).toBeLessThan(total(0.005, "f"));
  });
  it("is the same for the same stream", () => {
    expect(total(0.005, "g", 300)).toBe(total(0.005, "g", 300));
  });
});
