/**
 * The batch worker of an experiment: runs one (scenario, seed) with the NHS model's `runTask` and reports
 * only the outcome indicator in the outcome year, so a batch of thousands of design points keeps its journal
 * and running statistics small. Batch workers import this module.
 * @packageDocumentation
 */
import { existsSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigError, parseInput } from "@ringfence/core";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { z } from "zod";
import { nhsTaskConfig, nhsWorkerModule, runTask as runNhsTask } from "../batch-task.js";
import type { Scenario } from "../scenario.js";
import { admitScenarioAndPlugins, TaskRefused, type PluginRule } from "../task-trust.js";

export { configureThread } from "../task-trust.js";

/** The config of one experiment batch scenario: the scenario to run and which value to report. */
export interface ExperimentTaskConfig {
  /** The validated scenario with the design point's parameters set. */
  readonly scenario: Scenario;
  /** Indicator id to report. */
  readonly indicator: string;
  /** Year to report: "last" or a financial year label such as 2034/35. */
  readonly year: string;
  /** Check the run's ledger at its end (a failed check fails the run); absent means no check. */
  readonly verify?: boolean;
}

/** Whether a batch config is an {@link ExperimentTaskConfig}. */
export function isExperimentTaskConfig(value: unknown): value is ExperimentTaskConfig {
  return (
    typeof value === "object" &&
    value !== null &&
    "scenario" in value &&
    typeof value.scenario === "object" &&
    value.scenario !== null &&
    "indicator" in value &&
    typeof value.indicator === "string" &&
    "year" in value &&
    typeof value.year === "string"
  );
}

/** The shape of an experiment task's config; its scenario is admitted by the trust rule. */
const experimentTaskShape = z.strictObject({
  scenario: z.unknown(),
  indicator: z.string().min(1).max(128),
  year: z.string().regex(/^(last|\d{4}\/\d{2})$/, { error: 'expected "last" or a financial year label' }),
  verify: z.boolean().optional(),
});

/**
 * Admits an experiment task's config under a plugin rule: its own fields strictly, its scenario by the trust
 * rule (see `admitScenario` in task-trust).
 * @throws TaskRefused naming what was wrong.
 */
export async function admitTask(config: unknown, rule: PluginRule): Promise<ExperimentTaskConfig> {
  let shape: z.output<typeof experimentTaskShape>;
  try {
    shape = parseInput(experimentTaskShape, config, "experiment task");
  } catch (e) {
    if (e instanceof ConfigError) throw new TaskRefused("invalid-task", `experiment task config: ${e.issues[0]?.message ?? e.message}`);
    throw e;
  }
  return { scenario: await admitScenarioAndPlugins(shape.scenario, "experiment task scenario", rule), indicator: shape.indicator, year: shape.year, ...(shape.verify === undefined ? {} : { verify: shape.verify }) };
}

/**
 * Runs one task of an experiment batch and returns a record with one year (the outcome year) and one
 * indicator (the outcome indicator), and no flows.
 * @remarks A pure function of (scenario, seed, years), like the NHS model's own task.
 */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const config = task.scenario.config;
  if (!isExperimentTaskConfig(config)) {
    throw new TaskRefused("invalid-task", `experiment task ${task.scenario.id}: expected a config { scenario, indicator, year }`);
  }
  // The NHS task admits the scenario by the trust rule, with this thread's plugin rule.
  const full = await runNhsTask({ ...task, scenario: { id: task.scenario.id, config: nhsTaskConfig(config.scenario, { verify: config.verify === true }) } });
  const index = config.year === "last" ? full.years.length - 1 : full.years.indexOf(config.year);
  if (index < 0) {
    throw new RangeError(`experiment task ${task.scenario.id}: expected the outcome year ${config.year} within ${full.years[0] ?? "?"} to ${full.years[full.years.length - 1] ?? "?"}`);
  }
  const series = full.indicators[config.indicator];
  if (series === undefined) throw new RangeError(`experiment task ${task.scenario.id}: expected the run to record indicator ${config.indicator}`);
  return {
    scenario: full.scenario,
    run: full.run,
    seed: full.seed,
    years: [full.years[index]!],
    indicators: { [config.indicator]: [series[index] ?? null] },
    flows: [],
  };
}

/**
 * The module experiment batches should use as their worker: the compiled `dist/experiments/experiment-task.js`
 * when the NHS worker is compiled and up to date (see `nhsWorkerModule`), else this source file.
 */
export function experimentWorkerModule(): { readonly url: URL; readonly compiled: boolean } {
  const here = import.meta.url;
  if (here.endsWith(".js")) return { url: new URL("./experiment-task.js", here), compiled: true };
  if (nhsWorkerModule().compiled) {
    const compiled = new URL("../../dist/experiments/experiment-task.js", here);
    const path = fileURLToPath(compiled);
    if (existsSync(path) && statSync(path).mtimeMs >= statSync(fileURLToPath(here)).mtimeMs) return { url: compiled, compiled: true };
  }
  return { url: new URL("./experiment-task.ts", here), compiled: false };
}
