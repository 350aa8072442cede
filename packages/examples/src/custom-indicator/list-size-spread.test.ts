import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { loadScenario, runScenario, selectIndicators } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { ringfence } from "../cli-helper.js";

const file = fileURLToPath(new URL("./place-pooled-spread.yaml", import.meta.url));
const small = { population: { size: "toy" }, years: 4 };

describe("a modeller's indicator (the spread of list sizes), listed in a scenario file", () => {
  it("is recorded from code and equals the spread of the practices' own list sizes each year", async () => {
    const { scenario, pluginSet } = await loadScenario(file, { overrides: small, allowPlugins: true, pluginCheck: "here" });
    const indicators = selectIndicators(scenario, pluginSet!);
    expect(indicators.map((i) => i.id)).toEqual(["listSizeSpread"]);
    const result = runScenario(scenario, { seed: 5, registry: pluginSet!.registry, indicators, recordAgents: true });
    const lists = result.agentSeries.find((s) => s.id === "practiceList")!;
    for (let y = 0; y < result.years; y++) {
      const xs = lists.value.filter((_, k) => lists.sample[k] === y);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const sd = Math.sqrt(xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length);
      expect(result.yearSeries.listSizeSpread![y]).toBeCloseTo(sd / mean, 9);
    }
  });

  it("is refused when the plugin is not allowed to load, and recorded in summary.json through the CLI when it is", () => {
    const out = join(mkdtempSync(join(tmpdir(), "ringfence-indicator-")), "out");
    const refused = ringfence("run", file, "--population", "toy", "--years", "3", "--runs", "2", "--out", out, "--progress", "none");
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("--allow-plugins");
    const r = ringfence("run", file, "--population", "toy", "--years", "3", "--runs", "2", "--workers", "2", "--out", out, "--progress", "none", "--allow-plugins");
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { indicators: Record<string, Record<string, { n: number; mean: number }[]>> };
    const series = summary.indicators["place-pooled-spread"]!.listSizeSpread!;
    expect(series).toHaveLength(3);
    expect(series.every((s) => s.n === 2 && s.mean > 0 && s.mean < 3)).toBe(true);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Spread of list sizes");
  }, 240_000);
});
