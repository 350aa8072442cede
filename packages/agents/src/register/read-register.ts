/**
 * Reading the shipped register files from disk (Node only: `node:fs`, `node:zlib`, `node:crypto`); every
 * check and all parsing happen in the pure modules, so a browser can do the same from fetched bytes.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { fileError } from "./csv-table.js";
import { checkSha256, ICBS_FILE, PAYMENTS_FILE, WORKFORCE_FILE } from "./files.js";
import type { RegisterFileSpec } from "./files.js";
import { parseIcbsCsv } from "./icbs.js";
import { parsePaymentsCsv } from "./payments.js";
import { createRegister } from "./register.js";
import type { Register } from "./register.js";
import type { RegisterAccess } from "./split.js";
import { parseWorkforceCsv } from "./workforce.js";

/** The folder holding the shipped register files (`packages/agents/data/register/`). */
export const REGISTER_DATA_DIR: string = fileURLToPath(new URL("../../data/register/", import.meta.url));

/** A file's bytes as read, their sha-256, and the decompressed text. */
export interface ReadFile {
  /** sha-256 of the bytes on disk, lowercase hex. */
  readonly sha256: string;
  /** The text (decompressed when the file is gzip). */
  readonly text: string;
}

/**
 * Reads one register file: its sha-256, then its text (gunzipped for a `.gz`); a missing, truncated or
 * damaged file is refused with a `ConfigError` naming it.
 */
export function readRegisterFile(spec: RegisterFileSpec, dir: string = REGISTER_DATA_DIR): ReadFile {
  const path = join(dir, spec.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    const code = (e as { code?: unknown }).code;
    throw fileError(spec.file, `expected a readable file at ${path} (${typeof code === "string" ? code : "unreadable"})`);
  }
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  let content: Uint8Array = bytes;
  if (spec.gzip) {
    try {
      content = gunzipSync(bytes);
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      throw fileError(spec.file, `expected a complete gzip file (${bytes.length} bytes read; the file is truncated or damaged: ${why})`);
    }
  }
  let text: string;
  try {
    text = new TextDecoder("utf-8", { fatal: true }).decode(content);
  } catch {
    throw fileError(spec.file, "expected UTF-8 text (the file is damaged)");
  }
  return { sha256, text };
}

/** Where to read the register from, and how much of it. */
export interface LoadRegisterOptions {
  /** `fit` (default) keeps only the fit years; `all` keeps every year, for the out-of-sample check. */
  readonly access?: RegisterAccess;
  /** Folder holding the three files (default: the shipped {@link REGISTER_DATA_DIR}). */
  readonly dir?: string;
  /**
   * Check each file's sha-256 and row count against the shipped ones (default true); turn off only to read
   * other editions of the files, which are still checked row by row.
   */
  readonly verify?: boolean;
}

/**
 * Reads, checks and parses the register from disk: ICBs, the payments panel and the workforce file.
 * @remarks Each file is decompressed, parsed and checked row by row first, then its sha-256 is compared with
 * the shipped one, so a damaged row is named by line and column and a file changed in a way that still parses
 * is caught by its checksum. Every problem is a `ConfigError` (the CLI's exit 2). Reads about 8 MB of CSV.
 * @example
 * ```ts
 * const register = loadRegister();                    // fit years only (2014/15–2018/19)
 * const everything = loadRegister({ access: "all" }); // for the out-of-sample check
 * ```
 */
export function loadRegister(options: LoadRegisterOptions = {}): Register {
  const dir = options.dir ?? REGISTER_DATA_DIR;
  const verify = options.verify ?? true;
  const rows = (spec: RegisterFileSpec): { file: string; expectedRows: number | null } => ({ file: spec.file, expectedRows: verify ? spec.rows : null });
  const icbsFile = readRegisterFile(ICBS_FILE, dir);
  const icbs = parseIcbsCsv(icbsFile.text, rows(ICBS_FILE));
  if (verify) checkSha256(ICBS_FILE.file, icbsFile.sha256, ICBS_FILE.sha256);
  const workforceFile = readRegisterFile(WORKFORCE_FILE, dir);
  const workforce = parseWorkforceCsv(workforceFile.text, icbs, rows(WORKFORCE_FILE));
  if (verify) checkSha256(WORKFORCE_FILE.file, workforceFile.sha256, WORKFORCE_FILE.sha256);
  const paymentsFile = readRegisterFile(PAYMENTS_FILE, dir);
  const payments = parsePaymentsCsv(paymentsFile.text, icbs, rows(PAYMENTS_FILE));
  if (verify) checkSha256(PAYMENTS_FILE.file, paymentsFile.sha256, PAYMENTS_FILE.sha256);
  return createRegister({ icbs, payments, workforce }, options.access ?? "fit");
}
