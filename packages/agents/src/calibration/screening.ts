/**
 * Morris screening of every numeric parameter (Morris 1991; μ* of Campolongo, Cariboni and Saltelli 2007) on
 * the backcast discrepancy (each fitted output's standardised error, from the calibration's own output
 * function) and on the headline differences (final-year GP funding per weighted patient of each flagship
 * arrangement minus ring-fenced), and the identifiability table built from it (docs/screening.md).
 * @packageDocumentation
 */
import { createRng, parseInput } from "@ringfence/core";
import { runBatch, type BatchExecutor, type RunRecord } from "@ringfence/core/batch";
import type { AbcParameter } from "@ringfence/core/calibrate";
import { morrisIndices, morrisTrajectories, scaleToRanges } from "@ringfence/core/explore";
import { FLAGSHIP_IDS, PRESETS } from "../presets.js";
import { HEADLINE_INDICATOR } from "../run-record.js";
import { scenarioSchema, withValuesAt, type PopulationSize, type Scenario, type ScenarioInput } from "../scenario.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { valueAt } from "../scenario-files/validate.js";
import { calibrationWorkerModule, type CalibrationTaskConfig } from "./calibration-task.js";
import type { FitTarget } from "./fit-targets.js";
import { simulateOutputs } from "./history-match.js";
import type { ParameterRange } from "./parameter-ranges.js";
import { variantScenario } from "./targets.js";

/** A factor of a Morris screening: its name and the range its unit coordinate maps to. */
export interface ScreeningFactor {
  /** Name (a parameter's dotted path). */
  readonly name: string;
  /** Value at unit coordinate 0. */
  readonly low: number;
  /** Value at unit coordinate 1. */
  readonly high: number;
  /** Whether values are rounded to whole numbers. */
  readonly integer?: boolean;
}

/** Options of {@link runMorrisScreening}. */
export interface MorrisScreeningOptions {
  /** The factors, in order. */
  readonly factors: readonly ScreeningFactor[];
  /** The names of the outputs `evaluate` returns, in order. */
  readonly outputs: readonly string[];
  /** Morris trajectories r (each costs factors + 1 evaluations). */
  readonly trajectories: number;
  /** Grid levels p (even; default 4, so Δ = 2/3). */
  readonly levels?: number;
  /** Seed of the design. */
  readonly seed: string;
  /** The model: one output vector per point (points in the factors' units, in design order), for a batch of points. */
  readonly evaluate: (points: readonly (readonly number[])[]) => Promise<readonly (readonly number[])[]>;
  /** Points per call of `evaluate` (default: one trajectory). */
  readonly chunk?: number;
  /** Called after each chunk with the points done and the total. */
  readonly onProgress?: (done: number, total: number) => void;
}

/** Morris measures per output and factor (`[output][factor]`), in output units per unit-cube change of the factor. */
export interface MorrisScreening {
  /** Factor names. */
  readonly factors: readonly string[];
  /** Output names. */
  readonly outputs: readonly string[];
  /** Trajectories r. */
  readonly trajectories: number;
  /** Grid levels p. */
  readonly levels: number;
  /** Model evaluations, r × (factors + 1). */
  readonly evaluations: number;
  /** Mean elementary effect. */
  readonly mu: readonly (readonly number[])[];
  /** Mean absolute elementary effect. */
  readonly muStar: readonly (readonly number[])[];
  /** Standard deviation of the elementary effects. */
  readonly sigma: readonly (readonly number[])[];
  /** Evaluations per output that were not finite (their effects are left out of that output's measures). */
  readonly nonFinite: readonly number[];
}

/**
 * Runs a Morris screening: a design of `trajectories` one-at-a-time trajectories on a `levels`-level grid of
 * the unit cube (seeded), mapped to the factors' ranges, evaluated in chunks, and μ, μ* and σ per output.
 * @remarks Deterministic in (factors, trajectories, levels, seed) given a deterministic `evaluate`. An output
 * that is not finite at a point is replaced by the output's mean over the finite points before the effects
 * are taken, and counted in `nonFinite`.
 */
export async function runMorrisScreening(options: MorrisScreeningOptions): Promise<MorrisScreening> {
  const levels = options.levels ?? 4;
  const dims = options.factors.length;
  const design = morrisTrajectories(options.trajectories, dims, levels, createRng(`${options.seed}:morris`));
  const scaled = scaleToRanges(design.points, options.factors);
  const points = scaled.map((p) => Array.from(p, (v, k) => (options.factors[k]!.integer === true ? Math.round(v) : v)));
  const chunk = options.chunk ?? dims + 1;
  const values: (readonly number[])[] = [];
  for (let start = 0; start < points.length; start += chunk) {
    const part = points.slice(start, start + chunk);
    const got = await options.evaluate(part);
    if (got.length !== part.length) throw new RangeError(`runMorrisScreening: evaluate returned ${got.length} output vectors for ${part.length} points`);
    for (const g of got) {
      if (g.length !== options.outputs.length) throw new RangeError(`runMorrisScreening: expected ${options.outputs.length} outputs per point, got ${g.length}`);
      values.push(g);
    }
    options.onProgress?.(values.length, points.length);
  }
  const mu: number[][] = [];
  const muStar: number[][] = [];
  const sigma: number[][] = [];
  const nonFinite: number[] = [];
  options.outputs.forEach((_, j) => {
    const column = values.map((v) => v[j]!);
    const finite = column.filter(Number.isFinite);
    const mean = finite.length === 0 ? 0 : finite.reduce((a, b) => a + b, 0) / finite.length;
    nonFinite.push(column.length - finite.length);
    const m = morrisIndices(design, column.map((v) => (Number.isFinite(v) ? v : mean)));
    mu.push(m.mu);
    muStar.push(m.muStar);
    sigma.push(m.sigma);
  });
  return { factors: options.factors.map((f) => f.name), outputs: options.outputs, trajectories: options.trajectories, levels, evaluations: points.length, mu, muStar, sigma, nonFinite };
}

/** The screening's factors: every parameter whose range has width (settings and points excluded), in order. */
export function screeningFactors(ranges: readonly ParameterRange[]): ScreeningFactor[] {
  return ranges.filter((r) => r.class !== "setting" && r.high > r.low).map((r) => ({ name: r.path, low: r.low, high: r.high, integer: r.integer }));
}

/**
 * The value a scenario runs with for a screened value of a parameter: the screened value itself where the
 * scenario keeps the schema's default, else moved from the scenario's own value as the screened value moves
 * from the default (in proportion, or by the difference when the default is 0), within the parameter's bounds.
 * @example
 * ```ts
 * // England 2014/15 starts from £98.1bn where the schema's default is £192bn: +2% of the default is +2% of £98.1bn.
 * screenedValue(98.1e9, "national.allocation", 192e9 * 1.02); // 100.062e9
 * ```
 */
export function screenedValue(scenarioValue: number, path: string, value: number): number {
  const entry = scenarioParams().get(path);
  if (entry === undefined) throw new RangeError(`screenedValue: ${path} is not a numeric scenario parameter`);
  const d = entry.default ?? scenarioValue;
  let v = scenarioValue === d ? value : d === 0 ? scenarioValue + value : (scenarioValue * value) / d;
  v = Math.min(entry.max, Math.max(entry.min, v));
  return entry.integer ? Math.round(v) : v;
}

/**
 * The factors a scenario's own rules keep at its value: those for which the scenario with the factor alone at
 * either end of its range (moved as {@link screenedValue} moves it) is not a valid scenario, such as a core
 * shift where core is ring-fenced.
 */
export function heldFactors(scenario: Scenario, factors: readonly ScreeningFactor[]): ReadonlySet<string> {
  const cached = heldCache.get(factors)?.get(scenario);
  if (cached !== undefined) return cached;
  const held = new Set<string>();
  for (const f of factors) {
    const own = valueAt(scenario, f.name);
    for (const end of [f.low, f.high]) {
      const v = screenedValue(typeof own === "number" ? own : end, f.name, end);
      if (!scenarioSchema.safeParse(withValuesAt(scenario, [[f.name, v]])).success) held.add(f.name);
    }
  }
  const byScenario = heldCache.get(factors) ?? new WeakMap<Scenario, ReadonlySet<string>>();
  byScenario.set(scenario, held);
  heldCache.set(factors, byScenario);
  return held;
}

/** {@link heldFactors} by factor list and scenario object (the screening asks again for every chunk of points). */
const heldCache = new WeakMap<readonly ScreeningFactor[], WeakMap<Scenario, ReadonlySet<string>>>();

/** Validated screening scenarios by input object, so {@link heldFactors}' cache sees the same scenario each chunk. */
const parsedCache = new WeakMap<ScenarioInput, Scenario>();
function parsed(input: ScenarioInput, what: string): Scenario {
  let scenario = parsedCache.get(input);
  if (scenario === undefined) {
    scenario = parseInput(scenarioSchema, input, what);
    parsedCache.set(input, scenario);
  }
  return scenario;
}

/** Screening inputs by population size and preset (or the backcast), the same objects every chunk. */
const inputCache = new Map<string, ScenarioInput>();
function screeningInput(key: string, population: PopulationSize, make: () => ScenarioInput): ScenarioInput {
  const k = `${key}\u0000${population}`;
  let input = inputCache.get(k);
  if (input === undefined) {
    input = make();
    inputCache.set(k, input);
  }
  return input;
}

/**
 * The parameter values a validated scenario runs with at a screening point (factor name → value), leaving out
 * the `held` factors (see {@link heldFactors}).
 */
export function screenedParams(scenario: Scenario, factors: readonly ScreeningFactor[], point: readonly number[], held: ReadonlySet<string> = new Set()): Record<string, number> {
  const out: Record<string, number> = {};
  factors.forEach((f, k) => {
    if (held.has(f.name)) return;
    const own = valueAt(scenario, f.name);
    out[f.name] = screenedValue(typeof own === "number" ? own : point[k]!, f.name, point[k]!);
  });
  return out;
}

/** Where a screening's model runs: population size, seed (every point of a batch shares it) and executor. */
export interface ScreeningSetting {
  /** Population size. */
  readonly population: PopulationSize;
  /** Master seed (common random numbers: every point runs with the same run seed). */
  readonly seed: string;
  /** Where runs execute. */
  readonly executor: BatchExecutor;
}

/**
 * The backcast discrepancy at screening points: each fitted output's standardised error (simulated − observed)
 * / √(observation variance + discrepancy variance), the simulated value from the calibration's own output
 * function ({@link simulateOutputs}) on the baseline backcast (factors its rules keep fixed, {@link heldFactors}, stay).
 */
export async function backcastDiscrepancy(points: readonly (readonly number[])[], factors: readonly ScreeningFactor[], targets: readonly FitTarget[], setting: ScreeningSetting): Promise<number[][]> {
  const input = screeningInput("backcast", setting.population, () => variantScenario("baseline", setting.population));
  const scenario = parsed(input, "screening backcast");
  const inputs: AbcParameter[] = factors.map((f) => ({ name: f.name, prior: { kind: "uniform", low: f.low, high: f.high } }));
  const held = heldFactors(scenario, factors);
  const free = factors.filter((f) => !held.has(f.name));
  const runs = points.map((p) => {
    const values = screenedParams(scenario, factors, p, held);
    return { parameters: free.map((f) => values[f.name]!), replicate: 0 };
  });
  const outputs = await simulateOutputs(runs, { inputs: inputs.filter((p) => !held.has(p.name)), targets, seed: setting.seed, population: setting.population, executor: setting.executor });
  return outputs.map((o) => o.map((v, j) => (v - targets[j]!.observed) / Math.sqrt(targets[j]!.observationVariance + targets[j]!.discrepancyVariance)));
}

/** The arrangements the headline differences compare with ring-fenced (the flagship's presets but ring-fenced). */
export const HEADLINE_ARRANGEMENTS: readonly string[] = FLAGSHIP_IDS.filter((id) => id !== "ring-fenced");

/**
 * The headline differences at screening points: final-year GP funding per weighted patient of each flagship
 * arrangement minus ring-fenced's, paired (one batch, one run seed for every scenario), each preset run as
 * the flagship runs it (its own horizon, the history first) with the ensemble off and every screened
 * parameter set, except that parameters a preset sets itself move from its value ({@link screenedValue}) and
 * those its rules keep at its value ({@link heldFactors}) stay there.
 */
export async function headlineDifferences(points: readonly (readonly number[])[], factors: readonly ScreeningFactor[], setting: ScreeningSetting): Promise<number[][]> {
  const presets = FLAGSHIP_IDS.map((id) => {
    const input = screeningInput(id, setting.population, () => ({ ...PRESETS[id], population: { ...PRESETS[id].population, size: setting.population }, ensemble: "none" }));
    const scenario = parsed(input, `screening ${id}`);
    return { id, input, scenario, held: heldFactors(scenario, factors) };
  });
  const years = presets[0]!.scenario.years;
  const records = new Map<string, RunRecord>();
  const scenarios = points.flatMap((p, k) => presets.map((s) => ({ id: `${s.id}#${k}`, config: { scenario: s.input, params: screenedParams(s.scenario, factors, p, s.held) } satisfies CalibrationTaskConfig })));
  await runBatch({ worker: calibrationWorkerModule(), scenarios, runs: 1, masterSeed: setting.seed, years, executor: setting.executor, onRecord: (r) => records.set(r.scenario, r) });
  const last = (id: string, k: number): number => {
    const v = records.get(`${id}#${k}`)?.indicators[HEADLINE_INDICATOR]?.at(-1);
    return typeof v === "number" ? v : Number.NaN;
  };
  return points.map((_, k) => HEADLINE_ARRANGEMENTS.map((id) => last(id, k) - last("ring-fenced", k)));
}

/** The groups of outputs the identifiability table reports. */
export const SCREENING_GROUPS = ["practices", "payments", "QOF", "closures", "GP FTE", "trust deficits", "system deficits", "headline differences"] as const;
/** A group of outputs in the identifiability table. */
export type ScreeningGroup = (typeof SCREENING_GROUPS)[number];

/** The group a fitted output or headline difference belongs to, by its name. */
export function screeningGroup(output: string): ScreeningGroup {
  if (output.startsWith("headline:")) return "headline differences";
  if (output.startsWith("practices_closed_or_merged")) return "closures";
  if (output.startsWith("practices")) return "practices";
  if (output.startsWith("payments_per_patient_qof")) return "QOF";
  if (output.startsWith("payments_per_patient")) return "payments";
  if (output.startsWith("gp_fte")) return "GP FTE";
  if (output.startsWith("trust_surplus")) return "trust deficits";
  if (output.startsWith("system") || output === "trust_fund_diverted") return "system deficits";
  throw new RangeError(`screeningGroup: no group for output ${output}`);
}

/** One parameter's row of the identifiability table: the largest normalised μ* per group. */
export interface IdentifiabilityRow {
  /** Parameter path. */
  readonly factor: string;
  /** Per group, the largest μ* of its outputs as a share of that output's largest μ* over all factors. */
  readonly byGroup: Readonly<Record<ScreeningGroup, number>>;
}

/**
 * Normalised μ* per factor and group: for each output, every factor's μ* divided by the largest μ* any factor
 * has on it (an output no factor moves counts 0 for all), then the largest over the group's outputs.
 */
export function identifiability(screening: MorrisScreening): IdentifiabilityRow[] {
  const top = screening.muStar.map((row) => Math.max(0, ...row.filter(Number.isFinite)));
  return screening.factors.map((factor, k) => {
    const byGroup = Object.fromEntries(SCREENING_GROUPS.map((g) => [g, 0])) as Record<ScreeningGroup, number>;
    screening.outputs.forEach((output, j) => {
      const g = screeningGroup(output);
      const v = top[j]! > 0 ? screening.muStar[j]![k]! / top[j]! : 0;
      if (Number.isFinite(v) && v > byGroup[g]) byGroup[g] = v;
    });
    return { factor, byGroup };
  });
}
