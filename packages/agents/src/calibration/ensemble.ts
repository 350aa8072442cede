/**
 * The posterior ensemble file: weighted parameter sets from a calibration with their provenance, a schema to
 * read it back safely, and the deterministic draw of one parameter set per run seed.
 * @packageDocumentation
 */
import { ConfigError, createRng, parseInput } from "@ringfence/core";
import { samplePrior } from "@ringfence/core/calibrate";
import { z } from "zod";
import type { Scenario } from "../scenario.js";
import { nodeFs } from "../node-builtins.js";
import { setParams } from "../scenario-files/set-params.js";

/** Version of the ensemble file format this code writes and reads. */
export const ENSEMBLE_VERSION = 2;

const finite = z.number({ error: "expected a finite number" }).refine(Number.isFinite, { error: "expected a finite number" });
const prior = z.union([
  z.strictObject({ kind: z.literal("uniform"), low: finite, high: finite }),
  z.strictObject({ kind: z.literal("log-uniform"), low: finite, high: finite }),
  z.strictObject({ kind: z.literal("normal"), mean: finite, sd: finite }),
]);

/** The fields of an ensemble file, for schemas that reuse one of them. */
export const ensembleShape = {
  priorDrawn: z
    .array(z.strictObject({ path: z.string().min(1), prior }), { error: "expected a list of { path, prior }" })
    .default([])
    .describe("Parameters no fitted output informs: each run draws them from their priors, so their uncertainty is in the bands"),
};

/** Zod schema of a posterior ensemble file (strict: unknown fields are refused). */
export const ensembleSchema = z
  .strictObject({
    version: z.literal(ENSEMBLE_VERSION, { error: `expected version ${ENSEMBLE_VERSION}` }),
    parameters: z.array(z.string().min(1), { error: "expected a list of parameter paths" }).min(1, { error: "expected at least one parameter" }),
    particles: z
      .array(
        z.strictObject({
          values: z.array(finite, { error: "expected a list of numbers" }),
          weight: finite.refine((w) => w >= 0, { error: "expected a weight ≥ 0" }),
        }),
        { error: "expected a list of { values, weight }" },
      )
      .min(1, { error: "expected at least one particle" }),
    priorDrawn: ensembleShape.priorDrawn,
    provenance: z.strictObject({
      producer: z.string().min(1),
      method: z.record(z.string(), z.unknown()).describe("How the particles were found, with every setting and each stage's diagnostics"),
      seed: z.string().min(1),
      population: z.union([z.literal("england"), z.literal("icb"), z.literal("toy")]),
      scenario: z.string().min(1),
      split: z.record(z.string(), z.unknown()).describe("What was fitted and what was reserved, declared before the fit"),
      targets: z.array(z.record(z.string(), z.unknown())).min(1),
      simulations: z.number().int().min(0),
      checks: z.record(z.string(), z.unknown()).default({}).describe("The model run at drawn particles against the fitted outputs, and the out-of-sample check"),
    }),
  })
  .superRefine((e, ctx) => {
    if (new Set(e.parameters).size !== e.parameters.length) ctx.addIssue({ code: "custom", path: ["parameters"], message: "expected distinct parameter paths" });
    e.particles.forEach((p, i) => {
      if (p.values.length !== e.parameters.length) {
        ctx.addIssue({ code: "custom", path: ["particles", i, "values"], message: `expected ${e.parameters.length} values (one per parameter), got ${p.values.length}` });
      }
    });
    if (!(e.particles.reduce((s, p) => s + p.weight, 0) > 0)) ctx.addIssue({ code: "custom", path: ["particles"], message: "expected weights summing to more than 0" });
    const fitted = new Set(e.parameters);
    e.priorDrawn.forEach((d, i) => {
      if (fitted.has(d.path)) ctx.addIssue({ code: "custom", path: ["priorDrawn", i, "path"], message: `expected a parameter not among the calibrated ones, got ${d.path}` });
    });
  });

/** A posterior ensemble: weighted parameter sets and where they came from. */
export type Ensemble = z.output<typeof ensembleSchema>;

/** Reads an ensemble from parsed JSON, throwing a ConfigError that names each bad field. */
export function parseEnsemble(value: unknown, where = "ensemble"): Ensemble {
  return parseInput(ensembleSchema, value, where);
}

/** Reads and validates an ensemble file (Node only: elsewhere, fetch the file and call {@link parseEnsemble}). */
export function readEnsemble(path: string | URL): Ensemble {
  const fs = nodeFs();
  if (fs === undefined) throw new Error(`readEnsemble(${String(path)}): no file system here (outside Node, fetch the file and call parseEnsemble, or provideEnsemble for a shipped one)`);
  const file = path instanceof URL ? decodeURIComponent(path.pathname) : path;
  let json: unknown;
  try {
    json = JSON.parse(fs.readFileSync(path, "utf8"));
  } catch (e) {
    throw new ConfigError(file, [{ path: "", expected: "a JSON ensemble file", value: file, message: `${file}: ${e instanceof Error ? e.message : String(e)}` }]);
  }
  return parseEnsemble(json, file);
}

/** The ensemble as pretty JSON with a final newline (the file format). */
export function formatEnsemble(ensemble: Ensemble): string {
  return `${JSON.stringify(ensemble, null, 1)}\n`;
}

/** The golden ratio's fractional part: consecutive multiples of it spread evenly over [0, 1) for any count. */
const GOLDEN = (Math.sqrt(5) - 1) / 2;

/**
 * The index of the particle a run draws, by weight. With the run's index in its batch, runs take evenly spread
 * points of the weights' distribution (i × 0.618… mod 1, the same for every scenario and batch), so R runs
 * draw close to R distinct particles when no particle's weight exceeds 1/R; without it, a point drawn from the
 * run seed. A pure function of (ensemble, seed, index).
 */
export function drawParticleIndex(ensemble: Pick<Ensemble, "particles">, runSeed: string, runIndex?: number): number {
  const total = ensemble.particles.reduce((s, p) => s + p.weight, 0);
  const point = runIndex === undefined ? createRng(`${runSeed}:ensemble`).next() : (0.5 + runIndex * GOLDEN) % 1;
  const u = point * total;
  let cumulative = 0;
  for (const [i, p] of ensemble.particles.entries()) {
    cumulative += p.weight;
    if (u < cumulative) return i;
  }
  // Rounding at the top end: the last particle with weight.
  for (let i = ensemble.particles.length - 1; i >= 0; i--) if (ensemble.particles[i]!.weight > 0) return i;
  return ensemble.particles.length - 1;
}

/**
 * The parameter set (dotted path → value) a run draws from an ensemble: a particle's calibrated values (see
 * {@link drawParticleIndex}), and a draw from its prior for each parameter no fitted output informs.
 */
export function drawParameterSet(ensemble: Pick<Ensemble, "parameters" | "particles"> & { readonly priorDrawn?: Ensemble["priorDrawn"] }, runSeed: string, runIndex?: number): Record<string, number> {
  const particle = ensemble.particles[drawParticleIndex(ensemble, runSeed, runIndex)]!;
  const out: Record<string, number> = Object.fromEntries(ensemble.parameters.map((name, i) => [name, particle.values[i]!]));
  for (const d of ensemble.priorDrawn ?? []) out[d.path] = samplePrior(d.prior, createRng(`${runSeed}:prior:${d.path}`));
  return out;
}

/**
 * A copy of a validated scenario with the parameters a run seed draws from the ensemble set, except the
 * `pinned` paths, which keep the scenario's own values (through {@link setParams}, so every value is checked).
 */
export function applyEnsemble(scenario: Scenario, ensemble: Pick<Ensemble, "parameters" | "particles"> & { readonly priorDrawn?: Ensemble["priorDrawn"] }, runSeed: string, pinned: readonly string[] = [], runIndex?: number): Scenario {
  const drawn = drawParameterSet(ensemble, runSeed, runIndex);
  const keep = new Set(pinned);
  const applied = setParams(scenario, Object.fromEntries(Object.entries(drawn).filter(([path]) => !keep.has(path))));
  // Drawn values are not the modeller's choices: only what was pinned before stays pinned.
  return { ...applied, pinned: scenario.pinned };
}
