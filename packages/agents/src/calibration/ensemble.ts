/**
 * The posterior ensemble file: weighted parameter sets from a calibration with their provenance, a schema to
 * read it back safely, and the deterministic draw of one parameter set per run seed.
 * @packageDocumentation
 */
import { ConfigError, createRng, parseInput } from "@ringfence/core";
import { z } from "zod";
import type { Scenario } from "../scenario.js";
import { nodeFs } from "../node-builtins.js";
import { setParams } from "../scenario-files/set-params.js";

/** Version of the ensemble file format this code writes and reads. */
export const ENSEMBLE_VERSION = 1;

const finite = z.number({ error: "expected a finite number" }).refine(Number.isFinite, { error: "expected a finite number" });

const targetRecord = z.strictObject({
  id: z.string().min(1),
  value: finite,
  tolerance: finite,
  role: z.union([z.literal("input"), z.literal("fitted"), z.literal("held-out")]),
});

const generationRecord = z.strictObject({
  index: z.number().int().min(0),
  tolerance: finite,
  proposed: z.number().int().min(1),
  ess: finite,
});

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
    provenance: z.strictObject({
      producer: z.string().min(1),
      method: z.strictObject({
        name: z.string().min(1),
        particles: z.number().int().min(1),
        generations: z.number().int().min(1),
        runsPerParticle: z.number().int().min(1),
        quantile: finite,
        minAcceptance: finite,
        stopReason: z.string().min(1),
        generationsRun: z.array(generationRecord),
      }),
      seed: z.string().min(1),
      population: z.union([z.literal("england"), z.literal("icb"), z.literal("toy")]),
      scenario: z.string().min(1),
      targets: z.array(targetRecord).min(1),
      simulations: z.number().int().min(0),
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

/** The index of the particle a run seed draws: weighted, and a pure function of (ensemble, seed). */
export function drawParticleIndex(ensemble: Pick<Ensemble, "particles">, runSeed: string): number {
  const total = ensemble.particles.reduce((s, p) => s + p.weight, 0);
  const u = createRng(`${runSeed}:ensemble`).next() * total;
  let cumulative = 0;
  for (const [i, p] of ensemble.particles.entries()) {
    cumulative += p.weight;
    if (u < cumulative) return i;
  }
  // Rounding at the top end: the last particle with weight.
  for (let i = ensemble.particles.length - 1; i >= 0; i--) if (ensemble.particles[i]!.weight > 0) return i;
  return ensemble.particles.length - 1;
}

/** The parameter set (dotted path → value) a run seed draws from an ensemble, chosen by weight. */
export function drawParameterSet(ensemble: Pick<Ensemble, "parameters" | "particles">, runSeed: string): Record<string, number> {
  const particle = ensemble.particles[drawParticleIndex(ensemble, runSeed)]!;
  return Object.fromEntries(ensemble.parameters.map((name, i) => [name, particle.values[i]!]));
}

/**
 * A copy of a validated scenario with the parameters a run seed draws from the ensemble set, except the
 * `pinned` paths, which keep the scenario's own values (through {@link setParams}, so every value is checked).
 */
export function applyEnsemble(scenario: Scenario, ensemble: Pick<Ensemble, "parameters" | "particles">, runSeed: string, pinned: readonly string[] = []): Scenario {
  const drawn = drawParameterSet(ensemble, runSeed);
  const keep = new Set(pinned);
  const applied = setParams(scenario, Object.fromEntries(Object.entries(drawn).filter(([path]) => !keep.has(path))));
  // Drawn values are not the modeller's choices: only what was pinned before stays pinned.
  return { ...applied, pinned: scenario.pinned };
}
