/**
 * The NHS calibration's wiring: the fitted outputs read only the fit years, a history match at toy size
 * resumes from its wave files to the same waves, and the ensemble it writes draws its forward runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import type { PanelMeasure } from "../icb-panel.js";
import type { ObservedPanel } from "../register/panel.js";
import { observedPanel } from "../register/panel.js";
import { loadRegister } from "../register/read-register.js";
import { FIT_THROUGH_YEAR } from "../register/split.js";
import { mkdirSync, writeFileSync } from "node:fs";
import { CalibrationError, priorDrawnParameters, runCalibration } from "./calibrate.js";
import type { RunRecord } from "@ringfence/core/batch";
import { ALL_YEARS_SPLIT, CALIBRATION_SPLIT, fitTargets, fitValue } from "./fit-targets.js";
import { fitDeclaration, historyInputs, readWaves, runNhsHistoryMatch } from "./history-match.js";

const root = mkdtempSync(join(tmpdir(), "ringfence-calibrate-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe("the fitted outputs", () => {
  it("read the panel only in the fit years, declared in one place", () => {
    const real = observedPanel(loadRegister({ access: "fit" }));
    const asked: number[] = [];
    const spy: ObservedPanel = { ...real, national: (year: number, measure: PanelMeasure) => (asked.push(year), real.national(year, measure)), value: real.value, split: real.split };
    const targets = fitTargets(spy);
    expect(asked.length).toBeGreaterThan(10);
    expect(Math.max(...asked)).toBeLessThanOrEqual(FIT_THROUGH_YEAR);
    expect(CALIBRATION_SPLIT.fitThrough).toBe(FIT_THROUGH_YEAR);
    // Every panel target is a fit year's; national series the panel lacks are named with their sources.
    for (const t of targets) {
      if (t.from.kind === "panel") expect(t.from.year).toBeLessThanOrEqual(FIT_THROUGH_YEAR);
      expect(t.source.length).toBeGreaterThan(10);
      expect(t.observationVariance + t.discrepancyVariance).toBeGreaterThan(0);
    }
    expect(new Set(targets.map((t) => t.name)).size).toBe(targets.length);
  });

  it("continue through the reserved years only in the refit on every year, the fit years' points unchanged", () => {
    const fit = fitTargets(observedPanel(loadRegister({ access: "fit" })));
    const everyYear = observedPanel(loadRegister({ access: "all" }));
    const all = fitTargets(everyYear);
    for (const t of fit) expect(all.find((a) => a.name === t.name)).toEqual(t);
    const added = all.filter((a) => !fit.some((t) => t.name === a.name));
    expect(added.map((t) => t.name)).toContain("practices-2021");
    expect(added.map((t) => t.name)).toContain("practices_closed_or_merged-2020");
    for (const t of added) {
      if (t.from.kind === "indicator-mean") throw new Error(`${t.name}: a mean over years is not a reserved year's point`);
      // A panel point is reserved when a year it reads is (closures read the next year's file).
      if (t.from.kind === "panel") expect(everyYear.split(t.from.year, t.from.measure)).toBe("reserved");
      // A count taken during a year reads the year-ends either side of it: the later one is reserved.
      else expect(t.from.year + (t.from.kind === "indicator" && (t.from.monthsAfter ?? 0) > 0 ? 1 : 0)).toBeGreaterThan(FIT_THROUGH_YEAR);
    }
    expect(new Set(all.map((t) => t.name)).size).toBe(all.length);
    expect(fitDeclaration(all, "all").split).toBe(ALL_YEARS_SPLIT);
    expect(fitDeclaration(fit).split).toBe(CALIBRATION_SPLIT);
  });

  it("of a folder are those its waves fitted: a resume with the other split is refused before anything runs", async () => {
    const dir = join(root, "split-resume");
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, "split.txt"), "fit\n");
    await expect(runCalibration({ waves: 1, particles: 50, checkRuns: 1, seed: "s", dir, population: "toy", workers: 1, split: "all" })).rejects.toThrow(CalibrationError);
    await expect(runCalibration({ waves: 1, particles: 50, checkRuns: 1, seed: "s", dir, population: "toy", workers: 1, split: "all" })).rejects.toThrow(/--split: the waves in .* fitted the fit years \(--split fit\), got --split all/);
    expect(readWaves(join(dir, "waves"))).toHaveLength(0);
  });
});

describe("counts taken during a year", () => {
  it("are read between the model's year-ends either side of the month they were taken", () => {
    const targets = fitTargets(observedPanel(loadRegister({ access: "all" })));
    const years = Array.from({ length: 12 }, (_, k) => `${2014 + k}/${String(15 + k).padStart(2, "0")}`);
    // Practices open fall by 120 a year from 8,000 at the end of 2014/15; GP FTE rise by 600 a year.
    const record: RunRecord = { scenario: "s", run: 0, seed: "0", years, indicators: { practicesOpen: years.map((_, k) => 8000 - 120 * k), gpFte: years.map((_, k) => 27000 + 600 * k) }, flows: [] };
    const value = (name: string): number => fitValue(targets.find((t) => t.name === name)!, record);
    // July 2025: four months after the end of 2024/25 (index 10).
    expect(value("practices_open-2025")).toBeCloseTo(8000 - 120 * 10 - 40, 9);
    // April 2023: a month after the end of 2022/23 (index 8).
    expect(value("practices_open-2023")).toBeCloseTo(8000 - 120 * 8 - 10, 9);
    // September 2015: six months after the end of 2014/15; December 2017: nine after the end of 2016/17.
    expect(value("gp_fte-2015")).toBeCloseTo(27300, 9);
    expect(value("gp_fte-2017")).toBeCloseTo(27000 + 600 * 2 + 450, 9);
  });
});

describe("parameters", () => {
  it("are searched or drawn from their priors, never both, and every parameter with a prior is one or the other", () => {
    const searched = historyInputs();
    const drawn = priorDrawnParameters(searched);
    const names = searched.map((p) => p.name);
    expect(names).toContain("practice.exitBaseHazard");
    expect(names).toContain("iho.acute.propensity");
    expect(drawn.map((d) => d.path)).toContain("iho.federation.propensity");
    expect(drawn.some((d) => names.includes(d.path))).toBe(false);
  });
});

describe("a history match at toy size", () => {
  const inputs = historyInputs().filter((p) => p.name === "practice.exitBaseHazard" || p.name === "national.settlementRealBase");
  const base = { seed: "hm-test", population: "toy" as const, inputs, designSize: 10, workers: 1 };

  it("resumed after wave 0 gives the same waves as an uninterrupted run, without running wave 0 again", async () => {
    const whole = await runNhsHistoryMatch({ ...base, waves: 2, dir: join(root, "whole") });
    const first = await runNhsHistoryMatch({ ...base, waves: 1, dir: join(root, "split") });
    expect(first.waves).toHaveLength(1);
    const seen: number[] = [];
    const resumed = await runNhsHistoryMatch({ ...base, waves: 2, dir: join(root, "split"), onWave: (w) => seen.push(w.index) });
    if (whole.waves.length === 2) expect(seen).toEqual([1]);
    expect(JSON.stringify(resumed.waves)).toBe(JSON.stringify(whole.waves));
    expect(readWaves(join(root, "split")).length).toBe(whole.waves.length);
    // Each run is a backcast with every fitted output computed (NaN only where a toy run cannot have one).
    expect(whole.waves[0]!.runs.length).toBeGreaterThanOrEqual(10);
    expect(whole.waves[0]!.runs[0]!.outputs.length).toBe(whole.targets.length);
  }, 600_000);

  it("with independent design seeds runs the same design on other seeds, and a resume never mixes the two", async () => {
    const common = await runNhsHistoryMatch({ ...base, waves: 1, dir: join(root, "common") });
    const independent = await runNhsHistoryMatch({ ...base, waves: 1, dir: join(root, "independent"), designSeeds: "independent" });
    const design = (m: typeof common) => m.waves[0]!.design;
    const outputs = (m: typeof common) => m.waves[0]!.runs.map((r) => r.outputs);
    expect(design(independent)).toEqual(design(common));
    expect(outputs(independent)).not.toEqual(outputs(common));
    await expect(runNhsHistoryMatch({ ...base, waves: 2, dir: join(root, "common"), designSeeds: "independent" })).rejects.toThrow(/--design-seeds: the waves in .* were run with common seeds, got independent/);
  }, 600_000);
});
