/**
 * Test helpers: scenario inputs for small, fast runs.
 * @packageDocumentation
 */
import type { ScenarioInput } from "../scenario.js";

/** Deep-merges plain objects (arrays and values replace). */
export function merge<T>(base: T, over: unknown): T {
  if (over === undefined) return base;
  if (base === null || typeof base !== "object" || Array.isArray(base) || over === null || typeof over !== "object" || Array.isArray(over)) {
    return over as T;
  }
  const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
  for (const [k, v] of Object.entries(over)) out[k] = merge(out[k], v);
  return out as T;
}

/** A scenario at toy size with overrides. */
export function toy(base: ScenarioInput, over: unknown = {}): ScenarioInput {
  return merge(merge(base, { population: { size: "toy" } }), over);
}
