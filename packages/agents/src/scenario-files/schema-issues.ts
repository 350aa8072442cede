/**
 * Problems with values checked by a modeller's own zod schema (a policy's or an extension's parameters), in the
 * words the scenario schema uses: `expected a number from 0 to 10, got 50` where zod by itself says `expected
 * number to be <=10`, bounds that are no real bound (the largest safe integer) left out.
 * @packageDocumentation
 */
import { toConfigIssues, type ConfigIssue } from "@ringfence/core";
import { z } from "zod";
import { isRealBound, rangeWords } from "../range-words.js";

/** Unwraps defaults, prefaults, optionals, nullables, readonly and pipes to the schema that checks the value. */
export function innerSchema(schema: z.ZodType): z.ZodType {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    if (s instanceof z.ZodDefault || s instanceof z.ZodPrefault || s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodReadonly) s = s.unwrap() as z.ZodType;
    else if (s instanceof z.ZodPipe) s = s.in as z.ZodType;
    else break;
  }
  return s;
}

/** The schema that checks the value at `path` inside `schema` (objects, records and arrays followed), or undefined. */
export function schemaAt(schema: z.ZodType, path: readonly PropertyKey[]): z.ZodType | undefined {
  let s = innerSchema(schema);
  for (const key of path) {
    if (s instanceof z.ZodObject && typeof key === "string" && Object.hasOwn(s.shape, key)) s = innerSchema((s.shape as Record<string, z.ZodType>)[key]!);
    else if (s instanceof z.ZodRecord) s = innerSchema(s.valueType as z.ZodType);
    else if (s instanceof z.ZodArray && typeof key === "number") s = innerSchema(s.element as z.ZodType);
    else return undefined;
  }
  return s;
}

/** What a number schema accepts, in words: `a number from 0 to 10`, `an integer from 1`, `a number above 0`. */
export function numberWords(schema: z.ZodNumber, exclusive: { readonly low?: boolean; readonly high?: boolean } = {}): string {
  const noun = schema.isInt === true ? "an integer" : "a number";
  const min = schema.minValue ?? Number.NEGATIVE_INFINITY;
  const max = schema.maxValue ?? Number.POSITIVE_INFINITY;
  if (exclusive.low !== true && exclusive.high !== true) {
    const range = rangeWords(min, max);
    return range === "of any size" ? noun : `${noun} ${range}`;
  }
  const parts: string[] = [];
  if (isRealBound(min)) parts.push(exclusive.low === true ? `above ${min}` : `from ${min}`);
  if (isRealBound(max)) parts.push(exclusive.high === true ? `below ${max}` : `up to ${max}`);
  return parts.length === 0 ? noun : `${noun} ${parts.join(" and ")}`;
}

/** zod's own default messages (a schema with a message of its own keeps it). */
const ZOD_DEFAULT = /^(Too big|Too small|Invalid input): /;

/**
 * Turns a zod error from a modeller's schema into {@link ConfigIssue}s like `toConfigIssues`, except that a
 * number out of its bounds, a fraction where an integer was wanted and a non-number where a number was wanted
 * read `expected a number from 0 to 10, got 50` (both bounds, as written; no largest-safe-integer bound).
 * `prefix` is put before every path (`policies.council.params`).
 */
export function schemaIssues(schema: unknown, error: z.ZodError, input: unknown, prefix = ""): ConfigIssue[] {
  const at = (path: string): string => (prefix === "" ? path : path === "(root)" ? prefix : `${prefix}.${path}`);
  const out: ConfigIssue[] = [];
  if (!(schema instanceof z.ZodType)) {
    // Not a zod schema of this copy of zod (a hand-made `safeParse`): its own messages, paths prefixed.
    return toConfigIssues(error, input).map((i) => ({ ...i, path: at(i.path), message: `${at(i.path)}${i.message.slice(i.path.length)}` }));
  }
  for (const issue of error.issues) {
    const target = schemaAt(schema, issue.path);
    const own = !ZOD_DEFAULT.test(issue.message);
    const numeric = target instanceof z.ZodNumber && (issue.code === "too_big" || issue.code === "too_small" || issue.code === "invalid_type");
    for (const i of toConfigIssues(new z.ZodError([issue]), input)) {
      if (!numeric || own) {
        out.push({ ...i, path: at(i.path), message: `${at(i.path)}${i.message.slice(i.path.length)}` });
        continue;
      }
      const exclusive = issue.code === "too_big" ? { high: !issue.inclusive } : issue.code === "too_small" ? { low: !issue.inclusive } : {};
      const expected = numberWords(target, exclusive);
      const got = typeof i.value === "number" ? String(i.value) : JSON.stringify(i.value) ?? "nothing";
      out.push({ path: at(i.path), expected, value: i.value, message: `${at(i.path)}: expected ${expected}, got ${got}` });
    }
  }
  return out;
}
