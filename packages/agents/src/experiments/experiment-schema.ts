/**
 * The schema of an experiment file: which scenarios to compare (presets or scenario files), which numeric
 * parameters to vary (scenario parameters, policies' and extensions' parameters, coefficients of expressions) over which
 * ranges, the design (Morris, Sobol/Saltelli or a Latin hypercube), the outcome and an optional scenario
 * discovery question. Every error names the path, the value and what was expected.
 * @packageDocumentation
 */
import { financialYearLabel, parseInput } from "@ringfence/core";
import { dirname, resolve } from "node:path";
import { integerIn } from "@ringfence/core/schema";
import { z } from "zod";
import { PRESET_IDS, PRESETS, type PresetId } from "../presets.js";
import { didYouMean } from "../scenario-files/did-you-mean.js";
import { parseScenarioText } from "../scenario-files/parse-text.js";
import { readScenarioText } from "../scenario-files/read-text.js";
import { paramIssues, scenarioParams } from "../scenario-files/set-params.js";
import { POPULATION_SIZES, scenarioSchema, type PopulationSize, type Scenario } from "../scenario.js";
import { isPresetId } from "../scenario-files/resolve.js";
import { isScenarioFileName } from "./scenario-file-name.js";

/** Designs an experiment can use: Morris screening, Sobol indices on a Saltelli design, or a Latin hypercube. */
export const EXPERIMENT_METHODS = ["morris", "sobol", "lhs"] as const;
/** A design method. */
export type ExperimentMethod = (typeof EXPERIMENT_METHODS)[number];

/** How the outcome is measured: relative to the baseline at the same point and run, or the indicator's value. */
export const OUTCOME_MEASURES = ["paired-relative", "value"] as const;
/** An outcome measure. */
export type OutcomeMeasure = (typeof OUTCOME_MEASURES)[number];

/** Which side of the threshold makes a run a case of interest for scenario discovery. */
export const DISCOVERY_DIRECTIONS = ["below", "above"] as const;
/** A discovery direction. */
export type DiscoveryDirection = (typeof DISCOVERY_DIRECTIONS)[number];

/** Parameters an experiment may not vary: the horizon and its year labels are fixed for the whole experiment. */
export const FIXED_PARAMS: readonly string[] = ["years", "startYear"];

const KEBAB = /^[a-z0-9][a-z0-9-]*$/;
const YEAR_LABEL = /^(\d{4})\/(\d{2})$/;

/** Whether a string is a financial year label such as 2034/35 (the second part the year after the first). */
function isYearLabel(text: string): boolean {
  const m = YEAR_LABEL.exec(text);
  return m !== null && financialYearLabel(Number(m[1])) === text;
}

const scenarioName = z.string({ error: `expected a preset id (${PRESET_IDS.join(", ")}) or a scenario file ./name.yaml in the experiment's folder` }).refine((name) => (PRESET_IDS as readonly string[]).includes(name) || isScenarioFileName(name), {
  error: (issue) => `expected a preset id (${PRESET_IDS.join(", ")}) or a scenario file ./name.yaml in the experiment's folder${typeof issue.input === "string" ? didYouMean(issue.input, PRESET_IDS) : ""}`,
});
const finite = (what: string) => z.number({ error: `expected ${what}` }).finite({ error: `expected ${what}` });

const parameterRange = z.strictObject({
  path: z.string({ error: "expected a dotted parameter path such as iho.acute.propensity" }).min(1, { error: "expected a dotted parameter path such as iho.acute.propensity" }),
  low: finite("a number (the low end of the range)").optional().describe("Low end of the range (default: the low end of the parameter's uniform prior)"),
  high: finite("a number (the high end of the range)").optional().describe("High end of the range (default: the high end of the parameter's uniform prior)"),
});

const outcome = z.strictObject({
  indicator: z
    .string({ error: "expected an indicator id such as gpFundingPerWeightedPatient" })
    .regex(/^[a-z][A-Za-z0-9]*$/, { error: "expected an indicator id such as gpFundingPerWeightedPatient (a built-in one, or a plugin indicator every scenario lists)" }),
  year: z
    .string({ error: 'expected "last" or a financial year label such as 2034/35' })
    .refine((y) => y === "last" || isYearLabel(y), { error: 'expected "last" or a financial year label such as 2034/35' })
    .default("last"),
  measure: z.enum(OUTCOME_MEASURES, { error: `expected one of ${OUTCOME_MEASURES.join(", ")}` }).default("paired-relative"),
});

const discovery = z.strictObject({
  threshold: finite("a number (the outcome threshold)"),
  direction: z.enum(DISCOVERY_DIRECTIONS, { error: `expected one of ${DISCOVERY_DIRECTIONS.join(", ")}` }),
  minDensity: z.number({ error: "expected a number from 0 to 1" }).min(0, { error: "expected a number from 0 to 1" }).max(1, { error: "expected a number from 0 to 1" }).default(0.8),
  alpha: z.number({ error: "expected a number from 0.01 to 0.5" }).min(0.01, { error: "expected a number from 0.01 to 0.5" }).max(0.5, { error: "expected a number from 0.01 to 0.5" }).default(0.05),
});

const evenLevels = z
  .number({ error: "expected an even integer from 2 to 100" })
  .int({ error: "expected an even integer from 2 to 100" })
  .min(2, { error: "expected an even integer from 2 to 100" })
  .max(100, { error: "expected an even integer from 2 to 100" })
  .refine((n) => n % 2 === 0, { error: "expected an even integer from 2 to 100" });

const experimentShape = z.strictObject({
  id: z.string({ error: "expected a kebab-case id such as iho-vs-ringfenced" }).regex(KEBAB, { error: "expected a kebab-case id such as iho-vs-ringfenced" }),
  title: z.string({ error: "expected a non-empty title" }).min(1, { error: "expected a non-empty title" }),
  description: z.string({ error: "expected a description (text)" }).default(""),
  scenarios: z
    .array(scenarioName, { error: "expected a list of preset ids or scenario files, the baseline first" })
    .min(1, { error: "expected at least one scenario" })
    .refine((ids) => new Set(ids).size === ids.length, { error: "expected each scenario at most once" }),
  parameters: z.array(parameterRange, { error: "expected a list of { path, low, high }" }).min(1, { error: "expected at least one parameter to vary" }),
  method: z.enum(EXPERIMENT_METHODS, { error: `expected one of ${EXPERIMENT_METHODS.join(", ")}` }),
  samples: integerIn(2, 100_000).describe("Base sample size: Morris trajectories r, Saltelli base rows N, or Latin hypercube points"),
  levels: evenLevels.default(4).describe("Grid levels of the Morris design"),
  runsPerPoint: integerIn(1, 10_000).default(1).describe("Model runs per design point and scenario (run i has the same seed at every point and in every scenario)"),
  seed: z.union([z.number().finite(), z.string().min(1)], { error: "expected a number or a non-empty string" }),
  years: integerIn(1, 50).optional().describe("Financial years per run (default: the baseline preset's)"),
  outcome,
  discovery: discovery.optional(),
  population: z.strictObject({ size: z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` }) }).optional(),
});

const presetCache = new Map<string, Scenario>();

/**
 * A preset validated with the scenario schema, its population size overridden when `size` is given
 * (cached; callers must not change the result).
 */
export function validatedPreset(id: PresetId, size?: PopulationSize): Scenario {
  const key = `${id}\u0000${size ?? ""}`;
  let scenario = presetCache.get(key);
  if (scenario === undefined) {
    const input = PRESETS[id];
    scenario = parseInput(scenarioSchema, size === undefined ? input : { ...input, population: { ...input.population, size } }, `preset ${id}`);
    presetCache.set(key, scenario);
  }
  return scenario;
}

/** Financial year labels a scenario run for `years` years records, first to last. */
export function yearLabels(scenario: Scenario, years: number): string[] {
  return Array.from({ length: years }, (_, i) => financialYearLabel(scenario.startYear + i));
}

/**
 * Whether a parameter path is checked when the experiment is prepared, against its scenarios as loaded (a
 * policy's or an extension's parameter, or a coefficient of the scenarios' expressions), not by the schema.
 */
function checkedWhenPrepared(path: string): boolean {
  return path.startsWith("policies.") || path.startsWith("extensions.") || path.startsWith("coefficients.");
}

/**
 * Cross-field rules the schema can check alone: scenario parameter paths, bounds and ranges (the rest are checked
 * by `prepareExperiment` once the scenarios are loaded), the outcome year against preset horizons, the measure's baseline.
 */
function experimentRules(e: z.output<typeof experimentShape>, ctx: z.core.$RefinementCtx<z.output<typeof experimentShape>>): void {
  const names = [...scenarioParams().keys()];
  const seen = new Map<string, number>();
  e.parameters.forEach((p, i) => {
    const at = (field: string): (string | number)[] => ["parameters", i, field];
    if (FIXED_PARAMS.includes(p.path)) {
      ctx.addIssue({ code: "custom", path: at("path"), message: `expected a parameter other than ${FIXED_PARAMS.join(" and ")} (the experiment fixes the horizon and its year labels)` });
      return;
    }
    const before = seen.get(p.path);
    if (before !== undefined) {
      ctx.addIssue({ code: "custom", path: at("path"), message: `expected each parameter at most once (${p.path} is also parameters[${before}])` });
      return;
    }
    seen.set(p.path, i);
    if (checkedWhenPrepared(p.path)) return;
    const entry = scenarioParams().get(p.path);
    if (entry === undefined) {
      const issue = paramIssues(p.path, p.low ?? 0, `parameters[${i}].path`)[0];
      ctx.addIssue({ code: "custom", path: at("path"), message: `expected ${issue?.expected ?? "a numeric scenario parameter"}, or a policy's or extension's parameter (policies.<kind>.params.<name>, extensions.<name>.<parameter>) or a coefficient (coefficients.<name>)${didYouMean(p.path, names)}` });
      return;
    }
    const prior = entry.prior?.kind === "uniform" ? entry.prior : undefined;
    const low = p.low ?? prior?.low;
    const high = p.high ?? prior?.high;
    for (const [side, value] of [["low", low], ["high", high]] as const) {
      if (value === undefined) {
        ctx.addIssue({ code: "custom", path: at(side), message: `expected a number (${p.path} has no uniform prior to take its range from)` });
        continue;
      }
      for (const issue of paramIssues(p.path, value, `parameters[${i}].${side}`)) {
        ctx.addIssue({ code: "custom", path: at(side), message: `expected ${issue.expected} for ${p.path} (its own bounds)` });
      }
    }
    if (low !== undefined && high !== undefined && !(low < high)) ctx.addIssue({ code: "custom", path: at("high"), message: `expected a number above low (${low}) for ${p.path}` });
  });
  if (e.outcome.measure === "paired-relative" && e.scenarios.length < 2) {
    ctx.addIssue({ code: "custom", path: ["scenarios"], message: "expected at least two scenarios (a baseline and one compared with it) for the paired-relative measure" });
  }
  if (e.discovery !== undefined && e.outcome.measure === "paired-relative" && !(e.discovery.threshold > -1)) {
    ctx.addIssue({ code: "custom", path: ["discovery", "threshold"], message: "expected a relative change above −1 for the paired-relative measure" });
  }
  const presets = e.scenarios.filter(isPresetId);
  if (e.outcome.year !== "last" && presets.length > 0 && presets.length === e.scenarios.length) {
    // Every scenario must record the outcome year within the horizon (scenario files are checked once loaded).
    for (const [s, id] of presets.entries()) {
      const scenario = validatedPreset(id, e.population?.size);
      const labels = yearLabels(scenario, e.years ?? validatedPreset(presets[0]!, e.population?.size).years);
      if (!labels.includes(e.outcome.year)) {
        ctx.addIssue({ code: "custom", path: ["outcome", "year"], message: `expected "last" or a year from ${labels[0]} to ${labels[labels.length - 1]} (the horizon of scenarios[${s}] ${id})` });
        break;
      }
    }
  }
}

/** Zod schema of an experiment (strict: unknown keys are errors). */
export const experimentSchema: z.ZodType<Experiment, ExperimentInput> = experimentShape.superRefine(experimentRules);

/** A validated experiment (defaults filled in). */
export type Experiment = z.output<typeof experimentShape>;
/** An experiment as written in a file. */
export type ExperimentInput = z.input<typeof experimentShape>;
/** One varied parameter: a dotted path and its range. */
export type ParameterRange = Experiment["parameters"][number];
/** What the experiment measures. */
export type OutcomeSpec = Experiment["outcome"];
/** The scenario discovery question. */
export type DiscoverySpec = NonNullable<Experiment["discovery"]>;

/** Validates an experiment (parsed from YAML or JSON), throwing a ConfigError that names every bad path and value. */
export function parseExperiment(input: unknown): Experiment {
  return parseInput(experimentSchema, input, "experiment");
}


/**
 * Reads and validates an experiment file (YAML or JSON, read by the same safe reader as scenario files), with
 * `overrides` (such as `{ samples: 8 }`) merged over its top level first; returns the experiment and the folder its
 * scenario files are relative to (pass it to `runExperiment` as `baseDir`).
 * @example
 * ```ts
 * const { experiment, baseDir } = loadExperimentFile("packages/examples/src/custom-policy/cap-experiment.yaml", { samples: 8 });
 * const result = await runExperiment(experiment, { baseDir, allowPlugins: true });
 * ```
 * @throws ConfigError naming every bad path and value.
 */
export function loadExperimentFile(path: string, overrides: Readonly<Record<string, unknown>> = {}): { readonly experiment: Experiment; readonly baseDir: string } {
  const data = parseScenarioText(readScenarioText(path), path);
  return { experiment: parseExperiment({ ...data, ...overrides }), baseDir: dirname(resolve(path)) };
}
