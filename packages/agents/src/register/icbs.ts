/**
 * The 42 integrated care boards (ICBs) as constituted July 2022 – March 2026 (`icbs.csv`): parsing, and the
 * mapping from the names other files use (`North East and North Cumbria`) to their ODS codes (`QHM`).
 * @packageDocumentation
 */
import { z } from "zod";
import { didYouMean } from "../scenario-files/did-you-mean.js";
import { cellText, FileIssues, numberOrNull, optionalNumberText, parseCsvTable, textOrNull } from "./csv-table.js";
import { ICBS_FILE } from "./files.js";
import type { ParseFileOptions } from "./csv-table.js";

/** Columns of `icbs.csv`, in file order. */
export const ICBS_COLUMNS = [
  "icb_ods_code",
  "icb_name",
  "icb_ons_code_2022",
  "nhs_region",
  "fte_fully_qualified_gps_excl_locums_fy2023_24",
  "registered_patients_avg_fy2023_24",
  "patients_per_fte_fully_qualified_gp_fy2023_24",
  "gp_practices_in_workforce_data_fy2023_24",
  "primary_medical_alloc_per_patient_gbp_2024_25",
  "core_services_alloc_per_patient_gbp_2024_25",
  "system_agreed_deficit_control_total_gbp_m_2024_25",
  "successor_icb_from_apr_2026",
  "clustering_note_2025_26",
] as const;

/** The seven NHS England commissioning regions. */
export const NHS_REGIONS = ["East of England", "London", "Midlands", "North East and Yorkshire", "North West", "South East", "South West"] as const;

/** An NHS England commissioning region. */
export type NhsRegion = (typeof NHS_REGIONS)[number];

/**
 * One ICB of `icbs.csv`.
 * @remarks The file's workforce columns for 2023/24 (FTE GPs, patients, patients per GP, practices) are
 * checked but not kept: they are derived from the workforce file, a reserved year of the split, and the
 * observed panel derives them again from that file.
 */
export interface IcbInfo {
  /** ODS code, such as `QHM`. */
  readonly code: string;
  /** Official name, such as `NHS North East and North Cumbria Integrated Care Board`. */
  readonly name: string;
  /** The name without `NHS` and `Integrated Care Board`, as other files print it: `North East and North Cumbria`. */
  readonly shortName: string;
  /** ONS GSS code with July 2022 boundaries (`E54…`). */
  readonly onsCode: string;
  /** NHS England region. */
  readonly region: NhsRegion;
  /** Primary medical care allocation per registered patient, £, 2024/25 (published for six ICBs; else `null`). */
  readonly primaryMedicalAllocationPerPatient2024: number | null;
  /** Core services allocation per registered patient, £, 2024/25 (published for two ICBs; else `null`). */
  readonly coreServicesAllocationPerPatient2024: number | null;
  /** System control total agreed for 2024/25, £m, negative a deficit (published for six systems; else `null`). */
  readonly systemControlTotal2024: number | null;
  /** The ICB it becomes part of from April 2026, as published (`null` where unchanged or not found). */
  readonly successorFrom2026: string | null;
  /** Its 2025/26 cluster (shared leadership), as published (`null` where none found). */
  readonly cluster2025: string | null;
}

/** Zod check of one row of `icbs.csv` (raw texts by column); {@link toIcbInfo} converts it. */
export const icbsRowSchema = z.object({
  icb_ods_code: cellText("expected an ICB ODS code such as QHM", /^Q[A-Z0-9]{2}$/),
  icb_name: cellText("expected an official ICB name, NHS … Integrated Care Board", /^NHS .+ Integrated Care Board$/),
  icb_ons_code_2022: cellText("expected an ONS ICB code such as E54000050", /^E54\d{6}$/),
  nhs_region: z.enum(NHS_REGIONS, { error: `expected one of ${NHS_REGIONS.join(", ")}` }),
  fte_fully_qualified_gps_excl_locums_fy2023_24: optionalNumberText,
  registered_patients_avg_fy2023_24: optionalNumberText,
  patients_per_fte_fully_qualified_gp_fy2023_24: optionalNumberText,
  gp_practices_in_workforce_data_fy2023_24: optionalNumberText,
  primary_medical_alloc_per_patient_gbp_2024_25: optionalNumberText,
  core_services_alloc_per_patient_gbp_2024_25: optionalNumberText,
  system_agreed_deficit_control_total_gbp_m_2024_25: optionalNumberText,
  successor_icb_from_apr_2026: z.string(),
  clustering_note_2025_26: z.string(),
});

function isRegion(s: string): s is NhsRegion {
  return (NHS_REGIONS as readonly string[]).includes(s);
}

/** Converts a row of `icbs.csv` that passed {@link icbsRowSchema} into an {@link IcbInfo}. */
export function toIcbInfo(r: Readonly<Record<(typeof ICBS_COLUMNS)[number], string>>): IcbInfo {
  if (!isRegion(r.nhs_region)) throw new RangeError(`nhs_region: expected one of ${NHS_REGIONS.join(", ")}, got ${r.nhs_region}`);
  return {
    code: r.icb_ods_code,
    name: r.icb_name,
    shortName: shortIcbName(r.icb_name),
    onsCode: r.icb_ons_code_2022,
    region: r.nhs_region,
    primaryMedicalAllocationPerPatient2024: numberOrNull(r.primary_medical_alloc_per_patient_gbp_2024_25),
    coreServicesAllocationPerPatient2024: numberOrNull(r.core_services_alloc_per_patient_gbp_2024_25),
    systemControlTotal2024: numberOrNull(r.system_agreed_deficit_control_total_gbp_m_2024_25),
    successorFrom2026: textOrNull(r.successor_icb_from_apr_2026),
    cluster2025: textOrNull(r.clustering_note_2025_26),
  };
}

/** An official ICB name without `NHS ` and ` Integrated Care Board`: `NHS Devon Integrated Care Board` → `Devon`. */
export function shortIcbName(name: string): string {
  return name
    .trim()
    .replace(/^NHS\s+/i, "")
    .replace(/\s+Integrated Care Board$/i, "")
    .trim();
}

/**
 * The key two spellings of one ICB's name share: the short name, lower case, `&` as `and`, single spaces.
 * @example
 * ```ts
 * icbNameKey("Cornwall and The Isles Of Scilly") === icbNameKey("NHS Cornwall and the Isles of Scilly Integrated Care Board"); // true
 * ```
 */
export function icbNameKey(name: string): string {
  return shortIcbName(name).toLowerCase().replace(/&/g, " and ").replace(/\s+/g, " ").trim();
}

/**
 * Parses `icbs.csv` from its text, refusing a damaged file with a `ConfigError` that names the file,
 * line, column, value and what was expected; codes and name keys must be distinct.
 * @example
 * ```ts
 * const icbs = parseIcbsCsv(text); // 42 IcbInfo, in file order
 * ```
 */
export function parseIcbsCsv(source: string, options: ParseFileOptions = {}): IcbInfo[] {
  const file = options.file ?? ICBS_FILE.file;
  const expectedRows = options.expectedRows === undefined ? ICBS_FILE.rows : options.expectedRows;
  const table = parseCsvTable(source, { file, columns: ICBS_COLUMNS, row: icbsRowSchema, convert: toIcbInfo, ...(expectedRows === null ? {} : { expectedRows }) });
  const issues = new FileIssues(file);
  const codes = new Map<string, number>();
  const keys = new Map<string, number>();
  table.rows.forEach((r, i) => {
    const line = table.lines[i]!;
    const byCode = codes.get(r.code);
    if (byCode !== undefined) issues.add(`line ${line}, column icb_ods_code`, `expected each ICB once (also on line ${byCode})`, r.code);
    else codes.set(r.code, line);
    const key = icbNameKey(r.name);
    const byName = keys.get(key);
    if (byName !== undefined) issues.add(`line ${line}, column icb_name`, `expected distinct ICB names (the same as on line ${byName})`, r.name);
    else keys.set(key, line);
  });
  issues.throwIfAny();
  return [...table.rows];
}

/** Where an ICB name was found, for messages: the file and line. */
export interface NameSite {
  /** File name. */
  readonly file: string;
  /** Line of the file. */
  readonly line: number;
}

/**
 * Maps ICB names as other files print them to ODS codes, by {@link icbNameKey}; a name that matches no ICB
 * is refused with a `ConfigError` naming where it was found and the closest ICB names.
 * @returns The code of each distinct name, keyed by the name as given.
 * @example
 * ```ts
 * mapIcbNames(["North East and North Cumbria"], icbs).get("North East and North Cumbria"); // "QHM"
 * ```
 */
export function mapIcbNames(names: Iterable<string>, icbs: readonly IcbInfo[], sites: ReadonlyMap<string, NameSite> = new Map()): Map<string, string> {
  const byKey = new Map(icbs.map((i) => [icbNameKey(i.name), i.code] as const));
  const out = new Map<string, string>();
  const unmapped: string[] = [];
  for (const name of names) {
    if (out.has(name)) continue;
    const code = byKey.get(icbNameKey(name));
    if (code === undefined) unmapped.push(name);
    else out.set(name, code);
  }
  if (unmapped.length > 0) {
    const file = sites.get(unmapped[0]!)?.file ?? "ICB names";
    const issues = new FileIssues(file);
    for (const name of unmapped) {
      const site = sites.get(name);
      const hint = didYouMean(shortIcbName(name), icbs.map((i) => i.shortName));
      issues.add(site === undefined ? "" : `line ${site.line}, column icb_name`, `expected the name of one of the ${icbs.length} ICBs of ${ICBS_FILE.file}${hint}`, name);
    }
    issues.throwIfAny();
  }
  return out;
}
