import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { saltelliDesign, saltelliTies, scaleToRanges } from "./samplers.js";
import { sobolIndices } from "./sobol-indices.js";

const ishigami = (x: ArrayLike<number>): number =>
  Math.sin(x[0]!) + 7 * Math.sin(x[1]!) ** 2 + 0.1 * x[2]! ** 4 * Math.sin(x[0]!);

// Analytic indices of the Ishigami function with a = 7, b = 0.1 on [−π, π]^3.
const a = 7;
const b = 0.1;
const pi4 = Math.PI ** 4;
const v1 = 0.5 * (1 + (b * pi4) / 5) ** 2;
const v2 = a ** 2 / 8;
const v13 = (8 * b ** 2 * Math.PI ** 8) / 225;
const variance = v1 + v2 + v13;
const S1 = [v1 / variance, v2 / variance, 0];
const ST = [(v1 + v13) / variance, v2 / variance, v13 / variance];

const ranges = [0, 1, 2].map(() => ({ low: -Math.PI, high: Math.PI }));

describe("sobolIndices", () => {
  it("uses the textbook analytic values", () => {
    expect(S1[0]).toBeCloseTo(0.3139, 4);
    expect(S1[1]).toBeCloseTo(0.4424, 4);
    expect(ST[0]).toBeCloseTo(0.5576, 4);
    expect(ST[2]).toBeCloseTo(0.2437, 4);
  });

  // Quasi-random (Sobol) base matrices reach 0.03 at n = 4096; plain Monte Carlo has a standard error of about 0.02
  // there, so it gets a looser tolerance.
  for (const [label, source, tolerance] of [
    ["Sobol", { sequence: "sobol" as const }, 0.03],
    ["pseudo-random", createRng("ishigami-design"), 0.06],
  ] as const) {
    it(`estimates the Ishigami indices within ${tolerance}, intervals covering them (${label} design, n = 4096)`, () => {
      const design = saltelliDesign(4096, 3, source);
      const outputs = scaleToRanges(design.points, ranges).map(ishigami);
      const result = sobolIndices(design, outputs, { rng: createRng("bootstrap") });
      for (let i = 0; i < 3; i++) {
        for (const [estimated, truth] of [
          [result.first[i]!, S1[i]!],
          [result.total[i]!, ST[i]!],
        ] as const) {
          expect(Math.abs(estimated.estimate - truth)).toBeLessThan(tolerance);
          expect(estimated.low).toBeLessThanOrEqual(truth);
          expect(estimated.high).toBeGreaterThanOrEqual(truth);
          expect(estimated.low).toBeLessThan(estimated.high);
        }
      }
    });
  }

  // The scrambled sequence (a fresh random copy per seed) at the base size the docs recommend: every S1 and ST
  // within ±0.05 of the analytic values for each of three fixed seeds, with no warning; the same design at
  // n = 16 warns that the sample is too small for three factors.
  for (const seed of ["ishigami-1", "ishigami-2", "ishigami-3"]) {
    it(`recovers every Ishigami index within ±0.05 at n = 1024 (scrambled Sobol, seed ${seed}) and does not warn`, () => {
      const design = saltelliDesign(1024, 3, { sequence: "sobol", scramble: createRng(seed) });
      expect(design.source).toBe("scrambled-sobol");
      const outputs = scaleToRanges(design.points, ranges).map(ishigami);
      const result = sobolIndices(design, outputs, { rng: createRng(`${seed}/bootstrap`) });
      for (let i = 0; i < 3; i++) {
        expect(Math.abs(result.first[i]!.estimate - S1[i]!)).toBeLessThan(0.05);
        expect(Math.abs(result.total[i]!.estimate - ST[i]!)).toBeLessThan(0.05);
        for (const x of [result.first[i]!, result.total[i]!]) {
          expect(x.low).toBeLessThanOrEqual(x.estimate);
          expect(x.high).toBeGreaterThanOrEqual(x.estimate);
        }
      }
      expect(result.warnings).toEqual([]);
    });
  }

  it("warns at n = 16 that the sample is too small for three factors, naming the widest interval and the n that would do", () => {
    const design = saltelliDesign(16, 3, { sequence: "sobol", scramble: createRng("ishigami-1") });
    const result = sobolIndices(design, scaleToRanges(design.points, ranges).map(ishigami), { rng: createRng("boot"), names: ["x1", "x2", "x3"] });
    expect(result.warnings.map((w) => w.kind)).toEqual(["unresolved"]);
    const message = result.warnings[0]!.message;
    expect(message).toMatch(/^n = 16 base rows is too small for 3 factors: the widest 95% interval \((S1|ST) of x[123]\) spans \d+\.\d\d, more than 0\.2, so indices that differ by less cannot be told apart; intervals narrow as 1\/√n, so about n = \d+ would bring every interval within 0\.2$/);
    // The n it names is a power of two above 16, and what it names as the widest interval is the widest.
    const needed = Number(/about n = (\d+)/.exec(message)![1]);
    expect(needed).toBeGreaterThan(16);
    expect(Math.log2(needed) % 1).toBe(0);
    const widths = [...result.first, ...result.total].map((x) => x.high - x.low);
    expect(message).toContain(`spans ${Math.max(...widths).toFixed(2)}`);
  });

  it("an unscrambled design can give a factor the same value in A and B in every row: its indices are 0 by construction, and it says so", () => {
    // Unscrambled, n = 4 rows of a 2-factor design share x2 between A and B in every row.
    const plain = saltelliDesign(4, 2, { sequence: "sobol" });
    expect(saltelliTies(plain)).toEqual([expect.any(Number), 4]);
    const f = (p: ArrayLike<number>) => p[0]! + p[1]!;
    const result = sobolIndices(plain, plain.points.map(f), { rng: createRng("b"), names: ["a", "b"] });
    expect(result.total[1]!.estimate).toBe(0);
    expect(result.warnings.find((w) => w.kind === "not-varied")?.message).toBe(
      "b: A and B give it the same value in all 4 base rows, so its indices are 0 by construction, not by the model (use a scrambled Sobol design, a larger n, or a parameter that takes more values)",
    );
    // Scrambled, the two matrices never share a value, whatever the seed.
    for (const seed of ["s1", "s2", "s3", "s4"]) {
      const scrambled = saltelliDesign(4, 2, { sequence: "sobol", scramble: createRng(seed) });
      expect(saltelliTies(scrambled)).toEqual([0, 0]);
      const r = sobolIndices(scrambled, scrambled.points.map(f), { rng: createRng("b") });
      expect(r.total[1]!.estimate).toBeGreaterThan(0);
      expect(r.warnings.some((w) => w.kind === "not-varied")).toBe(false);
    }
  });

  it("warns when a Sobol design's n is not a power of two", () => {
    const design = saltelliDesign(100, 2, { sequence: "sobol", scramble: createRng("p") });
    const r = sobolIndices(design, design.points.map((p) => p[0]! + 2 * p[1]!), { rng: createRng("b") });
    expect(r.warnings.find((w) => w.kind === "not-power-of-two")?.message).toBe("n = 100 base rows is not a power of two: a Sobol sequence is balanced only in blocks of 2^k points (use 64 or 128)");
  });

  it("gives exact-in-expectation indices for an additive model and narrower intervals at lower confidence", () => {
    // y = x1 + 2 x2 on the unit square: S1 = ST = (1/5, 4/5).
    const design = saltelliDesign(2048, 2, { sequence: "sobol", skip: 1 });
    const outputs = design.points.map((p) => p[0]! + 2 * p[1]!);
    const wide = sobolIndices(design, outputs, { rng: createRng("boot"), bootstrap: 500, confidence: 0.99 });
    const narrow = sobolIndices(design, outputs, { rng: createRng("boot"), bootstrap: 500, confidence: 0.5 });
    expect(wide.first[0]!.estimate).toBeCloseTo(0.2, 2);
    expect(wide.first[1]!.estimate).toBeCloseTo(0.8, 2);
    expect(wide.total[0]!.estimate).toBeCloseTo(0.2, 2);
    expect(wide.total[1]!.estimate).toBeCloseTo(0.8, 2);
    expect(narrow.first[1]!.high - narrow.first[1]!.low).toBeLessThan(wide.first[1]!.high - wide.first[1]!.low);
  });

  it("is reproducible for the same bootstrap seed", () => {
    const design = saltelliDesign(64, 2, createRng("d"));
    const outputs = design.points.map((p) => p[0]! * p[1]! + p[0]!);
    const first = sobolIndices(design, outputs, { rng: createRng("same"), bootstrap: 100 });
    const second = sobolIndices(design, outputs, { rng: createRng("same"), bootstrap: 100 });
    expect(second).toEqual(first);
  });

  it("rejects outputs of the wrong length", () => {
    const design = saltelliDesign(4, 2, createRng("d"));
    expect(() => sobolIndices(design, [1, 2], { rng: createRng("x") })).toThrow(RangeError);
  });
});
