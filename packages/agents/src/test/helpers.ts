/**
 * Test helpers: scenario inputs for small, fast runs.
 * @packageDocumentation
 */
import { mergeScenario, type ScenarioInput } from "@ringfence/agents";

/** A preset (or any scenario input) deep-merged with overrides. */
export function merge(base: ScenarioInput, over: Readonly<Record<string, unknown>>): ScenarioInput {
  return mergeScenario(base, over);
}

/** A scenario at toy size with overrides. */
export function toy(base: ScenarioInput, over: Readonly<Record<string, unknown>> = {}): ScenarioInput {
  return mergeScenario(mergeScenario(base, { population: { size: "toy" } }), over);
}
