/**
 * The `ringfence` commands: list, validate, schema, run and compare.
 * @packageDocumentation
 */
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { availableParallelism } from "node:os";
import { join, resolve } from "node:path";
import { ConfigError } from "@ringfence/core";
import { runBatch, type BatchProgress, type BatchScenario, type BatchSummary } from "@ringfence/core/batch";
import { createRunTableWriter, writeReport, writeSummaryJson, type RunTableWriter } from "@ringfence/core/results";
import cliProgress from "cli-progress";
import { z } from "zod";
import { GP_FUND, nhsWorkerModule } from "../batch-task.js";
import { INDICATORS } from "../indicators.js";
import { PRESET_IDS, PRESETS } from "../presets.js";
import { loadScenario } from "../scenario-file.js";
import { scenarioSchema, type Scenario } from "../scenario.js";
import { HELP, parseCommandLine, type BatchOptions } from "./options.js";
import { formatSummaryTable } from "./summary-table.js";

/** Where a command writes: two text sinks, so tests can capture them. */
export interface Io {
  /** Normal output. */
  readonly out: (text: string) => void;
  /** Errors, warnings and progress. */
  readonly err: (text: string) => void;
  /** Whether stderr is a terminal (a progress bar is drawn only then). */
  readonly tty: boolean;
}

/** Exit codes of `ringfence`. */
export const EXIT = { ok: 0, failure: 1, badInput: 2, interrupted: 130 } as const;

/** Package name and version recorded in each batch's manifest. */
export const PRODUCER = "@ringfence/agents@0.1.0";

/** The indicators the report charts, in order. */
export const CHARTED = [
  "gpFundingPerWeightedPatient",
  "gpShareOfSpend",
  "practicesOpen",
  "patientsPerGpFte",
  "gpDiverted",
  "gpTopSliced",
  "acuteSurplusShare",
  "socialCareGap",
] as const;

const JOURNAL = "journal.jsonl";


function list(json: boolean, io: Io): number {
  const rows = PRESET_IDS.map((id) => {
    const p = PRESETS[id];
    return { id, title: p.title ?? id, description: p.description ?? "", claims: p.claims ?? [], assumptions: p.assumptions ?? [] };
  });
  if (json) io.out(JSON.stringify(rows, null, 2));
  else {
    for (const r of rows) {
      io.out(`${r.id}\n  ${r.title}\n  ${r.description}`);
      for (const c of r.claims) io.out(`  claim (${c.seed}): "${c.quote}"`);
      io.out("");
    }
  }
  return EXIT.ok;
}

function validate(files: readonly string[], io: Io): number {
  let bad = 0;
  for (const f of files) {
    try {
      const sc = loadScenario(f);
      io.out(`${f}: valid (${sc.id}: ${sc.title})`);
    } catch (e) {
      if (!(e instanceof ConfigError)) throw e;
      bad++;
      io.err(`${f}: ${e.issues.length} problem${e.issues.length === 1 ? "" : "s"}`);
      for (const i of e.issues) io.err(`  ${i.message}`);
    }
  }
  return bad > 0 ? EXIT.badInput : EXIT.ok;
}

function schema(io: Io): number {
  const json = z.toJSONSchema(scenarioSchema, { io: "input", unrepresentable: "any" });
  const withExtends = { ...json, properties: { extends: { type: "string", enum: [...PRESET_IDS], description: "Start from this preset; the file's fields override it" }, ...(json as { properties?: object }).properties } };
  io.out(JSON.stringify(withExtends, null, 2));
  return EXIT.ok;
}

/** Loads every scenario of a batch with the command-line overrides, before anything is written. */
function loadAll(names: readonly string[], options: BatchOptions): Scenario[] {
  const overrides: Record<string, unknown> = {};
  if (options.population !== undefined) overrides.population = { size: options.population };
  if (options.years !== undefined) overrides.years = options.years;
  const scenarios = names.map((n) => loadScenario(n, overrides));
  const ids = new Set<string>();
  for (const s of scenarios) {
    if (ids.has(s.id)) throw new ConfigError("command line", [{ path: "scenarios", expected: "distinct scenario ids", value: s.id, message: `scenarios: expected distinct scenario ids, got "${s.id}" twice` }]);
    ids.add(s.id);
  }
  const years = new Set(scenarios.map((s) => s.years));
  if (years.size > 1) throw new ConfigError("command line", [{ path: "years", expected: "the same years for every scenario (use --years)", value: [...years], message: `years: expected the same years for every scenario (use --years), got ${[...years].join(", ")}` }]);
  return scenarios;
}

function progressReporter(mode: BatchOptions["progress"], io: Io, total: number): { update: (p: BatchProgress) => void; stop: () => void } {
  const useBar = mode === "bar" || (mode === "auto" && io.tty);
  if (mode === "none") return { update: () => undefined, stop: () => undefined };
  if (useBar) {
    const bar = new cliProgress.SingleBar(
      { format: "runs {bar} {value}/{total} | {rate} runs/s | {left} left", hideCursor: true, clearOnComplete: false, stream: process.stderr },
      cliProgress.Presets.shades_classic,
    );
    bar.start(total, 0, { rate: "0.0", left: "?" });
    return {
      update: (p) => bar.update(p.done, { rate: p.runsPerSecond.toFixed(1), left: `${Math.round(p.secondsLeft)}s` }),
      stop: () => bar.stop(),
    };
  }
  let lastTenth = -1;
  return {
    update: (p) => {
      const tenth = Math.floor((10 * p.done) / p.total);
      if (tenth === lastTenth && p.done !== p.total) return;
      lastTenth = tenth;
      io.err(`runs ${p.done}/${p.total} (${p.runsPerSecond.toFixed(1)} runs/s, ${Math.round(p.secondsLeft)}s left)`);
    },
    stop: () => undefined,
  };
}

async function batch(names: readonly string[], options: BatchOptions, io: Io, signal: AbortSignal): Promise<number> {
  const scenarios = loadAll(options.all ? [...PRESET_IDS, ...names] : names, options);
  const out = resolve(options.out);
  const journal = join(out, JOURNAL);
  if (!options.resume && existsSync(journal)) {
    throw new ConfigError("command line", [{ path: "--out", expected: "a directory without an unfinished batch (or --resume)", value: options.out, message: `--out: ${options.out} holds an unfinished batch (${JOURNAL}); pass --resume to continue it or choose another directory` }]);
  }
  if (options.resume && !existsSync(journal)) {
    throw new ConfigError("command line", [{ path: "--resume", expected: `an unfinished batch in ${options.out}`, value: options.out, message: `--resume: expected an unfinished batch (${JOURNAL}) in ${options.out}, found none` }]);
  }
  const years = scenarios[0]!.years;
  const total = scenarios.length * options.runs;
  io.err(`ringfence: ${scenarios.map((s) => s.id).join(", ")} × ${options.runs} runs × ${years} years, ${scenarios[0]!.population.size} population, ${options.workers} worker${options.workers === 1 ? "" : "s"}, seed ${options.seed}`);
  mkdirSync(out, { recursive: true });
  let table: RunTableWriter | null = options.perRun ? createRunTableWriter(out, { csv: true, parquet: true }) : null;
  const bar = progressReporter(options.progress, io, total);
  let summary: BatchSummary;
  try {
    summary = await runBatch({
      worker: nhsWorkerModule().url,
      scenarios: scenarios.map((s): BatchScenario => ({ id: s.id, config: s })),
      runs: options.runs,
      masterSeed: options.seed,
      years,
      workers: options.workers,
      erosion: [{ indicator: "gpFundingPerWeightedPatient", threshold: options.erosionThreshold }],
      journal,
      resume: options.resume,
      producer: PRODUCER,
      onProgress: (p) => bar.update(p),
      ...(table === null ? {} : { onRecord: (r) => table!.add(r) }),
      signal,
    });
  } catch (e) {
    bar.stop();
    table?.abort();
    table = null;
    if (signal.aborted) {
      io.err(`\ninterrupted: finished runs are kept in ${journal}; continue with the same command and --resume`);
      return EXIT.interrupted;
    }
    throw e;
  }
  bar.stop();
  writeSummaryJson(out, summary);
  if (table !== null) await table.close();
  await writeReport(out, summary, {
    title: scenarios.length > 1 ? "Ringfence: general practice funding under each governance arrangement" : `Ringfence: ${scenarios[0]!.title}`,
    intro: `Each scenario was run ${options.runs} times over ${years} financial years with the same run seeds (common random numbers). Bands show the 5–95% and 25–75% ranges across runs; money is in start-year prices where the unit says so.`,
    indicators: INDICATORS,
    charts: CHARTED,
    scenarios: Object.fromEntries(scenarios.map((s) => [s.id, { label: s.title, description: s.description }])),
    flows: {
      maxSeries: 10,
      labels: {
        icb: "ICB",
        "place-board": "place board",
        "acute-trust": "acute trust",
        federation: "federation",
        pcn: "PCN",
        practice: "practices",
        services: "PCN staff",
        [GP_FUND]: "GP lines",
      },
    },
  });
  rmSync(journal, { force: true });
  io.out(formatSummaryTable(summary, "gpFundingPerWeightedPatient", options.erosionThreshold));
  io.out(`\nresults: ${join(out, "summary.json")}, ${join(out, "report.html")}${options.perRun ? `, ${join(out, "runs.csv")}, ${join(out, "runs.parquet")}` : ""}`);
  if (summary.failures.length > 0) {
    io.err(`${summary.failures.length} run(s) failed; replay one alone with its scenario and seed:`);
    for (const f of summary.failures.slice(0, 10)) io.err(`  ${f.scenario} run ${f.run} seed ${f.seed}: ${f.message}`);
    io.err(`  in code: runScenario(loadScenario("<scenario>"), { seed: "<seed>" }) from @ringfence/agents`);
    return EXIT.failure;
  }
  return EXIT.ok;
}

/**
 * Runs `ringfence` with the given arguments and returns its exit code.
 * @example
 * ```ts
 * const code = await main(["compare", "ring-fenced", "iho-acute", "--runs", "20", "--population", "icb"], io, signal);
 * ```
 */
export async function main(argv: readonly string[], io: Io, signal: AbortSignal): Promise<number> {
  try {
    const cmd = parseCommandLine(argv, { workers: Math.max(1, Math.min(8, availableParallelism())) });
    switch (cmd.command) {
      case "help":
        io.out(HELP[cmd.topic]);
        return EXIT.ok;
      case "list":
        return list(cmd.json, io);
      case "schema":
        return schema(io);
      case "validate":
        return validate(cmd.files, io);
      default:
        return await batch(cmd.scenarios, cmd.options, io, signal);
    }
  } catch (e) {
    if (e instanceof ConfigError) {
      io.err(`ringfence: ${e.message}`);
      return EXIT.badInput;
    }
    io.err(`ringfence: failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
    return EXIT.failure;
  }
}
