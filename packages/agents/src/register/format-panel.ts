/**
 * The per-ICB check as plain text for a terminal: coverage per measure in fit and reserved years, the
 * national series, and the cross-ICB correlations.
 * @packageDocumentation
 */
import { financialYearLabel } from "@ringfence/core";
import type { ChangeCorrelation, Coverage, MeasureSummary, PanelComparison } from "./compare.js";
import type { PanelMeasure } from "../icb-panel.js";
import { PANEL_MEASURE_INFO } from "./panel.js";
import { FIT_THROUGH_YEAR } from "./split.js";

const DECIMALS: Readonly<Record<PanelMeasure, number>> = {
  practices: 0,
  registered_patients: 0,
  average_list: 0,
  payments_per_patient_total: 2,
  payments_per_patient_core: 2,
  payments_per_patient_qof: 2,
  payments_per_patient_pcn: 2,
  practices_closed_or_merged: 0,
  gp_fte: 0,
  patients_per_gp_fte: 0,
};

/** A number with a fixed count of decimals and commas between thousands (`1234567.891, 2` → `1,234,567.89`). */
export function formatGrouped(value: number, decimals: number): string {
  const fixed = Math.abs(value).toFixed(decimals);
  const [whole, fraction] = fixed.split(".") as [string, string | undefined];
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  const sign = value < 0 && Number(fixed) !== 0 ? "−" : "";
  return `${sign}${grouped}${fraction === undefined ? "" : `.${fraction}`}`;
}

function table(head: readonly string[], lines: readonly (readonly string[])[], rightFrom = 1): string[] {
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]?.length ?? 0)));
  const row = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (i >= rightFrom ? c.padStart(widths[i]!) : c.padEnd(widths[i]!)))
      .join("  ")
      .trimEnd();
  return [row(head), row(widths.map((w) => "-".repeat(w))), ...lines.map(row)];
}

function coverageCell(c: Coverage, withheld: boolean): string {
  if (withheld) return "withheld";
  if (c.share === null) return c.noModel > 0 ? `no model (${c.noModel})` : "–";
  const base = `${c.covered}/${c.points} ${(100 * c.share).toFixed(1)}%`;
  return c.noModel > 0 ? `${base} (+${c.noModel} no model)` : base;
}

function r(value: number | null): string {
  return value === null ? "–" : value.toFixed(2);
}

function change(c: ChangeCorrelation | undefined): string {
  return c === undefined ? "–" : `${r(c.r)} (${financialYearLabel(c.from)}→${financialYearLabel(c.to)}, n=${c.n})`;
}

/**
 * Formats a {@link PanelComparison} for a terminal: a heading, coverage of the 90% intervals per measure
 * (fit and reserved years), the national series (observed, model median and 90% band, every simulated
 * year), and the cross-ICB correlations of levels (per year) and changes (over each side's span).
 * @example
 * ```ts
 * console.log(formatPanelComparison(comparePanel(panel, model)));
 * ```
 */
export function formatPanelComparison(check: PanelComparison): string {
  const withheld = check.access === "fit";
  const first = check.years[0];
  const last = check.years.at(-1);
  const span = first === undefined || last === undefined ? "no years" : `${financialYearLabel(first)}–${financialYearLabel(last)}`;
  const out: string[] = [
    `Per-ICB check against the published register: ${check.icbCodes.length} ICBs, ${span}, ${check.runs} runs`,
    `Fit years up to ${financialYearLabel(FIT_THROUGH_YEAR)}; reserved years after it ${withheld ? "are withheld (fit-only panel)" : "are shown"}.`,
    "",
    "Coverage of the 90% intervals over ICB-year points",
    ...table(
      ["measure", "fit years", "reserved years"],
      check.measures.map((m) => [m.measure, coverageCell(m.coverage.fit, false), coverageCell(m.coverage.reserved, withheld)]),
    ),
    "",
    `${check.allIcbs ? "National series (sums over ICBs, ratios of sums)" : `Series over the ${check.icbCodes.length} simulated ICBs (sums, ratios of sums)`}: observed and model median with 90% band`,
  ];
  const nationalLines: string[][] = [];
  for (const m of check.measures) {
    const d = DECIMALS[m.measure];
    for (const p of m.national) {
      if (p.observed === null && p.modelMedian === null) continue;
      nationalLines.push([
        m.measure,
        financialYearLabel(p.year),
        p.split ?? "",
        p.observed === null ? "–" : formatGrouped(p.observed, d),
        p.modelMedian === null ? "–" : formatGrouped(p.modelMedian, d),
        p.modelP05 === null || p.modelP95 === null ? "–" : `${formatGrouped(p.modelP05, d)} to ${formatGrouped(p.modelP95, d)}`,
      ]);
    }
  }
  out.push(...table(["measure", "year", "split", "observed", "model median", "90% band"], nationalLines, 3), "");
  out.push("Cross-ICB correlation of model median and observed (Pearson r): levels per year; relative changes over each side's span");
  out.push(
    ...table(
      ["measure", "levels by year", "changes, fit", "changes, reserved"],
      check.measures.map((m: MeasureSummary) => [
        m.measure,
        m.levels.length === 0 ? "–" : m.levels.map((l) => `${financialYearLabel(l.year)} ${r(l.r)}`).join("  "),
        change(m.changes.find((c) => c.split === "fit")),
        withheld ? "withheld" : change(m.changes.find((c) => c.split === "reserved")),
      ]),
      4,
    ),
  );
  out.push("", `Units: ${check.measures.map((m) => `${m.measure} in ${PANEL_MEASURE_INFO[m.measure].unit}`).join("; ")}.`);
  return out.join("\n");
}
