/**
 * `@ringfence/core/results`: files and the HTML report of a batch (summary.json, the tidy per-run table as
 * CSV and Parquet, a self-contained report with Vega-Lite charts and money-flow diagrams). Kept out of the main entry so workers,
 * which import `@ringfence/core`, start without loading the chart and file libraries.
 * @packageDocumentation
 */

// Atomic files
export { writeFileAtomic } from "./atomic.js";

// summary.json
export { canonicalJson } from "./canonical-json.js";
export { SUMMARY_FILE, writeSummaryJson } from "./summary-json.js";

// The tidy per-run table
export { runTableCsv } from "./run-rows.js";
export { createRunTableWriter, FLOW_TABLE_COLUMNS, FLOW_TABLE_CSV, FLOW_TABLE_META, FLOW_TABLE_PARQUET, RUN_TABLE_COLUMNS, RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET, TABLE_FORMAT, TABLE_METADATA_PREFIX } from "./run-table.js";
export type { FlowTableColumn, IndicatorUnit, RunTableColumn, RunTableFiles, RunTableMetadata, RunTableOptions, RunTableWriter, TableFiles, TableSidecar } from "./run-table.js";

// The page shell every report shares
export { CHARTS_DIR, PAGE_CSS, renderPage, REPORT_FILE } from "./page.js";
export { svgToPng, writeRenderedPage } from "./page-files.js";
export type { PageOptions, RenderedPage, WrittenPage } from "./page.js";

// The HTML report of a batch
export { renderReport, renderSummaryPage, REPORT_SECTIONS } from "./report.js";
export { writeReport } from "./report-files.js";
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

// Experiments: the wide per-run table and the report (sensitivity charts, PRIM trade-off)
export { writeWideTable } from "./explore-table.js";
export type { WideColumn, WideTableFiles, WideTableOptions } from "./explore-table.js";
export { boxLimitsChartSpec, histogramChartSpec, morrisChartSpec, pairsChartSpec, primChartSpec, renderExploreReport, sobolChartSpec, tornadoChartSpec, writeExploreReport } from "./explore-report.js";
export type {
  ExploreBox,
  ExploreChart,
  ExploreCorrelation,
  ExploreDiscovery,
  ExploreFactor,
  ExploreInterval,
  ExploreLimit,
  ExploreMorris,
  ExploreReportFiles,
  ExploreReportInput,
  ExploreSobol,
  ExploreTarget,
  RenderedExploreReport,
} from "./explore-report.js";
