import { describe, expect, it } from "vitest";
import { historyInputs, listParams, priorDrawnParameters, scenarioFields, scenarioParams } from "@ringfence/agents";
import { combinedRuleIssues } from "../scenario-files/combined-rules.js";
import { parameterRanges } from "./parameter-ranges.js";

describe("parameterRanges", () => {
  const ranges = parameterRanges();
  const schema = listParams(scenarioFields);

  it("has exactly one entry for every numeric parameter of the scenario schema, and none other", () => {
    expect(ranges.map((r) => r.path)).toEqual(schema.map((p) => p.path));
    expect(new Set(ranges.map((r) => r.path)).size).toBe(ranges.length);
  });

  it("gives every range ends in order, inside the parameter's bounds, containing the default", () => {
    for (const r of ranges) {
      const entry = scenarioParams().get(r.path)!;
      expect(Number.isFinite(r.default), r.path).toBe(true);
      expect(r.low, r.path).toBeLessThanOrEqual(r.default);
      expect(r.high, r.path).toBeGreaterThanOrEqual(r.default);
      expect(r.low, r.path).toBeGreaterThanOrEqual(entry.min);
      expect(r.high, r.path).toBeLessThanOrEqual(entry.max);
      if (r.class !== "setting") expect(r.high, `${r.path} has no width`).toBeGreaterThan(r.low);
      expect(r.reason.length, r.path).toBeGreaterThan(10);
    }
  });

  it("uses the calibration's own priors for the searched and prior-drawn parameters", () => {
    const searched = historyInputs();
    const drawn = priorDrawnParameters(searched);
    for (const p of searched) {
      const r = ranges.find((x) => x.path === p.name)!;
      expect(r.class).toBe("searched");
      expect(p.prior.kind === "uniform" && [r.low, r.high]).toEqual([p.prior.low, p.prior.high]);
    }
    for (const p of drawn) expect(ranges.find((x) => x.path === p.path)!.class).toBe("prior-drawn");
  });

  it("classes the rest as docs/calibration.md counts them: cited where the source is published, ours where it says so", () => {
    const count = (c: string): number => ranges.filter((r) => r.class === c).length;
    expect([count("searched"), count("prior-drawn"), count("cited"), count("ours"), count("setting")]).toEqual([37, 21, 21, 58, 3]);
    for (const r of ranges) {
      const source = scenarioParams().get(r.path)!.source;
      if (r.class === "ours") expect(source.startsWith("ours"), r.path).toBe(true);
      if (r.class === "cited") expect(source.startsWith("ours") || source === "", r.path).toBe(false);
    }
  });

  it("keeps the schema's combined rules (shares that must sum to at most 1) at the ranges' ends, all at once", () => {
    for (const end of ["low", "high"] as const) {
      const data: Record<string, unknown> = {};
      for (const r of ranges) {
        const keys = r.path.split(".");
        let node = data;
        for (const key of keys.slice(0, -1)) node = (node[key] ??= {}) as Record<string, unknown>;
        node[keys.at(-1)!] = r[end];
      }
      expect(combinedRuleIssues({ ...data, timeVarying: {}, years: 1, startYear: 2026, federation: { ...(data.federation as object), accelerated: true } }), end).toEqual([]);
    }
  });
});
