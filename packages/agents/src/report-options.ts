/**
 * How a batch of NHS scenarios is reported: the indicators charted, the headline, the words for the
 * population and the price base, and each scenario's name, colour, claims and assumptions. The CLI's reports
 * and the browser explorer draw from the same options, so they show the same charts with the same labels.
 * Pure: plain data in, `ReportOptions` out.
 * @packageDocumentation
 */
import type { ReportOptions } from "@ringfence/core/results";
import { INDICATORS, type IndicatorInfo } from "./indicators.js";
import { GP_REACHED, GROUP_COLOURS, GROUP_LABELS, scenarioColourOf } from "./palette.js";
import { GP_FUND, HEADLINE_INDICATOR } from "./run-record.js";
import { runStartYear, type PopulationSize, type Scenario } from "./scenario.js";

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

/**
 * The report of a batch of scenarios (the first is the baseline): title, headline (general practice funding
 * per weighted patient, added up as real money), charts, price base, population, each scenario's display and
 * the money-flow labels and colours of the palette.
 * @param indicators Labels and units of the indicators (the built-ins by default; plugin indicators added).
 */
export function batchReportOptions(scenarios: readonly Scenario[], runs: number, indicators: Readonly<Record<string, IndicatorInfo>> = INDICATORS): ReportOptions {
  const first = scenarios[0];
  if (first === undefined) throw new RangeError("batchReportOptions: expected at least one scenario");
  const ids = scenarios.map((x) => x.id);
  return {
    title: scenarios.length > 1 ? "Ringfence: general practice funding under each governance arrangement" : `Ringfence: ${first.title}`,
    intro: `${runs} runs per scenario with the same run seeds, so differences are paired run by run.`,
    indicators,
    charts: [...CHARTED, ...first.indicators],
    keyIndicators: [...KEY_INDICATORS],
    headline: { indicator: HEADLINE_INDICATOR, phrase: "general practice funding per weighted patient", secondary: "practicesOpen", secondaryPhrase: "practices open", cumulative: "gpFundingReal" },
    priceBasis: `real £ are in ${baseYearLabel(first)} prices (GDP deflator); flows are cash`,
    population: POPULATION_WORDS[first.population.size],
    scenarios: Object.fromEntries(
      scenarios.map((s) => [s.id, { label: s.title, short: s.id, colour: scenarioColourOf(s.id, ids), description: s.description, claims: s.claims.map((c) => ({ quote: c.quote, source: c.seed })), assumptions: s.assumptions }]),
    ),
    flows: {
      maxSeries: 10,
      labels: { ...GROUP_LABELS, [GP_FUND]: "GP lines", "money-in": "GP money put into the lines" },
      colours: GROUP_COLOURS,
      reached: GP_REACHED,
      moneyPhrase: "general practice money",
    },
    sourcesUrl: "docs/sources.md",
  };
}
