import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { restoreEmulator } from "./emulator.js";
import { TOY_INPUTS, TOY_NOISE, TOY_TRUTH, toyMean, toySimulate, toyTargets } from "./fixtures/toy-simulator.js";
import {
  completeWave,
  completeWaveOnThreads,
  designWave,
  isNonImplausible,
  parseHistoryMatchWave,
  runHistoryMatching,
  waveImplausibility,
  type HistoryMatchOptions,
  type HistoryMatchRun,
  type HistoryMatchWave,
} from "./history-matching.js";
import { waveThreads } from "./wave-threads.js";

const targets = toyTargets();
const options: HistoryMatchOptions = {
  inputs: TOY_INPUTS,
  targets,
  seed: "toy",
  waves: 3,
  regionSample: 2000,
  replicatePoints: 5,
  replicates: 5,
  simulate: toySimulate,
};

/** The true implausibilities at (a, b): the mean function in place of the emulator (no emulator variance). */
function trueImplausibility(wave: HistoryMatchWave, a: number, b: number): number[] {
  const f = toyMean(a, b);
  return wave.emulators.map((e, j) => Math.abs(e.observed - f[j]!) / Math.sqrt(e.variances.observation + e.variances.discrepancy + e.variances.ensemble));
}

const secondLargest = (xs: readonly number[]): number => [...xs].sort((p, q) => q - p)[1]!;

describe("history matching a stochastic toy with a planted truth", async () => {
  const saved: string[] = [];
  const result = await runHistoryMatching({ ...options, onWave: (w) => void saved.push(JSON.stringify(w)) });
  const { waves } = result;
  const last = waves.at(-1)!;

  it("runs every wave, keeps the truth and shrinks the region each wave", () => {
    expect(result.stop).toBe("max-waves");
    expect(waves.map((w) => w.index)).toEqual([0, 1, 2]);
    expect(isNonImplausible(waves, TOY_TRUTH)).toBe(true);
    const volumes = waves.map((w) => w.region.volume);
    for (let k = 1; k < volumes.length; k++) expect(volumes[k]!).toBeLessThan(volumes[k - 1]!);
    expect(volumes[0]!).toBeLessThan(0.2);
    expect(volumes.at(-1)!).toBeLessThan(0.05);
    // A point far from the truth in output space is cut.
    expect(isNonImplausible(waves, [1, 4])).toBe(false);
    expect(isNonImplausible(waves, [11, 0])).toBe(false); // outside the box
  });

  it("cuts where the true function misses and keeps where it fits (judged with the mean function itself)", () => {
    const rng = createRng("judge");
    let clearFits = 0;
    let clearFitsKept = 0;
    let clearMisses = 0;
    let clearMissesKept = 0;
    for (let i = 0; i < 4000; i++) {
      const a = rng.uniform(0, 10);
      const b = rng.uniform(-5, 5);
      const truth = waves.map((w) => secondLargest(trueImplausibility(w, a, b)));
      const kept = isNonImplausible(waves, [a, b]);
      if (truth.every((v) => v < 2)) {
        clearFits++;
        if (kept) clearFitsKept++;
      }
      if (truth.some((v) => v > 4.5)) {
        clearMisses++;
        if (kept) clearMissesKept++;
      }
    }
    expect(clearFits).toBeGreaterThan(20);
    expect(clearFitsKept / clearFits).toBeGreaterThan(0.97);
    expect(clearMisses).toBeGreaterThan(3000);
    expect(clearMissesKept / clearMisses).toBeLessThan(0.01);
  });

  it("samples the region uniformly enough that the volume agrees with a direct count", () => {
    // The direct estimate: the share of 20,000 uniform points of the box that are non-implausible.
    const rng = createRng("volume");
    let inside = 0;
    for (let i = 0; i < 20000; i++) if (isNonImplausible(waves, [rng.uniform(0, 10), rng.uniform(-5, 5)])) inside++;
    const direct = inside / 20000;
    const se = last.region.volume * last.region.volumeRelativeError!;
    expect(Math.abs(last.region.volume - direct)).toBeLessThan(3 * se + 3 * Math.sqrt((direct * (1 - direct)) / 20000));
    for (const u of last.region.sample.slice(0, 200)) expect(isNonImplausible(waves, [u[0]! * 10, u[1]! * 10 - 5])).toBe(true);
  });

  it("states every variance per output and estimates the simulator's own variance from replicates", () => {
    for (const w of waves) {
      expect(w.runs).toHaveLength(20 + 5 * 4);
      for (const e of w.emulators) {
        expect(e.used).toBe(true);
        expect(e.looShareWithin3).toBeGreaterThanOrEqual(0.95);
        expect(e.variances.observation).toBe(0.01);
        expect(e.variances.discrepancy).toBe(0.01);
        expect(e.variances.ensembleSource).toBe("replicates");
        expect(e.variances.ensembleDf).toBe(5 * 4);
        // Truth 0.04; a pooled variance on 20 df is within 0.59–1.71 of it 95% of the time.
        expect(e.variances.ensemble).toBeGreaterThan(0.4 * TOY_NOISE ** 2);
        expect(e.variances.ensemble).toBeLessThan(2 * TOY_NOISE ** 2);
        expect(e.variances.emulatorMean).not.toBeNull();
      }
    }
  });

  it("computes I = |z − E f| / √(Var_em + Var_obs + Var_disc + Var_ens) per output, and cuts on the second largest", () => {
    const x = [5.5, -1.5];
    const imp = waveImplausibility(last, x);
    last.emulators.forEach((e, j) => {
      const p = restoreEmulator(e.emulator!).predict([0.55, 0.35]);
      const v = p.variance + e.variances.observation + e.variances.discrepancy + e.variances.ensemble;
      expect(imp.perTarget[j]).toBeCloseTo(Math.abs(e.observed - p.mean) / Math.sqrt(v), 10);
    });
    expect(last.order).toBe(2);
    expect(imp.value).toBe(secondLargest(imp.perTarget.map((v) => v!)));
    expect(imp.nonImplausible).toBe(imp.value <= 3);
  });

  it("designs each later wave inside the previous region, 10 × the inputs distinct points", () => {
    const runs = designWave(options, waves.slice(0, 1));
    const points = new Map(runs.map((r) => [r.point, r.parameters]));
    expect(points.size).toBe(20);
    for (const p of points.values()) expect(isNonImplausible(waves.slice(0, 1), p)).toBe(true);
    expect(new Set(runs.map((r) => r.seed)).size).toBe(runs.length);
    expect(runs.filter((r) => r.replicate > 0)).toHaveLength(5 * 4);
  });

  it("resumes from saved waves with the same result, re-running only the missing waves", async () => {
    const resume = saved.slice(0, 1).map((text) => parseHistoryMatchWave(JSON.parse(text)));
    expect(resume).toEqual(waves.slice(0, 1));
    const calls: number[] = [];
    const resumed = await runHistoryMatching({
      ...options,
      resume,
      simulate: (runs, context) => {
        calls.push(context.wave);
        return toySimulate(runs, context);
      },
    });
    expect(calls).toEqual([1, 2]);
    expect(resumed.waves).toEqual(waves);
  });

  it("gives the very same waves when worker threads fit the emulators and screen the region's draws", async () => {
    // The refills here take more than one block of draws, so blocks are screened out of order and taken in order.
    expect(Math.max(...waves.map((w) => w.region.draws))).toBeGreaterThan(1000);
    const threaded = await runHistoryMatching({ ...options, threads: waveThreads(2) });
    expect(threaded.waves).toEqual(waves);
  });
});

describe("history matching: emulators that cannot be trusted, and bad settings", () => {
  it("does not cut with an output whose emulator fails leave-one-out or that has too few finite runs", async () => {
    const noisy = { name: "cauchy", observed: 0, observationVariance: 0.01, discrepancyVariance: 0 };
    const broken = { name: "broken", observed: 0, observationVariance: 0.01, discrepancyVariance: 0 };
    const { waves } = await runHistoryMatching({
      ...options,
      targets: [...targets, noisy, broken],
      waves: 1,
      looShare: 1,
      order: 1,
      simulate: async (runs, context) =>
        (await toySimulate(runs, context)).map((outputs, r) => {
          const rng = createRng(`extra:${runs[r]!.seed}`);
          return [...outputs, rng.normal() / rng.normal(), r < 3 ? 1 : Number.NaN];
        }),
    });
    const records = waves[0]!.emulators;
    expect(records[3]!.used).toBe(false);
    expect(records[3]!.note).toMatch(/leave-one-out share within ±3 is 0\.\d+, below 1/);
    expect(records[4]!.emulator).toBeNull();
    expect(records[4]!.note).toBe("only 3 runs with a finite value");
    const imp = waveImplausibility(waves[0]!, TOY_TRUTH);
    expect(imp.perTarget[3]).toBeNull();
    expect(imp.perTarget[4]).toBeNull();
  });

  it("stops when no point of the box can match (an observation far outside every output's range)", async () => {
    const impossible = [{ ...targets[0]!, observed: 100 }, targets[1]!, targets[2]!];
    const result = await runHistoryMatching({ ...options, targets: impossible, order: 1 });
    expect(result.stop).toBe("small-region");
    expect(result.waves).toHaveLength(1);
    expect(result.waves[0]!.region.volume).toBe(0);
    expect(result.waves[0]!.region.volumeRelativeError).toBeNull();
  });

  it("completeWave is a pure function of the runs' outputs", () => {
    const runs: HistoryMatchRun[] = designWave({ ...options, regionSample: 300 }, []);
    const outputs = runs.map((run) => toyMean(run.parameters[0]!, run.parameters[1]!));
    const a = completeWave({ ...options, regionSample: 300 }, [], runs, outputs);
    const b = completeWave({ ...options, regionSample: 300 }, [], runs, outputs);
    expect(b).toEqual(a);
    expect(() => completeWave(options, [], runs, outputs.slice(1))).toThrow(/outputs: expected 40 output vectors/);
  });

  it("stops the region's refill at the same draw on threads when the draws run out part-way through a block", async () => {
    const settings = { ...options, regionSample: 5000, maxRegionDraws: 1500 };
    const runs: HistoryMatchRun[] = designWave(settings, []);
    const outputs = runs.map((run) => toyMean(run.parameters[0]!, run.parameters[1]!));
    const here = completeWave(settings, [], runs, outputs);
    expect(here.region.draws).toBe(1500);
    expect(here.region.sample.length).toBeLessThan(5000);
    expect(await completeWaveOnThreads(settings, [], runs, outputs, waveThreads(2))).toEqual(here);
    expect(() => waveThreads(0)).toThrow(/workers: expected an integer ≥ 1, got 0/);
  });

  it("refuses bad settings, naming the field and the value", () => {
    const run = (extra: Partial<HistoryMatchOptions>) => designWave({ ...options, ...extra }, []);
    expect(() => run({ inputs: [{ name: "a", low: 1, high: 1 }] })).toThrow(/inputs\[0\] \(a\): expected finite low < high, got 1 to 1/);
    expect(() => run({ targets: [{ ...targets[0]!, observationVariance: -1 }] })).toThrow(/targets\[0\] \(sum\)\.observationVariance: expected a finite variance ≥ 0, got -1/);
    expect(() => run({ replicatePoints: 0 })).toThrow(/needs replicate runs/);
    expect(() => run({ order: 4 })).toThrow(/order: expected at most the number of targets \(3\), got 4/);
    expect(() => run({ designSize: 3 })).toThrow(/designSize: expected an integer ≥ 5, got 3/);
    expect(() => parseHistoryMatchWave({ index: 0 })).toThrow(/inputs/);
  });
});

describe("active inputs", async () => {
  // The toy's two inputs among six inert ones (the simulator never reads them): each emulator, fitted on its
  // two most correlated inputs, should find the real ones, and the match should still keep the truth.
  const inert = Array.from({ length: 6 }, (_, i) => ({ name: `inert${i}`, low: 0, high: 1 }));
  const result = await runHistoryMatching({
    ...options,
    inputs: [...TOY_INPUTS, ...inert],
    waves: 2,
    activeInputs: 2,
    simulate: (runs, context) => toySimulate(runs.map((r) => ({ ...r, parameters: r.parameters.slice(0, 2) })), context),
  });
  it("are the inputs the outputs depend on, and the truth stays non-implausible", () => {
    // In wave 0 the outputs with main effects (a + b; 2 sin(a/2) + b/5) find both real inputs. a·b/5 with b
    // centred on 0 has no main effect of a (a pure interaction, which screening one input at a time cannot
    // see): its emulator keeps b and leaves a's effect to the nugget, a wider but honest emulator.
    const [sum, product, wave] = result.waves[0]!.emulators;
    expect(sum!.active).toEqual([0, 1]);
    expect(wave!.active).toEqual([0, 1]);
    expect(product!.active).toContain(1);
    expect(isNonImplausible(result.waves, [...TOY_TRUTH, 0.3, 0.3, 0.3, 0.3, 0.3, 0.3])).toBe(true);
    expect(result.waves.at(-1)!.region.volume).toBeLessThan(0.2);
  });
  it("rank inputs by how much of the output a quadratic in each alone explains, a rise-then-fall included", async () => {
    const { activeInputsOf } = await import("./history-matching.js");
    const xs = Array.from({ length: 50 }, (_, r) => [r % 7, r, (r * 37) % 11, -r]);
    const ys = xs.map((x) => 3 * x[1]! + 0.1 * x[0]!);
    expect(activeInputsOf(xs, ys, 2)).toEqual([1, 3]);
    // y = (x₂ − 5)², which no input correlates with linearly; the quadratic finds x₂.
    const bowl = xs.map((x) => (x[2]! - 5) ** 2);
    expect(activeInputsOf(xs, bowl, 1)).toEqual([2]);
    expect(activeInputsOf(xs, ys, 9)).toEqual([0, 1, 2, 3]);
  });
});
