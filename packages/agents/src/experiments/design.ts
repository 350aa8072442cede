/**
 * From an experiment to design points (a matrix of parameter values from the core samplers, seeded and
 * reproducible) and from design points × presets to the scenarios of one batch.
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
import { setParams, scenarioParams } from "../scenario-files/set-params.js";
import { scenarioSchema } from "../scenario.js";
import { validatedPreset, type Experiment, type ExperimentMethod } from "./experiment-schema.js";
import type { ExperimentTaskConfig } from "./experiment-task.js";

/** A varied parameter with its range and documentation. */
export interface DesignParameter {
  /** Dotted path in a scenario. */
  readonly path: string;
  /** Value the unit coordinate 0 maps to. */
  readonly low: number;
  /** Value the unit coordinate 1 maps to. */
  readonly high: number;
  /** Whether the parameter takes whole numbers only (design values are rounded). */
  readonly integer: boolean;
  /** Unit of the parameter. */
  readonly unit: string;
  /** What the parameter is, in one sentence. */
  readonly description: string;
}

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

/** The varied parameters of an experiment with their documentation. */
export function designParameters(experiment: Experiment): DesignParameter[] {
  return experiment.parameters.map((p) => {
    const entry = scenarioParams().get(p.path);
    return { path: p.path, low: p.low, high: p.high, integer: entry?.integer ?? false, unit: entry?.unit ?? "", description: entry?.description ?? "" };
  });
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
 * base rows, N · (d + 2) points, from the Sobol sequence (Joe–Kuo directions; no randomness). LHS: `samples`
 * points of a Latin hypercube seeded with `<seed>/design`. Unit coordinates map linearly to [low, high];
 * integer parameters are then rounded to the nearest whole number. The same experiment gives the same points.
 */
export function buildDesign(experiment: Experiment): ExperimentDesign {
  const parameters = designParameters(experiment);
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
      const saltelli = saltelliDesign(experiment.samples, dims, { sequence: "sobol" });
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
  const baseline = validatedPreset(experiment.scenarios[0]!, experiment.population?.size);
  return { method: experiment.method, parameters, unit, points, plan, years: experiment.years ?? baseline.years };
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
 * The batch scenarios of an experiment: for each design point (in order), each preset (baseline first), with
 * id `<preset>@p<point>` and config `{ scenario: setParams(validatedPreset, values), indicator, year }`.
 * @remarks Every config is checked with the scenario schema's cross-field rules too, so a range that makes
 * some point invalid (shares summing above their limit, say) fails here, naming the point, not run by run.
 */
export function designScenarios(experiment: Experiment, design: ExperimentDesign): BatchScenario[] {
  const out: BatchScenario[] = [];
  design.points.forEach((_, p) => {
    const values = pointValues(design, p);
    for (const id of experiment.scenarios) {
      const scenario = setParams(validatedPreset(id, experiment.population?.size), values);
      const check = scenarioSchema.safeParse(scenario);
      const scenarioId = pointScenarioId(id, p);
      if (!check.success) throw new ConfigError(`experiment point ${scenarioId} (${JSON.stringify(values)})`, toConfigIssues(check.error, scenario));
      const config: ExperimentTaskConfig = { scenario, indicator: experiment.outcome.indicator, year: experiment.outcome.year };
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
        layout: `${design.plan.saltelli.n} Saltelli base rows of ${d + 2} points each: A_j, AB_1j … AB_${d}j, B_j (AB_ij is A_j with parameter i from B_j); A and B from the Sobol sequence`,
      };
    case "lhs":
      return { ...base, layout: `${design.plan.n} points of a Latin hypercube (one point in each of ${design.plan.n} equal strata of every parameter's range)` };
  }
}
