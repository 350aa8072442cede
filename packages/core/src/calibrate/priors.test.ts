import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { priorBounds, priorDensity, samplePrior, validatePrior, type Prior } from "./priors.js";

const PRIORS: readonly Prior[] = [
  { kind: "uniform", low: -3, high: 5 },
  { kind: "normal", mean: 1, sd: 2 },
  { kind: "normal", mean: 1, sd: 2, low: 0, high: 2 },
  { kind: "normal", mean: 0, sd: 1, low: 4 },
  { kind: "normal", mean: 0, sd: 1, high: -4 },
  { kind: "normal", mean: 0, sd: 1, low: 5, high: 5.01 },
  { kind: "normal", mean: 0, sd: 1, low: -0.01, high: 0.01 },
  { kind: "beta", mean: 0.3, concentration: 10 },
  { kind: "beta", mean: 0.5, concentration: 0.5 },
  { kind: "log-uniform", low: 1, high: 100 },
];

function draws(prior: Prior, n: number, seed = "prior-test"): number[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => samplePrior(prior, rng));
}

const mean = (xs: readonly number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;

describe("priors", () => {
  it.each(PRIORS.map((p) => [JSON.stringify(p), p] as const))("%s: draws lie within bounds and have positive density", (_, prior) => {
    const { low, high } = priorBounds(prior);
    for (const x of draws(prior, 2000)) {
      expect(x).toBeGreaterThanOrEqual(low);
      expect(x).toBeLessThanOrEqual(high);
      expect(priorDensity(prior, x)).toBeGreaterThan(0);
    }
  });

  it.each(PRIORS.map((p) => [JSON.stringify(p), p] as const))("%s: density is 0 outside the bounds and for non-finite x", (_, prior) => {
    const { low, high } = priorBounds(prior);
    if (Number.isFinite(low)) expect(priorDensity(prior, low - 1e-9 * (1 + Math.abs(low)))).toBe(0);
    if (Number.isFinite(high)) expect(priorDensity(prior, high + 1e-9 * (1 + Math.abs(high)))).toBe(0);
    expect(priorDensity(prior, Number.NaN)).toBe(0);
    expect(priorDensity(prior, Number.POSITIVE_INFINITY)).toBe(0);
  });

  it("uniform and log-uniform densities are normalised", () => {
    expect(priorDensity({ kind: "uniform", low: -3, high: 5 }, 0)).toBeCloseTo(1 / 8, 15);
    const lu: Prior = { kind: "log-uniform", low: 1, high: 100 };
    // Trapezoid integral of the density over [1, 100] on a log grid.
    let integral = 0;
    const steps = 20000;
    for (let i = 0; i < steps; i++) {
      const a = Math.exp((Math.log(100) * i) / steps);
      const b = Math.min(100, Math.exp((Math.log(100) * (i + 1)) / steps)); // exp(ln 100) rounds above 100
      integral += ((priorDensity(lu, a) + priorDensity(lu, b)) / 2) * (b - a);
    }
    expect(integral).toBeCloseTo(1, 5);
  });

  it("beta: density endpoints are outside the open support", () => {
    const prior: Prior = { kind: "beta", mean: 0.3, concentration: 10 };
    expect(priorDensity(prior, 0)).toBe(0);
    expect(priorDensity(prior, 1)).toBe(0);
  });

  it("draws match their distributions' known moments", () => {
    // Beta(mean 0.3, a + b = 10): mean 0.3, sd sqrt(0.3·0.7 / 11) = 0.1382.
    const b = draws({ kind: "beta", mean: 0.3, concentration: 10 }, 20000);
    expect(mean(b)).toBeCloseTo(0.3, 2);
    expect(Math.sqrt(mean(b.map((x) => (x - 0.3) ** 2)))).toBeCloseTo(0.1382, 2);
    // Log-uniform on [1, 100]: median sqrt(1 · 100) = 10.
    const lu = draws({ kind: "log-uniform", low: 1, high: 100 }, 20000);
    expect(lu.filter((x) => x < 10).length / lu.length).toBeCloseTo(0.5, 1.5);
    // Standard normal beyond 4: E[Z | Z > 4] = φ(4) / (1 − Φ(4)) = 4.2256 (the tail sampler).
    expect(mean(draws({ kind: "normal", mean: 0, sd: 1, low: 4 }, 5000))).toBeCloseTo(4.2256, 1.5);
    expect(mean(draws({ kind: "normal", mean: 0, sd: 1, high: -4 }, 5000))).toBeCloseTo(-4.2256, 1.5);
    // Truncation symmetric about the mean keeps the mean.
    expect(mean(draws({ kind: "normal", mean: 1, sd: 2, low: 0, high: 2 }, 20000))).toBeCloseTo(1, 1.5);
  });

  it("draws follow the density: bin frequency ratios match density ratios", () => {
    const cases: readonly [Prior, number, number][] = [
      [{ kind: "beta", mean: 0.3, concentration: 10 }, 0.2, 0.45],
      [{ kind: "log-uniform", low: 1, high: 100 }, 3, 30],
      [{ kind: "normal", mean: 0, sd: 1, low: 5, high: 5.01 }, 5.001, 5.008],
    ];
    for (const [prior, x1, x2] of cases) {
      const width = (priorBounds(prior).high - priorBounds(prior).low) / 100;
      const xs = draws(prior, 40000, "bins");
      const count = (x: number): number => xs.filter((v) => Math.abs(v - x) <= width / 2).length;
      const ratio = count(x1) / count(x2);
      const expected = priorDensity(prior, x1) / priorDensity(prior, x2);
      expect(Math.abs(ratio / expected - 1)).toBeLessThan(0.15);
    }
  });

  it("rejects improper parameters", () => {
    const bad: readonly Prior[] = [
      { kind: "uniform", low: 1, high: 1 },
      { kind: "uniform", low: 0, high: Number.POSITIVE_INFINITY },
      { kind: "normal", mean: 0, sd: 0 },
      { kind: "normal", mean: 0, sd: 1, low: 2, high: 1 },
      { kind: "beta", mean: 1, concentration: 2 },
      { kind: "beta", mean: 0.5, concentration: 0 },
      { kind: "log-uniform", low: 0, high: 10 },
    ];
    for (const prior of bad) {
      expect(() => validatePrior(prior)).toThrow(RangeError);
      expect(() => samplePrior(prior, createRng("x"))).toThrow(RangeError);
    }
  });
});
