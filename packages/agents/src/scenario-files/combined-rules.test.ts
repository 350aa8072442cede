import { describe, expect, it } from "vitest";
import { cli, good, put, tempDir } from "../test/hostile/harness.js";
import { loadScenario } from "./load.js";
import { combinedRuleIssues, COMBINED_RULES } from "./combined-rules.js";

const dir = tempDir("ringfence-combined-");
/** The problems `validate` reports for a scenario file with these lines. */
async function problems(extra: string): Promise<string> {
  const file = put(dir, `s${Math.abs(extra.split("").reduce((h, c) => (h * 31 + c.charCodeAt(0)) | 0, 7))}.yaml`, good(extra, "iho-federation"));
  const r = await cli(["validate", file]);
  return r.code === 0 ? "" : r.err;
}

describe("probabilities built from several parameters are checked as combined", () => {
  it("a federation's failure chance on an accelerated timeline: failureBase × acceleratedFailureMultiplier ≤ 1, both fields named", async () => {
    const err = await problems("federation: { failureBase: 1, acceleratedFailureMultiplier: 20, accelerated: true }\n");
    expect(err).toContain(
      "federation.failureBase: expected failureBase × acceleratedFailureMultiplier ≤ 1 (the yearly failure chance of a federation host on an accelerated timeline), got 20 (federation.failureBase 1, federation.acceleratedFailureMultiplier 20)",
    );
    // Without an accelerated timeline the multiplier is never applied: a base chance of 1 is a probability.
    expect(await problems("federation: { failureBase: 1, acceleratedFailureMultiplier: 20 }\n")).toBe("");
    expect(await problems("federation: { failureBase: 0.05, acceleratedFailureMultiplier: 20, accelerated: true }\n")).toBe("");
  });
  it("a practice's exit chance at zero profit: exitBaseHazard + distressHazard ≤ 1", async () => {
    expect(await problems("practice: { exitBaseHazard: 0.6, distressHazard: 0.5 }\n")).toContain("practice.exitBaseHazard: expected exitBaseHazard + distressHazard ≤ 1 (the yearly chance that a practice of average size leaves at zero profit), got 1.1");
  });
  it("time-varying values are checked in every year, naming the first bad year and each value", async () => {
    const err = await problems('years: 6\npractice: { mergeShare: "0.7 + 0.05 * t", salariedShare: 0.2 }\n');
    expect(err).toMatch(/practice\.mergeShare: expected mergeShare \+ salariedShare ≤ 1 \(shares of the practices that leave\) in every year, got 1\.05 in (\d{4})\/\d\d \(practice\.mergeShare 0\.85, practice\.salariedShare 0\.2\)/);
    // The same shares within the bound in every year pass.
    expect(await problems('years: 6\npractice: { mergeShare: "0.7 + 0.01 * t", salariedShare: 0.2 }\n')).toBe("");
  });
  it("the scenarios that ship pass every rule", async () => {
    for (const preset of ["ring-fenced", "iho-federation", "iho-acute", "place-pooled"]) {
      const { scenario } = await loadScenario(preset);
      expect(combinedRuleIssues(scenario), preset).toEqual([]);
    }
    expect(COMBINED_RULES.length).toBeGreaterThanOrEqual(4);
  });
});
