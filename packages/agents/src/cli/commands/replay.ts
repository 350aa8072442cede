/**
 * `ringfence replay`: one run of a batch alone, as the batch ran it (the line a failed batch prints), so a
 * failure shows again with its full stack trace. Plugins run in a worker thread with the run's time limit.
 * @packageDocumentation
 */
import { callInWorker } from "@ringfence/core/batch";
import { formatQuantity } from "@ringfence/core/results";
import { INDICATORS, type IndicatorInfo } from "../../indicators.js";
import { REPLAY_MODULE, replayOverrides, type ReplaySeries } from "../../replay.js";
import { checkBatchScenarios, HEADLINE_INDICATOR } from "../../scenario-batch.js";
import { loadScenario } from "../../scenario-files/load.js";
import type { ReplayCommandOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { formatTable } from "../summary-table.js";

/** Runs `ringfence replay <scenario> --seed S`: exit 0 with the run's final year, or 1 with the failure and its stack. */
export async function replayCommand(name: string, options: ReplayCommandOptions, io: Io): Promise<ExitCode> {
  const overrides = replayOverrides(options);
  const loaded = await loadScenario(name, {
    ...(Object.keys(overrides).length === 0 ? {} : { overrides }),
    indicators: options.indicators,
    allowPlugins: options.allowPlugins,
    pluginTimeoutMs: options.runTimeout * 1000,
  });
  checkBatchScenarios([loaded], options.allowPlugins);
  const sc = loaded.scenario;
  io.err(`ringfence replay: ${sc.id} with run seed ${options.seed}, ${sc.years} years, ${sc.population.size} population${options.verify ? ", ledger checked" : ""}${loaded.plugins.length > 0 ? ` (plugins in a worker thread, at most ${options.runTimeout} s)` : ""}`);
  let series: ReplaySeries;
  try {
    series = await callInWorker<ReplaySeries>(REPLAY_MODULE, "replayTask", { scenario: sc, seed: options.seed, verify: options.verify, ...(options.run === undefined ? {} : { runIndex: options.run }) }, { timeoutMs: options.runTimeout * 1000, what: `replaying ${sc.id}` });
  } catch (e) {
    // What the batch recorded, in full: the message and the stack trace, which is why one replays a run.
    const error = e instanceof Error ? e : new Error(String(e));
    io.err(`ringfence replay: the run failed: ${error.message}`);
    if (error.stack !== undefined) io.err(error.stack);
    return EXIT.failure;
  }
  const last = series.years.length - 1;
  const info: Record<string, IndicatorInfo> = { ...INDICATORS, ...loaded.indicators };
  const ids = [HEADLINE_INDICATOR, ...Object.keys(series.indicators).filter((id) => id !== HEADLINE_INDICATOR)];
  const rows = ids.map((id) => {
    const v = series.indicators[id]?.[last];
    const i = info[id];
    return [id, i?.label ?? id, typeof v === "number" ? (i === undefined ? String(v) : formatQuantity(i, v)) : "-"];
  });
  io.out(`${sc.id}, run seed ${options.seed}: every indicator in ${series.years[last] ?? "?"}`);
  io.out(formatTable(["indicator", "label", "value"], rows));
  return EXIT.ok;
}
