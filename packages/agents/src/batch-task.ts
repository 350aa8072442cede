/**
 * The NHS model's side of a Monte Carlo batch: `runTask` runs one (scenario, seed) and reports the
 * yearly indicators and the flows of general practice money. Batch workers import this module.
 * @packageDocumentation
 */
import { parseInput } from "@ringfence/core";
import type { FlowRecord, RunRecord, RunTask } from "@ringfence/core/batch";
import { GP_LINES, type GpLine } from "./domain.js";
import { runScenario } from "./model.js";
import type { PolicyRegistry } from "./policies/registry.js";
import { loadPlugins } from "./scenario-file.js";
import { scenarioSchema } from "./scenario.js";

const registries = new Map<string, Promise<PolicyRegistry>>();
const gpLines = new Set<string>(GP_LINES);

/**
 * Whether a general practice flow between two groups is a destination of the money (so flows can be
 * stacked without counting the same pounds twice): payments into practices; what PCNs spend on staff or
 * return; and what a host keeps for itself (its held lines moving into its own services). Budget transfers
 * between bodies (ICB to a place board, to an IHO host, to a PCN) are intermediate and left out.
 */
export function isDestination(from: string, to: string): boolean {
  return to === "practice" || (from === "pcn" && to !== "practice") || (from === to && (from === "acute-trust" || from === "federation"));
}

/** The fund label of batch flow records: the five general practice lines summed. */
export const GP_FUND = "general-practice";

/** Whether a fund is a general practice line. */
export function isGpLine(fund: string): fund is GpLine {
  return gpLines.has(fund);
}

/**
 * Runs one task of a batch: validates the scenario, loads its plugins once per worker, runs it with the
 * task's seed and years, and returns every indicator per year plus where general practice money ended
 * (summed over the five lines, labelled {@link GP_FUND}).
 * @remarks A pure function of (scenario, seed, years): the result never depends on the worker or order.
 */
export async function runTask(task: RunTask): Promise<RunRecord> {
  const scenario = parseInput(scenarioSchema, task.scenario.config, `scenario ${task.scenario.id}`);
  const key = JSON.stringify(scenario.plugins);
  let registry = registries.get(key);
  if (registry === undefined) {
    registry = loadPlugins(scenario.plugins);
    registries.set(key, registry);
  }
  const result = runScenario({ ...scenario, years: task.years }, { seed: task.seed, registry: await registry });
  // Summed over the five general practice lines, one flow per (year, from, to) destination.
  const flows: FlowRecord[] = [];
  for (const year of result.flows) {
    const byPair = new Map<string, FlowRecord>();
    for (const row of year.rows) {
      if (!isGpLine(row.fund) || !isDestination(row.from, row.to)) continue;
      const key = `${row.from}\u0000${row.to}`;
      const f = byPair.get(key);
      byPair.set(key, { year: year.year, from: row.from, to: row.to, fund: GP_FUND, pence: (f?.pence ?? 0) + row.pence });
    }
    flows.push(...byPair.values());
  }
  return { scenario: task.scenario.id, run: task.run, seed: task.seed, years: result.yearLabels, indicators: result.yearSeries, flows };
}
