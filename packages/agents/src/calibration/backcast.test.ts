import type { RunRecord } from "@ringfence/core/batch";
import { describe, expect, it } from "vitest";
import { backcastCountLine, backcastTable, formatBackcastTable, groupRuns, quantile, runBackcast } from "./backcast.js";
import { backcastSeries, parseIcbPanel, renderBackcastReport, standardisedMisses } from "./backcast-report.js";
import { measureRun, TARGETS, yearLabel, type ValidationTarget } from "./targets.js";

const years = [2015, 2016, 2017].map(yearLabel);
function record(scenario: string, run: number, indicators: Record<string, (number | null)[]>): RunRecord {
  return { scenario, run, seed: String(run), years, indicators, flows: [] };
}

const level = (id: string, role: ValidationTarget["role"], value: number, tolerance: number): ValidationTarget => ({
  id,
  number: 1,
  description: id,
  sources: [{ title: "t", publisher: "p", date: "d" }],
  kind: "level",
  value,
  tolerance,
  toleranceText: "",
  unit: "practices",
  role,
  note: "",
  measure: { kind: "indicator-at", variant: "baseline", indicator: "practicesOpen", year: 2017 },
});

describe("backcastTable on constructed records", () => {
  // Five runs; practicesOpen in 2017/18 is 100, 110, 120, 130, 140; the drift variant adds −0.01 a year per run.
  const records: RunRecord[] = [];
  for (let run = 0; run < 5; run++) {
    records.push(record("b", run, { practicesOpen: [90, 95, 100 + 10 * run], gpShareOfSpend: [0.08, 0.08, 0.08], trustFundDiverted: [null, 0.9, 0.7], acuteCostReal: [1, 1, 1] }));
    records.push(record("n", run, { gpShareOfSpend: [0.08, 0.075, 0.08 - 0.002 * run], acuteCostReal: [1, 1, 1] }));
  }
  const groups = groupRuns(records, { b: "baseline", n: "not-ring-fenced" });

  it("groups records by run and variant", () => {
    expect(groups).toHaveLength(5);
    expect(groups[3]!.baseline!.run).toBe(3);
    expect(groups[3]!["not-ring-fenced"]!.scenario).toBe("n");
  });

  it("takes the median and the 90% band across runs and judges the median", () => {
    const table = backcastTable(groups, [level("in", "fitted", 125, 5), level("out", "held-out", 100, 5), level("input", "input", 120, 1)]);
    const [a, b, c] = table.rows;
    expect(a!.median).toBe(120);
    expect(a!.p5).toBeCloseTo(102, 10); // linear between 100 and 110 at rank 0.2
    expect(a!.p95).toBeCloseTo(138, 10);
    expect(a!.hit).toBe(true);
    expect(b!.hit).toBe(false);
    expect(c!.hit).toBe(true);
    // The input target is hit but not counted.
    expect(table.counted).toEqual({ targets: 2, hits: 1 });
    expect(table.byRole.input).toEqual({ targets: 1, hits: 1 });
    expect(table.byRole["held-out"]).toEqual({ targets: 1, hits: 0 });
    expect(formatBackcastTable(table)).toMatch(/hit 1 of 2 non-input targets/);
  });

  it("computes drifts, paired drifts and direction targets from the records", () => {
    const paired: ValidationTarget = { ...level("paired", "fitted", 0, 1), measure: { kind: "drift-difference", a: "not-ring-fenced", b: "baseline", indicator: "gpShareOfSpend" } };
    const values = groups.map((g) => measureRun(paired.measure, g));
    // Baseline drift 0; variant drift (−0.002·run) / 2 a year.
    values.forEach((v, run) => expect(v).toBeCloseTo((-0.002 * run) / 2, 12));
    // Target 6: the not-ring-fenced variant's own drift over 2015/16–2018/19 (three years).
    const share = TARGETS.find((t) => t.number === 6)!;
    expect(share.measure).toMatchObject({ kind: "drift", variant: "not-ring-fenced", from: 2015, to: 2018 });
    const four = [2015, 2016, 2017, 2018].map(yearLabel);
    const window = (run: number): RunRecord => ({ scenario: "n", run, seed: String(run), years: four, indicators: { gpShareOfSpend: [0.09, 0.2, 0.2, 0.09 - 0.003 * run] }, flows: [] });
    [0, 1, 2].forEach((run) => expect(measureRun(share.measure, { "not-ring-fenced": window(run) })).toBeCloseTo((-0.003 * run) / 3, 12));
    // A run without the window's last year has no value (not a zero drift).
    expect(measureRun(share.measure, groups[0]!)).toBeNaN();
    const diverted = TARGETS.find((t) => t.measure.kind === "indicator-mean")!;
    expect(measureRun(diverted.measure, groups[0]!)).toBeCloseTo(0.8 - 0.5, 12);
    const row = backcastTable(groups, [diverted]).rows[0]!;
    expect(row.hit).toBe(true);
  });

  it("counts a run missing a year or a variant as missing, not as zero", () => {
    const t = level("late", "fitted", 100, 5);
    const late: ValidationTarget = { ...t, measure: { kind: "indicator-at", variant: "baseline", indicator: "practicesOpen", year: 2030 } };
    const row = backcastTable(groups, [late]).rows[0]!;
    expect(row.n).toBe(0);
    expect(row.missing).toBe(5);
    expect(row.hit).toBe(false);
  });
});

describe("runBackcast (toy population)", () => {
  it("tabulates exactly what its records say", async () => {
    const runs = 3;
    const result = await runBackcast({ runs, workers: 1, population: "toy", seed: "backcast-test" });
    expect(result.records).toHaveLength(4 * runs);
    const groups = groupRuns(result.records, result.variantOf);
    expect(groups).toHaveLength(runs);
    for (const g of groups) expect(Object.keys(g).sort()).toEqual(["baseline", "iho-acute", "iho-federation", "not-ring-fenced"]);
    expect(result.table.rows).toHaveLength(TARGETS.length);
    for (const row of result.table.rows) {
      const values = groups.map((g) => measureRun(row.target.measure, g)).filter(Number.isFinite);
      expect(row.n).toBe(values.length);
      expect(row.median).toBe(quantile(values, 0.5));
      expect(row.p5).toBeLessThanOrEqual(row.median);
      expect(row.p95).toBeGreaterThanOrEqual(row.median);
    }
    // Every target the history covers has a value in every run.
    expect(result.table.rows.every((r) => r.n === runs)).toBe(true);
    const counted = result.table.rows.filter((r) => r.target.role !== "input");
    expect(result.table.counted).toEqual({ targets: counted.length, hits: counted.filter((r) => r.hit).length });
    // The same seed gives the same table.
    const again = await runBackcast({ runs, workers: 1, population: "toy", seed: "backcast-test" });
    expect(again.table).toEqual(result.table);
    // The report: each level target's miss is (value − published) ÷ tolerance, a hit lies within ±1 at the
    // median, and the page lists every target with its hit or miss and the count line.
    const misses = standardisedMisses(result.table);
    const levels = result.table.rows.filter((r) => r.target.kind === "level");
    expect(misses).toHaveLength(levels.length);
    for (const [i, m] of misses.entries()) {
      const r = levels[i]!;
      expect(m.median).toBeCloseTo((r.median - r.target.value) / r.target.tolerance, 12);
      expect(Math.abs(m.median) <= 1).toBe(r.hit);
      expect(m.low).toBeLessThanOrEqual(m.median);
    }
    const html = await renderBackcastReport(result.table, { population: "toy", seed: "backcast-test", parameters: "defaults", command: "ringfence backcast" });
    for (const r of result.table.rows) expect(html).toContain(`<td data-label="target">${r.target.id}</td>`);
    expect(html.match(/<tr class="out">/g)?.length ?? 0).toBe(result.table.rows.filter((r) => !r.hit).length);
    expect(html).toContain(backcastCountLine(result.table));
  }, 120_000);
});

describe("the backcast report's pictures and words", () => {
  const records: RunRecord[] = [];
  for (let run = 0; run < 9; run++) records.push(record("b", run, { practicesOpen: [7600 + run, 7400 + run, 7200 + 10 * run], registeredPatients: [57e6, 58e6, 59e6] }));

  it("draws the model's spread year by year against the published points", async () => {
    const series = backcastSeries(records, "b");
    const practices = series.find((s) => s.id === "practices")!;
    expect(practices.model.map((m) => m.p50)).toEqual([7604, 7404, 7240]);
    // Published points: 7,674 in 2015/16 (Wesleyan) and more, from OBSERVED.
    expect(practices.observed[0]).toEqual({ year: "2015/16", value: 7674, source: "Sep 2015 (Wesleyan)" });
    const table = backcastTable(groupRuns(records, { b: "baseline" }), [level("in", "fitted", 7240, 100)]);
    const html = await renderBackcastReport(table, { population: "england", seed: "s", parameters: "p", command: "c", series });
    expect(html).toContain('data-series="practices"');
    expect(html).toContain("Sep 2015 (Wesleyan)");
  }, 60_000);

  it("shows a direction target as a value and a threshold, with units, and warns when the verdict is not stable", async () => {
    const nine = TARGETS.find((t) => t.number === 9)!;
    const few = backcastTable(groupRuns(records, { b: "baseline" }), [level("close", "fitted", 7240, 5), nine]);
    // The median's 95% interval (order statistics of 9 runs) spans 7,210 to 7,270: both sides of 7,240 ± 5.
    expect(few.rows[0]!.stable).toBe(false);
    const html = await renderBackcastReport(few, { population: "toy", seed: "s", parameters: "p", command: "c" });
    expect(html).toContain('class="warning"');
    expect(html).toContain("target 1 (close)");
    expect(html).toContain('<td data-label="unit">practices</td>');
    expect(html).toContain('<td data-label="model median">7,240</td>');
    const cells = formatBackcastTable(backcastTable(groupRuns([record("b", 0, { trustFundDiverted: [null, 0.9, 0.7] })], { b: "baseline" }), [nine]));
    // Target 9: the share diverted itself (80% mean of 90% and 70%), against "more than half".
    expect(cells).toContain("80.00%");
    expect(cells).toContain("above 50.00%");
    expect(cells).not.toContain("30.00%");
  }, 60_000);

  it("draws the per-ICB panel when its rows are given, and names a bad line", async () => {
    const csv = ["icb_code,year,measure,observed,model_median,model_p05,model_p95,covered,split", "QE1,2019/20,practices,120,118,110,126,true,fit", "QE1,2020/21,practices,119,112,105,117,false,reserved", "QWO,2019/20,gp_fte,300,310,290,330,true,"].join("\n");
    const rows = parseIcbPanel(csv);
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatchObject({ icb_code: "QE1", covered: false, split: "reserved", model_p95: 117 });
    const table = backcastTable(groupRuns(records, { b: "baseline" }), [level("in", "fitted", 7240, 100)]);
    const html = await renderBackcastReport(table, { population: "england", seed: "s", parameters: "p", command: "c", icbPanel: rows });
    expect(html).toContain('<section id="icbs">');
    expect(html).toContain("2 of 3 published ICB-year values lie inside the model's 90% band");
    expect(() => parseIcbPanel(csv.replace("300", "three hundred"))).toThrow("icb-panel.csv line 4: observed is \"three hundred\"; expected a number");
  }, 60_000);
});
