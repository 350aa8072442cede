/**
 * What the calibration fits, declared before any fit: the split, and the national yearly series of the fit
 * years it matches (with the variances of each match), each computed from a backcast run's records. Changing
 * this file changes the fit; the out-of-sample check reads only what it leaves out.
 * @packageDocumentation
 */
import type { RunRecord } from "@ringfence/core/batch";
import type { HistoryMatchTarget } from "@ringfence/core/calibrate";
import { FIT_THROUGH_YEAR } from "../register/split.js";
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

/** Where a fitted value comes from: the practice panel (national sums), a run's indicator, or a mean of one over years. */
export type FitSource =
  | { readonly kind: "panel"; readonly measure: PanelMeasure; readonly year: number }
  | { readonly kind: "indicator"; readonly indicator: string; readonly year: number; readonly scale?: number }
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
 * The published national series the calibration fits, from the fit years of the panel (built from a
 * fit-only register, so it cannot read a reserved year) and the national figures of
 * docs/reference/history-2015-2025.md. Observation variances stand for the measurement (rounding, series
 * breaks, estimates); discrepancy variances for what the model leaves out (ours, stated per series).
 */
export function fitTargets(panel: ObservedPanel): FitTarget[] {
  const out: FitTarget[] = [];
  const nhsDigital = "NHS Digital, NHS Payments to General Practice, England, 2014/15–2018/19 (practice-level files)";
  const series = (measure: PanelMeasure, years: readonly number[], unit: string, observationShare: number, discrepancyShare: number): void => {
    for (const year of years) {
      if (year > CALIBRATION_SPLIT.fitThrough) throw new RangeError(`fit target ${measure} ${year}: after the fit years`);
      const v = panel.national(year, measure);
      if (v === null) throw new RangeError(`fit target ${measure} ${year}: nothing observed`);
      out.push({ name: `${measure}-${year}`, observed: v, observationVariance: rel(v, observationShare), discrepancyVariance: rel(v, discrepancyShare), from: { kind: "panel", measure, year }, unit, source: nhsDigital });
    }
  };
  // The 2014/15 register is the model's start: its values are inputs, not targets.
  series("practices", [2015, 2016, 2017, 2018], "practices", 0.002, 0.01);
  series("payments_per_patient_total", [2015, 2016, 2017, 2018], "£ per patient, cash", 0.003, 0.02);
  series("payments_per_patient_core", [2015, 2016, 2017, 2018], "£ per patient, cash", 0.003, 0.02);
  series("payments_per_patient_qof", [2015, 2016, 2017, 2018], "£ per patient, cash", 0.005, 0.05);
  // Closures of 2018/19 need the 2019/20 file (reserved).
  series("practices_closed_or_merged", [2014, 2015, 2016, 2017], "practices a year", 0.05, 0.15);
  const fte = (year: number, value: number, source: string, observationShare: number): void => {
    out.push({ name: `gp_fte-${year}`, observed: value, observationVariance: rel(value, observationShare), discrepancyVariance: rel(value, 0.02), from: { kind: "indicator", indicator: "gpFte", year }, unit: "FTE fully qualified GPs", source });
  };
  fte(2015, 29403, "September 2015, old basis (NHS Digital via GPonline, November 2019)", 0.01);
  fte(2017, 29190, "December 2017, old basis (NHS Digital via GPonline, February 2019)", 0.01);
  fte(2018, 28654, "September 2018, old basis (NHS Digital via GPonline, November 2019)", 0.01);
  fte(2025, 28250, "May 2025, revised basis (BMA, Pressures in general practice data analysis, December 2025)", 0.015);
  // Practices at the end of the history: not in the panel and not reserved (the reserved counts are 2019/20–2024/25).
  out.push({ name: "practices_open-2025", observed: 6229, observationVariance: rel(6229, 0.005), discrepancyVariance: rel(6229, 0.015), from: { kind: "indicator", indicator: "practicesOpen", year: 2025 }, unit: "practices", source: "6,229 in July 2025 (RCGP news, number of GP practices, 2025, from NHS Digital)" });
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
    const y = at(from.year);
    const v = y < 0 ? null : series[y];
    return v === null || v === undefined ? Number.NaN : v * (from.scale ?? 1);
  }
  const vs = from.years.map((year) => series[at(year)]).filter((v): v is number => typeof v === "number" && Number.isFinite(v));
  return vs.length === 0 ? Number.NaN : vs.reduce((a, b) => a + b, 0) / vs.length;
}

function panelSum(values: readonly number[], y: number, n: number): number {
  let s = 0;
  for (let i = 0; i < n; i++) s += values[y * n + i]!;
  return s;
}
