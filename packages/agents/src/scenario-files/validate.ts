/**
 * The pure half of the one scenario validator: plain data merged with overrides, explicit parameters pinned,
 * expressions compiled in the sandbox, and the result parsed by the scenario schema, with unknown keys
 * answered by the nearest documented field. {@link loadScenario} adds files and plugins (Node); a browser
 * validates a scenario built from a preset and a link's overrides with {@link validateScenarioData}, so it
 * accepts and refuses exactly what a file would.
 * @packageDocumentation
 */
import { ConfigError, parseInput, type ConfigIssue } from "@ringfence/core";
import { z } from "zod";
import { isExpression } from "../expressions.js";
import { createDefaultRegistry } from "../policies/index.js";
import { scenarioPluginIssues } from "../plugin-checks.js";
import { scenarioFields, scenarioSchema, type Scenario } from "../scenario.js";
import { didYouMean } from "./did-you-mean.js";
import { mergeScenario } from "./merge.js";
import { plainDataIssues } from "./parse-text.js";
import { pinExplicitParameters } from "./set-params.js";
import { resolveExpressions, scenarioCoefficients } from "./time-varying.js";

/** The most problems one error lists; the rest are counted in a last line (a file of 60 000 unknown keys gives a short message). */
export const MAX_ISSUES = 50;

/** An error listing at most {@link MAX_ISSUES} problems, the rest counted. */
export function bounded(e: unknown): unknown {
  if (!(e instanceof ConfigError) || e.issues.length <= MAX_ISSUES) return e;
  const more = e.issues.length - MAX_ISSUES;
  const what = e.message.split("\n")[0]!.replace(/^invalid /, "").replace(/:$/, "");
  const last: ConfigIssue = { path: "(more)", expected: "fewer problems", value: more, message: `… and ${more} more problem${more === 1 ? "" : "s"}` };
  return new ConfigError(what, [...e.issues.slice(0, MAX_ISSUES), last]);
}

/** Unwraps defaults, optionals and pipes to the schema that checks the value. */
function unwrapSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  return s;
}

/** The field names the scenario schema documents at a path such as `governance` or `claims[0]` (empty when not a mapping). */
export function fieldsAt(path: string): string[] {
  let s = unwrapSchema(scenarioFields);
  const segments = path === "(root)" || path === "" ? [] : path.split(/\.|(?=\[)/);
  for (const seg of segments) {
    if (/^\[\d+\]$/.test(seg)) {
      if (!(s instanceof z.ZodArray)) return [];
      s = unwrapSchema(s.element as z.ZodType);
    } else if (s instanceof z.ZodObject) {
      const next: unknown = Object.hasOwn(s.shape, seg) ? (s.shape as Record<string, unknown>)[seg] : undefined;
      if (!(next instanceof z.ZodType)) return [];
      s = unwrapSchema(next);
    } else if (s instanceof z.ZodRecord) {
      s = unwrapSchema(s.valueType as z.ZodType);
    } else return [];
  }
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Adds the nearest documented field to each unknown-key problem (`governance.holdr: unknown key … (did you mean "holder"?)`). */
export function suggestFields(error: ConfigError, source: string): ConfigError {
  let changed = false;
  const issues = error.issues.map((i): ConfigIssue => {
    if (!i.expected.startsWith("no such key")) return i;
    const cut = Math.max(i.path.lastIndexOf("."), i.path.lastIndexOf("["));
    const parent = cut < 0 ? "(root)" : i.path.slice(0, cut);
    const key = cut < 0 ? i.path : i.path.slice(cut + 1);
    const fields = [...fieldsAt(parent), ...(parent === "(root)" ? ["extends", "coefficients"] : [])];
    if (fields.length === 0) return i;
    changed = true;
    const listed = fields.length <= 12 ? `one of ${fields.join(", ")}` : "one of the documented fields";
    return { ...i, message: `${i.path}: unknown key, expected ${listed}${didYouMean(key, fields)}` };
  });
  return changed ? new ConfigError(`scenario ${source}`, issues) : error;
}

/** The value at a dotted path of raw data (own properties only), or undefined. */
export function valueAt(data: unknown, path: string): unknown {
  let node = data;
  for (const key of path.split(".")) node = node !== null && typeof node === "object" && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  return node;
}

/** Maps schema issues about `timeVarying.<path>` back to the parameter's own path, where an expression was written. */
export function mapTimeVaryingIssues(error: ConfigError, expressions: ReadonlySet<string>, source: string): ConfigError {
  let changed = false;
  const issues = error.issues.map((i): ConfigIssue => {
    const match = /^timeVarying\.(.+?)(\[\d+\])?$/.exec(i.path);
    const path = match?.[1];
    if (path === undefined || !expressions.has(path)) return i;
    changed = true;
    return { ...i, path, message: `${path}: ${i.message.slice(i.path.length + 2)} (from the expression)` };
  });
  return changed ? new ConfigError(`scenario ${source}`, issues) : error;
}

/**
 * Parses scenario data with overrides merged over it: explicit parameters pinned, expressions of the year
 * compiled into series, then the scenario schema (unknown keys answered with the nearest field, issues of a
 * series from an expression reported at the parameter's own path, at most {@link MAX_ISSUES} problems).
 * @param data Plain scenario data, `extends` resolved and `plugins`/`pluginHashes` set as they will run.
 */
export async function parseScenarioData(data: Readonly<Record<string, unknown>>, source: string, overrides?: Readonly<Record<string, unknown>>): Promise<Scenario> {
  let merged: Record<string, unknown> = { ...data };
  if (overrides !== undefined) {
    const overrideIssues = plainDataIssues(overrides);
    if (overrideIssues.length > 0) throw new ConfigError("overrides", overrideIssues);
    merged = mergeScenario(merged, overrides);
  }
  merged = pinExplicitParameters(merged);
  scenarioCoefficients(merged, source);
  const withSeries = await resolveExpressions(merged, source);
  const written = withSeries.timeVarying;
  // Only series that came from an expression are reported at the parameter's own path; a series written
  // under timeVarying directly keeps its timeVarying.<path>.
  const expressions = new Set(written !== null && typeof written === "object" ? Object.keys(written).filter((path) => isExpression(valueAt(merged, path))) : []);
  try {
    return parseInput(scenarioSchema, withSeries, `scenario ${source}`);
  } catch (e) {
    throw e instanceof ConfigError ? bounded(suggestFields(mapTimeVaryingIssues(e, expressions, source), source)) : e;
  }
}

/**
 * Validates scenario data without plugins (a preset with a link's overrides, data built in code): plain data
 * only, then {@link parseScenarioData}, then every policy and indicator choice against the built-ins. The
 * same checks and messages as {@link loadScenario} for a file that lists no plugins, and no file access.
 * @example
 * ```ts
 * const scenario = await validateScenarioData(mergeScenario(structuredClone(PRESETS["iho-acute"]), { levers: { noNewMoney: true } }), "iho-acute", { population: { size: "icb" } });
 * ```
 * @throws ConfigError listing every problem, each naming the path, the value and what was expected.
 */
export async function validateScenarioData(data: Readonly<Record<string, unknown>>, source: string, overrides?: Readonly<Record<string, unknown>>): Promise<Scenario> {
  try {
    const dataIssues = plainDataIssues(data);
    if (dataIssues.length > 0) throw new ConfigError(`scenario ${source}`, dataIssues);
    const scenario = await parseScenarioData({ ...data, plugins: [], pluginHashes: {} }, source, overrides);
    const issues = scenarioPluginIssues(scenario, { registry: createDefaultRegistry(), indicators: new Map() });
    if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
    return scenario;
  } catch (e) {
    throw bounded(e);
  }
}
