/**
 * What the calibration fits, declared before any fit: the split, and the national yearly series of the fit
 * years it matches (with the variances of each match), each computed from a backcast run's records. Changing
 * this file changes the fit; the out-of-sample check reads only what it leaves out.
 * @packageDocumentation
 */
import type { RunRecord } from "@ringfence/core/batch";
import type { HistoryMatchTarget } from "@ringfence/core/calibrate";
import { FIT_THROUGH_YEAR, type RegisterAccess } from "../register/split.js";
import type { ObservedPanel } from "../register/panel.js";
import type { PanelMeasure } from "../icb-panel.js";
import { icbPanelOf } from "./backcast.js";

/**
 * The split every fit declares (issue-numbered in the docs as the Real England split): the practice panel up
 * to and including 2018/19 is fitted; its 2019/20–2021/22 and the 2023 and 2024 workforce files are reserved
 * for the out-of-sample check, and so are the national GP FTE and practice counts of those years. National
 * series the panel lacks (trust and system deficits, GP FTE of 2025/26) may be fitted.
 */
export const CALIBRATION_SPLIT = {
  fitThrough: FIT_THROUGH_YEAR,
  reserved: "the practice panel 2019/20–2021/22 (every ICB), the practice workforce files of the years ending March 2023 and 2024, and national GP FTE and practice counts 2019/20–2024/25",
} as const;

/**
 * The declaration of the refit on every year (issue 24, item 5: fit the fit years, check the reserved years,
 * then refit on everything for the shipped ensemble): nothing is reserved, and the out-of-sample figures come
 * from the ensemble fitted with {@link CALIBRATION_SPLIT}, shipped beside it.
 */
export const ALL_YEARS_SPLIT = {
  fitThrough: 2025,
  reserved: "nothing: a refit on every year after the out-of-sample check; that check's ensemble (fitted to 2018/19) is shipped beside this one as england-2015-fit-years",
} as const;

/** The split a fit declares: the fit years' ({@link CALIBRATION_SPLIT}) or every year's ({@link ALL_YEARS_SPLIT}). */
export function splitDeclaration(access: RegisterAccess): typeof CALIBRATION_SPLIT | typeof ALL_YEARS_SPLIT {
  return access === "fit" ? CALIBRATION_SPLIT : ALL_YEARS_SPLIT;
}

/** Where a fitted value comes from: the practice panel (national sums), a run's indicator, or a mean of one over years. */
export type FitSource =
  | { readonly kind: "panel"; readonly measure: PanelMeasure; readonly year: number }
  | {
      readonly kind: "indicator";
      readonly indicator: string;
      readonly year: number;
      readonly scale?: number;
      /**
       * For a count taken during a year (a year-end indicator such as practices open): how many months after
       * the end of financial year `year` it was taken; the run's value is interpolated linearly between that
       * year-end and the next.
       */
      readonly monthsAfter?: number;
    }
  | { readonly kind: "indicator-mean"; readonly indicator: string; readonly years: readonly number[] };

/** One fitted output: its published value, where it comes from, the variances of its match and the source. */
export interface FitTarget extends HistoryMatchTarget {
  /** How the model's value is computed from a baseline run. */
  readonly from: FitSource;
  /** Unit of the value. */
  readonly unit: string;
  /** Where the published value comes from, by title, publisher and date. */
  readonly source: string;
}

/** A variance as a standard deviation relative to a value (sd = share × |value|). */
const rel = (value: number, share: number): number => (share * value) ** 2;

/**
 * The published national series the calibration fits, from the panel and the national figures of
 * docs/reference/history-2015-2025.md: with a fit-only panel (`panel.access` "fit", which cannot read a
 * reserved year) the fit years' series; with a panel of every year, the same series continued through the
 * reserved years, the refit of the shipped ensemble. Observation variances stand for the measurement
 * (rounding, series breaks, estimates); discrepancy variances for what the model leaves out (ours, stated
 * per series, the same in both).
 */
export function fitTargets(panel: ObservedPanel): FitTarget[] {
  const out: FitTarget[] = [];
  const all = panel.access === "all";
  const fitThrough = splitDeclaration(panel.access).fitThrough;
  // The reserved years' points, only in the refit on every year.
  const later = (years: readonly number[]): readonly number[] => (all ? years : []);
  const nhsDigital = "NHS Digital, NHS Payments to General Practice, England, 2014/15–2018/19 (practice-level files)";
  const series = (measure: PanelMeasure, years: readonly number[], unit: string, observationShare: number, discrepancyShare: number): void => {
    for (const year of years) {
      if (year > fitThrough) throw new RangeError(`fit target ${measure} ${year}: after the fit years`);
      const v = panel.national(year, measure);
      if (v === null) throw new RangeError(`fit target ${measure} ${year}: nothing observed`);
      out.push({ name: `${measure}-${year}`, observed: v, observationVariance: rel(v, observationShare), discrepancyVariance: rel(v, discrepancyShare), from: { kind: "panel", measure, year }, unit, source: nhsDigital });
    }
  };
  // The 2014/15 register is the model's start: its values are inputs, not targets.
  const paymentYears = [2015, 2016, 2017, 2018, ...later([2019, 2020, 2021])];
  series("practices", paymentYears, "practices", 0.002, 0.01);
  series("payments_per_patient_total", paymentYears, "£ per patient, cash", 0.003, 0.02);
  series("payments_per_patient_core", paymentYears, "£ per patient, cash", 0.003, 0.02);
  series("payments_per_patient_qof", paymentYears, "£ per patient, cash", 0.005, 0.05);
  // A year's closures need the next year's file: 2018/19's is reserved, 2021/22's has none.
  series("practices_closed_or_merged", [2014, 2015, 2016, 2017, ...later([2018, 2019, 2020])], "practices a year", 0.05, 0.15);
  // Counts taken during a year are read between the model's year-ends (March): September 2015 is six months
  // after the end of 2014/15.
  const counted = (indicator: string, year: number, month: number): FitSource => (month > 3 ? { kind: "indicator", indicator, year: year - 1, monthsAfter: month - 3 } : { kind: "indicator", indicator, year: year - 2, monthsAfter: month + 9 });
  const fte = (year: number, month: number, value: number, source: string, observationShare: number): void => {
    out.push({ name: `gp_fte-${year}`, observed: value, observationVariance: rel(value, observationShare), discrepancyVariance: rel(value, 0.02), from: counted("gpFte", year, month), unit: "FTE fully qualified GPs", source });
  };
  fte(2015, 9, 29403, "September 2015, old basis (NHS Digital via GPonline, November 2019)", 0.01);
  fte(2017, 12, 29190, "December 2017, old basis (NHS Digital via GPonline, February 2019)", 0.01);
  fte(2018, 9, 28654, "September 2018, old basis (NHS Digital via GPonline, November 2019)", 0.01);
  if (all) {
    fte(2019, 9, 28315, "September 2019, old basis (NHS Digital via GPonline, November 2019)", 0.01);
    fte(2023, 9, 27302, "September 2023 (NHS Digital via Pulse, 2023)", 0.015);
  }
  fte(2025, 5, 28250, "May 2025, revised basis (BMA, Pressures in general practice data analysis, December 2025)", 0.015);
  if (all) out.push({ name: "practices_open-2023", observed: 6419, observationVariance: rel(6419, 0.005), discrepancyVariance: rel(6419, 0.015), from: counted("practicesOpen", 2023, 4), unit: "practices", source: "6,419 in April 2023 (pharmacy.biz, from NHS Digital)" });
  // Practices at the end of the history: not in the panel and not reserved (the reserved counts are 2019/20–2024/25).
  out.push({ name: "practices_open-2025", observed: 6229, observationVariance: rel(6229, 0.005), discrepancyVariance: rel(6229, 0.015), from: counted("practicesOpen", 2025, 7), unit: "practices", source: "6,229 in July 2025 (RCGP news, number of GP practices, 2025, from NHS Digital)" });
  const trusts = (year: number, billions: number, source: string, sdBillions: number): void => {
    out.push({ name: `trust_surplus-${year}`, observed: billions, observationVariance: sdBillions ** 2, discrepancyVariance: 0.4 ** 2, from: { kind: "indicator", indicator: "trustSurplus", year, scale: 1e-3 }, unit: "£bn, cash", source });
  };
  trusts(2014, -0.859, "2014/15 (Public Accounts Committee, Financial sustainability of the NHS, 2017)", 0.1);
  trusts(2015, -2.45, "2015/16 (NHS Providers, Recovering provider deficits, 2017)", 0.2);
  trusts(2016, -0.725, "2016/17, estimate (NHS Providers, 10 quick reflections on the 2016/17 year-end deficit, 2017)", 0.25);
  trusts(2017, -0.966, "2017/18 (HFMA, Financial performance improves but 2018/19 plan missed, 12 June 2019)", 0.1);
  trusts(2018, -0.571, "2018/19 (HFMA, 12 June 2019; −£0.83bn before the Carillion adjustment)", 0.26);
  trusts(2022, -0.448, "2022/23 (Nuffield Trust analysis via National Health Executive, 2025)", 0.15);
  trusts(2023, -1.2, "2023/24, 0.9% of income (Nuffield Trust analysis via National Health Executive, 2025)", 0.2);
  out.push({ name: "system_deficit-2023", observed: 1.4, observationVariance: 0.3 ** 2, discrepancyVariance: 0.5 ** 2, from: { kind: "indicator", indicator: "systemDeficit", year: 2023, scale: 1e-3 }, unit: "£bn, cash", source: "£1.4bn across the 42 systems in 2023/24 (National Audit Office, NHS financial management and sustainability, 2024, via Healthcare Leader)" });
  out.push({ name: "systems_in_deficit-2024", observed: 31, observationVariance: 3 ** 2, discrepancyVariance: 5 ** 2, from: { kind: "indicator", indicator: "systemsInDeficit", year: 2024 }, unit: "systems of 42", source: "31 of 42 systems planned deficits in 2024/25 (Healthcare Leader, 30 July 2024, NHS England board); plans, against the model's outturn" });
  out.push({ name: "trust_fund_diverted", observed: 0.8, observationVariance: 0.05 ** 2, discrepancyVariance: 0.08 ** 2, from: { kind: "indicator-mean", indicator: "trustFundDiverted", years: [2016, 2017, 2018, 2019] }, unit: "share", source: "about 80% of the £2.2bn sustainability and transformation money covered deficits (National Audit Office, Developing new care models through NHS vanguards, June 2018)" });
  return out;
}

/** A run's value of a fitted output, or NaN when the run lacks it. */
export function fitValue(target: FitTarget, record: RunRecord): number {
  const from = target.from;
  const at = (year: number): number => record.years.findIndex((label) => Number(label.slice(0, 4)) === year);
  if (from.kind === "panel") {
    const panel = icbPanelOf(record);
    const y = at(from.year);
    if (panel === undefined || y < 0) return Number.NaN;
    const n = panel.codes.length;
    const values = panel.series[from.measure];
    // National values: sums, or ratios of sums weighted as the panel's (per patient: by registered patients).
    const weight = from.measure.startsWith("payments_per_patient") || from.measure === "average_list" ? panel.series.registered_patients : undefined;
    let sum = 0;
    let weights = 0;
    for (let i = 0; i < n; i++) {
      const v = values[y * n + i]!;
      if (!Number.isFinite(v)) continue;
      const w = weight === undefined ? 1 : weight[y * n + i]!;
      sum += v * w;
      weights += w;
    }
    if (from.measure === "average_list") return weights / Math.max(1, panelSum(panel.series.practices, y, n));
    return weight === undefined ? sum : sum / Math.max(1, weights);
  }
  const series = record.indicators[from.indicator];
  if (series === undefined) return Number.NaN;
  if (from.kind === "indicator") {
    const value = (year: number): number => {
      const y = at(year);
      const v = y < 0 ? null : series[y];
      return v === null || v === undefined ? Number.NaN : v;
    };
    const months = from.monthsAfter ?? 0;
    const v = months === 0 ? value(from.year) : value(from.year) + (months / 12) * (value(from.year + 1) - value(from.year));
    return v * (from.scale ?? 1);
  }
  const vs = from.years.map((year) => series[at(year)]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return vs.length === 0 ? Number.NaN : vs.reduce((a, b) => a + b, 0) / vs.length;
}

function panelSum(values: readonly number[], y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[y * n + i]!;
  return s;
}
