/**
 * The practice payments panel (NHS Digital, *NHS Payments to General Practice, England*, 2014/15–2021/22):
 * its columns, the schema of a row, and parsing from text. Money is converted to integer pence.
 * @packageDocumentation
 */
import { financialYearLabel } from "@ringfence/core";
import { z } from "zod";
import { cellText, FileIssues, nonNegativeText, optionalPoundsText, parseCsvTable, pence, penceOrNull, poundsText } from "./csv-table.js";
import type { ParseFileOptions } from "./csv-table.js";
import { ICBS_FILE, PAYMENTS_FILE } from "./files.js";
import type { IcbInfo } from "./icbs.js";

/** Columns of the payments file, in file order. */
export const PAYMENTS_COLUMNS = [
  "year",
  "practice_code",
  "icb_code",
  "sub_icb_or_ccg_code",
  "region_code",
  "pcn_code",
  "contract_type",
  "dispensing",
  "rurality",
  "open_date",
  "close_date",
  "registered_patients",
  "weighted_patients",
  "global_sum",
  "mpig",
  "pms_balance",
  "qof",
  "premises",
  "seniority",
  "pcn_lines",
  "covid_lines",
  "total_payments",
  "deductions",
] as const;

/** A practice's contract: General Medical Services, Personal Medical Services, Alternative Provider, or not published. */
export type ContractType = "GMS" | "PMS" | "APMS" | "unknown";

/** Rurality as published (from 2016/17; `null` where not published or missing). */
export type Rurality = "urban" | "rural";

/** A practice's payment lines in one year, in integer pence (as published, before deductions unless named). */
export interface PaymentLines {
  /** Global sum (GMS core contract). */
  readonly globalSum: number;
  /** Minimum practice income guarantee (core). */
  readonly mpig: number;
  /** PMS contract value above the global-sum equivalent (core). */
  readonly pmsBalance: number;
  /** Quality and Outcomes Framework. */
  readonly qof: number;
  /** Premises (rent and rates reimbursement). */
  readonly premises: number;
  /** Seniority payments. */
  readonly seniority: number;
  /** PCN payments routed via the practice (from 2019/20; `null` before). */
  readonly pcnLines: number | null;
  /** Covid immunisation, support and expansion, long Covid (2020/21–2021/22; `null` otherwise). */
  readonly covidLines: number | null;
  /** "Total NHS Payments to General Practice" as published (excludes PCN and Covid lines from 2020/21). */
  readonly total: number;
  /** Pensions, levies and prescription charge income (negative). */
  readonly deductions: number;
}

/** One practice in one financial year of the payments panel. */
export interface PracticeYear {
  /** The financial year, by the calendar year it starts in (2019 = 2019/20). */
  readonly year: number;
  /** ODS practice code, stable across years. */
  readonly practiceCode: string;
  /** ODS code of the ICB the practice's CCG or sub-ICB location maps to. */
  readonly icbCode: string;
  /** CCG or sub-ICB location code as published that year. */
  readonly subIcbCode: string;
  /** NHS England region code as published that year. */
  readonly regionCode: string;
  /** Primary care network code (from 2019/20; `null` before, or where published as unknown). */
  readonly pcnCode: string | null;
  /** Contract type. */
  readonly contractType: ContractType;
  /** Whether the practice dispenses (`null` where not published). */
  readonly dispensing: boolean | null;
  /** Rurality (`null` where not published). */
  readonly rurality: Rurality | null;
  /** Opening date, ISO `yyyy-mm-dd` (`null` where none was published). */
  readonly openDate: string | null;
  /** Closing date, ISO `yyyy-mm-dd` (`null` where none). */
  readonly closeDate: string | null;
  /** Registered patients (last known list size). */
  readonly registeredPatients: number;
  /** Carr-Hill (global sum) weighted list. */
  readonly weightedPatients: number;
  /** Payment lines in pence. */
  readonly pence: PaymentLines;
}

const CODE = /^[A-Z]\d{5}$/;

const DAYS_IN_MONTH = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

function isRealDate(s: string): boolean {
  if (s.length !== 10) return true; // "" or "-": the pattern has already checked the form
  const d = Number(s.slice(0, 2));
  const m = Number(s.slice(3, 5));
  const y = Number(s.slice(6, 10));
  const leap = (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
  return m >= 1 && m <= 12 && d >= 1 && d <= (m === 2 && !leap ? 28 : DAYS_IN_MONTH[m - 1]!);
}

const dateText = cellText("expected a date dd/mm/yyyy, - or nothing", /^$|^-$|^\d{2}\/\d{2}\/\d{4}$/).refine(isRealDate, { error: "expected a real date dd/mm/yyyy" });

/** Zod check of one row of the payments file (raw texts by column); {@link toPracticeYear} converts it. */
export const paymentsRowSchema = z.object({
  year: cellText("expected a financial year such as 2019/20", /^\d{4}\/\d{2}$/).refine((s) => financialYearLabel(Number(s.slice(0, 4))) === s, {
    error: "expected a financial year such as 2019/20 (the second part is the next year)",
  }),
  practice_code: cellText("expected an ODS practice code: a letter and five digits, such as A81001", CODE),
  icb_code: cellText("expected an ICB ODS code such as QHM", /^Q[A-Z0-9]{2}$/),
  sub_icb_or_ccg_code: cellText("expected a sub-ICB or CCG code such as 01C", /^[0-9A-Z]{3,5}$/),
  region_code: cellText("expected a region code such as Y60", /^[A-Z0-9]{3}$/),
  pcn_code: cellText("expected a PCN code such as U12345, Unknown or no PCN, or nothing", /^$|^[A-Z]\d{5}$|^Unknown or no PCN$/i),
  contract_type: cellText("expected GMS, PMS, APMS or UNKNOWN", /^(GMS|PMS|APMS|unknown)$/i),
  dispensing: cellText("expected Yes, No or Unknown", /^(yes|no|unknown)$/i),
  rurality: cellText("expected Urban, Rural, Missing or nothing", /^$|^(urban|rural|missing)$/i),
  open_date: dateText,
  close_date: dateText,
  registered_patients: nonNegativeText,
  weighted_patients: nonNegativeText,
  global_sum: poundsText,
  mpig: poundsText,
  pms_balance: poundsText,
  qof: poundsText,
  premises: poundsText,
  seniority: poundsText,
  pcn_lines: optionalPoundsText,
  covid_lines: optionalPoundsText,
  total_payments: poundsText,
  deductions: poundsText,
});

function contractType(s: string): ContractType {
  const u = s.toUpperCase();
  return u === "GMS" || u === "PMS" || u === "APMS" ? u : "unknown";
}

function isoDate(s: string): string | null {
  return s === "" || s === "-" ? null : `${s.slice(6, 10)}-${s.slice(3, 5)}-${s.slice(0, 2)}`;
}

/** Converts a row of the payments file that passed {@link paymentsRowSchema} into a {@link PracticeYear}. */
export function toPracticeYear(r: Readonly<Record<(typeof PAYMENTS_COLUMNS)[number], string>>): PracticeYear {
  const rurality = r.rurality.toLowerCase();
  const dispensing = r.dispensing.toLowerCase();
  return {
    year: Number(r.year.slice(0, 4)),
    practiceCode: r.practice_code,
    icbCode: r.icb_code,
    subIcbCode: r.sub_icb_or_ccg_code,
    regionCode: r.region_code,
    pcnCode: CODE.test(r.pcn_code) ? r.pcn_code : null,
    contractType: contractType(r.contract_type),
    dispensing: dispensing === "yes" ? true : dispensing === "no" ? false : null,
    rurality: rurality === "urban" || rurality === "rural" ? rurality : null,
    openDate: isoDate(r.open_date),
    closeDate: isoDate(r.close_date),
    registeredPatients: Number(r.registered_patients),
    weightedPatients: Number(r.weighted_patients),
    pence: {
      globalSum: pence(r.global_sum),
      mpig: pence(r.mpig),
      pmsBalance: pence(r.pms_balance),
      qof: pence(r.qof),
      premises: pence(r.premises),
      seniority: pence(r.seniority),
      pcnLines: penceOrNull(r.pcn_lines),
      covidLines: penceOrNull(r.covid_lines),
      total: pence(r.total_payments),
      deductions: pence(r.deductions),
    },
  };
}

/**
 * Parses the payments panel from its (decompressed) CSV text, refusing a damaged file with a
 * `ConfigError` that names the file, line, column, value and what was expected; a practice may appear
 * once a year, and every ICB code must be one of `icbs`.
 * @example
 * ```ts
 * const rows = parsePaymentsCsv(text, icbs); // one PracticeYear per practice per year, in file order
 * ```
 */
export function parsePaymentsCsv(text: string, icbs: readonly IcbInfo[], options: ParseFileOptions = {}): PracticeYear[] {
  const file = options.file ?? PAYMENTS_FILE.file;
  const expectedRows = options.expectedRows === undefined ? PAYMENTS_FILE.rows : options.expectedRows;
  const table = parseCsvTable(text, { file, columns: PAYMENTS_COLUMNS, row: paymentsRowSchema, convert: toPracticeYear, ...(expectedRows === null ? {} : { expectedRows }) });
  const issues = new FileIssues(file);
  const seen = new Map<string, number>();
  const known = new Set(icbs.map((i) => i.code));
  table.rows.forEach((r, i) => {
    const key = `${r.year} ${r.practiceCode}`;
    const first = seen.get(key);
    const line = table.lines[i]!;
    if (!known.has(r.icbCode)) issues.add(`line ${line}, column icb_code`, `expected the code of one of the ${icbs.length} ICBs of ${ICBS_FILE.file}`, r.icbCode);
    if (first === undefined) seen.set(key, line);
    else issues.add(`line ${line}, column practice_code`, `expected one row per practice per year (${financialYearLabel(r.year)} already has it on line ${first})`, r.practiceCode);
  });
  issues.throwIfAny();
  return [...table.rows];
}
