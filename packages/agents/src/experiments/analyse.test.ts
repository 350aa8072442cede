import { describe, expect, it } from "vitest";
import { analyseOutcomes, discover, measureOutcomes, outcomeIndex, spearman, type ExperimentOutcomes } from "./analyse.js";
import { buildDesign, type ExperimentDesign } from "./design.js";
import { prepareExperiment } from "./prepare.js";
import { parseExperiment, type Experiment, type ExperimentInput } from "./experiment-schema.js";

const BASE: ExperimentInput = {
  id: "analysis-test",
  title: "Analysis test",
  scenarios: ["ring-fenced", "iho-acute"],
  parameters: [
    { path: "iho.acute.propensity", low: 0, high: 1 },
    { path: "national.realGrowthMean", low: 0, high: 0.04 },
    { path: "workforce.leaverRate", low: 0.05, high: 0.12 },
  ],
  method: "morris",
  samples: 8,
  seed: 5,
  outcome: { indicator: "gpFundingPerWeightedPatient", measure: "paired-relative" },
};

/** The design of an experiment, its scenarios loaded and parameters resolved. */
async function designOf(experiment: Experiment): Promise<ExperimentDesign> {
  return buildDesign(experiment, await prepareExperiment(experiment));
}

/**
 * Synthetic outcomes from a known function of the unit coordinates: the baseline is 100 at every point and
 * the compared scenario 100 · (1 + f(u)), so the paired-relative outcome is exactly f(u).
 */
function synthetic(experiment: Experiment, design: ExperimentDesign, f: (u: Float64Array) => number): ExperimentOutcomes {
  const scenarios = experiment.scenarios;
  const runs = experiment.runsPerPoint;
  const values = new Float64Array(design.points.length * scenarios.length * runs);
  design.unit.forEach((u, p) => {
    for (let r = 0; r < runs; r++) {
      values[outcomeIndex({ scenarios, runs }, p, 0, r)] = 100;
      values[outcomeIndex({ scenarios, runs }, p, 1, r)] = 100 * (1 + f(u));
    }
  });
  return { scenarios, points: design.points.length, runs, values, outcomes: measureOutcomes(values, scenarios.length, runs, experiment.outcome.measure), yearLabels: { "ring-fenced": "2034/35", "iho-acute": "2034/35" } };
}

describe("measureOutcomes", () => {
  it("gives (x − base) / base at the same point and run, NaN for the baseline and where the base is missing", () => {
    // 2 points × 2 scenarios × 2 runs.
    const values = Float64Array.from([100, 200, 110, 150, Number.NaN, 50, 40, 60]);
    const out = measureOutcomes(values, 2, 2, "paired-relative");
    expect(Array.from(out.slice(0, 4))).toEqual([Number.NaN, Number.NaN, 0.1, -0.25]);
    expect(Number.isNaN(out[6]!)).toBe(true);
    expect(out[7]).toBeCloseTo(0.2, 12);
    expect(Array.from(measureOutcomes(values, 2, 2, "value"))).toEqual(Array.from(values));
  });
});

describe("analyseOutcomes", () => {
  it("Morris: a linear effect has μ = μ* = its slope per range and σ = 0; an ignored parameter has μ* = 0", async () => {
    const experiment = parseExperiment(BASE);
    const design = await designOf(experiment);
    const analysis = analyseOutcomes(experiment, design, synthetic(experiment, design, (u) => 0.3 * u[0]! - 0.1 * u[2]!));
    expect(analysis.targets.map((t) => t.scenario)).toEqual(["iho-acute"]);
    const [propensity, growth, leavers] = analysis.targets[0]!.morris!;
    expect(propensity!.parameter).toBe("iho.acute.propensity");
    expect(propensity!.mu).toBeCloseTo(0.3, 10);
    expect(propensity!.muStar).toBeCloseTo(0.3, 10);
    expect(propensity!.sigma).toBeCloseTo(0, 10);
    expect(growth!.muStar).toBe(0);
    expect(leavers!.mu).toBeCloseTo(-0.1, 10);
    // μ* carries a bootstrap interval: a point where every effect is the same, and eight trajectories warn.
    expect(propensity!.muStarLow).toBeCloseTo(0.3, 10);
    expect(propensity!.muStarHigh).toBeCloseTo(0.3, 10);
    expect(growth!.muStarHigh).toBe(0);
    expect(analysis.targets[0]!.warnings.map((w) => w.kind)).toEqual(["few-trajectories"]);
  });

  it("Morris: μ*'s interval holds μ* and has width where effects differ (an interaction), with no warning at 20 trajectories", async () => {
    const experiment = parseExperiment({ ...BASE, samples: 20 });
    const design = await designOf(experiment);
    const [propensity, growth] = analyseOutcomes(experiment, design, synthetic(experiment, design, (u) => u[0]! * u[1]!)).targets[0]!.morris!;
    for (const row of [propensity!, growth!]) {
      expect(row.muStarLow).toBeLessThanOrEqual(row.muStar);
      expect(row.muStarHigh).toBeGreaterThanOrEqual(row.muStar);
      expect(row.muStarHigh).toBeGreaterThan(row.muStarLow);
    }
    expect(analyseOutcomes(experiment, design, synthetic(experiment, design, (u) => u[0]!)).targets[0]!.warnings).toEqual([]);
  });

  it("Sobol: warns when the base rows are too few to resolve the indices, and names a parameter the run values never vary", async () => {
    const small = parseExperiment({ ...BASE, method: "sobol", samples: 32 });
    const design = await designOf(small);
    const f = (u: Float64Array) => Math.sin(3 * u[0]!) + 0.5 * u[1]! * u[2]!;
    const warned = analyseOutcomes(small, design, synthetic(small, design, f)).targets[0]!.warnings;
    expect(warned.map((w) => w.kind)).toEqual(["unresolved"]);
    expect(warned[0]!.message).toMatch(/^n = 32 base rows is too small for 3 factors: the widest 95% interval \((S1|ST) of [a-zA-Z.]+\) spans/);
    // The values the runs use (integer parameters are rounded) are what count: a column A and B share in every
    // row is named, whatever the unit design did.
    const flat = { ...design, points: design.points.map((p) => [p[0]!, 0.02, p[2]!]) };
    const named = analyseOutcomes(small, flat, synthetic(small, design, f)).targets[0]!.warnings;
    expect(named.find((w) => w.kind === "not-varied")?.message).toMatch(/^national\.realGrowthMean: A and B give it the same value in all 32 base rows, so its indices are 0 by construction/);
  });

  it("Sobol: the only influential parameter carries the variance and an ignored one has total index 0", async () => {
    const experiment = parseExperiment({ ...BASE, method: "sobol", samples: 256 });
    const design = await designOf(experiment);
    const analysis = analyseOutcomes(experiment, design, synthetic(experiment, design, (u) => Math.sin(3 * u[0]!) + 0.2 * u[2]!));
    const [propensity, growth, leavers] = analysis.targets[0]!.sobol!;
    expect(propensity!.first.estimate).toBeGreaterThan(0.8);
    expect(propensity!.total.estimate).toBeGreaterThan(0.8);
    expect(propensity!.first.low).toBeLessThanOrEqual(propensity!.first.high);
    expect(growth!.total).toEqual({ estimate: 0, low: 0, high: 0 });
    expect(leavers!.total.estimate).toBeGreaterThan(0);
    expect(leavers!.total.estimate).toBeLessThan(propensity!.total.estimate);
  });

  it("LHS: Spearman's ρ is 1 for a strictly increasing effect, and the intervals hold it", async () => {
    const experiment = parseExperiment({ ...BASE, method: "lhs", samples: 40 });
    const design = await designOf(experiment);
    const analysis = analyseOutcomes(experiment, design, synthetic(experiment, design, (u) => Math.exp(2 * u[1]!)));
    const [propensity, growth] = analysis.targets[0]!.correlation!;
    expect(growth!.rho).toBeCloseTo(1, 12);
    expect(Math.abs(propensity!.rho)).toBeLessThan(0.9);
    expect(propensity!.low).toBeLessThan(propensity!.rho);
    expect(propensity!.high).toBeGreaterThan(propensity!.rho);
  });

  it("is the same for the same inputs (bootstrap seeded from the experiment)", async () => {
    const experiment = parseExperiment({ ...BASE, method: "sobol", samples: 32 });
    const design = await designOf(experiment);
    const outcomes = synthetic(experiment, design, (u) => u[0]! * u[1]!);
    expect(analyseOutcomes(experiment, design, outcomes)).toEqual(analyseOutcomes(experiment, design, outcomes));
  });
});

describe("spearman", () => {
  it("averages tied ranks and gives NaN intervals for fewer than four pairs", () => {
    expect(spearman([1, 2, 3, 4, 5], [5, 4, 3, 2, 1]).rho).toBeCloseTo(-1, 12);
    expect(spearman([1, 1, 2, 2], [1, 2, 3, 4]).rho).toBeCloseTo(0.894427191, 8);
    expect(Number.isNaN(spearman([1, 2, 3], [1, 2, 3]).low)).toBe(true);
  });
});

describe("discover", () => {
  it("finds a planted box: cases where propensity is in its top 30% are boxed by propensity", async () => {
    const experiment = parseExperiment({ ...BASE, method: "lhs", samples: 300, discovery: { threshold: 0, direction: "above" } });
    const design = await designOf(experiment);
    const outcomes = synthetic(experiment, design, (u) => (u[0]! > 0.7 ? 1 : -1));
    const result = discover(design, (p, r) => outcomes.outcomes[outcomeIndex(outcomes, p, 1, r)]!, 1, experiment.discovery!);
    expect(result.rows).toBe(300);
    expect(result.cases).toBe(90);
    expect(result.trajectory[0]!.coverage).toBe(1);
    const chosen = result.chosen!;
    expect(chosen.density).toBeGreaterThanOrEqual(0.95);
    expect(chosen.coverage).toBeGreaterThan(0.9);
    expect(chosen.restricted).toEqual(["iho.acute.propensity"]);
    const limit = chosen.limits.find((l) => l.parameter === "iho.acute.propensity")!;
    expect(limit.low).toBeGreaterThan(0.65);
    expect(limit.low).toBeLessThan(0.75);
  });

  it("reports no box when no run is a case", async () => {
    const experiment = parseExperiment({ ...BASE, method: "lhs", samples: 20, discovery: { threshold: -0.5, direction: "below" } });
    const design = await designOf(experiment);
    const analysis = analyseOutcomes(experiment, design, synthetic(experiment, design, () => 0));
    expect(analysis.targets[0]!.discovery).toMatchObject({ rows: 20, cases: 0, trajectory: [], chosen: null });
  });
});
