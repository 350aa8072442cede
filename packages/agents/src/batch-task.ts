/**
 * The NHS model's side of a Monte Carlo batch: `runTask` runs one (scenario, seed) and reports the
 * yearly indicators and the flows of general practice money. Batch workers import this module. A task's
 * config is admitted by the trust rule (`task-trust`) first: strictly parsed, and plugins only where the
 * thread was granted them, pinned by hash.
 * @packageDocumentation
 */
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { importPlugins, selectIndicators, type PluginSet } from "./plugins.js";
import "./register-node.js";
import { runRecord } from "./run-record.js";
import type { Scenario } from "./scenario.js";
import { admitScenarioAndPlugins, threadPluginRule, type PluginRule } from "./task-trust.js";

export { configureThread } from "./task-trust.js";
export { GP_FUND, isGpLine } from "./run-record.js";

const pluginSets = new Map<string, Promise<PluginSet>>();

/** Admits an NHS task's config (a scenario) under a plugin rule: see `admitScenario` in task-trust. */
export function admitTask(config: unknown, rule: PluginRule): Promise<Scenario> {
  return admitScenarioAndPlugins(config, "scenario", rule);
}

/**
 * Runs one task of a batch: admits the scenario by the trust rule with this thread's plugin rule (so plugins
 * load only in threads granted them, pinned by hash), imports its plugins once per worker thread, runs it
 * with the task's seed and years, and returns every indicator per year plus the flows of general practice
 * money between ledger groups (summed over the five lines, labelled {@link GP_FUND}).
 * @remarks A pure function of (scenario, seed, years): the result never depends on the worker or order.
 * @throws TaskRefused when the trust rule refuses the config.
 */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const scenario = await admitScenarioAndPlugins(task.scenario.config, `scenario ${task.scenario.id}`, threadPluginRule());
  if (scenario.plugins.length === 0) return runRecord(scenario, task).record;
  const key = JSON.stringify([scenario.plugins, scenario.pluginHashes]);
  let set = pluginSets.get(key);
  if (set === undefined) {
    set = importPlugins(scenario.plugins, undefined, scenario.pluginHashes);
    pluginSets.set(key, set);
  }
  const plugins = await set;
  return runRecord(scenario, task, { registry: plugins.registry, indicators: selectIndicators(scenario, plugins), extensions: plugins.extensions }).record;
}

/** Newest modification time of the TypeScript sources under a folder (0 when there are none). */
function newestSource(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = `${dir}/${entry.name}`;
    if (entry.isDirectory()) newest = Math.max(newest, newestSource(path));
    else if (entry.name.endsWith(".ts")) newest = Math.max(newest, statSync(path).mtimeMs);
  }
  return newest;
}

/**
 * The module batch workers should import to run NHS tasks: the compiled `dist/batch-task.js` when it exists
 * and is newer than every source file of this package and `@ringfence/core`, else this source file (which
 * worker threads load through tsx, more slowly).
 * @remarks Compiled and source code never mix within a batch: the executor's main thread imports the same
 * module its worker threads do. Run the build (`npm run build`) after changing sources to keep batches fast.
 */
export function nhsWorkerModule(): { readonly url: URL; readonly compiled: boolean } {
  const here = import.meta.url;
  if (here.endsWith(".js")) return { url: new URL("./batch-task.js", here), compiled: true };
  const compiled = new URL("../dist/batch-task.js", here);
  try {
    const built = statSync(fileURLToPath(compiled)).mtimeMs;
    const sources = Math.max(newestSource(fileURLToPath(new URL(".", here))), newestSource(fileURLToPath(new URL("../../core/src", here))));
    if (built > sources) return { url: compiled, compiled: true };
  } catch {
    // Not built: run from sources.
  }
  return { url: new URL("./batch-task.ts", here), compiled: false };
}
