import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import {
  deserializeGeneration,
  effectiveSampleSize,
  proposeBatch,
  runAbcSmc,
  serializeGeneration,
  weightedMean,
  weightedQuantile,
  type AbcGeneration,
  type AbcOptions,
} from "./abc-smc.js";

/** Weighted mean and sd of coordinate k of a population. */
function moments(g: { particles: readonly Float64Array[]; weights: readonly number[] }, k: number): { mean: number; sd: number } {
  const xs = g.particles.map((p) => p[k]!);
  const m = weightedMean(xs, g.weights);
  return { mean: m, sd: Math.sqrt(weightedMean(xs.map((x) => (x - m) ** 2), g.weights)) };
}

// Observed data: 50 draws of N(2, 1); the summary is the sample mean.
const N_OBS = 50;
const obsRng = createRng("observed-data");
const observedMean = Array.from({ length: N_OBS }, () => obsRng.normal(2, 1)).reduce((s, x) => s + x, 0) / N_OBS;

/** Simulates 50 draws of N(θ₀, 1) per proposal, seeded by (generation, batch, i), and returns |mean − observed|. */
const normalMeanSimulator: AbcOptions["simulate"] = async (proposals, { generation, batch }) =>
  proposals.map((theta, i) => {
    const rng = createRng(`sim:${generation}:${batch}:${i}`);
    let sum = 0;
    for (let k = 0; k < N_OBS; k++) sum += rng.normal(theta[0]!, 1);
    return Math.abs(sum / N_OBS - observedMean);
  });

const normalMeanOptions = (overrides: Partial<AbcOptions> = {}): AbcOptions => ({
  parameters: [{ name: "theta", prior: { kind: "uniform", low: -10, high: 10 } }],
  particles: 300,
  generations: 10,
  seed: "normal-mean",
  simulate: normalMeanSimulator,
  ...overrides,
});

function checkInvariants(generations: readonly AbcGeneration[], particles: number): void {
  for (const g of generations) {
    expect(g.particles).toHaveLength(particles);
    expect(g.weights).toHaveLength(particles);
    expect(g.distances).toHaveLength(particles);
    for (const w of g.weights) expect(w).toBeGreaterThanOrEqual(0);
    expect(g.weights.reduce((s, w) => s + w, 0)).toBeCloseTo(1, 10);
    expect(g.ess).toBeGreaterThanOrEqual(1);
    expect(g.ess).toBeLessThanOrEqual(particles + 1e-9);
    for (const d of g.distances) expect(d).toBeLessThanOrEqual(g.tolerance);
    expect(g.proposed).toBeGreaterThanOrEqual(particles);
  }
}

describe("ABC-SMC on a normal mean with a known posterior", async () => {
  const result = await runAbcSmc(normalMeanOptions());

  it("recovers the analytic posterior N(x̄, 1/50) under a flat prior", () => {
    const { mean, sd } = moments(result.posterior, 0);
    expect(Math.abs(mean - observedMean)).toBeLessThan(0.15);
    expect(Math.abs(sd - 1 / Math.sqrt(N_OBS)) / (1 / Math.sqrt(N_OBS))).toBeLessThan(0.3);
  });

  it("runs every generation with strictly decreasing tolerances", () => {
    expect(result.generations).toHaveLength(10);
    expect(result.stopReason).toBe("max-generations");
    const tolerances = result.generations.map((g) => g.tolerance);
    for (let i = 1; i < tolerances.length; i++) expect(tolerances[i]!).toBeLessThan(tolerances[i - 1]!);
    // Each tolerance is the weighted median of the previous generation's distances.
    for (let i = 1; i < tolerances.length; i++) {
      const prev = result.generations[i - 1]!;
      expect(tolerances[i]).toBe(weightedQuantile(prev.distances, prev.weights, 0.5));
    }
  });

  it("keeps weights normalised and ESS within [1, particles]", () => {
    checkInvariants(result.generations, 300);
    expect(result.generations[0]!.ess).toBeCloseTo(300, 9);
  });
});

describe("ABC-SMC with one identifiable and one non-identifiable parameter", async () => {
  // θ₀ ~ U(0, 10) sets the output; θ₁ ~ Beta(mean 0.3, concentration 10) is ignored by the simulator.
  const priorSd0 = 10 / Math.sqrt(12);
  const priorSd1 = Math.sqrt((0.3 * 0.7) / 11);
  const result = await runAbcSmc({
    parameters: [
      { name: "identifiable", prior: { kind: "uniform", low: 0, high: 10 } },
      { name: "ignored", prior: { kind: "beta", mean: 0.3, concentration: 10 } },
    ],
    particles: 400,
    generations: 8,
    seed: "two-parameters",
    batchSize: 128,
    simulate: async (proposals, { generation, batch }) =>
      proposals.map((theta, i) => Math.abs(theta[0]! + createRng(`two:${generation}:${batch}:${i}`).normal(0, 0.2) - 4)),
  });

  it("shrinks the identifiable parameter's spread", () => {
    const { mean, sd } = moments(result.posterior, 0);
    expect(Math.abs(mean - 4)).toBeLessThan(0.1);
    expect(sd).toBeLessThan(0.1 * priorSd0);
  });

  it("leaves the ignored parameter at its prior", () => {
    const { mean, sd } = moments(result.posterior, 1);
    expect(Math.abs(mean - 0.3)).toBeLessThan(0.03);
    expect(Math.abs(sd / priorSd1 - 1)).toBeLessThan(0.2);
  });

  it("keeps weights normalised and ESS within [1, particles]", () => {
    checkInvariants(result.generations, 400);
    expect(result.posterior.names).toEqual(["identifiable", "ignored"]);
  });
});

describe("ABC-SMC determinism and resumption", () => {
  const options = normalMeanOptions({ particles: 120, generations: 6, batchSize: 50, seed: "resume" });

  it("gives identical generations for the same seed, different ones for another", async () => {
    const a = await runAbcSmc(options);
    const b = await runAbcSmc(options);
    expect(b.generations).toEqual(a.generations);
    const c = await runAbcSmc({ ...options, seed: "other" });
    expect(c.generations[0]!.particles).not.toEqual(a.generations[0]!.particles);
  });

  it("a run resumed from generation 2's serialised output ends identical to an uninterrupted run", async () => {
    const files: string[] = [];
    const full = await runAbcSmc({ ...options, onGeneration: (g) => void files.push(JSON.stringify(serializeGeneration(g))) });
    expect(files).toHaveLength(6);
    const resume = files.slice(0, 3).map((text) => deserializeGeneration(JSON.parse(text)));
    expect(resume).toEqual(full.generations.slice(0, 3));
    const seen: number[] = [];
    const resumed = await runAbcSmc({ ...options, resume, onGeneration: (g) => void seen.push(g.index) });
    expect(seen).toEqual([3, 4, 5]);
    expect(resumed.generations).toEqual(full.generations);
    expect(resumed.posterior).toEqual(full.posterior);
  });

  it("re-proposes exactly the same vectors when an interrupted generation is re-run", async () => {
    const firstTry = new Map<string, Float64Array[]>();
    const finished: AbcGeneration[] = [];
    await expect(
      runAbcSmc({
        ...options,
        onGeneration: (g) => void finished.push(g),
        simulate: async (proposals, context) => {
          if (context.generation === 3 && context.batch === 2) throw new Error("simulator crashed");
          if (context.generation === 3) firstTry.set(`${context.batch}`, proposals.map((p) => Float64Array.from(p)));
          return normalMeanSimulator(proposals, context);
        },
      }),
    ).rejects.toThrow("simulator crashed");
    expect(finished.map((g) => g.index)).toEqual([0, 1, 2]);
    expect(firstTry.size).toBe(2);

    const secondTry = new Map<string, Float64Array[]>();
    await runAbcSmc({
      ...options,
      resume: finished,
      simulate: async (proposals, context) => {
        if (context.generation === 3) secondTry.set(`${context.batch}`, proposals.map((p) => Float64Array.from(p)));
        return normalMeanSimulator(proposals, context);
      },
    });
    expect(secondTry.get("0")).toEqual(firstTry.get("0"));
    expect(secondTry.get("1")).toEqual(firstTry.get("1"));
    // And proposeBatch reproduces them without running anything.
    const spec = { parameters: options.parameters, seed: options.seed, batchSize: 50 };
    expect(proposeBatch(spec, 3, 1, finished[2])).toEqual(firstTry.get("1"));
    expect(proposeBatch(spec, 3, 1, finished[1])).not.toEqual(firstTry.get("1"));
  });

  it("never hands out proposals outside the prior's support", async () => {
    const outside: number[] = [];
    await runAbcSmc({
      parameters: [{ name: "p", prior: { kind: "uniform", low: 0, high: 1 } }],
      particles: 100,
      generations: 6,
      seed: "edge",
      // The posterior piles up against the bound at 0, so many perturbations fall below it.
      simulate: async (proposals) =>
        proposals.map((theta) => {
          if (!(theta[0]! >= 0 && theta[0]! <= 1)) outside.push(theta[0]!);
          return theta[0]!;
        }),
    });
    expect(outside).toEqual([]);
  });
});

describe("ABC-SMC inside a region", () => {
  it("never proposes outside the region and samples the posterior truncated to it", async () => {
    const outside: number[] = [];
    const region = (theta: Float64Array): boolean => theta[0]! >= observedMean;
    const result = await runAbcSmc(
      normalMeanOptions({
        region,
        simulate: async (proposals, context) => {
          for (const p of proposals) if (!region(p)) outside.push(p[0]!);
          return normalMeanSimulator(proposals, context);
        },
      }),
    );
    expect(outside).toEqual([]);
    // N(x̄, 1/50) truncated below at x̄ has mean x̄ + s·φ(0)/(1 − Φ(0)) = x̄ + 0.798 s, s = 1/√50 (0.113).
    const { mean } = moments(result.posterior, 0);
    expect(mean - observedMean).toBeGreaterThan(0.06);
    expect(mean - observedMean).toBeLessThan(0.17);
    // proposeBatch reproduces region-restricted proposals from the spec alone.
    const spec = { parameters: normalMeanOptions().parameters, seed: "normal-mean", batchSize: 300, region };
    for (const p of proposeBatch(spec, 0, 0, undefined)) expect(p[0]!).toBeGreaterThanOrEqual(observedMean);
  });
});

describe("ABC-SMC stopping on low acceptance", () => {
  it("abandons a generation that cannot reach the acceptance floor and returns the previous one", async () => {
    let calls = 0;
    let gen2Proposals = 0;
    const result = await runAbcSmc({
      ...normalMeanOptions({ particles: 50, generations: 5, batchSize: 20, minAcceptance: 0.1 }),
      simulate: async (proposals, context) => {
        calls++;
        if (context.generation < 2) return normalMeanSimulator(proposals, context);
        gen2Proposals += proposals.length;
        return proposals.map(() => Number.NaN);
      },
    });
    expect(result.stopReason).toBe("low-acceptance");
    expect(result.generations).toHaveLength(2);
    expect(result.posterior.particles).toBe(result.generations[1]!.particles);
    // ceil(50 / 0.1) = 500 proposals in batches of 20: exactly 25 batches.
    expect(gen2Proposals).toBe(500);
    expect(calls).toBeGreaterThan(25);
  });

  it("throws when the simulator returns a wrong number of distances", async () => {
    await expect(runAbcSmc(normalMeanOptions({ simulate: async () => [1, 2, 3] }))).rejects.toThrow(RangeError);
  });
});

describe("weighted statistics", () => {
  it("weightedQuantile inverts the weighted ECDF", () => {
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 0.5)).toBe(2);
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 0.51)).toBe(3);
    expect(weightedQuantile([4, 1, 3, 2], [1, 1, 1, 1], 1)).toBe(4);
    expect(weightedQuantile([4, 1, 3, 2], [0, 0, 0, 5], 0)).toBe(2);
    expect(weightedQuantile([1, 2, 3], [0.1, 0.1, 0.8], 0.25)).toBe(3);
    expect(() => weightedQuantile([1], [1], 1.5)).toThrow(RangeError);
    expect(() => weightedQuantile([1, 2], [0, 0], 0.5)).toThrow(RangeError);
  });
  it("weightedMean and effectiveSampleSize", () => {
    expect(weightedMean([1, 2, 3], [1, 1, 2])).toBe(2.25);
    expect(effectiveSampleSize([0.25, 0.25, 0.25, 0.25])).toBeCloseTo(4, 12);
    expect(effectiveSampleSize([1, 0, 0])).toBe(1);
    expect(effectiveSampleSize([2, 1, 1])).toBeCloseTo(16 / 6, 12); // normalised: 1/2, 1/4, 1/4
  });
  it("deserializeGeneration rejects malformed input", () => {
    expect(() => deserializeGeneration(null)).toThrow(TypeError);
    expect(() =>
      deserializeGeneration({ index: 0, tolerance: 1, particles: [[1]], weights: [1, 0], distances: [0], proposed: 1, ess: 1 }),
    ).toThrow(TypeError);
    expect(() =>
      deserializeGeneration({ index: 0, tolerance: null, particles: [[1]], weights: [1], distances: [0], proposed: 1, ess: 1 }),
    ).toThrow(TypeError);
  });
});

describe("ABC-SMC perturbation kernel scale", () => {
  // A previous generation of 400 equally weighted draws of N(0, 1): the kernel's covariance is about
  // kernelScale × 1, so perturbed proposals have variance about 1 + kernelScale.
  const rng = createRng("previous");
  const particles = Array.from({ length: 400 }, () => Float64Array.of(rng.normal(0, 1)));
  const previous: AbcGeneration = { index: 0, tolerance: 1, particles, weights: particles.map(() => 1 / 400), distances: particles.map(() => 0), proposed: 400, ess: 400 };
  const spec = (kernelScale?: number | "silverman") => ({ parameters: [{ name: "x", prior: { kind: "normal", mean: 0, sd: 10 } as const }], seed: "k", batchSize: 4000, ...(kernelScale === undefined ? {} : { kernelScale }) });
  const variance = (xs: readonly Float64Array[]) => {
    const m = xs.reduce((s, x) => s + x[0]!, 0) / xs.length;
    return xs.reduce((s, x) => s + (x[0]! - m) ** 2, 0) / xs.length;
  };

  it("perturbs by twice the population covariance by default, and by the scale given otherwise", () => {
    const base = variance(particles);
    expect(variance(proposeBatch(spec(), 1, 0, previous)) - base).toBeCloseTo(2 * base, 0);
    expect(variance(proposeBatch(spec(0.25), 1, 0, previous)) - base).toBeCloseTo(0.25 * base, 0);
    // Silverman's rule for d = 1, n = 400: (4/3)^(2/5) · 400^(−2/5) ≈ 0.10.
    const silverman = (4 / 3) ** 0.4 * 400 ** -0.4;
    expect(Math.abs(variance(proposeBatch(spec("silverman"), 1, 0, previous)) - base - silverman * base)).toBeLessThan(0.1);
  });

  it("refuses a kernel scale that is not positive", () => {
    expect(() => proposeBatch(spec(0), 1, 0, previous)).toThrow(/kernelScale: expected a positive number/);
  });
});
