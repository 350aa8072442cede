/**
 * The backcast's HTML report: one self-contained page (the shared page shell of `@ringfence/core/results`)
 * with the ten targets side by side (published value, tolerance, model median and 90% band, hit or miss, role),
 * a chart of each level target's miss in units of its tolerance, and every target's sources and note.
 * @packageDocumentation
 */
import type * as Results from "@ringfence/core/results";
import type { RunRecord } from "@ringfence/core/batch";
import { OBSERVED } from "../history.js";
import { PRESET_COLOURS } from "../palette.js";
import { yearLabel } from "./targets.js";
import { BACKCAST_COLUMNS, backcastCells, backcastCountLine, quantile, type BackcastTable } from "./backcast.js";

/** A Vega-Lite spec as `renderSvg` of `@ringfence/core/results` takes it. */
export type ChartSpec = Parameters<typeof Results.renderSvg>[0];

/** What the page says about how the backcast was run. */
export interface BackcastReportMeta {
  /** Population size the runs used. */
  readonly population: string;
  /** Master seed of the runs. */
  readonly seed: string;
  /** Where the parameters came from, in words (the shipped ensemble, or the defaults). */
  readonly parameters: string;
  /** The command that reproduces it. */
  readonly command: string;
  /** The national series against the published points (drawn at England size). */
  readonly series?: readonly BackcastSeries[];
  /** The per-ICB panel the Real England backcast writes, when there is one. */
  readonly icbPanel?: readonly IcbPanelRow[];
}

/** One level target's miss in units of its tolerance: the median and the 90% band, for the chart. */
export interface MissPoint {
  /** "number id" of the target. */
  readonly target: string;
  /** Its role: fitted, held-out or input. */
  readonly role: string;
  /** (median − published) ÷ tolerance. */
  readonly median: number;
  /** The same at the 5th percentile. */
  readonly low: number;
  /** The same at the 95th percentile. */
  readonly high: number;
  /** "in" or "out". */
  readonly hit: string;
}

/** Each level target's (model − published) / tolerance at the median and the band's ends. */
export function standardisedMisses(table: BackcastTable): MissPoint[] {
  return table.rows
    .filter((r) => r.target.kind === "level" && Number.isFinite(r.median))
    .map((r) => {
      const z = (v: number) => (v - r.target.value) / r.target.tolerance;
      return { target: `${r.target.number} ${r.target.id}`, role: r.target.role, median: z(r.median), low: z(r.p5), high: z(r.p95), hit: r.hit ? "in" : "out" };
    });
}

/** The Vega-Lite spec of the miss chart, without a config (the report adds the shared `CHART_CONFIG`). */
export function missChartSpec(points: readonly MissPoint[], width = 520): ChartSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: width < 400 ? ["Model against published,", "in units of each target's tolerance"] : "Model against published, in units of each target's tolerance", subtitle: width < 400 ? ["Median and 90% of runs;", "inside the grey band (±1) is a hit"] : "Median and 90% of runs; inside the grey band (±1) is a hit" },
    width,
    height: { step: 26 },
    data: { values: [...points] },
    layer: [
      { data: { values: [{ a: -1, b: 1 }] }, mark: { type: "rect", color: "#e9e9e9" }, encoding: { x: { field: "a", type: "quantitative" }, x2: { field: "b" } } },
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y: { field: "target", type: "nominal", sort: null, title: null }, x: { field: "low", type: "quantitative", title: "(model − published) ÷ tolerance" }, x2: { field: "high" }, color: { field: "hit", type: "nominal", scale: { domain: ["in", "out"], range: ["#1b7837", "#b2182b"] }, title: "median" } } },
      { mark: { type: "point", filled: true, size: 70 }, encoding: { y: { field: "target", type: "nominal", sort: null }, x: { field: "median", type: "quantitative" }, color: { field: "hit", type: "nominal" } } },
    ],
  };
}

/**
 * The report page as HTML in the shared page shell, with the miss chart rendered inline; loads the chart and
 * page libraries (`@ringfence/core/results`) when called, not when this package is imported.
 */
export async function renderBackcastReport(table: BackcastTable, meta: BackcastReportMeta): Promise<string> {
  return (await renderBackcastPage(table, meta)).html;
}

/** A chart of the backcast report: its file name in `charts/`, its SVG and the CSV of its data. */
export interface BackcastChart {
  /** File name inside `charts/`, such as "misses.svg". */
  readonly file: string;
  /** The SVG (the wide layout). */
  readonly svg: string;
  /** The data drawn, as CSV. */
  readonly csv: string;
}

/** CSV of rows of plain values (header from the first row's keys), quoted where needed. */
export function csvOfRows(rows: readonly Readonly<Record<string, unknown>>[]): string {
  const keys = Object.keys(rows[0] ?? {});
  const cell = (v: unknown): string => {
    const t = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : String(v ?? "");
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [keys.join(","), ...rows.map((r) => keys.map((k) => cell(r[k])).join(","))].join("\r\n") + "\r\n";
}

/**
 * The backcast report page and its charts (each written beside the page as SVG, PNG and CSV by
 * `writeRenderedPage` of `@ringfence/core/results`); loads the chart and page libraries when called.
 */
export async function renderBackcastPage(table: BackcastTable, meta: BackcastReportMeta): Promise<{ readonly html: string; readonly charts: readonly BackcastChart[] }> {
  const { CHART_CONFIG, escapeHtml: escape, renderPage, renderSvg } = await import("@ringfence/core/results");
  const charts: BackcastChart[] = [];
  const links = (file: string): string => `<p class="download">Download: <a href="charts/${file}.svg">SVG</a> · <a href="charts/${file}.png">PNG</a> · <a href="charts/${file}.csv">CSV</a></p>`;
  const misses = standardisedMisses(table);
  const wide = misses.length === 0 ? "" : await renderSvg({ ...missChartSpec(misses), config: CHART_CONFIG });
  const narrow = misses.length === 0 ? "" : await renderSvg({ ...missChartSpec(misses, 170), config: CHART_CONFIG });
  if (wide !== "") charts.push({ file: "misses.svg", svg: wide, csv: csvOfRows(misses.map((m) => ({ ...m }))) });
  const chart = wide === "" ? "" : `<div class="chart-wide">${wide}</div><div class="chart-narrow">${narrow}</div>${links("misses")}`;
  const unstable = table.rows.filter((r) => r.target.role !== "input" && r.stable === false);
  const warning =
    unstable.length === 0 && table.runs >= 20
      ? ""
      : `<p class="warning">With ${table.runs} runs the verdict is not stable: ${unstable.length === 0 ? "fewer than 20 runs" : `the 95% interval of the median of ${unstable.map((r) => `target ${r.target.number} (${escape(r.target.id)})`).join(", ")} crosses the edge of its tolerance (or zero), so more runs could turn a hit into a miss or back`}. Run more (--runs).</p>`;
  const takeawayText = `The backcast ${backcastCountLine(table).replace(/^hit/, "hits")}.`;
  const colour = PRESET_COLOURS["baseline-2014"];
  const seriesFigures: string[] = [];
  for (const s of meta.series ?? []) {
    if (s.model.every((m) => !Number.isFinite(m.p50))) continue;
    const [w, n] = await Promise.all([renderSvg({ ...seriesChartSpec(s, colour, 300), config: CHART_CONFIG }), renderSvg({ ...seriesChartSpec(s, colour, 250), config: CHART_CONFIG })]);
    const file = `series-${s.id}`;
    charts.push({ file: `${file}.svg`, svg: w, csv: csvOfRows([...s.model.map((m) => ({ kind: "model", year: m.year, p5: m.p5, p25: m.p25, median: m.p50, p75: m.p75, p95: m.p95, published: "", source: "" })), ...s.observed.map((o) => ({ kind: "published", year: o.year, p5: "", p25: "", median: "", p75: "", p95: "", published: o.value, source: o.source }))]) });
    seriesFigures.push(`<figure class="series" data-series="${escape(s.id)}"><div class="chart-wide">${w}</div><div class="chart-narrow">${n}</div>${links(file)}<figcaption>Model: median line, 50% and 90% of runs as bands. Diamonds: published (${escape(s.observed.map((o) => o.source).join("; "))}).</figcaption></figure>`);
  }
  let panel = "";
  if (meta.icbPanel !== undefined && meta.icbPanel.length > 0) {
    const [w, n] = await Promise.all([renderSvg({ ...icbPanelChartSpec(meta.icbPanel, 260, 3), config: CHART_CONFIG }), renderSvg({ ...icbPanelChartSpec(meta.icbPanel, 250, 1), config: CHART_CONFIG })]);
    const covered = meta.icbPanel.filter((r) => r.covered).length;
    charts.push({ file: "icb-panel.svg", svg: w, csv: csvOfRows(meta.icbPanel.map((r) => ({ ...r }))) });
    panel = `<section id="icbs"><h2>Each ICB against the model</h2><p>${covered} of ${meta.icbPanel.length} published ICB-year values lie inside the model's 90% band.</p><figure class="icb-panel"><div class="chart-wide">${w}</div><div class="chart-narrow">${n}</div>${links("icb-panel")}</figure></section>`;
  }
  const cells = backcastCells(table);
  const head = BACKCAST_COLUMNS.map((h) => `<th>${escape(h)}</th>`).join("");
  const body = cells.map((row, i) => `<tr class="${table.rows[i]!.hit ? "in" : "out"}">${row.map((c, k) => `<td data-label="${escape(BACKCAST_COLUMNS[k] ?? "")}">${escape(c)}</td>`).join("")}</tr>`).join("\n");
  const notes = table.rows
    .map((r) => {
      const t = r.target;
      const sources = t.sources.map((s) => `${escape(s.title)} (${escape(s.publisher)}, ${escape(s.date)})`).join("; ");
      return `<li><strong>${t.number} ${escape(t.id)}</strong> (${escape(t.role)}): ${escape(t.description)} <em>Tolerance:</em> ${escape(t.toleranceText)}. <em>Sources:</em> ${sources}. ${escape(t.note)}</li>`;
    })
    .join("\n");
  const html = renderPage({
    title: "Backcast: England 2015/16–2025/26 against ten published targets",
    intro: "A target is hit when the median across runs is within its tolerance (levels) or has the right sign (directions). Inputs are set from the series they are compared with and are not counted.",
    facts: [`<b>${escape(backcastCountLine(table))}</b>`, `Runs per scenario <b>${table.runs}</b>`, `Population <b>${escape(meta.population)}</b>`, `Seed <b>${escape(meta.seed)}</b>`, `Parameters: <b>${escape(meta.parameters)}</b>`],
    nav: [["targets", "Targets"], ...(seriesFigures.length === 0 ? [] : [["series", "Series"] as const]), ...(panel === "" ? [] : [["icbs", "ICBs"] as const]), ["sources", "Sources and notes"]],
    css: "tr.out td:last-child{color:#b2182b;font-weight:600}tr.in td:last-child{color:#1b7837}p.warning{background:#fff4e5;border-left:4px solid #E69F00;padding:6px 10px;max-width:90ch}",
    footer: "Each chart is also saved in charts/ as SVG, PNG and the CSV of its data.",
    body: `<h2 class="takeaway"><span class="swatch" data-scenario="baseline-2014" style="background:${PRESET_COLOURS["baseline-2014"]}"></span>${escape(takeawayText)}</h2>${warning}${chart === "" ? "" : `<figure>${chart}</figure>`}<section id="targets"><h2>The targets side by side</h2><p>Reproduce with <code>${escape(meta.command)}</code>.</p><div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>

${seriesFigures.length === 0 ? "" : `<section id="series"><h2>The model against the published series, year by year</h2><div class="grid">${seriesFigures.join("\n")}</div></section>`}
${panel}
<section id="sources"><h2>The targets, their sources and our judgement calls</h2><ul>
${notes}
</ul></section>`,
  });
  return { html, charts };
}

/** A national series of the backcast: the model's spread year by year and the published points. */
export interface BackcastSeries {
  /** Id of the published series (a key of `OBSERVED`). */
  readonly id: string;
  /** What it is, with its unit. */
  readonly label: string;
  /** Unit of the values. */
  readonly unit: string;
  /** The model's quantiles per financial year across runs. */
  readonly model: readonly { readonly year: string; readonly p5: number; readonly p25: number; readonly p50: number; readonly p75: number; readonly p95: number }[];
  /** The published points. */
  readonly observed: readonly { readonly year: string; readonly value: number; readonly source: string }[];
}

/** Which indicator (and scale) each published national series is compared with. */
const SERIES_INDICATORS: Readonly<Record<keyof typeof OBSERVED, { readonly indicator: string; readonly label: string; readonly unit: string; readonly scale: number }>> = {
  practices: { indicator: "practicesOpen", label: "GP practices open", unit: "practices", scale: 1 },
  patients: { indicator: "registeredPatients", label: "Registered patients", unit: "patients", scale: 1 },
  gpFte: { indicator: "gpFte", label: "FTE fully qualified GPs", unit: "FTE", scale: 1 },
  paymentPerPatient: { indicator: "paymentPerPatient", label: "Payments per registered patient", unit: "£ per patient, cash", scale: 1 },
  averageList: { indicator: "averageList", label: "Average list size", unit: "patients per practice", scale: 1 },
  patientsPerGpFte: { indicator: "patientsPerGpFte", label: "Patients per FTE GP", unit: "patients", scale: 1 },
  trustDeficit: { indicator: "acuteSurplus", label: "Trusts' surplus (published: all trusts; model: acute trusts)", unit: "£m, cash", scale: 1e-6 },
};

/** The national series of a backcast's baseline runs against the published points, one per series of `OBSERVED`. */
export function backcastSeries(records: readonly RunRecord[], baselineId: string): BackcastSeries[] {
  const runs = records.filter((r) => r.scenario === baselineId);
  const years = runs[0]?.years ?? [];
  return (Object.keys(SERIES_INDICATORS) as (keyof typeof OBSERVED)[]).map((id) => {
    const s = SERIES_INDICATORS[id];
    const model = years.map((year, y) => {
      const values = runs.map((r) => r.indicators[s.indicator]?.[y]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
      return { year, p5: quantile(values, 0.05), p25: quantile(values, 0.25), p50: quantile(values, 0.5), p75: quantile(values, 0.75), p95: quantile(values, 0.95) };
    });
    const observed = OBSERVED[id].map((o) => ({ year: yearLabel(o.year), value: o.value * s.scale, source: o.source }));
    return { id, label: s.label, unit: s.unit, model, observed };
  });
}

/** Vega-Lite spec of one series: the model's 90% and 50% bands and median, and the published points. */
export function seriesChartSpec(series: BackcastSeries, colour: string, width = 300): ChartSpec {
  const years = series.model.map((m) => m.year);
  const values = [...series.model.flatMap((m) => [m.p5, m.p95]), ...series.observed.map((o) => o.value)].filter(Number.isFinite);
  const lo = Math.min(...values);
  const hi = Math.max(...values);
  const pad = hi > lo ? 0.05 * (hi - lo) : Math.abs(lo) * 0.05 + 1;
  const scale = { domain: [lo - pad, hi + pad], zero: false, nice: false };
  const x = { field: "year", type: "ordinal", sort: years, title: null, axis: { labelAngle: -45, labelOverlap: true } } as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: series.label, subtitle: series.unit, fontSize: 13 },
    width,
    height: 170,
    layer: [
      { data: { values: series.model.map((m) => ({ ...m })) }, mark: { type: "area", color: colour, opacity: 0.18 }, encoding: { x, y: { field: "p5", type: "quantitative", scale, title: null, axis: { format: "~s", tickCount: 4 } }, y2: { field: "p95" } } },
      { data: { values: series.model.map((m) => ({ ...m })) }, mark: { type: "area", color: colour, opacity: 0.35 }, encoding: { x, y: { field: "p25", type: "quantitative", scale }, y2: { field: "p75" } } },
      { data: { values: series.model.map((m) => ({ ...m })) }, mark: { type: "line", color: colour, strokeWidth: 2 }, encoding: { x, y: { field: "p50", type: "quantitative", scale } } },
      { data: { values: series.observed.map((o) => ({ ...o })) }, mark: { type: "point", shape: "diamond", filled: true, size: 70, color: "#000" }, encoding: { x, y: { field: "value", type: "quantitative", scale } } },
    ],
  };
}

/** One row of the per-ICB panel the Real England backcast writes (`icb-panel.csv`). */
export interface IcbPanelRow {
  /** ICB code. */
  readonly icb_code: string;
  /** Financial year, such as "2019/20". */
  readonly year: string;
  /** Measure, such as "practices" or "payments_per_patient_total". */
  readonly measure: string;
  /** Published value. */
  readonly observed: number;
  /** Model median across runs. */
  readonly model_median: number;
  /** Model 5th percentile. */
  readonly model_p05: number;
  /** Model 95th percentile. */
  readonly model_p95: number;
  /** Whether the published value lies inside the model's 90% band. */
  readonly covered: boolean;
  /** "fit", "reserved" or "" (not split). */
  readonly split: string;
}

/**
 * Parses `icb-panel.csv` (columns `icb_code, year, measure, observed, model_median, model_p05, model_p95,
 * covered, split`), leaving out the simulated years with nothing published; a row that does not parse is an
 * error naming its line.
 */
export function parseIcbPanel(text: string): IcbPanelRow[] {
  const lines = text.split(/\r?\n/).filter((l) => l.trim() !== "");
  const head = (lines[0] ?? "").split(",").map((h) => h.trim());
  const want = ["icb_code", "year", "measure", "observed", "model_median", "model_p05", "model_p95", "covered", "split"];
  const missing = want.filter((w) => !head.includes(w));
  if (missing.length > 0) throw new RangeError(`icb-panel.csv: expected columns ${want.join(", ")}; missing ${missing.join(", ")}`);
  const rows: IcbPanelRow[] = [];
  lines.slice(1).forEach((line, i) => {
    const cells = line.split(",");
    const get = (k: string): string => (cells[head.indexOf(k)] ?? "").trim();
    // Simulated years with nothing published (or nothing simulated) have empty cells: nothing to draw.
    if (get("observed") === "" || get("model_median") === "") return;
    const num = (k: string): number => {
      const v = Number(get(k));
      if (get(k) === "" || !Number.isFinite(v)) throw new RangeError(`icb-panel.csv line ${i + 2}: ${k} is ${JSON.stringify(get(k))}; expected a number`);
      return v;
    };
    rows.push({ icb_code: get("icb_code"), year: get("year"), measure: get("measure"), observed: num("observed"), model_median: num("model_median"), model_p05: num("model_p05"), model_p95: num("model_p95"), covered: /^(true|1|yes)$/i.test(get("covered")), split: get("split") });
  });
  return rows;
}

/** Vega-Lite spec of the per-ICB comparison: per measure, each ICB-year's published value against the model's median and 90% band. */
export function icbPanelChartSpec(rows: readonly IcbPanelRow[], width = 260, columns = 3): ChartSpec {
  const measures = [...new Set(rows.map((r) => r.measure))];
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Each ICB against the model", subtitle: "Published (across) against the model's median (up), with its 90% band; on the grey line they agree" },
    data: { values: rows.map((r) => ({ ...r, inBand: r.covered ? "published inside the model's 90% band" : "outside the band", split: r.split === "" ? "not split" : r.split })) },
    columns,
    facet: { field: "measure", type: "nominal", sort: measures, title: null },
    spec: {
      width,
      height: width,
      layer: [
        { mark: { type: "rule", color: "#bbb" }, encoding: { x: { field: "observed", type: "quantitative", aggregate: "min" }, y: { field: "observed", type: "quantitative", aggregate: "min" }, x2: { field: "observed", aggregate: "max" }, y2: { field: "observed", aggregate: "max" } } },
        { mark: { type: "rule", opacity: 0.5 }, encoding: { x: { field: "observed", type: "quantitative", title: "published", scale: { zero: false } }, y: { field: "model_p05", type: "quantitative", title: "model", scale: { zero: false } }, y2: { field: "model_p95" }, color: { field: "inBand", type: "nominal", scale: { domain: ["published inside the model's 90% band", "outside the band"], range: ["#1b7837", "#b2182b"] }, legend: { title: null, orient: "bottom" } } } },
        { mark: { type: "point", filled: true, size: 30 }, encoding: { x: { field: "observed", type: "quantitative" }, y: { field: "model_median", type: "quantitative" }, color: { field: "inBand", type: "nominal" }, shape: { field: "split", type: "nominal", legend: { title: null, orient: "bottom" } } } },
      ],
    },
    resolve: { scale: { x: "independent", y: "independent" } },
  } as ChartSpec;
}
