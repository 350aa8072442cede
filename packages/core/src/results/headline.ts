/**
 * The headline of a comparison: each arrangement's paired difference from the baseline, in the final year
 * and added up over the horizon, as a dot-and-interval chart (one group of rows per future path), and the
 * takeaway sentence generated from those numbers only. Plain functions of data (no Node-only code), so a
 * browser page can draw the same headline.
 * @packageDocumentation
 */
import type { TopLevelSpec } from "vega-lite";
import type { BatchSummary, CumulativeDifference, PairedDifference } from "../batch/types.js";
import { CHART_CONFIG, wrapText } from "./charts.js";
import { formatNumber } from "./format.js";

/** The statistic named on every label: the mean of the paired differences with the 95% interval of that mean. */
export const MEAN_LABEL = "mean (95% interval of the mean)";
/** The spread named on every label: the median with the band that holds 90% of runs. */
export const RUNS_LABEL = "median (90% of runs)";

/** One measure (a panel) of the headline: what is compared, in which unit, and how its numbers print. */
export interface HeadlineMeasure {
  /** Id, such as "final-abs". */
  readonly id: string;
  /** Panel title, such as "2034/35: £ per weighted patient". */
  readonly label: string;
  /** d3-format specifier of its numbers, signed (such as "+,.2f" or "+.1%"). */
  readonly format: string;
}

/** One dot of the headline chart: an arrangement's difference from the baseline on one measure. */
export interface HeadlinePoint {
  /** Group (a future path) label; "" when there is one group. */
  readonly group: string;
  /** Arrangement's short name (the chart's row label). */
  readonly scenario: string;
  /** Measure id. */
  readonly measure: string;
  /** Mean of the run-by-run differences. */
  readonly mean: number;
  /** Lower end of the 95% interval of the mean. */
  readonly low: number;
  /** Upper end of the 95% interval of the mean. */
  readonly high: number;
  /** 5th percentile of the run-by-run differences (the band holding 90% of runs). */
  readonly runLow: number;
  /** 95th percentile of the run-by-run differences. */
  readonly runHigh: number;
}

/** What the headline chart draws. */
export interface HeadlineChartInput {
  /** Measures in panel order. */
  readonly measures: readonly HeadlineMeasure[];
  /** Group labels in order ("" alone for one group). */
  readonly groups: readonly string[];
  /** Arrangement short names in row order. */
  readonly scenarios: readonly string[];
  /** Colour of each arrangement, aligned with `scenarios`. */
  readonly colours: readonly string[];
  /** The dots. */
  readonly points: readonly HeadlinePoint[];
  /** Name of the baseline, for the zero line's meaning. */
  readonly baseline: string;
  /** "wide": measures side by side; "narrow": one panel per row, to read on a phone at full size. */
  readonly layout: "wide" | "narrow";
}

function domainOf(values: readonly number[]): [number, number] {
  const xs = values.filter(Number.isFinite);
  xs.push(0);
  const lo = Math.min(...xs);
  const hi = Math.max(...xs);
  const pad = hi > lo ? 0.06 * (hi - lo) : Math.max(Math.abs(lo) * 0.05, 1e-9);
  return [lo - pad, hi + pad];
}

/**
 * Vega-Lite spec of the headline: per measure (and group) a panel with one row per arrangement: a dot at the
 * mean difference from the baseline, a thick bar for the 95% interval of the mean and a thin line for the
 * band holding 90% of runs; a dashed line at zero (no difference).
 * @example
 * ```ts
 * const svg = await renderSvg(headlineChartSpec({ measures, groups: [""], scenarios, colours, points, baseline: "ring-fenced", layout: "wide" }));
 * ```
 */
export function headlineChartSpec(input: HeadlineChartInput): TopLevelSpec {
  const wide = input.layout === "wide";
  const columns = wide ? input.measures.length : 1;
  const labelWidth = wide ? 170 : 140;
  const width = wide ? Math.max(140, Math.min(230, Math.floor((1000 - labelWidth) / Math.max(1, input.measures.length)) - 45)) : 190;
  const rows = input.scenarios.length;
  const colour = { field: "scenario", type: "nominal", scale: { domain: [...input.scenarios], range: [...input.colours] }, legend: null } as const;
  const panels = input.groups.flatMap((group) =>
    input.measures.map((m, k) => {
      const points = input.points.filter((p) => p.group === group && p.measure === m.id);
      const domain = domainOf(points.flatMap((p) => [p.runLow, p.runHigh, p.low, p.high, p.mean]));
      const showLabels = !wide || k === 0;
      const y = {
        field: "scenario",
        type: "nominal",
        sort: [...input.scenarios],
        title: null,
        axis: showLabels ? { labelLimit: labelWidth, labelFontSize: 12, ticks: false, domain: false } : { labels: false, ticks: false, domain: false },
      } as const;
      const x = (field: string) => ({ field, type: "quantitative", scale: { domain, nice: false, zero: false }, title: null, axis: { format: m.format, tickCount: wide ? 4 : 5, grid: true } }) as const;
      const title = group === "" ? m.label : `${group}: ${m.label}`;
      return {
        title: { text: wrapText(title, wide ? 30 : 40), fontSize: 13, fontWeight: 600, anchor: "start" as const },
        width,
        height: { step: 30 },
        data: { values: points.map((p) => ({ ...p })) },
        layer: [
          { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#555", strokeDash: [4, 3] }, encoding: { x: { field: "zero", type: "quantitative", scale: { domain } } } },
          { mark: { type: "rule", strokeWidth: 1.5, opacity: 0.55 }, encoding: { y, x: x("runLow"), x2: { field: "runHigh" }, color: colour } },
          { mark: { type: "rule", strokeWidth: 6, opacity: 0.9 }, encoding: { y, x: x("low"), x2: { field: "high" }, color: colour } },
          { mark: { type: "point", filled: true, size: 90, opacity: 1, stroke: "white", strokeWidth: 1 }, encoding: { y, x: x("mean"), color: colour } },
        ],
        ...(rows === 0 ? {} : {}),
      };
    }),
  );
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    concat: panels,
    columns,
    spacing: wide ? 16 : 10,
    resolve: { scale: { x: "independent" } },
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** The numbers behind one arrangement's part of the takeaway. */
export interface TakeawayRow {
  /** Arrangement's name as the sentence says it. */
  readonly name: string;
  /** Final-year paired difference (in the headline indicator's unit). */
  readonly final: Pick<PairedDifference, "mean" | "ciLow" | "ciHigh" | "relative">;
  /** Paired difference of the money indicator added up over the horizon, when there is one. */
  readonly cumulative?: Pick<CumulativeDifference, "mean" | "ciLow" | "ciHigh">;
}

/** A group of the takeaway: one future path (or "" when there is one), its baseline and its arrangements. */
export interface TakeawayGroup {
  /** Group label, such as "NHS real growth 1.9% a year"; "" for one group. */
  readonly label: string;
  /** The baseline's name. */
  readonly baseline: string;
  /** Medians of every arrangement's own change from its first year (the baseline's included). */
  readonly ownChanges: readonly number[];
  /** The compared arrangements. */
  readonly rows: readonly TakeawayRow[];
}

/** What the takeaway speaks of. */
export interface TakeawayInput {
  /** Noun phrase of the headline indicator, such as "GP funding per weighted patient". */
  readonly phrase: string;
  /** Final financial year. */
  readonly year: string;
  /** Words for the horizon of the added-up money, such as "over 2025/26–2034/35". */
  readonly horizon: string;
  /** Formats a cumulative money difference without its sign, such as "£2,310m". */
  readonly money: (x: number) => string;
  /** The groups, one per future path. */
  readonly groups: readonly TakeawayGroup[];
}

const below = (x: { readonly ciHigh: number }): boolean => x.ciHigh < 0;
const above = (x: { readonly ciLow: number }): boolean => x.ciLow > 0;
const pct = (x: number): string => formatNumber(".1%", Math.abs(x));

function list(names: readonly string[]): string {
  if (names.length <= 1) return names.join("");
  return `${names.slice(0, -1).join(", ")} and ${names[names.length - 1]}`;
}

/** The findings of one group, as clauses (no group prefix). */
function groupClauses(input: TakeawayInput, g: TakeawayGroup): string[] {
  const clauses: string[] = [];
  const n = g.ownChanges.length;
  const falls = g.ownChanges.filter((x) => x < 0).length;
  if (n > 0) {
    if (falls === n) clauses.push(`${input.phrase} falls by ${input.year} under every arrangement`);
    else if (falls === 0) clauses.push(`${input.phrase} rises by ${input.year} under every arrangement`);
    else clauses.push(`${input.phrase} falls by ${input.year} under ${falls} of ${n} arrangements`);
  }
  const lower = g.rows.filter((r) => below(r.final)).sort((a, b) => a.final.relative.mean - b.final.relative.mean);
  const higher = g.rows.filter((r) => above(r.final)).sort((a, b) => b.final.relative.mean - a.final.relative.mean);
  const sums = (rs: readonly TakeawayRow[], word: "less" | "more"): string => {
    const shown = rs.filter((r) => r.cumulative !== undefined && (word === "less" ? below(r.cumulative) : above(r.cumulative)));
    if (shown.length !== rs.length || shown.length === 0) return "";
    return ` (${list(shown.map((r) => input.money(Math.abs(r.cumulative!.mean))))} ${word} ${input.horizon})`;
  };
  const pcts = (rs: readonly TakeawayRow[]): string => {
    const texts = [...new Set(rs.map((r) => pct(r.final.relative.mean)))];
    return texts.length === 1 ? texts[0]! : list(rs.map((r) => pct(r.final.relative.mean)));
  };
  const verb = (rs: readonly unknown[], one: string, many: string): string => (rs.length === 1 ? one : many);
  if (lower.length > 0) {
    const named = lower.slice(0, 2);
    clauses.push(
      `${list(named.map((r) => r.name))} ${verb(named, "ends", "end")} ${pcts(named)} below ${g.baseline}${sums(named, "less")}` +
        (lower.length > 2 ? `; ${lower.length - 2} more end${lower.length - 2 === 1 ? "s" : ""} below it by less` : ""),
    );
  }
  if (higher.length > 0) clauses.push(`${list(higher.map((r) => r.name))} ${verb(higher, "ends", "end")} above ${g.baseline}${sums(higher, "more")}`);
  const level = g.rows.filter((r) => !below(r.final) && !above(r.final));
  const lostEarly = level.filter((r) => r.cumulative !== undefined && below(r.cumulative));
  if (lostEarly.length > 0) {
    clauses.push(`${list(lostEarly.map((r) => r.name))} ${verb(lostEarly, "ends", "end")} level with ${g.baseline} but ${verb(lostEarly, "has", "have")} ${list(lostEarly.map((r) => input.money(Math.abs(r.cumulative!.mean))))} less ${input.horizon}`);
  }
  const plainLevel = level.filter((r) => !lostEarly.includes(r));
  if (plainLevel.length > 0 && lower.length + higher.length > 0) clauses.push(`${list(plainLevel.map((r) => r.name))} ${verb(plainLevel, "ends", "end")} level with it`);
  if (lower.length + higher.length + lostEarly.length === 0 && g.rows.length > 0) clauses.push(`no arrangement ends clearly apart from ${g.baseline}`);
  return clauses;
}

function capitalise(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}

/**
 * The takeaway sentence, generated from the numbers only: whether the indicator falls under every
 * arrangement, which arrangements end clearly below (or above) the baseline (their 95% interval excludes
 * zero) and by how much, with the money added up over the horizon, and which end level but lost money on the
 * way. With several groups (future paths), a finding that holds under every path is said once, and the rest
 * path by path.
 * @example
 * ```ts
 * takeaway({ phrase: "GP funding per patient", year: "2034/35", horizon: "over the decade", money: (x) => `£${x}m`, groups });
 * ```
 */
export function takeaway(input: TakeawayInput): string {
  if (input.groups.length === 0) return "";
  if (input.groups.length === 1) return `${capitalise(groupClauses(input, input.groups[0]!).join("; "))}.`;
  const everyLower = input.groups
    .map((g) => new Set(g.rows.filter((r) => below(r.final)).map((r) => r.name)))
    .reduce((a, b) => new Set([...a].filter((x) => b.has(x))));
  const parts: string[] = [];
  if (everyLower.size > 0) parts.push(`Under every path, ${list([...everyLower])} end${everyLower.size === 1 ? "s" : ""} below ${input.groups[0]!.baseline}`);
  const clauses = input.groups.map((g) => groupClauses(input, g).join("; "));
  // Paths that say the same thing are said once.
  if (clauses.every((c) => c === clauses[0])) parts.push(`Under every path: ${clauses[0]!}`);
  else input.groups.forEach((g, k) => parts.push(`Under ${g.label}: ${clauses[k]!}`));
  return `${parts.join(". ")}.`;
}

/** The headline numbers of one batch: per compared scenario its final-year and added-up differences. */
export interface HeadlineNumbers {
  /** Final financial year. */
  readonly year: string;
  /** First financial year. */
  readonly from: string;
  /** Per compared scenario id: final-year paired difference of the headline indicator. */
  readonly final: ReadonlyMap<string, PairedDifference>;
  /** Per compared scenario id: the money indicator's difference added up over the horizon. */
  readonly cumulative: ReadonlyMap<string, CumulativeDifference>;
  /** Per scenario id (baseline included): median own change of the headline indicator. */
  readonly ownChange: ReadonlyMap<string, number>;
}

/** Reads the headline numbers of a batch for an indicator and (optionally) a money indicator added up. */
export function headlineNumbers(summary: BatchSummary, indicator: string, money: string | undefined): HeadlineNumbers {
  const year = summary.years[summary.years.length - 1] ?? "";
  const final = new Map<string, PairedDifference>();
  const cumulative = new Map<string, CumulativeDifference>();
  for (const d of summary.paired) if (d.a === summary.baseline && d.indicator === indicator && d.year === year) final.set(d.b, d);
  if (money !== undefined) for (const c of summary.cumulative ?? []) if (c.a === summary.baseline && c.indicator === money) cumulative.set(c.b, c);
  const ownChange = new Map<string, number>();
  for (const c of summary.change) if (c.indicator === indicator) ownChange.set(c.scenario, c.change.p50);
  return { year, from: summary.years[0] ?? "", final, cumulative, ownChange };
}
