/**
 * The numbers the experiment report adds for people: binomial tails and PRIM quasi-p values, factor labels
 * with their ranges, and the warnings a small sample gets.
 */
import { describe, expect, it } from "vitest";
import { binomialUpperTail, factorLabel, quasiPValues, rangeText, sampleWarnings } from "./write-experiment.js";

describe("the experiment report's numbers", () => {
  it("computes binomial upper tails by hand", () => {
    // P(X ≥ 2), X ~ Bin(3, 0.5) = (3 + 1) / 8.
    expect(binomialUpperTail(2, 3, 0.5)).toBeCloseTo(0.5, 12);
    expect(binomialUpperTail(0, 10, 0.3)).toBe(1);
    expect(binomialUpperTail(11, 10, 0.3)).toBe(0);
    // P(X ≥ 10), X ~ Bin(10, 0.3) = 0.3^10.
    expect(binomialUpperTail(10, 10, 0.3)).toBeCloseTo(0.3 ** 10, 15);
  });

  it("gives a restriction on a factor that decides the cases a small quasi-p, and one on a factor with no effect a large one", () => {
    // Factor 0 decides: cases are exactly x0 < 0.3. Factor 1 is noise. A box restricting both.
    const rows: number[][] = [];
    const cases: boolean[] = [];
    for (let i = 0; i < 400; i++) {
      const x0 = ((i * 37) % 400) / 400;
      const x1 = ((i * 91) % 400) / 400;
      rows.push([x0, x1]);
      cases.push(x0 < 0.3);
    }
    const q = quasiPValues(rows, cases, [{ low: 0, high: 0.3 }, { low: 0, high: 0.7 }], [0, 1]);
    expect(q.get(0)!).toBeLessThan(1e-6);
    expect(q.get(1)!).toBeGreaterThan(0.05);
  });

  it("labels a factor by what it is and its range in its unit", () => {
    expect(rangeText(0.005, 0.04, "a year")).toBe("0.5%–4% a year");
    expect(rangeText(0, 1, "share")).toBe("0%–100%");
    expect(rangeText(2, 10, "patients")).toBe("2–10 patients");
    const label = factorLabel("icb.tariffEfficiency", 0.005, 0.04, "a year");
    expect(label).toMatch(/, 0\.5%–4% a year$/);
    expect(label).not.toContain("icb.tariffEfficiency");
  });

  it("warns, with the reason, when Sobol intervals are too wide and when PRIM's box is no denser than the base rate", () => {
    const wide = sampleWarnings({ id: "t", label: "t", sobol: [{ factor: "a", first: { estimate: 0.2, low: -0.3, high: 0.8 }, total: { estimate: 0.3, low: 0.1, high: 0.4 } }] });
    expect(wide.join(" ")).toContain("from −0.30 to 0.80".replace("−", "-"));
    const narrow = sampleWarnings({ id: "t", label: "t", sobol: [{ factor: "a", first: { estimate: 0.2, low: 0.15, high: 0.25 }, total: { estimate: 0.3, low: 0.25, high: 0.35 } }] });
    expect(narrow).toEqual([]);
    const base = { question: "q", rows: 32, cases: 16, minDensity: 0.5, trajectory: [] };
    const thin = sampleWarnings({ id: "t", label: "t", discovery: { ...base, chosen: { kind: "peel", coverage: 0.4, density: 0.55, mass: 0.36, index: 3, count: 11, limits: [] } } });
    expect(thin.join(" ")).toContain("not clearly above the base rate (50% of all runs)");
    const dense = sampleWarnings({ id: "t", label: "t", discovery: { ...base, rows: 1000, cases: 200, chosen: { kind: "peel", coverage: 0.8, density: 0.9, mass: 0.18, index: 9, count: 180, limits: [] } } });
    expect(dense).toEqual([]);
  });
});
