import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { latinHypercube, morrisTrajectories, saltelliDesign, scaleToRanges } from "./samplers.js";

const rows = (points: readonly Float64Array[]): number[][] => points.map((p) => Array.from(p));

describe("latinHypercube", () => {
  it("puts exactly one point in each stratum of every dimension", () => {
    const n = 50;
    const points = latinHypercube(n, 4, createRng("lhs"));
    expect(points).toHaveLength(n);
    for (let d = 0; d < 4; d++) {
      const strata = points.map((p) => Math.floor(p[d]! * n));
      expect(new Set(strata).size).toBe(n);
      expect(points.every((p) => p[d]! >= 0 && p[d]! < 1)).toBe(true);
    }
  });

  it("jitters within strata rather than using stratum centres", () => {
    const n = 20;
    const offsets = latinHypercube(n, 2, createRng("jitter")).map((p) => p[0]! * n - Math.floor(p[0]! * n));
    expect(new Set(offsets.map((o) => o.toFixed(6))).size).toBeGreaterThan(n / 2);
  });

  it("is reproducible from the seed and differs between seeds", () => {
    expect(rows(latinHypercube(10, 3, createRng("a")))).toEqual(rows(latinHypercube(10, 3, createRng("a"))));
    expect(rows(latinHypercube(10, 3, createRng("a")))).not.toEqual(rows(latinHypercube(10, 3, createRng("b"))));
  });
});

describe("morrisTrajectories", () => {
  const r = 30;
  const dims = 5;
  const levels = 4;
  const design = morrisTrajectories(r, dims, levels, createRng("morris"));

  it("has Δ = p / (2(p − 1)) and r · (dims + 1) points on the grid in [0, 1]", () => {
    expect(design.delta).toBeCloseTo(2 / 3, 15);
    expect(design.points).toHaveLength(r * (dims + 1));
    expect(design.steps).toHaveLength(r * dims);
    for (const point of design.points) {
      for (const v of point) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Math.abs(v * (levels - 1) - Math.round(v * (levels - 1)))).toBeLessThan(1e-12);
      }
    }
  });

  it("moves exactly one factor per step by the recorded ±Δ, each factor once per trajectory", () => {
    for (let t = 0; t < r; t++) {
      const moved = new Set<number>();
      for (let s = 0; s < dims; s++) {
        const before = design.points[t * (dims + 1) + s]!;
        const after = design.points[t * (dims + 1) + s + 1]!;
        const step = design.steps[t * dims + s]!;
        const changed = [...before.keys()].filter((d) => after[d] !== before[d]);
        expect(changed).toEqual([step.factor]);
        expect(Math.abs(step.delta)).toBeCloseTo(design.delta, 12);
        expect(after[step.factor]! - before[step.factor]!).toBeCloseTo(step.delta, 12);
        moved.add(step.factor);
      }
      expect(moved.size).toBe(dims);
    }
  });

  it("moves both up and down across the design", () => {
    const signs = new Set(design.steps.map((s) => Math.sign(s.delta)));
    expect(signs).toEqual(new Set([1, -1]));
  });

  it("is reproducible from the seed and differs between seeds", () => {
    const again = morrisTrajectories(r, dims, levels, createRng("morris"));
    expect(rows(again.points)).toEqual(rows(design.points));
    expect(again.steps).toEqual(design.steps);
    const other = morrisTrajectories(r, dims, levels, createRng("other"));
    expect(rows(other.points)).not.toEqual(rows(design.points));
  });

  it("rejects odd level counts", () => {
    expect(() => morrisTrajectories(2, 2, 5, createRng("x"))).toThrow(RangeError);
  });
});

describe("saltelliDesign", () => {
  for (const [label, source] of [
    ["random", createRng("saltelli")],
    ["sobol", { sequence: "sobol" as const }],
  ] as const) {
    it(`orders rows A_j, AB_1j … AB_dj, B_j with AB_i = A with column i from B (${label})`, () => {
      const n = 16;
      const dims = 3;
      const design = saltelliDesign(n, dims, source);
      expect(design.points).toHaveLength(n * (dims + 2));
      for (let j = 0; j < n; j++) {
        const a = design.points[j * (dims + 2)]!;
        const b = design.points[j * (dims + 2) + dims + 1]!;
        for (let i = 0; i < dims; i++) {
          const ab = design.points[j * (dims + 2) + 1 + i]!;
          for (let d = 0; d < dims; d++) expect(ab[d]).toBe(d === i ? b[d] : a[d]);
        }
        if (label === "random") for (let d = 0; d < dims; d++) expect(a[d]).not.toBe(b[d]);
      }
    });
  }

  it("takes A and B from the first and last dims columns of the Sobol sequence", () => {
    const design = saltelliDesign(4, 2, { sequence: "sobol" });
    // Points 2 and 3 of the 4-dimensional Sobol sequence (SciPy, unscrambled): (3/4, 1/4, 1/4, 1/4), (1/4, 3/4, 3/4, 3/4).
    expect(Array.from(design.points[2 * 4]!)).toEqual([0.75, 0.25]);
    expect(Array.from(design.points[2 * 4 + 3]!)).toEqual([0.25, 0.25]);
    expect(Array.from(design.points[3 * 4]!)).toEqual([0.25, 0.75]);
    expect(Array.from(design.points[3 * 4 + 3]!)).toEqual([0.75, 0.75]);
  });

  it("is reproducible from the seed and differs between seeds", () => {
    expect(rows(saltelliDesign(8, 2, createRng("s")).points)).toEqual(rows(saltelliDesign(8, 2, createRng("s")).points));
    expect(rows(saltelliDesign(8, 2, createRng("s")).points)).not.toEqual(rows(saltelliDesign(8, 2, createRng("t")).points));
  });
});

describe("scaleToRanges", () => {
  it("maps 0 to low and 1 to high, linearly", () => {
    const scaled = scaleToRanges([Float64Array.of(0, 1, 0.25)], [
      { low: -1, high: 1 },
      { low: 10, high: 20 },
      { low: 0, high: 8 },
    ]);
    expect(Array.from(scaled[0]!)).toEqual([-1, 20, 2]);
    expect(() => scaleToRanges([[0.5]], [])).toThrow(RangeError);
  });
});
