/**
 * The self-contained HTML report of an experiment (design of experiments, global sensitivity analysis and
 * scenario discovery): Morris μ*–σ and tornado charts, Sobol indices with their intervals, rank correlations,
 * the PRIM coverage–density trade-off and the chosen box, with tables of every number.
 * @packageDocumentation
 */
import type { TopLevelSpec } from "vega-lite";
import type { Config } from "vega-lite";
import { CHART_CONFIG, renderSvg, scenarioColour, wrapText } from "./charts.js";
import { formatSpecifier } from "d3-format";
import { checkFormat, escapeHtml, formatNumber, formatSigned } from "./format.js";
import { renderPage, type WrittenPage } from "./page.js";
import { writeRenderedPage } from "./page-files.js";

/** A point estimate with a confidence interval. */
export interface ExploreInterval {
  /** The estimate. */
  readonly estimate: number;
  /** Lower bound. */
  readonly low: number;
  /** Upper bound. */
  readonly high: number;
}

/** An input factor (a varied parameter) and the range it was varied over. */
export interface ExploreFactor {
  /** Id, such as a dotted parameter path. */
  readonly id: string;
  /** Display name (default: the id). */
  readonly label?: string;
  /** Low end of the range. */
  readonly low: number;
  /** High end of the range. */
  readonly high: number;
  /** Unit of the factor. */
  readonly unit?: string;
}

/** Morris measures of one factor, in outcome units per move across the factor's whole range. */
export interface ExploreMorris {
  /** Factor id. */
  readonly factor: string;
  /** Mean elementary effect (signed). */
  readonly mu: number;
  /** Mean absolute elementary effect. */
  readonly muStar: number;
  /** Standard deviation of the elementary effects. */
  readonly sigma: number;
}

/** First-order and total Sobol indices of one factor. */
export interface ExploreSobol {
  /** Factor id. */
  readonly factor: string;
  /** First-order index with its interval. */
  readonly first: ExploreInterval;
  /** Total-effect index with its interval. */
  readonly total: ExploreInterval;
}

/** A correlation between one factor and the outcome, with its interval. */
export interface ExploreCorrelation {
  /** Factor id. */
  readonly factor: string;
  /** The correlation coefficient. */
  readonly rho: number;
  /** Lower bound of its interval. */
  readonly low: number;
  /** Upper bound of its interval. */
  readonly high: number;
}

/** One box of a PRIM trajectory. */
export interface ExploreBox {
  /** How the box was made. */
  readonly kind: "initial" | "peel" | "paste";
  /** Cases of interest inside / all cases of interest. */
  readonly coverage: number;
  /** Cases of interest inside / points inside. */
  readonly density: number;
  /** Points inside / all points. */
  readonly mass: number;
}

/** The limits of the chosen box in one factor. */
export interface ExploreLimit {
  /** Factor id. */
  readonly factor: string;
  /** Lower limit. */
  readonly low: number;
  /** Upper limit. */
  readonly high: number;
  /** Whether the box restricts this factor (its limits lie inside the data range). */
  readonly restricted: boolean;
  /**
   * Quasi-p value of the restriction (as in the EMA Workbench): the chance of at least the box's cases among
   * its runs if the box's density were that of the same box without this restriction (one-sided binomial).
   */
  readonly quasiP?: number;
}

/** A scenario discovery result: the question, the trade-off curve and the chosen box. */
export interface ExploreDiscovery {
  /** The case of interest in words, such as "outcome below −5%". */
  readonly question: string;
  /** Runs counted. */
  readonly rows: number;
  /** Runs that are cases of interest. */
  readonly cases: number;
  /** Least density a box needed to be chosen. */
  readonly minDensity: number;
  /** The PRIM trajectory, in order. */
  readonly trajectory: readonly ExploreBox[];
  /** The chosen box (null when no box was dense enough or there were no cases). */
  readonly chosen: (ExploreBox & { readonly index: number; readonly count: number; readonly limits: readonly ExploreLimit[] }) | null;
}

/** The results for one outcome series (one compared scenario). */
export interface ExploreTarget {
  /** Id (used in file names and `data-target` attributes). */
  readonly id: string;
  /** Display name. */
  readonly label: string;
  /** Outcome summary across runs. */
  readonly summary?: { readonly runs: number; readonly mean: number; readonly min: number; readonly max: number };
  /** Morris measures per factor (Morris designs). */
  readonly morris?: readonly ExploreMorris[];
  /** Sobol indices per factor (Saltelli designs). */
  readonly sobol?: readonly ExploreSobol[];
  /** Rank correlations per factor (Latin hypercubes). */
  readonly correlation?: readonly ExploreCorrelation[];
  /** What the correlation is, in words (default "Spearman rank correlation"). */
  readonly correlationName?: string;
  /** Scenario discovery. */
  readonly discovery?: ExploreDiscovery;
  /** Its colour in swatches (default: by position). */
  readonly colour?: string;
  /** Warnings about this target's numbers, each with its reason (such as a sample too small for stable indices). */
  readonly warnings?: readonly string[];
  /** Every run's outcome and factor values, for the outcome histogram and the pairs plot. */
  readonly runs?: { readonly outcome: readonly number[]; readonly factors: Readonly<Record<string, readonly number[]>> };
  /** Factor ids of the pairs plot (the most influential first). */
  readonly pairs?: readonly string[];
}

/** Everything the experiment report shows. */
export interface ExploreReportInput {
  /** Report title. */
  readonly title: string;
  /** Introductory paragraph. */
  readonly intro?: string;
  /** The outcome: label, unit and d3-format specifier of its values. */
  readonly outcome: { readonly label: string; readonly unit: string; readonly format: string };
  /** The factors varied, in design order. */
  readonly factors: readonly ExploreFactor[];
  /** Facts shown under the title, such as the method, points and seed. */
  readonly facts?: readonly { readonly label: string; readonly value: string }[];
  /** One section per target. */
  readonly targets: readonly ExploreTarget[];
  /** Replay information, shown at the end. */
  readonly provenance?: readonly { readonly label: string; readonly value: string }[];
  /** The takeaway sentence shown first (generated by the caller from the numbers). */
  readonly takeaway?: string;
  /** Where the parameter values came from, in words (the prior ranges, or the calibrated ensemble). */
  readonly sampled?: string;
}

/** A chart of the experiment report as an SVG document and its file name in `charts/`. */
export interface ExploreChart {
  /** File name inside `charts/`, such as "sobol-iho-acute.svg". */
  readonly file: string;
  /** Chart kind: "morris", "tornado", "sobol", "correlation" or "prim". */
  readonly kind: "morris" | "tornado" | "sobol" | "correlation" | "prim" | "histogram" | "pairs" | "box";
  /** Target id. */
  readonly target: string;
  /** The SVG document. */
  readonly svg: string;
  /** The narrow layout the page shows on a phone. */
  readonly narrow?: string;
  /** Whether the page shows it (always). */
  readonly inPage?: boolean;
  /** The data drawn, as CSV. */
  readonly csv?: string;
}

/** The rows a Vega-Lite spec draws: its own inline data, else the largest of its layers' (the data the chart is about). */
function specRows(spec: TopLevelSpec): readonly Readonly<Record<string, unknown>>[] {
  const valuesOf = (x: unknown): Record<string, unknown>[] | undefined => {
    if (typeof x !== "object" || x === null || !("data" in x)) return undefined;
    const data = (x as { data?: unknown }).data;
    if (typeof data !== "object" || data === null || !("values" in data)) return undefined;
    const values = (data as { values?: unknown }).values;
    return Array.isArray(values) ? (values as Record<string, unknown>[]) : undefined;
  };
  const own = valuesOf(spec);
  if (own !== undefined) return own;
  const layers = "layer" in spec && Array.isArray(spec.layer) ? (spec.layer as unknown[]) : [];
  return layers.map(valuesOf).filter((v): v is Record<string, unknown>[] => v !== undefined).sort((a, b) => b.length - a.length)[0] ?? [];
}

/** CSV of plain rows (columns from every row's keys, in first-seen order), quoted where needed. */
function rowsCsv(rows: readonly Readonly<Record<string, unknown>>[]): string {
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r)))];
  const cell = (v: unknown): string => {
    const t = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v === undefined || v === null ? "" : String(v);
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [keys.join(","), ...rows.map((r) => keys.map((k) => cell(r[k])).join(","))].join("\r\n") + "\r\n";
}

/** The experiment report rendered in memory. */
export interface RenderedExploreReport {
  /** The HTML page with every chart inlined. */
  readonly html: string;
  /** The charts in page order. */
  readonly charts: readonly ExploreChart[];
}

/** Paths written by {@link writeExploreReport}. */
export type ExploreReportFiles = WrittenPage;

let WIDTH = 420;
/** The report's chart look, with room for long parameter paths on the axes. */
const CONFIG: Config = { ...CHART_CONFIG, axis: { ...CHART_CONFIG.axis, labelLimit: 280 } };
const RAISES = "#D55E00";
const LOWERS = "#0072B2";
const FIRST = "#0072B2";
const TOTAL = "#E69F00";

const finite = (x: number): boolean => Number.isFinite(x);
const fileBase = (id: string): string => id.replace(/[^A-Za-z0-9_-]/g, "_");

/** The d3 format without a forced sign, for magnitudes such as μ* and σ. */
function unsigned(format: string): string {
  const spec = formatSpecifier(format);
  spec.sign = "-";
  return spec.toString();
}

/** A domain covering the values, padded by 5% (and including zero when asked). */
function domainOf(values: readonly number[], withZero: boolean): [number, number] {
  const xs = values.filter(finite);
  if (withZero) xs.push(0);
  if (xs.length === 0) return [0, 1];
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.max(Math.abs(lo) * 0.05, 1e-9);
  return [lo === 0 ? 0 : lo - pad, hi + pad];
}

/**
 * Vega-Lite spec of the Morris μ*–σ plane: one labelled point per factor, with the line σ = μ* (above it,
 * effects vary more than they average: non-linearity or interactions).
 */
export function morrisChartSpec(title: string, unit: string, rows: readonly (ExploreMorris & { readonly label: string })[], format: string): TopLevelSpec {
  const data = rows.filter((r) => finite(r.muStar) && finite(r.sigma)).map((r) => ({ label: r.label, muStar: r.muStar, sigma: r.sigma, mu: r.mu }));
  const top = Math.max(...domainOf(data.flatMap((d) => [d.muStar, d.sigma]), true));
  const axis = (t: string) => ({ title: t, format, tickCount: 5 });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, 60), subtitle: unit === "" ? "" : wrapText(`per move across the factor's range (${unit})`, 70) },
    width: WIDTH,
    height: 300,
    layer: [
      {
        data: { values: [{ x: 0, y: 0 }, { x: top, y: top }] },
        mark: { type: "line", color: "#999", strokeDash: [4, 3] },
        encoding: { x: { field: "x", type: "quantitative", scale: { domain: [0, top] }, axis: axis("μ* (mean absolute effect)") }, y: { field: "y", type: "quantitative", scale: { domain: [0, top] }, axis: axis("σ (spread of effects)") } },
      },
      {
        data: { values: data },
        encoding: {
          x: { field: "muStar", type: "quantitative", scale: { domain: [0, top] } },
          y: { field: "sigma", type: "quantitative", scale: { domain: [0, top] } },
        },
        layer: [
          { mark: { type: "point", filled: true, size: 70, color: "#0b5cab" } },
          { mark: { type: "text", align: "left", dx: 7, dy: -6, fontSize: 11, color: "#222" }, encoding: { text: { field: "label", type: "nominal" } } },
        ],
      },
    ],
    config: CONFIG,
  };
}

/**
 * Vega-Lite spec of a tornado chart: one horizontal bar per factor, largest first, its length the factor's
 * influence; colour says whether raising the factor raises or lowers the outcome; optional whiskers.
 */
export function tornadoChartSpec(
  title: string,
  subtitle: string,
  rows: readonly { readonly label: string; readonly value: number; readonly sign: number; readonly low?: number; readonly high?: number }[],
  format: string,
  fixedDomain?: readonly [number, number],
): TopLevelSpec {
  const data = rows.filter((r) => finite(r.value)).map((r) => ({ label: r.label, value: r.value, low: r.low ?? r.value, high: r.high ?? r.value, effect: r.sign >= 0 ? "raises the outcome" : "lowers the outcome" }));
  const order = [...data].sort((a, b) => Math.abs(b.value) - Math.abs(a.value) || (a.label < b.label ? -1 : 1)).map((d) => d.label);
  const domain = fixedDomain === undefined ? domainOf(data.flatMap((d) => [d.value, d.low, d.high]), true) : [fixedDomain[0], fixedDomain[1]];
  const y = { field: "label", type: "nominal", sort: order, title: null } as const;
  const x = { field: "value", type: "quantitative", title: null, scale: { domain }, axis: { format, tickCount: 6 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, 60), subtitle: wrapText(subtitle, 70) },
    width: WIDTH,
    height: Math.max(60, 22 * data.length),
    data: { values: data },
    layer: [
      {
        mark: { type: "bar", height: 14 },
        encoding: {
          y,
          x,
          color: { field: "effect", type: "nominal", scale: { domain: ["raises the outcome", "lowers the outcome"], range: [RAISES, LOWERS] }, legend: { title: null, orient: "bottom" } },
        },
      },
      { mark: { type: "rule", color: "#222" }, encoding: { y, x: { field: "low", type: "quantitative", scale: { domain } }, x2: { field: "high" } } },
      { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#555" }, encoding: { x: { field: "zero", type: "quantitative", scale: { domain } } } },
    ],
    config: CONFIG,
  };
}

/** Vega-Lite spec of Sobol indices: per factor a first-order and a total bar, each with its interval as a whisker. */
export function sobolChartSpec(title: string, rows: readonly (ExploreSobol & { readonly label: string })[]): TopLevelSpec {
  const data = rows.flatMap((r) => [
    { label: r.label, index: "first-order S₁", estimate: r.first.estimate, low: r.first.low, high: r.first.high, total: r.total.estimate },
    { label: r.label, index: "total Sₜ", estimate: r.total.estimate, low: r.total.low, high: r.total.high, total: r.total.estimate },
  ]).filter((d) => finite(d.estimate));
  const order = [...rows].sort((a, b) => (b.total.estimate || 0) - (a.total.estimate || 0) || (a.label < b.label ? -1 : 1)).map((r) => r.label);
  const domain = domainOf([...data.flatMap((d) => [d.estimate, d.low, d.high]), 1], true);
  const y = { field: "label", type: "nominal", sort: order, title: null } as const;
  const yOffset = { field: "index", type: "nominal", sort: ["first-order S₁", "total Sₜ"] } as const;
  const colour = { field: "index", type: "nominal", scale: { domain: ["first-order S₁", "total Sₜ"], range: [FIRST, TOTAL] }, legend: { title: null, orient: "bottom" } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, 60), subtitle: "Share of the outcome's variance; whiskers: 95% bootstrap intervals" },
    width: WIDTH,
    height: Math.max(80, 34 * rows.length),
    data: { values: data },
    layer: [
      { mark: { type: "bar", height: 11 }, encoding: { y, yOffset, x: { field: "estimate", type: "quantitative", title: null, scale: { domain }, axis: { format: ".2f", tickCount: 6 } }, color: colour } },
      { mark: { type: "rule", color: "#222" }, encoding: { y, yOffset, x: { field: "low", type: "quantitative", scale: { domain } }, x2: { field: "high" } } },
    ],
    config: CONFIG,
  };
}

/** Vega-Lite spec of the PRIM trade-off: coverage against density for each box of the trajectory, the chosen box ringed. */
export function primChartSpec(title: string, discovery: ExploreDiscovery): TopLevelSpec {
  const data = discovery.trajectory.map((b, i) => ({ step: i, kind: b.kind, coverage: b.coverage, density: b.density, mass: b.mass }));
  const chosen = discovery.chosen === null ? [] : [{ coverage: discovery.chosen.coverage, density: discovery.chosen.density, text: `chosen box (${discovery.chosen.index})` }];
  const axis = (t: string) => ({ title: t, format: ".0%", tickCount: 5 });
  const scale = { domain: [0, 1] };
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, 60), subtitle: wrapText(discovery.question, 80) },
    width: WIDTH,
    height: 280,
    layer: [
      { data: { values: [{ y: discovery.minDensity }] }, mark: { type: "rule", color: "#999", strokeDash: [4, 3] }, encoding: { y: { field: "y", type: "quantitative", scale } } },
      {
        data: { values: data },
        encoding: { x: { field: "coverage", type: "quantitative", scale, axis: axis("Coverage (share of cases in the box)") }, y: { field: "density", type: "quantitative", scale, axis: axis("Density (cases / runs in the box)") } },
        layer: [
          { mark: { type: "line", color: "#9aa5b1" }, encoding: { order: { field: "step", type: "quantitative" } } },
          {
            mark: { type: "point", filled: true, opacity: 0.85 },
            encoding: {
              color: { field: "kind", type: "nominal", title: null, scale: { domain: ["initial", "peel", "paste"], range: ["#555555", "#0072B2", "#009E73"] }, legend: { orient: "bottom" } },
              size: { field: "mass", type: "quantitative", title: "Mass", scale: { domain: [0, 1], range: [10, 160] }, legend: { format: ".0%", orient: "bottom", values: [0.1, 0.5, 1] } },
            },
          },
        ],
      },
      {
        data: { values: chosen },
        encoding: { x: { field: "coverage", type: "quantitative", scale }, y: { field: "density", type: "quantitative", scale } },
        layer: [
          { mark: { type: "point", size: 260, strokeWidth: 2.5, color: RAISES, filled: false } },
          { mark: { type: "text", align: "left", dx: 12, dy: 12, fontSize: 12, color: RAISES }, encoding: { text: { field: "text", type: "nominal" } } },
        ],
      },
    ],
    config: CONFIG,
  };
}

/** Vega-Lite spec of the outcome's distribution across runs: a histogram. */
export function histogramChartSpec(title: string, unit: string, values: readonly number[], format: string): TopLevelSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, Math.round((WIDTH + 60) / 8.5)), subtitle: unit },
    width: WIDTH,
    height: 160,
    data: { values: values.filter(finite).map((v) => ({ v })) },
    mark: { type: "bar", color: "#0b5cab", opacity: 0.85 },
    encoding: {
      x: { field: "v", type: "quantitative", bin: { maxbins: 30 }, title: unit === "" ? null : unit, axis: { format, tickCount: 5 } },
      y: { aggregate: "count", type: "quantitative", title: "runs" },
    },
    config: CONFIG,
  };
}

/** Vega-Lite spec of the pairs plot: the outcome against each of the top factors, one panel per factor. */
export function pairsChartSpec(title: string, unit: string, rows: readonly Readonly<Record<string, number | string>>[], factors: readonly { readonly id: string; readonly label: string }[], format: string): TopLevelSpec {
  const wide = WIDTH >= 400;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, Math.round((WIDTH + 60) / 8.5)), subtitle: unit },
    data: { values: rows.flatMap((r) => factors.map((f) => ({ factor: f.label, x: r[f.id], y: r["outcome"] }))) },
    columns: wide ? Math.min(3, factors.length) : 1,
    facet: { field: "factor", type: "nominal", sort: factors.map((f) => f.label), title: null, header: { labelLimit: wide ? 180 : 240, labelFontSize: 11 } },
    spec: {
      width: wide ? Math.floor((WIDTH + 180) / Math.min(3, Math.max(1, factors.length))) - 30 : WIDTH,
      height: wide ? 150 : 140,
      mark: { type: "point", filled: true, size: 14, opacity: 0.45, color: "#0b5cab" },
      encoding: {
        x: { field: "x", type: "quantitative", title: null, scale: { zero: false }, axis: { tickCount: 3 } },
        y: { field: "y", type: "quantitative", title: null, scale: { zero: false }, axis: { format, tickCount: 4 } },
      },
    },
    resolve: { scale: { x: "independent" } },
    config: CONFIG,
  };
}

/** Vega-Lite spec of a PRIM box's limits: per restricted factor the box's range within the factor's whole range, with its quasi-p value. */
export function boxLimitsChartSpec(title: string, limits: readonly { readonly label: string; readonly low: number; readonly high: number; readonly quasiP?: number }[]): TopLevelSpec {
  const data = limits.map((l) => ({ ...l, p: l.quasiP === undefined ? "" : `p ${l.quasiP < 0.001 ? "< 0.001" : l.quasiP.toFixed(3)}` }));
  const y = { field: "label", type: "nominal", sort: null, title: null, axis: { labelLimit: WIDTH >= 400 ? 260 : 150 } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(title, Math.round((WIDTH + 60) / 8.5)), subtitle: "The box's range of each restricted factor, as a share of the range varied; quasi-p at the right" },
    width: WIDTH,
    height: { step: 28 },
    data: { values: data },
    layer: [
      { mark: { type: "bar", color: "#eef1f4", height: 14 }, encoding: { y, x: { datum: 0, type: "quantitative", scale: { domain: [0, 1] } }, x2: { datum: 1 } } },
      { mark: { type: "bar", color: "#D55E00", height: 14 }, encoding: { y, x: { field: "low", type: "quantitative", scale: { domain: [0, 1] }, title: "share of the range varied", axis: { format: ".0%", tickCount: 5 } }, x2: { field: "high" } } },
      { mark: { type: "text", align: "left", dx: 4, fontSize: 11, color: "#222" }, encoding: { y, x: { datum: 1, type: "quantitative" }, text: { field: "p", type: "nominal" } } },
    ],
    config: CONFIG,
  };
}

function table(head: readonly string[], body: readonly (readonly string[])[], className = ""): string {
  const cls = className === "" ? "" : ` class="${className}"`;
  const th = head.map((h) => `<th scope="col">${h}</th>`).join("");
  const rows = body.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<div class="table-wrap"><table${cls}><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

const num = (format: string, x: number): string => `<span class="num">${escapeHtml(formatNumber(format, x))}</span>`;
const interval = (format: string, i: ExploreInterval): string =>
  `${num(format, i.estimate)} <span class="ci">(${escapeHtml(formatNumber(format, i.low))} to ${escapeHtml(formatNumber(format, i.high))})</span>`;

/** The experiment report's rule on top of the shared page stylesheet. */
const CSS = `
tr.restricted td{font-weight:600}
p.warning{background:#fff4e5;border-left:4px solid #E69F00;padding:6px 10px;max-width:90ch}
@media (max-width:600px){.lede,.facts{display:none}}
`;

/**
 * Render the experiment report in memory: the HTML page (charts inlined) and each chart's SVG.
 * @remarks Every piece of text from the input is HTML-escaped and the page loads nothing from the network;
 * the same input gives the same page. Factors are listed most influential first in every chart and table.
 * @example
 * ```ts
 * const { html } = await renderExploreReport({ title: "Experiment", outcome: { label: "y", unit: "", format: ".3f" }, factors, targets });
 * ```
 */
export async function renderExploreReport(input: ExploreReportInput): Promise<RenderedExploreReport> {
  checkFormat(input.outcome.format, "input.outcome.format");
  const labels = new Map(input.factors.map((f) => [f.id, f.label ?? f.id]));
  const label = (id: string): string => labels.get(id) ?? id;
  const charts: ExploreChart[] = [];
  const used = new Set<string>();
  const add = async (kind: ExploreChart["kind"], target: string, spec: () => TopLevelSpec): Promise<string> => {
    let file = `${kind}-${fileBase(target)}.svg`;
    for (let k = 2; used.has(file); k++) file = `${kind}-${fileBase(target)}-${k}.svg`;
    used.add(file);
    WIDTH = 420;
    const wideSpec = spec();
    const svg = await renderSvg(wideSpec);
    WIDTH = 220;
    const narrow = await renderSvg(spec());
    WIDTH = 420;
    charts.push({ file, kind, target, svg, narrow, inPage: true, csv: rowsCsv(specRows(wideSpec)) });
    const base = file.replace(/\.svg$/, "");
    return `<div class="chart-wide">${svg}</div><div class="chart-narrow">${narrow}</div><p class="download">Download: <a href="charts/${escapeHtml(base)}.svg">SVG</a> · <a href="charts/${escapeHtml(base)}.png">PNG</a> · <a href="charts/${escapeHtml(base)}.csv">CSV</a></p>`;
  };
  const fmt = input.outcome.format;
  const magnitude = unsigned(fmt);
  const outcomeName = input.outcome.unit === "" ? input.outcome.label : `${input.outcome.label} (${input.outcome.unit})`;
  const sections: string[] = [];
  for (const [t, target] of input.targets.entries()) {
    const figures: string[] = [];
    const tables: string[] = [];
    if (target.runs !== undefined && target.runs.outcome.length > 0) {
      const hist = await add("histogram", target.id, () => histogramChartSpec(`${target.label}: the outcome across runs`, outcomeName, target.runs!.outcome, fmt));
      figures.push(`<figure class="histogram" data-target="${escapeHtml(target.id)}">${hist}<figcaption>How the outcome spreads across every run of the design.</figcaption></figure>`);
      const top = (target.pairs ?? []).slice(0, 3).filter((f) => target.runs!.factors[f] !== undefined);
      if (top.length > 0) {
        // At most about a thousand points (every k-th run), so the page stays small.
        const stride = Math.max(1, Math.ceil(target.runs.outcome.length / 1000));
        const rows = target.runs.outcome.flatMap((y, i) => (i % stride === 0 ? [Object.fromEntries([["outcome", y], ...top.map((f) => [f, target.runs!.factors[f]![i]!])]) as Record<string, number>] : []));
        const pairs = await add("pairs", target.id, () => pairsChartSpec(`${target.label}: the outcome against the most influential factors`, outcomeName, rows, top.map((f) => ({ id: f, label: label(f) })), fmt));
        figures.push(`<figure class="pairs" data-target="${escapeHtml(target.id)}">${pairs}<figcaption>Each point is a run${stride > 1 ? ` (one run in ${stride} is drawn)` : ""}: the factor's value (across) and the outcome (up).</figcaption></figure>`);
      }
    }
    const swatch = `<span class="swatch" data-scenario="${escapeHtml(target.id)}" style="background:${target.colour ?? scenarioColour(t)}"></span>`;
    if (target.morris !== undefined) {
      const rows = target.morris.map((m) => ({ ...m, label: label(m.factor) }));
      const scatter = await add("morris", target.id, () => (morrisChartSpec(`${target.label}: Morris screening`, input.outcome.unit, rows, magnitude)));
      figures.push(`<figure class="morris" data-target="${escapeHtml(target.id)}">${scatter}<figcaption>Each point is a factor: μ* (right) is its overall influence, σ (up) how much its effect varies with the other factors. Above the dashed line σ = μ*, interactions or non-linearity dominate.</figcaption></figure>`);
      const tornado = await add("tornado", target.id, () => (tornadoChartSpec(`${target.label}: influence (Morris μ*)`, `per move across the factor's range (${input.outcome.unit === "" ? "outcome units" : input.outcome.unit})`, rows.map((r) => ({ label: r.label, value: r.muStar, sign: Math.sign(r.mu) })), magnitude)));
      figures.push(`<figure class="tornado" data-target="${escapeHtml(target.id)}">${tornado}<figcaption>Bar length: μ*. Colour: the sign of μ, whether raising the factor mostly raises or lowers the outcome.</figcaption></figure>`);
      const sorted = [...rows].sort((a, b) => (b.muStar || 0) - (a.muStar || 0));
      tables.push(table(["Factor", "μ*", "μ", "σ"], sorted.map((r) => [escapeHtml(r.label), num(magnitude, r.muStar), `<span class="num">${escapeHtml(formatSigned(magnitude, r.mu))}</span>`, num(magnitude, r.sigma)]), "morris"));
    }
    if (target.sobol !== undefined) {
      const rows = target.sobol.map((s) => ({ ...s, label: label(s.factor) }));
      const svg = await add("sobol", target.id, () => (sobolChartSpec(`${target.label}: Sobol indices`, rows)));
      figures.push(`<figure class="sobol" data-target="${escapeHtml(target.id)}">${svg}<figcaption>First-order S₁: the share of variance the factor explains alone. Total Sₜ: including its interactions. Whiskers: 95% bootstrap intervals over the base rows.</figcaption></figure>`);
      const sorted = [...rows].sort((a, b) => (b.total.estimate || 0) - (a.total.estimate || 0));
      tables.push(table(["Factor", "First-order S₁ (95% interval)", "Total Sₜ (95% interval)"], sorted.map((r) => [escapeHtml(r.label), interval(".3f", r.first), interval(".3f", r.total)]), "sobol"));
    }
    if (target.correlation !== undefined) {
      const name = target.correlationName ?? "Spearman rank correlation";
      const rows = target.correlation.map((c) => ({ label: label(c.factor), value: c.rho, sign: Math.sign(c.rho), low: c.low, high: c.high }));
      const svg = await add("correlation", target.id, () => (tornadoChartSpec(`${target.label}: ${name}`, `${name} with the outcome; whiskers: 95% intervals`, rows, ".2f", [-1, 1])));
      figures.push(`<figure class="correlation" data-target="${escapeHtml(target.id)}">${svg}<figcaption>${escapeHtml(name)} between each factor and the outcome across the design, most influential first.</figcaption></figure>`);
      const sorted = [...target.correlation].sort((a, b) => Math.abs(b.rho || 0) - Math.abs(a.rho || 0));
      tables.push(table(["Factor", `${escapeHtml(name)} (95% interval)`], sorted.map((c) => [escapeHtml(label(c.factor)), interval(".3f", { estimate: c.rho, low: c.low, high: c.high })]), "correlation"));
    }
    let discoveryHtml = "";
    const d = target.discovery;
    if (d !== undefined) {
      const head = `<p>Case of interest: <b>${escapeHtml(d.question)}</b>. ${escapeHtml(formatNumber(",d", d.cases))} of ${escapeHtml(formatNumber(",d", d.rows))} runs (${escapeHtml(formatNumber(".1%", d.rows > 0 ? d.cases / d.rows : Number.NaN))}).</p>`;
      if (d.trajectory.length === 0) {
        discoveryHtml = `${head}<p class="empty">No run is a case of interest, so there is no box to find.</p>`;
      } else {
        const svg = await add("prim", target.id, () => (primChartSpec(`${target.label}: PRIM trade-off`, d)));
        const figure = `<figure class="prim" data-target="${escapeHtml(target.id)}">${svg}<figcaption>Each point is a box of the PRIM peeling and pasting trajectory (point size: its mass, the share of runs inside): peeling trades coverage for density. Dashed line: the least density a chosen box needs (${escapeHtml(formatNumber(".0%", d.minDensity))}).</figcaption></figure>`;
        let chosen = `<p class="empty">No box reaches a density of ${escapeHtml(formatNumber(".0%", d.minDensity))}.</p>`;
        if (d.chosen !== null) {
          const c = d.chosen;
          const ranges = new Map(input.factors.map((f) => [f.id, f]));
          const rows = [...c.limits].sort((a, b) => Number(b.restricted) - Number(a.restricted)).map((l) => {
            const f = ranges.get(l.factor);
            return `<tr class="${l.restricted ? "restricted" : "free"}" data-factor="${escapeHtml(l.factor)}"><td data-label="Factor">${escapeHtml(label(l.factor))}</td><td data-label="Restricted">${l.restricted ? "restricted" : "–"}</td><td data-label="Box">${num(",.4~g", l.low)} to ${num(",.4~g", l.high)}</td><td data-label="Range varied">${f === undefined ? "–" : `${num(",.4~g", f.low)} to ${num(",.4~g", f.high)}`}</td><td data-label="Quasi-p">${l.quasiP === undefined || !l.restricted ? "–" : num(".3f", l.quasiP)}</td></tr>`;
          });
          const ranges2 = new Map(input.factors.map((f) => [f.id, f]));
          const restricted = c.limits.filter((l) => l.restricted).map((l) => {
            const f = ranges2.get(l.factor);
            const span = f === undefined || f.high === f.low ? 1 : f.high - f.low;
            const lo = f === undefined ? 0 : (l.low - f.low) / span;
            const hi = f === undefined ? 1 : (l.high - f.low) / span;
            return { label: label(l.factor), low: Math.max(0, lo), high: Math.min(1, hi), ...(l.quasiP === undefined ? {} : { quasiP: l.quasiP }) };
          });
          const boxChart = restricted.length === 0 ? "" : `<figure class="box" data-target="${escapeHtml(target.id)}">${await add("box", target.id, () => boxLimitsChartSpec(`${target.label}: the chosen box`, restricted))}<figcaption>Orange: the values of each restricted factor inside the box, within the whole range varied (grey). Quasi-p: the chance of the box's cases if this restriction added nothing (small is convincing).</figcaption></figure>`;
          chosen =
            boxChart +
            `<h3>Chosen box</h3><p>Box ${escapeHtml(String(c.index))} of the trajectory: coverage <b>${escapeHtml(formatNumber(".1%", c.coverage))}</b>, density <b>${escapeHtml(formatNumber(".1%", c.density))}</b>, mass ${escapeHtml(formatNumber(".1%", c.mass))} (${escapeHtml(formatNumber(",d", c.count))} runs). Restricted factors first.</p>` +
            `<div class="table-wrap"><table class="box"><thead><tr><th scope="col">Factor</th><th scope="col">Restricted</th><th scope="col">Box</th><th scope="col">Range varied</th><th scope="col">Quasi-p</th></tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>`;
        }
        discoveryHtml = `${head}<div class="grid">${figure}</div>${chosen}`;
      }
      discoveryHtml = `<h3>Scenario discovery (PRIM)</h3>${discoveryHtml}`;
    }
    const s = target.summary;
    const summary =
      s === undefined
        ? ""
        : `<p>Outcome across ${escapeHtml(formatNumber(",d", s.runs))} runs: mean ${escapeHtml(formatNumber(fmt, s.mean))}, from ${escapeHtml(formatNumber(fmt, s.min))} to ${escapeHtml(formatNumber(fmt, s.max))}.${input.sampled === undefined ? "" : ` Parameter values: ${escapeHtml(input.sampled)}`}</p>`;
    // The warnings stand after the charts and before the tables they qualify, so a phone still shows a chart first.
    const warnings = (target.warnings ?? []).map((w) => `<p class="warning">${escapeHtml(w)}</p>`).join("");
    const body = figures.length === 0 ? `${warnings}<p class="empty">No sensitivity measures.</p>` : `<div class="grid">\n${figures.join("\n")}\n</div>${warnings}${tables.join("")}`;
    sections.push(`<section id="target-${escapeHtml(fileBase(target.id))}" data-target="${escapeHtml(target.id)}"><h2>${swatch}${escapeHtml(target.label)}</h2>${summary}${body}${discoveryHtml}</section>`);
  }
  const factorRows = input.factors.map((f) => [`<code>${escapeHtml(f.id)}</code>${f.label === undefined || f.label === f.id ? "" : ` ${escapeHtml(f.label)}`}`, `${num(",.4~g", f.low)} to ${num(",.4~g", f.high)}`, escapeHtml(f.unit ?? "")]);
  const facts = [`Outcome <b>${escapeHtml(outcomeName)}</b>`, ...(input.facts ?? []).map((f) => `${escapeHtml(f.label)} <b>${escapeHtml(f.value)}</b>`)];
  const nav = [...input.targets.map((t) => [`target-${fileBase(t.id)}`, t.label] as const), ["factors", "Factors"] as const, ...(input.provenance === undefined ? [] : [["provenance", "Provenance"] as const])];
  const provenance =
    input.provenance === undefined
      ? ""
      : `<section id="provenance"><h2>Provenance</h2><dl class="manifest">${input.provenance.map((p) => `<dt>${escapeHtml(p.label)}</dt><dd>${escapeHtml(p.value)}</dd>`).join("")}</dl></section>`;
  const html = renderPage({
    title: input.title,
    ...(input.intro === undefined ? {} : { intro: input.intro }),
    facts,
    nav,
    css: CSS,
    body: `${input.takeaway === undefined ? "" : `<h2 class="takeaway">${escapeHtml(input.takeaway)}</h2>`}${sections.join("\n")}
<section id="factors"><h2>Factors varied</h2>${input.sampled === undefined ? "" : `<p>Parameter values: ${escapeHtml(input.sampled)}</p>`}${table(["Factor", "Range", "Unit"], factorRows, "factors")}</section>
${provenance}`,
  });
  return { html, charts };
}

/**
 * Write the experiment report to `<dir>/report.html` and each chart to `<dir>/charts/*.svg`, atomically.
 * @remarks Charts are rendered before anything is written; each file then appears complete or not at all.
 * @example
 * ```ts
 * await writeExploreReport("results/experiment", input);
 * ```
 */
export async function writeExploreReport(dir: string, input: ExploreReportInput): Promise<ExploreReportFiles> {
  return writeRenderedPage(dir, await renderExploreReport(input));
}
