import { readFileSync } from "node:fs";
import { ConfigError } from "@ringfence/core";
import { parse } from "yaml";
import { describe, expect, it } from "vitest";
import { FLAGSHIP_IDS } from "../presets.js";
import { prepareExperiment } from "./prepare.js";
import { parseExperiment, type ExperimentInput } from "./experiment-schema.js";

const VALID: ExperimentInput = {
  id: "small-test",
  title: "Small test",
  scenarios: ["ring-fenced", "iho-acute"],
  parameters: [
    { path: "iho.acute.propensity", low: 0.1, high: 0.9 },
    { path: "national.realGrowthMean", low: 0, high: 0.04 },
  ],
  method: "morris",
  samples: 4,
  seed: 1,
  outcome: { indicator: "gpFundingPerWeightedPatient", year: "last", measure: "paired-relative" },
};

/** The ConfigError messages of parsing `input`, or a failure when it parses. */
function messages(input: unknown): string[] {
  try {
    parseExperiment(input);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    if (error instanceof ConfigError) return error.issues.map((i) => i.message);
  }
  throw new Error("expected the experiment to be rejected");
}

describe("experimentSchema", () => {
  it("accepts a valid experiment and fills in the defaults", () => {
    const e = parseExperiment(VALID);
    expect(e.levels).toBe(4);
    expect(e.runsPerPoint).toBe(1);
    expect(e.description).toBe("");
    expect(e.discovery).toBeUndefined();
  });

  it("names an unknown parameter path, its value and what was expected, with the nearest name", () => {
    const m = messages({ ...VALID, parameters: [{ path: "iho.acute.propensty", low: 0, high: 1 }] });
    expect(m).toHaveLength(1);
    expect(m[0]).toMatch(/^parameters\[0\]\.path: expected a numeric scenario parameter/);
    expect(m[0]).toContain('did you mean "iho.acute.propensity"');
    expect(m[0]).toContain('got "iho.acute.propensty"');
  });

  it("rejects a range outside the parameter's own bounds, naming the parameter", () => {
    const m = messages({ ...VALID, parameters: [{ path: "iho.acute.propensity", low: -0.2, high: 1.5 }] });
    expect(m).toEqual([
      "parameters[0].low: expected a number from 0 to 1 (share) for iho.acute.propensity (its own bounds), got -0.2",
      "parameters[0].high: expected a number from 0 to 1 (share) for iho.acute.propensity (its own bounds), got 1.5",
    ]);
  });

  it("rejects low ≥ high and a parameter listed twice", () => {
    const m = messages({
      ...VALID,
      parameters: [
        { path: "icb.tariffEfficiency", low: 0.03, high: 0.03 },
        { path: "icb.tariffEfficiency", low: 0.01, high: 0.02 },
      ],
    });
    expect(m).toContain("parameters[0].high: expected a number above low (0.03) for icb.tariffEfficiency, got 0.03");
    expect(m.some((x) => x.startsWith("parameters[1].path: expected each parameter at most once"))).toBe(true);
  });

  it("rejects an unknown indicator, naming the value and listing what was expected", async () => {
    // Not an id at all: the schema refuses it; an id no scenario records: refused once the scenarios are loaded.
    expect(messages({ ...VALID, outcome: { ...VALID.outcome, indicator: "GP funding" } })).toEqual([
      'outcome.indicator: expected an indicator id such as gpFundingPerWeightedPatient (a built-in one, or a plugin indicator every scenario lists), got "GP funding"',
    ]);
    const e = parseExperiment({ ...VALID, outcome: { ...VALID.outcome, indicator: "gpFunding" } });
    await expect(prepareExperiment(e)).rejects.toThrow(
      'outcome.indicator: expected an indicator every scenario records (a built-in one, or one each scenario lists); ring-fenced, iho-acute do not record it, got "gpFunding"',
    );
  });

  it("rejects unknown keys, unknown presets, a year outside the horizon and a paired measure without a baseline", () => {
    expect(messages({ ...VALID, sample: 3 })).toContain("sample: unknown key, expected one of the documented fields");
    expect(messages({ ...VALID, scenarios: ["ring-fenced", "iho-acutee"] })[0]).toMatch(/^scenarios\[1\]: expected a preset id/);
    expect(messages({ ...VALID, outcome: { ...VALID.outcome, year: "2040/41" } })[0]).toBe(
      'outcome.year: expected "last" or a year from 2026/27 to 2035/36 (the horizon of scenarios[0] ring-fenced), got "2040/41"',
    );
    expect(messages({ ...VALID, outcome: { ...VALID.outcome, year: "2030/32" } })[0]).toMatch(/^outcome\.year: expected "last" or a financial year label/);
    expect(messages({ ...VALID, scenarios: ["iho-acute"] })[0]).toMatch(/^scenarios: expected at least two scenarios/);
    expect(messages({ ...VALID, parameters: [{ path: "years", low: 5, high: 10 }] })[0]).toMatch(/^parameters\[0\]\.path: expected a parameter other than years/);
    expect(messages({ ...VALID, id: "Not Kebab" })[0]).toMatch(/^id: expected a kebab-case id/);
    expect(messages({ ...VALID, levels: 3 })[0]).toBe("levels: expected an even integer from 2 to 100, got 3");
  });

  it("accepts a year label within the horizon", () => {
    expect(parseExperiment({ ...VALID, outcome: { ...VALID.outcome, year: "2030/31" } }).outcome.year).toBe("2030/31");
  });

  it("accepts the example experiment file", () => {
    const text = readFileSync(new URL("../../../examples/experiments/iho-vs-ringfenced.yaml", import.meta.url), "utf8");
    const e = parseExperiment(parse(text));
    expect(e.scenarios).toEqual(["ring-fenced", "iho-acute"]);
    expect(e.method).toBe("sobol");
    expect(e.parameters).toHaveLength(10);
    expect(e.population?.size).toBe("icb");
    expect(e.discovery).toMatchObject({ threshold: -0.05, direction: "below" });
  });

  it("accepts the flagship screening file: every flagship preset against ring-fenced, each parameter once", () => {
    const text = readFileSync(new URL("../../../examples/experiments/flagship-screening.yaml", import.meta.url), "utf8");
    const e = parseExperiment(parse(text));
    expect(e.scenarios).toEqual([...FLAGSHIP_IDS]);
    expect(e.method).toBe("morris");
    expect(new Set(e.parameters.map((p) => p.path)).size).toBe(e.parameters.length);
  });
});
