/**
 * Test helpers: scenario inputs for small, fast runs, and reading a run's series.
 * @packageDocumentation
 */
import type { RunResult } from "@ringfence/core";
import { mergeScenario, type ScenarioInput } from "@ringfence/agents";

/** A preset (or any scenario input) deep-merged with overrides. */
export function merge(base: ScenarioInput, over: Readonly<Record<string, unknown>>): ScenarioInput {
  return mergeScenario(base, over);
}

/**
 * A scenario at toy size with overrides, its parameters at their values (no draw from the posterior
 * ensemble): mechanism tests test rules at parameters they control.
 */
export function toy(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  return mergeScenario(mergeScenario(base, { population: { size: "toy" }, ensemble: "none" }), over);
}

/** A scenario at one-ICB size with overrides, its parameters at their values (no ensemble draw). */
export function icb(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  return mergeScenario(mergeScenario(base, { population: { size: "icb" }, ensemble: "none" }), over);
}

/** The series of an indicator. */
export function series(r: RunResult, id: string): number[] {
  const s = r.yearSeries[id];
  if (s === undefined) throw new Error(`no indicator ${id}`);
  return s;
}

/** The final-year value of an indicator. */
export function last(r: RunResult, id: string): number {
  const s = series(r, id);
  return s[s.length - 1]!;
}

/** The sum of an indicator over the years. */
export function total(r: RunResult, id: string): number {
  return series(r, id).reduce((a, b) => a + (Number.isFinite(b) ? b : 0), 0);
}
