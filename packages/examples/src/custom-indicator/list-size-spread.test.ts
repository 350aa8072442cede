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

  it("is an error, not silently dropped, when runScenario is not given the plugins that define it", async () => {
    const { scenario, pluginSet } = await loadScenario(file, { overrides: small, allowPlugins: true, pluginCheck: "here" });
    expect(() => runScenario(scenario, { seed: 5 })).toThrow('indicators[0]: expected a definition: pass plugins (the pluginSet of loadScenario(file, { allowPlugins: true, pluginCheck: "here" })) or indicators to runScenario, got "listSizeSpread"');
    // Given the plugin set, the scenario's own list is recorded without selecting it by hand.
    const result = runScenario(scenario, { seed: 5, plugins: pluginSet! });
    expect(result.yearSeries.listSizeSpread).toHaveLength(4);
  });

  it("a batch whose scenarios record different indicators warns, and --indicators records it in every scenario that loads the plugin", () => {
    const baseline = fileURLToPath(new URL("./ring-fenced-with-plugin.yaml", import.meta.url));
    const dir = mkdtempSync(join(tmpdir(), "ringfence-indicators-"));
    const args = (out: string, ...extra: string[]) => ["compare", baseline, file, "--population", "toy", "--years", "3", "--runs", "3", "--workers", "2", "--out", join(dir, out), "--progress", "none", "--allow-plugins", ...extra];
    const mixed = ringfence(...args("mixed"));
    expect(mixed.code, mixed.err).toBe(0);
    expect(mixed.err).toContain("ringfence: warning: listSizeSpread is recorded by place-pooled-spread but not by ring-fenced-with-plugin (the baseline): it has no paired differences in this batch");
    const both = ringfence(...args("both", "--indicators", "listSizeSpread", "--show", "listSizeSpread,practicesOpen"));
    expect(both.code, both.err).toBe(0);
    expect(both.err).not.toContain("warning");
    const summary = JSON.parse(readFileSync(join(dir, "both", "summary.json"), "utf8")) as { paired: { b: string; indicator: string; n: number }[] };
    expect(summary.paired.filter((p) => p.indicator === "listSizeSpread" && p.b === "place-pooled-spread").map((p) => p.n)).toEqual([3, 3, 3]);
    // The tables --show asks for, after the headline's, each in its indicator's own unit.
    expect(both.out).toContain("Spread of list sizes (coefficient of variation), 2028/29; paired differences run by run against ring-fenced-with-plugin");
    expect(both.out).toContain("Practices open (practices), 2028/29");
    expect(both.out.indexOf("GP funding per weighted patient")).toBeLessThan(both.out.indexOf("Spread of list sizes"));
    // An indicator the batch does not record is refused before anything runs, with a suggestion.
    const unknown = ringfence(...args("unknown", "--show", "practicesOpn"));
    expect(unknown.code).toBe(2);
    expect(unknown.err).toContain('--show: expected indicators this batch records (the built-in ones, and plugin indicators its scenarios list), got "practicesOpn" (did you mean "practicesOpen"?)');
    // --indicators with a scenario that cannot define it (a preset loads no plugin) is refused too.
    const preset = ringfence("compare", "ring-fenced", file, "--population", "toy", "--years", "2", "--runs", "2", "--out", join(dir, "preset"), "--progress", "none", "--allow-plugins", "--indicators", "listSizeSpread");
    expect(preset.code).toBe(2);
    expect(preset.err).toContain('indicators[0]: expected an indicator a plugin defines, got "listSizeSpread"');
  }, 300_000);

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
