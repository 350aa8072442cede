/**
 * The self-contained HTML report of a batch: the answer at a glance (headline differences from the baseline in
 * words and numbers), money-flow diagrams, differences over time, fan charts, erosion probabilities, the
 * scenarios' sources and assumptions, and the manifest.
 * @packageDocumentation
 */
import { formatSpecifier } from "d3-format";
import type { BatchSummary, ErosionResult, FlowSummary, OwnChange, PairedDifference, YearStats } from "../batch/types.js";
import { headlineChartSpec, headlineNumbers, MEAN_LABEL, RUNS_LABEL, takeaway, type HeadlineMeasure, type HeadlinePoint, type TakeawayGroup } from "./headline.js";
import {
  diffChartSpec,
  fanChartSpec,
  flowChartSpec,
  lossChartSpec,
  renderSvg,
  scenarioColour,
  seriesColour,
  type DiffPoint,
  type FanPoint,
  type FlowBar,
} from "./charts.js";
import { checkFormat, escapeHtml, formatDifference, formatNumber, formatQuantity, isShare } from "./format.js";
import { CHARTS_DIR, renderPage, type WrittenPage } from "./page.js";
import { finalRecipients, renderSankey, RETURNED_SUFFIX, type SankeyFlow } from "./sankey.js";


/** How to show one indicator: a label, its unit and a d3-format specifier (`$` prints `£`). */
export interface IndicatorDisplay {
  /** Human label, such as "GP funding per weighted patient". */
  readonly label: string;
  /** Unit shown on axes and beside numbers, such as "£ per weighted patient" or "share". */
  readonly unit: string;
  /** d3-format specifier of values, such as "$,.2f" (£1,234.56) or ".1%" (12.3%). */
  readonly format: string;
}

/** A claim of a source that a scenario encodes: the quoted words and the source they come from. */
export interface ScenarioClaim {
  /** The words of the source. */
  readonly quote: string;
  /** The source document, by title and publisher. */
  readonly source: string;
}

/** How to show one scenario: a display name, what it assumes, and the claims and assumptions behind it. */
export interface ScenarioDisplay {
  /** Name in legends and tables (default: the scenario id). */
  readonly label?: string;
  /** What the scenario assumes, shown in the scenarios section. */
  readonly description?: string;
  /** Source claims the scenario encodes, quoted in the "Assumptions and sources" section. */
  readonly claims?: readonly ScenarioClaim[];
  /** Assumptions that are the modellers', not the sources', listed in the same section. */
  readonly assumptions?: readonly string[];
  /** Its colour in every chart and swatch (default: by position in the batch). */
  readonly colour?: string;
  /** A short name for chart rows, such as the preset id (default: the scenario id). */
  readonly short?: string;
}

/** What the headline ("the answer at a glance") compares between each scenario and the baseline. */
export interface HeadlineOptions {
  /** Indicator id of the headline, such as "gpFundingPerWeightedPatient". */
  readonly indicator: string;
  /** Noun phrase naming it mid-sentence, such as "general practice funding per weighted patient" (default: its label). */
  readonly phrase?: string;
  /** Indicator id of a count shown beside it as "more" or "fewer", such as "practicesOpen". */
  readonly secondary?: string;
  /** Noun phrase naming the count mid-sentence, such as "practices open" (default: its label). */
  readonly secondaryPhrase?: string;
  /** Indicator id of a yearly amount of money (such as £m a year) whose difference is added up over the horizon in the headline. */
  readonly cumulative?: string;
  /**
   * Groups of the headline chart and takeaway, one per future path: each with its own batch (its own
   * baseline). Default: one group, this batch.
   */
  readonly groups?: readonly { readonly label: string; readonly summary: BatchSummary }[];
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
  /** Colours of group ids in money-flow diagrams (default: by position). */
  readonly colours?: Readonly<Record<string, string>>;
  /** Groups where the money reached the people it is for (such as practices); money ending anywhere else counts as lost. */
  readonly reached?: readonly string[];
  /** What the money is, mid-sentence, such as "general practice money" (default "the money"). */
  readonly moneyPhrase?: string;
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
  /** Flows to show; when absent every flow is eligible (largest series first). Money-flow diagrams use its `labels` and `funds` only. */
  readonly flows?: FlowSelection;
  /** The headline comparison at the top of the page; without it the page starts with the money flows. */
  readonly headline?: HeadlineOptions;
  /** Indicator ids shown in the differences table and charted as differences over time (default: `charts`); the rest of the table sits in a collapsed block. */
  readonly keyIndicators?: readonly string[];
  /** Population the batch ran on, in words, such as "one ICB (1.2m patients)", shown above the headline. */
  readonly population?: string;
  /** Price basis in words, shown above the headline (default: a sentence saying each unit names its basis). */
  readonly priceBasis?: string;
  /** Price basis of the recorded flows, shown on the flow charts (default "cash"). */
  readonly flowPriceBasis?: string;
  /** Link to the full list of sources, such as "docs/sources.md" (not http: pages are linked as given, `javascript:` and `data:` are not linked). */
  readonly sourcesUrl?: string;
  /** The parts whose charts are drawn (default all): a live view draws the answer and the differences while a batch runs, and the rest at its end. */
  readonly sections?: readonly ReportSection[];
}

/** The parts of a report with charts: the headline answer, where the money went (and flows by year), differences over time, indicators over time. */
export const REPORT_SECTIONS = ["answer", "money", "differences", "indicators"] as const;

/** A part of a report with charts. */
export type ReportSection = (typeof REPORT_SECTIONS)[number];

/** A chart of the report as an SVG document and the file name it is written under in `charts/`. */
export interface ReportChart {
  /** File name inside `charts/`, such as "fan-cost.svg", "diff-cost.svg", "flows.svg" or "sankey-iho-2028_29.svg". */
  readonly file: string;
  /** What the chart shows: "headline", an indicator id, "flows", "lost", or "sankey:<scenario>:<year>". */
  readonly subject: string;
  /** The SVG document (the wide layout, written to the file). */
  readonly svg: string;
  /** Whether the page shows the chart inline (money-flow diagrams of earlier years are written as files only). */
  readonly inPage: boolean;
  /** The layout the page shows on a phone, when it differs from `svg`. */
  readonly narrow?: string;
  /** The data behind the chart as CSV, written beside it. */
  readonly csv?: string;
}

/** The report rendered in memory: the HTML page and its charts. */
export interface RenderedReport {
  /** The whole HTML page, with every chart inlined. */
  readonly html: string;
  /** The charts, in page order. */
  readonly charts: readonly ReportChart[];
}

/** Paths written by {@link writeReport}. */
export type ReportFiles = WrittenPage;

const PLAIN_FORMAT = ",.4~g";

interface Names {
  scenario(id: string): string;
  short(id: string): string;
  colour(id: string): string;
  swatch(id: string): string;
  indicator(id: string): IndicatorDisplay;
  group(id: string): string;
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
  const colour = (id: string): string => {
    const given = options.scenarios?.[id]?.colour;
    if (given !== undefined && /^#[0-9A-Fa-f]{3,8}$/.test(given)) return given;
    return scenarioColour(Math.max(0, summary.scenarios.indexOf(id)));
  };
  return {
    scenario: (id) => options.scenarios?.[id]?.label ?? id,
    short: (id) => options.scenarios?.[id]?.short ?? id,
    colour,
    swatch: (id) => `<span class="swatch" data-scenario="${escapeHtml(id)}" style="background:${colour(id)}"></span>`,
    indicator: (id) => options.indicators[id] ?? { label: id, unit: "", format: PLAIN_FORMAT },
    group: (id) => options.flows?.labels?.[id] ?? id,
  };
}

function chartFileBase(id: string): string {
  return id.replace(/[^A-Za-z0-9_-]/g, "_");
}

function hasStats(summary: BatchSummary, id: string): boolean {
  return summary.scenarios.some((s) => (summary.indicators[s]?.[id]?.length ?? 0) > 0);
}

function checkIndicator(summary: BatchSummary, id: string, field: string): void {
  if (hasStats(summary, id)) return;
  const known = Object.keys(summary.indicators[summary.scenarios[0] ?? ""] ?? {}).join(", ");
  throw new RangeError(`${field} is ${JSON.stringify(id)}; expected an indicator with statistics in the summary (have: ${known})`);
}

/** "Label (unit)" for chart titles: the unit says whether money is real (first-year prices) or cash. */
function titleWithUnit(show: IndicatorDisplay): string {
  return show.unit === "" ? show.label : `${show.label} (${show.unit})`;
}

/** A d3 axis format for an indicator: "£" added for money units whose format lacks it; optionally signed. */
function axisFormat(show: IndicatorDisplay, signed: boolean): string {
  const spec = formatSpecifier(show.format);
  if (!show.format.includes("$") && /^£(bn|m|k)?(?=$|[\s,;(])/.test(show.unit.trim())) spec.symbol = "$";
  if (signed) spec.sign = "+";
  return spec.toString();
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

/** Money text of pence on a scale, such as "£38.8bn". */
function moneyText(scale: MoneyScale, pence: number): string {
  return `£${formatNumber(",.1f", pence / scale.divisor)}${scale.symbol.slice(1)}`;
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
  const oneFund = new Set(kept.map((f) => f.fund)).size <= 1;
  const nameOf = (f: FlowSummary): string => `${label(f.from)} → ${label(f.to)}${oneFund ? "" : ` · ${label(f.fund)}`}`;
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

/** A CSV document: a header row and data rows, quoted where needed, CRLF line ends (RFC 4180). */
function csvOf(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  const cell = (v: string | number): string => {
    const t = typeof v === "number" ? (Number.isFinite(v) ? String(v) : "") : v;
    return /[",\r\n]/.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
  };
  return [header, ...rows].map((r) => r.map(cell).join(",")).join("\r\n") + "\r\n";
}

function percent(x: number): string {
  return formatNumber(".1%", x);
}

function unitSpan(show: IndicatorDisplay): string {
  return show.unit === "" ? "" : ` <span class="unit">(${escapeHtml(show.unit)})</span>`;
}

/** "41.2%" for a probability, or "25%" when a tenth of a percent adds nothing. */
function share(x: number): string {
  return formatNumber(".1~%", x);
}

function finalYearOf(summary: BatchSummary): string | undefined {
  return summary.years[summary.years.length - 1];
}

function pairedOf(summary: BatchSummary, scenario: string, indicator: string, year: string): PairedDifference | undefined {
  return summary.paired.find((d) => d.a === summary.baseline && d.b === scenario && d.indicator === indicator && d.year === year);
}

function spansZero(low: number, high: number): boolean {
  return !(low > 0 || high < 0);
}

// ---------------------------------------------------------------------------------------------------------
// The answer at a glance

/** The erosion clause of a headline sentence, such as "it fell more than 2% below its own start in 62% of runs". */
function erosionClause(e: ErosionResult | undefined): string {
  if (e === undefined || e.n === 0) return "";
  const by = `more than ${share(e.threshold)} below its own start`;
  if (e.eroded === 0) return `it did not fall ${by} in any of the ${formatNumber(",d", e.n)} runs`;
  if (e.eroded === e.n) return `it fell ${by} in all ${formatNumber(",d", e.n)} runs`;
  return `it fell ${by} in ${share(e.probability)} of runs (95% interval ${share(e.low)} to ${share(e.high)})`;
}

/**
 * The headline sentence of one scenario, built only from its numbers: the direction follows the sign of the
 * interval, and an interval spanning zero reads "no clear difference".
 */
function headlineSentence(
  scenario: string,
  baseline: string,
  year: string,
  phrase: string,
  show: IndicatorDisplay,
  d: PairedDifference,
  erosion: ErosionResult | undefined,
): string {
  const abs = (x: number): string => formatDifference(show, Math.abs(x), false);
  const rel = Number.isFinite(d.relative.mean) ? ` (${formatNumber(".1%", Math.abs(d.relative.mean))})` : "";
  let main: string;
  if (spansZero(d.ciLow, d.ciHigh)) {
    const relSigned = Number.isFinite(d.relative.mean) ? `, ${formatNumber("+.1%", d.relative.mean)}` : "";
    main =
      `Under ${scenario}, there is no clear difference in ${phrase} in ${year} from ${baseline} ` +
      `(mean difference ${formatDifference(show, d.mean)}${relSigned}; 95% interval of the mean ${formatDifference(show, d.ciLow)} to ${formatDifference(show, d.ciHigh)})`;
  } else {
    const lower = d.ciHigh < 0;
    const word = lower ? "lower" : "higher";
    const [near, far] = lower ? [d.ciHigh, d.ciLow] : [d.ciLow, d.ciHigh];
    main = `Under ${scenario}, ${phrase} in ${year} is ${abs(d.mean)}${rel} ${word} than under ${baseline} (95% interval of the mean ${abs(near)} to ${abs(far)} ${word})`;
  }
  const clause = erosionClause(erosion);
  return `${main}${clause === "" ? "" : `; ${clause}`}.`;
}

/** The second sentence of a scenario: how many more or fewer of a count (such as practices open) it ends with. */
function countSentence(baseline: string, year: string, phrase: string, show: IndicatorDisplay, d: PairedDifference): string {
  const abs = (x: number): string => formatDifference(show, Math.abs(x), false);
  const word = (x: number): string => (x < 0 ? "fewer" : "more");
  const end = (x: number): string => (/[1-9]/.test(abs(x)) ? `${abs(x)} ${word(x)}` : abs(x));
  if (![d.mean, d.ciLow, d.ciHigh].some((x) => /[1-9]/.test(abs(x)))) {
    return `${phrase.charAt(0).toUpperCase()}${phrase.slice(1)} in ${year}: no difference from ${baseline} (${abs(d.mean)} on average, 95% interval ${abs(d.ciLow)} to ${abs(d.ciHigh)}).`;
  }
  if (spansZero(d.ciLow, d.ciHigh)) {
    return `There is no clear difference in ${phrase} in ${year} from ${baseline} (${end(d.mean)} on average; 95% interval ${end(d.ciLow)} to ${end(d.ciHigh)}).`;
  }
  const [near, far] = d.ciHigh < 0 ? [d.ciHigh, d.ciLow] : [d.ciLow, d.ciHigh];
  return `It ends ${year} with ${end(d.mean)} ${phrase} than ${baseline} (95% interval ${abs(near)} to ${end(far)}).`;
}

function withInterval(main: string, low: string, high: string): string {
  return `<span class="num strong">${escapeHtml(main)}</span><br><span class="num ci">${escapeHtml(low)} to ${escapeHtml(high)}</span>`;
}

function headlineSection(summary: BatchSummary, options: ReportOptions, headline: HeadlineOptions, names: Names): { table: string; sentences: string } {
  const year = finalYearOf(summary);
  if (year === undefined) return { table: `<p class="empty">No years in this batch.</p>`, sentences: "" };
  const first = summary.years[0] ?? "–";
  const show = names.indicator(headline.indicator);
  const phrase = headline.phrase ?? show.label;
  const baseName = names.scenario(summary.baseline);
  const secondary = headline.secondary;
  const secondShow = secondary === undefined ? undefined : names.indicator(secondary);
  const cumShow = headline.cumulative === undefined ? undefined : names.indicator(headline.cumulative);
  const erosionOf = (s: string): ErosionResult | undefined => summary.erosion.find((e) => e.scenario === s && e.indicator === headline.indicator);
  const changeOf = (s: string): OwnChange | undefined => summary.change.find((c) => c.scenario === s && c.indicator === headline.indicator);
  const cumulativeOf = (s: string) => (headline.cumulative === undefined ? undefined : (summary.cumulative ?? []).find((c) => c.a === summary.baseline && c.b === s && c.indicator === headline.cumulative));
  const levelOf = (s: string, id: string): number =>
    summary.indicators[s]?.[id]?.find((y) => y.year === year)?.mean ?? Number.NaN;
  const threshold = summary.erosion.find((e) => e.indicator === headline.indicator)?.threshold;

  const vs = escapeHtml(names.short(summary.baseline));
  const head = [
    "Scenario",
    `${escapeHtml(year)}: ${escapeHtml(show.label)} vs ${vs}${unitSpan(show)}`,
    `${escapeHtml(year)}: % vs ${vs}`,
    ...(cumShow === undefined ? [] : [`Added up ${escapeHtml(first)}–${escapeHtml(year)}: ${escapeHtml(cumShow.label)} vs ${vs}${unitSpan(cumShow)}`]),
    ...(secondShow === undefined ? [] : [`${escapeHtml(year)}: ${escapeHtml(secondShow.label)} vs ${vs}${unitSpan(secondShow)}`]),
    `Own change from ${escapeHtml(first)}, ${escapeHtml(RUNS_LABEL)}`,
    threshold === undefined ? "P(erosion)" : `P(more than ${escapeHtml(share(threshold))} below own start), 95% interval`,
  ];
  const labels = head.map((h) => h.replace(/<[^>]+>/g, ""));
  const sentences: string[] = [];
  const rows = summary.scenarios.map((s) => {
    const isBase = s === summary.baseline;
    const e = erosionOf(s);
    const c = changeOf(s);
    const d = isBase ? undefined : pairedOf(summary, s, headline.indicator, year);
    const cells: string[] = [`${names.swatch(s)}${escapeHtml(names.scenario(s))}${isBase ? ` <span class="tag">baseline</span>` : ""}`];
    if (isBase) {
      cells.push(`<span class="num">level ${escapeHtml(formatQuantity(show, levelOf(s, headline.indicator)))}</span>`, "–");
    } else if (d === undefined) {
      cells.push("–", "–");
    } else {
      cells.push(
        withInterval(formatDifference(show, d.mean), formatDifference(show, d.ciLow), formatDifference(show, d.ciHigh)),
        withInterval(formatNumber("+.1%", d.relative.mean), formatNumber("+.1%", d.relative.ciLow), formatNumber("+.1%", d.relative.ciHigh)),
      );
    }
    if (cumShow !== undefined && headline.cumulative !== undefined) {
      const cum = isBase ? undefined : cumulativeOf(s);
      if (isBase) cells.push(`<span class="num">total ${escapeHtml(formatQuantity(cumShow, (summary.indicators[s]?.[headline.cumulative] ?? []).reduce((t, y) => t + y.mean, 0)))}</span>`);
      else cells.push(cum === undefined ? "–" : withInterval(formatDifference(cumShow, cum.mean), formatDifference(cumShow, cum.ciLow), formatDifference(cumShow, cum.ciHigh)));
    }
    let second: PairedDifference | undefined;
    if (secondary !== undefined && secondShow !== undefined) {
      second = isBase ? undefined : pairedOf(summary, s, secondary, year);
      if (isBase) cells.push(`<span class="num">level ${escapeHtml(formatQuantity(secondShow, levelOf(s, secondary)))}</span>`);
      else cells.push(second === undefined ? "–" : withInterval(formatDifference(secondShow, second.mean), formatDifference(secondShow, second.ciLow), formatDifference(secondShow, second.ciHigh)));
    }
    cells.push(c === undefined ? "–" : withInterval(formatNumber("+.1%", c.change.p50), formatNumber("+.1%", c.change.p5), formatNumber("+.1%", c.change.p95)));
    cells.push(e === undefined ? "–" : withInterval(percent(e.probability), percent(e.low), percent(e.high)));
    if (isBase) {
      const clause = erosionClause(e);
      sentences.push(
        `<p class="sentence" data-scenario="${escapeHtml(s)}">${names.swatch(s)}${escapeHtml(
          `Under ${names.scenario(s)} (the baseline), ${phrase} in ${year} is ${formatQuantity(show, levelOf(s, headline.indicator))}${clause === "" ? "" : `; ${clause}`}.`,
        )}</p>`,
      );
    } else if (d !== undefined) {
      const more = second === undefined || secondShow === undefined ? "" : ` ${countSentence(baseName, year, headline.secondaryPhrase ?? secondShow.label, secondShow, second)}`;
      sentences.push(
        `<p class="sentence" data-scenario="${escapeHtml(s)}">${names.swatch(s)}${escapeHtml(headlineSentence(names.scenario(s), baseName, year, phrase, show, d, e) + more)}</p>`,
      );
    }
    return `<tr data-scenario="${escapeHtml(s)}"${isBase ? ` class="baseline"` : ""}>${cells.map((x, k) => `<td data-label="${escapeHtml(labels[k] ?? "")}">${x}</td>`).join("")}</tr>`;
  });
  const th = head.map((h) => `<th scope="col">${h}</th>`).join("");
  return {
    table:
      `<div class="table-wrap"><table class="headline reflow"><thead><tr>${th}</tr></thead><tbody>\n${rows.join("\n")}\n</tbody></table></div>` +
      `<p class="note">Differences: the ${escapeHtml(MEAN_LABEL)} of the run-by-run difference (scenario − ${escapeHtml(baseName)}), the interval underneath; runs share seeds across scenarios. ` +
      `Shares differ in percentage points (pp). "Own change" is each scenario's change from its own ${escapeHtml(first)} level to ${escapeHtml(year)}, as the ${escapeHtml(RUNS_LABEL)}: shown beside the differences, it does not compare arrangements.` +
      `</p>`,
    sentences: sentences.join("\n"),
  };
}

// ---------------------------------------------------------------------------------------------------------
// Tables

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
      `${names.swatch(e.scenario)}${escapeHtml(names.scenario(e.scenario))}`,
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

function keyIndicatorsOf(options: ReportOptions): readonly string[] {
  if (options.keyIndicators !== undefined) return options.keyIndicators;
  return options.charts;
}

function pairedSection(summary: BatchSummary, options: ReportOptions, names: Names): string {
  const finalYear = finalYearOf(summary);
  const rows = summary.paired.filter((d: PairedDifference) => d.year === finalYear && d.a === summary.baseline);
  if (finalYear === undefined || rows.length === 0) {
    return `<p class="empty">No paired differences for the final year.</p>`;
  }
  const order = new Map(summary.scenarios.map((s, i) => [s, i]));
  const keys = keyIndicatorsOf(options);
  const keyRank = new Map(keys.map((k, i) => [k, i]));
  const rowOf = (d: PairedDifference): string[] => {
    const show = names.indicator(d.indicator);
    const tag = spansZero(d.ciLow, d.ciHigh) ? `<span class="tag">includes 0</span>` : `<span class="tag yes">excludes 0</span>`;
    return [
      `${names.swatch(d.b)}${escapeHtml(names.scenario(d.b))}`,
      `${escapeHtml(show.label)}${unitSpan(show)}`,
      `<span class="num strong">${escapeHtml(formatDifference(show, d.mean))}</span>`,
      `<span class="num">${escapeHtml(formatDifference(show, d.ciLow))} to ${escapeHtml(formatDifference(show, d.ciHigh))}</span>`,
      `<span class="num">${escapeHtml(formatNumber("+.1%", d.relative.mean))} (${escapeHtml(formatNumber("+.1%", d.relative.ciLow))} to ${escapeHtml(formatNumber("+.1%", d.relative.ciHigh))})</span>`,
      `<span class="num">${escapeHtml(formatNumber(",d", d.n))}</span>`,
      tag,
    ];
  };
  const byScenario = (a: PairedDifference, b: PairedDifference): number => (order.get(a.b) ?? 0) - (order.get(b.b) ?? 0);
  const key = rows.filter((d) => keyRank.has(d.indicator)).sort((a, b) => (keyRank.get(a.indicator) ?? 0) - (keyRank.get(b.indicator) ?? 0) || byScenario(a, b));
  const rest = rows.filter((d) => !keyRank.has(d.indicator));
  const head = ["Scenario", "Indicator", "Mean difference", "95% interval", "Relative (95% interval)", "Pairs", ""];
  const keyTable = key.length === 0 ? `<p class="empty">None of the key indicators has a paired difference.</p>` : table(head, key.map(rowOf), "paired key");
  const restBlock =
    rest.length === 0
      ? ""
      : `<details class="more"><summary>All other indicators (${escapeHtml(formatNumber(",d", rest.length))} rows)</summary>${table(head, rest.map(rowOf), "paired rest")}</details>`;
  return (
    `<p>Mean of the run-by-run difference (scenario − ${escapeHtml(names.scenario(summary.baseline))}) in ${escapeHtml(finalYear)}; runs share seeds across scenarios, so each pair differs only by the scenario. Differences of shares are in percentage points (pp); "relative" is the mean of scenario ÷ baseline − 1.</p>` +
    keyTable +
    restBlock
  );
}

function flowsTable(summary: BatchSummary, view: FlowView, names: Names, basis: string): string {
  const finalYear = finalYearOf(summary);
  if (finalYear === undefined) return "";
  const cell = new Map<string, number>();
  for (const r of view.rows) if (r.year === finalYear) cell.set(JSON.stringify([r.series, r.scenario]), r.pence);
  const head = ["Flow", ...summary.scenarios.map((s) => `${names.swatch(s)}${escapeHtml(names.scenario(s))}`)];
  const body = view.series.map((series) => [
    escapeHtml(series),
    ...summary.scenarios.map((s) => {
      const pence = cell.get(JSON.stringify([series, s]));
      return `<span class="num">${pence === undefined ? "–" : escapeHtml(formatNumber(",.1f", pence / view.scale.divisor))}</span>`;
    }),
  ]);
  return `<h3>Mean flows in ${escapeHtml(finalYear)} (${escapeHtml(view.scale.symbol)}, ${escapeHtml(basis)})</h3>` + table(head, body, "flows");
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
    `${names.swatch(s)}${escapeHtml(names.scenario(s))}`,
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

/** A link target safe to put in href: script and data URLs are refused (shown as text instead). */
function safeHref(url: string): boolean {
  return !/^\s*(javascript|data|vbscript)\s*:/i.test(url);
}

function sourcesSection(summary: BatchSummary, options: ReportOptions, names: Names): string {
  const url = options.sourcesUrl;
  const link =
    url === undefined
      ? ""
      : safeHref(url)
        ? `<p>Full references for every source: <a href="${escapeHtml(url)}">${escapeHtml(url)}</a>.</p>`
        : `<p>Full references for every source: <code>${escapeHtml(url)}</code>.</p>`;
  const blocks = summary.scenarios.map((s, i) => {
    const info = options.scenarios?.[s];
    const claims = info?.claims ?? [];
    const assumptions = info?.assumptions ?? [];
    const claimsHtml =
      claims.length === 0
        ? `<p class="empty">No source claims recorded.</p>`
        : `<ul class="claims">${claims.map((c) => `<li><blockquote>“${escapeHtml(c.quote)}”</blockquote><cite>${escapeHtml(c.source)}</cite></li>`).join("")}</ul>`;
    const assumptionsHtml =
      assumptions.length === 0
        ? `<p class="empty">No assumptions recorded.</p>`
        : `<ul class="assumptions">${assumptions.map((a) => `<li>${escapeHtml(a)}</li>`).join("")}</ul>`;
    return (
      `<article class="scenario" data-scenario="${escapeHtml(s)}"><h3>${names.swatch(s)}${escapeHtml(names.scenario(s))} <code>${escapeHtml(s)}</code></h3>` +
      `${info?.description === undefined || info.description === "" ? "" : `<p>${escapeHtml(info.description)}</p>`}` +
      `<h4>What the sources say</h4>${claimsHtml}<h4>Our assumptions</h4>${assumptionsHtml}</article>`
    );
  });
  return `${link}${blocks.join("\n")}`;
}

/** The batch report's rules on top of the shared page stylesheet. */
const CSS = `
h4{font-size:14px;margin:14px 0 4px;color:var(--muted)}
nav a:hover{text-decoration:underline}
.sentences{margin:8px 0 14px}
.sentence{font-size:16px;max-width:90ch;margin:8px 0 10px}
figure svg.sankey{width:100%}
td:first-child{white-space:nowrap}
table.paired td:nth-child(2){min-width:12em}
tr.baseline td{color:var(--muted)}
.strong{font-weight:600}
.unit{color:var(--muted);font-size:13px;font-weight:400}
.note{color:var(--muted);font-size:13px}
.pbar{position:relative;display:inline-block;width:160px;height:12px;background:#eef1f4;border-radius:6px;vertical-align:middle}
.pbar-ci{position:absolute;top:4px;height:4px;background:#9aa5b1;border-radius:2px}
.pbar-p{position:absolute;top:0;width:4px;height:12px;margin-left:-2px;border-radius:2px}
.tag{font-size:12px;padding:1px 7px;border-radius:9px;background:#eef1f4;color:var(--muted);white-space:nowrap}
.tag.yes{background:#e3f1e8;color:#1d6b3a}
details.more{margin:8px 0 12px}
details.more summary{cursor:pointer;color:var(--accent)}
article.scenario{border-top:1px solid var(--line);padding-top:4px}
ul.claims{list-style:none;padding:0;margin:4px 0}
ul.claims li{margin:0 0 10px}
blockquote{margin:0;padding:2px 0 2px 12px;border-left:3px solid var(--line);font-style:italic}
cite{display:block;font-style:normal;color:var(--muted);font-size:13px;padding-left:15px}
code.hash{word-break:break-all}
@media (max-width:600px){dl.manifest{grid-template-columns:minmax(0,1fr)}.sentence{font-size:15px}}
`;

/** A chart's figure content: the wide layout, and the narrow one for phones when there is one. */
function chartHtml(chart: Pick<ReportChart, "svg" | "narrow" | "file" | "csv">): string {
  const body = chart.narrow === undefined ? chart.svg : `<div class="chart-wide">${chart.svg}</div><div class="chart-narrow">${chart.narrow}</div>`;
  return `${body}<p class="download">${downloadLinks(chart)}</p>`;
}

/** Links to a chart's files: SVG, PNG and (when it has data) CSV. */
function downloadLinks(chart: Pick<ReportChart, "file" | "csv">): string {
  const base = `${CHARTS_DIR}/${chart.file.replace(/\.svg$/, "")}`;
  const links = [`<a href="${escapeHtml(base)}.svg">SVG</a>`, `<a href="${escapeHtml(base)}.png">PNG</a>`];
  if (chart.csv !== undefined) links.push(`<a href="${escapeHtml(base)}.csv">CSV</a>`);
  return `Download: ${links.join(" · ")}`;
}

/** The answer at a glance: the takeaway, the headline chart (one group per future path) and the table. */
async function answerSection(
  summary: BatchSummary,
  options: ReportOptions,
  headline: HeadlineOptions,
  names: Names,
  add: (chart: ReportChart) => string,
): Promise<string> {
  const year = finalYearOf(summary);
  if (year === undefined) return `<section id="answer"><h2>The answer at a glance</h2><p class="empty">No years in this batch.</p></section>`;
  const show = names.indicator(headline.indicator);
  const phrase = headline.phrase ?? show.label;
  const cumShow = headline.cumulative === undefined ? undefined : names.indicator(headline.cumulative);
  const groups = headline.groups ?? [{ label: "", summary }];
  groups.forEach((g, i) => checkIndicator(g.summary, headline.indicator, `options.headline.groups[${i}].summary`));
  const first = summary.years[0] ?? "";
  const measures: HeadlineMeasure[] = [
    { id: "final", label: `${year}: ${show.unit === "" ? show.label : show.unit}`, format: axisFormat(show, true) },
    { id: "final-relative", label: `${year}: % difference`, format: "+.1%" },
    ...(cumShow === undefined
      ? []
      : [
          { id: "added", label: `Added up, ${first}–${year}: ${cumShow.unit}`, format: axisFormat(cumShow, true) },
          { id: "added-relative", label: `Added up, ${first}–${year}: % difference`, format: "+.1%" },
        ]),
  ];
  const points: HeadlinePoint[] = [];
  const takeawayGroups: TakeawayGroup[] = [];
  const order: string[] = [];
  const colours: string[] = [];
  for (const g of groups) {
    const nums = headlineNumbers(g.summary, headline.indicator, headline.cumulative);
    const rows: TakeawayGroup["rows"][number][] = [];
    for (const s of g.summary.scenarios) {
      if (s === g.summary.baseline) continue;
      const d = nums.final.get(s);
      if (d === undefined) continue;
      const short = names.short(s);
      if (!order.includes(short)) {
        order.push(short);
        colours.push(names.colour(s));
      }
      points.push({ group: g.label, scenario: short, measure: "final", mean: d.mean, low: d.ciLow, high: d.ciHigh, runLow: d.p5, runHigh: d.p95 });
      points.push({ group: g.label, scenario: short, measure: "final-relative", mean: d.relative.mean, low: d.relative.ciLow, high: d.relative.ciHigh, runLow: d.relative.p5, runHigh: d.relative.p95 });
      const c = nums.cumulative.get(s);
      if (c !== undefined) {
        points.push({ group: g.label, scenario: short, measure: "added", mean: c.mean, low: c.ciLow, high: c.ciHigh, runLow: c.p5, runHigh: c.p95 });
        points.push({ group: g.label, scenario: short, measure: "added-relative", mean: c.relative.mean, low: c.relative.ciLow, high: c.relative.ciHigh, runLow: c.relative.p5, runHigh: c.relative.p95 });
      }
      rows.push({ name: short, final: d, ...(c === undefined ? {} : { cumulative: c }) });
    }
    takeawayGroups.push({ label: g.label, baseline: names.short(g.summary.baseline), ownChanges: g.summary.scenarios.map((s) => nums.ownChange.get(s)).filter((x): x is number => x !== undefined), rows });
  }
  const sentence = takeaway({
    phrase: phrase.charAt(0).toUpperCase() + phrase.slice(1),
    year,
    horizon: `over ${first}–${year}`,
    money: (x) => (cumShow === undefined ? formatNumber(",.0f", x) : formatQuantity(cumShow, x)),
    groups: takeawayGroups,
  });
  const baseName = names.short(summary.baseline);
  const spec = (layout: "wide" | "narrow") =>
    headlineChartSpec({ measures, groups: groups.map((g) => g.label), scenarios: order, colours, points, baseline: baseName, layout });
  const [svg, narrow] = await Promise.all([renderSvg(spec("wide")), renderSvg(spec("narrow"))]);
  const csv = csvOf(
    ["group", "scenario", "measure", "mean", "ci95_low", "ci95_high", "runs_p5", "runs_p95"],
    points.map((p) => [p.group, p.scenario, measures.find((m) => m.id === p.measure)?.label ?? p.measure, p.mean, p.low, p.high, p.runLow, p.runHigh]),
  );
  const inner = add({ file: "headline", subject: "headline", svg, narrow, csv, inPage: true });
  const { table, sentences } = headlineSection(summary, options, headline, names);
  return (
    `<section id="answer"><h2 class="takeaway">${escapeHtml(sentence)}</h2>` +
    `<figure class="headline-chart">${inner}<figcaption>Difference from ${escapeHtml(names.scenario(summary.baseline))}, run by run with the same seeds. ` +
    `Dot: the mean difference. Thick bar: the 95% interval of the mean. Thin line: 90% of runs (5th to 95th percentile of the run-by-run difference). ` +
    `${escapeHtml(show.label)} in ${escapeHtml(show.unit)}${cumShow === undefined ? "" : `; added up: ${escapeHtml(cumShow.label)} in ${escapeHtml(cumShow.unit)}, every year added`}. ` +
    `${escapeHtml(options.priceBasis ?? "")}</figcaption></figure>` +
    table +
    `<details class="more"><summary>The same in words, arrangement by arrangement</summary><div class="sentences">${sentences}</div></details></section>`
  );
}

/** Where the money went (each pound once, where it ended up) and the flows by year. */
async function moneySection(
  summary: BatchSummary,
  options: ReportOptions,
  names: Names,
  basis: string,
  fileFor: (base: string) => string,
  add: (chart: ReportChart) => string,
): Promise<{ html: string; flowsHtml: string }> {
  const fundsKept = options.flows?.funds;
  const sankeyFlows = summary.flows.filter((f) => fundsKept === undefined || fundsKept.includes(f.fund));
  const groups = [...new Set(sankeyFlows.flatMap((f) => [f.from, f.to]))].sort();
  const groupIndex = new Map(groups.map((g, i) => [g, i]));
  const colourOf = (g: string): string => options.flows?.colours?.[g] ?? seriesColour(groupIndex.get(g) ?? 0);
  const reached = new Set(options.flows?.reached ?? []);
  const last = finalYearOf(summary);
  const first = summary.years[0] ?? "";
  if (sankeyFlows.length === 0 || last === undefined) {
    const none = `<p class="empty">No flows were recorded for this batch.</p>`;
    return { html: none, flowsHtml: none };
  }
  const what = options.flows?.moneyPhrase ?? "the money";
  const SOURCE = "money-in";
  const destinationName = (id: string): string =>
    id === SOURCE ? (options.flows?.labels?.[SOURCE] ?? `${what.charAt(0).toUpperCase()}${what.slice(1)}`) : id.endsWith(RETURNED_SUFFIX) ? `back to ${names.group(id.slice(0, -RETURNED_SUFFIX.length))}` : names.group(id);
  const destinationColour = (id: string): string => (id === SOURCE ? "#5b6472" : colourOf(id.endsWith(RETURNED_SUFFIX) ? id.slice(0, -RETURNED_SUFFIX.length) : id));
  // Final recipients per scenario and year.
  const recipients = new Map<string, ReturnType<typeof finalRecipients>>();
  for (const s of summary.scenarios) {
    for (const year of summary.years) {
      const flows = sankeyFlows.filter((f) => f.scenario === s && f.year === year).map((f) => ({ from: f.from, to: f.to, pence: f.meanPence }));
      recipients.set(JSON.stringify([s, year]), finalRecipients(flows));
    }
  }
  const at = (s: string, year: string) => recipients.get(JSON.stringify([s, year])) ?? [];
  const allDestinations = [...new Set([...recipients.values()].flatMap((r) => r.map((x) => x.id)))];
  const lostDestinations = allDestinations.filter((id) => !reached.has(id));
  const reachedDestinations = allDestinations.filter((id) => reached.has(id));

  // Money lost, by destination: the final year and added up.
  let lossHtml = "";
  if (reached.size > 0 && lostDestinations.length > 0) {
    const panels = [`in ${last}`, `added up, ${first}–${last}`];
    const lostAt = (s: string, year: string, id: string): number => at(s, year).find((r) => r.id === id)?.pence ?? 0;
    const rawBars = summary.scenarios.flatMap((s) =>
      lostDestinations.flatMap((id) => [
        { panel: panels[0]!, scenario: names.short(s), destination: destinationName(id), pence: lostAt(s, last, id) },
        { panel: panels[1]!, scenario: names.short(s), destination: destinationName(id), pence: summary.years.reduce((t, y) => t + lostAt(s, y, id), 0) },
      ]),
    );
    const scale = moneyScale(Math.max(0, ...summary.scenarios.map((s) => rawBars.filter((b) => b.scenario === names.short(s) && b.panel === panels[1]).reduce((t, b) => t + b.pence, 0))));
    const bars = rawBars.map((b) => ({ panel: b.panel, scenario: b.scenario, destination: b.destination, amount: b.pence / scale.divisor }));
    const spec = (wide: boolean) =>
      lossChartSpec({
        title: `${what.charAt(0).toUpperCase()}${what.slice(1)} that did not reach ${reachedDestinations.map((id) => names.group(id)).join(" or ") || "its goal"}, by where it went`,
        unit: `${scale.symbol}, ${basis}, mean across runs`,
        panels,
        scenarios: summary.scenarios.map((s) => names.short(s)),
        destinations: lostDestinations.map(destinationName),
        colours: lostDestinations.map(destinationColour),
        bars,
        width: wide ? 300 : 190,
        columns: wide ? 2 : 1,
      });
    const [svg, narrow] = await Promise.all([renderSvg(spec(true)), renderSvg(spec(false))]);
    const csv = csvOf(["panel", "scenario", "destination", "pence"], rawBars.map((b) => [b.panel, b.scenario, b.destination, b.pence]));
    const inner = add({ file: fileFor("lost-by-destination"), subject: "lost", svg, narrow, csv, inPage: true });
    lossHtml = `<figure class="lost">${inner}<figcaption>Each pound counted once, where it ended up (mean across runs, ${escapeHtml(basis)}). "Back to" a body: money returned unspent or taken back (top-sliced) by a body upstream.</figcaption></figure>`;
  }

  // Money-flow diagrams: where each pound ended up (final year, in the page), and every hop (every year, files).
  const destinationFigures: string[] = [];
  const hopFigures: string[] = [];
  for (const s of summary.scenarios) {
    const ends = at(s, last);
    if (ends.length > 0) {
      const flows: SankeyFlow[] = ends.map((r) => ({ from: SOURCE, to: r.id, pence: r.pence }));
      const draw = (width: number, fontSize: number) =>
        renderSankey({
          title: `${names.scenario(s)}: where ${what} ended up, ${last} (mean per year, ${basis})`,
          flows,
          label: destinationName,
          money: (p) => moneyText(moneyScale(p), p),
          colour: destinationColour,
          width,
          fontSize,
          linkColour: "target",
        });
      const wide = draw(560, 13);
      const narrow = draw(360, 12);
      const lost = ends.filter((r) => !reached.has(r.id)).reduce((t, r) => t + r.pence, 0);
      const csv = csvOf(["from", "to", "pence"], ends.map((r) => [destinationName(SOURCE), destinationName(r.id), r.pence]));
      const inner = add({ file: fileFor(`where-${chartFileBase(s)}-${chartFileBase(last)}`), subject: `where:${s}:${last}`, svg: wide.svg, narrow: narrow.svg, csv, inPage: true });
      destinationFigures.push(
        `<figure class="sankey-fig where" data-scenario="${escapeHtml(s)}" data-lost-pence="${escapeHtml(String(lost))}">${names.swatch(s)}${inner}<figcaption>Band widths are proportional to the mean money across runs.${reached.size === 0 ? "" : ` Not reaching ${escapeHtml(reachedDestinations.map((id) => names.group(id)).join(" or "))}: ${escapeHtml(moneyText(moneyScale(lost), lost))}.`}</figcaption></figure>`,
      );
    }
    for (const year of summary.years) {
      const flows: SankeyFlow[] = sankeyFlows.filter((f) => f.scenario === s && f.year === year).map((f) => ({ from: f.from, to: f.to, pence: f.meanPence }));
      if (flows.length === 0) continue;
      const title = `${names.scenario(s)}: ${what}, hop by hop, ${year} (mean per year, ${basis})`;
      const diagram = renderSankey({ title, flows, label: names.group, money: (p) => moneyText(moneyScale(p), p), colour: colourOf, width: 560 });
      const inPage = year === last;
      const file = fileFor(`sankey-${chartFileBase(s)}-${chartFileBase(year)}`);
      const csv = csvOf(["from", "to", "pence"], flows.map((f) => [f.from, f.to, f.pence]));
      if (!inPage) {
        add({ file, subject: `sankey:${s}:${year}`, svg: diagram.svg, csv, inPage: false });
        continue;
      }
      const narrow = renderSankey({ title, flows, label: names.group, money: (p) => moneyText(moneyScale(p), p), colour: colourOf, width: 360, fontSize: 12 });
      const inner = add({ file, subject: `sankey:${s}:${year}`, svg: diagram.svg, narrow: narrow.svg, csv, inPage: true });
      const note = diagram.redirected > 0 ? ` Money going back to a body upstream is drawn into a separate "(returned)" node.` : "";
      hopFigures.push(`<figure class="sankey-fig hops" data-scenario="${escapeHtml(s)}">${names.swatch(s)}${inner}<figcaption>Every hop the money took; bands are proportional to the mean money moved.${escapeHtml(note)}</figcaption></figure>`);
    }
  }
  const html =
    `<p>Where ${escapeHtml(what)} ended up in ${escapeHtml(last)}, mean across runs (${escapeHtml(basis)}): each pound is counted once, at its final recipient, so every pound that did not reach ${escapeHtml(reachedDestinations.map((id) => names.group(id)).join(" or ") || "its goal")} is a band to where it went.</p>` +
    lossHtml +
    `<div class="grid">\n${destinationFigures.join("\n")}\n</div>` +
    `<details class="more"><summary>The same money hop by hop (every body it passed through)</summary><div class="grid">\n${hopFigures.join("\n")}\n</div><p class="note">Diagrams for every year are saved in <code>${CHARTS_DIR}/</code>.</p></details>`;

  // Flows by year: each pound once, at its final recipient.
  const series = allDestinations;
  const scale = moneyScale(Math.max(0, ...summary.scenarios.flatMap((s) => summary.years.map((y) => at(s, y).reduce((t, r) => t + r.pence, 0)))));
  const bars: FlowBar[] = summary.scenarios.flatMap((s) => summary.years.flatMap((y) => at(s, y).map((r) => ({ scenario: names.scenario(s), year: y, series: destinationName(r.id), amount: r.pence / scale.divisor }))));
  const spec = (wide: boolean) =>
    flowChartSpec({
      unitTitle: `Mean per year (${scale.symbol}, ${basis})`,
      format: ",.0f",
      years: summary.years,
      scenarios: summary.scenarios.map((s) => names.scenario(s)),
      series: series.map(destinationName),
      colours: series.map(destinationColour),
      bars,
      ...(wide ? {} : { columns: 1, width: 250 }),
    });
  const [svg, narrow] = await Promise.all([renderSvg(spec(true)), renderSvg(spec(false))]);
  const csv = csvOf(["scenario", "year", "recipient", "pence"], summary.scenarios.flatMap((s) => summary.years.flatMap((y) => at(s, y).map((r) => [names.scenario(s), y, destinationName(r.id), r.pence]))));
  const inner = add({ file: fileFor("flows"), subject: "flows", svg, narrow, csv, inPage: true });
  const hops = selectFlows(summary, options.flows);
  const flowsHtml =
    `<p>Mean yearly ${escapeHtml(what)} by where it ended up: each pound is counted once, at its final recipient, so a bar's height is the money put in that year.</p>` +
    `<figure class="flows">${inner}<figcaption>Bars: mean across runs of the money that ended up with each recipient in each financial year (${escapeHtml(scale.symbol)}, ${escapeHtml(basis)}).</figcaption></figure>` +
    `<details class="more"><summary>Every hop, final year (a pound passing through several bodies appears once per hop)</summary>${flowsTable(summary, hops, names, basis)}</details>`;
  return { html, flowsHtml };
}

/**
 * Render the report of a batch in memory: the HTML page (charts inlined) and each chart's SVG.
 * @remarks Pure apart from rendering: the same summary and options give the same page. Every piece of text
 * from the summary or the options is HTML-escaped; the page loads nothing from the network. Headline
 * sentences are generated from the numbers only: their direction follows the sign of the 95% interval, and an
 * interval spanning zero reads "no clear difference".
 * @example
 * ```ts
 * const { html, charts } = await renderReport(summary, { title: "Ringfence", indicators, charts: ["cost"] });
 * ```
 */
export async function renderReport(summary: BatchSummary, options: ReportOptions): Promise<RenderedReport> {
  const names = namesOf(summary, options);
  const scenarioNames = summary.scenarios.map((s) => names.scenario(s));
  const scenarioColours = summary.scenarios.map((s) => names.colour(s));
  const charts: ReportChart[] = [];
  const usedFiles = new Set<string>();
  const fileFor = (base: string): string => {
    let file = `${base}.svg`;
    for (let k = 2; usedFiles.has(file); k++) file = `${base}-${k}.svg`;
    usedFiles.add(file);
    return file;
  };
  options.charts.forEach((id, i) => checkIndicator(summary, id, `options.charts[${i}]`));
  if (options.headline !== undefined) {
    checkIndicator(summary, options.headline.indicator, "options.headline.indicator");
    if (options.headline.secondary !== undefined) checkIndicator(summary, options.headline.secondary, "options.headline.secondary");
    if (options.headline.cumulative !== undefined) checkIndicator(summary, options.headline.cumulative, "options.headline.cumulative");
  }
  options.keyIndicators?.forEach((id, i) => checkIndicator(summary, id, `options.keyIndicators[${i}]`));
  const finalYear = finalYearOf(summary);
  const flowBasis = options.flowPriceBasis ?? "cash";
  /** Adds a chart (wide for the file, narrow for phones) and returns its figure's inner HTML. */
  const addChart = (chart: ReportChart): string => {
    charts.push(chart);
    return chartHtml(chart);
  };
  const drawn = (section: ReportSection): boolean => options.sections === undefined || options.sections.includes(section);

  // The headline: a takeaway and a dot-and-interval chart of each arrangement's difference from the baseline.
  let answer = "";
  if (options.headline !== undefined && drawn("answer")) answer = await answerSection(summary, options, options.headline, names, (c) => addChart({ ...c, file: fileFor(c.file) }));

  // Fan charts: small multiples per scenario.
  const figures: string[] = [];
  for (const id of drawn("indicators") ? options.charts : []) {
    const points = fanPoints(summary, id, names);
    const show = names.indicator(id);
    const spec = (width: number) =>
      fanChartSpec({ title: titleWithUnit(show), unit: show.unit, format: axisFormat(show, false), years: summary.years, scenarios: scenarioNames, colours: scenarioColours, points, width });
    const [svg, narrow] = await Promise.all([renderSvg(spec(440)), renderSvg(spec(250))]);
    const csv = csvOf(["scenario", "year", "p5", "p25", "median", "p75", "p95"], points.map((p) => [p.scenario, p.year, p.p5, p.p25, p.p50, p.p75, p.p95]));
    const inner = addChart({ file: fileFor(`fan-${chartFileBase(id)}`), subject: id, svg, narrow, csv, inPage: true });
    figures.push(
      `<figure class="fan" data-indicator="${escapeHtml(id)}">${inner}<figcaption>One panel per scenario, on the same scale. Line: median. Dark band: 25th–75th percentile. Light band: 90% of runs (5th–95th percentile), across ${escapeHtml(formatNumber(",d", summary.runs))} runs per scenario.</figcaption></figure>`,
    );
  }

  // Differences from the baseline over time, for the key indicators.
  const compared = summary.scenarios.filter((s) => s !== summary.baseline);
  const diffFigures: string[] = [];
  const keys = keyIndicatorsOf(options);
  for (const id of drawn("differences") ? keys : []) {
    const show = names.indicator(id);
    const asPp = isShare(show);
    const scale = asPp ? 100 : 1;
    const points: DiffPoint[] = summary.paired
      .filter((d) => d.indicator === id && d.a === summary.baseline && [d.mean, d.ciLow, d.ciHigh].every(Number.isFinite))
      .map((d) => ({ scenario: names.scenario(d.b), year: d.year, mean: d.mean * scale, low: d.ciLow * scale, high: d.ciHigh * scale }));
    if (points.length === 0) continue;
    const precision = Math.max(1, formatSpecifier(show.format).precision ?? 1);
    const unit = asPp ? "percentage points" : show.unit;
    const spec = (width: number) =>
      diffChartSpec({
        title: `${show.label}: difference from ${names.scenario(summary.baseline)}${unit === "" ? "" : ` (${unit})`}`,
        unit,
        format: asPp ? `+.${precision}f` : axisFormat(show, true),
        years: summary.years,
        scenarios: compared.map((s) => names.scenario(s)),
        colours: compared.map((s) => names.colour(s)),
        points,
        width,
      });
    const [svg, narrow] = await Promise.all([renderSvg(spec(440)), renderSvg(spec(250))]);
    const csv = csvOf(["scenario", "year", "mean_difference", "ci95_low", "ci95_high"], points.map((p) => [p.scenario, p.year, p.mean, p.low, p.high]));
    const inner = addChart({ file: fileFor(`diff-${chartFileBase(id)}`), subject: id, svg, narrow, csv, inPage: true });
    diffFigures.push(
      `<figure class="diff" data-indicator="${escapeHtml(id)}">${inner}<figcaption>Line: ${escapeHtml(MEAN_LABEL)} of the run-by-run difference from ${escapeHtml(names.scenario(summary.baseline))}; band: the 95% interval of the mean. Dashed line: no difference.</figcaption></figure>`,
    );
  }

  // Where the money went: each pound counted once, where it ended up.
  const money = drawn("money") ? await moneySection(summary, options, names, flowBasis, fileFor, addChart) : { html: "", flowsHtml: "" };

  const first = summary.years[0] ?? "–";
  const last = finalYear ?? "–";
  const failures = failuresSection(summary, names);
  const headline = options.headline;
  const priceBasis =
    options.priceBasis ?? "each indicator's unit says whether money is in first-year prices (real) or cash";
  const facts = [
    ...(options.population === undefined ? [] : [`Population <b>${escapeHtml(options.population)}</b>`]),
    `<b>${escapeHtml(first)}</b> to <b>${escapeHtml(last)}</b> (<b>${escapeHtml(formatNumber(",d", summary.years.length))}</b> years)`,
    `<b>${escapeHtml(formatNumber(",d", summary.scenarios.length))}</b> scenarios × <b>${escapeHtml(formatNumber(",d", summary.runs))}</b> runs`,
    `Seed <b>${escapeHtml(summary.manifest.masterSeed)}</b>`,
    `Prices: <b>${escapeHtml(priceBasis)}</b>`,
    ...(summary.failures.length > 0 ? [`<b>${escapeHtml(formatNumber(",d", summary.failures.length))}</b> failed runs`] : []),
  ];
  const navItems: [string, string][] = [
    ...(headline === undefined ? [] : [["answer", "The answer"] as [string, string]]),
    ["money", "Where the money went"],
    ["paired", "Differences"],
    ["indicators", "Over time"],
    ["erosion", "Own change"],
    ["flows", "Flows by year"],
    ["scenarios", "Assumptions and sources"],
    ...(failures === "" ? [] : [["failures", "Failed runs"] as [string, string]]),
    ["downloads", "Downloads"],
    ["manifest", "Manifest"],
  ];
  const downloads = charts
    .filter((c) => c.inPage)
    .map((c) => `<li>${escapeHtml(c.file.replace(/\.svg$/, ""))}: ${downloadLinks(c)}</li>`)
    .join("");
  const html = renderPage({
    title: options.title,
    ...(options.intro === undefined ? {} : { intro: options.intro }),
    facts,
    nav: navItems,
    css: CSS,
    body: `${answer}
<section id="money"><h2>Where ${escapeHtml(options.flows?.moneyPhrase ?? "the money")} went</h2>${money.html}</section>
<section id="paired"><h2>Differences from ${escapeHtml(names.scenario(summary.baseline))}</h2>${pairedSection(summary, options, names)}${diffFigures.length === 0 ? "" : `<div class="grid">\n${diffFigures.join("\n")}\n</div>`}</section>
<section id="indicators"><h2>Indicators over time</h2><p>Each chart shows the spread of one indicator across runs, year by year: one panel per scenario on a shared scale.</p><div class="grid">
${figures.join("\n")}
</div></section>
<section id="erosion"><h2>Each arrangement against its own start</h2><p>Beside the paired differences, not instead of them: an arrangement that starts lower has less far to fall. Share of runs in which the indicator ends the horizon more than the threshold below its own start-year value, with a 95% Wilson score interval.</p>${erosionSection(summary, names)}</section>
<section id="flows"><h2>Flows year by year</h2>${money.flowsHtml}</section>
<section id="scenarios"><h2>Scenarios: assumptions and sources</h2>${sourcesSection(summary, options, names)}</section>
${failures}
<section id="downloads"><h2>Downloads</h2><p>Each chart of this page as SVG, PNG and the CSV of the numbers drawn, in <code>${CHARTS_DIR}/</code>.</p><ul class="downloads">${downloads}</ul></section>
<section id="manifest"><h2>Manifest</h2><p>Everything needed to replay this batch.</p>${manifestSection(summary, names)}</section>`,
  });
  return { html, charts };
}

const SUMMARY_CSS = `
@page{size:A4 landscape;margin:10mm}
main{max-width:none;padding:0 4px}
h1{font-size:22px}
.summary-notes{display:grid;grid-template-columns:1fr 1fr;gap:4px 24px;font-size:12px}
.summary-notes ul{margin:2px 0 6px;padding-left:18px}
.summary-notes h3{font-size:13px;margin:6px 0 2px}
p.download{display:none}
`;

/**
 * Render the one-page summary of a batch (the takeaway, the headline chart, the table, each scenario's
 * assumptions and the sources), a page made to be printed on one A4 landscape sheet.
 * @remarks Needs `options.headline`; like {@link renderReport}, every piece of text is escaped and the page
 * loads nothing.
 */
export async function renderSummaryPage(summary: BatchSummary, options: ReportOptions): Promise<string> {
  const names = namesOf(summary, options);
  if (options.headline === undefined) throw new RangeError("options.headline is missing; expected the headline a one-page summary is built around");
  checkIndicator(summary, options.headline.indicator, "options.headline.indicator");
  const answer = await answerSection(summary, options, options.headline, names, (c) => chartHtml(c));
  const notes = summary.scenarios
    .map((s) => {
      const info = options.scenarios?.[s];
      const assumptions = (info?.assumptions ?? []).slice(0, 3).map((a) => `<li>${escapeHtml(a)}</li>`).join("");
      const sources = [...new Set((info?.claims ?? []).map((c) => c.source))].map((c) => escapeHtml(c)).join("; ");
      return `<div><h3>${names.swatch(s)}${escapeHtml(names.scenario(s))}</h3>${info?.description === undefined ? "" : `<p>${escapeHtml(info.description)}</p>`}${assumptions === "" ? "" : `<ul>${assumptions}</ul>`}${sources === "" ? "" : `<p><i>Sources:</i> ${sources}</p>`}</div>`;
    })
    .join("");
  const first = summary.years[0] ?? "–";
  const last = finalYearOf(summary) ?? "–";
  return renderPage({
    title: options.title,
    facts: [
      ...(options.population === undefined ? [] : [`Population <b>${escapeHtml(options.population)}</b>`]),
      `<b>${escapeHtml(first)}</b> to <b>${escapeHtml(last)}</b>`,
      `<b>${escapeHtml(formatNumber(",d", summary.runs))}</b> runs per scenario, seed <b>${escapeHtml(summary.manifest.masterSeed)}</b>`,
      ...(options.priceBasis === undefined ? [] : [`Prices: <b>${escapeHtml(options.priceBasis)}</b>`]),
    ],
    nav: [],
    css: `${CSS}${SUMMARY_CSS}`,
    footer: `The full report, with every chart and table, is report.html beside this summary.${options.sourcesUrl === undefined ? "" : ` Full references: ${escapeHtml(options.sourcesUrl)}.`}`,
    body: `${answer}<section id="assumptions"><h2>Assumptions and sources</h2><div class="summary-notes">${notes}</div></section>`,
  });
}
