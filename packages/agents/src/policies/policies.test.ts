import { createRng } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import {
  cutInOrder,
  divertToHospital,
  drawPropensity,
  proportionalCuts,
  proportionalTopSlice,
  shareByVoice,
  contractViability,
} from "@ringfence/agents";

const held = [
  { line: "core" as const, pence: 1000, ringFenced: true },
  { line: "qof" as const, pence: 300, ringFenced: false },
  { line: "enhanced" as const, pence: 200, ringFenced: false },
  { line: "pcn" as const, pence: 100, ringFenced: false },
];

describe("acute trust diversion (seed 004)", () => {
  const params = divertToHospital.params.parse({});
  it("diverts nothing when the trust is not short and carries no deficit", () => {
    for (let s = 0; s < 50; s++) {
      const d = divertToHospital.decide({ year: 1, projectedDeficit: -5000, carriedDeficit: 0, held }, params, createRng(`s${s}`));
      expect(d.cuts).toEqual([0, 0, 0, 0]);
    }
  });
  it("cuts in the documented order and never a ring-fenced line", () => {
    const d = divertToHospital.decide({ year: 1, projectedDeficit: 10_000, carriedDeficit: 0, held }, { ...params, propensity: 1 }, createRng("x"));
    // propensity 1 covers 10,000 but only 600 is cuttable: enhanced 200, pcn 100, qof 300; core is ring-fenced.
    expect(d.cuts).toEqual([0, 300, 200, 100]);
  });
  it("cutInOrder stops when the amount is found", () => {
    expect(cutInOrder(held, ["enhanced", "pcn", "qof", "premises", "core"], 250)).toEqual([0, 0, 200, 50]);
  });
  it("a higher median propensity gives a higher share for the same draw", () => {
    for (const z of [-2, -0.5, 0, 0.7, 2.5]) {
      expect(drawPropensity(0.8, 0.5, z)).toBeGreaterThan(drawPropensity(0.2, 0.5, z));
    }
    expect(drawPropensity(0.3, 0, 1.3)).toBeCloseTo(0.3, 12);
  });
});

describe("ICB top-slicing", () => {
  it("shares a gap in proportion to size, never past each cap", () => {
    // Sizes 600/300/100, gap 100 → 60/30/10.
    expect(proportionalCuts(100, [600, 300, 100], [1000, 1000, 1000])).toEqual([60, 30, 10]);
    // Cap the first at 20: the other 80 is shared 3:1 between the rest.
    expect(proportionalCuts(100, [600, 300, 100], [20, 1000, 1000])).toEqual([20, 60, 20]);
    // Caps below the gap: everything cuttable goes and no more.
    expect(proportionalCuts(1000, [600, 300, 100], [10, 10, 10])).toEqual([10, 10, 10]);
  });
  it("does not cut ring-fenced lines", () => {
    const d = proportionalTopSlice.decide(
      { gap: 50, lines: [{ line: "core", pence: 1000, ringFenced: true }, { line: "community", pence: 1000, ringFenced: false }], maxCutPerLine: 0.1 },
      {},
      createRng("y"),
    );
    expect(d.cuts).toEqual([0, 50]);
  });
});

describe("place board sharing", () => {
  it("funds every claim when the pot covers them, the rest by claim × weight", () => {
    const d = shareByVoice({ pot: 200, claims: [{ member: "general-practice", pence: 50, weight: 1 }, { member: "acute", pence: 50, weight: 1 }] });
    expect(d.grants).toEqual([100, 100]);
  });
  it("shares a shortfall by claim ÷ weight: the louder voice loses less", () => {
    // Claims 100 and 100, pot 150: shortfall 50 shared 1/1 : 1/3 → 37.5 : 12.5.
    const d = shareByVoice({ pot: 150, claims: [{ member: "general-practice", pence: 100, weight: 1 }, { member: "acute", pence: 100, weight: 3 }] });
    expect(d.grants[0]! + d.grants[1]!).toBe(150);
    expect(d.grants[0]).toBeGreaterThanOrEqual(62);
    expect(d.grants[0]).toBeLessThanOrEqual(63);
  });
  it("never grants more than the pot", () => {
    const d = shareByVoice({ pot: 7, claims: [{ member: "general-practice", pence: 5, weight: 0.1 }, { member: "acute", pence: 9, weight: 10 }, { member: "social-care", pence: 3, weight: 1 }] });
    expect(d.grants.reduce((a, b) => a + b, 0)).toBe(7);
    d.grants.forEach((g) => expect(g).toBeGreaterThanOrEqual(0));
  });
});

describe("practice viability (seed 001)", () => {
  const params = contractViability.params.parse({});
  it("continues until enough bad years have passed", () => {
    for (let s = 0; s < 100; s++) {
      expect(contractViability.decide({ margin: -0.5, badYears: 1, canMerge: true, canBecomeSalaried: true, badYearsToAct: 2 }, params, createRng(`p${s}`))).toBe("continue");
    }
  });
  it("hands back, merges or goes salaried at about the set chances once eligible", () => {
    const n = 20_000;
    const tally = { "hand-back": 0, merge: 0, salaried: 0, continue: 0 };
    const rng = createRng("v");
    for (let i = 0; i < n; i++) tally[contractViability.decide({ margin: -0.2, badYears: 3, canMerge: true, canBecomeSalaried: true, badYearsToAct: 2 }, params, rng)]++;
    expect(tally["hand-back"] / n).toBeCloseTo(0.3, 1);
    expect(tally.merge / n).toBeCloseTo(0.4, 1);
    expect(tally.salaried / n).toBeCloseTo(0.2, 1);
  });
});
