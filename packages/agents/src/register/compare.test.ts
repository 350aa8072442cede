import { describe, expect, it } from "vitest";
import { comparePanel, createModelPanel, createRegister, formatPanelComparison, modelCellCount, modelCellIndex, observedPanel, PANEL_MEASURES, setModelRun } from "@ringfence/agents";
import type { IcbInfo, ModelPanel, ObservedPanel, PanelMeasure } from "@ringfence/agents";
import { practiceYear, TWO_ICBS, workforceYear } from "../test/register-fixtures.js";
import { pearson, sortedQuantile } from "./compare.js";

const THREE_ICBS: readonly IcbInfo[] = [...TWO_ICBS, { ...TWO_ICBS[0]!, code: "QOP", name: "NHS Greater Manchester Integrated Care Board", shortName: "Greater Manchester", region: "North West" }];
const CODES = ["QE1", "QHM", "QOP"];
const PAYMENT_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020];
const SIMULATED = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024];

/** A small register: ICB k has k+2 practices whose lists and payments grow by year at rates that differ by ICB. */
function syntheticRegister(access: "fit" | "all") {
  const payments = CODES.flatMap((icbCode, k) =>
    PAYMENT_YEARS.flatMap((year, t) =>
      Array.from({ length: k + 2 - (year >= 2018 && k === 2 ? 1 : 0) }, (_, p) =>
        practiceYear({
          practiceCode: `P${k}${String(p).padStart(4, "0")}`,
          icbCode,
          year,
          registeredPatients: 1000 * (p + 1) * (1 + 0.02 * (k + 1) * t),
          pence: { globalSum: 50_00 * (p + 1) * (10 + t + k), qof: 7_00 * (p + 1) * (10 - k), total: 120_00 * (p + 1) * (10 + t * (k + 1)), pcnLines: year >= 2019 ? 3_00 * (p + 1) : null },
        }),
      ),
    ),
  );
  const workforce = CODES.flatMap((icbCode, k) => [2022, 2023].map((year) => workforceYear({ practiceCode: `P${k}0000`, icbCode, year, patients: 2000 + 500 * k + year, gpFte: 1 + 0.5 * k })));
  return createRegister({ icbs: THREE_ICBS, payments, workforce }, access);
}

/** A model whose every run reports `f(observed value, run)`, NaN where nothing was observed. */
function modelFrom(panel: ObservedPanel, runs: number, f: (observed: number, run: number, icb: number, measure: PanelMeasure) => number): ModelPanel {
  const model = createModelPanel({ icbCodes: CODES, years: SIMULATED, runs });
  const cells = modelCellCount(model);
  CODES.forEach((code, i) => {
    SIMULATED.forEach((year, y) => {
      for (const m of PANEL_MEASURES) {
        const o = year <= 2018 || panel.access === "all" ? panel.value(code, year, m) : null;
        if (o === null) continue;
        for (let run = 0; run < runs; run++) model.values[run * cells + modelCellIndex(model, i, y, m)] = f(o, run, i, m);
      }
    });
  });
  return model;
}

describe("comparePanel", () => {
  const all = observedPanel(syntheticRegister("all"));

  it("gives one row per ICB, simulated year and measure, unobserved years included, with their split", () => {
    const check = comparePanel(all, modelFrom(all, 5, (o) => o));
    expect(check.rows).toHaveLength(CODES.length * SIMULATED.length * PANEL_MEASURES.length);
    expect(check.rows.slice(0, 3).map((r) => `${r.icbCode} ${r.year} ${r.measure}`)).toEqual(["QE1 2014 practices", "QE1 2014 registered_patients", "QE1 2014 average_list"]);
    const row = (year: number, measure: PanelMeasure) => check.rows.find((r) => r.icbCode === "QHM" && r.year === year && r.measure === measure)!;
    expect(row(2016, "practices")).toMatchObject({ observed: 3, modelMedian: 3, modelP05: 3, modelP95: 3, covered: true, split: "fit" });
    expect(row(2019, "practices").split).toBe("reserved");
    expect(row(2018, "practices_closed_or_merged").split).toBe("reserved"); // it reads 2019/20
    expect(row(2017, "practices_closed_or_merged").split).toBe("fit");
    expect(row(2020, "practices_closed_or_merged")).toMatchObject({ observed: null, covered: null, split: null }); // last payments year
    expect(row(2021, "practices")).toMatchObject({ observed: null, modelMedian: null, covered: null, split: null }); // simulated, never observed
    expect(row(2024, "gp_fte")).toMatchObject({ observed: null, split: null });
    expect(row(2023, "gp_fte")).toMatchObject({ observed: 1.5, split: "reserved", covered: true });
    expect(row(2016, "payments_per_patient_pcn")).toMatchObject({ observed: null, split: null });
  });

  it("covers every point when the model equals the data, and none when it is off by a known shift", () => {
    const exact = comparePanel(all, modelFrom(all, 20, (o, run) => o * (1 + (run - 10) * 1e-4)));
    for (const m of exact.measures) {
      if (m.coverage.fit.points > 0) expect(m.coverage.fit.share, m.measure).toBe(1);
      if (m.coverage.reserved.points > 0) expect(m.coverage.reserved.share, m.measure).toBe(1);
    }
    const practices = exact.measures.find((m) => m.measure === "practices")!;
    expect(practices.coverage.fit).toEqual({ points: 15, covered: 15, share: 1, noModel: 0 }); // 3 ICBs × 2014–2018
    expect(practices.coverage.reserved).toEqual({ points: 6, covered: 6, share: 1, noModel: 0 }); // 3 ICBs × 2019–2020
    // Runs spread ±1 around a value 5 above the observed one: every interval misses.
    const shifted = comparePanel(all, modelFrom(all, 20, (o, run) => o + 5 + (run - 10) / 10));
    for (const m of shifted.measures) {
      expect(m.coverage.fit.covered + m.coverage.reserved.covered, m.measure).toBe(0);
      expect(m.coverage.fit.points + m.coverage.reserved.points, m.measure).toBeGreaterThan(0);
    }
  });

  it("counts observed points without any model value apart, and takes 5th and 95th percentiles (type 7)", () => {
    const model = modelFrom(all, 100, (o, run, icb, m) => (m === "average_list" ? Number.NaN : m === "practices" && icb === 0 ? run + 1 : o));
    const check = comparePanel(all, model);
    const avg = check.measures.find((m) => m.measure === "average_list")!;
    expect(avg.coverage.fit).toEqual({ points: 0, covered: 0, share: null, noModel: 15 });
    const row = check.rows.find((r) => r.icbCode === "QE1" && r.year === 2014 && r.measure === "practices")!;
    expect([row.modelP05, row.modelMedian, row.modelP95]).toEqual([5.95, 50.5, 95.05]);
    expect(row.covered).toBe(false); // QE1 has 2 practices, below 5.95
    expect(sortedQuantile([1, 2, 3, 4], 0.5)).toBe(2.5);
    expect(Number.isNaN(sortedQuantile([], 0.5))).toBe(true);
  });

  it("aggregates runs like the observed national series: sums, and ratios weighted by each run's denominator", () => {
    const check = comparePanel(all, modelFrom(all, 3, (o) => o));
    expect(check.allIcbs).toBe(true);
    for (const m of check.measures) {
      for (const p of m.national) {
        const national = p.year <= 2023 ? all.national(p.year, m.measure) : null;
        if (national === null) expect(p.observed, `${m.measure} ${p.year}`).toBeNull();
        else {
          expect(p.observed, `${m.measure} ${p.year}`).toBeCloseTo(national, 9);
          expect(p.modelMedian, `${m.measure} ${p.year}`).toBeCloseTo(national, 9);
        }
      }
    }
    // Two ICBs with 1,000 and 3,000 patients at £100 and £200 a patient: the aggregate is £175, not £150.
    const model = createModelPanel({ icbCodes: ["QE1", "QHM"], years: [2014], measures: ["registered_patients", "payments_per_patient_total"], runs: 1 });
    model.values.set([1000, 100, 3000, 200]);
    const two = comparePanel(all, model);
    expect(two.allIcbs).toBe(false);
    expect(two.measures.find((m) => m.measure === "payments_per_patient_total")!.national[0]!.modelMedian).toBe(175);
    // Without its denominator in the model, a ratio has no aggregate.
    const alone = createModelPanel({ icbCodes: ["QE1"], years: [2014], measures: ["average_list"], runs: 1 });
    alone.values.set([7]);
    expect(comparePanel(all, alone).measures[0]!.national[0]!.modelMedian).toBeNull();
  });

  it("correlates model and observed levels across ICBs, and their relative changes over each side's span", () => {
    const up = comparePanel(all, modelFrom(all, 3, (o) => 2 * o + 1));
    const down = comparePanel(all, modelFrom(all, 3, (o) => -o));
    const reg = (c: typeof up) => c.measures.find((m) => m.measure === "registered_patients")!;
    expect(reg(up).levels.map((l) => l.r?.toFixed(12))).toEqual(reg(up).levels.map(() => (1).toFixed(12)));
    expect(reg(down).levels[0]!.r).toBeCloseTo(-1, 12);
    expect(reg(up).levels.map((l) => `${l.year} ${l.split} ${l.n}`)).toEqual(PAYMENT_YEARS.map((y) => `${y} ${y <= 2018 ? "fit" : "reserved"} 3`));
    // Changes: a model of the same levels has the same relative changes (r = 1); spans run from each side's first to last observed year.
    const same = reg(comparePanel(all, modelFrom(all, 3, (o) => o)));
    expect(same.changes.map((c) => `${c.split} ${c.from}-${c.to} ${c.r?.toFixed(9)}`)).toEqual(["fit 2014-2018 1.000000000", "reserved 2019-2020 1.000000000"]);
    // A measure with one value across ICBs has no correlation.
    expect(pearson([1, 1, 1], [1, 2, 3]).r).toBeNull();
    expect(pearson([1, 2], [1, 2])).toEqual({ n: 2, r: null });
    expect(pearson([1, 2, 3, 4], [2, 1, 4, 3]).r).toBeCloseTo(0.6, 12);
  });

  it("takes a run's per-ICB series as the model records them (year-major, its own ICB order)", () => {
    const model = createModelPanel({ icbCodes: ["QHM", "QE1"], years: [2014, 2015, 2016], measures: ["practices", "gp_fte"], runs: 2 });
    const series = Object.fromEntries(PANEL_MEASURES.map((m) => [m, [] as number[]])) as Record<PanelMeasure, number[]>;
    // The run recorded 2015 and 2016 for ICBs in the order QE1, QHM: practices 10 + year index × 2 + ICB index.
    series.practices = [10, 11, 12, 13];
    series.gp_fte = [1.5, 2.5, 3.5, 4.5];
    setModelRun(model, 1, { codes: ["QE1", "QHM"], series }, [2015, 2016]);
    const at = (run: number, icb: number, year: number, m: PanelMeasure) => model.values[run * modelCellCount(model) + modelCellIndex(model, icb, year, m)];
    expect([at(1, 0, 1, "practices"), at(1, 1, 1, "practices"), at(1, 0, 2, "practices"), at(1, 1, 2, "gp_fte")]).toEqual([11, 10, 13, 3.5]);
    expect(Number.isNaN(at(1, 0, 0, "practices"))).toBe(true); // 2014 not recorded
    expect(Number.isNaN(at(0, 0, 1, "practices"))).toBe(true); // run 0 not filled
    expect(() => setModelRun(model, 2, { codes: ["QE1", "QHM"], series }, [2015, 2016])).toThrow(/run 2 is outside 0 to 1/);
    expect(() => setModelRun(model, 0, { codes: ["QE1"], series }, [2015, 2016])).toThrow(/the run has no ICB QHM/);
  });

  it("refuses a model panel of unknown ICBs or the wrong size", () => {
    const bad = createModelPanel({ icbCodes: ["QZZ"], years: [2014], runs: 1 });
    expect(() => comparePanel(all, bad)).toThrow(/ICB codes QZZ are not in the observed panel/);
    const model = createModelPanel({ icbCodes: ["QE1"], years: [2014], runs: 2 });
    expect(() => comparePanel(all, { ...model, runs: 3 })).toThrow(/expected runs × cells = 3 × 10 = 30/);
    expect(() => createModelPanel({ icbCodes: ["QE1"], years: [2015, 2014], runs: 1 })).toThrow(/years must ascend/);
  });
});

describe("the fit path", () => {
  it("never asks a fit-only panel for a reserved year, and shows reserved years as unobserved", () => {
    const fit = observedPanel(syntheticRegister("fit"));
    const asked = new Set<number>();
    const spy: ObservedPanel = {
      ...fit,
      value: (icb, year, m) => (asked.add(year), fit.value(icb, year, m)),
      national: (year, m) => (asked.add(year), fit.national(year, m)),
    };
    const check = comparePanel(spy, modelFrom(fit, 4, (o) => o));
    expect(Math.max(...asked)).toBe(2018);
    expect(check.access).toBe("fit");
    expect(check.rows.filter((r) => r.year >= 2019).every((r) => r.observed === null && r.split === null && r.covered === null)).toBe(true);
    expect(check.rows.filter((r) => r.split === "reserved")).toEqual([]);
    expect(check.measures.every((m) => m.coverage.reserved.points === 0 && m.changes.every((c) => c.split === "fit"))).toBe(true);
    // 2017/18 is the last closure year a fit-only panel sees (2018/19's closures read 2019/20).
    expect(check.rows.find((r) => r.icbCode === "QHM" && r.year === 2018 && r.measure === "practices_closed_or_merged")!.observed).toBeNull();
    expect(formatPanelComparison(check)).toContain("reserved years after it are withheld (fit-only panel)");
  });
});

describe("formatPanelComparison", () => {
  it("prints coverage per measure, the national series and the correlations", () => {
    const all = observedPanel(syntheticRegister("all"));
    const text = formatPanelComparison(comparePanel(all, modelFrom(all, 20, (o, run) => o * (1 + (run - 10) * 1e-3))));
    expect(text).toContain("Per-ICB check against the published register: 3 ICBs, 2014/15–2024/25, 20 runs");
    expect(text).toMatch(/\npractices\s+15\/15 100\.0%\s+6\/6 100\.0%\n/);
    expect(text).toMatch(/\nregistered_patients\s+2014\/15\s+fit\s+\S+/);
    expect(text).toMatch(/\nregistered_patients\s+2014\/15 1\.00  2015\/16 1\.00 .* 1\.00 \(2014\/15→2018\/19, n=3\)  1\.00 \(2019\/20→2020\/21, n=3\)\n/);
    expect(text).toMatch(/Series over|National series/);
  });
});
