/**
 * `ringfence run`, `compare` and `flagship`: load and check every scenario and the results folder before any
 * run, run the batch (this machine's cores or a Redis queue), and publish the results folder whole.
 * @packageDocumentation
 */
import { renameSync } from "node:fs";
import { join } from "node:path";
import { localExecutor, runBatch, type BatchExecutor, type BatchProgress, type BatchSummary } from "@ringfence/core/batch";
import {
  createRunTableWriter,
  FLOW_TABLE_CSV,
  FLOW_TABLE_META,
  FLOW_TABLE_PARQUET,
  RUN_TABLE_CSV,
  RUN_TABLE_META,
  RUN_TABLE_PARQUET,
  renderSummaryPage,
  writeFileAtomic,
  writeReport,
  writeSummaryJson,
  type RunTableWriter,
} from "@ringfence/core/results";
import cliProgress from "cli-progress";
import { nhsWorkerModule } from "../../batch-task.js";
import { INDICATORS } from "../../indicators.js";
import { FLAGSHIP_IDS } from "../../presets.js";
import { batchReportOptions } from "../../report-options.js";
import { checkBatchScenarios, codeFingerprint, HEADLINE_INDICATOR, NHS_QUEUE_MODULE, PRODUCER, queueExecutorFor } from "../../scenario-batch.js";
import { loadScenario, type LoadedScenario } from "../../scenario-files/load.js";
import { pluginExecutor } from "../../task-trust.js";
import { validatedPreset } from "../../experiments/experiment-schema.js";
import { checkRunBound, grouped, measureSecondsPerRun } from "../../run-bound.js";
import type { BatchOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { prepareOutputFolder } from "../output-folder.js";
import { requireQueue } from "../queue-check.js";
import { checkChromium, printOnePage } from "../pdf.js";
import { timeLeftText } from "../progress-text.js";
import { formatSummaryTable } from "../summary-table.js";

/** A progress display: a bar on a terminal, a line every tenth otherwise, or nothing. */
function progressReporter(mode: BatchOptions["progress"], io: Io, total: number): { update: (p: BatchProgress) => void; stop: () => void } {
  if (mode === "none") return { update: () => undefined, stop: () => undefined };
  let start: number | undefined;
  if (mode === "bar" || (mode === "auto" && io.tty)) {
    const bar = new cliProgress.SingleBar({ format: "runs {bar} {value}/{total} | {left}", hideCursor: true, stream: process.stderr }, cliProgress.Presets.shades_classic);
    bar.start(total, 0, { left: "estimating…" });
    return {
      update: (p) => {
        start ??= p.done - 1;
        bar.update(p.done, { left: timeLeftText(p, start) });
      },
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update: (p) => {
      start ??= p.done - 1;
      const tenth = Math.floor((10 * p.done) / p.total);
      if (tenth === lastTenth && p.done !== p.total) return;
      lastTenth = tenth;
      const left = timeLeftText(p, start);
      io.err(`runs ${p.done}/${p.total} (${left === "estimating…" ? "estimating…" : `${p.runsPerSecond.toFixed(1)} runs/s, ${left}`})`);
    },
    stop: () => undefined,
  };
}

/** The scenarios a batch command names: the flagship presets, or its arguments. */
function scenarioNames(command: "run" | "compare" | "flagship", names: readonly string[]): readonly string[] {
  return command === "flagship" ? FLAGSHIP_IDS : names;
}

/** The default results folder of a batch command. */
function defaultOut(command: "run" | "compare" | "flagship", loaded: readonly LoadedScenario[]): string {
  if (command === "flagship") return join("results", "flagship");
  if (command === "compare") return join("results", "compare");
  return join("results", loaded[0]!.scenario.id);
}

/** Loads every scenario of a batch with the command-line overrides, through the one validator. */
async function loadAll(names: readonly string[], options: BatchOptions): Promise<LoadedScenario[]> {
  const overrides: Record<string, unknown> = {};
  if (options.population !== undefined) overrides.population = { size: options.population };
  if (options.years !== undefined) overrides.years = options.years;
  const loaded: LoadedScenario[] = [];
  for (const n of names) loaded.push(await loadScenario(n, { overrides, allowPlugins: options.allowPlugins, pluginTimeoutMs: options.runTimeout * 1000 }));
  checkBatchScenarios(loaded, options.allowPlugins);
  return loaded;
}

/** The first failures of a batch, one line each, with how to replay one. */
function printFailures(summary: Pick<BatchSummary, "failures">, io: Io): void {
  const shown = summary.failures.slice(0, 5);
  io.err(`${summary.failures.length} run${summary.failures.length === 1 ? "" : "s"} failed; the first:`);
  // The first failure in full (a ConfigError lists its issues on the lines after the first), the rest in one line.
  for (const [i, f] of shown.entries()) {
    const lines = f.message.split("\n");
    io.err(`  ${f.scenario} run ${f.run} (seed ${f.seed}): ${(i === 0 ? lines : lines.slice(0, 1)).join("\n    ")}`);
  }
  io.err('  replay one alone in code: runScenario((await loadScenario("<scenario>")).scenario, { seed: "<seed>" }) from @ringfence/agents');
}

/**
 * Runs `run`, `compare` or `flagship`: every input is checked (scenarios, plugins, the results folder)
 * before the first run; results appear in the folder only when complete.
 */
export async function runBatchCommand(command: "run" | "compare" | "flagship", names: readonly string[], options: BatchOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  if (options.pdf) checkChromium();
  const loaded = await loadAll(scenarioNames(command, names), options);
  // The bound, before anything starts; the estimate comes from runs of a plugin-free scenario of this size on this thread.
  const S = loaded.length;
  checkRunBound({ runs: S * options.runs, breakdown: `${S} scenario${S === 1 ? "" : "s"} × ${grouped(options.runs)} runs` }, options.maxRuns, "--max-runs", () => {
    const first = loaded[0]!.scenario;
    const sample = loaded.find((l) => l.plugins.length === 0)?.scenario ?? validatedPreset("ring-fenced", first.population.size);
    const workers = options.queue === undefined ? options.workers : 1;
    return { seconds: (S * options.runs * measureSecondsPerRun(sample, first.years)) / workers, on: options.queue === undefined ? `${workers} worker${workers === 1 ? "" : "s"}` : "one queue worker" };
  });
  // An unusable queue is bad input: refused before anything is written.
  if (options.queue !== undefined) await requireQueue(options.queue);
  const scenarios = loaded.map((l) => l.scenario);
  const out = options.out ?? defaultOut(command, loaded);
  const folder = prepareOutputFolder(out, { command, resume: options.resume, journaled: true });
  try {
    const plugins = loaded.flatMap((l) => l.plugins);
    const fingerprint = codeFingerprint();
    let executor: BatchExecutor;
    if (options.queue !== undefined) {
      if (plugins.length > 0) io.err("ringfence: the batch loads plugins; queue workers must be started with --allow-plugins and see the same files");
      executor = await queueExecutorFor(options.queue, NHS_QUEUE_MODULE);
    } else executor = plugins.length > 0 ? pluginExecutor({ workers: options.workers, taskTimeoutMs: options.runTimeout * 1000 }) : localExecutor({ workers: options.workers });
    const years = scenarios[0]!.years;
    const population = scenarios[0]!.population.size;
    io.err(`ringfence: ${scenarios.map((s) => s.id).join(", ")} × ${options.runs} runs × ${years} years, ${population} population, ${options.queue === undefined ? `${options.workers} worker${options.workers === 1 ? "" : "s"}` : "queue"}, seed ${options.seed}`);
    if (plugins.length > 0) io.err(`ringfence: loading plugins in worker threads (a run may take at most ${options.runTimeout} s): ${[...new Set(plugins)].join(", ")}`);
    const tableDir = join(folder.work, "table");
    const indicators = { ...INDICATORS, ...Object.assign({}, ...loaded.map((l) => l.indicators)) };
    let table: RunTableWriter | null = options.perRun ? createRunTableWriter(tableDir, { csv: true, parquet: true, flows: true, metadata: { indicators } }) : null;
    const bar = progressReporter(options.progress, io, scenarios.length * options.runs);
    let summary: BatchSummary;
    try {
      summary = await runBatch({
        worker: nhsWorkerModule().url,
        scenarios: scenarios.map((s) => ({ id: s.id, config: s })),
        runs: options.runs,
        masterSeed: options.seed,
        years,
        executor,
        erosion: [{ indicator: HEADLINE_INDICATOR, threshold: options.erosionThreshold }],
        journal: folder.journal,
        resume: options.resume,
        producer: PRODUCER,
        codeFingerprint: fingerprint,
        onProgress: (p) => bar.update(p),
        ...(table === null ? {} : { onRecord: (r) => table!.add(r) }),
        signal,
      });
    } catch (e) {
      bar.stop();
      table?.abort();
      table = null;
      if (signal.aborted) {
        io.err(`\ninterrupted: finished runs are kept; continue with the same command and --resume`);
        return EXIT.interrupted;
      }
      throw e;
    }
    bar.stop();
    if (table !== null) await table.close({ manifest: summary.manifest });
    const empty = summary.scenarios.filter((id) => (summary.indicators[id]?.[HEADLINE_INDICATOR]?.[0]?.n ?? 0) === 0);
    if (empty.length > 0) {
      printFailures(summary, io);
      io.err(`ringfence: no run of ${empty.join(", ")} finished, so no results were written (nothing changed in ${out}); fix the failure above and run again`);
      folder.finish();
      return EXIT.failure;
    }
    const kept = await folder.publish(async (dir) => {
      writeSummaryJson(dir, summary);
      if (options.perRun) for (const f of [RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET, FLOW_TABLE_CSV, FLOW_TABLE_META, FLOW_TABLE_PARQUET]) renameSync(join(tableDir, f), join(dir, f));
      const reportOptions = batchReportOptions(scenarios, options.runs, indicators);
      await writeReport(dir, summary, reportOptions);
      if (options.pdf) {
        writeFileAtomic(join(dir, "summary.html"), await renderSummaryPage(summary, reportOptions));
        await printOnePage(join(dir, "summary.html"), join(dir, "summary.pdf"));
      }
    });
    folder.finish();
    if (kept.length > 0) io.err(`ringfence: kept what ringfence did not write in ${out}: ${kept.join(", ")}`);
    io.out(formatSummaryTable(summary, HEADLINE_INDICATOR, options.erosionThreshold, INDICATORS[HEADLINE_INDICATOR].label + ` (${INDICATORS[HEADLINE_INDICATOR].unit})`, "gpFundingReal", INDICATORS.gpFundingReal.unit));
    io.out(`\nresults in ${out}: summary.json, report.html, charts/${options.pdf ? ", summary.pdf" : ""}${options.perRun ? ", runs.csv, runs.parquet, runs.meta.json, flows.csv, flows.parquet, flows.meta.json" : ""}`);
    if (summary.failures.length > 0) {
      printFailures(summary, io);
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    folder.release();
  }
}
