/**
 * The plugin check that runs in a worker thread of its own (see {@link checkPluginsInWorker}): imports a
 * scenario's plugins there, checks its policy and indicator choices against them, and returns plain data.
 * @packageDocumentation
 */
import { callInWorker } from "@ringfence/core/batch";
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import type { IndicatorInfo } from "../indicators.js";
import type { ParamEntry } from "../params.js";
import { importPlugins, indicatorInfo, pluginParameters, scenarioPluginIssues, selectIndicators } from "../plugins.js";
import { scenarioSchema, type Scenario } from "../scenario.js";

/** What the plugin check reports: the problems found and how to show the plugin indicators the scenario lists. */
export interface PluginCheck {
  /** Problems with policy names, parameters and indicators (empty when all is well). */
  readonly issues: readonly ConfigIssue[];
  /** Label, unit and format of each plugin indicator the scenario lists. */
  readonly indicators: Readonly<Record<string, IndicatorInfo>>;
  /** The numeric parameters of the scenario's policies and of the plugins' extensions (see `pluginParameters`). */
  readonly parameters: readonly ParamEntry[];
}

/** Runs in the worker thread: imports the plugins and checks the scenario against them. */
export async function checkPluginsTask(scenario: Scenario): Promise<PluginCheck> {
  const parsed = scenarioSchema.parse(scenario);
  const set = await importPlugins(parsed.plugins, undefined, parsed.pluginHashes);
  const issues = scenarioPluginIssues(parsed, set);
  return { issues, indicators: issues.length > 0 ? {} : indicatorInfo(selectIndicators(parsed, set)), parameters: issues.length > 0 ? [] : pluginParameters(parsed, set) };
}

/** This module's own URL with the extension it was loaded with (`.ts` from sources, `.js` compiled). */
const self = import.meta.url;

/**
 * Checks a validated scenario's plugins in a worker thread of its own, so their code never runs on the
 * calling thread and an import that never finishes is stopped after `timeoutMs`.
 * @throws ConfigError when a plugin does not load, outlives the time limit or ends its thread.
 */
export async function checkPluginsInWorker(scenario: Scenario, timeoutMs: number, source: string): Promise<PluginCheck> {
  try {
    return await callInWorker<PluginCheck>(self, "checkPluginsTask", scenario, { timeoutMs, what: `loading the plugins of ${source}` });
  } catch (e) {
    if (e instanceof ConfigError) throw e;
    // A plugin that never finishes loading, or ends its thread (process.exit), is bad input like one that throws:
    // exit 2 with one line naming it, not a failure with a stack trace.
    const message = e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e);
    const expected = `plugin modules that load within ${timeoutMs / 1000} s`;
    throw new ConfigError(`scenario ${source}`, [{ path: "plugins", expected, value: scenario.plugins, message: `plugins: expected ${expected}, got: ${message}` }]);
  }
}
