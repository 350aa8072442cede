import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { saltelliDesign, scaleToRanges } from "./samplers.js";
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
