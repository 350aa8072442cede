/**
 * The model's side of the per-ICB comparison with the practice panel: per ICB and financial year, the
 * measures NHS Digital publishes per practice, summed the same way (practices with payments in the year,
 * registered patients, payments per registered patient by line, practices that closed or merged, GP FTE).
 * Recorded only when a run asks for it; recording reads state and never changes results.
 * @packageDocumentation
 */
import type { PracticeTable } from "./columns.js";

/** Ids of the per-ICB measures, as the panel comparison names them. */
export const PANEL_MEASURES = [
  "practices",
  "registered_patients",
  "average_list",
  "payments_per_patient_total",
  "payments_per_patient_core",
  "payments_per_patient_qof",
  "payments_per_patient_pcn",
  "practices_closed_or_merged",
  "gp_fte",
  "patients_per_gp_fte",
] as const;
/** A per-ICB measure id. */
export type PanelMeasure = (typeof PANEL_MEASURES)[number];

/**
 * One run's per-ICB series: `series[measure][year × icbs + icb]`, years in the run's recorded order
 * (the same labels as its indicators).
 */
export interface IcbPanel {
  /** ODS codes of the ICBs, in ICB order (`icb-1`, `icb-2` … for a generated population). */
  readonly codes: readonly string[];
  /** Values per measure, year-major. */
  readonly series: Readonly<Record<PanelMeasure, readonly number[]>>;
}

/** Running per-ICB sums of one run (pence and counts), by year. */
export class PanelRecorder {
  private readonly icbs: number;
  private readonly sums: Record<"practices" | "list" | "total" | "core" | "enhanced" | "qof" | "pcn" | "exits" | "fte" | "fteList", number[]> = { practices: [], list: [], total: [], core: [], enhanced: [], qof: [], pcn: [], exits: [], fte: [], fteList: [] };
  private year = -1;
  /**
   * Creates a recorder for a run starting in calendar year `runStart` with ICBs coded `codes`, whose
   * enhanced-line payments hold a share `unrecorded` that NHS Digital's register misses before 2016/17.
   */
  constructor(
    private readonly codes: readonly string[],
    private readonly runStart: number,
    private readonly unrecorded: number,
  ) {
    this.icbs = codes.length;
  }

  /** Starts financial year `year` (run index): counts the practices with payments this year and their lists. */
  open(practices: PracticeTable, year: number): void {
    this.year = year;
    for (const s of Object.values(this.sums)) for (let i = 0; i < this.icbs; i++) s.push(0);
    const p = practices;
    const c = p.cols;
    const rows = p.rows();
    const base = year * this.icbs;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      const icb = c.icb[i]!;
      this.sums.practices[base + icb]! += 1;
      this.sums.list[base + icb]! += c.list[i]!;
    }
  }

  /** Adds practice payments of this year by line, pence (the total without PCN money, as NHS Digital's total from 2020/21). */
  paid(icb: number, total: number, core: number, enhanced: number, qof: number, pcn: number): void {
    const k = this.year * this.icbs + icb;
    this.sums.total[k]! += total;
    this.sums.core[k]! += core;
    this.sums.enhanced[k]! += enhanced;
    this.sums.qof[k]! += qof;
    this.sums.pcn[k]! += pcn;
  }

  /** Counts a practice of ICB `icb` that closed or merged this year. */
  exit(icb: number): void {
    this.sums.exits[this.year * this.icbs + icb]! += 1;
  }

  /** Records the year-end workforce: FTE GPs and registered patients of open practices per ICB. */
  close(practices: PracticeTable): void {
    const p = practices;
    const c = p.cols;
    const rows = p.rows();
    const base = this.year * this.icbs;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k]!;
      this.sums.fte[base + c.icb[i]!]! += c.gpFte[i]!;
      this.sums.fteList[base + c.icb[i]!]! += c.list[i]!;
    }
  }

  /**
   * The panel from year `from` on (run index), in pounds: ratios of sums, as the published per-patient
   * figures are, recorded as NHS Digital records them: the total includes PCN payments in 2019/20 only
   * (PCN and Covid lines are reported apart from 2020/21) and leaves out payments made outside NHS systems
   * before 2016/17.
   */
  panel(from: number): IcbPanel {
    const s = this.sums;
    const years = this.year + 1 - from;
    const out = Object.fromEntries(PANEL_MEASURES.map((m) => [m, new Array<number>(years * this.icbs)])) as Record<PanelMeasure, number[]>;
    for (let y = 0; y < years; y++) {
      for (let i = 0; i < this.icbs; i++) {
        const k = (y + from) * this.icbs + i;
        const o = y * this.icbs + i;
        const list = s.list[k]!;
        out.practices[o] = s.practices[k]!;
        out.registered_patients[o] = list;
        out.average_list[o] = s.practices[k]! > 0 ? list / s.practices[k]! : Number.NaN;
        const perPatient = (pence: number): number => (list > 0 ? pence / 100 / list : Number.NaN);
        const calendar = this.runStart + y + from;
        const recorded = s.total[k]! + (calendar === 2019 ? s.pcn[k]! : 0) - (calendar < 2016 ? s.enhanced[k]! * this.unrecorded : 0);
        out.payments_per_patient_total[o] = perPatient(recorded);
        out.payments_per_patient_core[o] = perPatient(s.core[k]!);
        out.payments_per_patient_qof[o] = perPatient(s.qof[k]!);
        out.payments_per_patient_pcn[o] = perPatient(s.pcn[k]!);
        out.practices_closed_or_merged[o] = s.exits[k]!;
        out.gp_fte[o] = s.fte[k]!;
        out.patients_per_gp_fte[o] = s.fte[k]! > 0 ? s.fteList[k]! / s.fte[k]! : Number.NaN;
      }
    }
    return { codes: this.codes, series: out };
  }
}
