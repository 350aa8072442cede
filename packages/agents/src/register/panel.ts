/**
 * The observed panel: per ICB and financial year, the measures the model is checked against (practices,
 * patients, payments per patient by line, closures, GP FTE), and their national series (sums over ICBs,
 * ratios of sums). Built from a {@link Register}, so a fit-only register gives a fit-only panel.
 * @packageDocumentation
 */
import { financialYearLabel } from "@ringfence/core";
import { PANEL_MEASURES } from "../icb-panel.js";
import type { PanelMeasure } from "../icb-panel.js";
import type { Register } from "./register.js";
import { assertMayRead, splitOf } from "./split.js";
import type { RegisterAccess, SplitSide } from "./split.js";

/** How ICB values of a measure combine into a national (or any multi-ICB) value. */
export type PanelAggregate =
  /** The sum over ICBs. */
  | { readonly kind: "sum" }
  /** A ratio of sums: the ICB values weighted by another measure (its denominator), `Σ vᵢwᵢ / Σ wᵢ`. */
  | { readonly kind: "ratio"; readonly weight: PanelMeasure };

/** What a measure is, where it comes from, and how it aggregates. */
export interface PanelMeasureInfo {
  /** Short label for tables. */
  readonly label: string;
  /** Unit of its values. */
  readonly unit: string;
  /** The file it is observed in. */
  readonly source: "payments" | "workforce";
  /** How ICB values combine into the national value. */
  readonly aggregate: PanelAggregate;
  /** How many years after its own the value reads (1 for closures, which need the next year's panel). */
  readonly lookahead: 0 | 1;
  /** One sentence: how it is computed from the files. */
  readonly definition: string;
}

/** Every measure's description, unit, source, aggregation and look-ahead. */
export const PANEL_MEASURE_INFO: Readonly<Record<PanelMeasure, PanelMeasureInfo>> = {
  practices: {
    label: "practices with payments",
    unit: "practices",
    source: "payments",
    aggregate: { kind: "sum" },
    lookahead: 0,
    definition: "Practices with a row in the payments file that year (any payment, including practices that closed during the year).",
  },
  registered_patients: {
    label: "registered patients",
    unit: "patients",
    source: "payments",
    aggregate: { kind: "sum" },
    lookahead: 0,
    definition: "Sum of the practices' registered patients (last known list size).",
  },
  average_list: {
    label: "average list",
    unit: "patients per practice",
    source: "payments",
    aggregate: { kind: "ratio", weight: "practices" },
    lookahead: 0,
    definition: "Registered patients divided by practices with payments.",
  },
  payments_per_patient_total: {
    label: "payments per patient, total",
    unit: "£ per registered patient",
    source: "payments",
    aggregate: { kind: "ratio", weight: "registered_patients" },
    lookahead: 0,
    definition: "Σ total NHS payments to general practice ÷ Σ registered patients (NHS Digital's published figure).",
  },
  payments_per_patient_core: {
    label: "payments per patient, core",
    unit: "£ per registered patient",
    source: "payments",
    aggregate: { kind: "ratio", weight: "registered_patients" },
    lookahead: 0,
    definition: "Σ (global sum + MPIG + PMS balance) ÷ Σ registered patients.",
  },
  payments_per_patient_qof: {
    label: "payments per patient, QOF",
    unit: "£ per registered patient",
    source: "payments",
    aggregate: { kind: "ratio", weight: "registered_patients" },
    lookahead: 0,
    definition: "Σ QOF payments ÷ Σ registered patients.",
  },
  payments_per_patient_pcn: {
    label: "payments per patient, PCN",
    unit: "£ per registered patient",
    source: "payments",
    aggregate: { kind: "ratio", weight: "registered_patients" },
    lookahead: 0,
    definition: "Σ PCN payments routed via practices ÷ Σ registered patients; observed from 2019/20, when PCNs began.",
  },
  practices_closed_or_merged: {
    label: "practices closed or merged",
    unit: "practices",
    source: "payments",
    aggregate: { kind: "sum" },
    lookahead: 1,
    definition:
      "Practices paid in year t that are absent in t+1, or whose row in t or t+1 gives a close date in t; each practice counted once, in its first such year; " +
      "not observed in the last year held (its next year is unknown).",
  },
  gp_fte: {
    label: "GP FTE",
    unit: "FTE fully qualified GPs",
    source: "workforce",
    aggregate: { kind: "sum" },
    lookahead: 0,
    definition: "Σ FTE fully qualified GPs excluding locums and trainees (practices that returned none left out), workforce years ending March 2023 and 2024.",
  },
  patients_per_gp_fte: {
    label: "patients per GP FTE",
    unit: "patients per FTE GP",
    source: "workforce",
    aggregate: { kind: "ratio", weight: "gp_fte" },
    lookahead: 0,
    definition: "Σ patients of every practice in the workforce file ÷ Σ GP FTE (as icbs.csv derives it).",
  },
};

/**
 * The observed panel: a value per ICB, year and measure, and the national series.
 * @remarks Values are `null` where nothing was observed (a year outside the files, PCN payments before
 * 2019/20, closures in the last year held). A panel built from a fit-only register throws a
 * `ReservedYearError` when asked for a reserved year, so code on the fit path cannot read one.
 */
export interface ObservedPanel {
  /** What the panel may read (that of the register it was built from). */
  readonly access: RegisterAccess;
  /** ODS codes of its ICBs, sorted. */
  readonly icbCodes: readonly string[];
  /** Financial years (by the calendar year each starts in) with at least one observed value, ascending. */
  readonly years: readonly number[];
  /** The observed value of a measure for an ICB in a year, or `null`. */
  value(icbCode: string, year: number, measure: PanelMeasure): number | null;
  /** The national value (sum over ICBs, or ratio of sums) of a measure in a year, or `null`. */
  national(year: number, measure: PanelMeasure): number | null;
  /** Which side of the split an observation at (year, measure) falls on: that of the latest year it reads. */
  split(year: number, measure: PanelMeasure): SplitSide;
}

/** Per ICB-year sums the measures are ratios of. */
const SUMS = ["practices", "patients", "totalPence", "corePence", "qofPence", "pcnPence", "closures", "wfPatients", "gpFte", "wfPractices"] as const;
type Sum = (typeof SUMS)[number];

/** The financial year a date (`yyyy-mm-dd`) falls in, by the calendar year the financial year starts in. */
export function financialYearOf(isoDate: string): number {
  const year = Number(isoDate.slice(0, 4));
  const month = Number(isoDate.slice(5, 7));
  return month >= 4 ? year : year - 1;
}

/**
 * The year each practice closed or merged, by the panel's rule: the first year t in which it was paid and
 * then is absent in t+1, or its row in t or t+1 gives a close date within t; only years before `lastYear`
 * (whose next year is known).
 * @returns Practice code → (year, ICB code of its row in that year).
 */
export function closureYears(rows: Register["payments"], lastYear: number): Map<string, { year: number; icbCode: string }> {
  const byPractice = new Map<string, Map<number, Register["payments"][number]>>();
  for (const r of rows) {
    let years = byPractice.get(r.practiceCode);
    if (years === undefined) byPractice.set(r.practiceCode, (years = new Map()));
    years.set(r.year, r);
  }
  const out = new Map<string, { year: number; icbCode: string }>();
  for (const [code, years] of byPractice) {
    const present = [...years.keys()].sort((a, b) => a - b);
    for (const t of present) {
      if (t >= lastYear) break;
      const row = years.get(t)!;
      const next = years.get(t + 1);
      const closesIn = (r: typeof row | undefined): boolean => r?.closeDate != null && financialYearOf(r.closeDate) === t;
      if (next === undefined || closesIn(row) || closesIn(next)) {
        out.set(code, { year: t, icbCode: row.icbCode });
        break;
      }
    }
  }
  return out;
}

/**
 * Builds the observed panel from a register: per ICB-year sums of the files, then each measure as a sum or
 * ratio of sums; the national series from the national sums.
 * @example
 * ```ts
 * const panel = observedPanel(loadRegister());   // fit years only
 * panel.national(2014, "practices");              // 7959
 * panel.value("QHM", 2019, "practices");          // throws ReservedYearError: 2019/20 is reserved
 * ```
 */
export function observedPanel(register: Register): ObservedPanel {
  const icbCodes = register.icbs.map((i) => i.code);
  const icbIndex = new Map(icbCodes.map((c, i) => [c, i] as const));
  const allYears = [...register.paymentYears, ...register.workforceYears];
  const first = allYears.length === 0 ? 0 : Math.min(...allYears);
  const last = allYears.length === 0 ? -1 : Math.max(...allYears);
  const nYears = last - first + 1;
  const nIcb = icbCodes.length;
  const sums = new Map<Sum, Float64Array>(SUMS.map((s) => [s, new Float64Array(nIcb * nYears)] as const));
  const add = (s: Sum, icb: number, year: number, v: number): void => {
    sums.get(s)![icb * nYears + (year - first)]! += v;
  };
  const pcnYears = new Set<number>();
  for (const r of register.payments) {
    const i = icbIndex.get(r.icbCode)!;
    add("practices", i, r.year, 1);
    add("patients", i, r.year, r.registeredPatients);
    add("totalPence", i, r.year, r.pence.total);
    add("corePence", i, r.year, r.pence.globalSum + r.pence.mpig + r.pence.pmsBalance);
    add("qofPence", i, r.year, r.pence.qof);
    if (r.pence.pcnLines !== null) {
      pcnYears.add(r.year);
      add("pcnPence", i, r.year, r.pence.pcnLines);
    }
  }
  const lastPaymentYear = register.paymentYears.at(-1) ?? -Infinity;
  for (const { year, icbCode } of closureYears(register.payments, lastPaymentYear).values()) add("closures", icbIndex.get(icbCode)!, year, 1);
  for (const r of register.workforce) {
    const i = icbIndex.get(r.icbCode)!;
    add("wfPractices", i, r.year, 1);
    add("wfPatients", i, r.year, r.patients);
    if (r.gpFte !== null) add("gpFte", i, r.year, r.gpFte);
  }
  const paymentYears = new Set(register.paymentYears);
  const workforceYears = new Set(register.workforceYears);

  const observed = (year: number, measure: PanelMeasure): boolean => {
    const info = PANEL_MEASURE_INFO[measure];
    if (info.source === "workforce") return workforceYears.has(year);
    if (!paymentYears.has(year)) return false;
    if (measure === "payments_per_patient_pcn") return pcnYears.has(year);
    if (measure === "practices_closed_or_merged") return year < lastPaymentYear;
    return true;
  };
  const ratio = (num: number, den: number): number | null => (den > 0 ? num / den : null);
  const measureOf = (get: (s: Sum) => number, measure: PanelMeasure): number | null => {
    switch (measure) {
      case "practices":
        return get("practices");
      case "registered_patients":
        return get("patients");
      case "average_list":
        return ratio(get("patients"), get("practices"));
      case "payments_per_patient_total":
        return ratio(get("totalPence") / 100, get("patients"));
      case "payments_per_patient_core":
        return ratio(get("corePence") / 100, get("patients"));
      case "payments_per_patient_qof":
        return ratio(get("qofPence") / 100, get("patients"));
      case "payments_per_patient_pcn":
        return ratio(get("pcnPence") / 100, get("patients"));
      case "practices_closed_or_merged":
        return get("closures");
      case "gp_fte":
        return get("gpFte");
      case "patients_per_gp_fte":
        return ratio(get("wfPatients"), get("gpFte"));
    }
  };
  const years: number[] = [];
  for (let y = first; y <= last; y++) if (PANEL_MEASURES.some((m) => observed(y, m))) years.push(y);

  return {
    access: register.access,
    icbCodes,
    years,
    value(icbCode, year, measure) {
      assertMayRead(register.access, year, `observed panel (${measure}, ${icbCode})`);
      const i = icbIndex.get(icbCode);
      if (i === undefined) throw new RangeError(`observed panel: ICB ${JSON.stringify(icbCode)} is not one of the ${nIcb} ICBs of the register`);
      if (!observed(year, measure)) return null;
      return measureOf((s) => sums.get(s)![i * nYears + (year - first)]!, measure);
    },
    national(year, measure) {
      assertMayRead(register.access, year, `observed panel (national ${measure})`);
      if (!observed(year, measure)) return null;
      return measureOf((s) => {
        const a = sums.get(s)!;
        let total = 0;
        for (let i = 0; i < nIcb; i++) total += a[i * nYears + (year - first)]!;
        return total;
      }, measure);
    },
    split(year, measure) {
      return splitOf(year + PANEL_MEASURE_INFO[measure].lookahead);
    },
  };
}

/** A measure's national series over some years, with `null` where unobserved. */
export function nationalSeries(panel: ObservedPanel, measure: PanelMeasure, years: readonly number[] = panel.years): { year: string; value: number | null }[] {
  return years.map((y) => ({ year: financialYearLabel(y), value: panel.national(y, measure) }));
}
