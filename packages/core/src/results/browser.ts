/**
 * `@ringfence/core/results` in a browser: the report and its charts as functions of data (a summary in, HTML,
 * SVG, Vega-Lite specs and CSV text out), canonical JSON and the per-run table as CSV text. Writing files
 * (summary.json, CSV and Parquet tables, PNG charts) is in the Node entry only.
 * @packageDocumentation
 */

// Canonical JSON (the text of summary.json)
export { canonicalJson } from "./canonical-json.js";

// The tidy per-run tables, as rows and CSV text
export { FLOW_TABLE_COLUMNS, RUN_TABLE_COLUMNS, runTableCsv } from "./run-rows.js";
export type { FlowTableColumn, RunTableColumn } from "./run-rows.js";

// The page shell every report shares
export { CHARTS_DIR, PAGE_CSS, renderPage, REPORT_FILE } from "./page.js";
export type { PageOptions, RenderedPage, WrittenPage } from "./page.js";

// The HTML report of a batch, rendered in memory
export { renderReport, renderSummaryPage, REPORT_SECTIONS } from "./report.js";
export type {
  FlowSelection,
  HeadlineOptions,
  IndicatorDisplay,
  RenderedReport,
  ReportChart,
  ReportFiles,
  ReportOptions,
  ReportSection,
  ScenarioClaim,
  ScenarioDisplay,
} from "./report.js";

// The headline: a dot-and-interval chart of differences from the baseline and the takeaway sentence
export { headlineChartSpec, headlineNumbers, MEAN_LABEL, RUNS_LABEL, takeaway } from "./headline.js";
export type { HeadlineChartInput, HeadlineMeasure, HeadlineNumbers, HeadlinePoint, TakeawayGroup, TakeawayInput, TakeawayRow } from "./headline.js";

// Money-flow (Sankey) diagrams
export { buildSankeyNetwork, finalRecipients, renderSankey, RETURNED_SUFFIX } from "./sankey.js";
export type { FinalRecipient, SankeyDiagram, SankeyFlow, SankeyInput, SankeyLinkLayout, SankeyNetwork, SankeyNodeLayout } from "./sankey.js";

// Charts and formats, for callers drawing their own
export { CHART_CONFIG, diffChartSpec, fanChartSpec, flowChartSpec, lossChartSpec, renderSvg, SCENARIO_COLOURS, scenarioColour, seriesColour, wrapText } from "./charts.js";
export type { DiffChartInput, DiffPoint, FanChartInput, FanPoint, FlowBar, FlowChartInput, LossBar, LossChartInput } from "./charts.js";
export { escapeHtml, formatDifference, formatNumber, formatQuantity, formatSigned, isShare, UK_NUMBER_LOCALE } from "./format.js";
export type { QuantityFormat } from "./format.js";
