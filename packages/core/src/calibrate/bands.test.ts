import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { effectiveSampleSize } from "./abc-smc.js";
import { clusterBootstrapInterval, clusteredMeanInterval, distinctCount, drawRunParticles, systematicResample, varianceComponents } from "./bands.js";

describe("systematic resampling and run draws", () => {
  it("gives each particle ⌊R·w⌋ or ⌈R·w⌉ runs", () => {
    const rng = createRng("weights");
    const weights = Array.from({ length: 37 }, () => rng.next() ** 3);
    const total = weights.reduce((a, b) => a + b, 0);
    for (const u of [0, 0.25, 0.999]) {
      const picks = systematicResample(weights, 100, u);
      expect(picks).toHaveLength(100);
      const counts = new Array<number>(37).fill(0);
      for (const i of picks) counts[i]!++;
      counts.forEach((c, i) => {
        const expected = (100 * weights[i]!) / total;
        expect(c).toBeGreaterThanOrEqual(Math.floor(expected - 1e-9));
        expect(c).toBeLessThanOrEqual(Math.ceil(expected + 1e-9));
      });
    }
  });

  it("never picks a particle of weight 0", () => {
    const picks = systematicResample([0, 1, 0, 0, 3, 0], 50, 0.5);
    expect(new Set(picks)).toEqual(new Set([1, 4]));
  });

  it("draws 100 distinct parameter sets for 100 runs from 500 equal-weight particles, where independent draws give about 90", () => {
    const weights = new Array<number>(500).fill(1);
    const runs = drawRunParticles(weights, 100, "flagship");
    expect(runs).toHaveLength(100);
    expect(distinctCount(runs)).toBe(100);
    // Independent draws by weight (what a per-run-seed draw does): 500·(1 − (1 − 1/500)^100) ≈ 90.6 on average.
    const rng = createRng("independent");
    let distinct = 0;
    for (let rep = 0; rep < 50; rep++) distinct += distinctCount(Array.from({ length: 100 }, () => rng.int(0, 499)));
    expect(distinct / 50).toBeLessThan(93);
    expect(distinct / 50).toBeGreaterThan(88);
  });

  it("with uneven weights, the distinct count is the number of particles with at least one run", () => {
    const rng = createRng("uneven");
    const weights = Array.from({ length: 500 }, () => Math.exp(rng.normal(0, 1)));
    const ess = effectiveSampleSize(weights);
    const runs = drawRunParticles(weights, 100, "uneven");
    const counts = new Map<number, number>();
    for (const i of runs) counts.set(i, (counts.get(i) ?? 0) + 1);
    expect(distinctCount(runs)).toBe(counts.size);
    // ESS ≈ 500/e ≈ 180 here; every particle gets at most ⌈100·w⌉ runs, so few runs share one.
    expect(ess).toBeGreaterThan(150);
    expect(counts.size).toBeGreaterThanOrEqual(95);
  });

  it("is a pure function of (weights, runs, seed), and shuffles the run order", () => {
    const weights = new Array<number>(200).fill(1);
    expect(drawRunParticles(weights, 50, "s")).toEqual(drawRunParticles(weights, 50, "s"));
    expect(drawRunParticles(weights, 50, "s")).not.toEqual(drawRunParticles(weights, 50, "t"));
    const runs = drawRunParticles(weights, 50, "s");
    expect([...runs].sort((a, b) => a - b)).not.toEqual(runs);
  });

  it("counts distinct vectors entry by entry", () => {
    expect(distinctCount([Float64Array.of(1, 2), Float64Array.of(1, 2), Float64Array.of(2, 1), [1, 2]])).toBe(2);
  });

  it("refuses bad weights with the index and the value", () => {
    expect(() => systematicResample([1, -1], 3, 0.5)).toThrow(/weights\[1\]: expected a finite weight ≥ 0, got -1/);
    expect(() => systematicResample([0, 0], 3, 0.5)).toThrow(/positive total/);
    expect(() => systematicResample([1], 3, 1)).toThrow(/u: expected a number in \[0, 1\)/);
  });
});

describe("intervals for runs that share particles", () => {
  /** 100 runs over 10 particles: particle effects N(0, 1), run noise N(0, 0.3²); the true mean is 0. */
  function replicate(seed: string): { values: number[]; clusters: number[] } {
    const rng = createRng(seed);
    const effects = Array.from({ length: 10 }, () => rng.normal());
    const clusters = Array.from({ length: 100 }, (_, r) => r % 10);
    return { values: clusters.map((c) => effects[c]! + rng.normal(0, 0.3)), clusters };
  }

  it("covers the true mean about 95% of the time where the naive interval covers far less", () => {
    let clustered = 0;
    let naive = 0;
    const reps = 400;
    for (let rep = 0; rep < reps; rep++) {
      const { values, clusters } = replicate(`coverage-${rep}`);
      const i = clusteredMeanInterval(values, clusters);
      if (i.low <= 0 && i.high >= 0) clustered++;
      // The interval that treats the 100 runs as independent: mean ± t(99) · s/√n.
      if (Math.abs(i.mean) <= 1.984 * i.naiveStandardError) naive++;
    }
    expect(clustered / reps).toBeGreaterThan(0.9);
    expect(clustered / reps).toBeLessThan(0.99);
    expect(naive / reps).toBeLessThan(0.6);
  });

  it("reports the design effect: about 1 + (m − 1)ρ for m runs per particle and intra-class correlation ρ", () => {
    // ρ = 1 / (1 + 0.09) ≈ 0.917 and m = 10: design effect ≈ 9.3 on average.
    let sum = 0;
    for (let rep = 0; rep < 200; rep++) {
      const { values, clusters } = replicate(`deff-${rep}`);
      sum += clusteredMeanInterval(values, clusters).designEffect;
    }
    expect(sum / 200).toBeGreaterThan(7);
    expect(sum / 200).toBeLessThan(11.5);
  });

  it("equals the naive interval's standard error (up to G/(G − 1)) when every run has its own particle", () => {
    const rng = createRng("singletons");
    const values = Array.from({ length: 60 }, () => rng.normal());
    const i = clusteredMeanInterval(values, values.map((_, r) => r));
    // Σ (y − ȳ)² · G/(G − 1) / n² = s² (n − 1)/n · n/(n − 1) / n = s²/n.
    expect(i.standardError).toBeCloseTo(i.naiveStandardError, 12);
    expect(i.clusters).toBe(60);
  });

  it("the cluster bootstrap agrees with the cluster-robust interval and covers about 95%", () => {
    let covered = 0;
    const reps = 150;
    for (let rep = 0; rep < reps; rep++) {
      const { values, clusters } = replicate(`boot-${rep}`);
      const b = clusterBootstrapInterval(values, clusters, { seed: `b${rep}`, resamples: 500 });
      if (b.low <= 0 && b.high >= 0) covered++;
    }
    // With 10 clusters the percentile bootstrap is a little narrow (no t correction): about 0.88–0.93.
    expect(covered / reps).toBeGreaterThan(0.83);
    const { values, clusters } = replicate("one");
    const b = clusterBootstrapInterval(values, clusters, { seed: "x" });
    const c = clusteredMeanInterval(values, clusters);
    expect((b.high - b.low) / (c.high - c.low)).toBeGreaterThan(0.6);
    expect((b.high - b.low) / (c.high - c.low)).toBeLessThan(1.2);
  });

  it("splits the variance into between- and within-particle parts", () => {
    let between = 0;
    let within = 0;
    for (let rep = 0; rep < 200; rep++) {
      const { values, clusters } = replicate(`vc-${rep}`);
      const v = varianceComponents(values, clusters);
      between += v.between;
      within += v.within;
    }
    // Truth: between 1, within 0.09 (both estimators unbiased).
    expect(between / 200).toBeGreaterThan(0.85);
    expect(between / 200).toBeLessThan(1.15);
    expect(within / 200).toBeCloseTo(0.09, 2);
  });

  it("refuses mismatched labels and non-finite values", () => {
    expect(() => clusteredMeanInterval([1, 2], [0])).toThrow(/clusters: expected 2 labels/);
    expect(() => clusteredMeanInterval([1, Number.NaN], [0, 1])).toThrow(/values\[1\]: expected a finite number, got NaN/);
    expect(() => varianceComponents([1, 2], [0, 1])).toThrow(/two or more runs/);
  });
});
