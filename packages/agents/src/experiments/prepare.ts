/**
 * From a validated experiment to what its design needs: its scenarios loaded through the one validator (presets,
 * or scenario files in the experiment's folder, plugins only when allowed), and each varied parameter resolved to
 * its bounds, unit, whether it takes whole numbers, and the scenarios it applies to: a scenario parameter (every
 * scenario), a policy's or an extension's parameter (the scenarios whose policy or extension has it), or a named
 * coefficient of the scenarios' expressions of the year (the scenarios whose file defines it).
 * @packageDocumentation
 */
import { realpathSync, statSync } from "node:fs";
import { extname, isAbsolute, resolve } from "node:path";
import { ConfigError, describeValue, type ConfigIssue } from "@ringfence/core";
import { loadExpressionCompiler, type CompiledExpression } from "../expressions.js";
import { INDICATOR_IDS } from "../indicators.js";
import type { ParamEntry } from "../params.js";
import { checkBatchScenarios } from "../scenario-batch.js";
import { didYouMean } from "../scenario-files/did-you-mean.js";
import { loadScenario, type LoadedScenario } from "../scenario-files/load.js";
import { inside, isPresetId, SCENARIO_EXTENSIONS } from "../scenario-files/resolve.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { EXPRESSION_VARIABLES } from "../scenario-files/time-varying.js";
import { FIXED_PARAMS, yearLabels, type Experiment } from "./experiment-schema.js";

/** What kind of thing a varied parameter is, which decides how a design point sets it. */
export type ParameterKind = "scenario" | "policy" | "extension" | "coefficient";

/** A varied parameter with its range, documentation and the scenarios it applies to. */
export interface DesignParameter {
  /** Dotted path: a scenario parameter, `policies.<kind>.params.<name>`, `extensions.<name>.<parameter>` or `coefficients.<name>`. */
  readonly path: string;
  /** What it is. */
  readonly kind: ParameterKind;
  /** Value the unit coordinate 0 maps to. */
  readonly low: number;
  /** Value the unit coordinate 1 maps to. */
  readonly high: number;
  /** Whether the parameter takes whole numbers only (design values are rounded). */
  readonly integer: boolean;
  /** Unit of the parameter. */
  readonly unit: string;
  /** What the parameter is, in one sentence. */
  readonly description: string;
  /** Ids of the experiment's scenarios the parameter applies to (the others keep their own value). */
  readonly scenarios: readonly string[];
}

/** An experiment's scenario as loaded: its id, what the experiment file named, and what the validator returned. */
export interface ExperimentScenario {
  /** The scenario's id (its batch scenarios are `<id>@p<point>`). */
  readonly id: string;
  /** The preset id or the file path as the experiment names it. */
  readonly source: string;
  /** Its title. */
  readonly title: string;
  /** The loaded scenario. */
  readonly loaded: LoadedScenario;
  /** Its expressions compiled with its coefficients, by parameter path (only those that use a varied coefficient). */
  readonly expressions: ReadonlyMap<string, CompiledExpression>;
}

/** An experiment with its scenarios loaded and its parameters resolved. */
export interface PreparedExperiment {
  /** Its scenarios, the baseline first. */
  readonly scenarios: readonly ExperimentScenario[];
  /** Its varied parameters, in experiment order. */
  readonly parameters: readonly DesignParameter[];
  /** Financial years per run. */
  readonly years: number;
  /** Whether any scenario loads plugins (its runs then go to isolated worker threads with a time limit). */
  readonly plugins: boolean;
}

/** Options of {@link prepareExperiment}. */
export interface PrepareExperimentOptions {
  /** Folder that scenario files named in the experiment are relative to, and must lie in (default: the working folder). */
  readonly baseDir?: string;
  /** Let scenario files load their plugins (checked in a worker thread; runs in worker threads). Default false. */
  readonly allowPlugins?: boolean;
  /** Time limit of each scenario's plugin check, in milliseconds (default 30 000). */
  readonly pluginTimeoutMs?: number;
}

/** The absolute path of a scenario file an experiment names, checked to lie in the experiment's folder. */
function scenarioFile(baseDir: string, spec: string, index: number): string {
  const field = `scenarios[${index}]`;
  const fail = (expected: string): never => {
    throw new ConfigError("experiment", [{ path: field, expected, value: spec, message: `${field}: expected ${expected}, got ${describeValue(spec)}` }]);
  };
  if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || isAbsolute(spec) || !spec.startsWith("./")) fail("a relative path starting ./ to a scenario file in the experiment's folder");
  if (!SCENARIO_EXTENSIONS.includes(extname(spec).toLowerCase())) fail(`a scenario file ending ${SCENARIO_EXTENSIONS.join(", ")}`);
  let root: string;
  try {
    root = realpathSync(baseDir);
  } catch {
    root = resolve(baseDir);
  }
  const target = resolve(root, spec);
  if (!inside(root, target)) fail(`a scenario file inside the experiment's folder ${root}`);
  let real: string;
  try {
    real = realpathSync(target);
  } catch {
    return fail("an existing scenario file");
  }
  if (!inside(root, real)) fail(`a scenario file inside the experiment's folder ${root}`);
  if (!statSync(real).isFile()) fail("a regular file");
  return real;
}

/**
 * Loads an experiment's scenarios and resolves its varied parameters.
 * @remarks A parameter without `low` and `high` takes them from its uniform prior, if it has one. A policy's
 * or an extension's parameter applies to the scenarios whose chosen policy (or the kind's default) or whose
 * extensions have it, a coefficient to the scenarios whose file defines it, and each must apply to at least one;
 * its range must lie within its bounds in every scenario it applies to. The outcome indicator must be recorded by
 * every scenario, and the outcome year lie within each scenario's horizon.
 * @throws ConfigError naming `scenarios[i]`, `parameters[i]` or `outcome`, the value and what was expected.
 */
export async function prepareExperiment(experiment: Experiment, options: PrepareExperimentOptions = {}): Promise<PreparedExperiment> {
  const baseDir = options.baseDir ?? process.cwd();
  const allow = options.allowPlugins === true;
  const overrides: Record<string, unknown> = {};
  if (experiment.population !== undefined) overrides.population = { size: experiment.population.size };
  if (experiment.years !== undefined) overrides.years = experiment.years;
  const loaded: LoadedScenario[] = [];
  for (const [i, spec] of experiment.scenarios.entries()) {
    const path = isPresetId(spec) ? spec : scenarioFile(baseDir, spec, i);
    loaded.push(await loadScenario(path, { overrides, allowPlugins: allow, ...(options.pluginTimeoutMs === undefined ? {} : { pluginTimeoutMs: options.pluginTimeoutMs }) }));
  }
  checkBatchScenarios(loaded, allow);
  const ids = loaded.map((l) => l.scenario.id);
  const years = loaded[0]!.scenario.years;

  const issues: ConfigIssue[] = [];
  const issue = (path: string, expected: string, value: unknown, got?: string): void => {
    issues.push({ path, expected, value, message: `${path}: expected ${expected}, got ${got ?? describeValue(value)}` });
  };

  // The outcome: recorded by every scenario, in a year every scenario runs.
  const indicator = experiment.outcome.indicator;
  const missing = loaded.filter((l) => !(INDICATOR_IDS as readonly string[]).includes(indicator) && !l.scenario.indicators.includes(indicator));
  if (missing.length > 0) {
    issue("outcome.indicator", `an indicator every scenario records (a built-in one, or one each scenario lists); ${missing.map((l) => l.scenario.id).join(", ")} do${missing.length === 1 ? "es" : ""} not record it`, indicator, `"${indicator}"${didYouMean(indicator, [...INDICATOR_IDS])}`);
  }
  if (experiment.outcome.year !== "last") {
    for (const [s, l] of loaded.entries()) {
      const labels = yearLabels(l.scenario, years);
      if (!labels.includes(experiment.outcome.year)) {
        issue("outcome.year", `"last" or a year from ${labels[0]} to ${labels[labels.length - 1]} (the horizon of scenarios[${s}] ${l.scenario.id})`, experiment.outcome.year);
        break;
      }
    }
  }

  // Every varied parameter: where it applies, its documentation, and its range within its bounds there.
  const parameters: DesignParameter[] = [];
  const seen = new Map<string, number>();
  for (const [i, p] of experiment.parameters.entries()) {
    const at = `parameters[${i}]`;
    if (FIXED_PARAMS.includes(p.path)) {
      issue(`${at}.path`, `a parameter other than ${FIXED_PARAMS.join(" and ")} (the experiment fixes the horizon and its year labels)`, p.path);
      continue;
    }
    const before = seen.get(p.path);
    if (before !== undefined) {
      issue(`${at}.path`, `each parameter at most once (${p.path} is also parameters[${before}])`, p.path);
      continue;
    }
    seen.set(p.path, i);
    let kind: ParameterKind;
    const entries: (ParamEntry | undefined)[] = [];
    if (p.path.startsWith("coefficients.")) {
      kind = "coefficient";
      const name = p.path.slice("coefficients.".length);
      for (const l of loaded) {
        const value = l.coefficients[name];
        entries.push(value === undefined ? undefined : { path: p.path, description: `Coefficient ${name} of the scenario's expressions of the year`, unit: "", source: "the scenario file", min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY, integer: false, default: value });
      }
    } else {
      const own = scenarioParams().get(p.path);
      kind = own !== undefined ? "scenario" : p.path.startsWith("policies.") ? "policy" : "extension";
      for (const l of loaded) entries.push(own ?? l.parameters.find((e) => e.path === p.path));
    }
    const applies = loaded.flatMap((l, s) => (entries[s] === undefined ? [] : [l.scenario.id]));
    const first = entries.find((e) => e !== undefined);
    if (first === undefined) {
      const known = [...scenarioParams().keys(), ...new Set(loaded.flatMap((l) => [...l.parameters.map((e) => e.path), ...Object.keys(l.coefficients).map((c) => `coefficients.${c}`)]))];
      const where = kind === "coefficient" ? "a coefficient a scenario file defines (coefficients:)" : kind === "policy" ? "a parameter of a policy the scenarios use (`ringfence params`; a plugin's only with --allow-plugins)" : "a numeric scenario parameter such as national.realGrowthMean, or a policy's or extension's parameter";
      issue(`${at}.path`, where, p.path, `${describeValue(p.path)}${didYouMean(p.path, known)}`);
      continue;
    }
    let low = p.low;
    let high = p.high;
    if (low === undefined || high === undefined) {
      const prior = first.prior;
      if (prior?.kind !== "uniform") {
        issue(`${at}.${low === undefined ? "low" : "high"}`, `a number (${p.path} has no uniform prior to take its range from)`, undefined);
        continue;
      }
      low ??= prior.low;
      high ??= prior.high;
    }
    let ok = true;
    for (const [s, e] of entries.entries()) {
      if (e === undefined) continue;
      for (const [side, v] of [["low", low], ["high", high]] as const) {
        if (Number.isFinite(v) && v >= e.min && v <= e.max && (!e.integer || Number.isInteger(v))) continue;
        ok = false;
        const noun = e.integer ? "an integer" : "a number";
        issue(`${at}.${side}`, `${noun} from ${e.min} to ${e.max}${e.unit === "" ? "" : ` (${e.unit})`} for ${p.path} (its own bounds in ${loaded[s]!.scenario.id})`, v);
      }
    }
    if (!(low < high)) {
      issue(`${at}.high`, `a number above low (${low}) for ${p.path}`, high);
      ok = false;
    }
    if (ok) parameters.push({ path: p.path, kind, low, high, integer: first.integer, unit: first.unit, description: first.description, scenarios: applies });
  }
  if (issues.length > 0) throw new ConfigError("experiment", issues);

  // Compile the expressions a varied coefficient enters, once per scenario.
  const varied = parameters.filter((p) => p.kind === "coefficient").map((p) => p.path.slice("coefficients.".length));
  const compiler = varied.length > 0 && loaded.some((l) => Object.keys(l.expressions).length > 0) ? await loadExpressionCompiler() : undefined;
  const scenarios = loaded.map((l, s): ExperimentScenario => {
    const expressions = new Map<string, CompiledExpression>();
    if (compiler !== undefined) {
      for (const [path, source] of Object.entries(l.expressions)) {
        const compiled = compiler.compile(source, path, [...EXPRESSION_VARIABLES, ...Object.keys(l.coefficients)]);
        if (compiled.uses.some((u) => varied.includes(u))) expressions.set(path, compiled);
      }
    }
    return { id: ids[s]!, source: experiment.scenarios[s]!, title: l.scenario.title, loaded: l, expressions };
  });
  return { scenarios, parameters, years, plugins: loaded.some((l) => l.plugins.length > 0) };
}
