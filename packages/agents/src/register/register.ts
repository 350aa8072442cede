/**
 * The register: the three parsed files put together, sorted, and cut to what the split lets the caller
 * read. A fit-only register holds no row of a reserved year at all, so nothing built from it can read one.
 * @packageDocumentation
 */
import { parseIcbsCsv } from "./icbs.js";
import type { IcbInfo } from "./icbs.js";
import { parsePaymentsCsv } from "./payments.js";
import type { PracticeYear } from "./payments.js";
import { assertMayRead, mayRead } from "./split.js";
import type { RegisterAccess } from "./split.js";
import { parseWorkforceCsv } from "./workforce.js";
import type { PracticeWorkforce } from "./workforce.js";

/** The published register as the model reads it: ICBs, the payments panel and the workforce file. */
export interface Register {
  /** What it may read: `fit` holds only years up to `FIT_THROUGH_YEAR`; `all` holds every year. */
  readonly access: RegisterAccess;
  /** The ICBs, by ODS code. */
  readonly icbs: readonly IcbInfo[];
  /** One row per practice per year, by year, then ICB code, then practice code. */
  readonly payments: readonly PracticeYear[];
  /** One row per practice per year, by year, then ICB code, then practice code (none in a fit-only register). */
  readonly workforce: readonly PracticeWorkforce[];
  /** Financial years of the payments rows held (by the calendar year each starts in), ascending. */
  readonly paymentYears: readonly number[];
  /** Financial years of the workforce rows held, ascending. */
  readonly workforceYears: readonly number[];
}

/** The decompressed texts of the three files. */
export interface RegisterTexts {
  /** `practice-payments-2014-2022.csv` text. */
  readonly payments: string;
  /** `practice-workforce-2023-2024.csv` text. */
  readonly workforce: string;
  /** `icbs.csv` text. */
  readonly icbs: string;
}

function byCode(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function byYearIcbPractice(a: { year: number; icbCode: string; practiceCode: string }, b: { year: number; icbCode: string; practiceCode: string }): number {
  return a.year - b.year || byCode(a.icbCode, b.icbCode) || byCode(a.practiceCode, b.practiceCode);
}

function yearsOf(rows: readonly { year: number }[]): number[] {
  return [...new Set(rows.map((r) => r.year))].sort((a, b) => a - b);
}

/**
 * Puts parsed files together into a {@link Register}, keeping only the years `access` may read.
 * @remarks Rows are sorted (year, ICB code, practice code; ICBs by code) with plain code-unit order, so the
 * order is the same in every runtime.
 */
export function createRegister(
  parts: { readonly icbs: readonly IcbInfo[]; readonly payments: readonly PracticeYear[]; readonly workforce: readonly PracticeWorkforce[] },
  access: RegisterAccess,
): Register {
  const payments = parts.payments.filter((r) => mayRead(access, r.year)).sort(byYearIcbPractice);
  const workforce = parts.workforce.filter((r) => mayRead(access, r.year)).sort(byYearIcbPractice);
  return {
    access,
    icbs: [...parts.icbs].sort((a, b) => byCode(a.code, b.code)),
    payments,
    workforce,
    paymentYears: yearsOf(payments),
    workforceYears: yearsOf(workforce),
  };
}

/**
 * Parses the three files from their decompressed texts and puts them together (pure: no file system).
 * @remarks Every row and each file's row count are checked; the sha-256 of the bytes is the caller's to
 * check (`checkSha256`), as `loadRegister` does, since only the caller has the compressed bytes.
 * @example
 * ```ts
 * const register = parseRegister({ payments, workforce, icbs }, "fit"); // 2014/15–2018/19 only
 * ```
 */
export function parseRegister(texts: RegisterTexts, access: RegisterAccess): Register {
  const icbs = parseIcbsCsv(texts.icbs);
  return createRegister({ icbs, payments: parsePaymentsCsv(texts.payments, icbs), workforce: parseWorkforceCsv(texts.workforce, icbs) }, access);
}

/** The same register cut down to the fit years (a register that is already fit-only is returned as it is). */
export function fitOnly(register: Register): Register {
  return register.access === "fit" ? register : createRegister(register, "fit");
}

/**
 * Every practice with payments in a financial year, as the population's starting state: code, ICB, PCN,
 * contract, registered and weighted list, payment lines in pence, opening and closing dates.
 * @remarks Ordered by ICB code, then practice code. Includes practices that closed during the year (they
 * were paid in it). Throws a `ReservedYearError` when the register is fit-only and the year is reserved.
 * @example
 * ```ts
 * const start = practicesInYear(register, 2014); // the 7,959 practices paid in 2014/15
 * ```
 */
export function practicesInYear(register: Register, year: number): PracticeYear[] {
  assertMayRead(register.access, year, "practicesInYear");
  return register.payments.filter((r) => r.year === year);
}
