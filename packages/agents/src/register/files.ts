/**
 * The published data files shipped in `packages/agents/data/register/`: their names, sizes, row counts and
 * sha-256 checksums, which the loaders verify before a row is used.
 * @packageDocumentation
 */
import { ConfigError } from "@ringfence/core";

/** A shipped data file: its name, size in bytes, sha-256 (hex) and number of data rows. */
export interface RegisterFileSpec {
  /** File name inside `packages/agents/data/register/`. */
  readonly file: string;
  /** Whether the file is gzip-compressed. */
  readonly gzip: boolean;
  /** Size of the file as shipped, in bytes. */
  readonly bytes: number;
  /** sha-256 of the file as shipped (the compressed bytes for a `.gz`), lowercase hex. */
  readonly sha256: string;
  /** Data rows (the header not counted). */
  readonly rows: number;
}

/** NHS Digital, *NHS Payments to General Practice, England*, 2014/15–2021/22: one row per practice per year. */
export const PAYMENTS_FILE: RegisterFileSpec = {
  file: "practice-payments-2014-2022.csv.gz",
  gzip: true,
  bytes: 2_751_709,
  sha256: "6a247a362d74a30c5b555910452aac52d8fa4bd5998ae27526778580608e6fa0",
  rows: 58_952,
};

/** NHS Digital, *General Practice Workforce*: one row per practice per year ending March 2023 and 2024. */
export const WORKFORCE_FILE: RegisterFileSpec = {
  file: "practice-workforce-2023-2024.csv.gz",
  gzip: true,
  bytes: 248_657,
  sha256: "a5d0facfd26e702b27be658023ad9b8a1984209c93eca8b7328e2150f6cd2d88",
  rows: 12_873,
};

/** The 42 integrated care boards as constituted July 2022 – March 2026 (ODS codes, names, regions). */
export const ICBS_FILE: RegisterFileSpec = {
  file: "icbs.csv",
  gzip: false,
  bytes: 6_392,
  sha256: "cc0a48c315e8697f758369d8bae795eac0e0a64f6cdab720ed8698feb5871c15",
  rows: 42,
};

/** The three shipped files, in the order a register is loaded. */
export const REGISTER_FILES: readonly RegisterFileSpec[] = [PAYMENTS_FILE, WORKFORCE_FILE, ICBS_FILE];

/**
 * Checks a file's sha-256 (lowercase hex) against the expected one, throwing a `ConfigError` that names
 * the file and both checksums when they differ.
 */
export function checkSha256(file: string, actual: string, expected: string): void {
  if (actual.toLowerCase() !== expected.toLowerCase()) {
    const what = `expected sha-256 ${expected} (the file as published; it has been changed or damaged)`;
    throw new ConfigError(`data file ${file}`, [{ path: "", expected: what, value: actual, message: `${file}: ${what}, got ${actual}` }]);
  }
}
