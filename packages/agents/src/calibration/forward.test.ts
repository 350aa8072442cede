/**
 * Forward runs draw the calibrated parameters from the shipped posterior ensemble by run seed: parameter
 * uncertainty enters the bands, the draw is shared by every scenario of a batch, and whatever a scenario sets
 * or pins is kept.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimulation } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { createNhsModel, runScenario, runScenarioConfig, scenarioYears } from "../model.js";
import { runYears } from "../scenario.js";
import { runScenarioBatch } from "../scenario-batch.js";
import { PRESETS } from "../presets.js";
import { loadScenario } from "../scenario-files/load.js";
import { priorDrawnParameters } from "./calibrate.js";
import { drawParameterSet } from "./ensemble.js";
import { historyInputs } from "./history-match.js";
import { shippedEnsemble } from "./shipped.js";

const ensemble = shippedEnsemble();
const valueAt = (scenario: object, path: string): unknown => path.split(".").reduce<unknown>((n, k) => (n as Record<string, unknown>)[k], scenario);

describe("forward runs and the shipped ensemble", () => {
  it("a run uses the parameter set its seed draws, the same in every scenario", async () => {
    const { scenario: a } = await loadScenario("ring-fenced", { overrides: { population: { size: "toy" } } });
    const { scenario: b } = await loadScenario("iho-acute", { overrides: { population: { size: "toy" } } });
    for (const seed of ["1", "2", "3"]) {
      const drawn = drawParameterSet(ensemble, seed);
      const simA = createSimulation(createNhsModel(), a, { seed, years: 1 });
      const simB = createSimulation(createNhsModel(), b, { seed, years: 1 });
      for (const [path, value] of Object.entries(drawn)) {
        expect(valueAt(simA.sim.world.base, path)).toBe(value);
        expect(valueAt(simB.sim.world.base, path)).toBe(value);
      }
    }
  });

  it("runScenario on a loaded scenario uses the seed's draw (the same run as the simulation built by hand), not the schema defaults", async () => {
    const { scenario } = await loadScenario("iho-acute", { overrides: { population: { size: "toy" }, years: 3 } });
    const { scenario: off } = await loadScenario("iho-acute", { overrides: { population: { size: "toy" }, years: 3, ensemble: "none" } });
    for (const seed of ["4", "5"]) {
      // The preset continues the history: the simulation by hand runs the history years too, and the
      // scenario's own years are its last three.
      const byHand = createSimulation(createNhsModel(), scenario, { seed, years: runYears(scenario) });
      byHand.run();
      const run = runScenario(scenario, { seed });
      expect(valueAt(byHand.sim.world.base, ensemble.parameters[0]!)).toBe(drawParameterSet(ensemble, seed)[ensemble.parameters[0]!]);
      expect(run.yearSeries).toEqual(scenarioYears(byHand.result(), runYears(scenario) - 3).yearSeries);
    }
    // A plain input (no pinned list) still pins what it writes.
    const path = ensemble.parameters[0]!;
    const [section, key] = path.split(".");
    const preset = PRESETS["iho-acute"] as Readonly<Record<string, unknown>>;
    const sectionOf = (preset[section!] ?? {}) as Readonly<Record<string, unknown>>;
    const written = runScenario({ ...preset, population: { ...(preset.population as object), size: "toy" }, years: 2, [section!]: { ...sectionOf, [key!]: valueAt(off, path) } }, { seed: "4" });
    const pinnedByHand = createSimulation(createNhsModel(), { ...off, years: 2, ensemble: "england-2015", pinned: [path] }, { seed: "4", years: runYears({ ...off, years: 2 }) });
    pinnedByHand.run();
    expect(written.yearSeries).toEqual(scenarioYears(pinnedByHand.result(), runYears({ ...off, years: 2 }) - 2).yearSeries);
  });

  it("a batch of loaded scenarios draws from the ensemble: its summary differs from the same batch with ensemble none", async () => {
    const batch = (ensembleId: "england-2015" | "none") =>
      runScenarioBatch({ scenarios: ["ring-fenced"], runs: 3, workers: 1, overrides: { population: { size: "toy" }, years: 3, ensemble: ensembleId } });
    const [on, off] = await Promise.all([batch("england-2015"), batch("none")]);
    expect(JSON.stringify(on.indicators)).not.toBe(JSON.stringify(off.indicators));
  }, 60_000);

  it("different seeds draw different parameter sets when the ensemble has more than one particle", () => {
    const seeds = Array.from({ length: 40 }, (_, i) => String(i));
    const distinct = new Set(seeds.map((s) => JSON.stringify(drawParameterSet(ensemble, s))));
    const weighted = ensemble.particles.filter((p) => p.weight > 0).length;
    expect(distinct.size).toBeGreaterThan(weighted > 1 ? 1 : 0);
  });

  it("keeps what a scenario file sets or pins, and everything with ensemble: none", async () => {
    const [first, second] = ensemble.parameters;
    const dir = mkdtempSync(join(tmpdir(), "ringfence-pin-"));
    const file = join(dir, "s.yaml");
    const [section, key] = first!.split(".");
    const prior = ensemble.particles.map((p) => p.values[0]!);
    const chosen = Math.min(...prior) === Math.max(...prior) ? prior[0]! : (Math.min(...prior) + Math.max(...prior)) / 2;
    writeFileSync(file, `extends: ring-fenced\npopulation: { size: toy }\n${section}:\n  ${key}: ${chosen}\npinned: ["${second}"]\n`);
    const { scenario } = await loadScenario(file);
    expect(scenario.pinned).toEqual(expect.arrayContaining([first, second]));
    const run = runScenarioConfig(scenario, "7");
    expect(valueAt(run, first!)).toBe(chosen);
    expect(valueAt(run, second!)).toBe(valueAt(scenario, second!));
    const { scenario: off } = await loadScenario("ring-fenced", { overrides: { ensemble: "none" } });
    expect(runScenarioConfig(off, "7")).toBe(off);
  });
});

describe("the shipped ensembles", () => {
  it("are the out-of-sample check's fit to 2018/19 and the refit on every year, each with ESS ≥ half of ≥ 500 particles", async () => {
    const { ensembleQuality } = await import("./history-match.js");
    const { ALL_YEARS_SPLIT, CALIBRATION_SPLIT } = await import("./fit-targets.js");
    const fitYears = shippedEnsemble("england-2015-fit-years");
    const everyYear = shippedEnsemble("england-2015");
    expect(fitYears.provenance.split).toEqual(CALIBRATION_SPLIT);
    expect(everyYear.provenance.split).toEqual(ALL_YEARS_SPLIT);
    // The refit fits more outputs than the fit years' ensemble, and every one of those.
    const names = (e: typeof fitYears) => (e.provenance.targets as { name: string }[]).map((t) => t.name);
    expect(names(everyYear).length).toBeGreaterThan(names(fitYears).length);
    for (const n of names(fitYears)) expect(names(everyYear)).toContain(n);
    for (const e of [fitYears, everyYear]) {
      const q = ensembleQuality(e.particles.map((p) => p.values), e.particles.map((p) => p.weight));
      expect(e.particles.length).toBeGreaterThanOrEqual(500);
      expect(q.ess).toBeGreaterThanOrEqual(0.5 * e.particles.length);
    }
  });

  it("forward runs' ensemble searched and draws what the schema says today: a prior added or changed since the fit fails here until the refit", () => {
    const inputs = historyInputs();
    const searched = inputs.map((p) => p.name);
    const drawn = priorDrawnParameters(inputs);
    const everyYear = shippedEnsemble("england-2015");
    expect([...everyYear.parameters]).toEqual(searched);
    expect(everyYear.priorDrawn).toEqual(drawn);
    // The fit-years ensemble (the out-of-sample check's) searched the same parameters; what it drew from priors
    // is still drawn, with the same prior (a prior added after it is recorded in docs/calibration.md).
    const fitYears = shippedEnsemble("england-2015-fit-years");
    expect([...fitYears.parameters]).toEqual(searched);
    const now = new Map(drawn.map((d) => [d.path, d.prior]));
    for (const d of fitYears.priorDrawn) expect(now.get(d.path)).toEqual(d.prior);
  });
});
