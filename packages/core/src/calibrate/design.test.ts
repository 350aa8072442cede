import { describe, expect, it } from "vitest";
import { latinHypercube } from "../explore/samplers.js";
import { createRng } from "../random.js";
import { maximinLatinHypercube, maximinSubset, minimumDistance } from "./design.js";

describe("maximin designs", () => {
  it("a maximin Latin hypercube keeps one point per stratum and spreads points further than a plain one", () => {
    const design = maximinLatinHypercube(30, 4, createRng("mm"), 30);
    for (let d = 0; d < 4; d++) {
      const strata = design.map((p) => Math.floor(p[d]! * 30)).sort((a, b) => a - b);
      expect(strata).toEqual(Array.from({ length: 30 }, (_, i) => i));
    }
    const rng = createRng("plain");
    const plain = Array.from({ length: 30 }, () => minimumDistance(latinHypercube(30, 4, rng))).sort((a, b) => a - b);
    // Better than the median plain hypercube (it is the best of 30 of them).
    expect(minimumDistance(design)).toBeGreaterThan(plain[15]!);
  });

  it("a maximin subset takes distinct candidates and is more spread out than a random subset", () => {
    const rng = createRng("cands");
    // Candidates crowd into one corner: a random subset has near-duplicates.
    const candidates = Array.from({ length: 400 }, () => [rng.next() ** 3, rng.next() ** 3]);
    const chosen = maximinSubset(candidates, 25, createRng("pick"), 40);
    expect(chosen).toHaveLength(25);
    const keys = new Set(chosen.map((p) => p.join(",")));
    expect(keys.size).toBe(25);
    for (const p of chosen) expect(candidates.some((c) => c[0] === p[0] && c[1] === p[1])).toBe(true);
    const random = maximinSubset(candidates, 25, createRng("pick"), 1);
    expect(minimumDistance(chosen)).toBeGreaterThan(minimumDistance(random));
  });

  it("minimumDistance is the closest pair's distance", () => {
    expect(minimumDistance([[0, 0], [3, 4], [0, 1]])).toBe(1);
    expect(minimumDistance([[0, 0]])).toBe(Number.POSITIVE_INFINITY);
  });

  it("refuses too few candidates", () => {
    expect(() => maximinSubset([[0], [1]], 3, createRng("x"))).toThrow(/candidates: expected at least 3 points to choose 3 from, got 2/);
  });
});
