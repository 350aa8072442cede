/**
 * The NHS simulation-based calibration's options at toy size: the design's seeds and the truths' seeds are
 * wired (they change what the emulators see), the leave-one-out inflation is 1 when off and at least 1 when on,
 * and a run is deterministic in its options.
 */
import { describe, expect, it } from "vitest";
import { runNhsSbc, type NhsSbcOptions } from "./sbc.js";

const tiny: NhsSbcOptions = { seed: "sbc-test", population: "toy", truths: 10, draws: 9, design: 30, replicates: 2, particles: 60, workers: 1 };

describe("runNhsSbc at toy size", () => {
  it("is deterministic, and independent design seeds change the ranks", async () => {
    const a = await runNhsSbc(tiny);
    const b = await runNhsSbc(tiny);
    expect(b.parameters.map((p) => p.ranks)).toEqual(a.parameters.map((p) => p.ranks));
    expect(a.looInflation.every((f) => f === 1)).toBe(true);
    const independent = await runNhsSbc({ ...tiny, designSeeds: "independent" });
    expect(independent.parameters.map((p) => p.ranks)).not.toEqual(a.parameters.map((p) => p.ranks));
    const inflated = await runNhsSbc({ ...tiny, looInflation: true });
    expect(inflated.looInflation.every((f) => f >= 1)).toBe(true);
    expect(inflated.looInflation.some((f) => f > 1)).toBe(true);
  }, 300_000);
});
