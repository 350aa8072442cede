/**
 * What an experiment returns and writes (the types `runExperiment` and `writeExperiment` share): its scenarios,
 * design, outcomes, analysis, failures, provenance and files.
 * @packageDocumentation
 */
import type { ExperimentAnalysis, ExperimentOutcomes } from "./analyse.js";
import type { ExperimentDesign } from "./design.js";
import type { Experiment } from "./experiment-schema.js";
import type { IndicatorInfo } from "../indicators.js";

/** An experiment's scenario, as the results name it. */
export interface ExperimentScenarioInfo {
  /** Its id (baseline first). */
  readonly id: string;
  /** The preset id or file path the experiment names. */
  readonly source: string;
  /** Its title. */
  readonly title: string;
}

/** A run that threw, enough to replay it. */
export interface ExperimentFailure {
  /** Batch scenario id, such as `iho-acute@p17`. */
  readonly scenario: string;
  /** Run index. */
  readonly run: number;
  /** Run seed. */
  readonly seed: string;
  /** The error message. */
  readonly message: string;
}

/** Where the results came from: enough to replay them. */
export interface ExperimentProvenance {
  /** Package and version that ran the experiment, such as `@ringfence/agents@0.1.0`. */
  readonly producer: string;
  /** Master seed: run i has seed `<seed>:<i>` at every point and in every scenario. */
  readonly seed: string;
  /** Runs in the batch. */
  readonly totalRuns: number;
  /** The validated experiment. */
  readonly experiment: Experiment;
}

/** What {@link runExperiment} returns. */
export interface ExperimentResult {
  /** The validated experiment. */
  readonly experiment: Experiment;
  /** Its scenarios as loaded, the baseline first. */
  readonly scenarios: readonly ExperimentScenarioInfo[];
  /** How to show the outcome indicator (a built-in one's, or the plugin's that defines it). */
  readonly outcomeInfo: IndicatorInfo;
  /** The design points. */
  readonly design: ExperimentDesign;
  /** The outcome of every (point, scenario, run). */
  readonly outcomes: ExperimentOutcomes;
  /** Sensitivity measures and scenario discovery. */
  readonly analysis: ExperimentAnalysis;
  /** Runs that threw (their outcomes are NaN). */
  readonly failures: readonly ExperimentFailure[];
  /** Replay information. */
  readonly provenance: ExperimentProvenance;
  /** Files written, when `out` was given. */
  readonly files?: ExperimentFiles;
}

/** Paths written by {@link writeExperiment}. */
export interface ExperimentFiles {
  /** The results folder. */
  readonly dir: string;
  /** experiment.json. */
  readonly json: string;
  /** runs.csv. */
  readonly csv: string;
  /** runs.parquet. */
  readonly parquet: string;
  /** report.html. */
  readonly report: string;
  /** Chart SVG files. */
  readonly charts: readonly string[];
}
