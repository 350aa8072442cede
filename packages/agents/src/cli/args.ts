/**
 * Command-line arguments of `ringfence`: parsed with node:util and validated with zod, every problem named
 * as `flag: expected …, got …`.
 * @packageDocumentation
 */
import { parseArgs, type ParseArgsConfig } from "node:util";
import { ConfigError, parseInput, redactUrl } from "@ringfence/core";
import { integerIn, numberIn } from "@ringfence/core/schema";
import { z } from "zod";
import { FLOW_CHOICES, GP_FUND, verifyByDefault } from "../batch-options.js";
import { DEFAULT_MAX_RUNS } from "../run-bound.js";
import { GROWTH_PATHS, POPULATION_SIZES } from "../scenario.js";
import { COMMANDS, type Command } from "./help.js";

const seed = z.string().regex(/^[A-Za-z0-9:_-]{1,64}$/, { error: "expected 1 to 64 letters, digits, ':', '_' or '-'" });
const population = z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` });
const queue = z.string().regex(/^rediss?:\/\/[^\s]+$/, { error: "expected a Redis URL such as redis://127.0.0.1:6379" });

const indicatorIds = z.array(z.string().regex(/^[a-z][A-Za-z0-9]*$/, { error: "expected indicator ids such as practicesOpen,listSizeSpread (camelCase, separated by commas)" }));
const maxRuns = integerIn(1, 1_000_000_000_000);

const batchSchema = z.strictObject({
  runs: integerIn(1, 1_000_000),
  maxRuns,
  seed,
  years: integerIn(1, 50).optional(),
  population: population.optional(),
  workers: integerIn(1, 64),
  out: z.string().min(1, { error: "expected a folder path" }).optional(),
  resume: z.boolean(),
  perRun: z.boolean(),
  pdf: z.boolean(),
  erosionThreshold: numberIn(0, 1, "(a fraction, 0.02 = 2%)"),
  allowPlugins: z.boolean(),
  runTimeout: numberIn(1, 86_400, "seconds"),
  queue: queue.optional(),
  progress: z.enum(["auto", "bar", "lines", "none"], { error: "expected auto, bar, lines or none" }),
  growth: z
    .array(z.enum(GROWTH_PATHS, { error: `expected growth paths from ${GROWTH_PATHS.join(", ")}, separated by commas` }))
    .min(1)
    .refine((a) => new Set(a).size === a.length, { error: "expected each growth path once" })
    .optional(),
  indicators: indicatorIds,
  show: indicatorIds,
  verify: z.boolean(),
  flows: z.enum(FLOW_CHOICES, { error: `expected one of ${FLOW_CHOICES.join(", ")}` }),
});

/** Validated options of `run`, `compare` and `flagship`. */
export type BatchOptions = z.output<typeof batchSchema>;

const replaySchema = z.strictObject({
  seed,
  years: integerIn(1, 50).optional(),
  population: population.optional(),
  indicators: indicatorIds,
  allowPlugins: z.boolean(),
  runTimeout: numberIn(1, 86_400, "seconds"),
  verify: z.boolean(),
  run: integerIn(0, 10_000_000).optional(),
  growth: z.enum(GROWTH_PATHS, { error: `expected a growth path from ${GROWTH_PATHS.join(", ")}` }).optional(),
});
/** Validated options of `replay`. */
export type ReplayCommandOptions = z.output<typeof replaySchema>;

const exploreSchema = z.strictObject({
  method: z.enum(["morris", "sobol", "lhs"], { error: "expected morris, sobol or lhs" }).optional(),
  samples: integerIn(2, 1_000_000).optional(),
  population: population.optional(),
  workers: integerIn(1, 64),
  out: z.string().min(1).optional(),
  resume: z.boolean(),
  queue: queue.optional(),
  verify: z.boolean(),
  allowPlugins: z.boolean(),
  runTimeout: numberIn(1, 86_400, "seconds"),
  maxRuns,
});
/** Validated options of `explore`. */
export type ExploreOptions = z.output<typeof exploreSchema>;

const backcastSchema = z.strictObject({
  runs: integerIn(1, 100_000),
  population: population.optional(),
  workers: integerIn(1, 64),
  seed,
  out: z.string().min(1),
  prior: z.boolean(),
  maxRuns,
  split: z.enum(["fit", "all"], { error: "expected fit (compare only the fit years, 2014/15–2018/19) or all (the reserved years too)" }),
});
/** Validated options of `backcast`. */
export type BackcastOptions = z.output<typeof backcastSchema>;

const calibrateSchema = z.strictObject({
  waves: integerIn(1, 20),
  particles: integerIn(50, 100_000),
  check: integerIn(1, 10_000),
  design: integerIn(10, 100_000).optional(),
  designSeeds: z.enum(["common", "independent"], { error: "expected common (one run seed for every design point) or independent (a seed per point)" }),
  split: z.enum(["fit", "all"], { error: "expected fit (fit 2014/15–2018/19 only, the out-of-sample check's ensemble) or all (refit on every year, the shipped ensemble)" }),
  population: population.optional(),
  workers: integerIn(1, 64),
  seed,
  out: z.string().min(1),
  resume: z.boolean(),
  queue: queue.optional(),
  maxRuns,
});
/** Validated options of `calibrate`. */
export type CalibrateOptions = z.output<typeof calibrateSchema>;

const workerSchema = z.strictObject({ queue, concurrency: integerIn(1, 64), allowPlugins: z.boolean(), stalledSeconds: integerIn(1, 3600), runTimeout: numberIn(1, 86_400, "seconds") });
/** Validated options of `worker`. */
export type WorkerOptions = z.output<typeof workerSchema>;

/** A parsed command line. */
export type ParsedCommand =
  | { readonly command: "list" | "params"; readonly json: boolean }
  | { readonly command: "schema" }
  | { readonly command: "validate"; readonly files: readonly string[]; readonly allowPlugins: boolean }
  | { readonly command: "run" | "compare" | "flagship"; readonly scenarios: readonly string[]; readonly options: BatchOptions }
  | { readonly command: "replay"; readonly scenario: string; readonly options: ReplayCommandOptions }
  | { readonly command: "explore"; readonly file: string; readonly options: ExploreOptions }
  | { readonly command: "backcast"; readonly options: BackcastOptions }
  | { readonly command: "calibrate"; readonly options: CalibrateOptions }
  | { readonly command: "worker"; readonly options: WorkerOptions };

type Flags = NonNullable<ParseArgsConfig["options"]>;
const text = { type: "string" } as const;
const flag = { type: "boolean" } as const;
const BATCH_FLAGS: Flags = {
  runs: text,
  seed: text,
  years: text,
  population: text,
  workers: text,
  out: text,
  resume: flag,
  "per-run": flag,
  pdf: flag,
  "erosion-threshold": text,
  "allow-plugins": flag,
  "run-timeout": text,
  queue: text,
  progress: text,
  indicators: text,
  show: text,
  verify: flag,
  flows: text,
  "max-runs": text,
  growth: text,
};
const FLAGS: Readonly<Record<Command, Flags>> = {
  list: { json: flag },
  params: { json: flag },
  schema: {},
  validate: { "allow-plugins": flag },
  run: BATCH_FLAGS,
  compare: BATCH_FLAGS,
  flagship: BATCH_FLAGS,
  replay: { seed: text, run: text, growth: text, years: text, population: text, indicators: text, "allow-plugins": flag, "run-timeout": text, verify: flag },
  explore: { method: text, samples: text, population: text, workers: text, out: text, resume: flag, queue: text, verify: flag, "allow-plugins": flag, "run-timeout": text, "max-runs": text },
  backcast: { runs: text, population: text, workers: text, seed: text, out: text, prior: flag, "max-runs": text, split: text },
  calibrate: { waves: text, particles: text, check: text, design: text, "design-seeds": text, split: text, population: text, workers: text, seed: text, out: text, resume: flag, queue: text, "max-runs": text },
  worker: { queue: text, concurrency: text, "allow-plugins": flag, "stalled-seconds": text, "run-timeout": text },
};

/** A command-line error naming the flag, the value and what was expected. */
export function badArgument(path: string, value: unknown, expected: string): ConfigError {
  return new ConfigError("command line", [{ path, expected, value, message: `${path}: expected ${expected}, got ${JSON.stringify(value) ?? "nothing"}` }]);
}

/**
 * A number given on the command line in plain decimal notation (digits, an optional sign and decimal point:
 * `12`, `0.02`, `-1`), or the raw string when it is anything else (`0x10`, `1e3`, ` 5`, `Infinity`), so
 * validation names it. Integer options then refuse a decimal point too.
 */
function numeric(value: unknown): number | string | undefined {
  if (typeof value !== "string") return undefined;
  return /^-?\d{1,16}(\.\d{1,16})?$/.test(value) ? Number(value) : value;
}

/** An integer given on the command line: decimal digits only (`0x10`, `1e3`, `1.0` and `+5` are refused by name). */
function integer(value: unknown): number | string | undefined {
  if (typeof value !== "string") return undefined;
  return /^\d{1,16}$/.test(value) ? Number(value) : value;
}

/** Refuses a queue URL that is not one, showing it with its secrets hidden (a mistyped URL still holds a password). */
function queueUrl(value: string | boolean | undefined): string | undefined {
  if (typeof value !== "string") return undefined;
  if (!/^rediss?:\/\/[^\s]+$/.test(value)) throw badArgument("queue", redactUrl(value), "a Redis URL such as redis://127.0.0.1:6379");
  return value;
}

/** A comma-separated list given on the command line (empty when the flag is absent). */
function list(value: unknown): string[] {
  return typeof value === "string" ? value.split(",").map((x) => x.trim()).filter((x) => x !== "") : [];
}

/** Drops undefined fields, so zod defaults and optionals apply. */
function defined(raw: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined));
}

/**
 * Parses `ringfence` arguments (without the node and script paths); `--debug` is accepted by every command
 * and returned apart.
 * @throws ConfigError naming the flag, the value and what was expected.
 */
export function parseCommandLine(argv: readonly string[], defaults: { readonly workers: number }): { readonly parsed: ParsedCommand; readonly debug: boolean } {
  const [first, ...rest] = argv;
  if (first === undefined || !(COMMANDS as readonly string[]).includes(first)) throw badArgument("command", first, `one of ${COMMANDS.join(", ")}`);
  const command = first as Command;
  let args;
  try {
    args = parseArgs({ args: rest, allowPositionals: true, strict: true, options: { ...FLAGS[command], debug: flag } });
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    const name = /'(-[^']+)'/.exec(message)?.[1] ?? "option";
    throw badArgument(name, message.split(".")[0], `an option listed by 'ringfence ${command} --help'`);
  }
  const v = args.values as Record<string, string | boolean | undefined>;
  const p = args.positionals;
  const debug = v.debug === true;
  const none = (what: string) => {
    if (p.length > 0) throw badArgument(what, p, "no positional arguments");
  };
  const parsed = ((): ParsedCommand => {
    switch (command) {
      case "list":
      case "params":
        none(command);
        return { command, json: v.json === true };
      case "schema":
        none(command);
        return { command };
      case "validate":
        if (p.length === 0) throw badArgument("file", undefined, "at least one scenario file or preset");
        return { command, files: p, allowPlugins: v["allow-plugins"] === true };
      case "run":
      case "compare":
      case "flagship": {
        if (command === "run" && p.length !== 1) throw badArgument("scenario", p, "exactly one preset or scenario file");
        if (command === "compare" && p.length < 2) throw badArgument("scenarios", p, "two or more presets or scenario files");
        if (command === "flagship") none(command);
        const options = parseInput(
          batchSchema,
          defined({
            runs: integer(v.runs) ?? 100,
            maxRuns: integer(v["max-runs"]) ?? DEFAULT_MAX_RUNS,
            seed: v.seed ?? "2025",
            years: integer(v.years),
            population: v.population,
            workers: integer(v.workers) ?? defaults.workers,
            out: v.out,
            resume: v.resume === true,
            perRun: v["per-run"] === true,
            pdf: v.pdf === true,
            erosionThreshold: numeric(v["erosion-threshold"]) ?? 0.02,
            allowPlugins: v["allow-plugins"] === true,
            runTimeout: numeric(v["run-timeout"]) ?? 120,
            queue: queueUrl(v.queue),
            progress: v.progress ?? "auto",
            growth: typeof v.growth === "string" ? v.growth.split(",").map((x) => x.trim()) : undefined,
            indicators: list(v.indicators),
            show: list(v.show),
            verify: v.verify === true || verifyByDefault(),
            flows: v.flows ?? GP_FUND,
          }),
          "command line",
        );
        return { command, scenarios: p, options };
      }
      case "replay":
        if (p.length !== 1) throw badArgument("scenario", p, "exactly one preset or scenario file");
        if (v.seed === undefined) throw badArgument("--seed", undefined, "the run seed a failed run lists, such as 2025:3");
        return {
          command,
          scenario: p[0]!,
          options: parseInput(
            replaySchema,
            defined({
              seed: v.seed,
              run: integer(v.run),
              growth: v.growth,
              years: integer(v.years),
              population: v.population,
              indicators: list(v.indicators),
              allowPlugins: v["allow-plugins"] === true,
              runTimeout: numeric(v["run-timeout"]) ?? 120,
              verify: v.verify === true || verifyByDefault(),
            }),
            "command line",
          ),
        };
      case "explore":
        if (p.length !== 1) throw badArgument("experiment", p, "exactly one experiment file");
        return {
          command,
          file: p[0]!,
          options: parseInput(
            exploreSchema,
            defined({
              method: v.method,
              samples: integer(v.samples),
              population: v.population,
              workers: integer(v.workers) ?? defaults.workers,
              out: v.out,
              resume: v.resume === true,
              queue: queueUrl(v.queue),
              maxRuns: integer(v["max-runs"]) ?? DEFAULT_MAX_RUNS,
              verify: v.verify === true || verifyByDefault(),
              allowPlugins: v["allow-plugins"] === true,
              runTimeout: numeric(v["run-timeout"]) ?? 120,
            }),
            "command line",
          ),
        };
      case "backcast":
        none(command);
        return {
          command,
          options: parseInput(
            backcastSchema,
            defined({ runs: integer(v.runs) ?? 100, population: v.population, workers: integer(v.workers) ?? defaults.workers, seed: v.seed ?? "2015", out: v.out ?? "results/backcast", prior: v.prior === true, maxRuns: integer(v["max-runs"]) ?? DEFAULT_MAX_RUNS, split: v.split ?? "all" }),
            "command line",
          ),
        };
      case "calibrate":
        none(command);
        return {
          command,
          options: parseInput(
            calibrateSchema,
            defined({
              waves: integer(v.waves) ?? 4,
              particles: integer(v.particles) ?? 500,
              check: integer(v.check) ?? 100,
              design: integer(v.design),
              designSeeds: v["design-seeds"] ?? "common",
              split: v.split ?? "fit",
              population: v.population,
              workers: integer(v.workers) ?? defaults.workers,
              seed: v.seed ?? "2015",
              out: v.out ?? "results/calibration",
              resume: v.resume === true,
              queue: queueUrl(v.queue),
              maxRuns: integer(v["max-runs"]) ?? DEFAULT_MAX_RUNS,
            }),
            "command line",
          ),
        };
      case "worker":
        none(command);
        return { command, options: parseInput(workerSchema, defined({ queue: queueUrl(v.queue), concurrency: integer(v.concurrency) ?? 1, allowPlugins: v["allow-plugins"] === true, stalledSeconds: integer(v["stalled-seconds"]) ?? 30, runTimeout: numeric(v["run-timeout"]) ?? 120 }), "command line") };
    }
  })();
  return { parsed, debug };
}
