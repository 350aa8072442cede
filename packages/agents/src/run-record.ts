/**
 * One run of a batch as the record a batch folds: every indicator per year and the flows a batch follows
 * (by default general practice money between ledger groups). Pure: Node's batch workers (`batch-task.ts`,
 * which also admits the config and its plugins) and a browser's Web Workers build records with
 * {@link runRecord}, so both fold the same numbers.
 * @packageDocumentation
 */
import type { RunResult } from "@ringfence/core";
import type { FlowRecord, RunRecord, RunTask } from "@ringfence/core/batch";
import { GP_FUND, type FlowChoice } from "./batch-options.js";
import { GP_LINES, type GpLine } from "./domain.js";
import { runScenario, type NhsRunResult, type RunScenarioOptions } from "./model.js";
import type { Scenario } from "./scenario.js";

/** Name and version of this package, recorded in every batch manifest. */
export const PRODUCER = "@ringfence/agents@0.1.0";

/** The indicator whose erosion a batch reports by default. */
export const HEADLINE_INDICATOR = "gpFundingPerWeightedPatient";

const gpLines = new Set<string>(GP_LINES);

/** Whether a fund is a general practice line. */
export function isGpLine(fund: string): fund is GpLine {
  return gpLines.has(fund);
}

/** The flows of one run as batch records, following `choice`. */
export function flowRecords(years: RunResult<string, string>["flows"], choice: FlowChoice): FlowRecord[] {
  const flows: FlowRecord[] = [];
  for (const year of years) {
    // One flow per (year, from, to, fund), the five general practice lines summed unless one is chosen alone.
    const byKey = new Map<string, FlowRecord>();
    for (const row of year.rows) {
      let fund: string;
      if (choice === "all") fund = isGpLine(row.fund) ? GP_FUND : row.fund;
      else if (choice === GP_FUND) {
        if (!isGpLine(row.fund)) continue;
        fund = GP_FUND;
      } else {
        if (row.fund !== choice) continue;
        fund = row.fund;
      }
      const key = `${row.from}\u0000${row.to}\u0000${fund}`;
      const f = byKey.get(key);
      byKey.set(key, { year: year.year, from: row.from, to: row.to, fund, pence: (f?.pence ?? 0) + row.pence });
    }
    flows.push(...byKey.values());
  }
  return flows;
}

/** How {@link runRecord} runs a task: the model's run options (the seed and run index are the task's) and the flows kept. */
export interface RunRecordOptions extends Omit<RunScenarioOptions, "seed" | "runIndex"> {
  /** Which flows the record keeps (default {@link GP_FUND}). */
  readonly flows?: FlowChoice;
}

/**
 * Runs one task of a batch on an admitted scenario and returns its record and the run's result: the task's seed
 * and years, and its run number as the run index (which picks the run's parameter set from the ensemble), so a
 * run gives the same numbers wherever it runs; the record holds the per-ICB panel as `areas` when asked for.
 * @remarks A pure function of (scenario, task, options): the result never depends on the thread, the worker or the order.
 */
export function runRecord(scenario: Scenario, task: RunTask, options: RunRecordOptions = {}): { readonly record: RunRecord; readonly result: NhsRunResult } {
  const { flows = GP_FUND, ...run } = options;
  const result = runScenario({ ...scenario, years: task.years }, { ...run, seed: task.seed, runIndex: task.run });
  const record: RunRecord = { scenario: task.scenario.id, run: task.run, seed: task.seed, years: result.yearLabels, indicators: result.yearSeries, flows: flowRecords(result.flows, flows) };
  return { record: result.panel === undefined ? record : { ...record, areas: { codes: result.panel.codes, series: result.panel.series } }, result };
}
