/**
 * The backcast's HTML report: one self-contained page with the ten targets side by side (published value,
 * tolerance, model median and 90% band, hit or miss, role), a chart of each level target's miss in units of
 * its tolerance, and every target's sources and note.
 * @packageDocumentation
 */
import type * as Results from "@ringfence/core/results";
import { BACKCAST_COLUMNS, backcastCells, backcastCountLine, type BackcastTable } from "./backcast.js";

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

const escape = (s: string): string => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/** The Vega-Lite spec of the miss chart (rendered by `renderSvg` of `@ringfence/core/results`). */
export function missChartSpec(points: readonly MissPoint[]): ChartSpec {
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: "Model against published, in units of each target's tolerance", subtitle: "Median and 90% band across runs; inside the grey band (±1) is a hit" },
    width: 520,
    height: { step: 26 },
    data: { values: [...points] },
    layer: [
      { data: { values: [{ a: -1, b: 1 }] }, mark: { type: "rect", color: "#e9e9e9" }, encoding: { x: { field: "a", type: "quantitative" }, x2: { field: "b" } } },
      { mark: { type: "rule", strokeWidth: 2 }, encoding: { y: { field: "target", type: "nominal", sort: null, title: null }, x: { field: "low", type: "quantitative", title: "(model − published) ÷ tolerance" }, x2: { field: "high" }, color: { field: "hit", type: "nominal", scale: { domain: ["in", "out"], range: ["#1b7837", "#b2182b"] }, title: "median" } } },
      { mark: { type: "point", filled: true, size: 70 }, encoding: { y: { field: "target", type: "nominal", sort: null }, x: { field: "median", type: "quantitative" }, color: { field: "hit", type: "nominal" } } },
    ],
    config: { font: "system-ui, sans-serif", background: "white", view: { stroke: null }, axis: { labelFontSize: 11, titleFontSize: 12 } },
  };
}

/** The report page as HTML; `chartSvg` is the rendered miss chart (inline SVG), or empty to leave it out. */
export function renderBackcastReport(table: BackcastTable, meta: BackcastReportMeta, chartSvg: string): string {
  const cells = backcastCells(table);
  const head = BACKCAST_COLUMNS.map((h) => `<th>${escape(h)}</th>`).join("");
  const body = cells.map((row, i) => `<tr class="${table.rows[i]!.hit ? "in" : "out"}">${row.map((c) => `<td>${escape(c)}</td>`).join("")}</tr>`).join("\n");
  const notes = table.rows
    .map((r) => {
      const t = r.target;
      const sources = t.sources.map((s) => `${escape(s.title)} (${escape(s.publisher)}, ${escape(s.date)})`).join("; ");
      return `<li><strong>${t.number} ${escape(t.id)}</strong> (${escape(t.role)}): ${escape(t.description)} <em>Tolerance:</em> ${escape(t.toleranceText)}. <em>Sources:</em> ${sources}. ${escape(t.note)}</li>`;
    })
    .join("\n");
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Ringfence backcast, England 2015/16–2025/26</title>
<style>
body{font-family:system-ui,sans-serif;max-width:1100px;margin:1.5rem auto;padding:0 1rem;color:#222;line-height:1.45}
table{border-collapse:collapse;font-size:.9rem;display:block;overflow-x:auto}th,td{padding:.3rem .6rem;border-bottom:1px solid #ddd;text-align:left;white-space:nowrap}
tr.out td:last-child{color:#b2182b;font-weight:600}tr.in td:last-child{color:#1b7837}svg{max-width:100%;height:auto}li{margin:.4rem 0}code{background:#f4f4f4;padding:0 .2rem}
</style></head><body>
<h1>Backcast: England 2015/16–2025/26 against ten published targets</h1>
<p class="headline"><strong>${escape(backcastCountLine(table))}</strong>. Runs per scenario: ${table.runs}; population: ${escape(meta.population)}; seed: ${escape(meta.seed)}; parameters: ${escape(meta.parameters)}.</p>
<p>A target is hit when the median across runs is within its tolerance (levels) or has the right sign (directions). Inputs are set from the series they are compared with and are not counted. Reproduce with <code>${escape(meta.command)}</code>.</p>
<table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table>
${chartSvg === "" ? "" : `<h2>How far each level target is off</h2>\n${chartSvg}`}
<h2>The targets, their sources and our judgement calls</h2>
<ul>
${notes}
</ul>
</body></html>
`;
}
