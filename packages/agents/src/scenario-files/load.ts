/**
 * The one scenario validator: `validate`, `run`, `compare`, `explore`, the batch API and notebooks all load
 * scenarios through {@link loadScenario} (a preset or a file) or {@link validateScenario} (data built in
 * code), so they accept and refuse exactly the same inputs. Reading and validating never runs code from the
 * scenario: plugins are imported only when the caller allows it.
 * @packageDocumentation
 */
import { dirname, relative, sep } from "node:path";
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import type { IndicatorInfo } from "../indicators.js";
import { importPlugins, indicatorInfo, scenarioPluginIssues, selectIndicators, type PluginSet } from "../plugins.js";
import { createDefaultRegistry } from "../policies/index.js";
import { POLICY_KINDS } from "../policies/signatures.js";
import { PRESET_IDS, PRESETS } from "../presets.js";
import type { Scenario } from "../scenario.js";
import { didYouMean } from "./did-you-mean.js";
import { plainDataIssues } from "./parse-text.js";
import { checkPluginsInWorker } from "./plugin-check.js";
import { pluginGraph, PluginGraphError } from "./plugin-graph.js";
import { isPresetId, resolveScenarioFile, SCENARIO_EXTENSIONS } from "./resolve.js";
import { bounded, parseScenarioData } from "./validate.js";

export { fieldsAt, MAX_ISSUES } from "./validate.js";

/** Options of {@link loadScenario} and {@link validateScenario}. */
export interface LoadScenarioOptions {
  /** Values merged over the scenario before validation (plain data; for example `{ population: { size: "icb" } }`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /**
   * Import the scenario's plugins, running their code, to check policy names, parameters and indicators
   * against what they define (default false: names the built-ins do not know are reported in `unchecked`).
   */
  readonly allowPlugins?: boolean;
  /**
   * Where allowed plugins are imported for the check: `"worker"` (default) a worker thread of its own with a
   * time limit, so their code never runs on this thread; `"here"` this thread (the plugin set is returned).
   */
  readonly pluginCheck?: "worker" | "here";
  /** Time limit of the plugin check in a worker thread, in milliseconds (default 30 000). */
  readonly pluginTimeoutMs?: number;
  /**
   * The folder plugins' local imports must stay inside (a scenario file's folder, set by {@link loadScenario});
   * default: each plugin's own folder.
   */
  readonly pluginFolder?: string;
}

/** A validated scenario and what was read to build it. */
export interface LoadedScenario {
  /** The validated scenario, every default filled in. */
  readonly scenario: Scenario;
  /** The preset id or the file path it was loaded from. */
  readonly source: string;
  /** Scenario files read (the named file first, then what it extends); empty for a preset. */
  readonly files: readonly string[];
  /** Absolute paths of the plugin modules it lists, checked to lie in the scenario's folder (not loaded unless allowed). */
  readonly plugins: readonly string[];
  /** Choices that could not be checked because the plugins defining them were not loaded, in words. */
  readonly unchecked: readonly string[];
  /** What the plugins define, when they were loaded on this thread (`pluginCheck: "here"`). */
  readonly pluginSet: PluginSet | undefined;
  /** Label, unit and format of each plugin indicator the scenario lists (empty unless plugins were checked). */
  readonly indicators: Readonly<Record<string, IndicatorInfo>>;
}

/**
 * Validates scenario data (from a file, a preset or code) and checks its policy and indicator choices: the
 * shared second half of {@link loadScenario}.
 * @param data Unvalidated scenario data; `extends` must already be resolved.
 * @param plugins Absolute paths of checked plugin modules (the scenario's `plugins` field is set to them).
 */
export async function validateScenario(data: Readonly<Record<string, unknown>>, source: string, plugins: readonly string[] = [], options: LoadScenarioOptions = {}): Promise<Omit<LoadedScenario, "source" | "files">> {
  const dataIssues = plainDataIssues(data);
  if (dataIssues.length > 0) throw new ConfigError(`scenario ${source}`, dataIssues);
  const pluginHashes: Record<string, string> = {};
  const graphIssues: ConfigIssue[] = [];
  for (const [i, p] of plugins.entries()) {
    try {
      pluginHashes[p] = (await pluginGraph(p, options.pluginFolder ?? dirname(p))).hash;
    } catch (e) {
      if (!(e instanceof PluginGraphError)) throw e;
      const expected = "a module that loads, its local imports resolved inside the scenario's folder";
      const shown = options.pluginFolder === undefined ? p : `./${relative(options.pluginFolder, p).split(sep).join("/")}`;
      graphIssues.push({ path: `plugins[${i}]`, expected, value: p, message: `plugins[${i}]: expected ${expected}, got ${JSON.stringify(shown)} (${e.message})` });
    }
  }
  if (graphIssues.length > 0) throw new ConfigError(`scenario ${source}`, graphIssues);
  const scenario = await parseScenarioData({ ...data, plugins: [...plugins], pluginHashes }, source, options.overrides);
  const unchecked: string[] = [];
  let pluginSet: PluginSet | undefined;
  let indicators: Readonly<Record<string, IndicatorInfo>> = {};
  if (plugins.length > 0 && options.allowPlugins === true && options.pluginCheck === "here") {
    pluginSet = await importPlugins(plugins, createDefaultRegistry(), scenario.pluginHashes);
    const issues = scenarioPluginIssues(scenario, pluginSet);
    if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
    indicators = indicatorInfo(selectIndicators(scenario, pluginSet));
  } else if (plugins.length > 0 && options.allowPlugins === true) {
    const check = await checkPluginsInWorker(scenario, options.pluginTimeoutMs ?? 30_000, source);
    if (check.issues.length > 0) throw new ConfigError(`scenario ${source}`, check.issues);
    indicators = check.indicators;
  } else {
    const builtIn = { registry: createDefaultRegistry(), indicators: new Map() };
    const issues = scenarioPluginIssues(scenario, builtIn).filter((i) => {
      if (plugins.length === 0) return true;
      // With plugins not loaded, names the built-ins do not know may be theirs: note them, check the rest.
      const fromPlugin = /^policies\.[a-z-]+\.name$/.test(i.path) || i.path.startsWith("indicators[");
      if (fromPlugin) unchecked.push(`${i.path} ${JSON.stringify(i.value)}`);
      return !fromPlugin;
    });
    if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
    for (const kind of POLICY_KINDS) {
      const choice = scenario.policies[kind];
      if (choice !== undefined && unchecked.includes(`policies.${kind}.name ${JSON.stringify(choice.name)}`) && Object.keys(choice.params).length > 0) {
        unchecked.push(`policies.${kind}.params`);
      }
    }
  }
  return { scenario, plugins, unchecked, pluginSet, indicators };
}

/**
 * Loads a preset by id or a scenario file (.yaml, .yml or .json) and validates it: the one code path for
 * every command and API. A file is read safely (regular file, ≤ 1 MiB, UTF-8), parsed as plain data (no
 * tags, no prototype keys, bounded aliases), its `extends` chain and plugin paths resolved inside its
 * folder, its expressions compiled in the sandbox, and the result validated against the schema, the
 * cross-field rules and the policies and indicators it chooses.
 * @example
 * ```ts
 * const { scenario } = await loadScenario("iho-acute");
 * const mine = await loadScenario("./my-scenario.yaml", { overrides: { population: { size: "icb" } } });
 * ```
 * @throws ConfigError listing every problem, each naming the path, the value and what was expected.
 */
export async function loadScenario(nameOrPath: string, options: LoadScenarioOptions = {}): Promise<LoadedScenario> {
  try {
    return await loadUnbounded(nameOrPath, options);
  } catch (e) {
    throw bounded(e);
  }
}

/** {@link loadScenario} without the bound on the problems listed. */
async function loadUnbounded(nameOrPath: string, options: LoadScenarioOptions): Promise<LoadedScenario> {
  if (isPresetId(nameOrPath)) {
    const result = await validateScenario(structuredClone(PRESETS[nameOrPath]) as Record<string, unknown>, nameOrPath, [], options);
    return { ...result, source: nameOrPath, files: [] };
  }
  if (!SCENARIO_EXTENSIONS.some((e) => nameOrPath.toLowerCase().endsWith(e))) {
    const expected = `a preset (${PRESET_IDS.join(", ")}) or a .yaml, .yml or .json file`;
    throw new ConfigError("scenario", [{ path: "(scenario)", expected, value: nameOrPath, message: `(scenario): expected ${expected}, got ${JSON.stringify(nameOrPath)}${didYouMean(nameOrPath, PRESET_IDS)}` }]);
  }
  const file = resolveScenarioFile(nameOrPath);
  const result = await validateScenario(file.data, nameOrPath, file.plugins, { ...options, pluginFolder: file.folder });
  return { ...result, source: nameOrPath, files: file.files };
}
