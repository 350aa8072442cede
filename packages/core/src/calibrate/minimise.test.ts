import { describe, expect, it } from "vitest";
import { minimiseLbfgs, type Objective } from "./minimise.js";

describe("minimiseLbfgs", () => {
  it("finds the minimum of an ill-conditioned quadratic (condition number 10⁴)", () => {
    // f(x) = Σ c_i (x_i − i)², c_i from 1 to 10⁴: minimum 0 at x_i = i.
    const c = [1, 10, 100, 1000, 10000];
    const f: Objective = (x, g) => {
      let v = 0;
      for (let i = 0; i < x.length; i++) {
        v += c[i]! * (x[i]! - i) ** 2;
        g[i] = 2 * c[i]! * (x[i]! - i);
      }
      return v;
    };
    const r = minimiseLbfgs(f, [5, 5, 5, 5, 5], { gradientTolerance: 1e-8, valueTolerance: 0 });
    expect(r.stop).toBe("gradient");
    for (let i = 0; i < 5; i++) expect(r.x[i]).toBeCloseTo(i, 6);
    expect(r.value).toBeLessThan(1e-12);
  });

  it("follows Rosenbrock's curved valley to (1, 1) from (−1.2, 1)", () => {
    const f: Objective = (x, g) => {
      const [a, b] = [x[0]!, x[1]!];
      g[0] = -400 * a * (b - a * a) - 2 * (1 - a);
      g[1] = 200 * (b - a * a);
      return 100 * (b - a * a) ** 2 + (1 - a) ** 2;
    };
    const r = minimiseLbfgs(f, [-1.2, 1], { gradientTolerance: 1e-9, maxIterations: 500 });
    expect(r.x[0]).toBeCloseTo(1, 5);
    expect(r.x[1]).toBeCloseTo(1, 5);
    expect(r.iterations).toBeLessThan(100);
  });

  it("treats a non-finite value as a failed step and stays inside the domain", () => {
    // f(x) = x − log x on x > 0 (Infinity elsewhere): minimum at x = 1. A full first step from 5 overshoots below 0.
    const f: Objective = (x, g) => {
      const v = x[0]!;
      g[0] = 1 - 1 / v;
      return v > 0 ? v - Math.log(v) : Number.POSITIVE_INFINITY;
    };
    const r = minimiseLbfgs(f, [0.05]);
    expect(r.x[0]).toBeCloseTo(1, 5);
  });

  it("is deterministic and refuses a start where f is not finite", () => {
    const f: Objective = (x, g) => {
      g[0] = Math.cos(x[0]!) + 0.2 * x[0]!;
      return Math.sin(x[0]!) + 0.1 * x[0]! ** 2;
    };
    expect(minimiseLbfgs(f, [2])).toEqual(minimiseLbfgs(f, [2]));
    expect(() => minimiseLbfgs(() => Number.NaN, [0])).toThrow(/finite value/);
  });
});
