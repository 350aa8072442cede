import { fileURLToPath } from "node:url";
import { createRng, createSimulation } from "@ringfence/core";
import { createNhsModel, loadScenario, runScenario, runYears } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { cappedDiversion } from "./capped-diversion.js";

const file = fileURLToPath(new URL("./iho-acute-capped.yaml", import.meta.url));
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
