/**
 * Writes an experiment's results into a folder: experiment.json (design, indices with intervals, PRIM boxes,
 * provenance), the per-run table as CSV and Parquet, and the HTML report with its charts. Everything is
 * written into a temporary folder beside the target, which is renamed into place when complete; only a
 * folder ringfence owns is replaced.
 * @packageDocumentation
 */
import { basename, dirname, join, relative, resolve } from "node:path";
import { deriveSeed } from "@ringfence/core";
import { publishFolder } from "@ringfence/core/batch";
// Types only: the results writers (vega, vega-lite, Parquet) take about half a second to load, so they are
// imported when an experiment is written, not when @ringfence/agents is.
import type { ExploreDiscovery, ExploreReportInput, ExploreTarget, WideColumn } from "@ringfence/core/results";
import { scenarioColourOf } from "../palette.js";
import { listParams } from "../params.js";
import { scenarioSchema } from "../scenario.js";
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

/** A factor's range in its unit, as people write it: "0.5%–4% a year", "0–1 share" as "0%–100%". */
export function rangeText(low: number, high: number, unit: string): string {
  const n = (x: number) => x.toLocaleString("en-GB", { maximumSignificantDigits: 3 });
  if (unit === "share" || unit === "a year" || unit.startsWith("share")) {
    const p = (x: number) => `${n(x * 100)}%`;
    return `${p(low)}–${p(high)}${unit === "a year" ? " a year" : ""}`;
  }
  return `${n(low)}–${n(high)}${unit === "" ? "" : ` ${unit}`}`;
}

/**
 * A factor's label for people: what the parameter is (its documented description, or `description` when given:
 * a policy's or an extension's parameter documents itself) and the range varied.
 */
export function factorLabel(path: string, low: number, high: number, unit: string, description = ""): string {
  const entry = listParams(scenarioSchema).find((e) => e.path === path);
  const documented = description !== "" ? description : (entry?.description ?? "");
  const what = documented === "" ? path : documented.replace(/\.$/, "");
  return `${what.charAt(0).toLowerCase()}${what.slice(1)}, ${rangeText(low, high, unit || entry?.unit || "")}`;
}

/** P(X ≥ k) for X ~ Binomial(n, p), summed in log space (exact enough for the quasi-p values of a few thousand runs). */
export function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  if (k > n) return 0;
  if (p <= 0) return 0;
  if (p >= 1) return 1;
  let logC = 0; // log C(n, i), built up from i = 0
  let total = 0;
  for (let i = 0; i <= n; i++) {
    if (i > 0) logC += Math.log(n - i + 1) - Math.log(i);
    if (i >= k) total += Math.exp(logC + i * Math.log(p) + (n - i) * Math.log1p(-p));
  }
  return Math.min(1, total);
}

/**
 * Quasi-p value of each restricted factor of a PRIM box (as in the EMA Workbench): the chance of at least the
 * box's cases among its runs if its density were that of the box without this one restriction.
 */
export function quasiPValues(rows: readonly (readonly number[])[], cases: readonly boolean[], limits: readonly { readonly low: number; readonly high: number }[], restricted: readonly number[]): Map<number, number> {
  const inside = (x: readonly number[], skip: number): boolean => limits.every((l, d) => d === skip || (x[d]! >= l.low && x[d]! <= l.high));
  let n = 0;
  let c = 0;
  rows.forEach((x, i) => {
    if (inside(x, -1)) {
      n++;
      if (cases[i]) c++;
    }
  });
  const out = new Map<number, number>();
  for (const d of restricted) {
    let nk = 0;
    let ck = 0;
    rows.forEach((x, i) => {
      if (inside(x, d)) {
        nk++;
        if (cases[i]) ck++;
      }
    });
    out.set(d, binomialUpperTail(c, n, nk > 0 ? ck / nk : 0));
  }
  return out;
}

/** Warnings, each with its reason, when a target's sample is too small for its numbers to be read. */
export function sampleWarnings(target: ExploreTarget): string[] {
  const out: string[] = [];
  const wide = (target.sobol ?? []).flatMap((s) => [
    { factor: s.factor, which: "first-order", ...s.first },
    { factor: s.factor, which: "total", ...s.total },
  ]).filter((i) => Number.isFinite(i.low) && Number.isFinite(i.high)).sort((a, b) => b.high - b.low - (a.high - a.low))[0];
  if (wide !== undefined && wide.high - wide.low > 0.3) {
    out.push(`Sample too small for stable Sobol indices: the widest 95% bootstrap interval (${wide.which} index of ${wide.factor}) runs from ${wide.low.toFixed(2)} to ${wide.high.toFixed(2)}; indices are shares of variance from 0 to 1, so read only the ranking of clearly separated factors, or run more samples.`);
  }
  const d = target.discovery;
  if (d !== undefined && d.rows > 0 && d.cases > 0) {
    const base = d.cases / d.rows;
    if (d.chosen === null) out.push(`Scenario discovery found no box denser than ${(100 * d.minDensity).toFixed(0)}% (the base rate is ${(100 * base).toFixed(0)}% of runs).`);
    else {
      // A box's density is a share of its runs; its binomial standard error against the base rate.
      const se = Math.sqrt((base * (1 - base)) / Math.max(1, d.chosen.count));
      if (d.chosen.density - base < 2 * se) out.push(`Sample too small for scenario discovery: the chosen box's density (${(100 * d.chosen.density).toFixed(0)}% of its ${d.chosen.count} runs) is not clearly above the base rate (${(100 * base).toFixed(0)}% of all runs), so its limits may restrict factors that have no effect.`);
    }
  }
  return out;
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
    base.colour = scenarioColourOf(t.scenario, result.scenarios.map((sc) => sc.id));
    // Every run of this outcome series, for the histogram, the pairs plot and the quasi-p values.
    const s = outcomes.scenarios.indexOf(t.scenario);
    const outcome: number[] = [];
    const values: number[][] = [];
    for (let p = 0; p < outcomes.points; p++) {
      for (let r = 0; r < outcomes.runs; r++) {
        const y = outcomes.outcomes[outcomeIndex(outcomes, p, s, r)]!;
        if (!Number.isFinite(y)) continue;
        outcome.push(y);
        values.push([...design.points[p]!]);
      }
    }
    base.runs = { outcome, factors: Object.fromEntries(design.parameters.map((p, d) => [p.path, values.map((v) => v[d]!)])) };
    const influence = [...(t.sobol ?? []).map((x) => ({ p: x.parameter, v: x.total.estimate })), ...(t.morris ?? []).map((x) => ({ p: x.parameter, v: x.muStar })), ...(t.correlation ?? []).map((x) => ({ p: x.parameter, v: Math.abs(x.rho) }))]
      .filter((x) => Number.isFinite(x.v))
      .sort((a, b) => b.v - a.v);
    base.pairs = [...new Set(influence.map((x) => x.p))].slice(0, 3);
    if (t.discovery?.chosen != null && base.discovery?.chosen != null && experiment.discovery !== undefined) {
      const rule = experiment.discovery;
      const cases = outcome.map((y) => (rule.direction === "below" ? y < rule.threshold : y > rule.threshold));
      const paths = design.parameters.map((p) => p.path);
      const limits = paths.map((path) => t.discovery!.chosen!.limits.find((l) => l.parameter === path) ?? { low: Number.NEGATIVE_INFINITY, high: Number.POSITIVE_INFINITY });
      const restricted = t.discovery.chosen.restricted.map((r) => paths.indexOf(r));
      const q = quasiPValues(values, cases, limits, restricted);
      const chosen = base.discovery.chosen;
      base.discovery = { ...base.discovery, chosen: { ...chosen, limits: chosen.limits.map((l) => ({ ...l, ...(q.has(paths.indexOf(l.factor)) ? { quasiP: q.get(paths.indexOf(l.factor))! } : {}) })) } };
    }
    base.warnings = sampleWarnings(base);
    return base;
  });
  const lead = analysis.targets[0];
  const top = lead === undefined ? undefined : [...(lead.sobol ?? []).map((x) => ({ p: x.parameter, v: x.total.estimate })), ...(lead.morris ?? []).map((x) => ({ p: x.parameter, v: x.muStar })), ...(lead.correlation ?? []).map((x) => ({ p: x.parameter, v: Math.abs(x.rho) }))].filter((x) => Number.isFinite(x.v)).sort((a, b) => b.v - a.v)[0];
  const fmtOutcome = (x: number): string => (relative ? `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(1)}%` : x.toLocaleString("en-GB", { maximumFractionDigits: 2 }));
  const param = (path: string) => design.parameters.find((p) => p.path === path);
  const takeawayText =
    lead === undefined
      ? undefined
      : `${lead.scenario}${relative ? ` vs ${baseline}` : ""}: ${fmtOutcome(lead.summary.mean)} on average over the prior ranges (${fmtOutcome(lead.summary.min)} to ${fmtOutcome(lead.summary.max)})` +
        (top === undefined ? "" : `; ${top.p} matters most`) +
        ".";
  const population = experiment.population?.size ?? "each preset's own";
  return {
    title: experiment.title,
    ...(experiment.description === "" ? {} : { intro: experiment.description }),
    outcome,
    factors: design.parameters.map((p) => ({ id: p.path, label: factorLabel(p.path, p.low, p.high, p.unit, p.description), low: p.low, high: p.high, unit: p.unit })),
    ...(takeawayText === undefined ? {} : { takeaway: takeawayText }),
    sampled: "each factor uniformly over its range (the prior ranges), not from the calibrated posterior ensemble that `ringfence flagship` draws from.",
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
 * Writes the files of an experiment's results into an existing folder `dir`: experiment.json (canonical JSON),
 * runs.csv, runs.parquet, report.html and charts/*.svg. Returns the paths. The same results give
 * byte-identical files.
 */
export async function writeExperimentFiles(dir: string, result: ExperimentResult): Promise<ExperimentFiles> {
  const { canonicalJson, writeExploreReport, writeFileAtomic, writeWideTable } = await import("@ringfence/core/results");
  const target = resolve(dir);
  writeFileAtomic(join(target, EXPERIMENT_FILE), () => canonicalJson(experimentJson(result)));
  writeWideTable(target, EXPERIMENT_TABLE, experimentTable(result), { csv: true, parquet: true });
  const report = await writeExploreReport(target, exploreReportInput(result));
  return {
    dir: target,
    json: join(target, EXPERIMENT_FILE),
    csv: join(target, `${EXPERIMENT_TABLE}.csv`),
    parquet: join(target, `${EXPERIMENT_TABLE}.parquet`),
    report: join(target, basename(report.html)),
    charts: report.charts.map((c) => join(target, basename(dirname(c)), basename(c))),
  };
}

/**
 * Writes the results of an experiment into `dir` as a whole (see {@link writeExperimentFiles} for the files).
 * @remarks `dir` must be a new path, an empty folder or a folder ringfence wrote before (it carries
 * `.ringfence-manifest.json`); anything else is refused. Files are written into a hidden temporary folder
 * beside `dir`, which replaces it only when every file is complete; of an earlier folder only the files its
 * manifest names are removed (anything else in it is moved into the new one). A failure leaves `dir` as it was.
 * @throws OutputFolderRefused (from `@ringfence/core/batch`) when `dir` cannot take the results.
 */
export async function writeExperiment(dir: string, result: ExperimentResult): Promise<ExperimentFiles> {
  const target = resolve(dir);
  let written: ExperimentFiles | undefined;
  await publishFolder(target, "explore", async (temp) => {
    written = await writeExperimentFiles(temp, result);
  });
  const moved = (p: string): string => join(target, relative(written!.dir, p));
  return { dir: target, json: moved(written!.json), csv: moved(written!.csv), parquet: moved(written!.parquet), report: moved(written!.report), charts: written!.charts.map(moved) };
}
