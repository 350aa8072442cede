import { CholeskyDecomposition, Matrix } from "ml-matrix";
import { describe, expect, it } from "vitest";
import { latinHypercube } from "../explore/samplers.js";
import { createRng } from "../random.js";
import { fitEmulator, restoreEmulator, type GaussianProcessEmulator } from "./emulator.js";

/** A smooth test function on [0, 1]² (range about 2.7). */
const smooth = (x: ArrayLike<number>): number => Math.sin(3 * x[0]!) + Math.cos(2 * x[1]!) * x[0]! + 0.5 * x[1]! ** 2;

/** Held-out points: uniform draws not in any design. */
function heldOut(n: number, dims: number, seed: string): Float64Array[] {
  const rng = createRng(seed);
  return Array.from({ length: n }, () => Float64Array.from({ length: dims }, () => rng.next()));
}

/** n draws of a zero-mean GP with a squared-exponential kernel (length scales ls, signal variance s2) plus noise of variance t2. */
function gpSample(xs: readonly Float64Array[], ls: readonly number[], s2: number, t2: number, seed: string): number[] {
  const n = xs.length;
  const k = new Matrix(n, n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      let r2 = 0;
      for (let i = 0; i < ls.length; i++) r2 += ((xs[a]![i]! - xs[b]![i]!) / ls[i]!) ** 2;
      k.set(a, b, s2 * Math.exp(-0.5 * r2) + (a === b ? 1e-9 : 0));
    }
  }
  const l = new CholeskyDecomposition(k).lowerTriangularMatrix;
  const rng = createRng(seed);
  const z = Array.from({ length: n }, () => rng.normal());
  return Array.from({ length: n }, (_, a) => {
    let s = 0;
    for (let b = 0; b <= a; b++) s += l.get(a, b) * z[b]!;
    return s + Math.sqrt(t2) * rng.normal();
  });
}

describe("a GP emulator of a known smooth function", () => {
  const design = latinHypercube(40, 2, createRng("smooth-design"));
  const emulator = fitEmulator(design, design.map(smooth), { ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }] });
  const test = heldOut(300, 2, "smooth-test");

  it("reproduces the function on held-out points within its stated error", () => {
    let within = 0;
    let squares = 0;
    for (const x of test) {
      const { mean, variance } = emulator.predict(x);
      const error = smooth(x) - mean;
      squares += error * error;
      if (Math.abs(error) <= 3 * Math.sqrt(variance)) within++;
    }
    // Stated error: the emulator's own sd. At least 95% of held-out errors are within 3 sd ...
    expect(within / test.length).toBeGreaterThanOrEqual(0.95);
    // ... and the errors are small against the function's range (~2.7): RMSE below 0.001.
    expect(Math.sqrt(squares / test.length)).toBeLessThan(0.001);
  });

  it("interpolates a deterministic function: tiny nugget, tiny variance at design points", () => {
    expect(emulator.hyperparameters.nuggetVariance).toBeLessThan(1e-4);
    for (const x of design.slice(0, 5)) {
      const p = emulator.predict(x);
      expect(Math.abs(p.mean - smooth(x))).toBeLessThan(1e-3);
      expect(p.variance).toBeLessThan(1e-4);
    }
  });

  it("passes its leave-one-out check", () => {
    expect(emulator.leaveOneOut().shareWithin3).toBeGreaterThanOrEqual(0.95);
  });

  it("is fitted at a local maximum of the marginal likelihood (each log hyperparameter nudged both ways lowers it)", () => {
    const s = emulator.serialize();
    const at = (logs: readonly number[]): number => restoreEmulator({ ...s, logHyperparameters: logs }).logLikelihood;
    const best = emulator.logLikelihood;
    // Hyperparameters at a bound of their box (a nugget at its floor) are left out: the optimum there is a corner.
    const floor = Math.log(1e-8) + 0.01;
    for (let i = 0; i < s.logHyperparameters.length; i++) {
      if (s.logHyperparameters[i]! < floor) continue;
      for (const step of [-0.02, 0.02]) {
        const logs = [...s.logHyperparameters];
        logs[i]! += step;
        expect(at(logs)).toBeLessThanOrEqual(best + 1e-6);
      }
    }
  });

  it("is deterministic, and a restored emulator predicts exactly the same", () => {
    const again = fitEmulator(design, design.map(smooth), { ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }] });
    expect(again.serialize()).toEqual(emulator.serialize());
    const restored = restoreEmulator(JSON.parse(JSON.stringify(emulator.serialize())));
    for (const x of test.slice(0, 20)) expect(restored.predict(x)).toEqual(emulator.predict(x));
  });
});

describe("a GP emulator of noisy runs from a GP with known hyperparameters", () => {
  const xs = latinHypercube(120, 2, createRng("noisy-design"));
  const ys = gpSample(xs, [0.3, 0.6], 4, 0.25, "noisy-values");
  const emulator = fitEmulator(xs, ys, { mean: "constant", ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }] });

  it("estimates the noise (nugget) variance and the signal variance near the truth", () => {
    const { nuggetVariance, signalVariance, lengthScales } = emulator.hyperparameters;
    expect(nuggetVariance).toBeGreaterThan(0.25 / 1.6);
    expect(nuggetVariance).toBeLessThan(0.25 * 1.6);
    expect(signalVariance).toBeGreaterThan(4 / 4);
    expect(signalVariance).toBeLessThan(4 * 4);
    expect(lengthScales[0]).toBeLessThan(lengthScales[1]!);
  });

  it("passes leave-one-out when well specified: ≥ 95% within ±3, mean squared error about 1", () => {
    const loo = emulator.leaveOneOut();
    expect(loo.shareWithin3).toBeGreaterThanOrEqual(0.95);
    expect(loo.meanSquared).toBeGreaterThan(0.7);
    expect(loo.meanSquared).toBeLessThan(1.4);
  });

  it("flags a badly misspecified emulator (length scale 10× too long, no noise)", () => {
    const bad = fitEmulator(xs, ys, { mean: "constant", ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }], fixed: { lengthScales: [3, 6], signalVariance: 4, nuggetVariance: 1e-4 } });
    const loo = bad.leaveOneOut();
    expect(loo.shareWithin3).toBeLessThan(0.8);
    expect(loo.meanSquared).toBeGreaterThan(10);
  });

  it("leave-one-out in closed form equals refitting without each run (same hyperparameters)", () => {
    const loo = emulator.leaveOneOut();
    const fixed = emulator.hyperparameters;
    for (const i of [0, 17, 63, 119]) {
      const others = xs.filter((_, j) => j !== i);
      const without: GaussianProcessEmulator = fitEmulator(others, ys.filter((_, j) => j !== i), {
        mean: "constant",
        ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }],
        fixed,
      });
      const p = without.predict(xs[i]!);
      expect(loo.mean[i]).toBeCloseTo(p.mean, 6);
      expect(loo.sd[i]).toBeCloseTo(Math.sqrt(p.variance + fixed.nuggetVariance), 6);
    }
  });
});

describe("GP emulator options and errors", () => {
  it("a linear mean reproduces a linear function exactly, with either kernel", () => {
    const xs = latinHypercube(15, 3, createRng("linear"));
    const f = (x: ArrayLike<number>): number => 2 + 3 * x[0]! - x[1]! + 0.5 * x[2]!;
    for (const kernel of ["squared-exponential", "matern52"] as const) {
      const e = fitEmulator(xs, xs.map(f), { kernel, ranges: [0, 1, 2].map(() => ({ low: 0, high: 1 })) });
      for (const x of heldOut(20, 3, "linear-test")) expect(e.predict(x).mean).toBeCloseTo(f(x), 4);
    }
  });

  it("a Matérn 5/2 emulator also reproduces the smooth function", () => {
    const design = latinHypercube(40, 2, createRng("smooth-design"));
    const e = fitEmulator(design, design.map(smooth), { kernel: "matern52" });
    let squares = 0;
    const test = heldOut(200, 2, "matern-test").map((x) => x.map((v) => 0.05 + 0.9 * v)); // inside the design's hull
    for (const x of test) squares += (smooth(x) - e.predict(x).mean) ** 2;
    expect(Math.sqrt(squares / test.length)).toBeLessThan(0.05);
  });

  it("scales inputs by their ranges: the same data in other units gives the same predictions", () => {
    const design = latinHypercube(30, 2, createRng("units"));
    const unit = fitEmulator(design, design.map(smooth), { ranges: [{ low: 0, high: 1 }, { low: 0, high: 1 }] });
    const scaled = design.map((x) => [100 + 50 * x[0]!, -2 + 0.01 * x[1]!]);
    const other = fitEmulator(scaled, design.map(smooth), { ranges: [{ low: 100, high: 150 }, { low: -2, high: -1.99 }] });
    const p = unit.predict([0.3, 0.7]);
    const q = other.predict([115, -2 + 0.007]);
    expect(q.mean).toBeCloseTo(p.mean, 8);
    expect(q.variance).toBeCloseTo(p.variance, 10);
  });

  it("refuses bad input with the field, the value and what was expected", () => {
    expect(() => fitEmulator([[0], [1]], [1], {})).toThrow(/outputs: expected 2 values/);
    expect(() => fitEmulator([[0], [0.5], [1]], [1, Number.NaN, 2])).toThrow(/outputs\[1\]: expected a finite number, got NaN/);
    expect(() => fitEmulator([[0], [0.5, 1], [1]], [1, 2, 3])).toThrow(/inputs\[1\]: expected 1 values, got 2/);
    expect(() => fitEmulator([[0], [1]], [1, 2])).toThrow(/expected more than 2 runs for a linear mean/);
    expect(() => fitEmulator([[0], [0.5], [1]], [1, 2, 3], { ranges: [{ low: 1, high: 1 }] })).toThrow(/ranges\[0\]: expected finite low < high, got 1 to 1/);
    expect(() => fitEmulator([[0], [0.5], [1]], [1, 2, 3], { fixed: { lengthScales: [0], signalVariance: 1, nuggetVariance: 1 } })).toThrow(/fixed: expected positive/);
  });
});
