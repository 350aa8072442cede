/**
 * `ringfence explore`: runs an experiment file (scenarios × a parameter space × runs) through the batch
 * runner and writes experiment.json, the per-run table and the HTML report, then prints the indices and the
 * PRIM box.
 * @packageDocumentation
 */
import { join } from "node:path";
import { designPointCount } from "../../experiments/design.js";
import { loadExperimentFile, validatedPreset } from "../../experiments/experiment-schema.js";
import { isPresetId } from "../../scenario-files/resolve.js";
import { checkRunBound, grouped, measureSecondsPerRun } from "../../run-bound.js";
import { runExperiment } from "../../experiments/run-experiment.js";
import { writeExperimentFiles } from "../../experiments/write-experiment.js";
import type { TargetAnalysis } from "../../experiments/analyse.js";
import { EXPERIMENT_QUEUE_MODULE, queueExecutorFor } from "../../scenario-batch.js";
import type { ExploreOptions } from "../args.js";
import { EXIT, type ExitCode, type Io } from "../io.js";
import { prepareOutputFolder } from "../output-folder.js";
import { requireQueue } from "../queue-check.js";
import { formatTable } from "../summary-table.js";

const f3 = (x: number) => (Number.isFinite(x) ? x.toFixed(3) : "-");

/** The indices of one target (scenario) as a table, most influential first. */
function indexTable(t: TargetAnalysis): string {
  if (t.sobol !== undefined) {
    const rows = [...t.sobol].sort((a, b) => b.total.estimate - a.total.estimate);
    return formatTable(
      ["parameter", "total (ST)", "95% interval", "first (S1)", "95% interval"],
      rows.map((r) => [r.parameter, f3(r.total.estimate), `${f3(r.total.low)} to ${f3(r.total.high)}`, f3(r.first.estimate), `${f3(r.first.low)} to ${f3(r.first.high)}`]),
    );
  }
  if (t.morris !== undefined) {
    const rows = [...t.morris].sort((a, b) => b.muStar - a.muStar);
    return formatTable(["parameter", "μ*", "95% interval", "μ", "σ"], rows.map((r) => [r.parameter, f3(r.muStar), `${f3(r.muStarLow)} to ${f3(r.muStarHigh)}`, f3(r.mu), f3(r.sigma)]));
  }
  const rows = [...(t.correlation ?? [])].sort((a, b) => Math.abs(b.rho) - Math.abs(a.rho));
  return formatTable(["parameter", "Spearman ρ", "95% interval"], rows.map((r) => [r.parameter, f3(r.rho), `${f3(r.low)} to ${f3(r.high)}`]));
}

/** Runs `ringfence explore <file>`. */
export async function exploreCommand(file: string, options: ExploreOptions, io: Io, signal: AbortSignal): Promise<ExitCode> {
  const { experiment, baseDir } = loadExperimentFile(file, {
    ...(options.method === undefined ? {} : { method: options.method }),
    ...(options.samples === undefined ? {} : { samples: options.samples }),
    ...(options.population === undefined ? {} : { population: { size: options.population } }),
  });
  // The bound, before anything starts.
  const P = designPointCount(experiment);
  const S = experiment.scenarios.length;
  const R = experiment.runsPerPoint;
  checkRunBound({ runs: P * S * R, breakdown: `${grouped(P)} design points × ${S} scenario${S === 1 ? "" : "s"} × ${grouped(R)} run${R === 1 ? "" : "s"} per point` }, options.maxRuns, "--max-runs", () => {
    // Timed on a preset of the experiment's (or ring-fenced, when it names only files): no plugin runs here.
    const baseline = validatedPreset(experiment.scenarios.find(isPresetId) ?? "ring-fenced", experiment.population?.size);
    const workers = options.queue === undefined ? options.workers : 1;
    return { seconds: (P * S * R * measureSecondsPerRun(baseline, experiment.years ?? baseline.years)) / workers, on: options.queue === undefined ? `${workers} worker${workers === 1 ? "" : "s"}` : "one queue worker" };
  });
  if (options.queue !== undefined) await requireQueue(options.queue);
  const out = options.out ?? join("results", experiment.id);
  const folder = prepareOutputFolder(out, { command: "explore", resume: options.resume, journaled: true });
  try {
    io.err(`ringfence explore: ${experiment.id}, ${experiment.method} design, ${experiment.parameters.length} parameters, ${experiment.scenarios.join(" vs ")}, ${options.workers} worker${options.workers === 1 ? "" : "s"}${options.allowPlugins ? `, plugins in worker threads (a run may take at most ${options.runTimeout} s)` : ""}`);
    let lastTenth = -1;
    let result;
    try {
      result = await runExperiment(experiment, {
        workers: options.workers,
        maxRuns: options.maxRuns,
        ...(options.queue === undefined ? {} : { executor: await queueExecutorFor(options.queue, EXPERIMENT_QUEUE_MODULE) }),
        journal: folder.journal,
        resume: options.resume,
        verify: options.verify,
        baseDir,
        allowPlugins: options.allowPlugins,
        runTimeoutMs: options.runTimeout * 1000,
        signal,
        onProgress: (p) => {
          const tenth = Math.floor((10 * p.done) / p.total);
          if (tenth === lastTenth) return;
          lastTenth = tenth;
          io.err(`runs ${p.done}/${p.total} (${p.runsPerSecond.toFixed(1)} runs/s, ${Math.round(p.secondsLeft)}s left)`);
        },
      });
    } catch (e) {
      if (signal.aborted) {
        io.err("\ninterrupted: finished runs are kept; continue with the same command and --resume");
        return EXIT.interrupted;
      }
      throw e;
    }
    const kept = await folder.publish((dir) => writeExperimentFiles(dir, result).then(() => undefined));
    folder.finish();
    if (kept.length > 0) io.err(`ringfence: kept what ringfence did not write in ${out}: ${kept.join(", ")}`);
    const a = result.analysis;
    for (const t of a.targets) {
      io.out(`\n${t.scenario}: ${a.measure === "paired-relative" ? `${a.indicator} relative to ${result.scenarios[0]!.id}` : a.indicator}, ${a.year} (${t.summary.runs} runs, mean ${f3(t.summary.mean)})`);
      io.out(indexTable(t));
      for (const w of t.warnings) io.out(`warning: ${w.message}`);
      const box = t.discovery?.chosen;
      if (t.discovery !== undefined) {
        io.out(`\nPRIM: ${t.discovery.cases} of ${t.discovery.rows} runs ${t.discovery.direction} ${t.discovery.threshold}`);
        if (box === null || box === undefined) io.out("  no box reaches the minimum density");
        else {
          io.out(`  box: coverage ${f3(box.coverage)}, density ${f3(box.density)}, restricting ${box.restricted.join(", ") || "nothing"}`);
          for (const l of box.limits.filter((x) => box.restricted.includes(x.parameter))) io.out(`    ${l.parameter} from ${f3(l.low)} to ${f3(l.high)}`);
        }
      }
    }
    io.out(`\nresults in ${out}: experiment.json, runs.csv, runs.parquet, report.html`);
    if (result.failures.length > 0) {
      io.err(`${result.failures.length} run(s) failed; the first: ${result.failures.slice(0, 3).map((f) => `${f.scenario} run ${f.run} (seed ${f.seed}): ${f.message}`).join("; ")}`);
      return EXIT.failure;
    }
    return EXIT.ok;
  } finally {
    folder.release();
  }
}
