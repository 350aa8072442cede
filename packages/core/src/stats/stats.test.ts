import { describe, expect, it } from "vitest";
import { addValue, createMoments, createQuantileSketch, meanInterval, tQuantile975, variance, wilsonInterval } from "@ringfence/core/batch";

describe("moments and intervals, against hand-computed values", () => {
  it("mean, variance and the t interval of [1, 2, 3, 4]", () => {
    const m = createMoments();
    for (const x of [1, 2, 3, 4]) addValue(m, x);
    expect(m.mean).toBe(2.5);
    expect(variance(m)).toBeCloseTo(5 / 3, 12); // Σ(x−2.5)² = 5, over n−1 = 3
    // t(0.975, 3) = 3.182446; half-width = 3.182446 × sqrt((5/3)/4) = 2.054339
    const ci = meanInterval(m);
    expect(ci.low).toBeCloseTo(2.5 - 2.054339, 3);
    expect(ci.high).toBeCloseTo(2.5 + 2.054339, 3);
  });
  it("t quantiles match published tables", () => {
    expect(tQuantile975(1)).toBeCloseTo(12.7062, 4);
    expect(tQuantile975(5)).toBeCloseTo(2.5706, 3);
    expect(tQuantile975(10)).toBeCloseTo(2.2281, 4);
    expect(tQuantile975(30)).toBeCloseTo(2.0423, 4);
    // Beyond the table the expansion must agree with published values.
    expect(tQuantile975(40)).toBeCloseTo(2.0211, 4);
    expect(tQuantile975(60)).toBeCloseTo(2.0003, 4);
    expect(tQuantile975(120)).toBeCloseTo(1.9799, 4);
    expect(tQuantile975(1000)).toBeCloseTo(1.9623, 4);
  });
  it("Wilson interval of 3/10 and the edges", () => {
    // Hand: p=0.3, z=1.96: centre (0.3+0.19208)/1.38415 = 0.35551; half 1.96/1.38415·sqrt(0.021+0.0009604) = 0.24778
    const w = wilsonInterval(3, 10);
    expect(w.low).toBeCloseTo(0.1078, 4);
    expect(w.high).toBeCloseTo(0.6032, 4);
    expect(wilsonInterval(0, 20).low).toBe(0);
    expect(wilsonInterval(20, 20).high).toBe(1);
    expect(wilsonInterval(0, 20).high).toBeCloseTo(0.1611, 4);
  });
  it("the quantile sketch is within its stated accuracy of exact sample quantiles, negatives included", () => {
    const s = createQuantileSketch();
    const values = Array.from({ length: 1001 }, (_, i) => i - 300); // −300 … 700
    for (const v of values) s.add(v);
    for (const [q, exact] of [[0.05, -250], [0.5, 200], [0.95, 650]] as const) {
      expect(Math.abs(s.quantile(q) - exact)).toBeLessThanOrEqual(Math.abs(exact) * 0.001 + 1e-9);
    }
  });
});
