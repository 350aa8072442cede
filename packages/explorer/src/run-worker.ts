/**
 * A Web Worker that runs the model: one task of a batch at a time, through the same `runRecord` Node's batch
 * workers use, after admitting the task's scenario with the strict schema (no plugins in a browser). Exposed to
 * the page with comlink.
 * @packageDocumentation
 */
import { parseInput } from "@ringfence/core";
import type { RunRecord, RunTask } from "@ringfence/core/batch";
import { populationSource, runRecord, scenarioSchema, type Scenario } from "@ringfence/agents";
import * as Comlink from "comlink";
import { loadData, type DataInfo } from "./data.js";

/** One ICB's values in a run's final year: its code and the measures the per-ICB view compares. */
export interface IcbValues {
  /** ODS codes of the ICBs, in the population's order. */
  readonly codes: readonly string[];
  /** General practice payments per registered patient in the final year, all lines with PCN money, cash £. */
  readonly perPatient: readonly number[];
  /** Practices with payments in the final year. */
  readonly practices: readonly number[];
}

/** What a task returns: the batch record, and the per-ICB values when the population is the register's. */
export interface TaskResult {
  /** The run's record, as Node's batch workers return it. */
  readonly record: RunRecord;
  /** Final-year values per real ICB (register populations only). */
  readonly icbs?: IcbValues;
}

const admitted = new Map<string, Scenario>();

/** The scenario of a task, parsed once per config by the strict schema; plugins are refused. */
function admit(task: RunTask): Scenario {
  const key = JSON.stringify(task.scenario.config);
  let scenario = admitted.get(key);
  if (scenario === undefined) {
    scenario = parseInput(scenarioSchema, task.scenario.config, `scenario ${task.scenario.id}`);
    if (scenario.plugins.length > 0) throw new Error(`scenario ${task.scenario.id} lists plugins; the explorer runs no plugin code`);
    admitted.set(key, scenario);
  }
  return scenario;
}

const api = {
  /** Loads the data runs need (the ensemble; the register for England) and says what was loaded. */
  prepare(register: boolean): Promise<DataInfo> {
    return loadData(register);
  },

  /** Runs one task and returns its record (and, on the register, the final year per ICB). */
  async run(task: RunTask): Promise<TaskResult> {
    const scenario = admit(task);
    const register = populationSource(scenario) === "register";
    if (register) await loadData(true);
    const { record, result } = runRecord(scenario, task, register ? { panel: true } : {});
    const panel = result.panel;
    if (panel === undefined) return { record };
    const icbs = panel.codes.length;
    const last = result.yearLabels.length - 1;
    const at = (series: readonly number[], i: number): number => series[last * icbs + i]!;
    const s = panel.series;
    return {
      record,
      icbs: {
        codes: panel.codes,
        perPatient: panel.codes.map((_, i) => at(s.payments_per_patient_total, i) + at(s.payments_per_patient_pcn, i)),
        practices: panel.codes.map((_, i) => at(s.practices, i)),
      },
    };
  },
};

/** The worker's interface, as the page sees it through comlink. */
export type RunWorkerApi = typeof api;

Comlink.expose(api);
