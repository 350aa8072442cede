/**
 * Replaying one run of a batch alone: the scenario loaded as the batch loaded it (its overrides, its plugins'
 * policies, extensions and indicators) and run with the run's own seed, so a failure shows again with its full
 * stack trace, or a run can be inspected.
 * @packageDocumentation
 */
import type { RunResult } from "@ringfence/core";
import type { Fund } from "./domain.js";
import { runScenario } from "./model.js";
import type { GrowthPath, PopulationSize, Scenario } from "./scenario.js";
import { loadScenario } from "./scenario-files/load.js";

/** Options of {@link replayRun}: the batch's own options, so the run is the batch's run. */
export interface ReplayOptions {
  /** The batch's population size (`--population`), when it set one. */
  readonly population?: PopulationSize;
  /** The batch's years (`--years`), when it set them. */
  readonly years?: number;
  /** The run's number in its batch (it picks the run's parameter set from the ensemble). */
  readonly runIndex?: number;
  /** The growth path the run's batch ran under (`--growth`), when it set one. */
  readonly growth?: GrowthPath;
  /** Other values the batch merged over the scenario (`overrides` of `runScenarioBatch`). */
  readonly overrides?: Readonly<Record<string, unknown>>;
  /** Plugin indicators the batch recorded besides the scenario's own (`--indicators`). */
  readonly indicators?: readonly string[];
  /** Load the scenario's plugins (on this thread: their code runs here). Default false. */
  readonly allowPlugins?: boolean;
  /** Check the ledger's conservation at the end of the run (`--verify`). */
  readonly verify?: boolean;
  /** Record agent-level series too. */
  readonly recordAgents?: boolean;
  /** Keep every ledger posting. */
  readonly audit?: boolean;
}

/** What {@link replayRun} returns: the scenario as the batch ran it and the run's result. */
export interface Replay {
  /** The validated scenario, as the batch loaded it. */
  readonly scenario: Scenario;
  /** The run's recorded series, flows and ledger totals. */
  readonly result: RunResult<string, Fund>;
}

/** The overrides a batch with these options merged over every scenario (population, years, then the rest). */
export function replayOverrides(options: { readonly population?: PopulationSize | undefined; readonly years?: number | undefined; readonly growth?: GrowthPath | undefined; readonly overrides?: Readonly<Record<string, unknown>> | undefined }): Record<string, unknown> {
  const out: Record<string, unknown> = { ...(options.overrides ?? {}) };
  if (options.growth !== undefined) out.future = { ...((out.future as Record<string, unknown> | undefined) ?? {}), growth: options.growth };
  if (options.population !== undefined) out.population = { ...((out.population as Record<string, unknown> | undefined) ?? {}), size: options.population };
  if (options.years !== undefined) out.years = options.years;
  return out;
}

/**
 * Replays one run of a batch: loads the scenario (a preset id or a file) with the batch's options, rebuilds the
 * policy registry, extensions and indicators from its plugins, and runs it once with the run's seed (the seed
 * a failure lists, not the batch's master seed).
 * @example
 * ```ts
 * // The line `ringfence` prints under a failed run, in code:
 * const { result } = await replayRun("./my-scenario.yaml", "2025:3", { population: "toy", years: 3, allowPlugins: true });
 * ```
 * @remarks The same scenario, options and seed give the run the batch gave (every run of a batch is a pure
 * function of them). Plugins run on this thread: allow only plugins you would run as a script.
 * @throws ConfigError when the scenario is invalid; otherwise whatever the run throws, with its stack.
 */
export async function replayRun(scenario: string, seed: string, options: ReplayOptions = {}): Promise<Replay> {
  const overrides = replayOverrides(options);
  const loaded = await loadScenario(scenario, {
    ...(Object.keys(overrides).length === 0 ? {} : { overrides }),
    ...(options.indicators === undefined ? {} : { indicators: options.indicators }),
    allowPlugins: options.allowPlugins === true,
    pluginCheck: "here",
  });
  if (loaded.plugins.length > 0 && loaded.pluginSet === undefined) {
    throw new Error(`replayRun: ${scenario} loads plugins; pass allowPlugins: true to run them (their code runs on this thread)`);
  }
  const result = runScenario(loaded.scenario, {
    seed,
    ...(options.runIndex === undefined ? {} : { runIndex: options.runIndex }),
    ...(loaded.pluginSet === undefined ? {} : { plugins: loaded.pluginSet }),
    ...(options.verify === undefined ? {} : { verify: options.verify }),
    ...(options.recordAgents === undefined ? {} : { recordAgents: options.recordAgents }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
  return { scenario: loaded.scenario, result };
}

/** What a replay in a worker thread sends back: the run's year labels and indicator series (plain data). */
export interface ReplaySeries {
  /** Financial year labels. */
  readonly years: readonly string[];
  /** Indicator id → one value per year (null where it does not apply). */
  readonly indicators: Readonly<Record<string, readonly (number | null)[]>>;
}

/**
 * Runs in a worker thread of its own for `ringfence replay` (plugins never run on the command's thread):
 * imports the validated scenario's plugins, checked against its hashes, and runs it once with `seed`.
 */
export async function replayTask(argument: { readonly scenario: Scenario; readonly seed: string; readonly runIndex?: number; readonly verify: boolean }): Promise<ReplaySeries> {
  const { importPlugins } = await import("./plugins.js");
  const { scenarioSchema } = await import("./scenario.js");
  const scenario = scenarioSchema.parse(argument.scenario);
  const plugins = scenario.plugins.length === 0 ? undefined : await importPlugins(scenario.plugins, undefined, scenario.pluginHashes);
  const result = runScenario(scenario, { seed: argument.seed, verify: argument.verify, ...(argument.runIndex === undefined ? {} : { runIndex: argument.runIndex }), ...(plugins === undefined ? {} : { plugins }) });
  return { years: result.yearLabels, indicators: Object.fromEntries(Object.entries(result.yearSeries).map(([k, v]) => [k, v.map((x) => (Number.isFinite(x) ? x : null))])) };
}

/** This module's URL (`.ts` from sources, `.js` compiled), for `ringfence replay` to run {@link replayTask} in a worker. */
export const REPLAY_MODULE: string = import.meta.url;
