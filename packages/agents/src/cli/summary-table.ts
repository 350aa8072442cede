/**
 * The summary table a batch prints: per scenario, where an indicator ends against where it started.
 * @packageDocumentation
 */
import type { BatchSummary } from "@ringfence/core/batch";

const pad = (s: string, n: number, right = false) => (right ? s.padStart(n) : s.padEnd(n));

/**
 * Formats, per scenario: the indicator's median and 90% band in the final year against the start,
 * the probability of erosion (with its Wilson interval) and the practices lost (medians).
 */
export function formatSummaryTable(summary: BatchSummary, indicator: string, threshold: number): string {
  const first = summary.years[0] ?? "";
  const last = summary.years[summary.years.length - 1] ?? "";
  const header = ["scenario", `${first} median`, `${last} median`, `${last} 90% band`, "change", `P(fall > ${(threshold * 100).toFixed(0)}%)`, "practices lost"];
  const rows = summary.scenarios.map((id) => {
    const series = summary.indicators[id]?.[indicator] ?? [];
    const start = series[0];
    const end = series[series.length - 1];
    const erosion = summary.erosion.find((e) => e.scenario === id && e.indicator === indicator);
    const practices = summary.indicators[id]?.practicesOpen ?? [];
    const lost = practices.length > 0 ? practices[0]!.p50 - practices[practices.length - 1]!.p50 : Number.NaN;
    const money = (x: number | undefined) => (x === undefined ? "-" : `£${x.toFixed(2)}`);
    return [
      id,
      money(start?.p50),
      money(end?.p50),
      end === undefined ? "-" : `£${end.p5.toFixed(2)}–£${end.p95.toFixed(2)}`,
      start === undefined || end === undefined ? "-" : `${((100 * (end.p50 - start.p50)) / start.p50).toFixed(1)}%`,
      erosion === undefined ? "-" : `${(100 * erosion.probability).toFixed(0)}% (${(100 * erosion.low).toFixed(0)}–${(100 * erosion.high).toFixed(0)}%)`,
      Number.isNaN(lost) ? "-" : Math.round(lost).toLocaleString("en-GB"),
    ];
  });
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((r) => r[k]!.length)));
  const line = (cells: readonly string[]) => cells.map((c, k) => pad(c, widths[k]!, k > 0)).join("  ");
  return [`GP funding per weighted patient (start-year £), ${summary.runs} runs per scenario, seed ${summary.masterSeed}`, line(header), line(widths.map((w) => "-".repeat(w))), ...rows.map(line)].join("\n");
}
