/**
 * The batch task for queue workers that do not run plugins: the same as `batch-task`, but a task whose
 * scenario lists plugins fails with a clear message instead of importing them (a queue is shared input).
 * @packageDocumentation
 */
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { isNhsTaskConfig, runTask as runAnyTask } from "./batch-task.js";

/** Runs one task, refusing scenarios that load plugins. */
export async function runTask(task: RunTask): Promise<RunRecord> {
  // The scenario, or the scenario inside a config with run options.
  const raw = task.scenario.config;
  const config = (isNhsTaskConfig(raw) ? raw.scenario : raw) as { readonly plugins?: readonly unknown[] } | null;
  const plugins = config !== null && typeof config === "object" && Array.isArray(config.plugins) ? config.plugins : [];
  if (plugins.length > 0) throw new Error(`this worker does not run plugins (the scenario ${task.scenario.id} lists ${plugins.length}); start it with --allow-plugins to trust them`);
  return runAnyTask(task);
}
