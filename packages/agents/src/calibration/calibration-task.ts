/**
 * The batch worker of backcasts and calibrations: a task's config is a scenario plus either fixed parameter
 * values (a calibration's proposal) or an ensemble to draw from by the run's seed, applied before the NHS
 * model's own `runTask` runs it.
 * @packageDocumentation
 */
import { parseInput } from "@ringfence/core";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { nhsWorkerModule, runTask as runNhsTask } from "../batch-task.js";
import { scenarioSchema, type ScenarioInput } from "../scenario.js";
import { setParams } from "../scenario-files/set-params.js";
import { applyEnsemble, type Ensemble } from "./ensemble.js";

/** The config of one calibration-task scenario. */
export interface CalibrationTaskConfig {
  /** The scenario to run. */
  readonly scenario: ScenarioInput;
  /** Parameter values to set (dotted path → value), as a calibration proposal. */
  readonly params?: Readonly<Record<string, number>>;
  /** An ensemble to draw each run's parameters from, by the run's seed. */
  readonly ensemble?: Pick<Ensemble, "parameters" | "particles">;
  /** Paths the ensemble must not replace. */
  readonly pinned?: readonly string[];
}

function isConfig(value: unknown): value is CalibrationTaskConfig {
  return typeof value === "object" && value !== null && "scenario" in value;
}

/** Runs one task: applies the config's parameters or ensemble draw to its scenario, then runs the NHS model. */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const config = task.scenario.config;
  if (!isConfig(config)) throw new TypeError(`calibration task ${task.scenario.id}: expected a config { scenario, params?, ensemble?, pinned? }`);
  let scenario = parseInput(scenarioSchema, config.scenario, `scenario ${task.scenario.id}`);
  if (config.params !== undefined) scenario = setParams(scenario, config.params);
  if (config.ensemble !== undefined) scenario = applyEnsemble(scenario, config.ensemble, task.seed, config.pinned ?? []);
  return runNhsTask({ ...task, scenario: { id: task.scenario.id, config: scenario } });
}

/**
 * The module batch workers import for calibration tasks: compiled when the NHS worker is (see
 * `nhsWorkerModule`), else this source file.
 */
export function calibrationWorkerModule(): URL {
  const nhs = nhsWorkerModule();
  return nhs.compiled ? new URL("./calibration/calibration-task.js", nhs.url) : new URL("./calibration-task.ts", import.meta.url);
}
