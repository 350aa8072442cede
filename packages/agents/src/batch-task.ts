/**
 * The NHS model's side of a Monte Carlo batch: `runTask` runs one (scenario, seed) and reports the
 * yearly indicators and the flows of general practice money. Batch workers import this module. A task's
 * config is admitted by the trust rule (`task-trust`) first: strictly parsed, and plugins only where the
 * thread was granted them, pinned by hash.
 * @packageDocumentation
 */
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { FlowRecord, RunRecord, RunTask } from "@ringfence/core/batch";
import { GP_LINES, type GpLine } from "./domain.js";
import { runScenario } from "./model.js";
import { importPlugins, selectIndicators, type PluginSet } from "./plugins.js";
import "./register-node.js";
import type { Scenario } from "./scenario.js";
import { admitScenarioAndPlugins, threadPluginRule, type PluginRule } from "./task-trust.js";

export { configureThread } from "./task-trust.js";

const pluginSets = new Map<string, Promise<PluginSet>>();
const gpLines = new Set<string>(GP_LINES);

/** The fund label of batch flow records: the five general practice lines summed. */
export const GP_FUND = "general-practice";

/** Whether a fund is a general practice line. */
export function isGpLine(fund: string): fund is GpLine {
  return gpLines.has(fund);
}

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
export async function runTask(task: RunTask, options: NhsTaskOptions = {}): Promise<RunRecord> {
  const scenario = await admitScenarioAndPlugins(task.scenario.config, `scenario ${task.scenario.id}`, threadPluginRule());
  const panel = options.panel === true ? { panel: true } : {};
  let result;
  if (scenario.plugins.length === 0) result = runScenario({ ...scenario, years: task.years }, { seed: task.seed, ...panel });
  else {
    const key = JSON.stringify([scenario.plugins, scenario.pluginHashes]);
    let set = pluginSets.get(key);
    if (set === undefined) {
      set = importPlugins(scenario.plugins, undefined, scenario.pluginHashes);
      pluginSets.set(key, set);
    }
    const plugins = await set;
    result = runScenario({ ...scenario, years: task.years }, { seed: task.seed, registry: plugins.registry, indicators: selectIndicators(scenario, plugins), extensions: plugins.extensions, ...panel });
  }
  // General practice money summed over its five lines, one flow per (year, from, to): the network from
  // the bodies that set or grant the lines, through whoever holds them, to practices, PCN staff, the
  // holders' own services, or back.
  const flows: FlowRecord[] = [];
  for (const year of result.flows) {
    const byPair = new Map<string, FlowRecord>();
    for (const row of year.rows) {
      if (!isGpLine(row.fund)) continue;
      const key = `${row.from}\u0000${row.to}`;
      const f = byPair.get(key);
      byPair.set(key, { year: year.year, from: row.from, to: row.to, fund: GP_FUND, pence: (f?.pence ?? 0) + row.pence });
    }
    flows.push(...byPair.values());
  }
  const record: RunRecord = { scenario: task.scenario.id, run: task.run, seed: task.seed, years: result.yearLabels, indicators: result.yearSeries, flows };
  return result.panel === undefined ? record : { ...record, areas: { codes: result.panel.codes, series: result.panel.series } };
}

/** Options of an NHS task beyond its config. */
export interface NhsTaskOptions {
  /** Record the per-ICB panel in the record's `areas` (off by default). */
  readonly panel?: boolean;
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
