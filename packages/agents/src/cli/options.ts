/**
 * Command-line options of `ringfence`, parsed with node:util and validated with zod at the boundary.
 * @packageDocumentation
 */
import { parseArgs } from "node:util";
import { ConfigError, parseInput } from "@ringfence/core";
import { integerIn, numberIn } from "@ringfence/core/schema";
import { z } from "zod";
import { POPULATION_SIZES } from "../scenario.js";

/** The commands `ringfence` understands. */
export const COMMANDS = ["list", "run", "compare", "validate", "schema"] as const;
/** A `ringfence` command. */
export type Command = (typeof COMMANDS)[number];

const batchSchema = z.strictObject({
  runs: integerIn(1, 100_000),
  seed: z.string().regex(/^[A-Za-z0-9:_-]+$/, { error: "expected letters, digits, ':', '_' or '-'" }),
  years: integerIn(1, 50).optional(),
  population: z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` }).optional(),
  workers: integerIn(1, 64),
  out: z.string().min(1),
  resume: z.boolean(),
  perRun: z.boolean(),
  erosionThreshold: numberIn(0, 1, "(a fraction, 0.02 = 2%)"),
  progress: z.enum(["auto", "bar", "lines", "none"], { error: "expected auto, bar, lines or none" }),
  all: z.boolean(),
});

/** Validated options of `run` and `compare`. */
export type BatchOptions = z.output<typeof batchSchema>;

/** A parsed command line. */
export type ParsedCommand =
  | { readonly command: "help"; readonly topic: Command | "ringfence" }
  | { readonly command: "list"; readonly json: boolean }
  | { readonly command: "schema" }
  | { readonly command: "validate"; readonly files: readonly string[] }
  | { readonly command: "run" | "compare"; readonly scenarios: readonly string[]; readonly options: BatchOptions };

const BATCH_FLAGS = {
  runs: { type: "string" },
  seed: { type: "string" },
  years: { type: "string" },
  population: { type: "string" },
  workers: { type: "string" },
  out: { type: "string" },
  resume: { type: "boolean" },
  "per-run": { type: "boolean" },
  "erosion-threshold": { type: "string" },
  progress: { type: "string" },
  all: { type: "boolean" },
  help: { type: "boolean", short: "h" },
} as const;

function bad(path: string, value: unknown, expected: string): ConfigError {
  return new ConfigError("command line", [{ path, expected, value, message: `${path}: expected ${expected}, got ${JSON.stringify(value)}` }]);
}

/** A number given on the command line, or the raw string when it is not one (so validation can name it). */
function numeric(value: string | undefined): number | string | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  return value.trim() !== "" && Number.isFinite(n) ? n : value;
}

/**
 * Parses `ringfence` arguments (without the node and script paths).
 * @throws ConfigError naming the flag, the value and what was expected.
 */
export function parseCommandLine(argv: readonly string[], defaults: { readonly workers: number }): ParsedCommand {
  const [first, ...rest] = argv;
  if (first === undefined || first === "--help" || first === "-h" || first === "help") {
    const topic = rest[0];
    return { command: "help", topic: topic !== undefined && (COMMANDS as readonly string[]).includes(topic) ? (topic as Command) : "ringfence" };
  }
  if (!(COMMANDS as readonly string[]).includes(first)) throw bad("command", first, `one of ${COMMANDS.join(", ")}`);
  const command = first as Command;
  let parsed;
  try {
    parsed = parseArgs({
      args: rest,
      allowPositionals: true,
      strict: true,
      options: command === "list" ? { json: { type: "boolean" }, help: { type: "boolean", short: "h" } } : BATCH_FLAGS,
    });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const flag = /'(-[^']+)'/.exec(message)?.[1] ?? "flag";
    throw bad(flag, message, `a flag listed by \`ringfence ${command} --help\``);
  }
  const values = parsed.values as Record<string, string | boolean | undefined>;
  if (values.help === true) return { command: "help", topic: command };
  switch (command) {
    case "list":
      return { command, json: values.json === true };
    case "schema":
      return { command };
    case "validate":
      if (parsed.positionals.length === 0) throw bad("file", undefined, "at least one scenario file or preset");
      return { command, files: parsed.positionals };
    default: {
      const all = values.all === true;
      if (command === "run" && parsed.positionals.length !== 1) throw bad("scenario", parsed.positionals, "exactly one preset or scenario file");
      if (command === "compare" && !all && parsed.positionals.length < 2) throw bad("scenarios", parsed.positionals, "two or more presets or scenario files (or --all)");
      const raw = {
        runs: numeric(values.runs as string | undefined) ?? 100,
        seed: (values.seed as string | undefined) ?? "2025",
        years: numeric(values.years as string | undefined),
        population: values.population,
        workers: numeric(values.workers as string | undefined) ?? defaults.workers,
        out: (values.out as string | undefined) ?? "results",
        resume: values.resume === true,
        perRun: values["per-run"] === true,
        erosionThreshold: numeric(values["erosion-threshold"] as string | undefined) ?? 0.02,
        progress: values.progress ?? "auto",
        all,
      };
      const clean = Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
      const options = parseInput(batchSchema, clean, "command line");
      return { command, scenarios: parsed.positionals, options };
    }
  }
}

/** Help text of each command. */
export const HELP: Readonly<Record<Command | "ringfence", string>> = {
  ringfence: `ringfence: Monte Carlo runs of English health and care funding governance.

Usage: ringfence <command> [options]

Commands:
  list [--json]               the preset scenarios, their titles and the source claims they encode
  run <preset|file>           a batch of one scenario; prints a summary table, writes results files
  compare <a> <b> [...]       a batch over several scenarios with paired differences (--all: every preset)
  validate <file> [...]       checks scenario files and explains every problem
  schema                      prints the JSON Schema of scenario files

Run 'ringfence <command> --help' for a command's options.
Exit codes: 0 success, 2 bad input, 1 a failure during the batch, 130 interrupted.`,
  list: `Usage: ringfence list [--json]

Lists the preset scenarios with their titles and the source claims (seed file and quote) they encode.`,
  run: `Usage: ringfence run <preset|file> [options]

Options:
  --runs N                 runs (default 100)
  --seed S                 master seed (default 2025); run i uses seed "S:i" in every scenario
  --years Y                financial years (default: the scenario's, 10)
  --population SIZE        england | icb | toy (default: the scenario's, england)
  --workers W              worker threads (default: cores, at most 8)
  --out DIR                results directory (default results)
  --resume                 continue an interrupted batch from DIR/journal.jsonl
  --per-run                also write the tidy per-run table (runs.csv, runs.parquet)
  --erosion-threshold T    a fall of more than T below the start counts as erosion (default 0.02)
  --progress MODE          auto | bar | lines | none (default auto: a bar on a terminal)

Writes DIR/summary.json, DIR/report.html and DIR/charts/*.svg atomically; nothing is written on bad input.`,
  compare: `Usage: ringfence compare <a> <b> [...] [options]
       ringfence compare --all [options]

Runs every scenario with the same run seeds (common random numbers) and reports paired differences
against the first. Options as for 'ringfence run'.`,
  validate: `Usage: ringfence validate <file|preset> [...]

Checks each scenario and prints every problem as 'path: expected …, got …'. Exit code 2 if any is invalid.`,
  schema: `Usage: ringfence schema

Prints the JSON Schema of scenario files (point your editor's YAML or JSON language server at it).`,
};
