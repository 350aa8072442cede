/**
 * Vega-Lite chart specs of the report (fan charts, stacked flows) and their headless rendering to SVG.
 * @packageDocumentation
 */
import { parse, View } from "vega";
import { compile, type Config, type TopLevelSpec } from "vega-lite";
import { UK_NUMBER_LOCALE } from "./format.js";

/** Colour-blind-safe scenario colours (Okabe–Ito order, yellow left out for contrast on white). */
export const SCENARIO_COLOURS: readonly string[] = [
  "#0072B2",
  "#D55E00",
  "#009E73",
  "#CC79A7",
  "#E69F00",
  "#56B4E9",
  "#555555",
  "#8C564B",
];

/** Colour of the scenario at `index` in batch order (the palette repeats after eight). */
export function scenarioColour(index: number): string {
  return SCENARIO_COLOURS[index % SCENARIO_COLOURS.length] ?? "#555555";
}

const FONT = "'DejaVu Sans', 'Segoe UI', Helvetica, Arial, sans-serif";

/** Shared look of every chart: fonts, light grid, no frame, the UK number locale. */
const CONFIG: Config = {
  font: FONT,
  background: "white",
  padding: 8,
  view: { stroke: null },
  title: { anchor: "start", fontSize: 15, fontWeight: 600, subtitleFontSize: 12, subtitleColor: "#555", offset: 10 },
  axis: {
    labelFontSize: 11,
    titleFontSize: 12,
    titleFontWeight: 500,
    titleColor: "#333",
    labelColor: "#333",
    gridColor: "#e6e6e6",
    domainColor: "#888",
    tickColor: "#888",
  },
  legend: { labelFontSize: 12, titleFontSize: 12, symbolSize: 140, labelLimit: 420 },
  header: { labelFontSize: 13, labelFontWeight: 600, labelAnchor: "start", labelColor: "#222" },
  locale: {
    number: {
      ...UK_NUMBER_LOCALE,
      grouping: [...UK_NUMBER_LOCALE.grouping],
      currency: [...UK_NUMBER_LOCALE.currency],
    },
  },
};

/** One point of a fan chart: quantiles of one indicator in one year under one scenario. */
export interface FanPoint {
  /** Scenario name shown in the legend. */
  readonly scenario: string;
  /** Financial year label. */
  readonly year: string;
  /** 5th percentile. */
  readonly p5: number;
  /** 25th percentile. */
  readonly p25: number;
  /** Median. */
  readonly p50: number;
  /** 75th percentile. */
  readonly p75: number;
  /** 95th percentile. */
  readonly p95: number;
}

/** What a fan chart shows: a title, its unit and value format, years and scenarios in order, the points. */
export interface FanChartInput {
  /** Chart title (the indicator's label). */
  readonly title: string;
  /** Unit shown as the subtitle and y-axis title. */
  readonly unit: string;
  /** d3-format specifier of the y axis. */
  readonly format: string;
  /** Financial years in order (x axis). */
  readonly years: readonly string[];
  /** Scenario names in batch order (legend and colours). */
  readonly scenarios: readonly string[];
  /** Points to plot. */
  readonly points: readonly FanPoint[];
}

/** The x axis of financial years: labels turned when they would not fit side by side at about 50 px each. */
const FAN_WIDTH = 440;

function yearAxis(years: readonly string[], width: number): Record<string, unknown> {
  return { title: "Financial year", labelAngle: years.length * 50 > width ? -40 : 0, labelOverlap: false, grid: false };
}

/**
 * Vega-Lite spec of a fan chart: per scenario a light 5–95% band, a darker 25–75% band and a median line.
 * @example
 * ```ts
 * const svg = await renderSvg(fanChartSpec({ title: "Cost", unit: "£", format: "$,.0f", years, scenarios, points }));
 * ```
 */
export function fanChartSpec(input: FanChartInput): TopLevelSpec {
  const colour = {
    field: "scenario",
    type: "nominal",
    scale: { domain: [...input.scenarios], range: input.scenarios.map((_, i) => scenarioColour(i)) },
    legend: {
      title: null,
      orient: "bottom",
      direction: "vertical",
      // Two columns of at most 235 px each keep the chart as wide as its plot, however many scenarios.
      columns: 2,
      labelLimit: 235,
      symbolType: "stroke",
      symbolStrokeWidth: 3,
      symbolOpacity: 1,
      symbolSize: 260,
    },
  } as const;
  const y = (field: string) => ({
    field,
    type: "quantitative",
    title: null,
    scale: { zero: false, nice: true },
    axis: { format: input.format, tickCount: 6 },
  }) as const;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: input.title, subtitle: input.unit },
    width: FAN_WIDTH,
    height: 240,
    data: { values: input.points.map((p) => ({ ...p })) },
    encoding: {
      x: { field: "year", type: "ordinal", sort: [...input.years], axis: yearAxis(input.years, FAN_WIDTH) },
      color: colour,
    },
    layer: [
      { mark: { type: "area", opacity: 0.13, interpolate: "linear" }, encoding: { y: y("p5"), y2: { field: "p95" } } },
      { mark: { type: "area", opacity: 0.26, interpolate: "linear" }, encoding: { y: y("p25"), y2: { field: "p75" } } },
      { mark: { type: "line", strokeWidth: 2.2, point: { size: 22, filled: true } }, encoding: { y: y("p50") } },
    ],
    config: CONFIG,
  };
}

/** One bar segment of the flows chart: the mean amount of one flow series in one year under one scenario. */
export interface FlowBar {
  /** Scenario name (one panel per scenario). */
  readonly scenario: string;
  /** Financial year label. */
  readonly year: string;
  /** Flow series name, such as "ICB → practices · core contract". */
  readonly series: string;
  /** Amount in the chart's unit. */
  readonly amount: number;
}

/** What the flows chart shows: unit, years, scenario panels and series in order, and the bars. */
export interface FlowChartInput {
  /** Y-axis title, such as "Mean per year (£m)". */
  readonly unitTitle: string;
  /** d3-format specifier of the y axis. */
  readonly format: string;
  /** Financial years in order. */
  readonly years: readonly string[];
  /** Scenario names in panel order. */
  readonly scenarios: readonly string[];
  /** Series names in stacking and legend order. */
  readonly series: readonly string[];
  /** Bars to draw. */
  readonly bars: readonly FlowBar[];
}

const SERIES_COLOURS = [
  "#4E79A7",
  "#F28E2B",
  "#59A14F",
  "#E15759",
  "#76B7B2",
  "#EDC948",
  "#B07AA1",
  "#FF9DA7",
  "#9C755F",
  "#BAB0AC",
  "#1F77B4",
  "#2CA02C",
];

/**
 * Vega-Lite spec of the yearly mean flows: one stacked bar chart per scenario, sharing the y scale and legend.
 * @example
 * ```ts
 * const svg = await renderSvg(flowChartSpec({ unitTitle: "£m", format: ",.0f", years, scenarios, series, bars }));
 * ```
 */
export function flowChartSpec(input: FlowChartInput): TopLevelSpec {
  const columns = Math.min(3, Math.max(1, input.scenarios.length));
  const width = columns === 1 ? 640 : columns === 2 ? 480 : 315;
  const order = new Map(input.series.map((s, i) => [s, i]));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    data: { values: input.bars.map((b) => ({ ...b, order: order.get(b.series) ?? 0 })) },
    columns,
    facet: { field: "scenario", type: "nominal", sort: [...input.scenarios], title: null },
    spec: {
      width,
      height: 220,
      mark: { type: "bar", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        x: { field: "year", type: "ordinal", sort: [...input.years], axis: yearAxis(input.years, width) },
        y: {
          field: "amount",
          type: "quantitative",
          aggregate: "sum",
          title: input.unitTitle,
          axis: { format: input.format, tickCount: 6 },
        },
        color: {
          field: "series",
          type: "nominal",
          scale: { domain: [...input.series], range: input.series.map((_, i) => SERIES_COLOURS[i % SERIES_COLOURS.length] ?? "#999999") },
          legend: { title: null, orient: "bottom", direction: "vertical", columns: 2 },
        },
        order: { field: "order", type: "quantitative", sort: "ascending" },
      },
    },
    resolve: { scale: { y: "shared" } },
    config: CONFIG,
  };
}

/**
 * Compile a Vega-Lite spec to Vega and render it headless to an SVG string.
 * @remarks No canvas or browser is needed; text widths are estimated. Data must be inline: nothing is fetched.
 * @example
 * ```ts
 * const svg = await renderSvg(spec); // "<svg xmlns=…"
 * ```
 */
export async function renderSvg(spec: TopLevelSpec): Promise<string> {
  const view = new View(parse(compile(spec).spec), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
