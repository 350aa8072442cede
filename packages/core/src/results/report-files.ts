/**
 * Writing the HTML report of a batch and its charts into a results folder (Node only).
 * @packageDocumentation
 */
import type { BatchSummary } from "../batch/types.js";
import { writeRenderedPage } from "./page-files.js";
import { renderReport, type ReportFiles, type ReportOptions } from "./report.js";

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
  return writeRenderedPage(dir, await renderReport(summary, options));
}

/** The one-page summary's rules: print on one A4 landscape page. */
