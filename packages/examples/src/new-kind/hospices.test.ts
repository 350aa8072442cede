import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSimulation } from "@ringfence/core";
import { buildDesign, createNhsModel, DecisionError, defineExtension, designScenarios, loadScenario, parseExperiment, prepareExperiment, runScenario, runYears, validateScenario, type RunPlugins } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { ringfence } from "../cli-helper.js";
import { hospiceKind, hospices, hospiceSpending } from "./hospices.js";

const pooledFile = fileURLToPath(new URL("./place-pooled-hospices.yaml", import.meta.url));
const icbFile = fileURLToPath(new URL("./single-envelope-hospices.yaml", import.meta.url));
const plugin = fileURLToPath(new URL("./hospices.ts", import.meta.url));
const small = { population: { size: "toy" }, years: 4 };
/** Hard years: no new money and extra hospital demand, so ICBs have gaps to close. */
const pressure = { ...small, levers: { noNewMoney: true }, acuteTrust: { extraDemandMean: 0.03 } };

/** The scenario file loaded with its plugins on this thread, with overrides. */
async function load(file: string, overrides: Record<string, unknown>) {
  const { scenario, pluginSet } = await loadScenario(file, { overrides, allowPlugins: true, pluginCheck: "here" });
  return { scenario, plugins: pluginSet! as RunPlugins };
}

/** Pence each ICB paid its hospices, per year, from a run's flows. */
const commissioned = (r: ReturnType<typeof runScenario>) => r.flows.map((y) => y.rows.filter((f) => f.from === "icb" && f.to === "hospice").reduce((a, f) => a + f.pence, 0));

describe("a new kind (hospices) claiming from place boards' pooled budgets", () => {
  it("gets a grant from every place's pot each year, spends it, and money is conserved to the penny", async () => {
    const { scenario, plugins } = await load(pooledFile, small);
    expect(plugins.extensions.map((e) => e.name)).toEqual(["hospices"]);
    // The preset continues the history: the run covers 2014/15–2025/26 first, when nothing is pooled.
    const years = runYears(scenario);
    const sim = createSimulation(createNhsModel(plugins.registry, { extensions: plugins.extensions }), scenario, { seed: 9, years });
    const places = sim.sim.world.tables.place.count();
    const table = sim.sim.agents.table(hospiceKind);
    expect(table.count()).toBe(places);
    for (let k = 0; k < (years - 4) * 12; k++) sim.step();
    let spent = 0;
    for (let y = 0; y < 4; y++) {
      for (let k = 0; k < 12; k++) sim.step();
      for (const r of table.rows()) {
        expect(table.cols.spent[r]).toBeGreaterThan(0);
        // Everything received is spent within the year: nothing stays in a hospice's account.
        expect(sim.sim.ledger.balance(sim.sim.ledger.account(table.cols.account[r]!))).toBe(0);
        spent += table.cols.spent[r]!;
      }
    }
    expect(sim.sim.ledger.verify().ok).toBe(true);
    const flows = sim.result().flows.flatMap((f) => f.rows);
    // With icbPerPatient 0 in this file, the place boards' grants are all the hospices had.
    expect(flows.filter((r) => r.from === "place-board" && r.to === "hospice").reduce((a, r) => a + r.pence, 0)).toBe(spent);
    expect(flows.some((r) => r.from === "icb" && r.to === "hospice")).toBe(false);
  });

  it("a fourth claimant leaves general practice no more of the pot in the first year, seed by seed", async () => {
    const { scenario: withHospices, plugins } = await load(pooledFile, { ...small, years: 1 });
    const { scenario: without } = await loadScenario("place-pooled", { overrides: { ...small, years: 1 } });
    for (let seed = 1; seed <= 6; seed++) {
      const a = runScenario(without, { seed });
      const b = runScenario(withHospices, { seed, plugins });
      expect(b.yearSeries.gpFundingPerWeightedPatient![0]).toBeLessThanOrEqual(a.yearSeries.gpFundingPerWeightedPatient![0]! + 1e-9);
    }
  });

  it("a pool member that does not take what it was granted is an error naming the place board, the member, the row and the year", async () => {
    const careless = defineExtension<"hospice", "hospice">({ ...hospices, name: "careless", params: undefined, poolMembers: [{ member: "hospice", claim: () => ({ pence: 1000, weight: 1 }), receive: () => undefined }], commissions: [] });
    const { scenario } = await loadScenario("place-pooled", { overrides: small });
    expect(() => runScenario(scenario, { seed: 1, extensions: [careless] })).toThrow(DecisionError);
    expect(() => runScenario(scenario, { seed: 1, extensions: [careless] })).toThrow(/place-board 0 \(policy pool member hospice, 2026\/27\): receive: expected to take the \d+ pence granted/);
  });
});

describe("a new kind funded by each ICB, at a rate set in YAML, inside the ICB's gap and cut rules", () => {
  it("the ICB pays the YAML rate per registered patient (twice the rate, twice the money) when it does not cut the line", async () => {
    // Protection 1: the ICB's gap rule never cuts the hospice line, so what it pays is the rate's amount.
    const at = async (rate: number) => load(icbFile, { ...small, extensions: { hospices: { icbPerPatient: rate, protection: 1 } } });
    const one = await at(8);
    const two = await at(16);
    expect(one.scenario.extensions).toEqual({ hospices: { icbPerPatient: 8, protection: 1 } });
    for (const seed of [1, 2, 3]) {
      const a = commissioned(runScenario(one.scenario, { seed, plugins: one.plugins }));
      const b = commissioned(runScenario(two.scenario, { seed, plugins: two.plugins }));
      expect(a.every((x) => x > 0)).toBe(true);
      // Each ICB rounds its amount to the penny: two toy ICBs, at most a penny each.
      a.forEach((x, y) => expect(Math.abs(b[y]! - 2 * x)).toBeLessThanOrEqual(2));
    }
    // In the scenario's first year (after the history years the preset continues, in which nothing is
    // commissioned) the amount is the rate × the ICB's registered patients × that year's price level.
    const years = runYears(one.scenario);
    const sim = createSimulation(createNhsModel(one.plugins.registry, { extensions: one.plugins.extensions }), one.scenario, { seed: 1, years });
    const t = sim.sim.agents.table(hospiceKind);
    const paidBy = (icb: number) => Array.from(t.rows()).filter((r) => t.cols.icb[r] === icb).reduce((a, r) => a + t.cols.commissioned[r]!, 0);
    for (let k = 0; k <= (years - 4) * 12; k++) {
      sim.step();
      if (k === (years - 4) * 12 - 12) expect(paidBy(0)).toBe(0); // the last history year opened: nothing commissioned
    }
    const w = sim.sim.world;
    expect(sim.sim.calendar.yearLabel(sim.sim.tick)).toBe(`${one.scenario.startYear}/${String((one.scenario.startYear + 1) % 100).padStart(2, "0")}`);
    expect(w.national.priceIndex).toBeGreaterThan(1);
    for (let icb = 0; icb < w.tables.icb.count(); icb++) {
      expect(paidBy(icb)).toBe(Math.round(8 * 100 * w.aggregates.icbList[icb]! * w.national.priceIndex));
    }
    expect(hospices.paramsIn(w)).toEqual({ icbPerPatient: 8, poolClaimPerPatient: 20, protection: 1, voice: 0.5 });
  });

  it("counts in the ICB's gap: when it is spared, general practice lines are cut more, seed by seed", async () => {
    const withHospices = await load(icbFile, { ...pressure, years: 2, extensions: { hospices: { icbPerPatient: 30, protection: 1 } } });
    const { scenario: without } = await loadScenario("single-envelope", { overrides: { ...pressure, years: 2 } });
    let more = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const a = runScenario(without, { seed }).yearSeries.gpTopSliced!;
      const b = runScenario(withHospices.scenario, { seed, plugins: withHospices.plugins }).yearSeries.gpTopSliced!;
      expect(b[0]).toBeGreaterThanOrEqual(a[0]! - 1e-9);
      if (b[0]! > a[0]! + 1e-9) more++;
    }
    // The commission binds in some runs (else the test would say nothing).
    expect(more).toBeGreaterThan(0);
  });

  it("the ICB's policy may cut it like any line: unprotected, hospices get less than when spared, never more", async () => {
    const spared = await load(icbFile, { ...pressure, extensions: { hospices: { icbPerPatient: 30, protection: 1 } } });
    const exposed = await load(icbFile, { ...pressure, extensions: { hospices: { icbPerPatient: 30, protection: 0 } } });
    let cut = 0;
    for (let seed = 1; seed <= 6; seed++) {
      const a = commissioned(runScenario(spared.scenario, { seed, plugins: spared.plugins }));
      const b = commissioned(runScenario(exposed.scenario, { seed, plugins: exposed.plugins }));
      // The first year is the same state in both runs, so a cut can only lower what the hospices get.
      expect(b[0]).toBeLessThanOrEqual(a[0]!);
      if (b[0]! < a[0]!) cut++;
    }
    expect(cut).toBeGreaterThan(0);
  });

  it("its indicator, typed with the extended model, is what the hospices spent, and money is conserved", async () => {
    const { scenario, plugins } = await load(icbFile, small);
    expect(scenario.indicators).toEqual(["hospiceSpending"]);
    expect(plugins.indicators.get("hospiceSpending")).toBe(hospiceSpending);
    const result = runScenario(scenario, { seed: 4, plugins, recordAgents: true, verify: true });
    const spentByYear = result.flows.map((y) => y.rows.filter((f) => f.from === "hospice" && f.to === "services").reduce((a, f) => a + f.pence, 0));
    result.yearSeries.hospiceSpending!.forEach((v, y) => expect(v).toBeCloseTo(spentByYear[y]! / 1e8, 9));
    expect(spentByYear.every((x) => x > 0)).toBe(true);
  });

  it("its parameters are checked like a policy's: range, unknown key, unknown extension", async () => {
    const check = (extensions: Record<string, unknown>) => validateScenario({ extensions }, "test", [plugin], { allowPlugins: true });
    await expect(check({ hospices: { icbPerPatient: 500 } })).rejects.toThrow("extensions.hospices.icbPerPatient: expected a number from 0 to 100 (£ per patient a year), got 500");
    await expect(check({ hospices: { icbPerPatent: 5 } })).rejects.toThrow('extensions.hospices.icbPerPatent: unknown key, expected a parameter of hospices (icbPerPatient, poolClaimPerPatient, protection, voice) (did you mean "icbPerPatient"?)');
    await expect(check({ hospice: { icbPerPatient: 5 } })).rejects.toThrow('extensions.hospice: expected an extension a plugin defines: hospices, got parameters of "hospice" (did you mean "hospices"?)');
    // Without plugins allowed, the extension's parameters are listed as not checked.
    const { unchecked } = await validateScenario({ extensions: { hospices: { icbPerPatient: 5 } } }, "test", [plugin]);
    expect(unchecked).toEqual(['extensions.hospices {"icbPerPatient":5}']);
  }, 60_000);

  it("is explorable: an experiment varies its YAML rate, the range taken from the parameter's prior", async () => {
    const experiment = parseExperiment({
      id: "hospice-rate",
      title: "Hospice rate",
      scenarios: ["single-envelope", "./single-envelope-hospices.yaml"],
      method: "lhs",
      samples: 4,
      seed: 1,
      population: { size: "toy" },
      years: 2,
      parameters: [{ path: "extensions.hospices.icbPerPatient" }],
      outcome: { indicator: "gpTopSliced", measure: "value" },
    });
    const prepared = await prepareExperiment(experiment, { baseDir: dirname(icbFile), allowPlugins: true });
    expect(prepared.parameters).toEqual([
      { path: "extensions.hospices.icbPerPatient", kind: "extension", low: 4, high: 16, integer: false, unit: "£ per patient a year", description: "What each ICB commissions from its hospices a year, per registered patient, in first-year pounds", scenarios: ["single-envelope-hospices"] },
    ]);
    const design = buildDesign(experiment, prepared);
    const configs = designScenarios(experiment, design, prepared);
    configs.filter((c) => c.id.startsWith("single-envelope-hospices@")).forEach((c, p) => {
      expect((c.config as { scenario: { extensions: unknown } }).scenario.extensions).toEqual({ hospices: { icbPerPatient: design.points[p]![0], protection: 0.5 } });
    });
  }, 60_000);

  it("runs from its YAML file through the CLI beside the preset, with its money and indicator in the summary", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ringfence-hospice-")), "out");
    const r = ringfence("compare", "single-envelope", icbFile, "--population", "toy", "--years", "3", "--runs", "2", "--workers", "2", "--out", out, "--progress", "none", "--allow-plugins", "--flows", "all", "--show", "hospiceSpending");
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain("Hospice care (£m, cash), 2028/29");
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { scenarios: string[]; flows: { scenario: string; from: string; to: string; fund: string; meanPence: number }[] };
    expect(summary.scenarios).toEqual(["single-envelope", "single-envelope-hospices"]);
    // With --flows all the hospices' money is visible: commissioned by ICBs, spent on care.
    const hospice = summary.flows.filter((f) => f.scenario === "single-envelope-hospices" && (f.to === "hospice" || f.from === "hospice"));
    expect(hospice.some((f) => f.from === "icb" && f.to === "hospice" && f.meanPence > 0)).toBe(true);
    expect(hospice.some((f) => f.from === "hospice" && f.to === "services" && f.meanPence > 0)).toBe(true);
    expect(summary.flows.some((f) => f.scenario === "single-envelope" && f.to === "hospice")).toBe(false);
  }, 240_000);
});
