/**
 * `ringfence backcast` (the 2015/16–2025/26 history against the ten validation targets) and
 * `ringfence calibrate` (ABC-SMC over the uncertain parameters, resumable).
 * @packageDocumentation
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { ConfigError, parseInput } from "@ringfence/core";
import { writeFileAtomic } from "@ringfence/core/results";
import { BACKCAST_YEARS, formatBackcastTable, runBackcast } from "../../calibration/backcast.js";
import { backcastSeries, parseIcbPanel, renderBackcastPage } from "../../calibration/backcast-report.js";
import { fittedTargets, TARGETS, variantScenario, variantsFor } from "../../calibration/targets.js";
import { checkRunBound, grouped, measureSecondsPerRun } from "../../run-bound.js";
import { scenarioSchema } from "../../scenario.js";
import { runCalibration } from "../../calibration/calibrate.js";
import { shippedEnsemble, shippedEnsembleUrl } from "../../calibration/shipped.js";
import type { BackcastOptions, CalibrateOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { prepareOutputFolder } from "../output-folder.js";
import { requireQueue } from "../queue-check.js";
import { CALIBRATION_QUEUE_MODULE, queueExecutorFor } from "../../scenario-batch.js";

/** Runs `ringfence backcast`: prints the table and writes backcast.json and backcast.txt into --out. */
export async function backcastCommand(options: BackcastOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  const V = variantsFor(TARGETS).length;
  checkRunBound({ runs: options.runs * V, breakdown: `${grouped(options.runs)} runs × ${V} variants` }, options.maxRuns, "--max-runs", () => ({
    seconds: (options.runs * V * measureSecondsPerRun(parseInput(scenarioSchema, variantScenario("baseline", options.population)), BACKCAST_YEARS)) / options.workers,
    on: `${options.workers} worker${options.workers === 1 ? "" : "s"}`,
  }));
  const folder = prepareOutputFolder(options.out, { command: "backcast", resume: false, journaled: true });
  try {
    const ensemble = options.prior ? undefined : shippedEnsemble();
    io.err(`ringfence backcast: 2015/16–2025/26, ${options.runs} runs per variant, ${options.population ?? "england"} population, parameters ${ensemble === undefined ? "at their defaults (--prior)" : `drawn from the shipped ensemble (${fileURLToPath(shippedEnsembleUrl())})`}`);
    let result;
    try {
      result = await runBackcast({
        runs: options.runs,
        workers: options.workers,
        seed: options.seed,
        journal: folder.journal,
        signal,
        ...(options.population === undefined ? {} : { population: options.population }),
        ...(ensemble === undefined ? {} : { ensemble }),
      });
    } catch (e) {
      if (signal.aborted) {
        io.err("interrupted");
        return EXIT.interrupted;
      }
      throw e;
    }
    const text = formatBackcastTable(result.table);
    const command = ["ringfence backcast", `--runs ${options.runs}`, `--seed ${options.seed}`, ...(options.population === undefined ? [] : [`--population ${options.population}`]), ...(options.prior ? ["--prior"] : [])].join(" ");
    const baselineId = Object.entries(result.variantOf).find(([, v]) => v === "baseline")?.[0];
    // National series are levels for all of England: drawn only when the runs were England-sized.
    const series = (options.population ?? "england") === "england" && baselineId !== undefined ? backcastSeries(result.records, baselineId) : undefined;
    // The per-ICB panel the Real England backcast writes beside the backcast, when it is there.
    const panelFile = join(options.out, "icb-panel.csv");
    const icbPanel = existsSync(panelFile) ? parseIcbPanel(readFileSync(panelFile, "utf8")) : undefined;
    const page = await renderBackcastPage(result.table, {
      population: options.population ?? "england",
      seed: options.seed,
      parameters: ensemble === undefined ? "schema defaults (--prior)" : "drawn by run seed from the shipped posterior ensemble",
      command,
      ...(series === undefined ? {} : { series }),
      ...(icbPanel === undefined ? {} : { icbPanel }),
    });
    const kept = await folder.publish(async (dir) => {
      writeFileAtomic(join(dir, "backcast.txt"), `${text}\n`);
      const { writeRenderedPage } = await import("@ringfence/core/results");
      await writeRenderedPage(dir, page);
      if (existsSync(panelFile)) writeFileAtomic(join(dir, "icb-panel.csv"), readFileSync(panelFile, "utf8"));
      writeFileAtomic(join(dir, "backcast.json"), `${JSON.stringify({ runs: options.runs, seed: options.seed, population: options.population ?? "england", ensemble: ensemble === undefined ? null : ensemble.provenance, table: result.table }, null, 1)}\n`);
    });
    folder.finish();
    if (kept.length > 0) io.err(`ringfence: kept what ringfence did not write in ${options.out}: ${kept.join(", ")}`);
    io.out(text);
    io.out(`\nresults in ${options.out}: backcast.txt, backcast.json, report.html, charts/`);
    return EXIT.ok;
  } finally {
    folder.release();
  }
}

/** Runs `ringfence calibrate`: ABC-SMC into --out (generation files, journals, ensemble.json), resumable. */
export async function calibrateCommand(options: CalibrateOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  // The fewest runs the settings need (every generation accepting every proposal); the real count is bounded as it goes.
  const V = variantsFor(fittedTargets(TARGETS)).length;
  const fewest = options.particles * options.generations * V * options.runsPerParticle;
  checkRunBound({ runs: fewest, breakdown: `at least ${grouped(options.particles)} particles × ${options.generations} generations × ${V} variants × ${options.runsPerParticle} run${options.runsPerParticle === 1 ? "" : "s"} per particle` }, options.maxRuns, "--max-runs", () => ({
    seconds: (fewest * measureSecondsPerRun(parseInput(scenarioSchema, variantScenario("baseline", options.population)), BACKCAST_YEARS)) / options.workers,
    on: `${options.workers} worker${options.workers === 1 ? "" : "s"}`,
  }));
  if (options.queue !== undefined) await requireQueue(options.queue);
  // The folder first: a folder ringfence did not write is refused whatever it holds.
  const folder = prepareOutputFolder(options.out, { command: "calibrate", resume: false, journaled: false });
  const started = existsSync(join(options.out, "calibration.json"));
  if (started && !options.resume) {
    folder.release();
    throw new ConfigError("command line", [{ path: "--out", expected: "a folder without a calibration, or --resume", value: options.out, message: `--out: ${options.out} holds a calibration; add --resume to continue it, or choose another folder` }]);
  }
  if (!started && options.resume) {
    folder.release();
    throw new ConfigError("command line", [{ path: "--resume", expected: `a calibration in ${options.out}`, value: options.out, message: `--resume: expected a calibration in ${options.out}, found none` }]);
  }
  try {
    const t0 = performance.now();
    io.err(`ringfence calibrate: ${options.particles} particles × up to ${options.generations} generations × ${options.runsPerParticle} run(s), ${options.population ?? "england"} population, ${options.workers} workers, seed ${options.seed}`);
    let result;
    try {
      result = await runCalibration({
        ...(options.queue === undefined ? {} : { executor: await queueExecutorFor(options.queue, CALIBRATION_QUEUE_MODULE) }),
        particles: options.particles,
        generations: options.generations,
        runsPerParticle: options.runsPerParticle,
        workers: options.workers,
        dir: folder.path,
        maxRuns: options.maxRuns,
        onFile: (file) => folder.claim(file),
        seed: options.seed,
        signal,
        ...(options.population === undefined ? {} : { population: options.population }),
        onGeneration: (g) =>
          io.err(`generation ${g.index}: tolerance ${g.tolerance.toFixed(3)}, ${g.proposed} proposed, effective sample size ${g.ess.toFixed(1)}, ${Math.round((performance.now() - t0) / 1000)} s`),
      });
    } catch (e) {
      if (signal.aborted) {
        io.err("interrupted: finished generations are kept; continue with the same command and --resume");
        return EXIT.interrupted;
      }
      throw e;
    }
    io.out(`calibrated ${result.ensemble.parameters.length} parameters in ${Math.round((performance.now() - t0) / 1000)} s (${result.abc.stopReason})`);
    io.out(`ensemble: ${join(options.out, "ensemble.json")}; to ship it, copy it to ${fileURLToPath(shippedEnsembleUrl())}`);
    return EXIT.ok;
  } finally {
    folder.release();
  }
}
