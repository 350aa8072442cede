import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { morrisIndices } from "./morris.js";
import { morrisTrajectories, scaleToRanges } from "./samplers.js";

const ranges = [
  { low: 0, high: 2 },
  { low: -1, high: 4 },
  { low: 10, high: 30 },
  { low: 0, high: 1 },
];

describe("morrisIndices", () => {
  it("recovers |coefficient| × range for linear factors with σ = 0, and σ > 0 for a quadratic one", () => {
    const design = morrisTrajectories(20, 4, 4, createRng("linear"));
    const x = scaleToRanges(design.points, ranges);
    const outputs = x.map((p) => 3 * p[0]! - 2 * p[1]! + 0 * p[2]! + p[3]! ** 2);
    const { mu, muStar, sigma } = morrisIndices(design, outputs);
    expect(muStar[0]).toBeCloseTo(3 * 2, 10);
    expect(muStar[1]).toBeCloseTo(2 * 5, 10);
    expect(muStar[2]).toBe(0);
    expect(mu[0]).toBeCloseTo(6, 10);
    expect(mu[1]).toBeCloseTo(-10, 10);
    expect(sigma[0]).toBeCloseTo(0, 10);
    expect(sigma[1]).toBeCloseTo(0, 10);
    expect(sigma[2]).toBe(0);
    // x4² on the 4-level grid with Δ = 2/3: a move between 0 and 2/3 has EE = 2/3, between 1/3 and 1 EE = 4/3.
    expect(sigma[3]).toBeGreaterThan(0.1);
    expect(muStar[3]).toBeGreaterThan(2 / 3);
    expect(muStar[3]).toBeLessThan(4 / 3);
  });

  it("gives σ > 0 for both factors of an interaction y = x1 · x2", () => {
    const design = morrisTrajectories(20, 2, 4, createRng("interaction"));
    const outputs = design.points.map((p) => p[0]! * p[1]!);
    const { muStar, sigma } = morrisIndices(design, outputs);
    expect(sigma[0]).toBeGreaterThan(0);
    expect(sigma[1]).toBeGreaterThan(0);
    // |EE_1| = x2 at the move, which lies in [0, 1] and is not always 0.
    expect(muStar[0]).toBeGreaterThan(0);
    expect(muStar[0]).toBeLessThanOrEqual(1);
  });

  it("gives μ* a bootstrap interval: a point for an exactly linear factor, around μ* for a noisy one", () => {
    const design = morrisTrajectories(30, 3, 4, createRng("boot-design"));
    const x = scaleToRanges(design.points, ranges.slice(0, 3));
    // Factor 1 linear (every effect 6), factor 2 an interaction with factor 3, factor 3 quadratic.
    const outputs = x.map((p) => 3 * p[0]! + p[1]! * p[2]! + 0.01 * p[2]! ** 2);
    const m = morrisIndices(design, outputs, { rng: createRng("boot") });
    const iv = m.muStarInterval!;
    expect(iv).toHaveLength(3);
    expect(iv[0]!.low).toBeCloseTo(6, 10);
    expect(iv[0]!.high).toBeCloseTo(6, 10);
    for (let d = 0; d < 3; d++) {
      expect(iv[d]!.estimate).toBe(m.muStar[d]);
      expect(iv[d]!.low).toBeLessThanOrEqual(m.muStar[d]!);
      expect(iv[d]!.high).toBeGreaterThanOrEqual(m.muStar[d]!);
    }
    expect(iv[1]!.high - iv[1]!.low).toBeGreaterThan(0);
    // Fewer resamples at a lower confidence give a narrower interval; the same seed gives the same interval.
    const narrow = morrisIndices(design, outputs, { rng: createRng("boot"), confidence: 0.5 }).muStarInterval!;
    expect(narrow[1]!.high - narrow[1]!.low).toBeLessThan(iv[1]!.high - iv[1]!.low);
    expect(morrisIndices(design, outputs, { rng: createRng("boot") }).muStarInterval).toEqual(iv);
    expect(m.warnings).toEqual([]);
  });

  it("warns when there are too few trajectories to rank factors", () => {
    const design = morrisTrajectories(4, 3, 4, createRng("few"));
    const m = morrisIndices(design, design.points.map((p) => p[0]!), { rng: createRng("b") });
    expect(m.warnings).toEqual([{ kind: "few-trajectories", message: "4 trajectories for 3 factors: each μ* is the mean of 4 elementary effects, too few to rank factors reliably (Campolongo et al. 2007 use 10 or more)" }]);
  });

  it("rejects outputs of the wrong length", () => {
    const design = morrisTrajectories(2, 2, 4, createRng("len"));
    expect(() => morrisIndices(design, [1, 2, 3])).toThrow(RangeError);
  });
});
