/**
 * From the explorer's state to the scenarios a batch runs, and back out to Node: each arrangement is its
 * preset with the levers merged over it, validated by the one validator with the population as an override,
 * exactly as `ringfence compare <id>.yaml --population <size>` validates the scenario file the page offers
 * for download. The same data on both sides gives the same scenario, so the CLI reproduces the page's numbers.
 * @packageDocumentation
 */
import { mergeScenario, PRESETS, validateScenarioData, type Scenario } from "@ringfence/agents";
import { stringify } from "yaml";
import { leverOverrides, type ArrangementId, type ExplorerState, type Levers } from "./state.js";

/** The model this page runs: the agents package's name and version, and a fingerprint of the model's sources. */
export const MODEL_VERSION: string = __MODEL_VERSION__;

/** The scenarios of a state in batch order: the baseline first, then each arrangement. */
export function scenarioIds(state: ExplorerState): ArrangementId[] {
  return [state.baseline, ...state.arrangements.filter((a) => a !== state.baseline)];
}

/** Whether the levers change an arrangement (then it runs from a scenario file, not the bare preset). */
export function changedByLevers(levers: Levers, id: ArrangementId): boolean {
  return Object.keys(leverOverrides(levers, id)).length > 0;
}

/** The title of an arrangement with the explorer's levers set. */
export function leverTitle(id: ArrangementId): string {
  return `${PRESETS[id].title ?? id}, with the explorer's levers`;
}

/** What a scenario file for an arrangement says beyond `extends`: its title and the levers (empty when none apply). */
function fileBody(levers: Levers, id: ArrangementId): Record<string, unknown> {
  const overrides = leverOverrides(levers, id);
  return Object.keys(overrides).length === 0 ? {} : { title: leverTitle(id), ...overrides };
}

/** The scenario data of an arrangement before validation: the preset with the file's body merged over it. */
export function scenarioData(levers: Levers, id: ArrangementId): Record<string, unknown> {
  return mergeScenario(structuredClone(PRESETS[id]) as Record<string, unknown>, fileBody(levers, id));
}

/** Validates an arrangement with levers and a population, as the CLI validates its scenario file. */
export function validateArrangement(id: ArrangementId, levers: Levers, population: ExplorerState["population"]): Promise<Scenario> {
  return validateScenarioData(scenarioData(levers, id), changedByLevers(levers, id) ? `${id}.yaml` : id, { population: { size: population } });
}

/** Every scenario of a state, validated, in batch order. */
export function buildScenarios(state: ExplorerState): Promise<Scenario[]> {
  return Promise.all(scenarioIds(state).map((id) => validateArrangement(id, state.levers, state.population)));
}

/** The scenario file (YAML) that reproduces an arrangement with the levers in Node, saved as `<id>.yaml`. */
export function scenarioYaml(state: ExplorerState, id: ArrangementId): string {
  const head = [
    `# Ringfence explorer: ${id} with the levers set on the page (model ${MODEL_VERSION}).`,
    `# Save beside the other files of the comparison and run: ${cliCommand(state)}`,
  ];
  return `${head.join("\n")}\n${stringify({ extends: id, ...fileBody(state.levers, id) }, { lineWidth: 0 })}`;
}

/** The scenario argument of the CLI for an arrangement: the preset id, or its file when the levers change it. */
function cliArgument(state: ExplorerState, id: ArrangementId): string {
  return changedByLevers(state.levers, id) ? `${id}.yaml` : id;
}

/** The `ringfence compare` command that reproduces the page's batch in Node (the files named are the page's downloads). */
export function cliCommand(state: ExplorerState): string {
  const args = scenarioIds(state).map((id) => cliArgument(state, id));
  return `npx ringfence compare ${args.join(" ")} --population ${state.population} --runs ${state.runs} --seed ${state.seed} --out results/explorer`;
}

/** The arrangements whose scenario files a reproduction needs (those the levers change). */
export function filesNeeded(state: ExplorerState): ArrangementId[] {
  return scenarioIds(state).filter((id) => changedByLevers(state.levers, id));
}
