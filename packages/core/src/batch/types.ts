/**
 * Types shared by the Monte Carlo batch runner and the results writers.
 * @packageDocumentation
 */
import type { Seed } from "../random.js";

/** A scenario of a batch: an id and a structured-cloneable config the worker understands. */
export interface BatchScenario {
  /** Scenario id, unique in the batch (used in file names and tables). */
  readonly id: string;
  /** Config passed to the worker's `runTask` unchanged. */
  readonly config: unknown;
}

/** One unit of work: run `run` of `scenario`, seeded with `seed`. */
export interface RunTask {
  /** The scenario to run. */
  readonly scenario: BatchScenario;
  /** Run index in the batch, from 0. */
  readonly run: number;
  /** Seed of this run, derived from (master seed, run) and the same in every scenario. */
  readonly seed: string;
  /** Financial years to run. */
  readonly years: number;
}

/** One pence flow between two groups under one funding stream, in a financial year. */
export interface FlowRecord {
  /** Financial year label. */
  readonly year: string;
  /** Group the money left. */
  readonly from: string;
  /** Group the money reached. */
  readonly to: string;
  /** Funding stream. */
  readonly fund: string;
  /** Pence moved. */
  readonly pence: number;
}

/** What one run reports back to the batch: yearly indicator values and the flows the caller wants kept. */
export interface RunRecord {
  /** Scenario id. */
  readonly scenario: string;
  /** Run index. */
  readonly run: number;
  /** Run seed. */
  readonly seed: string;
  /** Financial year labels, one per recorded year. */
  readonly years: readonly string[];
  /** Indicator id → one value per year; null (NaN before the JSON round trip) where it does not apply. */
  readonly indicators: Readonly<Record<string, readonly (number | null)[]>>;
  /** Flows to summarise (for example only general practice money); may be empty. */
  readonly flows: readonly FlowRecord[];
  /** Per-area yearly series the caller asked for (a model's areas, such as health systems); absent otherwise. */
  readonly areas?: AreaSeries;
}

/** Yearly series per area of one run: `series[measure][year × areas + area]`, years as the record's. */
export interface AreaSeries {
  /** Codes of the areas, in the order the series index them. */
  readonly codes: readonly string[];
  /** Values per measure, year-major; null (NaN before the JSON round trip) where an area has none. */
  readonly series: Readonly<Record<string, readonly (number | null)[]>>;
}

/** Statistics of one indicator in one year across the runs of one scenario. */
export interface YearStats {
  /** Financial year label. */
  readonly year: string;
  /** Runs counted. */
  readonly n: number;
  /** Mean. */
  readonly mean: number;
  /** Lower end of the 95% confidence interval of the mean. */
  readonly ciLow: number;
  /** Upper end of the 95% confidence interval of the mean. */
  readonly ciHigh: number;
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

/** How to judge erosion: an indicator at the horizon below its start-year value by more than `threshold`. */
export interface ErosionRule {
  /** Indicator id. */
  readonly indicator: string;
  /** Relative fall that counts as erosion, such as 0.05 for more than 5% below the start. */
  readonly threshold: number;
}

/** Probability of erosion under one scenario, with a 95% Wilson interval. */
export interface ErosionResult {
  /** Scenario id. */
  readonly scenario: string;
  /** Indicator id. */
  readonly indicator: string;
  /** Relative fall counted as erosion. */
  readonly threshold: number;
  /** Runs counted. */
  readonly n: number;
  /** Runs that eroded. */
  readonly eroded: number;
  /** eroded / n. */
  readonly probability: number;
  /** Wilson interval lower bound. */
  readonly low: number;
  /** Wilson interval upper bound. */
  readonly high: number;
}

/** Distribution of a quantity across runs: mean with its 95% interval, and percentiles. */
export interface Spread {
  /** Runs counted. */
  readonly n: number;
  /** Mean. */
  readonly mean: number;
  /** Lower end of the 95% confidence interval of the mean. */
  readonly ciLow: number;
  /** Upper end of the 95% confidence interval of the mean. */
  readonly ciHigh: number;
  /** 5th percentile. */
  readonly p5: number;
  /** Median. */
  readonly p50: number;
  /** 95th percentile. */
  readonly p95: number;
}

/**
 * Paired difference of an indicator in one year between a scenario and the baseline (run by run, the same
 * run seed in both): b − a in the indicator's unit, and b / a − 1.
 */
export interface PairedDifference {
  /** Baseline scenario id. */
  readonly a: string;
  /** Compared scenario id. */
  readonly b: string;
  /** Indicator id. */
  readonly indicator: string;
  /** Financial year label. */
  readonly year: string;
  /** Pairs counted. */
  readonly n: number;
  /** Mean of (b − a). */
  readonly mean: number;
  /** Lower end of the 95% interval of the mean of (b − a). */
  readonly ciLow: number;
  /** Upper end of the 95% interval of the mean of (b − a). */
  readonly ciHigh: number;
  /** Percentiles of (b − a) across runs. */
  readonly p5: number;
  /** Median of (b − a). */
  readonly p50: number;
  /** 95th percentile of (b − a). */
  readonly p95: number;
  /** The same for b / a − 1 (pairs where a ≠ 0). */
  readonly relative: Spread;
}

/**
 * Paired difference of an indicator added up over every year of the horizon, run by run (the same run seed in
 * both): Σ_years b − Σ_years a in the indicator's unit, and Σ b / Σ a − 1. For a yearly amount (£m a year)
 * it is the money gained or lost over the horizon; for a rate per patient, the rate summed over the years.
 */
export interface CumulativeDifference {
  /** Baseline scenario id. */
  readonly a: string;
  /** Compared scenario id. */
  readonly b: string;
  /** Indicator id. */
  readonly indicator: string;
  /** First financial year added. */
  readonly from: string;
  /** Last financial year added. */
  readonly to: string;
  /** Pairs counted (runs with a finite value in every year under both scenarios). */
  readonly n: number;
  /** Mean of (Σ b − Σ a). */
  readonly mean: number;
  /** Lower end of the 95% interval of the mean. */
  readonly ciLow: number;
  /** Upper end of the 95% interval of the mean. */
  readonly ciHigh: number;
  /** 5th percentile of (Σ b − Σ a) across runs. */
  readonly p5: number;
  /** Median of (Σ b − Σ a) across runs. */
  readonly p50: number;
  /** 95th percentile of (Σ b − Σ a) across runs. */
  readonly p95: number;
  /** The same for Σ b / Σ a − 1 (pairs where Σ a ≠ 0). */
  readonly relative: Spread;
}

/** Change of an indicator from the first to the final year within each run (final / first − 1). */
export interface OwnChange {
  /** Scenario id. */
  readonly scenario: string;
  /** Indicator id. */
  readonly indicator: string;
  /** The change across runs. */
  readonly change: Spread;
}

/** Mean yearly flow of one (from, to, fund) under one scenario. */
export interface FlowSummary {
  /** Scenario id. */
  readonly scenario: string;
  /** Financial year label. */
  readonly year: string;
  /** Group the money left. */
  readonly from: string;
  /** Group the money reached. */
  readonly to: string;
  /** Funding stream. */
  readonly fund: string;
  /** Mean pence across runs. */
  readonly meanPence: number;
}

/** A run that threw: enough to replay it alone. */
export interface RunFailure {
  /** Scenario id. */
  readonly scenario: string;
  /** Run index. */
  readonly run: number;
  /** Seed of the run. */
  readonly seed: string;
  /** The error message. */
  readonly message: string;
  /** The stack trace (kept in the journal; the summary leaves it out, being machine-specific). */
  readonly stack?: string;
}

/** What makes a batch replayable. */
export interface BatchManifest {
  /** Name and version of the package that ran the batch, such as `@ringfence/agents@0.1.0`. */
  readonly producer: string;
  /** Master seed. */
  readonly masterSeed: string;
  /** Hash of each scenario's config (sha256 of its canonical JSON), by scenario id. */
  readonly scenarioHashes: Readonly<Record<string, string>>;
  /** How quantiles were computed and their error, in words. */
  readonly quantileMethod: string;
}

/** The streamed summary of a batch; everything in it is a pure function of (scenarios, runs, seed, years). */
export interface BatchSummary {
  /** Scenario ids in batch order. */
  readonly scenarios: readonly string[];
  /** Runs per scenario asked for. */
  readonly runs: number;
  /** Master seed. */
  readonly masterSeed: string;
  /** Financial year labels. */
  readonly years: readonly string[];
  /** scenario → indicator → statistics per year. */
  readonly indicators: Readonly<Record<string, Readonly<Record<string, readonly YearStats[]>>>>;
  /** Erosion probabilities per scenario and rule. */
  readonly erosion: readonly ErosionResult[];
  /** The baseline scenario paired differences are taken against (the first). */
  readonly baseline: string;
  /** Paired differences of each compared scenario against the baseline, per indicator and year. */
  readonly paired: readonly PairedDifference[];
  /** Paired differences against the baseline added up over the horizon, per compared scenario and indicator. */
  readonly cumulative: readonly CumulativeDifference[];
  /** Each scenario's change from its own first year to its final year, per indicator. */
  readonly change: readonly OwnChange[];
  /** Mean flows per scenario and year. */
  readonly flows: readonly FlowSummary[];
  /** Runs that threw. */
  readonly failures: readonly RunFailure[];
  /** Replay information. */
  readonly manifest: BatchManifest;
}

/** Progress of a batch, reported after each finished run. */
export interface BatchProgress {
  /** Runs finished (including those resumed from the journal). */
  readonly done: number;
  /** Runs in the batch. */
  readonly total: number;
  /** Runs per second over this session's most recent runs (the last quarter, at least eight). */
  readonly runsPerSecond: number;
  /** Estimated seconds left at that recent rate. */
  readonly secondsLeft: number;
}

/** Seed type re-exported for batch options. */
export type BatchSeed = Seed;
