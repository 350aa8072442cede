/**
 * Vega-Lite chart specs of the report (fan charts, differences from the baseline, stacked flows) and their headless rendering to SVG.
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
export const CHART_CONFIG: Config = {
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
  /** Unit shown as the subtitle and y-axis title, saying whether money is real (first-year prices) or cash. */
  readonly unit: string;
  /** d3-format specifier of the y axis. */
  readonly format: string;
  /** Financial years in order (x axis). */
  readonly years: readonly string[];
  /** Scenario names in batch order (one panel each, coloured by position). */
  readonly scenarios: readonly string[];
  /** Colour of each scenario, aligned with `scenarios` (default: by position). */
  readonly colours?: readonly string[];
  /** Points to plot. */
  readonly points: readonly FanPoint[];
  /** Width of each panel's plot in px (default 440; about 250 reads at full size on a phone). */
  readonly width?: number;
}

/** Width of one panel of a fan chart and of the difference chart. */
const FAN_WIDTH = 440;

/** The x axis of financial years: labels turned when they would not fit side by side at about 50 px each. */
function yearAxis(years: readonly string[], width: number, title: string | null = "Financial year"): Record<string, unknown> {
  return { title, labelAngle: years.length * 50 > width ? -40 : 0, labelOverlap: false, grid: false };
}

/**
 * Split text into lines of at most `width` characters at spaces (a longer word keeps its own line), so a
 * long title or scenario name is shown whole instead of truncated.
 * @example
 * ```ts
 * wrapText("Integrated health organisation hosted by an acute trust", 30); // ["Integrated health organisation", "hosted by an acute trust"]
 * ```
 */
export function wrapText(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(/\s+/).filter((w) => w !== "")) {
    if (line === "") line = word;
    else if (line.length + 1 + word.length <= width) line += ` ${word}`;
    else {
      lines.push(line);
      line = word;
    }
  }
  if (line !== "" || lines.length === 0) lines.push(line);
  return lines;
}

/** A y domain covering every value, padded by 4% of the range (or ±1 around a constant). */
function paddedDomain(values: readonly number[]): [number, number] {
  const finite = values.filter(Number.isFinite);
  if (finite.length === 0) return [0, 1];
  const lo = Math.min(...finite);
  const hi = Math.max(...finite);
  const pad = hi > lo ? 0.04 * (hi - lo) : Math.max(Math.abs(lo) * 0.01, 1e-9);
  return [lo - pad, hi + pad];
}

/**
 * Vega-Lite spec of a fan chart as small multiples: one panel per scenario, stacked, sharing the y scale;
 * each with a light 5–95% band, a darker 25–75% band and a median line. Panels never overplot each other,
 * so scenarios with identical results stay visible.
 * @example
 * ```ts
 * const svg = await renderSvg(fanChartSpec({ title: "Cost", unit: "£, cash", format: "$,.0f", years, scenarios, points }));
 * ```
 */
export function fanChartSpec(input: FanChartInput): TopLevelSpec {
  const domain = paddedDomain(input.points.flatMap((p) => [p.p5, p.p95]));
  const last = input.scenarios.length - 1;
  const y = (field: string) => ({
    field,
    type: "quantitative",
    title: input.unit === "" ? null : input.unit,
    scale: { zero: false, nice: false, domain },
    axis: { format: input.format, tickCount: 4 },
  }) as const;
  const width = input.width ?? FAN_WIDTH;
  const panels = input.scenarios.map((name, i) => {
    const colour = input.colours?.[i] ?? scenarioColour(i);
    return {
      title: { text: wrapText(name, Math.round(width / 7.5)), fontSize: 13, fontWeight: 600, color: colour, subtitle: "" },
      width,
      height: 130,
      data: { values: input.points.filter((p) => p.scenario === name).map((p) => ({ ...p })) },
      encoding: {
        x: { field: "year", type: "ordinal", sort: [...input.years], axis: yearAxis(input.years, width, i === last ? "Financial year" : null) },
      },
      layer: [
        { mark: { type: "area", opacity: 0.16, color: colour, interpolate: "linear" }, encoding: { y: y("p5"), y2: { field: "p95" } } },
        { mark: { type: "area", opacity: 0.32, color: colour, interpolate: "linear" }, encoding: { y: y("p25"), y2: { field: "p75" } } },
        { mark: { type: "line", color: colour, strokeWidth: 2.2, point: { size: 22, filled: true, color: colour } }, encoding: { y: y("p50") } },
      ],
    };
  });
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(input.title, Math.round((width + 60) / 8.5)), subtitle: input.unit === "" ? "" : input.unit },
    vconcat: panels,
    spacing: 14,
    config: CHART_CONFIG,
  } as TopLevelSpec;
}

/** One point of a difference chart: a paired difference from the baseline in one year under one scenario. */
export interface DiffPoint {
  /** Scenario name shown in the legend. */
  readonly scenario: string;
  /** Financial year label. */
  readonly year: string;
  /** Mean difference. */
  readonly mean: number;
  /** Lower end of its 95% interval. */
  readonly low: number;
  /** Upper end of its 95% interval. */
  readonly high: number;
}

/** What a difference chart shows: title, unit, format, years, scenarios with their colours, the points. */
export interface DiffChartInput {
  /** Chart title. */
  readonly title: string;
  /** Unit of the differences (y-axis title), such as "£, first-year prices" or "percentage points". */
  readonly unit: string;
  /** d3-format specifier of the y axis. */
  readonly format: string;
  /** Financial years in order (x axis). */
  readonly years: readonly string[];
  /** Scenario names in legend order. */
  readonly scenarios: readonly string[];
  /** Colour of each scenario, aligned with `scenarios`. */
  readonly colours: readonly string[];
  /** Points to plot. */
  readonly points: readonly DiffPoint[];
  /** Width of the plot in px (default 440). */
  readonly width?: number;
}

/**
 * Vega-Lite spec of the paired difference from the baseline over the years: per scenario a line of the mean
 * difference with its 95% interval as a band, and a rule at zero (no difference).
 * @example
 * ```ts
 * const svg = await renderSvg(diffChartSpec({ title: "GP funding", unit: "£", format: "+,.2f", years, scenarios, colours, points }));
 * ```
 */
export function diffChartSpec(input: DiffChartInput): TopLevelSpec {
  const colour = {
    field: "scenario",
    type: "nominal",
    scale: { domain: [...input.scenarios], range: [...input.colours] },
    legend: { title: null, orient: "bottom", direction: "vertical", columns: 1, labelLimit: 2000, symbolType: "stroke", symbolStrokeWidth: 3, symbolOpacity: 1 },
  } as const;
  const domain = paddedDomain([0, ...input.points.flatMap((p) => [p.low, p.high])]);
  const y = (field: string) => ({
    field,
    type: "quantitative",
    title: input.unit === "" ? null : input.unit,
    scale: { zero: false, nice: false, domain },
    axis: { format: input.format, tickCount: 6 },
  }) as const;
  const width = input.width ?? FAN_WIDTH;
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(input.title, Math.round((width + 60) / 8.5)), subtitle: input.unit === "" ? "" : input.unit },
    width,
    height: 220,
    layer: [
      { data: { values: [{ zero: 0 }] }, mark: { type: "rule", color: "#555", strokeDash: [4, 3] }, encoding: { y: { field: "zero", type: "quantitative", scale: { domain } } } },
      {
        data: { values: input.points.map((p) => ({ ...p })) },
        encoding: {
          x: { field: "year", type: "ordinal", sort: [...input.years], axis: yearAxis(input.years, width) },
          color: colour,
        },
        layer: [
          { mark: { type: "area", opacity: 0.22, interpolate: "linear" }, encoding: { y: y("low"), y2: { field: "high" } } },
          { mark: { type: "line", strokeWidth: 2.2, point: { size: 22, filled: true } }, encoding: { y: y("mean") } },
        ],
      },
    ],
    config: CHART_CONFIG,
  } as TopLevelSpec;
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
  /** Colour of each series, aligned with `series` (default: the series palette by position). */
  readonly colours?: readonly string[];
  /** Panels per row (default: up to three) and each panel's width in px. */
  readonly columns?: number;
  /** Width of each panel in px. */
  readonly width?: number;
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

/** Colour of the flow series or money-flow group at `index` (the palette repeats after twelve). */
export function seriesColour(index: number): string {
  return SERIES_COLOURS[index % SERIES_COLOURS.length] ?? "#999999";
}

/**
 * Vega-Lite spec of the yearly mean flows: one stacked bar chart per scenario, sharing the y scale and legend.
 * @example
 * ```ts
 * const svg = await renderSvg(flowChartSpec({ unitTitle: "£m", format: ",.0f", years, scenarios, series, bars }));
 * ```
 */
export function flowChartSpec(input: FlowChartInput): TopLevelSpec {
  const columns = input.columns ?? Math.min(3, Math.max(1, input.scenarios.length));
  const width = input.width ?? (columns === 1 ? 640 : columns === 2 ? 480 : 315);
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
          scale: { domain: [...input.series], range: input.series.map((_, i) => input.colours?.[i] ?? SERIES_COLOURS[i % SERIES_COLOURS.length] ?? "#999999") },
          legend: { title: null, orient: "bottom", direction: "vertical", columns: 1, labelLimit: 2000 },
        },
        order: { field: "order", type: "quantitative", sort: "ascending" },
      },
    },
    resolve: { scale: { y: "shared" } },
    config: CHART_CONFIG,
  };
}

/** One bar segment of the "money lost, by destination" chart. */
export interface LossBar {
  /** Panel, such as "in 2034/35" or "added up, 2025/26–2034/35". */
  readonly panel: string;
  /** Scenario name (a row). */
  readonly scenario: string;
  /** Where the money went. */
  readonly destination: string;
  /** Amount in the chart's unit. */
  readonly amount: number;
}

/** What the "money lost, by destination" chart shows. */
export interface LossChartInput {
  /** Chart title. */
  readonly title: string;
  /** Axis title with the unit, such as "£m, cash". */
  readonly unit: string;
  /** Panels in order. */
  readonly panels: readonly string[];
  /** Scenario names in row order. */
  readonly scenarios: readonly string[];
  /** Destinations in stacking and legend order. */
  readonly destinations: readonly string[];
  /** Colour of each destination, aligned with `destinations`. */
  readonly colours: readonly string[];
  /** The bars. */
  readonly bars: readonly LossBar[];
  /** Width of each panel's plot in px. */
  readonly width: number;
  /** Panels per row. */
  readonly columns: number;
}

/**
 * Vega-Lite spec of money lost by destination: per panel (a year, or the horizon added up) one horizontal
 * stacked bar per scenario, each segment the money that ended up at one destination.
 * @example
 * ```ts
 * const svg = await renderSvg(lossChartSpec({ title, unit: "£m, cash", panels, scenarios, destinations, colours, bars, width: 300, columns: 2 }));
 * ```
 */
export function lossChartSpec(input: LossChartInput): TopLevelSpec {
  const order = new Map(input.destinations.map((d, i) => [d, i]));
  return {
    $schema: "https://vega.github.io/schema/vega-lite/v6.json",
    title: { text: wrapText(input.title, Math.round((input.width * input.columns + 120) / 8.5)), subtitle: input.unit },
    data: { values: input.bars.map((b) => ({ ...b, order: order.get(b.destination) ?? 0 })) },
    columns: input.columns,
    facet: { field: "panel", type: "nominal", sort: [...input.panels], title: null, header: { labelFontSize: 13 } },
    spec: {
      width: input.width,
      height: { step: 22 },
      mark: { type: "bar", stroke: "white", strokeWidth: 0.5 },
      encoding: {
        y: { field: "scenario", type: "nominal", sort: [...input.scenarios], title: null, axis: { labelLimit: 130, labelFontSize: 12 } },
        x: { field: "amount", type: "quantitative", aggregate: "sum", title: input.unit, axis: { format: ",.0f", tickCount: 4 } },
        color: {
          field: "destination",
          type: "nominal",
          scale: { domain: [...input.destinations], range: [...input.colours] },
          legend: { title: null, orient: "bottom", direction: "vertical", columns: 1, labelLimit: 2000 },
        },
        order: { field: "order", type: "quantitative", sort: "ascending" },
      },
    },
    resolve: { scale: { x: "independent" } },
    config: CHART_CONFIG,
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
