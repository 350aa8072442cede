/**
 * Writes an experiment's results into a folder: experiment.json (design, indices with intervals, PRIM boxes,
 * provenance), the per-run table as CSV and Parquet, and the HTML report with its charts. Everything is
 * written into a temporary folder beside the target, which is renamed into place when complete.
 * @packageDocumentation
 */
import { existsSync, renameSync, rmSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { deriveSeed } from "@ringfence/core";
// Types only: the results writers (vega, vega-lite, Parquet) take about half a second to load, so they are
// imported when an experiment is written, not when @ringfence/agents is.
import type { ExploreDiscovery, ExploreReportInput, ExploreTarget, WideColumn } from "@ringfence/core/results";
import { outcomeIndex, type DiscoveryResult } from "./analyse.js";
import { designJson } from "./design.js";
import type { ExperimentFiles, ExperimentResult } from "./result.js";

/** File name of the experiment's JSON results. */
export const EXPERIMENT_FILE = "experiment.json";
/** Base name of the per-run table (`runs.csv`, `runs.parquet`). */
export const EXPERIMENT_TABLE = "runs";



/** The contents of experiment.json: provenance, design, outcome, analysis and failures (no clock, no machine). */
export function experimentJson(result: ExperimentResult): Record<string, unknown> {
  const { experiment, analysis } = result;
  return {
    provenance: result.provenance,
    design: designJson(result.design),
    scenarios: result.scenarios,
    outcome: { ...experiment.outcome, baseline: result.scenarios[0]?.id, yearLabels: result.outcomes.yearLabels },
    analysis,
    failures: result.failures,
  };
}

/**
 * The per-run table: one row per (point, scenario, run) in that order, with columns `point, scenario, run,
 * seed`, one column per varied parameter (its dotted path) holding the value set in that point's config,
 * `value` (the outcome indicator in the outcome year) and `outcome` (the measure; empty for the baseline
 * under paired-relative, and wherever a run failed).
 */
export function experimentTable(result: ExperimentResult): WideColumn[] {
  const { design, outcomes, experiment } = result;
  const point: number[] = [];
  const scenario: string[] = [];
  const run: number[] = [];
  const seed: string[] = [];
  const params: number[][] = design.parameters.map(() => []);
  const value: number[] = [];
  const outcome: number[] = [];
  for (let p = 0; p < outcomes.points; p++) {
    for (const [s, id] of outcomes.scenarios.entries()) {
      for (let r = 0; r < outcomes.runs; r++) {
        const k = outcomeIndex(outcomes, p, s, r);
        point.push(p);
        scenario.push(id);
        run.push(r);
        seed.push(deriveSeed(experiment.seed, r));
        design.points[p]!.forEach((v, d) => params[d]!.push(v));
        value.push(outcomes.values[k]!);
        outcome.push(outcomes.outcomes[k]!);
      }
    }
  }
  return [
    { name: "point", type: "int32", values: point },
    { name: "scenario", type: "string", values: scenario },
    { name: "run", type: "int32", values: run },
    { name: "seed", type: "string", values: seed },
    ...design.parameters.map((p, d): WideColumn => ({ name: p.path, type: "double", values: params[d]! })),
    { name: "value", type: "double", values: value },
    { name: "outcome", type: "double", values: outcome },
  ];
}

function discoveryOf(d: DiscoveryResult, question: string): ExploreDiscovery {
  return {
    question,
    rows: d.rows,
    cases: d.cases,
    minDensity: d.minDensity,
    trajectory: d.trajectory.map((b) => ({ kind: b.kind, coverage: b.coverage, density: b.density, mass: b.mass })),
    chosen:
      d.chosen === null
        ? null
        : {
            kind: d.chosen.kind,
            coverage: d.chosen.coverage,
            density: d.chosen.density,
            mass: d.chosen.mass,
            index: d.chosen.index,
            count: d.chosen.count,
            limits: d.chosen.limits.map((l) => ({ factor: l.parameter, low: l.low, high: l.high, restricted: d.chosen?.restricted.includes(l.parameter) ?? false })),
          },
  };
}

const METHOD_NAMES = { morris: "Morris screening", sobol: "Sobol indices (Saltelli design)", lhs: "Latin hypercube with Spearman rank correlations" } as const;

/** What the experiment report shows, built from the results. */
export function exploreReportInput(result: ExperimentResult): ExploreReportInput {
  const { experiment, analysis, design, outcomes } = result;
  const info = result.outcomeInfo;
  const titles = new Map<string, string>(result.scenarios.map((s) => [s.id, s.title]));
  const titleOf = (id: string): string => titles.get(id) ?? id;
  const baseline = result.scenarios[0]!.id;
  const relative = experiment.outcome.measure === "paired-relative";
  const year = experiment.outcome.year === "last" ? outcomes.yearLabels[baseline] || "the final year" : experiment.outcome.year;
  const outcome = relative
    ? { label: `${info.label} in ${year}: change from ${titleOf(baseline)}`, unit: "relative change, same point and run", format: "+.2%" }
    : { label: `${info.label} in ${year}`, unit: info.unit, format: info.format };
  const thresholdText = (x: number): string => (relative ? `${x >= 0 ? "+" : "−"}${Math.abs(x * 100).toFixed(1)}% relative to ${titleOf(baseline)}` : String(x).replace("-", "−"));
  const question = experiment.discovery === undefined ? "" : `${info.label} in ${year} ${experiment.discovery.direction} ${thresholdText(experiment.discovery.threshold)}`;
  const targets = analysis.targets.map((t): ExploreTarget => {
    const base: { -readonly [K in keyof ExploreTarget]: ExploreTarget[K] } = {
      id: t.scenario,
      label: relative ? `${titleOf(t.scenario)} vs ${titleOf(baseline)}` : titleOf(t.scenario),
      summary: { runs: t.summary.runs, mean: t.summary.mean, min: t.summary.min, max: t.summary.max },
    };
    if (t.morris !== undefined) base.morris = t.morris.map((m) => ({ factor: m.parameter, mu: m.mu, muStar: m.muStar, sigma: m.sigma }));
    if (t.sobol !== undefined) base.sobol = t.sobol.map((s) => ({ factor: s.parameter, first: s.first, total: s.total }));
    if (t.correlation !== undefined) base.correlation = t.correlation.map((c) => ({ factor: c.parameter, rho: c.rho, low: c.low, high: c.high }));
    if (t.discovery !== undefined) base.discovery = discoveryOf(t.discovery, question);
    return base;
  });
  const population = experiment.population?.size ?? "each preset's own";
  return {
    title: experiment.title,
    ...(experiment.description === "" ? {} : { intro: experiment.description }),
    outcome,
    factors: design.parameters.map((p) => ({ id: p.path, low: p.low, high: p.high, unit: p.unit })),
    facts: [
      { label: "Method", value: METHOD_NAMES[experiment.method] },
      { label: "Design points", value: String(design.points.length) },
      { label: "Scenarios", value: result.scenarios.map((sc) => (sc.source === sc.id ? sc.id : `${sc.id} (${sc.source})`)).join(", ") },
      { label: "Runs per point", value: String(experiment.runsPerPoint) },
      { label: "Years", value: String(design.years) },
      { label: "Population", value: population },
      { label: "Seed", value: String(experiment.seed) },
    ],
    targets,
    provenance: [
      { label: "Producer", value: result.provenance.producer },
      { label: "Experiment", value: experiment.id },
      { label: "Master seed", value: `${String(experiment.seed)} (run i has seed ${String(experiment.seed)}:i at every point and in every scenario)` },
      { label: "Runs", value: String(result.provenance.totalRuns) },
      { label: "Failed runs", value: String(result.failures.length) },
      { label: "Design", value: designJson(design).layout },
      { label: "Point output", value: analysis.pointOutput },
    ],
  };
}

/**
 * Writes the results of an experiment into `dir`: experiment.json (canonical JSON), runs.csv, runs.parquet,
 * report.html and charts/*.svg. Returns the paths.
 * @remarks Files are written into a hidden temporary folder beside `dir`, which replaces `dir` only when every
 * file is complete (an existing `dir` is moved aside first and removed after). A failure leaves `dir` as it was.
 * The same results give byte-identical files.
 */
export async function writeExperiment(dir: string, result: ExperimentResult): Promise<ExperimentFiles> {
  const { canonicalJson, writeExploreReport, writeFileAtomic, writeWideTable } = await import("@ringfence/core/results");
  const target = resolve(dir);
  const temp = join(dirname(target), `.${basename(target)}.${process.pid}.tmp`);
  const old = join(dirname(target), `.${basename(target)}.${process.pid}.old`);
  rmSync(temp, { recursive: true, force: true });
  try {
    writeFileAtomic(join(temp, EXPERIMENT_FILE), () => canonicalJson(experimentJson(result)));
    writeWideTable(temp, EXPERIMENT_TABLE, experimentTable(result), { csv: true, parquet: true });
    const report = await writeExploreReport(temp, exploreReportInput(result));
    const replacing = existsSync(target);
    if (replacing) {
      rmSync(old, { recursive: true, force: true });
      renameSync(target, old);
    }
    try {
      renameSync(temp, target);
    } catch (error) {
      if (replacing) renameSync(old, target);
      throw error;
    }
    rmSync(old, { recursive: true, force: true });
    return {
      dir: target,
      json: join(target, EXPERIMENT_FILE),
      csv: join(target, `${EXPERIMENT_TABLE}.csv`),
      parquet: join(target, `${EXPERIMENT_TABLE}.parquet`),
      report: join(target, basename(report.html)),
      charts: report.charts.map((c) => join(target, basename(dirname(c)), basename(c))),
    };
  } catch (error) {
    rmSync(temp, { recursive: true, force: true });
    throw error;
  }
}
