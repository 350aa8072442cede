/**
 * Small synthetic register files and rows for the register tests (not part of the package's API).
 * @packageDocumentation
 */
import { PAYMENTS_COLUMNS } from "../register/payments.js";
import type { PracticeYear } from "../register/payments.js";
import type { IcbInfo } from "../register/icbs.js";
import { ICBS_COLUMNS } from "../register/icbs.js";
import { WORKFORCE_COLUMNS } from "../register/workforce.js";
import type { PracticeWorkforce } from "../register/workforce.js";

/** Two ICBs, as `icbs.csv` text. */
export const ICBS_TEXT = [
  ICBS_COLUMNS.join(","),
  "QHM,NHS North East and North Cumbria Integrated Care Board,E54000050,North East and Yorkshire,1.0,2.0,2.0,1,,,,,",
  'QE1,NHS Lancashire and South Cumbria Integrated Care Board,E54000048,North West,1.0,2.0,2.0,1,,,,"Lancashire (E540000xx)",',
].join("\r\n");

/** The two ICBs of {@link ICBS_TEXT}. */
export const TWO_ICBS: readonly IcbInfo[] = [
  { code: "QE1", name: "NHS Lancashire and South Cumbria Integrated Care Board", shortName: "Lancashire and South Cumbria", onsCode: "E54000048", region: "North West", primaryMedicalAllocationPerPatient2024: null, coreServicesAllocationPerPatient2024: null, systemControlTotal2024: null, successorFrom2026: "Lancashire (E540000xx)", cluster2025: null },
  { code: "QHM", name: "NHS North East and North Cumbria Integrated Care Board", shortName: "North East and North Cumbria", onsCode: "E54000050", region: "North East and Yorkshire", primaryMedicalAllocationPerPatient2024: null, coreServicesAllocationPerPatient2024: null, systemControlTotal2024: null, successorFrom2026: null, cluster2025: null },
];

/** A payments row as texts by column, with defaults for every column. */
export function paymentsLine(over: Partial<Record<(typeof PAYMENTS_COLUMNS)[number], string>> = {}): string {
  const base: Record<(typeof PAYMENTS_COLUMNS)[number], string> = {
    year: "2014/15",
    practice_code: "A81001",
    icb_code: "QHM",
    sub_icb_or_ccg_code: "00K",
    region_code: "Q74",
    pcn_code: "",
    contract_type: "GMS",
    dispensing: "No",
    rurality: "",
    open_date: "01/04/1974",
    close_date: "-",
    registered_patients: "4000.0",
    weighted_patients: "4100.5",
    global_sum: "300000.12",
    mpig: "1000.0",
    pms_balance: "0.0",
    qof: "50000.0",
    premises: "20000.0",
    seniority: "3000.0",
    pcn_lines: "",
    covid_lines: "",
    total_payments: "400000.0",
    deductions: "-40000.0",
    ...over,
  };
  return PAYMENTS_COLUMNS.map((c) => (/[",]/.test(base[c]) ? `"${base[c].replace(/"/g, '""')}"` : base[c])).join(",");
}

/** A payments file's text from rows given as column overrides. */
export function paymentsText(rows: readonly Partial<Record<(typeof PAYMENTS_COLUMNS)[number], string>>[]): string {
  return [PAYMENTS_COLUMNS.join(","), ...rows.map(paymentsLine)].join("\n") + "\n";
}

/** A workforce row as texts by column, with defaults. */
export function workforceLine(over: Partial<Record<(typeof WORKFORCE_COLUMNS)[number], string>> = {}): string {
  const base: Record<(typeof WORKFORCE_COLUMNS)[number], string> = {
    practice_code: "A81001",
    year_ending_march: "2023",
    icb_name: "North East and North Cumbria",
    patients: "4027.88888888889",
    gp_fte_excl_locums_trainees: "2",
    gp_locum_trainee_fte: "1.8",
    nurse_fte: "0.5",
    direct_patient_care_fte: "0.4",
    admin_fte: "7.2",
    gp_partner_fte: "0",
    imd_score: "32.36093926",
    ...over,
  };
  return WORKFORCE_COLUMNS.map((c) => base[c]).join(",");
}

/** A workforce file's text from rows given as column overrides. */
export function workforceText(rows: readonly Partial<Record<(typeof WORKFORCE_COLUMNS)[number], string>>[]): string {
  return [WORKFORCE_COLUMNS.join(","), ...rows.map(workforceLine)].join("\n") + "\n";
}

/** A payments row as data, with defaults (pence). */
export function practiceYear(over: Partial<Omit<PracticeYear, "pence">> & { readonly pence?: Partial<PracticeYear["pence"]> } = {}): PracticeYear {
  const { pence, ...rest } = over;
  return {
    year: 2014,
    practiceCode: "A00001",
    icbCode: "QHM",
    subIcbCode: "00K",
    regionCode: "Q74",
    pcnCode: null,
    contractType: "GMS",
    dispensing: false,
    rurality: null,
    openDate: null,
    closeDate: null,
    registeredPatients: 1000,
    weightedPatients: 1000,
    ...rest,
    pence: { globalSum: 0, mpig: 0, pmsBalance: 0, qof: 0, premises: 0, seniority: 0, pcnLines: null, covidLines: null, total: 0, deductions: 0, ...pence },
  };
}

/** A workforce row as data, with defaults. */
export function workforceYear(over: Partial<PracticeWorkforce> = {}): PracticeWorkforce {
  return {
    year: 2022,
    practiceCode: "A00001",
    icbName: "North East and North Cumbria",
    icbCode: "QHM",
    patients: 1000,
    gpFte: 1,
    gpLocumTraineeFte: null,
    nurseFte: null,
    directPatientCareFte: null,
    adminFte: null,
    gpPartnerFte: null,
    imdScore: null,
    ...over,
  };
}
