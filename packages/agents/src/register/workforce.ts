/**
 * The practice workforce file (NHS Digital, *General Practice Workforce*, years ending March 2023 and 2024):
 * its columns, the schema of a row, and parsing from text. The file names ICBs; parsing maps each name to
 * its ODS code.
 * @packageDocumentation
 */
import { z } from "zod";
import { cellText, FileIssues, nonNegativeOrNaText, nonNegativeText, numberOrNull, parseCsvTable } from "./csv-table.js";
import { WORKFORCE_FILE } from "./files.js";
import type { ParseFileOptions } from "./csv-table.js";
import { mapIcbNames } from "./icbs.js";
import type { IcbInfo } from "./icbs.js";

/** Columns of the workforce file, in file order. */
export const WORKFORCE_COLUMNS = [
  "practice_code",
  "year_ending_march",
  "icb_name",
  "patients",
  "gp_fte_excl_locums_trainees",
  "gp_locum_trainee_fte",
  "nurse_fte",
  "direct_patient_care_fte",
  "admin_fte",
  "gp_partner_fte",
  "imd_score",
] as const;

/** One practice in one financial year of the workforce file (FTE are yearly means of monthly returns). */
export interface PracticeWorkforce {
  /** The financial year, by the calendar year it starts in (the year ending March 2024 is 2023). */
  readonly year: number;
  /** ODS practice code. */
  readonly practiceCode: string;
  /** ICB name as published, such as `North East and North Cumbria`. */
  readonly icbName: string;
  /** ODS code of that ICB, such as `QHM` (mapped from the name). */
  readonly icbCode: string;
  /** Registered patients (mean over the year's monthly returns). */
  readonly patients: number;
  /** FTE fully qualified GPs, excluding locums and trainees (`null` where the practice returned none). */
  readonly gpFte: number | null;
  /** FTE GP locums and trainees. */
  readonly gpLocumTraineeFte: number | null;
  /** FTE nurses. */
  readonly nurseFte: number | null;
  /** FTE direct patient care staff (mostly additional-roles staff). */
  readonly directPatientCareFte: number | null;
  /** FTE administrative staff. */
  readonly adminFte: number | null;
  /** FTE GP partners. */
  readonly gpPartnerFte: number | null;
  /** Practice-weighted Index of Multiple Deprivation 2019 score. */
  readonly imdScore: number | null;
}

const fte = nonNegativeOrNaText("an FTE");

/** Zod check of one row of the workforce file (raw texts by column); {@link toPracticeWorkforce} converts it. */
export const workforceRowSchema = z.object({
  practice_code: cellText("expected an ODS practice code: a letter and five digits, such as A81001", /^[A-Z]\d{5}$/),
  year_ending_march: cellText("expected a year such as 2024 (the year ending March)", /^(19|20)\d{2}$/),
  icb_name: cellText("expected an ICB name such as North East and North Cumbria", /\S/),
  patients: nonNegativeText,
  gp_fte_excl_locums_trainees: fte,
  gp_locum_trainee_fte: fte,
  nurse_fte: fte,
  direct_patient_care_fte: fte,
  admin_fte: fte,
  gp_partner_fte: fte,
  imd_score: cellText("expected a deprivation score (a number) or NA", /^(NA|-?\d+(\.\d+)?)$/),
});

/** Converts a row of the workforce file that passed {@link workforceRowSchema}, without its ICB code (mapped from the name afterwards). */
export function toPracticeWorkforce(r: Readonly<Record<(typeof WORKFORCE_COLUMNS)[number], string>>): Omit<PracticeWorkforce, "icbCode"> {
  return {
    year: Number(r.year_ending_march) - 1,
    practiceCode: r.practice_code,
    icbName: r.icb_name.trim(),
    patients: Number(r.patients),
    gpFte: numberOrNull(r.gp_fte_excl_locums_trainees),
    gpLocumTraineeFte: numberOrNull(r.gp_locum_trainee_fte),
    nurseFte: numberOrNull(r.nurse_fte),
    directPatientCareFte: numberOrNull(r.direct_patient_care_fte),
    adminFte: numberOrNull(r.admin_fte),
    gpPartnerFte: numberOrNull(r.gp_partner_fte),
    imdScore: numberOrNull(r.imd_score),
  };
}

/**
 * Parses the workforce file from its (decompressed) CSV text and maps each ICB name to one of `icbs`,
 * refusing a damaged file with a `ConfigError` that names the file, line, column, value and what was
 * expected; a practice may appear once a year.
 * @example
 * ```ts
 * const rows = parseWorkforceCsv(text, icbs); // one PracticeWorkforce per practice per year, in file order
 * ```
 */
export function parseWorkforceCsv(text: string, icbs: readonly IcbInfo[], options: ParseFileOptions = {}): PracticeWorkforce[] {
  const file = options.file ?? WORKFORCE_FILE.file;
  const expectedRows = options.expectedRows === undefined ? WORKFORCE_FILE.rows : options.expectedRows;
  const table = parseCsvTable(text, { file, columns: WORKFORCE_COLUMNS, row: workforceRowSchema, convert: toPracticeWorkforce, ...(expectedRows === null ? {} : { expectedRows }) });
  const issues = new FileIssues(file);
  const seen = new Map<string, number>();
  table.rows.forEach((r, i) => {
    const key = `${r.year} ${r.practiceCode}`;
    const first = seen.get(key);
    const line = table.lines[i]!;
    if (first === undefined) seen.set(key, line);
    else issues.add(`line ${line}, column practice_code`, `expected one row per practice per year (the year ending March ${r.year + 1} already has it on line ${first})`, r.practiceCode);
  });
  issues.throwIfAny();
  const sites = new Map<string, { file: string; line: number }>();
  table.rows.forEach((r, i) => {
    if (!sites.has(r.icbName)) sites.set(r.icbName, { file, line: table.lines[i]! });
  });
  const codes = mapIcbNames(sites.keys(), icbs, sites);
  return table.rows.map((r) => ({ ...r, icbCode: codes.get(r.icbName)! }));
}
