/**
 * `ringfence backcast` (the 2015/16–2025/26 history against the ten validation targets) and
 * `ringfence calibrate` (ABC-SMC over the uncertain parameters, resumable).
 * @packageDocumentation
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { ConfigError, parseInput } from "@ringfence/core";
import { writeFileAtomic } from "@ringfence/core/results";
import { BACKCAST_YEARS, formatBackcastTable, runBackcast } from "../../calibration/backcast.js";
import { backcastSeries, parseIcbPanel, renderBackcastPage } from "../../calibration/backcast-report.js";
import { fittedTargets, TARGETS, variantScenario, variantsFor } from "../../calibration/targets.js";
import { checkRunBound, grouped, measureSecondsPerRun } from "../../run-bound.js";
import { scenarioSchema } from "../../scenario.js";
import { formatPanelComparison } from "../../register/format-panel.js";
import { observedPanel } from "../../register/panel.js";
import { loadRegister } from "../../register/read-register.js";
import { writeIcbPanel } from "../../register/write-panel.js";
import { runCalibration } from "../../calibration/calibrate.js";
import { readCalibrationReportInput, writeCalibrationReport } from "../../calibration/calibration-report-files.js";
import { historyInputs } from "../../calibration/history-match.js";
import { shippedEnsemble, shippedEnsemblePath } from "../../calibration/shipped.js";
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
    // The check of the fit: the ensemble fitted to the fit years only, so the reserved years are out of sample.
    const ensemble = options.prior ? undefined : shippedEnsemble("england-2015-fit-years");
    io.err(`ringfence backcast: 2014/15–2025/26, ${options.runs} runs per variant, ${options.population ?? "england"} population, parameters ${ensemble === undefined ? "at their defaults (--prior)" : `drawn from the ensemble fitted to the fit years (${shippedEnsemblePath("england-2015-fit-years")})`}`);
    // At England size the baseline is checked against the practice panel ICB by ICB: the fit years only, or
    // the reserved years too (the out-of-sample check). A damaged register file is bad input (exit 2).
    const england = (options.population ?? "england") === "england";
    const observed = england ? observedPanel(loadRegister({ access: options.split === "all" ? "all" : "fit" })) : undefined;
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
        ...(observed === undefined ? {} : { observed }),
      });
    } catch (e) {
      if (signal.aborted) {
        io.err("interrupted");
        return EXIT.interrupted;
      }
      throw e;
    }
    const panel = result.panel;
    const text = formatBackcastTable(result.table) + (panel === undefined ? "" : `\n\n${formatPanelComparison(panel)}`);
    const command = ["ringfence backcast", `--runs ${options.runs}`, `--seed ${options.seed}`, ...(options.population === undefined ? [] : [`--population ${options.population}`]), ...(options.prior ? ["--prior"] : []), ...(options.split === "fit" ? ["--split fit"] : [])].join(" ");
    const baselineId = Object.entries(result.variantOf).find(([, v]) => v === "baseline")?.[0];
    // National series are levels for all of England: drawn only when the runs were England-sized.
    const series = (options.population ?? "england") === "england" && baselineId !== undefined ? backcastSeries(result.records, baselineId) : undefined;
    // The per-ICB check, drawn from the rows written beside the report.
    const icbPanel = panel === undefined ? undefined : parseIcbPanel((await import("../../register/panel-files.js")).icbPanelCsv(panel.rows));
    const page = await renderBackcastPage(result.table, {
      population: options.population ?? "england",
      seed: options.seed,
      parameters: ensemble === undefined ? "schema defaults (--prior)" : "drawn by run seed from the posterior ensemble fitted to the fit years (england-2015-fit-years)",
      command,
      ...(series === undefined ? {} : { series }),
      ...(icbPanel === undefined ? {} : { icbPanel }),
    });
    const kept = await folder.publish(async (dir) => {
      writeFileAtomic(join(dir, "backcast.txt"), `${text}\n`);
      const { writeRenderedPage } = await import("@ringfence/core/results");
      await writeRenderedPage(dir, page);
      if (panel !== undefined) await writeIcbPanel(dir, panel);
      writeFileAtomic(join(dir, "backcast.json"), `${JSON.stringify({ runs: options.runs, seed: options.seed, population: options.population ?? "england", ensemble: ensemble === undefined ? null : ensemble.provenance, table: result.table }, null, 1)}\n`);
    });
    folder.finish();
    if (kept.length > 0) io.err(`ringfence: kept what ringfence did not write in ${options.out}: ${kept.join(", ")}`);
    io.out(text);
    io.out(`\nresults in ${options.out}: backcast.txt, backcast.json, report.html, charts/${panel === undefined ? "" : ", icb-panel.csv, icb-panel.parquet"}`);
    return EXIT.ok;
  } finally {
    folder.release();
  }
}

/** Runs `ringfence calibrate`: history matching into --out (wave files, checks, ensemble.json), resumable. */
export async function calibrateCommand(options: CalibrateOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  // The fewest runs the settings need: every wave's design (10 × the inputs, or --design) and replicates, and the checks.
  const inputs = historyInputs().length;
  const design = options.design ?? 10 * inputs;
  // An emulator needs more design points than it has inputs (a constant, a slope per input, and some to spare).
  if (design < inputs + 3) {
    throw new ConfigError("command line", [{ path: "--design", expected: `an integer ≥ ${inputs + 3} (the ${inputs} parameters searched + 3)`, value: design, message: `--design: expected an integer ≥ ${inputs + 3} (the ${inputs} parameters searched + 3), got ${design}` }]);
  }
  const perWave = design + Math.max(2, Math.ceil(design / 10)) * 3;
  const fewest = options.waves * perWave + 2 * options.check;
  checkRunBound({ runs: fewest, breakdown: `${options.waves} wave${options.waves === 1 ? "" : "s"} × ${grouped(perWave)} runs + ${grouped(2 * options.check)} check runs` }, options.maxRuns, "--max-runs", () => ({
    seconds: (fewest * measureSecondsPerRun(parseInput(scenarioSchema, variantScenario("baseline", options.population)), BACKCAST_YEARS)) / options.workers,
    on: `${options.workers} worker${options.workers === 1 ? "" : "s"}`,
  }));
  if (options.queue !== undefined) await requireQueue(options.queue);
  // The folder first: a folder ringfence did not write is refused whatever it holds.
  const folder = prepareOutputFolder(options.out, { command: "calibrate", resume: false, journaled: false });
  const started = existsSync(join(options.out, "waves", "wave-0.json"));
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
    io.err(`ringfence calibrate: history matching of ${inputs} parameters, up to ${options.waves} wave${options.waves === 1 ? "" : "s"} of ${design} design points, then ${options.particles} particles; ${options.population ?? "england"} population, ${options.workers} workers, seed ${options.seed}`);
    let result;
    try {
      result = await runCalibration({
        ...(options.queue === undefined ? {} : { executor: await queueExecutorFor(options.queue, CALIBRATION_QUEUE_MODULE) }),
        waves: options.waves,
        particles: options.particles,
        checkRuns: options.check,
        ...(options.design === undefined ? {} : { designSize: options.design }),
        designSeeds: options.designSeeds,
        split: options.split,
        workers: options.workers,
        dir: folder.path,
        onFile: (file) => folder.claim(file),
        seed: options.seed,
        signal,
        ...(options.population === undefined ? {} : { population: options.population }),
        onWave: (w) => {
          const used = w.emulators.filter((e) => e.used).length;
          io.err(`wave ${w.index}: ${w.runs.length} runs, ${used} of ${w.emulators.length} emulators used, non-implausible volume ${(w.region.volume * 100).toPrecision(3)}% of the box, ${Math.round((performance.now() - t0) / 1000)} s`);
        },
      });
    } catch (e) {
      if (signal.aborted) {
        io.err("interrupted: finished waves are kept; continue with the same command and --resume");
        return EXIT.interrupted;
      }
      throw e;
    }
    const method = result.ensemble.provenance.method as { posterior: { ess: number; distinct: number } };
    io.out(`calibrated ${result.ensemble.parameters.length} parameters in ${Math.round((performance.now() - t0) / 1000)} s, ${grouped(result.simulations)} simulations (${result.match.stop})`);
    io.out(`posterior: ${options.particles} particles, effective sample size ${method.posterior.ess.toFixed(1)}, ${method.posterior.distinct} distinct`);
    io.out(`runs from the final region hitting every fitted output: ${result.regionCheck.hitAll} of ${result.regionCheck.runs}; from the posterior: ${result.posteriorCheck.hitAll} of ${result.posteriorCheck.runs}`);
    const command = ["npx ringfence calibrate", `--waves ${options.waves}`, ...(options.design === undefined ? [] : [`--design ${options.design}`]), ...(options.designSeeds === "common" ? [] : [`--design-seeds ${options.designSeeds}`]), ...(options.split === "fit" ? [] : [`--split ${options.split}`]), `--particles ${options.particles}`, `--check ${options.check}`, `--seed ${options.seed}`, ...(options.population === undefined ? [] : [`--population ${options.population}`])].join(" ");
    folder.claim(join(folder.path, "command.txt"));
    writeFileAtomic(join(folder.path, "command.txt"), `${command}\n`);
    await writeCalibrationReport(folder.path, readCalibrationReportInput(folder.path, { command }), (file) => folder.claim(file));
    io.out(`ensemble: ${join(options.out, "ensemble.json")}; to ship it, copy it to ${shippedEnsemblePath(options.split === "fit" ? "england-2015-fit-years" : "england-2015")}`);
    io.out(`report: ${join(options.out, "report.html")} (add the out-of-sample check and SBC with npm run calibration-report)`);
    return EXIT.ok;
  } finally {
    folder.release();
  }
}
