/**
 * `ringfence run`, `compare` and `flagship`: load and check every scenario and the results folder before any
 * run, run the batch (this machine's cores or a Redis queue), and publish the results folder whole.
 * @packageDocumentation
 */
import { existsSync, mkdirSync, renameSync } from "node:fs";
import { ConfigError } from "@ringfence/core";
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
import { nhsTaskConfig, nhsWorkerModule } from "../../batch-task.js";
import { INDICATORS, type IndicatorInfo } from "../../indicators.js";
import { FLAGSHIP_IDS } from "../../presets.js";
import { batchReportOptions } from "../../report-options.js";
import { checkBatchScenarios, codeFingerprint, HEADLINE_INDICATOR, indicatorWarnings, NHS_QUEUE_MODULE, PRODUCER, queueExecutorFor, recordedIndicators } from "../../scenario-batch.js";
import { didYouMean } from "../../scenario-files/did-you-mean.js";
import { GROWTH_PATH_LABELS, SHIPPED_GROWTH_PATHS, type GrowthPath, type Scenario } from "../../scenario.js";
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
import { formatIndicatorTable, formatSummaryTable } from "../summary-table.js";

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
  for (const n of names) loaded.push(await loadScenario(n, { overrides, allowPlugins: options.allowPlugins, pluginTimeoutMs: options.runTimeout * 1000, indicators: options.indicators }));
  checkBatchScenarios(loaded, options.allowPlugins);
  const recorded = recordedIndicators(loaded);
  const unknown = options.show.filter((id) => !recorded.includes(id));
  if (unknown.length > 0) {
    const expected = "indicators this batch records (the built-in ones, and plugin indicators its scenarios list)";
    throw new ConfigError("command line", unknown.map((id) => ({ path: "--show", expected, value: id, message: `--show: expected ${expected}, got "${id}"${didYouMean(id, recorded)}` })));
  }
  return loaded;
}

/** A word for a POSIX shell: as it is when it has nothing the shell would read, else in single quotes. */
function shellWord(word: string): string {
  return /^[A-Za-z0-9_@%+=:,./-]+$/.test(word) ? word : `'${word.replace(/'/g, "'\\''")}'`;
}

/**
 * The command that replays one failed run of a batch alone, exactly as the batch ran it (its scenario as given,
 * the run's seed, and the batch's population, years, indicators, plugins and checks), and the same in code.
 */
export function replayCommand(loaded: LoadedScenario, seed: string, run: number, path: GrowthPath | undefined, options: BatchOptions): { readonly cli: string; readonly code: string } {
  // The run's index picks its parameter set from the ensemble, so the replay needs it with the seed.
  const args = ["npx", "ringfence", "replay", loaded.source, "--seed", seed, "--run", String(run)];
  const code: string[] = [`runIndex: ${run}`];
  if (path !== undefined) {
    args.push("--growth", path);
    code.push(`growth: "${path}"`);
  }
  if (options.population !== undefined) {
    args.push("--population", options.population);
    code.push(`population: "${options.population}"`);
  }
  if (options.years !== undefined) {
    args.push("--years", String(options.years));
    code.push(`years: ${options.years}`);
  }
  if (options.indicators.length > 0) {
    args.push("--indicators", options.indicators.join(","));
    code.push(`indicators: ${JSON.stringify(options.indicators)}`);
  }
  if (loaded.plugins.length > 0) {
    args.push("--allow-plugins", "--run-timeout", String(options.runTimeout));
    code.push("allowPlugins: true");
  }
  if (options.verify) {
    args.push("--verify");
    code.push("verify: true");
  }
  const opts = `, { ${code.join(", ")} }`;
  return { cli: args.map(shellWord).join(" "), code: `await replayRun(${JSON.stringify(loaded.source)}, ${JSON.stringify(seed)}${opts})` };
}

/** The first failures of a batch, one line each, with the command that replays the first alone. */
function printFailures(summary: Pick<BatchSummary, "failures">, io: Io, loaded: readonly LoadedScenario[], options: BatchOptions, path: GrowthPath | undefined): void {
  const shown = summary.failures.slice(0, 5);
  io.err(`${summary.failures.length} run${summary.failures.length === 1 ? "" : "s"} failed; the first:`);
  // The first failure in full (a ConfigError lists its issues on the lines after the first), the rest in one line.
  for (const [i, f] of shown.entries()) {
    const lines = f.message.split("\n");
    io.err(`  ${f.scenario} run ${f.run} (seed ${f.seed}): ${(i === 0 ? lines : lines.slice(0, 1)).join("\n    ")}`);
  }
  const first = shown[0];
  const scenario = first === undefined ? undefined : loaded.find((l) => l.scenario.id === first.scenario);
  if (first === undefined || scenario === undefined) return;
  const replay = replayCommand(scenario, first.seed, first.run, path, options);
  io.err(`  replay the first alone (its stack trace, or the run to inspect): ${replay.cli}`);
  io.err(`  or in code: ${replay.code} (replayRun from @ringfence/agents)`);
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
  // One batch per growth path (paired within it); without --growth, one batch of the scenarios as they are.
  const paths: readonly (GrowthPath | undefined)[] = options.growth ?? (command === "flagship" ? SHIPPED_GROWTH_PATHS : [undefined]);
  const P = paths.length;
  checkRunBound({ runs: P * S * options.runs, breakdown: `${P > 1 ? `${P} growth paths × ` : ""}${S} scenario${S === 1 ? "" : "s"} × ${grouped(options.runs)} runs` }, options.maxRuns, "--max-runs", () => {
    const first = loaded[0]!.scenario;
    const sample = loaded.find((l) => l.plugins.length === 0)?.scenario ?? validatedPreset("ring-fenced", first.population.size);
    const workers = options.queue === undefined ? options.workers : 1;
    return { seconds: (P * S * options.runs * measureSecondsPerRun(sample, first.years)) / workers, on: options.queue === undefined ? `${workers} worker${workers === 1 ? "" : "s"}` : "one queue worker" };
  });
  // An unusable queue is bad input: refused before anything is written.
  if (options.queue !== undefined) await requireQueue(options.queue);
  const scenarios = loaded.map((l) => l.scenario);
  // Scenarios that record different plugin indicators: said once, before anything runs (not an error: the
  // built-in indicators still compare).
  for (const w of indicatorWarnings(loaded)) io.err(`ringfence: warning: ${w}`);
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
    io.err(`ringfence: ${scenarios.map((s) => s.id).join(", ")} × ${options.runs} runs × ${years} years, ${population} population, ${options.queue === undefined ? `${options.workers} worker${options.workers === 1 ? "" : "s"}` : "queue"}, seed ${options.seed}${options.verify ? ", every run's ledger checked" : ""}`);
    if (plugins.length > 0) io.err(`ringfence: loading plugins in worker threads (a run may take at most ${options.runTimeout} s): ${[...new Set(plugins)].join(", ")}`);
    const indicators = { ...INDICATORS, ...Object.assign({}, ...loaded.map((l) => l.indicators)) };
    const runs: { readonly path: GrowthPath | undefined; readonly summary: BatchSummary; readonly tableDir: string | null }[] = [];
    for (const [k, path] of paths.entries()) {
      const these = path === undefined ? scenarios : scenarios.map((s) => ({ ...s, future: { ...s.future, growth: path } }));
      if (path !== undefined) io.err(`ringfence: growth path ${path} (${k + 1} of ${paths.length})`);
      // The first batch keeps the folder's journal (which marks the batch unfinished); later ones sit beside it.
      const journal = k === 0 ? folder.journal : join(folder.work, `journal-${path}.jsonl`);
      const tableDir = options.perRun ? join(folder.work, `table-${k}`) : null;
      let table: RunTableWriter | null = tableDir === null ? null : createRunTableWriter(tableDir, { csv: true, parquet: true, flows: true, metadata: { indicators } });
      const bar = progressReporter(options.progress, io, these.length * options.runs);
      let summary: BatchSummary;
      try {
        summary = await runBatch({
          worker: nhsWorkerModule().url,
          scenarios: these.map((s) => ({ id: s.id, config: nhsTaskConfig(s, { verify: options.verify, flows: options.flows }) })),
          runs: options.runs,
          masterSeed: options.seed,
          years,
          executor,
          erosion: [{ indicator: HEADLINE_INDICATOR, threshold: options.erosionThreshold }],
          journal,
          resume: options.resume && existsSync(journal),
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
        printFailures(summary, io, loaded, options, path);
        io.err(`ringfence: no run of ${empty.join(", ")} finished, so no results were written (nothing changed in ${out}); fix the failure above and run again`);
        folder.finish();
        return EXIT.failure;
      }
      runs.push({ path, summary, tableDir });
    }
    const first = runs[0]!.summary;
    const several = runs.length > 1;
    const kept = await folder.publish(async (dir) => {
      const perRunFiles = [RUN_TABLE_CSV, RUN_TABLE_META, RUN_TABLE_PARQUET, FLOW_TABLE_CSV, FLOW_TABLE_META, FLOW_TABLE_PARQUET];
      for (const r of runs) {
        // Several paths: each path's summary (and per-run tables) in a folder of its own.
        const target = several ? join(dir, r.path!) : dir;
        if (several) mkdirSync(target, { recursive: true });
        writeSummaryJson(target, r.summary);
        if (r.tableDir !== null) for (const f of perRunFiles) renameSync(join(r.tableDir, f), join(target, f));
      }
      const reportOptions = batchReportOptions(scenarios, options.runs, indicators, { flows: options.flows, paths: runs.flatMap((r) => (r.path === undefined ? [] : [{ path: r.path, summary: r.summary }])) });
      await writeReport(dir, first, reportOptions);
      if (options.pdf) {
        writeFileAtomic(join(dir, "summary.html"), await renderSummaryPage(first, reportOptions));
        await printOnePage(join(dir, "summary.html"), join(dir, "summary.pdf"));
      }
    });
    folder.finish();
    if (kept.length > 0) io.err(`ringfence: kept what ringfence did not write in ${out}: ${kept.join(", ")}`);
    for (const r of runs) {
      if (several) io.out(`\nUnder ${GROWTH_PATH_LABELS[r.path!]} (${r.path}):`);
      io.out(formatSummaryTable(r.summary, HEADLINE_INDICATOR, options.erosionThreshold, INDICATORS[HEADLINE_INDICATOR].label + ` (${INDICATORS[HEADLINE_INDICATOR].unit})`, "gpFundingReal", INDICATORS.gpFundingReal.unit));
      for (const id of options.show.filter((x, i, all) => x !== HEADLINE_INDICATOR && all.indexOf(x) === i)) {
        const info: IndicatorInfo | undefined = (indicators as Record<string, IndicatorInfo | undefined>)[id];
        io.out(`\n${formatIndicatorTable(r.summary, id, info ?? { label: id, unit: "", format: ",.4~g", description: "" })}`);
      }
    }
    const files = `summary.json${options.perRun ? ", runs.csv, runs.parquet, runs.meta.json, flows.csv, flows.parquet, flows.meta.json" : ""}`;
    io.out(`\nresults in ${out}: ${several ? `${runs.map((r) => r.path).join("/, ")}/ (each: ${files}), ` : `${files}, `}report.html, charts/${options.pdf ? ", summary.pdf" : ""}`);
    const failed = runs.find((r) => r.summary.failures.length > 0);
    if (failed !== undefined) {
      printFailures(failed.summary, io, loaded, options, failed.path);
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    folder.release();
  }
}
