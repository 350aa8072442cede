/**
 * A Web Worker that draws the report's charts from a batch summary, with the report's own renderer
 * (`renderReport` of `@ringfence/core/results`: the same chart functions, palette and labels as the HTML
 * reports), so Vega never runs on the page's thread. Loaded on first use, with the chart libraries.
 * @packageDocumentation
 */
import type { BatchSummary } from "@ringfence/core/batch";
import { renderReport, type ReportChart, type ReportOptions } from "@ringfence/core/results";
import * as Comlink from "comlink";

/** What a drawing returns: the charts, and the report's takeaway sentence. */
export interface Drawn {
  /** The charts drawn, in report order. */
  readonly charts: readonly ReportChart[];
  /** The takeaway sentence the report opens with, as escaped HTML, generated from the numbers (empty without the answer section). */
  readonly takeawayHtml: string;
  /** Milliseconds the drawing took. */
  readonly ms: number;
}

/** The takeaway as the report's page has it (escaped HTML inside its `<h2 class="takeaway">`; the page decodes it). */
function takeawayOf(html: string): string {
  const start = html.indexOf('<h2 class="takeaway">');
  if (start < 0) return "";
  const from = start + '<h2 class="takeaway">'.length;
  return html.slice(from, html.indexOf("</h2>", from));
}

const api = {
  /** Resolves once the worker has loaded (with the chart libraries): started when a batch starts, so the first chart does not wait for it. */
  warm(): boolean {
    return true;
  },

  /** Draws the report's charts of `summary` with `options` (its `sections` choose which). */
  async draw(summary: BatchSummary, options: ReportOptions): Promise<Drawn> {
    const t0 = performance.now();
    const { html, charts } = await renderReport(summary, options);
    return { charts, takeawayHtml: takeawayOf(html), ms: performance.now() - t0 };
  },
};

/** The chart worker's interface, as the page sees it through comlink. */
export type ChartWorkerApi = typeof api;

Comlink.expose(api);
