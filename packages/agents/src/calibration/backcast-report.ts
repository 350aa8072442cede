/**
 * The backcast's HTML report: one self-contained page (the shared page shell of `@ringfence/core/results`)
 * with the ten targets side by side (published value, tolerance, model median and 90% band, hit or miss, role),
 * a chart of each level target's miss in units of its tolerance, and every target's sources and note.
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

/** The Vega-Lite spec of the miss chart, without a config (the report adds the shared `CHART_CONFIG`). */
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
  };
}

/**
 * The report page as HTML in the shared page shell, with the miss chart rendered inline; loads the chart and
 * page libraries (`@ringfence/core/results`) when called, not when this package is imported.
 */
export async function renderBackcastReport(table: BackcastTable, meta: BackcastReportMeta): Promise<string> {
  const { CHART_CONFIG, escapeHtml: escape, renderPage, renderSvg } = await import("@ringfence/core/results");
  const misses = standardisedMisses(table);
  const chart = misses.length === 0 ? "" : await renderSvg({ ...missChartSpec(misses), config: CHART_CONFIG });
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
  return renderPage({
    title: "Backcast: England 2015/16–2025/26 against ten published targets",
    intro: "A target is hit when the median across runs is within its tolerance (levels) or has the right sign (directions). Inputs are set from the series they are compared with and are not counted.",
    facts: [`<b>${escape(backcastCountLine(table))}</b>`, `Runs per scenario <b>${table.runs}</b>`, `Population <b>${escape(meta.population)}</b>`, `Seed <b>${escape(meta.seed)}</b>`, `Parameters: <b>${escape(meta.parameters)}</b>`],
    nav: [["targets", "Targets"], ...(chart === "" ? [] : [["misses", "Misses"] as const]), ["sources", "Sources and notes"]],
    css: "tr.out td:last-child{color:#b2182b;font-weight:600}tr.in td:last-child{color:#1b7837}",
    footer: "The chart is inline only.",
    body: `<section id="targets"><h2>The targets side by side</h2><p>Reproduce with <code>${escape(meta.command)}</code>.</p><div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>
${chart === "" ? "" : `<section id="misses"><h2>How far each level target is off</h2><figure>${chart}</figure></section>`}
<section id="sources"><h2>The targets, their sources and our judgement calls</h2><ul>
${notes}
</ul></section>`,
  });
}
