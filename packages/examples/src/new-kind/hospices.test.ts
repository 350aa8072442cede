import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulation, type AccountId } from "@ringfence/core";
import { createNhsModel, DecisionError, defineExtension, loadScenario, runScenario, runYears } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { ringfence } from "../cli-helper.js";
import { hospiceKind, hospices } from "./hospices.js";

const file = fileURLToPath(new URL("./place-pooled-hospices.yaml", import.meta.url));
const small = { population: { size: "toy" }, years: 4 };

describe("a new kind (hospices) claiming from place boards' pooled budgets", () => {
  it("gets a grant from every place's pot each year, spends it, and money is conserved to the penny", async () => {
    const { scenario, pluginSet } = await loadScenario(file, { overrides: small, allowPlugins: true, pluginCheck: "here" });
    expect(pluginSet!.extensions).toHaveLength(1);
    const model = createNhsModel(pluginSet!.registry, { extensions: pluginSet!.extensions });
    // The preset continues the history: the run covers 2014/15–2025/26 first, when nothing is pooled.
    const years = runYears(scenario);
    const sim = createSimulation(model, scenario, { seed: 9, years });
    const places = sim.sim.world.tables.place.count();
    const table = sim.sim.agents.table(hospiceKind);
    expect(table.count()).toBe(places);
    for (let k = 0; k < (years - 4) * 12; k++) sim.step();
    let granted = 0;
    for (let y = 0; y < 4; y++) {
      for (let k = 0; k < 12; k++) sim.step();
      let year = 0;
      for (const r of table.rows()) {
        expect(table.cols.spent[r]).toBeGreaterThan(0);
        // Everything granted is spent within the year: nothing stays in a hospice's account.
        expect(sim.sim.ledger.balance(table.cols.account[r]! as AccountId)).toBe(0);
        year += table.cols.spent[r]!;
      }
      granted += year;
    }
    expect(granted).toBeGreaterThan(0);
    expect(sim.sim.ledger.verify().ok).toBe(true);
    const flows = sim.result().flows.flatMap((f) => f.rows).filter((r) => r.from === "place-board" && r.to === "hospice");
    expect(flows.reduce((a, r) => a + r.pence, 0)).toBe(granted);
  });

  it("a fourth claimant leaves general practice no more of the pot in the first year, seed by seed", async () => {
    const { scenario: withHospices, pluginSet } = await loadScenario(file, { overrides: { ...small, years: 1 }, allowPlugins: true, pluginCheck: "here" });
    const { scenario: without } = await loadScenario("place-pooled", { overrides: { ...small, years: 1 } });
    for (let seed = 1; seed <= 6; seed++) {
      const a = runScenario(without, { seed });
      const b = runScenario(withHospices, { seed, registry: pluginSet!.registry, extensions: pluginSet!.extensions });
      expect(b.yearSeries.gpFundingPerWeightedPatient![0]).toBeLessThanOrEqual(a.yearSeries.gpFundingPerWeightedPatient![0]! + 1e-9);
    }
  });

  it("a pool member that does not take what it was granted is an error naming the place board, the member, the row and the year", async () => {
    const careless = defineExtension<"hospice", "hospice">({ ...hospices, name: "careless", poolMembers: [{ ...hospices.poolMembers![0]!, receive: () => undefined }] });
    const { scenario } = await loadScenario("place-pooled", { overrides: small });
    expect(() => runScenario(scenario, { seed: 1, extensions: [careless] })).toThrow(DecisionError);
    expect(() => runScenario(scenario, { seed: 1, extensions: [careless] })).toThrow(/place-board 0 \(policy pool member hospice, 2026\/27\): receive: expected to take the \d+ pence granted/);
  });

  it("runs from its YAML file through the CLI beside the preset, with hospice flows in the summary", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ringfence-hospice-")), "out");
    const r = ringfence("compare", "place-pooled", file, "--population", "toy", "--years", "3", "--runs", "2", "--workers", "2", "--out", out, "--progress", "none", "--allow-plugins");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("place-pooled-hospices");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { scenarios: string[] };
    expect(summary.scenarios).toEqual(["place-pooled", "place-pooled-hospices"]);
  }, 240_000);
});
