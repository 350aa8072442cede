/**
 * Test helpers: scenario inputs for small, fast runs, and reading a run's series.
 * @packageDocumentation
 */
import type { RunResult } from "@ringfence/core";
import { ENGLAND_2014, mergeScenario, scenarioSchema, type ScenarioInput } from "@ringfence/agents";

/** A preset (or any scenario input) deep-merged with overrides. */
export function merge(base: ScenarioInput, over: Readonly<Record<string, unknown>>): ScenarioInput {
  return mergeScenario(base, over);
}

const DEFAULTS = scenarioSchema.parse({});

/** A field of an object read by name (undefined when `o` is not an object or lacks it). */
const field = (o: unknown, key: string): unknown => (typeof o === "object" && o !== null ? (Object.getOwnPropertyDescriptor(o, key)?.value as unknown) : undefined);

/**
 * The arrangement on its own: no history run first (a continued preset runs 2014/15–2025/26 before its own
 * years), from a fresh 2025/26 population with the schema's 2025/26 values where the presets set 2014/15's.
 */
const ON_ITS_OWN = {
  history: "none",
  startYear: DEFAULTS.startYear,
  population: { year: DEFAULTS.population.year },
  ...Object.fromEntries(Object.entries(ENGLAND_2014).flatMap(([section, values]) => (typeof values === "object" && values !== null && section !== "population" ? [[section, Object.fromEntries(Object.keys(values).map((k) => [k, field(field(DEFAULTS, section), k)]))]] : []))),
};

/** A scenario on its own (no history first, a fresh generated 2025/26 population), at England size unless overridden. */
export function onItsOwn(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  return mergeScenario(mergeScenario(base, ON_ITS_OWN), over);
}

/**
 * A scenario at toy size with overrides, its parameters at their values (no draw from the posterior
 * ensemble) and no history run first: mechanism tests test rules at parameters they control.
 */
export function toy(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  // ON_ITS_OWN first: its population (the year) is merged under the size, not spread over it.
  return mergeScenario(mergeScenario(mergeScenario(base, ON_ITS_OWN), { population: { size: "toy" }, ensemble: "none" }), over);
}

/** A scenario at one-ICB size with overrides, its parameters at their values (no ensemble draw), no history first. */
export function icb(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  return mergeScenario(mergeScenario(mergeScenario(base, ON_ITS_OWN), { population: { size: "icb" }, ensemble: "none" }), over);
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
