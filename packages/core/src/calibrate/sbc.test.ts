import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { checkUniformity, runSbc, sbcRank, uniformityBand } from "./sbc.js";

// A normal mean with a conjugate prior: μ ~ N(0, 1), data 10 draws of N(μ, 1); the posterior is
// N(Σy / 11, 1 / 11), so a fit can draw from it exactly or be made wrong on purpose.
const N_DATA = 10;
const posteriorSd = Math.sqrt(1 / (N_DATA + 1));

function sbcOf(fit: (sum: number, rng: ReturnType<typeof createRng>) => number, truths = 200) {
  return runSbc<number>({
    names: ["mu"],
    truths,
    draws: 49,
    seed: "normal-mean",
    samplePrior: (rng) => [rng.normal()],
    simulate: (truth, rng) => {
      let sum = 0;
      for (let i = 0; i < N_DATA; i++) sum += rng.normal(truth[0]!, 1);
      return sum;
    },
    fit: async (sum, { seed, draws }) => {
      const rng = createRng(seed);
      return Array.from({ length: draws }, () => [fit(sum, rng)]);
    },
  });
}

describe("simulation-based calibration on a normal mean", () => {
  it("passes a fit that draws from the exact posterior", async () => {
    const result = await sbcOf((sum, rng) => rng.normal(sum / (N_DATA + 1), posteriorSd));
    expect(result.parameters[0]!.ranks).toHaveLength(200);
    expect(result.parameters[0]!.uniform).toBe(true);
  });

  it("fails a fit biased by one posterior sd", async () => {
    const result = await sbcOf((sum, rng) => rng.normal(sum / (N_DATA + 1) + posteriorSd, posteriorSd));
    expect(result.parameters[0]!.uniform).toBe(false);
    // Truths sit low among the draws: the ECDF rises too early.
    expect(Math.max(...result.parameters[0]!.ecdfDifference)).toBeGreaterThan(0.15);
  });

  it("fails an overconfident fit (half the posterior sd): ranks pile up at both ends", async () => {
    const result = await sbcOf((sum, rng) => rng.normal(sum / (N_DATA + 1), posteriorSd / 2));
    const p = result.parameters[0]!;
    expect(p.uniform).toBe(false);
    const extremes = p.ranks.filter((r) => r <= 2 || r >= 47).length / p.ranks.length;
    expect(extremes).toBeGreaterThan(0.3); // 6 of 50 ranks: 12% if uniform
  });

  it("resumes from earlier truths' ranks with the same result", async () => {
    const seen: number[][] = [];
    const options = {
      names: ["mu"],
      truths: 30,
      draws: 19,
      seed: "resume",
      samplePrior: (rng: ReturnType<typeof createRng>) => [rng.normal()],
      simulate: (truth: ArrayLike<number>, rng: ReturnType<typeof createRng>) => truth[0]! + rng.normal(0, 0.5),
      fit: async (y: number, { seed, draws }: { seed: string; draws: number }) => {
        const rng = createRng(seed);
        return Array.from({ length: draws }, () => [rng.normal(y * 0.8, Math.sqrt(0.2))]);
      },
    };
    const full = await runSbc({ ...options, onTruth: (_, r) => void seen.push([...r]) });
    const resumed = await runSbc({ ...options, resume: seen.slice(0, 12) });
    expect(resumed).toEqual(full);
  });
});

describe("the ECDF uniformity band", () => {
  it("holds all L counts of uniform ranks about 95% of the time (simultaneous, not pointwise)", () => {
    const band = uniformityBand(100, 19, { seed: "band" });
    const rng = createRng("uniform-ranks");
    let failures = 0;
    const reps = 400;
    for (let rep = 0; rep < reps; rep++) {
      const ranks = Array.from({ length: 100 }, () => rng.int(0, 19));
      if (!checkUniformity("x", ranks, band).uniform) failures++;
    }
    expect(failures / reps).toBeGreaterThan(0.02);
    expect(failures / reps).toBeLessThan(0.09);
    // Pointwise 95% bands would fail far more often over 19 points: γ is well below 0.05.
    expect(band.gamma).toBeLessThan(0.02);
  });

  it("is centred on the uniform counts and narrows relative to N as N grows", () => {
    const small = uniformityBand(100, 9, { seed: "b" });
    const large = uniformityBand(1000, 9, { seed: "b" });
    for (let j = 0; j < 9; j++) {
      const expected = (100 * (j + 1)) / 10;
      expect(small.lower[j]).toBeLessThan(expected);
      expect(small.upper[j]).toBeGreaterThan(expected);
    }
    expect((large.upper[4]! - large.lower[4]!) / 1000).toBeLessThan((small.upper[4]! - small.lower[4]!) / 100);
  });

  it("ranks count the draws below the truth, breaking ties at random", () => {
    const rng = createRng("ties");
    expect(sbcRank(0.5, [0.1, 0.7, 0.2, 0.9], rng)).toBe(2);
    const tied = Array.from({ length: 200 }, () => sbcRank(1, [1, 1, 1, 0], rng));
    expect(Math.min(...tied)).toBe(1);
    expect(Math.max(...tied)).toBe(4);
  });

  it("refuses ranks that do not fit the band", () => {
    const band = uniformityBand(3, 4, { simulations: 100 });
    expect(() => checkUniformity("x", [0, 1], band)).toThrow(/expected 3 ranks/);
    expect(() => checkUniformity("x", [0, 1, 5], band)).toThrow(/ranks\[2\]: expected an integer from 0 to 4, got 5/);
  });
});
