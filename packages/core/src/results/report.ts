/**
 * The self-contained HTML report of a batch: fan charts, erosion probabilities, paired differences, where
 * the money went, and the manifest.
 * @packageDocumentation
 */
import { join } from "node:path";
import type { BatchSummary, ErosionResult, FlowSummary, PairedDifference, YearStats } from "../batch/types.js";
import { writeFileAtomic } from "./atomic.js";
import { fanChartSpec, flowChartSpec, renderSvg, scenarioColour, type FanPoint, type FlowBar } from "./charts.js";
import { checkFormat, escapeHtml, formatNumber, formatSigned } from "./format.js";

/** File name of the HTML report written by {@link writeReport}. */
export const REPORT_FILE = "report.html";

/** Folder (inside the report's directory) that holds each chart as an SVG file. */
export const CHARTS_DIR = "charts";

/** How to show one indicator: a label, its unit and a d3-format specifier (`$` prints `£`). */
export interface IndicatorDisplay {
  /** Human label, such as "GP funding per weighted patient". */
  readonly label: string;
  /** Unit shown on axes and beside numbers, such as "£ per weighted patient" or "share". */
  readonly unit: string;
  /** d3-format specifier of values, such as "$,.2f" (£1,234.56) or ".1%" (12.3%). */
  readonly format: string;
}

/** How to show one scenario: a display name and a sentence or two on what it assumes. */
export interface ScenarioDisplay {
  /** Name in legends and tables (default: the scenario id). */
  readonly label?: string;
  /** What the scenario assumes, shown in the scenario table. */
  readonly description?: string;
}

/** Which mean flows to show in "where the money went", and how to name their groups and funds. */
export interface FlowSelection {
  /** Keep flows leaving these groups only (default: all). */
  readonly from?: readonly string[];
  /** Keep flows reaching these groups only (default: all). */
  readonly to?: readonly string[];
  /** Keep flows of these funds only (default: all). */
  readonly funds?: readonly string[];
  /** Most series drawn (largest total first); the rest are summed as "Other flows" (default 8). */
  readonly maxSeries?: number;
  /** Display names of group and fund ids (default: the ids). */
  readonly labels?: Readonly<Record<string, string>>;
}

/** What the report shows and how it names things. */
export interface ReportOptions {
  /** Report title. */
  readonly title: string;
  /** An introductory paragraph under the title. */
  readonly intro?: string;
  /** Display of each indicator id; ids not listed are shown by id with a plain number format. */
  readonly indicators: Readonly<Record<string, IndicatorDisplay>>;
  /** Indicator ids to chart, in order (one fan chart each). */
  readonly charts: readonly string[];
  /** Display of each scenario id. */
  readonly scenarios?: Readonly<Record<string, ScenarioDisplay>>;
  /** Flows to show; when absent every flow is eligible (largest series first). */
  readonly flows?: FlowSelection;
}

/** A chart of the report as an SVG document and the file name it is written under in `charts/`. */
export interface ReportChart {
  /** File name inside `charts/`, such as "fan-cost.svg" or "flows.svg". */
  readonly file: string;
  /** What the chart shows: an indicator id, or "flows". */
  readonly subject: string;
  /** The SVG document. */
  readonly svg: string;
}

/** The report rendered in memory: the HTML page and its charts. */
export interface RenderedReport {
  /** The whole HTML page, with every chart inlined. */
  readonly html: string;
  /** The charts, in page order. */
  readonly charts: readonly ReportChart[];
}

/** Paths written by {@link writeReport}. */
export interface ReportFiles {
  /** Path of report.html. */
  readonly html: string;
  /** Paths of the chart SVG files, in page order. */
  readonly charts: readonly string[];
}

const PLAIN_FORMAT = ",.4~g";

interface Names {
  scenario(id: string): string;
  indicator(id: string): IndicatorDisplay;
}

function namesOf(summary: BatchSummary, options: ReportOptions): Names {
  const seen = new Map<string, string>();
  for (const id of summary.scenarios) {
    const name = options.scenarios?.[id]?.label ?? id;
    const other = seen.get(name);
    if (other !== undefined) {
      throw new RangeError(
        `options.scenarios.${id}.label is ${JSON.stringify(name)}, the same name as scenario ${JSON.stringify(other)}; expected distinct names`,
      );
    }
    seen.set(name, id);
  }
  for (const [id, display] of Object.entries(options.indicators)) {
    checkFormat(display.format, `options.indicators.${id}.format`);
  }
  return {
    scenario: (id) => options.scenarios?.[id]?.label ?? id,
    indicator: (id) => options.indicators[id] ?? { label: id, unit: "", format: PLAIN_FORMAT },
  };
}

function chartFileBase(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

function fanPoints(summary: BatchSummary, indicator: string, names: Names): FanPoint[] {
  const points: FanPoint[] = [];
  for (const scenario of summary.scenarios) {
    const stats: readonly YearStats[] = summary.indicators[scenario]?.[indicator] ?? [];
    for (const s of stats) {
      if (![s.p5, s.p25, s.p50, s.p75, s.p95].every(Number.isFinite)) continue;
      points.push({ scenario: names.scenario(scenario), year: s.year, p5: s.p5, p25: s.p25, p50: s.p50, p75: s.p75, p95: s.p95 });
    }
  }
  return points;
}

interface MoneyScale {
  readonly divisor: number;
  readonly symbol: string;
}

/** Pick £, £k, £m or £bn so the largest amount reads as a number with at most four digits before the point. */
function moneyScale(maxPence: number): MoneyScale {
  const pounds = maxPence / 100;
  if (pounds >= 1e9) return { divisor: 100 * 1e9, symbol: "£bn" };
  if (pounds >= 1e6) return { divisor: 100 * 1e6, symbol: "£m" };
  if (pounds >= 1e4) return { divisor: 100 * 1e3, symbol: "£k" };
  return { divisor: 100, symbol: "£" };
}

interface FlowView {
  readonly series: readonly string[];
  readonly rows: readonly { scenario: string; year: string; series: string; pence: number }[];
  readonly scale: MoneyScale;
}

function selectFlows(summary: BatchSummary, selection: FlowSelection | undefined): FlowView {
  const label = (id: string): string => selection?.labels?.[id] ?? id;
  const keep = (f: FlowSummary): boolean =>
    (selection?.from === undefined || selection.from.includes(f.from)) &&
    (selection?.to === undefined || selection.to.includes(f.to)) &&
    (selection?.funds === undefined || selection.funds.includes(f.fund));
  const maxSeries = selection?.maxSeries ?? 8;
  if (!Number.isInteger(maxSeries) || maxSeries < 1) {
    throw new RangeError(`options.flows.maxSeries is ${String(maxSeries)}; expected a positive integer`);
  }
  const kept = summary.flows.filter(keep);
  const nameOf = (f: FlowSummary): string => `${label(f.from)} → ${label(f.to)} · ${label(f.fund)}`;
  const totals = new Map<string, number>();
  for (const f of kept) totals.set(nameOf(f), (totals.get(nameOf(f)) ?? 0) + Math.abs(f.meanPence));
  const ranked = [...totals.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)).map(([s]) => s);
  const other = "Other flows";
  const top = ranked.length > maxSeries ? ranked.slice(0, maxSeries - 1) : ranked;
  const series = ranked.length > maxSeries ? [...top, other] : top;
  const topSet = new Set(top);
  const sums = new Map<string, { scenario: string; year: string; series: string; pence: number }>();
  for (const f of kept) {
    const name = topSet.has(nameOf(f)) ? nameOf(f) : other;
    const key = JSON.stringify([f.scenario, f.year, name]);
    const row = sums.get(key) ?? { scenario: f.scenario, year: f.year, series: name, pence: 0 };
    row.pence += f.meanPence;
    sums.set(key, row);
  }
  const rows = [...sums.values()];
  const stackTotals = new Map<string, number>();
  for (const r of rows) {
    const key = JSON.stringify([r.scenario, r.year]);
    stackTotals.set(key, (stackTotals.get(key) ?? 0) + Math.abs(r.pence));
  }
  return { series, rows, scale: moneyScale(Math.max(0, ...stackTotals.values())) };
}

function table(head: readonly string[], body: readonly (readonly string[])[], className = ""): string {
  const cls = className === "" ? "" : ` class="${className}"`;
  const th = head.map((h) => `<th scope="col">${h}</th>`).join("");
  const rows = body.map((r) => `<tr>${r.map((c) => `<td>${c}</td>`).join("")}</tr>`).join("\n");
  return `<div class="table-wrap"><table${cls}><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`;
}

function swatch(index: number): string {
  return `<span class="swatch" style="background:${scenarioColour(index)}"></span>`;
}

function percent(x: number): string {
  return formatNumber(".1%", x);
}

function erosionSection(summary: BatchSummary, names: Names): string {
  if (summary.erosion.length === 0) return `<p class="empty">No erosion rule was evaluated in this batch.</p>`;
  const order = new Map(summary.scenarios.map((s, i) => [s, i]));
  const rows = summary.erosion.map((e: ErosionResult) => {
    const i = order.get(e.scenario) ?? 0;
    const bar = Number.isFinite(e.probability)
      ? `<span class="pbar" role="img" aria-label="${escapeHtml(`${percent(e.probability)} (${percent(e.low)} to ${percent(e.high)})`)}">` +
        `<span class="pbar-ci" style="left:${(100 * e.low).toFixed(2)}%;width:${(100 * Math.max(0, e.high - e.low)).toFixed(2)}%"></span>` +
        `<span class="pbar-p" style="left:${(100 * e.probability).toFixed(2)}%;background:${scenarioColour(i)}"></span></span>`
      : "";
    return [
      `${swatch(i)}${escapeHtml(names.scenario(e.scenario))}`,
      escapeHtml(names.indicator(e.indicator).label),
      `<span class="num">&gt; ${escapeHtml(formatNumber(".1~%", e.threshold))} below start</span>`,
      `<span class="num">${escapeHtml(formatNumber(",d", e.eroded))} / ${escapeHtml(formatNumber(",d", e.n))}</span>`,
      `<span class="num strong">${escapeHtml(percent(e.probability))}</span>`,
      `<span class="num">${escapeHtml(percent(e.low))} – ${escapeHtml(percent(e.high))}</span>`,
      bar,
    ];
  });
  return table(["Scenario", "Indicator", "Eroded if", "Runs eroded", "Probability", "95% interval (Wilson)", ""], rows, "erosion");
}

function pairedSection(summary: BatchSummary, names: Names): string {
  const finalYear = summary.years[summary.years.length - 1];
  const rows = summary.paired.filter((d: PairedDifference) => d.year === finalYear);
  if (finalYear === undefined || rows.length === 0) {
    return `<p class="empty">No paired differences for the final year.</p>`;
  }
  const order = new Map(summary.scenarios.map((s, i) => [s, i]));
  const body = rows.map((d) => {
    const show = names.indicator(d.indicator);
    const excludesZero = d.ciLow > 0 || d.ciHigh < 0;
    return [
      `${swatch(order.get(d.b) ?? 0)}${escapeHtml(names.scenario(d.b))}`,
      escapeHtml(names.scenario(d.a)),
      `${escapeHtml(show.label)}${show.unit === "" ? "" : ` <span class="unit">(${escapeHtml(show.unit)})</span>`}`,
      `<span class="num strong">${escapeHtml(formatSigned(show.format, d.mean))}</span>`,
      `<span class="num">${escapeHtml(formatSigned(show.format, d.ciLow))} to ${escapeHtml(formatSigned(show.format, d.ciHigh))}</span>`,
      `<span class="num">${escapeHtml(formatNumber(",d", d.n))}</span>`,
      excludesZero ? `<span class="tag yes">excludes 0</span>` : `<span class="tag">includes 0</span>`,
    ];
  });
  return (
    `<p>Mean of the run-by-run difference (scenario − baseline) in ${escapeHtml(finalYear)}; runs share seeds across scenarios, so each pair differs only by the scenario.</p>` +
    table(["Scenario", "Baseline", "Indicator", "Mean difference", "95% interval", "Pairs", ""], body, "paired")
  );
}

function flowsTable(summary: BatchSummary, view: FlowView, names: Names): string {
  const finalYear = summary.years[summary.years.length - 1];
  if (finalYear === undefined) return "";
  const cell = new Map<string, number>();
  for (const r of view.rows) if (r.year === finalYear) cell.set(JSON.stringify([r.series, r.scenario]), r.pence);
  const head = ["Flow", ...summary.scenarios.map((s, i) => `${swatch(i)}${escapeHtml(names.scenario(s))}`)];
  const body = view.series.map((series) => [
    escapeHtml(series),
    ...summary.scenarios.map((s) => {
      const pence = cell.get(JSON.stringify([series, s]));
      return `<span class="num">${pence === undefined ? "–" : escapeHtml(formatNumber(",.1f", pence / view.scale.divisor))}</span>`;
    }),
  ]);
  return (
    `<h3>Mean flows in ${escapeHtml(finalYear)} (${escapeHtml(view.scale.symbol)})</h3>` + table(head, body, "flows")
  );
}

function manifestSection(summary: BatchSummary, names: Names): string {
  const m = summary.manifest;
  const first = summary.years[0] ?? "–";
  const last = summary.years[summary.years.length - 1] ?? "–";
  const facts: [string, string][] = [
    ["Producer", m.producer],
    ["Master seed", m.masterSeed],
    ["Runs per scenario", formatNumber(",d", summary.runs)],
    ["Financial years", `${first} to ${last} (${summary.years.length})`],
    ["Failed runs", formatNumber(",d", summary.failures.length)],
    ["Quantile method", m.quantileMethod],
  ];
  const dl = facts.map(([k, v]) => `<dt>${escapeHtml(k)}</dt><dd>${escapeHtml(v)}</dd>`).join("");
  const hashes = summary.scenarios.map((s, i) => [
    `${swatch(i)}${escapeHtml(names.scenario(s))}`,
    `<code>${escapeHtml(s)}</code>`,
    `<code class="hash">${escapeHtml(m.scenarioHashes[s] ?? "–")}</code>`,
  ]);
  return `<dl class="manifest">${dl}</dl>` + table(["Scenario", "Id", "Config hash (sha256 of canonical JSON)"], hashes, "hashes");
}

function failuresSection(summary: BatchSummary, names: Names): string {
  if (summary.failures.length === 0) return "";
  const body = summary.failures.map((f) => [
    escapeHtml(names.scenario(f.scenario)),
    `<span class="num">${escapeHtml(String(f.run))}</span>`,
    `<code>${escapeHtml(f.seed)}</code>`,
    escapeHtml(f.message),
  ]);
  return `<section id="failures"><h2>Failed runs</h2><p>These runs threw and are left out of every statistic; each can be replayed alone from its seed.</p>${table(["Scenario", "Run", "Seed", "Error"], body)}</section>`;
}

const CSS = `
:root{--ink:#1d2430;--muted:#5b6472;--line:#dfe3e8;--soft:#f5f7f9;--accent:#0b5cab}
*{box-sizing:border-box}
body{margin:0;background:#fff;color:var(--ink);font:15px/1.5 "DejaVu Sans","Segoe UI",Helvetica,Arial,sans-serif}
main{max-width:1180px;margin:0 auto;padding:32px 28px 48px}
header{border-bottom:3px solid var(--accent);padding-bottom:16px;margin-bottom:8px}
h1{font-size:28px;line-height:1.2;margin:0 0 8px}
h2{font-size:20px;margin:36px 0 10px;padding-bottom:6px;border-bottom:1px solid var(--line)}
h3{font-size:16px;margin:22px 0 8px}
p{margin:6px 0 12px;max-width:80ch}
.lede{color:var(--muted);font-size:16px}
.facts{display:flex;flex-wrap:wrap;gap:8px 28px;margin:12px 0 0;padding:0;list-style:none;color:var(--muted)}
.facts b{color:var(--ink);font-weight:600}
nav{margin:14px 0 0;font-size:14px}
nav a{color:var(--accent);text-decoration:none;margin-right:18px}
nav a:hover{text-decoration:underline}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(520px,1fr));gap:18px}
figure{margin:0;padding:12px;border:1px solid var(--line);border-radius:6px;background:#fff}
figure svg{display:block;max-width:100%;height:auto}
figcaption{font-size:13px;color:var(--muted);margin-top:6px}
.table-wrap{overflow-x:auto}
table{border-collapse:collapse;width:100%;font-size:14px;margin:6px 0 10px}
th{text-align:left;font-weight:600;color:var(--muted);border-bottom:2px solid var(--line);padding:6px 10px;white-space:nowrap}
td{border-bottom:1px solid var(--line);padding:6px 10px;vertical-align:middle}
td:first-child{white-space:nowrap}
tbody tr:nth-child(even){background:var(--soft)}
.num{font-variant-numeric:tabular-nums;white-space:nowrap}
.strong{font-weight:600}
.unit{color:var(--muted);font-size:13px}
.swatch{display:inline-block;width:11px;height:11px;border-radius:2px;margin-right:7px;vertical-align:-1px}
.pbar{position:relative;display:inline-block;width:160px;height:12px;background:#eef1f4;border-radius:6px;vertical-align:middle}
.pbar-ci{position:absolute;top:4px;height:4px;background:#9aa5b1;border-radius:2px}
.pbar-p{position:absolute;top:0;width:4px;height:12px;margin-left:-2px;border-radius:2px}
.tag{font-size:12px;padding:1px 7px;border-radius:9px;background:#eef1f4;color:var(--muted);white-space:nowrap}
.tag.yes{background:#e3f1e8;color:#1d6b3a}
.empty{color:var(--muted);font-style:italic}
dl.manifest{display:grid;grid-template-columns:max-content 1fr;gap:4px 18px;margin:8px 0 14px}
dl.manifest dt{color:var(--muted)}
dl.manifest dd{margin:0}
code{font-family:"DejaVu Sans Mono",Menlo,Consolas,monospace;font-size:13px}
code.hash{word-break:break-all}
footer{margin-top:40px;color:var(--muted);font-size:13px;border-top:1px solid var(--line);padding-top:12px}
@media print{main{max-width:none;padding:0}figure{break-inside:avoid}}
`;

/**
 * Render the report of a batch in memory: the HTML page (charts inlined) and each chart's SVG.
 * @remarks Pure apart from rendering: the same summary and options give the same page. Every piece of text
 * from the summary or the options is HTML-escaped; the page loads nothing from the network.
 * @example
 * ```ts
 * const { html, charts } = await renderReport(summary, { title: "Ringfence", indicators, charts: ["cost"] });
 * ```
 */
export async function renderReport(summary: BatchSummary, options: ReportOptions): Promise<RenderedReport> {
  const names = namesOf(summary, options);
  const scenarioNames = summary.scenarios.map((s) => names.scenario(s));
  const charts: ReportChart[] = [];
  const usedFiles = new Set<string>();
  const fileFor = (base: string): string => {
    let file = `${base}.svg`;
    for (let k = 2; usedFiles.has(file); k++) file = `${base}-${k}.svg`;
    usedFiles.add(file);
    return file;
  };

  const figures: string[] = [];
  for (const [i, id] of options.charts.entries()) {
    const points = fanPoints(summary, id, names);
    if (points.length === 0) {
      const known = Object.keys(summary.indicators[summary.scenarios[0] ?? ""] ?? {}).join(", ");
      throw new RangeError(`options.charts[${i}] is ${JSON.stringify(id)}; expected an indicator with statistics in the summary (have: ${known})`);
    }
    const show = names.indicator(id);
    const svg = await renderSvg(
      fanChartSpec({ title: show.label, unit: show.unit, format: show.format, years: summary.years, scenarios: scenarioNames, points }),
    );
    charts.push({ file: fileFor(`fan-${chartFileBase(id)}`), subject: id, svg });
    figures.push(
      `<figure class="fan" data-indicator="${escapeHtml(id)}">${svg}<figcaption>Line: median. Dark band: 25th–75th percentile. Light band: 5th–95th percentile, across ${escapeHtml(formatNumber(",d", summary.runs))} runs per scenario.</figcaption></figure>`,
    );
  }

  const flows = selectFlows(summary, options.flows);
  let flowsHtml = `<p class="empty">No flows were recorded for this batch.</p>`;
  if (flows.rows.length > 0) {
    const bars: FlowBar[] = flows.rows.map((r) => ({
      scenario: names.scenario(r.scenario),
      year: r.year,
      series: r.series,
      amount: r.pence / flows.scale.divisor,
    }));
    const svg = await renderSvg(
      flowChartSpec({
        unitTitle: `Mean per year (${flows.scale.symbol})`,
        format: ",.0f",
        years: summary.years,
        scenarios: scenarioNames,
        series: flows.series,
        bars,
      }),
    );
    charts.push({ file: fileFor("flows"), subject: "flows", svg });
    flowsHtml =
      `<p>Mean yearly flows across runs, from one group to another by fund. Bars stack the flows shown, so a bar's height is their sum.</p>` +
      `<figure class="flows">${svg}<figcaption>Bars: mean across runs of the money moved in each financial year (${escapeHtml(flows.scale.symbol)}).</figcaption></figure>` +
      flowsTable(summary, flows, names);
  }

  const first = summary.years[0] ?? "–";
  const last = summary.years[summary.years.length - 1] ?? "–";
  const scenarioRows = summary.scenarios.map((s, i) => [
    `${swatch(i)}<b>${escapeHtml(names.scenario(s))}</b>`,
    `<code>${escapeHtml(s)}</code>`,
    escapeHtml(options.scenarios?.[s]?.description ?? ""),
  ]);
  const failures = failuresSection(summary, names);
  const html = `<!doctype html>
<html lang="en-GB">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="@ringfence/core results">
<title>${escapeHtml(options.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header>
<h1>${escapeHtml(options.title)}</h1>
${options.intro === undefined ? "" : `<p class="lede">${escapeHtml(options.intro)}</p>`}
<ul class="facts"><li><b>${escapeHtml(formatNumber(",d", summary.scenarios.length))}</b> scenarios</li><li><b>${escapeHtml(formatNumber(",d", summary.runs))}</b> runs each</li><li>Years <b>${escapeHtml(first)}</b> to <b>${escapeHtml(last)}</b></li><li>Master seed <b>${escapeHtml(summary.manifest.masterSeed)}</b></li>${summary.failures.length > 0 ? `<li><b>${escapeHtml(formatNumber(",d", summary.failures.length))}</b> failed runs</li>` : ""}</ul>
<nav><a href="#scenarios">Scenarios</a><a href="#indicators">Indicators</a><a href="#erosion">Erosion</a><a href="#paired">Differences</a><a href="#flows">Where the money went</a>${failures === "" ? "" : `<a href="#failures">Failed runs</a>`}<a href="#manifest">Manifest</a></nav>
</header>
<section id="scenarios"><h2>Scenarios</h2>${table(["Scenario", "Id", "Description"], scenarioRows, "scenarios")}</section>
<section id="indicators"><h2>Indicators over time</h2><p>Each chart shows the spread of one indicator across runs, year by year: a band per scenario.</p><div class="grid">
${figures.join("\n")}
</div></section>
<section id="erosion"><h2>Probability of erosion</h2><p>Share of runs in which the indicator ends the horizon more than the threshold below its start-year value, with a 95% Wilson score interval.</p>${erosionSection(summary, names)}</section>
<section id="paired"><h2>Differences from the baseline in the final year</h2>${pairedSection(summary, names)}</section>
<section id="flows"><h2>Where the money went</h2>${flowsHtml}</section>
${failures}
<section id="manifest"><h2>Manifest</h2><p>Everything needed to replay this batch.</p>${manifestSection(summary, names)}</section>
<footer>Self-contained report: no scripts, no network. Each chart is also saved as an SVG file in <code>${CHARTS_DIR}/</code>.</footer>
</main>
</body>
</html>
`;
  return { html, charts };
}

/**
 * Write the HTML report of a batch to `<dir>/report.html` and each chart to `<dir>/charts/*.svg`, atomically.
 * @remarks Charts are rendered before anything is written; each file then appears complete or not at all
 * (charts first, the page last). The page is self-contained: open it offline in any browser.
 * @example
 * ```ts
 * import { writeReport } from "@ringfence/core/results";
 * await writeReport("results/run-1", summary, {
 *   title: "GP funding under three governance arrangements",
 *   indicators: { gpPerPatient: { label: "GP funding per weighted patient", unit: "£ per patient", format: "$,.2f" } },
 *   charts: ["gpPerPatient"],
 * });
 * ```
 */
export async function writeReport(dir: string, summary: BatchSummary, options: ReportOptions): Promise<ReportFiles> {
  const rendered = await renderReport(summary, options);
  const chartPaths = rendered.charts.map((c) => {
    const path = join(dir, CHARTS_DIR, c.file);
    writeFileAtomic(path, `<?xml version="1.0" encoding="UTF-8"?>\n${c.svg}\n`);
    return path;
  });
  const html = join(dir, REPORT_FILE);
  writeFileAtomic(html, rendered.html);
  return { html, charts: chartPaths };
}
