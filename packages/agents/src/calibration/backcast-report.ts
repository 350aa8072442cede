/**
 * The backcast's HTML report: one self-contained page (the shared page shell of `@ringfence/core/results`)
 * with the ten targets side by side (published value, tolerance, model median and 90% band, hit or miss, role),
 * a chart of each level target's miss in units of its tolerance, and every target's sources and note.
 * @packageDocumentation
 */
import type * as Results from "@ringfence/core/results";
import { PRESET_COLOURS } from "../palette.js";
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
  const { CHART_CONFIG, escapeHtml: escape, renderPage, renderSvg } = await import("@ringfence/core/results");
  const misses = standardisedMisses(table);
  const wide = misses.length === 0 ? "" : await renderSvg({ ...missChartSpec(misses), config: CHART_CONFIG });
  const narrow = misses.length === 0 ? "" : await renderSvg({ ...missChartSpec(misses, 170), config: CHART_CONFIG });
  const chart = wide === "" ? "" : `<div class="chart-wide">${wide}</div><div class="chart-narrow">${narrow}</div>`;
  const unstable = table.rows.filter((r) => r.target.role !== "input" && r.stable === false);
  const warning =
    unstable.length === 0 && table.runs >= 20
      ? ""
      : `<p class="warning">With ${table.runs} runs the verdict is not stable: ${unstable.length === 0 ? "fewer than 20 runs" : `the 95% interval of the median of ${unstable.map((r) => `target ${r.target.number} (${escape(r.target.id)})`).join(", ")} crosses the edge of its tolerance (or zero), so more runs could turn a hit into a miss or back`}. Run more (--runs).</p>`;
  const takeawayText = `The backcast ${backcastCountLine(table).replace(/^hit/, "hits")}.`;
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
  return renderPage({
    title: "Backcast: England 2015/16–2025/26 against ten published targets",
    intro: "A target is hit when the median across runs is within its tolerance (levels) or has the right sign (directions). Inputs are set from the series they are compared with and are not counted.",
    facts: [`<b>${escape(backcastCountLine(table))}</b>`, `Runs per scenario <b>${table.runs}</b>`, `Population <b>${escape(meta.population)}</b>`, `Seed <b>${escape(meta.seed)}</b>`, `Parameters: <b>${escape(meta.parameters)}</b>`],
    nav: [["targets", "Targets"], ["sources", "Sources and notes"]],
    css: "tr.out td:last-child{color:#b2182b;font-weight:600}tr.in td:last-child{color:#1b7837}p.warning{background:#fff4e5;border-left:4px solid #E69F00;padding:6px 10px;max-width:90ch}",
    footer: "The chart is inline only.",
    body: `<h2 class="takeaway"><span class="swatch" data-scenario="baseline-2015" style="background:${PRESET_COLOURS["baseline-2015"]}"></span>${escape(takeawayText)}</h2>${warning}${chart === "" ? "" : `<figure>${chart}</figure>`}<section id="targets"><h2>The targets side by side</h2><p>Reproduce with <code>${escape(meta.command)}</code>.</p><div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>
${body}
</tbody></table></div></section>

<section id="sources"><h2>The targets, their sources and our judgement calls</h2><ul>
${notes}
</ul></section>`,
  });
}
