/**
 * The batch worker of backcasts and calibrations: a task's config is a scenario plus either fixed parameter
 * values (a calibration's proposal) or an ensemble to draw from by the run's seed, applied before the NHS
 * model's own `runTask` runs it.
 * @packageDocumentation
 */
import { ConfigError, parseInput } from "@ringfence/core";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { z } from "zod";
import { nhsWorkerModule, runTask as runNhsTask } from "../batch-task.js";
import type { Scenario, ScenarioInput } from "../scenario.js";
import { setParams } from "../scenario-files/set-params.js";
import { admitScenarioAndPlugins, threadPluginRule, TaskRefused, type PluginRule } from "../task-trust.js";
import { applyEnsemble, ensembleShape, type Ensemble } from "./ensemble.js";

export { configureThread } from "../task-trust.js";

/** The config of one calibration-task scenario. */
export interface CalibrationTaskConfig {
  /** The scenario to run. */
  readonly scenario: ScenarioInput;
  /** Parameter values to set (dotted path → value), as a calibration proposal. */
  readonly params?: Readonly<Record<string, number>>;
  /** An ensemble to draw each run's parameters from, by the run's seed. */
  readonly ensemble?: Pick<Ensemble, "parameters" | "particles" | "priorDrawn">;
  /** Paths the ensemble must not replace. */
  readonly pinned?: readonly string[];
  /** Record the per-ICB panel in each record's `areas`. */
  readonly panel?: boolean;
}

const finite = z.number().finite();
/** The shape of a calibration task's config; its scenario is admitted by the trust rule. */
const calibrationTaskShape = z.strictObject({
  scenario: z.unknown(),
  params: z.record(z.string().min(1).max(256), finite).optional(),
  ensemble: z
    .strictObject({
      parameters: z.array(z.string().min(1).max(256)).min(1).max(1000),
      particles: z.array(z.strictObject({ values: z.array(finite).max(1000), weight: finite.min(0) })).min(1).max(100_000),
      priorDrawn: ensembleShape.priorDrawn,
    })
    .optional(),
  pinned: z.array(z.string().min(1).max(256)).max(1000).optional(),
  panel: z.boolean().optional(),
});

/** A calibration task's config, admitted: the scenario validated and what to apply to it. */
export interface AdmittedCalibrationTask {
  /** The scenario, admitted by the trust rule. */
  readonly scenario: Scenario;
  /** Parameter values to set. */
  readonly params: Readonly<Record<string, number>> | undefined;
  /** The ensemble to draw from. */
  readonly ensemble: Pick<Ensemble, "parameters" | "particles" | "priorDrawn"> | undefined;
  /** Paths the ensemble must not replace. */
  readonly pinned: readonly string[];
  /** Record the per-ICB panel. */
  readonly panel: boolean;
}

/**
 * Admits a calibration task's config under a plugin rule: its own fields strictly, its scenario by the trust
 * rule (see `admitScenario` in task-trust).
 * @throws TaskRefused naming what was wrong.
 */
export async function admitTask(config: unknown, rule: PluginRule): Promise<AdmittedCalibrationTask> {
  let shape: z.output<typeof calibrationTaskShape>;
  try {
    shape = parseInput(calibrationTaskShape, config, "calibration task");
  } catch (e) {
    if (e instanceof ConfigError) throw new TaskRefused("invalid-task", `calibration task config: ${e.issues[0]?.message ?? e.message}`);
    throw e;
  }
  const scenario = await admitScenarioAndPlugins(shape.scenario, "calibration task scenario", rule);
  if (shape.ensemble !== undefined && shape.ensemble.particles.some((p) => p.values.length !== shape.ensemble!.parameters.length)) {
    throw new TaskRefused("invalid-task", "calibration task config: ensemble particles must have one value per parameter");
  }
  return { scenario, params: shape.params, ensemble: shape.ensemble, pinned: shape.pinned ?? [], panel: shape.panel === true };
}

/** Runs one task: admits its config by the trust rule, applies its parameters or ensemble draw to its scenario, then runs the NHS model. */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const admitted = await admitTask(task.scenario.config, threadPluginRule());
  let scenario = admitted.scenario;
  try {
    if (admitted.params !== undefined) scenario = setParams(scenario, admitted.params);
    if (admitted.ensemble !== undefined) scenario = applyEnsemble(scenario, admitted.ensemble, task.seed, admitted.pinned, task.run);
  } catch (e) {
    if (e instanceof ConfigError) throw new TaskRefused("invalid-task", `calibration task ${task.scenario.id}: ${e.issues[0]?.message ?? e.message}`);
    throw e;
  }
  return runNhsTask({ ...task, scenario: { id: task.scenario.id, config: scenario } }, { panel: admitted.panel });
}

/**
 * The module batch workers import for calibration tasks: compiled when the NHS worker is (see
 * `nhsWorkerModule`), else this source file.
 */
export function calibrationWorkerModule(): URL {
  const nhs = nhsWorkerModule();
  return nhs.compiled ? new URL("./calibration/calibration-task.js", nhs.url) : new URL("./calibration-task.ts", import.meta.url);
}
