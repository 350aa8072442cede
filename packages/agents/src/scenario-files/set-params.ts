/**
 * Setting numeric scenario parameters by dotted path, as calibrations, experiments and ensembles do: each
 * path must be a documented numeric parameter and each value within its bounds.
 * @packageDocumentation
 */
import { ConfigError, describeValue, type ConfigIssue } from "@ringfence/core";
import { listParams, type ParamEntry } from "../params.js";
import { scenarioFields, withValuesAt, type Scenario } from "../scenario.js";

let entries: ReadonlyMap<string, ParamEntry> | undefined;

/** Every numeric scenario parameter by dotted path (from the schema, computed once). */
export function scenarioParams(): ReadonlyMap<string, ParamEntry> {
  entries ??= new Map(listParams(scenarioFields).map((e) => [e.path, e]));
  return entries;
}

/** Problems with setting `value` at `path`: an unknown path (with the nearest names) or a value out of bounds. */
export function paramIssues(path: string, value: number, field = path): ConfigIssue[] {
  const entry = scenarioParams().get(path);
  if (entry === undefined) {
    return [{ path: field, expected: "a numeric scenario parameter (see `ringfence params`)", value: path, message: `${field}: expected a numeric scenario parameter such as national.realGrowthMean, got ${describeValue(path)}` }];
  }
  const ok = Number.isFinite(value) && value >= entry.min && value <= entry.max && (!entry.integer || Number.isInteger(value));
  if (ok) return [];
  const expected = `${entry.integer ? "an integer" : "a number"} from ${entry.min} to ${entry.max} (${entry.unit})`;
  return [{ path: field, expected, value, message: `${field}: expected ${expected}, got ${describeValue(value)}` }];
}

/**
 * A copy of a validated scenario with some numeric parameters set, each checked against its bounds; a
 * parameter set here stops being time-varying and is pinned (a run's ensemble draw does not replace it).
 * Throws a {@link ConfigError} naming every bad path or value.
 * @example
 * ```ts
 * const sc = setParams(PRESETS_PARSED["iho-acute"], { "iho.acute.propensity": 0.7, "national.realGrowthMean": 0.01 });
 * ```
 */
export function setParams(scenario: Scenario, values: Readonly<Record<string, number>>): Scenario {
  const issues = Object.entries(values).flatMap(([path, value]) => paramIssues(path, value));
  if (issues.length > 0) throw new ConfigError("parameters", issues);
  // Copy only the objects on the way to each value (once each); everything else is shared with the input,
  // which no one mutates (a deep clone per call, once per run when drawing from an ensemble, cost more).
  const out = withValuesAt(scenario, Object.entries(values));
  const timeVarying = { ...scenario.timeVarying };
  for (const path of Object.keys(values)) delete timeVarying[path];
  const pinned = [...scenario.pinned, ...Object.keys(values).filter((p) => !scenario.pinned.includes(p))];
  return { ...out, timeVarying, pinned };
}

/**
 * Adds to `pinned` every numeric parameter the data sets explicitly (a file, a preset or overrides), so a
 * run's draw from the posterior ensemble never replaces a value someone chose.
 */
export function pinExplicitParameters(data: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const explicit: string[] = [];
  for (const path of scenarioParams().keys()) {
    let node: unknown = data;
    for (const key of path.split(".")) node = node !== null && typeof node === "object" && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    if (node !== undefined) explicit.push(path);
  }
  const written = data.pinned;
  if (explicit.length === 0 || (written !== undefined && !Array.isArray(written))) return { ...data };
  const pinned = [...(written ?? [])];
  for (const p of explicit) if (!pinned.includes(p)) pinned.push(p);
  return { ...data, pinned };
}
