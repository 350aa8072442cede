import { describe, expect, it } from "vitest";
import { identifiability, runMorrisScreening, screenedValue } from "@ringfence/agents";

describe("runMorrisScreening", () => {
  const factors = Array.from({ length: 8 }, (_, k) => ({ name: `x${k}`, low: k === 3 ? 10 : 0, high: k === 3 ? 20 : 1 }));
  // A toy model: output a turns on x3 strongly and x5 weakly; output b on x0 × x1 only (an interaction).
  const evaluate = async (points: readonly (readonly number[])[]): Promise<number[][]> => points.map((p) => [5 * (p[3]! - 10) / 10 + 0.2 * p[5]! + 0.001 * p[6]!, p[0]! * p[1]! - 0.25]);

  it("recovers the planted influential parameters and ranks the inert ones below them", async () => {
    const s = await runMorrisScreening({ factors, outputs: ["a", "b"], trajectories: 10, seed: "toy", evaluate });
    expect(s.evaluations).toBe(10 * 9);
    const a = s.muStar[0]!;
    const rankA = [...a.keys()].sort((i, j) => a[j]! - a[i]!);
    expect(rankA.slice(0, 2)).toEqual([3, 5]);
    expect(a[3]).toBeCloseTo(5, 6); // a linear effect of 5 over the unit range, whatever the trajectory
    expect(a[2]).toBe(0);
    expect(s.sigma[0]![3]).toBeCloseTo(0, 6);
    // The interaction: x0 and x1 seen by b with σ > 0, every other factor not at all.
    const b = s.muStar[1]!;
    for (let k = 2; k < 8; k++) expect(b[k]).toBe(0);
    expect(Math.min(b[0]!, b[1]!)).toBeGreaterThan(0.1);
    expect(s.sigma[1]![0]).toBeGreaterThan(0);
    const rows = identifiability({ ...s, outputs: ["practices-2015", "headline:x"] });
    expect(rows[3]!.byGroup.practices).toBe(1);
    expect(rows[6]!.byGroup.practices).toBeLessThan(0.01);
    expect(rows[0]!.byGroup["headline differences"]).toBeGreaterThan(0.5);
    expect(rows[3]!.byGroup["headline differences"]).toBe(0);
  });

  it("is deterministic in its seed and differs between seeds", async () => {
    const one = await runMorrisScreening({ factors, outputs: ["a", "b"], trajectories: 4, seed: "s", evaluate });
    const two = await runMorrisScreening({ factors, outputs: ["a", "b"], trajectories: 4, seed: "s", evaluate });
    const three = await runMorrisScreening({ factors, outputs: ["a", "b"], trajectories: 4, seed: "t", evaluate });
    expect(two).toEqual(one);
    expect(three.muStar[1]).not.toEqual(one.muStar[1]);
  });
});

describe("screenedValue", () => {
  it("moves a value a preset sets in proportion to the screened value's move from the default", () => {
    expect(screenedValue(98.1e9, "national.allocation", 192e9 * 1.02)).toBeCloseTo(98.1e9 * 1.02, -3);
    expect(screenedValue(192e9, "national.allocation", 190e9)).toBe(190e9);
    expect(screenedValue(0.1, "placeBoard.leanMean", 0.5)).toBeCloseTo(0.6, 12);
    expect(screenedValue(0.9, "practice.partnerShareMean", 0.6 * 1.5)).toBe(1);
  });
});
