/**
 * The NHS model's side of a Monte Carlo batch: `runTask` runs one (scenario, seed) and reports the yearly
 * indicators and the flows of general practice money (or of every fund, or of one). Batch workers import this
 * module. A task's config (a scenario, or a scenario with run options) is admitted by the trust rule
 * (`task-trust`) first: strictly parsed, and plugins only where the thread was granted them, pinned by hash.
 * @packageDocumentation
 */
import { readdirSync, statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { ConfigError, parseInput } from "@ringfence/core";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { z } from "zod";
import { FLOW_CHOICES, GP_FUND, verifyByDefault, type FlowChoice, type NhsRunOptions } from "./batch-options.js";
import { importPlugins, type PluginSet } from "./plugins.js";
import "./register-node.js";
import { runRecord } from "./run-record.js";
import type { Scenario } from "./scenario.js";
import { admitScenarioAndPlugins, TaskRefused, threadPluginRule, type PluginRule } from "./task-trust.js";

export { configureThread } from "./task-trust.js";
export { flowRecords, isGpLine } from "./run-record.js";

const pluginSets = new Map<string, Promise<PluginSet>>();

/** The config of an NHS batch scenario with run options: the scenario and how to run and report it. */
export interface NhsTaskConfig {
  /** The validated scenario. */
  readonly scenario: Scenario;
  /** Check the ledger at the end of the run. */
  readonly verify: boolean;
  /** Which flows to report. */
  readonly flows: FlowChoice;
}

/**
 * The config of a batch scenario for the NHS task: the scenario itself when the run options are the defaults
 * (so a plain batch's scenario hashes stay the scenario's own), else an {@link NhsTaskConfig}.
 */
export function nhsTaskConfig(scenario: Scenario, options: NhsRunOptions = {}): Scenario | NhsTaskConfig {
  const verify = options.verify === true;
  const flows = options.flows ?? GP_FUND;
  return !verify && flows === GP_FUND ? scenario : { scenario, verify, flows };
}

/** Whether a batch config carries run options ({@link NhsTaskConfig}) rather than being a scenario (a scenario has no `scenario` key). */
export function isNhsTaskConfig(config: unknown): config is { readonly scenario: unknown } {
  return config !== null && typeof config === "object" && "scenario" in config;
}

/** The strict shape of a config with run options; its scenario is admitted by the trust rule. */
const runOptionsShape = z.strictObject({ scenario: z.unknown(), verify: z.boolean(), flows: z.enum(FLOW_CHOICES) });

/** A task's config split into the scenario still to admit and its run options (the defaults for a bare scenario). */
function splitConfig(config: unknown, source: string): { readonly scenario: unknown; readonly verify: boolean; readonly flows: FlowChoice } {
  if (!isNhsTaskConfig(config)) return { scenario: config, verify: false, flows: GP_FUND };
  try {
    return parseInput(runOptionsShape, config, source);
  } catch (e) {
    if (e instanceof ConfigError) throw new TaskRefused("invalid-task", `${source} run options: ${e.issues[0]?.message ?? e.message}`);
    throw e;
  }
}

/**
 * Admits an NHS task's config (a scenario, or a scenario with run options) under a plugin rule: the run options
 * strictly, the scenario by the trust rule (see `admitScenario` in task-trust).
 * @throws TaskRefused naming what was wrong.
 */
export function admitTask(config: unknown, rule: PluginRule): Promise<Scenario> {
  return admitScenarioAndPlugins(splitConfig(config, "scenario").scenario, "scenario", rule);
}

/** Options of an NHS task beyond its config. */
export interface NhsTaskOptions {
  /** Record the per-ICB panel in the record's `areas` (off by default). */
  readonly panel?: boolean;
}

/**
 * Runs one task of a batch: admits the config by the trust rule with this thread's plugin rule (so plugins load
 * only in threads granted them, pinned by hash), imports its plugins once per worker thread, runs it with the
 * task's seed and years (checking the ledger at the end when the config or `RINGFENCE_VERIFY=1` asks), and
 * returns every indicator per year plus the flows the config chooses (by default general practice money
 * between ledger groups, summed over the five lines and labelled {@link GP_FUND}).
 * @remarks A pure function of (config, seed, years): the result never depends on the worker or order.
 * @throws TaskRefused when the trust rule refuses the config.
 */
export async function runTask(task: RunTask, options: NhsTaskOptions = {}): Promise<RunRecord> {
  const source = `scenario ${task.scenario.id}`;
  const config = splitConfig(task.scenario.config, source);
  const scenario = await admitScenarioAndPlugins(config.scenario, source, threadPluginRule());
  // RINGFENCE_VERIFY=1 (the test suite's setting) checks every run of every batch, calibrations and backcasts too.
  // The run's index (runRecord passes the task's run number) spreads a batch's runs over the ensemble's particles.
  const run = { verify: config.verify || verifyByDefault(), flows: config.flows, ...(options.panel === true ? { panel: true } : {}) };
  if (scenario.plugins.length === 0) return runRecord(scenario, task, run).record;
  const key = JSON.stringify([scenario.plugins, scenario.pluginHashes]);
  let set = pluginSets.get(key);
  if (set === undefined) {
    set = importPlugins(scenario.plugins, undefined, scenario.pluginHashes);
    pluginSets.set(key, set);
  }
  return runRecord(scenario, task, { ...run, plugins: await set }).record;
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
