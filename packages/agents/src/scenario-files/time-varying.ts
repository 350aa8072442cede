/**
 * Time-varying parameters: in a scenario file, a numeric parameter may be written as an expression of the
 * year (`realGrowthMean: "year < 2029 ? 0.03 : 0.01"`). Each expression is compiled once, evaluated for
 * every year run, and replaced by its first year's value, the series going into `timeVarying`, which the
 * schema checks against the parameter's bounds year by year. Expressions may also use the file's named
 * `coefficients` (`coefficients: { early: 0.03 }` and `"year < 2029 ? early : 0.01"`), which an experiment can vary.
 * @packageDocumentation
 */
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import { EXPRESSION_FUNCTIONS, ExpressionError, isExpression, loadExpressionCompiler } from "../expressions.js";
import { START_ONLY_PARAMS } from "../scenario.js";
import { scenarioParams } from "./set-params.js";

/** The variables an expression may use: `year` (calendar year the financial year starts) and `t` (years since the start, from 0). */
export const EXPRESSION_VARIABLES: readonly string[] = ["year", "t"];

/** A coefficient's name: a letter, then letters, digits or `_`; not a variable, function or constant name. */
const COEFFICIENT_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** An expression found at a numeric parameter's path. */
export interface FoundExpression {
  /** The parameter's dotted path. */
  readonly path: string;
  /** The expression as written. */
  readonly source: string;
}

/**
 * The named coefficients of raw scenario data (`coefficients: { early: 0.03 }`): numbers its expressions may use
 * by name besides `year` and `t`, so an experiment can vary them. Throws a {@link ConfigError} naming a bad name
 * or value.
 */
export function scenarioCoefficients(input: Readonly<Record<string, unknown>>, source: string): Record<string, number> {
  const given = input.coefficients;
  if (given === undefined) return {};
  const fail = (path: string, expected: string, value: unknown): never => {
    throw new ConfigError(`scenario ${source}`, [{ path, expected, value, message: `${path}: expected ${expected}, got ${JSON.stringify(value) ?? "nothing"}` }]);
  };
  if (given === null || typeof given !== "object" || Array.isArray(given)) fail("coefficients", "a mapping of names to numbers, such as { early: 0.03 }", given);
  const out: Record<string, number> = {};
  const reserved = new Set([...EXPRESSION_VARIABLES, ...EXPRESSION_FUNCTIONS, "pi", "e"]);
  for (const [name, value] of Object.entries(given as Record<string, unknown>)) {
    if (!COEFFICIENT_NAME.test(name) || reserved.has(name)) fail(`coefficients.${name}`, `a name of letters, digits and _ (starting with a letter) that is not ${[...reserved].join(", ")}`, name);
    if (typeof value !== "number" || !Number.isFinite(value)) fail(`coefficients.${name}`, "a finite number", value);
    out[name] = value as number;
  }
  return out;
}

/** Expressions at numeric parameter paths of raw scenario data (strings where a number is expected). */
export function findExpressions(input: Readonly<Record<string, unknown>>): FoundExpression[] {
  const out: FoundExpression[] = [];
  for (const path of scenarioParams().keys()) {
    let node: unknown = input;
    for (const key of path.split(".")) {
      node = node !== null && typeof node === "object" && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
    }
    if (isExpression(node)) out.push({ path, source: node });
  }
  return out;
}

/** Reads a whole number from raw data, or the fallback when absent or not a whole number (the schema reports it). */
function wholeOr(value: unknown, fallback: number): number {
  return typeof value === "number" && Number.isInteger(value) ? value : fallback;
}

/**
 * Replaces every expression at a numeric parameter of raw scenario data by its first year's value and
 * records its yearly values under `timeVarying` (merged with any written there directly). Loads mathjs only
 * when there is an expression. Throws a {@link ConfigError} naming the path and the expression for a refused
 * expression, one that uses a start-only parameter, or one that does not give a finite number in some year.
 */
export async function resolveExpressions(input: Readonly<Record<string, unknown>>, source: string): Promise<Record<string, unknown>> {
  const coefficients = scenarioCoefficients(input, source);
  const variables = [...EXPRESSION_VARIABLES, ...Object.keys(coefficients)];
  const found = findExpressions(input);
  if (found.length === 0) {
    const { coefficients: _c, ...rest } = input;
    return rest;
  }
  const startYear = wholeOr(input.startYear, 2025);
  const years = Math.min(50, Math.max(1, wholeOr(input.years, 10)));
  // mathjs takes a second or more to load: not for expressions that are refused anyway (start-only parameters).
  const compiler = found.some((f) => !START_ONLY_PARAMS.includes(f.path)) ? await loadExpressionCompiler() : undefined;
  const issues: ConfigIssue[] = [];
  const out = structuredClone(input) as Record<string, unknown>;
  delete out.coefficients;
  const written = out.timeVarying;
  const timeVarying: Record<string, unknown> = written !== null && typeof written === "object" && !Array.isArray(written) ? { ...(written as Record<string, unknown>) } : {};
  for (const { path, source: expression } of found) {
    if (START_ONLY_PARAMS.includes(path)) {
      issues.push({ path, expected: "a number (this parameter is read only at the start, so it cannot vary by year)", value: expression, message: `${path}: expected a number (read only at the start, it cannot vary by year), got the expression "${expression}"` });
      continue;
    }
    try {
      const compiled = (compiler ?? (await loadExpressionCompiler())).compile(expression, path, variables);
      const values = Array.from({ length: years }, (_, t) => compiled.evaluate({ ...coefficients, year: startYear + t, t }));
      timeVarying[path] = values;
      const keys = path.split(".");
      let node = out;
      for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
      node[keys[keys.length - 1]!] = values[0];
    } catch (e) {
      if (!(e instanceof ExpressionError)) throw e;
      issues.push({ path, expected: "an expression of year and t", value: expression, message: e.message });
    }
  }
  if (issues.length > 0) throw new ConfigError(`scenario ${source}`, issues);
  out.timeVarying = timeVarying;
  return out;
}
