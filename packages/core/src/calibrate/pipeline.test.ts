import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { clusteredMeanInterval, distinctCount, drawRunParticles, varianceComponents } from "./bands.js";
import { TOY_INPUTS, TOY_NOISE, TOY_TRUTH, toyMean, toySimulate, toyTargets } from "./fixtures/toy-simulator.js";
import { historyMatchLogLikelihood, isNonImplausible, runHistoryMatching } from "./history-matching.js";
import { temperedPosterior } from "./posterior.js";

const targets = toyTargets("planted");

/** The exact posterior under the same Gaussian model with the true mean function, on a fine grid. */
function gridPosterior(variances: readonly number[]): { mean: number[]; sd: number[] } {
  const g = 400;
  let total = 0;
  const s1 = [0, 0];
  const s2 = [0, 0];
  for (let i = 0; i < g; i++) {
    for (let j = 0; j < g; j++) {
      const a = ((i + 0.5) * 10) / g;
      const b = -5 + ((j + 0.5) * 10) / g;
      const f = toyMean(a, b);
      let ll = 0;
      for (let k = 0; k < 3; k++) ll += (-0.5 * (targets[k]!.observed - f[k]!) ** 2) / variances[k]!;
      const w = Math.exp(ll);
      total += w;
      s1[0]! += w * a;
      s1[1]! += w * b;
      s2[0]! += w * a * a;
      s2[1]! += w * b * b;
    }
  }
  const mean = s1.map((s) => s / total);
  return { mean, sd: s2.map((s, k) => Math.sqrt(s / total - mean[k]! ** 2)) };
}

describe("a planted parameter recovered through the whole pipeline: waves, then a posterior in the region", async () => {
  const { waves } = await runHistoryMatching({ inputs: TOY_INPUTS, targets, seed: "pipeline", waves: 3, regionSample: 2000, replicatePoints: 5, replicates: 5, simulate: toySimulate });
  const last = waves.at(-1)!;
  const posterior = temperedPosterior({
    parameters: TOY_INPUTS.map((i) => ({ name: i.name, prior: { kind: "uniform", low: i.low, high: i.high } })),
    particles: 500,
    seed: "pipeline-posterior",
    logLikelihood: historyMatchLogLikelihood(waves),
    inRegion: (theta) => isNonImplausible(waves, theta),
    initial: last.region.sample.map((u) => TOY_INPUTS.map((input, k) => input.low + (input.high - input.low) * u[k]!)),
  });
  const mean = [0, 1].map((k) => posterior.particles.reduce((s, p, i) => s + posterior.weights[i]! * p[k]!, 0));
  const sd = [0, 1].map((k) => Math.sqrt(posterior.particles.reduce((s, p, i) => s + posterior.weights[i]! * (p[k]! - mean[k]!) ** 2, 0)));

  it("keeps the truth in the final region and reaches a posterior of ≥ 500 particles with ESS ≥ 0.5 N", () => {
    expect(isNonImplausible(waves, TOY_TRUTH)).toBe(true);
    expect(posterior.particles).toHaveLength(500);
    expect(posterior.ess).toBeGreaterThanOrEqual(250);
    expect(posterior.distinct).toBeGreaterThanOrEqual(450);
    for (const p of posterior.particles) expect(isNonImplausible(waves, p)).toBe(true);
  });

  it("recovers the planted values within two posterior sds", () => {
    expect(Math.abs(mean[0]! - TOY_TRUTH[0]) / sd[0]!).toBeLessThan(2);
    expect(Math.abs(mean[1]! - TOY_TRUTH[1]) / sd[1]!).toBeLessThan(2);
    // And the posterior is informative: sds well below the box's (10 / √12 ≈ 2.9).
    expect(sd[0]!).toBeLessThan(0.5);
    expect(sd[1]!).toBeLessThan(0.5);
  });

  it("matches the exact posterior computed with the true function (the emulators add little error)", () => {
    const exact = gridPosterior(last.emulators.map((e) => e.variances.observation + e.variances.discrepancy + e.variances.ensemble));
    for (const k of [0, 1]) {
      expect(Math.abs(mean[k]! - exact.mean[k]!) / exact.sd[k]!).toBeLessThan(0.25);
      expect(sd[k]! / exact.sd[k]!).toBeGreaterThan(0.8);
      expect(sd[k]! / exact.sd[k]!).toBeLessThan(1.25);
    }
  });

  it("draws 100 forward runs over ≥ 95 distinct parameter sets, with a band that counts particles, not runs", async () => {
    const picks = drawRunParticles(posterior.weights, 100, "forward");
    expect(distinctCount(picks)).toBeGreaterThanOrEqual(95);
    // Forward quantity: output "product" of one run at each drawn particle, two runs per particle.
    const values: number[] = [];
    const clusters: number[] = [];
    picks.forEach((i, r) => {
      const theta = posterior.particles[i]!;
      for (let rep = 0; rep < 2; rep++) {
        const rng = createRng(`forward:${r}:${rep}`);
        values.push(toyMean(theta[0]!, theta[1]!)[1]! + rng.normal(0, TOY_NOISE));
        clusters.push(i);
      }
    });
    const interval = clusteredMeanInterval(values, clusters);
    expect(interval.clusters).toBe(distinctCount(picks));
    expect(interval.standardError).toBeGreaterThanOrEqual(interval.naiveStandardError * 0.9);
    const parts = varianceComponents(values, clusters);
    expect(parts.within).toBeGreaterThan(0.5 * TOY_NOISE ** 2);
    expect(parts.within).toBeLessThan(2 * TOY_NOISE ** 2);
  });
});
