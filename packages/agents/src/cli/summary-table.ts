/**
 * The table a batch prints: per scenario, the headline indicator in the final year, its paired difference
 * from the baseline with a 95% interval, its change from the scenario's own start, and the chance it eroded.
 * @packageDocumentation
 */
import type { BatchSummary } from "@ringfence/core/batch";
import { formatDifference, formatQuantity, type QuantityFormat } from "@ringfence/core/results";

const pad = (s: string, n: number, right: boolean) => (right ? s.padStart(n) : s.padEnd(n));
const pct = (x: number, digits = 1) => `${x >= 0 ? "+" : "−"}${Math.abs(100 * x).toFixed(digits)}%`;
const money = (x: number) => `${x < 0 ? "−" : ""}£${Math.abs(x).toFixed(2)}`;
const signedMoney = (x: number) => `${x >= 0 ? "+" : "−"}£${Math.abs(x).toFixed(2)}`;

/** Lays out rows of cells as a plain-text table: the first column left-aligned, the others right-aligned. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => (r[k] ?? "").length)));
  const line = (cells: readonly string[]) =>
    cells
      .map((c, k) => pad(c, widths[k]!, k > 0))
      .join("  ")
      .trimEnd();
  return [line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}

/**
 * Formats the headline table of a batch for one indicator measured in pounds (the GP funding headline):
 * final-year mean, paired difference from the baseline as the mean with the 95% interval of the mean (and
 * relative), the money indicator's difference added up over the years when one is given, own-start change as
 * the median with the band holding 90% of runs, and the probability of erosion with its Wilson interval.
 * @example
 * ```ts
 * console.log(formatSummaryTable(summary, "gpFundingPerWeightedPatient", 0.02, "GP funding per weighted patient (£, base-year prices)", "gpFundingReal", "£m, base-year prices"));
 * ```
 */
export function formatSummaryTable(summary: BatchSummary, indicator: string, threshold: number, label: string, cumulative?: string, cumulativeUnit = "£m"): string {
  const last = summary.years[summary.years.length - 1] ?? "";
  const first = summary.years[0] ?? "";
  const millions = (x: number, signed: boolean) => `${x < 0 ? "−" : signed ? "+" : ""}£${Math.round(Math.abs(x)).toLocaleString("en-GB")}m`;
  const header = [
    "scenario",
    `${last} mean`,
    `vs ${summary.baseline}: mean`,
    "95% interval of the mean",
    "relative: mean (95% interval of the mean)",
    ...(cumulative === undefined ? [] : [`added up ${first}–${last}: mean`, "95% interval of the mean"]),
    "own change: median (90% of runs)",
    `P(fall > ${(threshold * 100).toFixed(0)}%) (95% interval)`,
    "runs",
  ];
  const rows = summary.scenarios.map((id) => {
    const series = summary.indicators[id]?.[indicator] ?? [];
    const end = series[series.length - 1];
    const paired = summary.paired.find((p) => p.b === id && p.indicator === indicator && p.year === last);
    const total = cumulative === undefined ? undefined : summary.cumulative.find((c) => c.b === id && c.indicator === cumulative);
    const change = summary.change.find((c) => c.scenario === id && c.indicator === indicator)?.change;
    const erosion = summary.erosion.find((e) => e.scenario === id && e.indicator === indicator);
    const isBase = id === summary.baseline;
    return [
      id,
      end === undefined ? "-" : money(end.mean),
      isBase ? "(baseline)" : paired === undefined ? "-" : signedMoney(paired.mean),
      isBase || paired === undefined ? "" : `${signedMoney(paired.ciLow)} to ${signedMoney(paired.ciHigh)}`,
      isBase || paired === undefined ? "" : `${pct(paired.relative.mean)} (${pct(paired.relative.ciLow)} to ${pct(paired.relative.ciHigh)})`,
      ...(cumulative === undefined ? [] : isBase || total === undefined ? ["", ""] : [millions(total.mean, true), `${millions(total.ciLow, true)} to ${millions(total.ciHigh, true)}`]),
      change === undefined ? "-" : `${pct(change.p50)} (${pct(change.p5)} to ${pct(change.p95)})`,
      erosion === undefined ? "-" : `${(100 * erosion.probability).toFixed(0)}% (${(100 * erosion.low).toFixed(0)}–${(100 * erosion.high).toFixed(0)}%)`,
      String(end?.n ?? 0),
    ];
  });
  return [`${label}, ${last}; seed ${summary.masterSeed}; paired differences run by run against ${summary.baseline}${cumulative === undefined ? "" : `; added up: ${cumulative} (${cumulativeUnit}) over every year`}`, formatTable(header, rows)].join("\n");
}

/**
 * Formats the table of any recorded indicator in its own unit and format (`--show`): final-year mean, paired
 * difference from the baseline (mean, 95% interval, relative), own-start change (median and 90% band) and the
 * runs counted; a scenario that does not record it shows dashes.
 * @example
 * ```ts
 * console.log(formatIndicatorTable(summary, "practicesOpen", { label: "Practices open", unit: "practices", format: ",.0f" }));
 * ```
 */
export function formatIndicatorTable(summary: BatchSummary, indicator: string, info: QuantityFormat & { readonly label: string }): string {
  const last = summary.years[summary.years.length - 1] ?? "";
  const header = ["scenario", `${last} mean`, `vs ${summary.baseline}`, "95% interval", "relative", "own change (90% band)", "runs"];
  const rows = summary.scenarios.map((id) => {
    const series = summary.indicators[id]?.[indicator] ?? [];
    const end = series[series.length - 1];
    const paired = summary.paired.find((p) => p.b === id && p.indicator === indicator && p.year === last);
    const change = summary.change.find((c) => c.scenario === id && c.indicator === indicator)?.change;
    const isBase = id === summary.baseline;
    return [
      id,
      end === undefined || end.n === 0 ? "-" : formatQuantity(info, end.mean),
      isBase ? "(baseline)" : paired === undefined ? "-" : formatDifference(info, paired.mean),
      isBase || paired === undefined ? "" : `${formatDifference(info, paired.ciLow)} to ${formatDifference(info, paired.ciHigh)}`,
      isBase || paired === undefined ? "" : `${pct(paired.relative.mean)} (${pct(paired.relative.ciLow)} to ${pct(paired.relative.ciHigh)})`,
      change === undefined ? "-" : `${pct(change.p50)} (${pct(change.p5)} to ${pct(change.p95)})`,
      String(end?.n ?? 0),
    ];
  });
  return [`${info.label} (${info.unit}), ${last}; paired differences run by run against ${summary.baseline}`, formatTable(header, rows)].join("\n");
}
