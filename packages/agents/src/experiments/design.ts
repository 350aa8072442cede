/**
 * From an experiment to design points (a matrix of parameter values from the core samplers, seeded and
 * reproducible) and from design points × scenarios to the scenarios of one batch.
 * @packageDocumentation
 */
import { ConfigError, createRng, toConfigIssues } from "@ringfence/core";
import type { BatchScenario } from "@ringfence/core/batch";
import {
  latinHypercube,
  morrisTrajectories,
  saltelliDesign,
  scaleToRanges,
  type MorrisDesign,
  type SaltelliDesign,
} from "@ringfence/core/explore";
import { DEFAULT_POLICY } from "../policies/index.js";
import { POLICY_KINDS } from "../policies/signatures.js";
import { setParams } from "../scenario-files/set-params.js";
import { scenarioSchema, withValuesAt, type Scenario } from "../scenario.js";
import type { Experiment, ExperimentMethod } from "./experiment-schema.js";
import type { ExperimentTaskConfig } from "./experiment-task.js";
import type { DesignParameter, ExperimentScenario, PreparedExperiment } from "./prepare.js";

/** The core design behind the points, kept for the analysis. */
export type DesignPlan =
  | { readonly method: "morris"; readonly morris: MorrisDesign }
  | { readonly method: "sobol"; readonly saltelli: SaltelliDesign }
  | { readonly method: "lhs"; readonly n: number };

/** The design of an experiment: its parameters, the points in the unit cube and in parameter units. */
export interface ExperimentDesign {
  /** The design method. */
  readonly method: ExperimentMethod;
  /** The varied parameters, in experiment order (the columns of `points`). */
  readonly parameters: readonly DesignParameter[];
  /** Unit-cube coordinates of each point. */
  readonly unit: readonly Float64Array[];
  /** Parameter values of each point (integer parameters rounded). */
  readonly points: readonly (readonly number[])[];
  /** The core design (Morris trajectories, Saltelli matrices or a Latin hypercube). */
  readonly plan: DesignPlan;
  /** Financial years per run. */
  readonly years: number;
}

/** The design as written to experiment.json: plain arrays, and the layout the analysis assumed. */
export interface DesignJson {
  /** The design method. */
  readonly method: ExperimentMethod;
  /** The varied parameters. */
  readonly parameters: readonly DesignParameter[];
  /** Number of design points. */
  readonly count: number;
  /** Financial years per run. */
  readonly years: number;
  /** How the points are laid out, in words. */
  readonly layout: string;
  /** Parameter values of each point. */
  readonly points: readonly (readonly number[])[];
  /** Morris grid levels, step Δ and the factor each step moves (Morris only). */
  readonly morris?: { readonly levels: number; readonly delta: number; readonly trajectories: number; readonly steps: readonly { readonly parameter: string; readonly delta: number }[] };
}

/** A seed for one purpose of an experiment (the design, a bootstrap), derived from its master seed. */
export function purposeSeed(experiment: Experiment, purpose: string): string {
  return `${String(experiment.seed)}/${purpose}`;
}


/**
 * How many design points an experiment has, without building them: Morris r · (d + 1), Sobol N · (d + 2),
 * a Latin hypercube N (see {@link buildDesign}).
 */
export function designPointCount(experiment: Pick<Experiment, "method" | "samples" | "parameters">): number {
  const d = experiment.parameters.length;
  switch (experiment.method) {
    case "morris":
      return experiment.samples * (d + 1);
    case "sobol":
      return experiment.samples * (d + 2);
    case "lhs":
      return experiment.samples;
  }
}

/**
 * The design points of an experiment.
 * @remarks Morris: `samples` trajectories on a `levels` grid (Campolongo et al. 2007), r · (d + 1) points,
 * drawn from a generator seeded with `<seed>/design`. Sobol: Saltelli's A, AB_1 … AB_d, B rows for `samples`
 * base rows, N · (d + 2) points, from the Sobol sequence (Joe–Kuo directions) scrambled by a generator seeded
 * with `<seed>/design`. LHS: `samples`
 * points of a Latin hypercube seeded with `<seed>/design`. Unit coordinates map linearly to [low, high];
 * integer parameters are then rounded to the nearest whole number. The same experiment gives the same points.
 */
export function buildDesign(experiment: Experiment, prepared: Pick<PreparedExperiment, "parameters" | "years">): ExperimentDesign {
  const parameters = prepared.parameters;
  const dims = parameters.length;
  const rng = createRng(purposeSeed(experiment, "design"));
  let plan: DesignPlan;
  let unit: Float64Array[];
  switch (experiment.method) {
    case "morris": {
      const morris = morrisTrajectories(experiment.samples, dims, experiment.levels, rng);
      plan = { method: "morris", morris };
      unit = morris.points;
      break;
    }
    case "sobol": {
      // Scrambled, so A and B never share a factor's value in a row (unscrambled, the leading points of two
      // dimensions can coincide and a factor's indices come out 0 at small N).
      const saltelli = saltelliDesign(experiment.samples, dims, { sequence: "sobol", scramble: rng });
      plan = { method: "sobol", saltelli };
      unit = saltelli.points;
      break;
    }
    case "lhs": {
      unit = latinHypercube(experiment.samples, dims, rng);
      plan = { method: "lhs", n: experiment.samples };
      break;
    }
  }
  const scaled = scaleToRanges(unit, parameters);
  const points = scaled.map((row) =>
    parameters.map((p, d) => {
      const v = row[d]!;
      return p.integer ? Math.min(p.high, Math.max(p.low, Math.round(v))) : Math.min(p.high, Math.max(p.low, v));
    }),
  );
  return { method: experiment.method, parameters, unit, points, plan, years: prepared.years };
}

/** The parameter values of design point `point` by dotted path. */
export function pointValues(design: ExperimentDesign, point: number): Record<string, number> {
  const row = design.points[point];
  if (row === undefined) throw new RangeError(`pointValues: expected a point from 0 to ${design.points.length - 1}, got ${point}`);
  return Object.fromEntries(design.parameters.map((p, d) => [p.path, row[d]!]));
}

/** The batch scenario id of a preset at a design point, such as `iho-acute@p17`. */
export function pointScenarioId(scenario: string, point: number): string {
  return `${scenario}@p${point}`;
}

/** The preset and point of a batch scenario id made by {@link pointScenarioId}, or undefined. */
export function parsePointScenarioId(id: string): { readonly scenario: string; readonly point: number } | undefined {
  const m = /^(.+)@p(\d+)$/.exec(id);
  return m === null ? undefined : { scenario: m[1]!, point: Number(m[2]) };
}

/**
 * A scenario of an experiment at one design point: every varied parameter that applies to it set to the point's
 * value (a coefficient first: the expressions that use it are evaluated again for every year; then scenario
 * parameters, which are pinned and stop being time-varying; then policies' and extensions' parameters).
 */
export function pointScenario(scenario: ExperimentScenario, parameters: readonly DesignParameter[], values: readonly number[]): Scenario {
  const base = scenario.loaded.scenario;
  const plain: Record<string, number> = {};
  const coefficients: Record<string, number> = { ...scenario.loaded.coefficients };
  let varied = false;
  let sc: Scenario = base;
  const policies: Record<string, { name: string; params: Record<string, unknown> }> = {};
  const extensions: Record<string, Record<string, unknown>> = {};
  parameters.forEach((p, d) => {
    if (!p.scenarios.includes(scenario.id)) return;
    const v = values[d]!;
    if (p.kind === "scenario") plain[p.path] = v;
    else if (p.kind === "coefficient") {
      coefficients[p.path.slice("coefficients.".length)] = v;
      varied = true;
    } else if (p.kind === "policy") {
      const kind = POLICY_KINDS.find((k) => p.path.startsWith(`policies.${k}.params.`));
      if (kind === undefined) throw new RangeError(`pointScenario: ${p.path} is not a policy's parameter`);
      const name = p.path.slice(`policies.${kind}.params.`.length);
      const chosen = policies[kind] ?? { name: base.policies[kind]?.name ?? DEFAULT_POLICY[kind], params: { ...(base.policies[kind]?.params ?? {}) } };
      chosen.params[name] = v;
      policies[kind] = chosen;
    } else {
      const parts = p.path.split(".");
      const extension = parts[1]!;
      const chosen = extensions[extension] ?? { ...(base.extensions[extension] ?? {}) };
      chosen[parts.slice(2).join(".")] = v;
      extensions[extension] = chosen;
    }
  });
  if (varied) {
    const timeVarying = { ...sc.timeVarying };
    const first: Record<string, number> = {};
    for (const [path, compiled] of scenario.expressions) {
      const series = Array.from({ length: sc.years }, (_, t) => compiled.evaluate({ ...coefficients, year: sc.startYear + t, t }));
      timeVarying[path] = series;
      first[path] = series[0]!;
    }
    sc = withValuesAt({ ...sc, timeVarying }, Object.entries(first));
  }
  if (Object.keys(plain).length > 0) sc = setParams(sc, plain);
  if (Object.keys(policies).length > 0) sc = { ...sc, policies: { ...sc.policies, ...policies } };
  if (Object.keys(extensions).length > 0) sc = { ...sc, extensions: { ...sc.extensions, ...extensions } };
  return sc;
}


/**
 * The batch scenarios of an experiment: for each design point (in order), each scenario (baseline first), with
 * id `<scenario id>@p<point>` and config `{ scenario: pointScenario(…), indicator, year }`.
 * @remarks Every config is checked with the scenario schema's cross-field rules and per-year bounds too, so a
 * range that makes some point invalid (shares summing above their limit, a coefficient that takes a year's value
 * out of bounds) fails here, naming the point, not run by run.
 */
export function designScenarios(experiment: Experiment, design: ExperimentDesign, prepared: Pick<PreparedExperiment, "scenarios">, run: { readonly verify?: boolean } = {}): BatchScenario[] {
  const out: BatchScenario[] = [];
  design.points.forEach((row, p) => {
    for (const s of prepared.scenarios) {
      const scenario = pointScenario(s, design.parameters, row);
      const check = scenarioSchema.safeParse(scenario);
      const scenarioId = pointScenarioId(s.id, p);
      if (!check.success) throw new ConfigError(`experiment point ${scenarioId} (${JSON.stringify(pointValues(design, p))})`, toConfigIssues(check.error, scenario));
      const config: ExperimentTaskConfig = { scenario, indicator: experiment.outcome.indicator, year: experiment.outcome.year, ...(run.verify === true ? { verify: true } : {}) };
      out.push({ id: scenarioId, config });
    }
  });
  return out;
}

/** The design in plain arrays for experiment.json. */
export function designJson(design: ExperimentDesign): DesignJson {
  const d = design.parameters.length;
  const base = { method: design.method, parameters: design.parameters, count: design.points.length, years: design.years, points: design.points };
  switch (design.plan.method) {
    case "morris": {
      const m = design.plan.morris;
      return {
        ...base,
        layout: `${m.trajectories} Morris trajectories of ${d + 1} points each (point s of trajectory t is point t·${d + 1} + s); step s of a trajectory moves one parameter by ±Δ of its range`,
        morris: { levels: m.levels, delta: m.delta, trajectories: m.trajectories, steps: m.steps.map((s) => ({ parameter: design.parameters[s.factor]!.path, delta: s.delta })) },
      };
    }
    case "sobol":
      return {
        ...base,
        layout: `${design.plan.saltelli.n} Saltelli base rows of ${d + 2} points each: A_j, AB_1j … AB_${d}j, B_j (AB_ij is A_j with parameter i from B_j); A and B from the scrambled Sobol sequence`,
      };
    case "lhs":
      return { ...base, layout: `${design.plan.n} points of a Latin hypercube (one point in each of ${design.plan.n} equal strata of every parameter's range)` };
  }
}
