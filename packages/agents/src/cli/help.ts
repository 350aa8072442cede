/**
 * Help texts of `ringfence`, kept free of imports so `ringfence --help` answers without loading the model.
 * @packageDocumentation
 */

/** The commands `ringfence` understands. */
export const COMMANDS = ["list", "params", "validate", "schema", "run", "compare", "flagship", "replay", "explore", "backcast", "calibrate", "worker"] as const;
/** A `ringfence` command. */
export type Command = (typeof COMMANDS)[number];

/** The package version `ringfence --version` prints. */
export const VERSION = "0.1.0";

const BATCH_OPTIONS = `  --runs N                 runs per scenario (default 100)
  --seed S                 master seed (default 2025); run i has the same seed in every scenario
  --years Y                financial years of the scenario's own (default: the scenario's; a preset runs the
                           history 2014/15-2025/26 first, then these years from 2026/27)
  --growth PATHS           NHS real growth after the history, one batch per path (comma-separated):
                           plan-then-1.9, plan-then-2.5, plan-then-3.0 (the Spending Review 2025 plan of 3.0%
                           a year to 2028/29, then 1.9%, 2.5% or 3.0%) or constant (national.realGrowthMean);
                           default: the scenario's own (constant), the flagship all three plan paths
  --population SIZE        england | icb | toy (default: the scenario's, england)
  --workers W              runs at once on this machine (default: cores, at most 8)
  --out DIR                results folder (default: see below): a new path, an empty folder or one ringfence
                           wrote; replaced only when the new results are complete, and only in its own files
  --max-runs N             the most runs the command may start (default 200000; a bigger batch is refused
                           at once, with its size and a time estimate)
  --resume                 continue an interrupted batch with the same command
  --pdf                    also write summary.pdf: a one-page summary (headline chart, table, assumptions,
                           sources) printed by headless Chromium (/usr/bin/chromium, or $RINGFENCE_CHROMIUM)
  --per-run                also write the per-run tables with their metadata (runs.csv, runs.parquet,
                           runs.meta.json; flows.csv, flows.parquet, flows.meta.json)
  --erosion-threshold T    a fall of more than T below the start counts as erosion (default 0.02)
  --allow-plugins          let scenario files load their plugins (runs their code, in worker threads)
  --run-timeout SECONDS    with plugins, the longest one run may take (default 120)
  --queue URL              send runs to a Redis queue served by 'ringfence worker' processes
  --progress MODE          auto | bar | lines | none (default auto: a bar on a terminal)
  --verify                 check every run's ledger at its end (money neither created nor lost); a run that
                           fails the check is a failed run
  --flows WHICH            money the flows in summary.json, flows.* and the report follow: general-practice
                           (default, the five lines summed), all (every fund), or one fund such as community
  --indicators IDS         also record these plugin indicators (comma-separated) in every scenario, as if
                           each scenario file listed them under indicators:
  --show IDS               print a table for each of these indicators (comma-separated) after the headline's
  --debug                  print stack traces of unexpected errors`;

/** Help text of each command and of `ringfence` itself. */
export const HELP: Readonly<Record<Command | "ringfence", string>> = {
  ringfence: `ringfence ${VERSION}: Monte Carlo runs of English health and care funding governance.

Usage: ringfence <command> [options]

Commands:
  flagship                    every governance preset compared with ring-fenced funding (the main job)
  compare <a> <b> [...]       scenarios run with the same seeds; paired differences against the first
  run <preset|file>           a batch of one scenario
  replay <preset|file> --seed S   one run of a batch alone (a failed run's stack trace, or its every indicator)
  list [--json]               the presets, their titles and the source claims they encode
  params [--json]             every numeric scenario parameter: path, unit, range, default, source, prior
  validate <file|preset> ...  checks scenario files and explains every problem (runs nothing)
  schema                      prints the JSON Schema of scenario files
  backcast                    2014/15-2025/26 against the published targets and the practice panel, ICB by ICB
  calibrate                   fits the uncertain parameters to the targets (ABC-SMC); resumable
  explore <experiment.yaml>   global sensitivity analysis and scenario discovery over anything a scenario can say
  worker --queue URL          serves runs from a Redis queue (distributed batches)

Run 'ringfence <command> --help' for a command's options.
Exit codes: 0 success, 2 bad input (nothing written), 1 failures during a batch, 130 interrupted.`,
  list: `Usage: ringfence list [--json]

Lists the preset scenarios with their titles and the source claims they encode.`,
  params: `Usage: ringfence params [--json]

Lists every numeric scenario parameter by dotted path, with its unit, range, default, source and, for the
uncertain behavioural ones the calibration fits, its prior. These paths are what experiment files vary.`,
  validate: `Usage: ringfence validate <file|preset> [...] [--allow-plugins]

Checks each scenario the way 'run' does and prints every problem as 'path: expected ..., got ...'. Runs no
code from the scenario: names its plugins define are listed as unchecked unless --allow-plugins is given
(then the plugins are loaded in a worker thread with a time limit). Exit code 2 if any is invalid.`,
  schema: `Usage: ringfence schema

Prints the JSON Schema of scenario files (point your editor's YAML or JSON language server at it).`,
  run: `Usage: ringfence run <preset|file> [options]

Options:
${BATCH_OPTIONS}

Writes summary.json, report.html and charts/ into --out (default results/<scenario id>).`,
  compare: `Usage: ringfence compare <a> <b> [...] [options]

Runs every scenario with the same run seeds (common random numbers) and reports paired differences against
the first. Options as for 'ringfence run'; --out defaults to results/compare.`,
  flagship: `Usage: ringfence flagship [options]

Compares every governance preset with ring-fenced general practice funding over the ten years from 2026/27
(after the history 2014/15-2025/26), under each shipped growth path (one batch per path, paired within it):
the tables in the README. Options as for 'ringfence run'; --out defaults to results/flagship, with each
path's summary.json under <path>/ and one report.html comparing them.`,
  replay: `Usage: ringfence replay <preset|file> --seed S [--run N] [--growth PATH] [--population SIZE] [--years Y] [--indicators IDS] [--allow-plugins] [--run-timeout SECONDS] [--verify]

Runs one run of a batch alone, as the batch ran it: S is the run seed a failed run lists (not the batch's
master seed), N its run number (which picks its parameter set from the ensemble), PATH the growth path its
batch ran under, and the other options are the batch's. A failed batch prints this command for its first
failure. Prints every indicator's final-year value (exit 0), or the failure with its stack trace (exit 1).
Plugins run in a worker thread with the --run-timeout limit, as in a batch. Writes nothing.`,
  explore: `Usage: ringfence explore <experiment.yaml> [options]

Runs an experiment (scenarios x a parameter space x runs; see docs/exploration.md) and writes
experiment.json, runs.csv, runs.parquet and report.html into --out, then prints the indices and the PRIM box.

Options:
  --method M               morris | sobol | lhs (default: the file's)
  --samples N              base sample size (default: the file's)
  --population SIZE        england | icb | toy (default: the file's)
  --workers W              runs at once (default: cores, at most 8)
  --out DIR                results folder (default results/<experiment id>)
  --resume                 continue an interrupted experiment with the same command
  --queue URL              send runs to a Redis queue served by 'ringfence worker' processes
  --verify                 check every run's ledger at its end; a run that fails the check is a failed run
  --allow-plugins          let the experiment's scenario files load their plugins (in worker threads)
  --run-timeout SECONDS    with plugins, the longest one run may take (default 120)
  --max-runs N             the most runs the experiment may need (default 200000)
  --debug                  print stack traces of unexpected errors`,
  backcast: `Usage: ringfence backcast [--runs N] [--population SIZE] [--workers W] [--seed S] [--out DIR] [--prior] [--split fit|all] [--max-runs N]

Runs England 2014/15-2025/26 from the practice register on the published yearly inputs (the baseline-2014
preset and the variants some targets need), drawing each run's uncertain parameters from the shipped
posterior ensemble (or leaving them at their defaults with --prior). Prints the validation targets
(published value, tolerance, model median and 90% band, hit or miss, role) and, at England size, the check
against the practice panel ICB by ICB: per measure the coverage of the 90% bands in the fit years
(2014/15-2018/19) and the reserved years (2019/20-2021/22, the 2023 and 2024 workforce), the national series
and the correlations across ICBs; writes icb-panel.csv and icb-panel.parquet beside the report.
--split fit compares the fit years only (the reserved years stay unread). See docs/calibration.md.
--out defaults to results/backcast.`,
  calibrate: `Usage: ringfence calibrate [--waves N] [--design N] [--design-seeds common|independent] [--split fit|all] [--particles N] [--check N] [--population SIZE] [--workers W] [--seed S] [--out DIR] [--resume] [--queue URL] [--max-runs N]

Calibrates the model to the fit years (2014/15-2018/19 of the practice panel and the national series
declared in docs/calibration.md) by history matching: waves of backcasts on space-filling designs
(--design points, default 10 x the parameters searched), a Gaussian-process emulator per fitted output, the
non-implausible region cut wave by wave (--waves, default 4); then a posterior of --particles parameter sets
(default 500) in the final region, and the model itself run at --check parameter sets drawn from the region
and as many from the posterior (default 100 each). Each wave is saved in --out (default results/calibration),
so an interrupted calibration continues with --resume; the ensemble is written to --out/ensemble.json. With
--queue URL the runs go to 'ringfence worker' processes on a Redis queue (the same result). --max-runs N
(default 200000) bounds the runs the settings need, checked before anything runs. --design-seeds
independent runs each design point on its own seed (default common: one seed per replicate for the whole
design; docs/calibration.md says why the choice matters); a resume keeps the folder's choice. --split all
refits on every year (the panel to 2021/22, closures to 2020/21, GP FTE 2019 and 2023, practices 2023): the
shipped ensemble, made after the out-of-sample check of the fit-years ensemble (--split fit, the default).`,
  worker: `Usage: ringfence worker --queue URL [--concurrency N] [--stalled-seconds S] [--allow-plugins] [--run-timeout S]

Serves runs of batches, experiments and calibrations started with '--queue URL' until interrupted (see
docs/distributed.md). Every job is checked before it runs (docs/security.md): batches whose code fingerprint
differs from its own, malformed or oversized jobs, and tasks that load plugins are refused, unless
--allow-plugins is given; then plugins pinned by their content hash run in worker threads with a time limit
(and anyone who can write to that Redis can make this worker run code).

Options:
  --concurrency N          jobs at once (default 1; start one worker per core instead)
  --stalled-seconds S      how long a job of a dead worker waits before another worker retries it
                           (default 30; a job of 4 runs must finish well within it)
  --allow-plugins          run tasks whose scenarios load plugins, when pinned by hash
  --run-timeout S          with --allow-plugins, the longest one run may take (default 120)`,
};

/**
 * The text to print when the command line asks only for help or the version (`--help`, `-h`, `help <command>`,
 * `<command> --help`, `--version`, nothing at all), or undefined when it asks for real work.
 */
export function helpFor(argv: readonly string[]): string | undefined {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const topic = rest[0];
    return HELP[topic !== undefined && (COMMANDS as readonly string[]).includes(topic) ? (topic as Command) : "ringfence"];
  }
  if (first === "--version" || first === "-v") return VERSION;
  if ((COMMANDS as readonly string[]).includes(first) && (rest.includes("--help") || rest.includes("-h"))) return HELP[first as Command];
  return undefined;
}
