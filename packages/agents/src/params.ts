/**
 * Scenario parameters with their documentation attached: unit, range, default, source (a published figure
 * or a seed quote, or "ours"), and for the behavioural parameters the calibration fits, a prior. A walker
 * lists every numeric parameter of a schema by path, for the calibration, the exploration and the docs.
 * @packageDocumentation
 */
import type { Prior } from "@ringfence/core/calibrate";
import { z } from "zod";

/** What a numeric scenario parameter is, in words: its unit, where its default comes from, its prior. */
export interface ParamInfo {
  /** Unit, such as `share`, `a year`, `£ per patient` or `patients`. */
  readonly unit: string;
  /** The published figure, seed quote or reasoning behind the default; "ours" marks our own assumption. */
  readonly source: string;
  /** Prior for calibration (present on the uncertain behavioural parameters the calibration fits). */
  readonly prior?: Prior;
  /** `false`: the calibration does not search it (no fitted output sees it, or only other arrangements read it); forward runs draw it from its prior. */
  readonly searched?: false;
}

/** A numeric parameter found in a schema: its path, bounds, default and documentation. */
export interface ParamEntry extends ParamInfo {
  /** Dotted path in a scenario, such as `iho.acute.propensity`. */
  readonly path: string;
  /** One sentence on what it is. */
  readonly description: string;
  /** Smallest allowed value. */
  readonly min: number;
  /** Largest allowed value. */
  readonly max: number;
  /** Whether only whole numbers are allowed. */
  readonly integer: boolean;
  /** Default value. */
  readonly default: number | undefined;
}

/**
 * A number in [min, max] with its documentation; every error reads `expected a number from min to max`.
 * @example
 * ```ts
 * const propensity = num(0, 1, 0.5, "Median share of a shortfall covered from held lines", { unit: "share", source: "ours" });
 * ```
 */
export function num(min: number, max: number, fallback: number, description: string, info: ParamInfo): z.ZodDefault<z.ZodNumber> {
  const error = `expected a number from ${min} to ${max} (${info.unit})`;
  return z.number({ error }).min(min, { error }).max(max, { error }).meta({ description, ...info }).default(fallback);
}

/** A whole number in [min, max] with its documentation. */
export function int(min: number, max: number, fallback: number, description: string, info: ParamInfo): z.ZodDefault<z.ZodNumber> {
  const error = `expected an integer from ${min} to ${max} (${info.unit})`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error }).meta({ description, ...info }).default(fallback);
}

/** A share from 0 to 1 with its documentation. */
export function share(fallback: number, description: string, info: Omit<ParamInfo, "unit"> & { readonly unit?: string }): z.ZodDefault<z.ZodNumber> {
  return num(0, 1, fallback, description, { unit: "share", ...info });
}

/** A yearly rate (0.03 = 3% a year) in [min, max] with its documentation. */
export function rate(min: number, max: number, fallback: number, description: string, info: Omit<ParamInfo, "unit"> & { readonly unit?: string }): z.ZodDefault<z.ZodNumber> {
  return num(min, max, fallback, description, { unit: "a year", ...info });
}

/**
 * Lists every numeric parameter of an object schema by dotted path, with bounds, default and documentation.
 * @remarks Follows object shapes through defaults, prefaults and optionals; records and arrays (policy
 * parameters, claims) are not walked.
 */
export function listParams(schema: z.ZodType, prefix = ""): ParamEntry[] {
  const out: ParamEntry[] = [];
  const walk = (s: z.ZodType, path: string, fallback: unknown): void => {
    if (s instanceof z.ZodDefault) {
      const value: unknown = s.def.defaultValue;
      walk(s.unwrap() as z.ZodType, path, typeof value === "function" ? (value as () => unknown)() : value);
      return;
    }
    if (s instanceof z.ZodPrefault || s instanceof z.ZodOptional) {
      walk(s.unwrap() as z.ZodType, path, fallback);
      return;
    }
    if (s instanceof z.ZodObject) {
      for (const [key, child] of Object.entries(s.shape)) walk(child as z.ZodType, path === "" ? key : `${path}.${key}`, undefined);
      return;
    }
    if (!(s instanceof z.ZodNumber)) return;
    const n = s;
    const meta = (n.meta() ?? {}) as Partial<ParamInfo> & { description?: string };
    out.push({
      path,
      description: meta.description ?? n.description ?? "",
      unit: meta.unit ?? "",
      source: meta.source ?? "",
      ...(meta.prior === undefined ? {} : { prior: meta.prior }),
      ...(meta.searched === false ? { searched: false as const } : {}),
      min: n.minValue ?? Number.NEGATIVE_INFINITY,
      max: n.maxValue ?? Number.POSITIVE_INFINITY,
      integer: n.isInt,
      default: typeof fallback === "number" ? fallback : undefined,
    });
  };
  walk(schema, prefix, undefined);
  return out;
}
