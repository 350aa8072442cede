/**
 * How a batch of NHS scenarios is reported: the indicators charted, the headline, the words for the
 * population and the price base, and each scenario's name, colour, claims and assumptions. The CLI's reports
 * and the browser explorer draw from the same options, so they show the same charts with the same labels.
 * Pure: plain data in, `ReportOptions` out.
 * @packageDocumentation
 */
import type { BatchSummary } from "@ringfence/core/batch";
import type { ReportOptions } from "@ringfence/core/results";
import { INDICATORS, type IndicatorInfo } from "./indicators.js";
import { GP_REACHED, GROUP_COLOURS, GROUP_LABELS, scenarioColourOf } from "./palette.js";
import { GP_FUND, type FlowChoice } from "./batch-options.js";
import { HEADLINE_INDICATOR } from "./run-record.js";
import { GROWTH_PATH_LABELS, runStartYear, type GrowthPath, type PopulationSize, type Scenario } from "./scenario.js";

/** The indicators the report charts, in order. */
export const CHARTED = ["gpFundingPerWeightedPatient", "gpShareOfSpend", "practicesOpen", "patientsPerGpFte", "gpDiverted", "gpTopSliced", "acuteSurplusShare", "socialCareGap"] as const;

/** The indicators whose differences from the baseline the report charts and tabulates first. */
export const KEY_INDICATORS = ["gpFundingPerWeightedPatient", "gpShareOfSpend", "practicesOpen", "patientsPerGpFte"] as const;

/** Words for the population sizes, shown in the report. */
export const POPULATION_WORDS: Readonly<Record<PopulationSize, string>> = { england: "all of England", icb: "one integrated care board (about 1.5m patients)", toy: "a toy system for tests" };

/** The financial year real money is priced in: the year before a scenario that continues a history starts, else its first year. */
export function baseYearLabel(s: Scenario): string {
  const base = runStartYear(s) < s.startYear ? s.startYear - 1 : s.startYear;
  return `${base}/${String((base + 1) % 100).padStart(2, "0")}`;
}

/** What a report says beyond its scenarios: the flows the batch kept, and its batches when it ran one per growth path. */
export interface BatchReportExtras {
  /** Which money the batch's flow records follow (default {@link GP_FUND}: general practice money, counted as lost where it does not reach practices). */
  readonly flows?: FlowChoice;
  /** One batch per growth path, in order (the report's headline groups them when there are several). */
  readonly paths?: readonly { readonly path: GrowthPath; readonly summary: BatchSummary }[];
}

/**
 * The report of a batch of scenarios (the first is the baseline): title, headline (general practice funding
 * per weighted patient, added up as real money; grouped by growth path when there are several), charts, price
 * base, population, each scenario's display and the money-flow labels and colours of the palette.
 * @param indicators Labels and units of the indicators (the built-ins by default; plugin indicators added).
 */
export function batchReportOptions(scenarios: readonly Scenario[], runs: number, indicators: Readonly<Record<string, IndicatorInfo>> = INDICATORS, extras: BatchReportExtras = {}): ReportOptions {
  const first = scenarios[0];
  if (first === undefined) throw new RangeError("batchReportOptions: expected at least one scenario");
  const ids = scenarios.map((x) => x.id);
  const flows = extras.flows ?? GP_FUND;
  const paths = extras.paths ?? [];
  const several = paths.length > 1;
  return {
    title: scenarios.length > 1 ? "Ringfence: general practice funding under each governance arrangement" : `Ringfence: ${first.title}`,
    intro: `${runs} runs per scenario with the same run seeds, so differences are paired run by run${several ? `; one batch per growth path (${paths.map((r) => r.path).join(", ")}), the same seeds in each` : ""}.`,
    indicators,
    charts: [...CHARTED, ...new Set(scenarios.flatMap((sc) => sc.indicators))],
    keyIndicators: [...KEY_INDICATORS],
    headline: {
      indicator: HEADLINE_INDICATOR,
      phrase: "general practice funding per weighted patient",
      secondary: "practicesOpen",
      secondaryPhrase: "practices open",
      cumulative: "gpFundingReal",
      ...(several ? { groups: paths.map((r) => ({ label: GROWTH_PATH_LABELS[r.path], summary: r.summary })) } : {}),
    },
    priceBasis: `real £ are in ${baseYearLabel(first)} prices (GDP deflator); flows are cash`,
    population: POPULATION_WORDS[first.population.size],
    scenarios: Object.fromEntries(
      scenarios.map((s) => [s.id, { label: s.title, short: s.id, colour: scenarioColourOf(s.id, ids), description: s.description, claims: s.claims.map((c) => ({ quote: c.quote, source: c.seed })), assumptions: s.assumptions }]),
    ),
    // General practice money by default, counted as lost where it does not reach practices; with --flows all
    // or one fund, that money followed wherever it goes (no fund has one goal, so nothing is called lost).
    flows:
      flows === GP_FUND
        ? { maxSeries: 10, labels: { ...GROUP_LABELS, [GP_FUND]: "GP lines", "money-in": "GP money put into the lines" }, colours: GROUP_COLOURS, reached: GP_REACHED, moneyPhrase: "general practice money" }
        : { maxSeries: 10, labels: { ...GROUP_LABELS, [GP_FUND]: "GP lines", "money-in": "Money put in" }, colours: GROUP_COLOURS, moneyPhrase: flows === "all" ? "the money of every fund" : `${flows} money` },
    sourcesUrl: "docs/sources.md",
  };
}
