/**
 * The one scenario validator: `validate`, `run`, `compare`, `explore`, the batch API and notebooks all load
 * scenarios through {@link loadScenario} (a preset or a file) or {@link validateScenario} (data built in
 * code), so they accept and refuse exactly the same inputs. Reading and validating never runs code from the
 * scenario: plugins are imported only when the caller allows it.
 * @packageDocumentation
 */
import { dirname, relative, sep } from "node:path";
import { ConfigError, parseInput, type ConfigIssue } from "@ringfence/core";
import type { IndicatorInfo } from "../indicators.js";
import type { ParamEntry } from "../params.js";
import { displayPath, importPlugins, indicatorInfo, pluginParameters, scenarioPluginIssues, selectIndicators, type PluginSet } from "../plugins.js";
import { createDefaultRegistry } from "../policies/index.js";
import { POLICY_KINDS } from "../policies/signatures.js";
import { PRESET_IDS, PRESETS } from "../presets.js";
import { scenarioSchema, type Scenario } from "../scenario.js";
import { isExpression } from "../expressions.js";
import { didYouMean } from "./did-you-mean.js";
import { plainDataIssues } from "./parse-text.js";
import { checkPluginsInWorker } from "./plugin-check.js";
import { pluginGraph, PluginGraphError } from "./plugin-graph.js";
import { isPresetId, mergeScenario, resolveScenarioFile, SCENARIO_EXTENSIONS } from "./resolve.js";
import { pinExplicitParameters } from "./set-params.js";
import { findExpressions, resolveExpressions, scenarioCoefficients } from "./time-varying.js";
import { bounded, mapTimeVaryingIssues, suggestFields, valueAt } from "./validate.js";

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
   * Plugin indicators to record besides those the scenario lists (`--indicators`): added to its `indicators`
   * list, and checked like them (each must be defined by a plugin the scenario loads).
   */
  readonly indicators?: readonly string[];
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
  /**
   * The numeric parameters of its policies and extensions (`policies.<kind>.params.<name>`,
   * `extensions.<name>.<parameter>`) with their bounds: the built-in policies' always, a plugin's only when
   * plugins were checked.
   */
  readonly parameters: readonly ParamEntry[];
  /** The expressions of the year it was written with, by parameter path (their series are in `timeVarying`). */
  readonly expressions: Readonly<Record<string, string>>;
  /** The named coefficients its expressions may use (`coefficients:` in the file). */
  readonly coefficients: Readonly<Record<string, number>>;
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
      // A module that does not compile is named where the compiler stopped: file:line:column and its message.
      const c = e.compile;
      const message = c === undefined ? `plugins[${i}]: expected ${expected}, got ${JSON.stringify(shown)} (${e.message})` : `plugins[${i}]: ${displayPath(c.file)}:${c.line}:${c.column}: ${c.text}`;
      graphIssues.push({ path: `plugins[${i}]`, expected, value: p, message });
    }
  }
  if (graphIssues.length > 0) throw new ConfigError(`scenario ${source}`, graphIssues);
  let merged: Record<string, unknown> = { ...data, plugins: [...plugins], pluginHashes };
  if (options.overrides !== undefined) {
    const overrideIssues = plainDataIssues(options.overrides);
    if (overrideIssues.length > 0) throw new ConfigError("overrides", overrideIssues);
    merged = mergeScenario(merged, options.overrides);
  }
  const extra = options.indicators ?? [];
  if (extra.length > 0) {
    const listed: unknown = merged.indicators;
    const own = Array.isArray(listed) ? (listed as unknown[]) : listed === undefined ? [] : undefined;
    if (own !== undefined) merged = { ...merged, indicators: [...own, ...extra.filter((id) => !own.includes(id))] };
  }
  merged = pinExplicitParameters(merged);
  const coefficients = scenarioCoefficients(merged, source);
  const expressionSources = Object.fromEntries(findExpressions(merged).map((f) => [f.path, f.source]));
  const withSeries = await resolveExpressions(merged, source);
  const written = withSeries.timeVarying;
  // Only series that came from an expression are reported at the parameter's own path; a series written
  // under timeVarying directly keeps its timeVarying.<path>.
  const expressions = new Set(written !== null && typeof written === "object" ? Object.keys(written).filter((path) => isExpression(valueAt(merged, path))) : []);
  let scenario: Scenario;
  try {
    scenario = parseInput(scenarioSchema, withSeries, `scenario ${source}`);
  } catch (e) {
    throw e instanceof ConfigError ? bounded(suggestFields(mapTimeVaryingIssues(e, expressions, source), source)) : e;
  }
  const unchecked: string[] = [];
  let pluginSet: PluginSet | undefined;
  let indicators: Readonly<Record<string, IndicatorInfo>> = {};
  let parameters: readonly ParamEntry[];
  if (plugins.length > 0 && options.allowPlugins === true && options.pluginCheck === "here") {
    pluginSet = await importPlugins(plugins, createDefaultRegistry(), scenario.pluginHashes);
    const issues = scenarioPluginIssues(scenario, pluginSet);
    if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
    indicators = indicatorInfo(selectIndicators(scenario, pluginSet));
    parameters = pluginParameters(scenario, pluginSet);
  } else if (plugins.length > 0 && options.allowPlugins === true) {
    const check = await checkPluginsInWorker(scenario, options.pluginTimeoutMs ?? 30_000, source);
    if (check.issues.length > 0) throw new ConfigError(`scenario ${source}`, check.issues);
    indicators = check.indicators;
    parameters = check.parameters;
  } else {
    const builtIn = { registry: createDefaultRegistry(), indicators: new Map(), extensions: [] };
    // The built-in policies' parameters; a plugin's policy (not loaded) has none known here.
    parameters = pluginParameters(scenario, builtIn);
    const issues = scenarioPluginIssues(scenario, builtIn).filter((i) => {
      if (plugins.length === 0) return true;
      // With plugins not loaded, names the built-ins do not know may be theirs: note them, check the rest.
      const fromPlugin = /^policies\.[a-z-]+\.name$/.test(i.path) || i.path.startsWith("indicators[") || /^extensions\.[^.]+$/.test(i.path);
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
  return { scenario, plugins, unchecked, pluginSet, indicators, parameters, expressions: expressionSources, coefficients };
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
