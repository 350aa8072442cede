/**
 * Boundary validation with zod: one parse, errors that name the path, the value and what was expected.
 * @packageDocumentation
 */
import type { z } from "zod";

/** One problem found in an input. */
export interface ConfigIssue {
  /** Dotted path to the field, such as `years` or `roles.placeBoard.lean`. */
  readonly path: string;
  /** What was expected. */
  readonly expected: string;
  /** The value found (undefined when missing). */
  readonly value: unknown;
  /** One line: `path: expected …, got …`. */
  readonly message: string;
}

/** Thrown when an input fails validation; `issues` lists every problem, `message` has one per line. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
  /** Every problem found. */
  readonly issues: readonly ConfigIssue[];
  /** Creates the error from its issues, prefixed by what was being validated. */
  constructor(what: string, issues: readonly ConfigIssue[]) {
    super(`invalid ${what}:\n${issues.map((i) => `  ${i.message}`).join("\n")}`);
    this.issues = issues;
  }
}

/** Renders a value for an error message: short JSON, `nothing` when missing. */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (typeof value === "number" || typeof value === "boolean" || value === null) return String(value);
  try {
    const s = JSON.stringify(value);
    return s.length > 60 ? `${s.slice(0, 57)}...` : s;
  } catch {
    return String(value);
  }
}

function pathOf(path: readonly PropertyKey[]): string {
  let out = "";
  for (const p of path) {
    if (typeof p === "number") out += `[${p}]`;
    else out += out === "" ? String(p) : `.${String(p)}`;
  }
  return out === "" ? "(root)" : out;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = input;
  for (const p of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** Turns zod issues into {@link ConfigIssue}s that name the path, the value and what was expected. */
export function toConfigIssues(error: z.ZodError, input: unknown): ConfigIssue[] {
  const out: ConfigIssue[] = [];
  for (const issue of error.issues) {
    if (issue.code === "unrecognized_keys") {
      for (const key of issue.keys) {
        const path = pathOf([...issue.path, key]);
        out.push({
          path,
          expected: "no such key (unknown field)",
          value: valueAt(input, [...issue.path, key]),
          message: `${path}: unknown key, expected one of the documented fields`,
        });
      }
      continue;
    }
    const path = pathOf(issue.path);
    const value = valueAt(input, issue.path);
    const expected = issue.message
      .replace(/^(Invalid input|Too small|Too big): /, "")
      .replace(/^expected string to have >=1 characters$/, "expected a non-empty text")
      .replace(/, received \w+$/, "");
    // A custom message may already say what it got (a sum, a year's value); then it is used as it is.
    const said = /, got /.test(expected);
    out.push({ path, expected: said ? expected.replace(/, got [\s\S]*$/, "") : expected, value, message: said ? `${path}: ${expected}` : `${path}: ${expected}, got ${describeValue(value)}` });
  }
  return out;
}

/**
 * Parses an input with a zod schema, throwing a {@link ConfigError} that lists every problem.
 * @example
 * ```ts
 * parseInput(z.object({ years: integerIn(1, 50) }), { years: 0 }, "run options");
 * // ConfigError: invalid run options:
 * //   years: expected an integer from 1 to 50, got 0
 * ```
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown, what = "input"): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  throw new ConfigError(what, toConfigIssues(result.error, input));
}

