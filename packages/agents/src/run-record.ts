/**
 * One run of a batch as the record a batch folds: every indicator per year and the flows of general practice
 * money between ledger groups. Pure: Node's batch workers (`batch-task.ts`, which also admits plugins) and a
 * browser's Web Workers build records with {@link runRecord}, so both fold the same numbers.
 * @packageDocumentation
 */
import type { FlowRecord, RunRecord, RunTask } from "@ringfence/core/batch";
import { GP_LINES, type GpLine } from "./domain.js";
import { runScenario, type NhsRunResult, type RunScenarioOptions } from "./model.js";
import type { Scenario } from "./scenario.js";

/** Name and version of this package, recorded in every batch manifest. */
export const PRODUCER = "@ringfence/agents@0.1.0";

/** The indicator whose erosion a batch reports by default. */
export const HEADLINE_INDICATOR = "gpFundingPerWeightedPatient";

/** The fund label of batch flow records: the five general practice lines summed. */
export const GP_FUND = "general-practice";

const gpLines = new Set<string>(GP_LINES);

/** Whether a fund is a general practice line. */
export function isGpLine(fund: string): fund is GpLine {
  return gpLines.has(fund);
}

/**
 * The record of a finished run: its indicators per year and the general practice money summed over the five
 * lines, one flow per (year, from, to), labelled {@link GP_FUND}: the network from the bodies that set or
 * grant the lines, through whoever holds them, to practices, PCN staff, the holders' own services, or back.
 */
export function recordOf(task: RunTask, result: NhsRunResult): RunRecord {
  const flows: FlowRecord[] = [];
  for (const year of result.flows) {
    const byPair = new Map<string, FlowRecord>();
    for (const row of year.rows) {
      if (!isGpLine(row.fund)) continue;
      const key = `${row.from}\u0000${row.to}`;
      const f = byPair.get(key);
      byPair.set(key, { year: year.year, from: row.from, to: row.to, fund: GP_FUND, pence: (f?.pence ?? 0) + row.pence });
    }
    flows.push(...byPair.values());
  }
  return { scenario: task.scenario.id, run: task.run, seed: task.seed, years: result.yearLabels, indicators: result.yearSeries, flows };
}

/**
 * Runs one task of a batch on an admitted scenario (its seed and years) and returns its record.
 * @remarks A pure function of (scenario, seed, years) and the options' registry, indicators and extensions:
 * the result never depends on the thread, the worker or the order.
 */
export function runRecord(scenario: Scenario, task: RunTask, options: Omit<RunScenarioOptions, "seed"> = {}): { readonly record: RunRecord; readonly result: NhsRunResult } {
  const result = runScenario({ ...scenario, years: task.years }, { ...options, seed: task.seed });
  return { record: recordOf(task, result), result };
}
