/**
 * How an experiment tells a scenario file from a preset id: by its extension.
 * @packageDocumentation
 */
import { SCENARIO_EXTENSIONS } from "../scenario-files/resolve.js";

/** Whether an experiment's scenario names a scenario file (ends .yaml, .yml or .json). */
export function isScenarioFileName(name: string): boolean {
  return SCENARIO_EXTENSIONS.some((e) => name.toLowerCase().endsWith(e));
}
