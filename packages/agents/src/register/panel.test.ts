import { describe, expect, it } from "vitest";
import { closureYears, createRegister, observedPanel, practicesInYear, ReservedYearError } from "@ringfence/agents";
import type { PracticeYear } from "@ringfence/agents";
import { practiceYear, TWO_ICBS, workforceYear } from "../test/register-fixtures.js";

/** Rows of one practice in the given years (same ICB unless `icbs` says otherwise by year). */
function practice(code: string, years: readonly number[], over: (year: number) => Partial<PracticeYear> = () => ({})): PracticeYear[] {
  return years.map((year) => practiceYear({ practiceCode: code, year, ...over(year) }));
}

describe("practices closed or merged", () => {
  // Panel years 2014–2017: closures are observable in 2014–2016 (2017's next year is unknown).
  const rows = [
    ...practice("P00001", [2014, 2015]), // absent from 2016: closed in 2015
    ...practice("P00002", [2014, 2015, 2016], (y) => (y === 2015 ? { closeDate: "2015-01-10" } : {})), // close date in 2014/15 on the 2015/16 row
    ...practice("P00003", [2014, 2016, 2017]), // absent in 2015, back later: its first event, 2014, counts once
    ...practice("P00004", [2014, 2015, 2016, 2017], (y) => (y === 2016 ? { closeDate: "2016-06-30" } : {})), // close date in its own year
    ...practice("P00005", [2014, 2015, 2016]), // absent in 2017, the last year held
    ...practice("P00006", [2017], () => ({ closeDate: "2017-05-01" })), // closes in the last year: not observable
    ...practice("P00007", [2014, 2015, 2016, 2017]), // never closes
    ...practice("P00008", [2014], () => ({ icbCode: "QE1" })),
    ...practice("P00009", [2014, 2015], (y) => ({ icbCode: y === 2014 ? "QE1" : "QHM" })), // moved ICB, then closed: counted where it was
  ];
  const register = createRegister({ icbs: TWO_ICBS, payments: rows, workforce: [] }, "all");

  it("counts each practice once, in its first year of absence next year or of a close date, in its ICB that year", () => {
    const years = closureYears(register.payments, 2017);
    expect(Object.fromEntries([...years].map(([code, c]) => [code, `${c.year} ${c.icbCode}`]))).toEqual({
      P00001: "2015 QHM",
      P00002: "2014 QHM",
      P00003: "2014 QHM",
      P00004: "2016 QHM",
      P00005: "2016 QHM",
      P00008: "2014 QE1",
      P00009: "2015 QHM",
    });
    const panel = observedPanel(register);
    const series = (icb: string): (number | null)[] => [2014, 2015, 2016, 2017].map((y) => panel.value(icb, y, "practices_closed_or_merged"));
    expect(series("QHM")).toEqual([2, 2, 2, null]);
    expect(series("QE1")).toEqual([1, 0, 0, null]);
    expect([2014, 2015, 2016, 2017].map((y) => panel.national(y, "practices_closed_or_merged"))).toEqual([3, 2, 2, null]);
  });

  it("labels a closure year by the year it reads: t+1", () => {
    const panel = observedPanel(register);
    expect(panel.split(2017, "practices_closed_or_merged")).toBe("fit");
    expect(panel.split(2018, "practices_closed_or_merged")).toBe("reserved");
    expect(panel.split(2018, "practices")).toBe("fit");
  });
});

describe("observedPanel", () => {
  const rows = [
    practiceYear({ practiceCode: "A00001", registeredPatients: 1000, pence: { globalSum: 60_000_00, mpig: 1_000_00, pmsBalance: 0, qof: 10_000_00, total: 100_000_00 } }),
    practiceYear({ practiceCode: "A00002", registeredPatients: 3000, pence: { globalSum: 0, mpig: 0, pmsBalance: 200_000_00, qof: 30_000_00, total: 300_000_00 } }),
    practiceYear({ practiceCode: "A00003", icbCode: "QE1", registeredPatients: 2000, pence: { globalSum: 100_000_00, qof: 10_000_00, total: 160_000_00 } }),
    practiceYear({ practiceCode: "A00001", year: 2019, registeredPatients: 1000, pence: { pcnLines: 5_000_00, total: 100_000_00 } }),
    practiceYear({ practiceCode: "A00003", year: 2019, icbCode: "QE1", registeredPatients: 2000, pence: { pcnLines: 0, total: 100_000_00 } }),
  ];
  const workforce = [
    workforceYear({ practiceCode: "A00001", patients: 1100, gpFte: 0.5 }),
    workforceYear({ practiceCode: "A00002", patients: 2900, gpFte: null }),
    workforceYear({ practiceCode: "A00003", icbCode: "QE1", icbName: "Lancashire and South Cumbria", patients: 2000, gpFte: 1.25 }),
  ];
  const all = observedPanel(createRegister({ icbs: TWO_ICBS, payments: rows, workforce }, "all"));

  it("computes every measure from the sums of the rows", () => {
    expect(all.value("QHM", 2014, "practices")).toBe(2);
    expect(all.value("QHM", 2014, "registered_patients")).toBe(4000);
    expect(all.value("QHM", 2014, "average_list")).toBe(2000);
    expect(all.value("QHM", 2014, "payments_per_patient_total")).toBe(100); // £400,000 / 4,000
    expect(all.value("QHM", 2014, "payments_per_patient_core")).toBe(65.25); // (£60,000 + £1,000 + £200,000) / 4,000
    expect(all.value("QHM", 2014, "payments_per_patient_qof")).toBe(10);
    expect(all.value("QHM", 2014, "payments_per_patient_pcn")).toBeNull(); // before PCNs
    expect(all.value("QHM", 2019, "payments_per_patient_pcn")).toBe(5);
    expect(all.value("QHM", 2022, "gp_fte")).toBe(0.5); // the practice without a GP FTE is left out of the FTE …
    expect(all.value("QHM", 2022, "patients_per_gp_fte")).toBe(8000); // … but not out of the patients: 4,000 / 0.5
    expect(all.value("QHM", 2020, "practices")).toBeNull(); // a year with no file
    expect(all.value("QHM", 2014, "gp_fte")).toBeNull();
  });

  it("gives national values as sums over ICBs and ratios of sums", () => {
    expect(all.national(2014, "practices")).toBe(3);
    expect(all.national(2014, "payments_per_patient_total")).toBe(560_000 / 6000);
    expect(all.national(2014, "average_list")).toBe(2000);
    expect(all.national(2019, "payments_per_patient_pcn")).toBe(5000 / 3000);
    expect(all.national(2022, "patients_per_gp_fte")).toBe(6000 / 1.75);
    expect(all.years).toEqual([2014, 2019, 2022]);
  });

  it("in a fit-only register keeps no reserved row and refuses to read a reserved year", () => {
    const fitRegister = createRegister({ icbs: TWO_ICBS, payments: rows, workforce }, "fit");
    expect(fitRegister.payments.every((r) => r.year <= 2018)).toBe(true);
    expect(fitRegister.workforce).toEqual([]);
    const fit = observedPanel(fitRegister);
    expect(fit.years).toEqual([2014]);
    expect(fit.value("QHM", 2014, "payments_per_patient_core")).toBe(65.25);
    expect(() => fit.value("QHM", 2019, "practices")).toThrow(ReservedYearError);
    expect(() => fit.national(2022, "gp_fte")).toThrow(/2022\/23 is a reserved year; a fit-only view reads 2018\/19 and earlier/);
    expect(() => practicesInYear(fitRegister, 2019)).toThrow(ReservedYearError);
    expect(() => all.value("QXX", 2014, "practices")).toThrow(/ICB "QXX" is not one of the 2 ICBs/);
  });

  it("lists a year's practices by ICB, then practice code", () => {
    const register = createRegister({ icbs: TWO_ICBS, payments: [...rows].reverse(), workforce }, "all");
    expect(practicesInYear(register, 2014).map((p) => `${p.icbCode} ${p.practiceCode}`)).toEqual(["QE1 A00003", "QHM A00001", "QHM A00002"]);
  });
});
