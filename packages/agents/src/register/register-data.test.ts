import { readFileSync } from "node:fs";
import { join } from "node:path";
import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import {
  FIT_THROUGH_YEAR,
  fitOnly,
  ICBS_FILE,
  loadRegister,
  observedPanel,
  PANEL_MEASURE_INFO,
  PANEL_MEASURES,
  PAYMENTS_FILE,
  practicesInYear,
  REGISTER_DATA_DIR,
  ReservedYearError,
  WORKFORCE_FILE,
} from "@ringfence/agents";
import type { ObservedPanel, Register } from "@ringfence/agents";

// The shipped files, read once for the whole file (about 8 MB of CSV).
let all: Register;
let fit: Register;
let allPanel: ObservedPanel;
let fitPanel: ObservedPanel;
beforeAll(() => {
  all = loadRegister({ access: "all" });
  fit = loadRegister();
  allPanel = observedPanel(all);
  fitPanel = observedPanel(fit);
}, 120_000);

const PANEL_YEARS = [2014, 2015, 2016, 2017, 2018, 2019, 2020, 2021];

describe("the shipped register", () => {
  it("holds every row of the three files, and a fit-only register none of a reserved year", () => {
    expect(all.icbs).toHaveLength(ICBS_FILE.rows);
    expect(all.payments).toHaveLength(PAYMENTS_FILE.rows);
    expect(all.workforce).toHaveLength(WORKFORCE_FILE.rows);
    expect(all.paymentYears).toEqual(PANEL_YEARS);
    expect(all.workforceYears).toEqual([2022, 2023]);
    expect(FIT_THROUGH_YEAR).toBe(2018);
    expect(fit.paymentYears).toEqual([2014, 2015, 2016, 2017, 2018]);
    expect(fit.workforce).toEqual([]);
    expect(fit.payments).toEqual(all.payments.filter((r) => r.year <= 2018));
    expect(fitOnly(all).payments).toEqual(fit.payments);
  });

  it("reproduces NHS Digital's published national figures (docs/reference/national-totals.md)", () => {
    const national = (year: number, m: (typeof PANEL_MEASURES)[number]) => allPanel.national(year, m)!;
    expect(PANEL_YEARS.map((y) => national(y, "practices"))).toEqual([7959, 7841, 7763, 7543, 7279, 7001, 6808, 6758]);
    expect(national(2019, "payments_per_patient_total").toFixed(2)).toBe("155.46");
    expect(national(2021, "payments_per_patient_total").toFixed(2)).toBe("163.65");
    expect(national(2016, "payments_per_patient_total").toFixed(2)).toBe("151.37");
    expect(national(2017, "payments_per_patient_total").toFixed(2)).toBe("152.04");
    expect((national(2014, "registered_patients") / 1e6).toFixed(1)).toBe("56.6");
    expect((national(2021, "registered_patients") / 1e6).toFixed(1)).toBe("61.6");
    const totalPounds = (year: number) => all.payments.filter((r) => r.year === year).reduce((s, r) => s + r.pence.total, 0) / 100;
    expect((totalPounds(2014) / 1e9).toFixed(2)).toBe("7.99");
    expect((totalPounds(2021) / 1e9).toFixed(2)).toBe("10.08");
  });

  it("adds up: per-ICB values sum (or, for ratios, weight) to the national value, every measure and year", () => {
    for (const m of PANEL_MEASURES) {
      const agg = PANEL_MEASURE_INFO[m].aggregate;
      for (const year of allPanel.years) {
        const national = allPanel.national(year, m);
        const values = allPanel.icbCodes.map((c) => allPanel.value(c, year, m));
        if (national === null) {
          expect(values.every((v) => v === null), `${m} ${year}`).toBe(true);
          continue;
        }
        const weights = agg.kind === "ratio" ? allPanel.icbCodes.map((c) => allPanel.value(c, year, agg.weight)!) : values.map(() => 1);
        const sum = values.reduce((s: number, v, i) => s + v! * weights[i]!, 0);
        const total = agg.kind === "ratio" ? sum / weights.reduce((s, w) => s + w, 0) : sum;
        expect(total / national, `${m} ${year}`).toBeCloseTo(1, 12);
      }
    }
  });

  it("gives the same fit-year values whether loaded fit-only or whole, except what reads a reserved year", () => {
    for (const m of PANEL_MEASURES) {
      for (const year of [2014, 2015, 2016, 2017, 2018]) {
        for (const code of fit.icbs.map((i) => i.code)) {
          const whole = allPanel.value(code, year, m);
          const part = fitPanel.value(code, year, m);
          if (allPanel.split(year, m) === "fit") expect(part, `${m} ${year} ${code}`).toBe(whole);
          else expect(part, `${m} ${year} ${code}`).toBeNull(); // 2018/19 closures read 2019/20
        }
      }
    }
    expect(() => fitPanel.national(2019, "practices")).toThrow(ReservedYearError);
    expect(() => practicesInYear(fit, 2021)).toThrow(ReservedYearError);
  });
});

describe("ICB names of the workforce file", () => {
  it("map all 42 names one to one onto the 42 codes of icbs.csv", () => {
    const names = new Map<string, Set<string>>();
    for (const r of all.workforce) names.set(r.icbName, (names.get(r.icbName) ?? new Set()).add(r.icbCode));
    expect(names.size).toBe(42);
    expect([...names.values()].every((codes) => codes.size === 1)).toBe(true);
    const codes = new Set([...names.values()].map((c) => [...c][0]!));
    expect([...codes].sort()).toEqual(all.icbs.map((i) => i.code));
  });

  it("agree with the payments file, but for the July 2022 boundary changes (West Birmingham, Glossop)", () => {
    const lastIcb = new Map<string, string>();
    for (const r of all.payments) lastIcb.set(r.practiceCode, r.icbCode); // rows ascend by year
    const moves = new Map<string, number>();
    let same = 0;
    for (const r of all.workforce) {
      const paid = lastIcb.get(r.practiceCode);
      if (paid === undefined) continue;
      if (paid === r.icbCode) same += 1;
      else moves.set(`${paid}→${r.icbCode}`, (moves.get(`${paid}→${r.icbCode}`) ?? 0) + 1);
    }
    // The payments file maps a practice by its CCG; Sandwell and West Birmingham CCG's West Birmingham
    // practices joined Birmingham and Solihull ICB (QHL) rather than the Black Country (QUA), and Glossop
    // left Greater Manchester (QOP) for Derby and Derbyshire (QJ2), when ICBs were set up in July 2022.
    expect(moves.get("QUA→QHL")).toBe(52);
    expect(moves.get("QOP→QJ2")).toBe(10);
    const others = [...moves].filter(([k]) => k !== "QUA→QHL" && k !== "QOP→QJ2").reduce((s, [, n]) => s + n, 0);
    expect(others).toBeLessThanOrEqual(6);
    expect(same / (same + 62 + others)).toBeGreaterThan(0.99);
  });

  it("give the per-ICB GP FTE and patients per GP that icbs.csv derived for 2023/24", () => {
    const rows = Papa.parse<Record<string, string>>(readFileSync(join(REGISTER_DATA_DIR, ICBS_FILE.file), "utf8"), { header: true, skipEmptyLines: true }).data;
    expect(rows).toHaveLength(42);
    for (const row of rows) {
      const code = row.icb_ods_code!;
      expect(allPanel.value(code, 2023, "gp_fte")!.toFixed(1), code).toBe(Number(row.fte_fully_qualified_gps_excl_locums_fy2023_24).toFixed(1));
      expect(Math.round(allPanel.value(code, 2023, "patients_per_gp_fte")!), code).toBe(Number(row.patients_per_fte_fully_qualified_gp_fy2023_24));
    }
  });
});

describe("practicesInYear (the population's starting state)", () => {
  it("lists every practice paid in 2014/15, by ICB then code, with lists and payment lines that sum to the panel's", () => {
    const start = practicesInYear(fit, 2014);
    expect(start).toHaveLength(7959);
    const keys = start.map((p) => `${p.icbCode} ${p.practiceCode}`);
    expect(keys).toEqual([...keys].sort());
    expect(new Set(start.map((p) => p.practiceCode)).size).toBe(7959);
    for (const code of fit.icbs.map((i) => i.code)) {
      const mine = start.filter((p) => p.icbCode === code);
      const patients = mine.reduce((s, p) => s + p.registeredPatients, 0);
      expect(mine.length, code).toBe(fitPanel.value(code, 2014, "practices"));
      expect(patients, code).toBeCloseTo(fitPanel.value(code, 2014, "registered_patients")!, 6);
      const core = mine.reduce((s, p) => s + p.pence.globalSum + p.pence.mpig + p.pence.pmsBalance, 0) / 100 / patients;
      expect(core / fitPanel.value(code, 2014, "payments_per_patient_core")!, code).toBeCloseTo(1, 12);
      expect(mine.every((p) => Number.isInteger(p.pence.total) && Number.isInteger(p.pence.qof)), code).toBe(true);
    }
    expect(start.every((p) => p.pcnCode === null && p.pence.pcnLines === null)).toBe(true);
    expect(new Set(start.map((p) => p.contractType))).toEqual(new Set(["GMS", "PMS", "APMS"])); // no unknown contract in 2014/15
  });

  it("has PCN codes from 2019/20, when PCNs began", () => {
    const pcn = practicesInYear(all, 2019);
    expect(pcn.filter((p) => p.pcnCode !== null).length / pcn.length).toBeGreaterThan(0.9);
    expect(pcn.every((p) => p.pence.pcnLines !== null)).toBe(true);
  });

  it("shows the data quirks the README reports: practices that change ICB, and gaps", () => {
    const icbs = new Map<string, Set<string>>();
    const years = new Map<string, number[]>();
    for (const r of all.payments) {
      icbs.set(r.practiceCode, (icbs.get(r.practiceCode) ?? new Set()).add(r.icbCode));
      years.set(r.practiceCode, [...(years.get(r.practiceCode) ?? []), r.year]);
    }
    expect([...icbs.values()].filter((s) => s.size > 1)).toHaveLength(42);
    expect([...years.values()].filter((ys) => ys.at(-1)! - ys[0]! + 1 !== ys.length)).toHaveLength(85);
  });
});
