import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createRng, createSimulation } from "@ringfence/core";
import { createNhsModel, loadExperimentFile, loadScenario, runExperiment, runScenario, runYears, validateScenario } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { ringfence } from "../cli-helper.js";
import { cappedDiversion } from "./capped-diversion.js";

const file = fileURLToPath(new URL("./iho-acute-capped.yaml", import.meta.url));
const experimentFile = fileURLToPath(new URL("./cap-experiment.yaml", import.meta.url));
const small = { population: { size: "toy" }, years: 5 };

describe("a modeller's capped-diversion policy, selected from a scenario file", () => {
  it("loads from YAML, registers from the plugin and is the policy the run uses", async () => {
    const { scenario, pluginSet } = await loadScenario(file, { overrides: small, allowPlugins: true, pluginCheck: "here" });
    expect(scenario.policies["acute-trust"]?.name).toBe("capped-diversion");
    const registry = pluginSet!.registry;
    expect(registry.get("acute-trust", "capped-diversion")).toBeDefined();
    const sim = createSimulation(createNhsModel(registry), scenario, { seed: 3, years: runYears(scenario) });
    // The scenario's policies hold from its start year (2026/27); the history years before it run the defaults.
    expect(sim.sim.world.policySets.scenario["acute-trust"].name).toBe("capped-diversion");
    // The policy is live (it diverts under pressure) and money is conserved.
    let diversions = 0;
    sim.sim.events.on("gp-money-diverted", () => diversions++);
    sim.run();
    expect(diversions).toBeGreaterThan(0);
    expect(sim.sim.ledger.verify().ok).toBe(true);
  });

  // From the same state with the same draws the cap can only lower a diversion; in later years the two runs
  // differ in state (a smaller diversion leaves a larger carried deficit, which the next year's shortfall
  // includes), so a later year's diversion may go either way: the invariant is the first year's.
  it("never diverts more than the uncapped built-in rule in the first year, seed by seed", async () => {
    const { scenario: capped, pluginSet } = await loadScenario(file, { overrides: small, allowPlugins: true, pluginCheck: "here" });
    const registry = pluginSet!.registry;
    const { scenario: uncapped } = await loadScenario("iho-acute", { overrides: small });
    let lower = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const a = runScenario(uncapped, { seed }).yearSeries.gpDiverted![0]!;
      const b = runScenario(capped, { seed, registry }).yearSeries.gpDiverted![0]!;
      expect(b).toBeLessThanOrEqual(a + 1e-9);
      if (b < a - 1e-9) lower++;
    }
    // The cap binds in some runs (else the test would say nothing).
    expect(lower).toBeGreaterThan(0);
  });

  it("a cap out of its range is refused in the words the modelling guide promises", async () => {
    const plugin = fileURLToPath(new URL("./capped-diversion.ts", import.meta.url));
    const data = { policies: { "acute-trust": { name: "capped-diversion", params: { cap: 2 } } } };
    await expect(validateScenario(data, "capped", [plugin], { allowPlugins: true })).rejects.toThrow("policies.acute-trust.params.cap: expected a number from 0 to 1, got 2");
  });

  it("an experiment over the plugin scenario varies the policy's own cap: capped never loses general practice money in the first year", async () => {
    const { experiment, baseDir } = loadExperimentFile(experimentFile, { samples: 4, years: 1, population: { size: "toy" } });
    const result = await runExperiment(experiment, { baseDir, allowPlugins: true, workers: 2 });
    const cap = result.design.parameters.find((p) => p.path === "policies.acute-trust.params.cap")!;
    expect(cap).toMatchObject({ kind: "policy", low: 0, high: 0.5, scenarios: ["iho-acute-capped"] });
    expect(result.design.parameters.find((p) => p.path === "iho.acute.propensity")).toMatchObject({ low: 0, high: 1, scenarios: ["iho-acute", "iho-acute-capped"] });
    expect(result.failures).toEqual([]);
    // Same state and draws in the first year: the cap can only lower a diversion, so the capped scenario never
    // has less general practice funding than the uncapped rule at the same point and run.
    const relative = Array.from(result.outcomes.outcomes).filter(Number.isFinite);
    expect(relative).toHaveLength(result.design.points.length);
    expect(relative.every((x) => x >= -1e-12)).toBe(true);
    // The cap must reach the policy and bind somewhere (else the test would say nothing). Hosts rarely divert in
    // the first year after the history (the calibrated trusts end 2025/26 with reserves), so over two years.
    const two = loadExperimentFile(experimentFile, { samples: 4, years: 2, population: { size: "toy" } });
    const later = await runExperiment(two.experiment, { baseDir: two.baseDir, allowPlugins: true, workers: 2 });
    expect(Array.from(later.outcomes.outcomes).some((x) => x > 0)).toBe(true);
  }, 240_000);

  it("the experiment runs from its file through the CLI with --allow-plugins, and is refused without", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ringfence-cap-")), "out");
    const refused = ringfence("explore", experimentFile, "--samples", "4", "--population", "toy", "--out", out);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--allow-plugins");
    const r = ringfence("explore", experimentFile, "--samples", "4", "--population", "toy", "--workers", "2", "--out", out, "--allow-plugins");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("iho-acute-capped: gpFundingPerWeightedPatient relative to iho-acute");
    expect(r.out).toContain("policies.acute-trust.params.cap");
    const json = JSON.parse(readFileSync(join(out, "experiment.json"), "utf8")) as { scenarios: { id: string; source: string }[] };
    expect(json.scenarios.map((s) => s.source)).toEqual(["iho-acute", "./iho-acute-capped.yaml"]);
  }, 240_000);

  it("caps each cut at the share of the line, whatever the shortfall", () => {
    const params = cappedDiversion.params.parse({ cap: 0.1 });
    const d = cappedDiversion.decide(
      { year: 1, shortfall: 1e9, carriedDeficit: 0, held: [{ line: "qof", pence: 1000, ringFenced: false }, { line: "enhanced", pence: 500, ringFenced: false }, { line: "core", pence: 9000, ringFenced: true }], profile: { propensity: 1, spread: 0 } },
      params,
      createRng("any draw: a median of 1 means the whole shortfall"),
    );
    expect(d.cuts).toEqual([100, 50, 0]);
  });
});
