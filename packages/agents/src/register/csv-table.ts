/**
 * Reading one CSV data file into checked rows: papaparse splits the text, a zod schema checks each row's
 * cells, a plain function converts the row, and every problem becomes a `ConfigError` line naming the file,
 * the line, the column, the value and what was expected. Pure: no file system.
 * @packageDocumentation
 */
import { ConfigError, describeValue } from "@ringfence/core";
import type { ConfigIssue } from "@ringfence/core";
import Papa from "papaparse";
import { z } from "zod";

/** The most problems one error lists (a damaged file can have thousands); the count of the rest follows. */
export const MAX_FILE_ISSUES = 20;

/** What {@link parseCsvTable} needs to know about a file: its name, its columns in order, a row check and a conversion. */
export interface CsvTableSpec<C extends string, T> {
  /** File name used in every message, such as `practice-payments-2014-2022.csv.gz`. */
  readonly file: string;
  /** The header the file must have, in order. */
  readonly columns: readonly C[];
  /** Zod check of one row as an object of the raw texts keyed by column name. */
  readonly row: z.ZodType<unknown, Record<C, string>>;
  /** Converts a row that passed the check. */
  readonly convert: (raw: Readonly<Record<C, string>>) => T;
  /** The number of data rows the file must have, when known. */
  readonly expectedRows?: number;
}

/** Where a parsed file came from and what to check it against. */
export interface ParseFileOptions {
  /** File name used in messages (default: the shipped file's name). */
  readonly file?: string;
  /** Data rows the file must have (default: the shipped file's count; `null` to accept any). */
  readonly expectedRows?: number | null;
}

/** Rows of a parsed table with the line of the file each came from (the header is line 1). */
export interface CsvTable<T> {
  /** The converted rows, in file order. */
  readonly rows: readonly T[];
  /** The file line of each row. */
  readonly lines: readonly number[];
}

/** One problem in a data file, at a place in it (such as `line 12, column qof`, or `""` for the whole file). */
export function fileIssue(file: string, where: string, expected: string, value?: unknown): ConfigIssue {
  const got = value === undefined ? "" : `, got ${describeValue(value)}`;
  return { path: where, expected, value, message: `${file}${where === "" ? "" : `, ${where}`}: ${expected}${got}` };
}

/** A `ConfigError` for a whole-file problem (checksum, truncated compression, wrong size), naming the file. */
export function fileError(file: string, expected: string, value?: unknown): ConfigError {
  return new ConfigError(`data file ${file}`, [fileIssue(file, "", expected, value)]);
}

/** Collects a data file's problems (at most {@link MAX_FILE_ISSUES}, then a count) and throws them as one `ConfigError`. */
export class FileIssues {
  private readonly list: ConfigIssue[] = [];
  private extra = 0;
  /** Starts an empty collection for a file. */
  constructor(readonly file: string) {}
  /** Records a problem at a place in the file, with what was expected and the value found (if any). */
  add(where: string, expected: string, value?: unknown): void {
    if (this.list.length >= MAX_FILE_ISSUES) this.extra += 1;
    else this.list.push(fileIssue(this.file, where, expected, value));
  }
  /** Whether any problem was recorded. */
  get any(): boolean {
    return this.list.length > 0;
  }
  /** Throws the recorded problems as a `ConfigError`, if there are any. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const issues = [...this.list];
    if (this.extra > 0) {
      issues.push({ path: "", expected: "", value: this.extra, message: `${this.file}: and ${this.extra} more problem${this.extra === 1 ? "" : "s"}` });
    }
    throw new ConfigError(`data file ${this.file}`, issues);
  }
}

/**
 * Splits CSV text into records with papaparse, and gives each record the file line it starts on (papaparse
 * counts rows, not lines: a quoted field may hold a line break, and blank lines are skipped here).
 */
function splitRecords(text: string, file: string): { records: string[][]; lines: number[] } {
  const body = text.startsWith("\ufeff") ? text.slice(1) : text;
  const result = Papa.parse<string[]>(body, { delimiter: ",", header: false, skipEmptyLines: false });
  // Only a quoted field can hold a line break: without quotes, record r starts on line r + 1.
  const quoted = body.includes('"');
  const starts: number[] = [];
  let line = 1;
  for (const row of result.data) {
    starts.push(line);
    line += 1;
    if (quoted) for (const field of row) for (let i = field.indexOf("\n"); i >= 0; i = field.indexOf("\n", i + 1)) line += 1;
  }
  const problem = result.errors[0];
  if (problem !== undefined) {
    const where = problem.row === undefined ? "" : `line ${starts[problem.row] ?? line}`;
    throw new ConfigError(`data file ${file}`, [fileIssue(file, where, `expected well-formed CSV (${problem.message})`)]);
  }
  const records: string[][] = [];
  const lines: number[] = [];
  result.data.forEach((row, r) => {
    if (row.length === 1 && row[0] === "") return; // a blank line
    records.push(row);
    lines.push(starts[r]!);
  });
  return { records, lines };
}

/**
 * Parses a CSV data file: checks the header, then every row against the schema, listing each problem by
 * line and column; throws a `ConfigError` when there is any.
 * @remarks A row with the wrong number of fields (a truncated last line, a stray delimiter) is reported by
 * line without checking its cells. Lines are the file's own line numbers (header = 1).
 * @example
 * ```ts
 * const row = z.object({ code: cellText("expected a practice code such as A81001", /^[A-Z]\d{5}$/) });
 * parseCsvTable("code\nA81001\n", { file: "codes.csv", columns: ["code"], row, convert: (r) => r.code });
 * ```
 */
export function parseCsvTable<C extends string, T>(text: string, spec: CsvTableSpec<C, T>): CsvTable<T> {
  const issues = new FileIssues(spec.file);
  const { records, lines } = splitRecords(text, spec.file);
  const header = records[0];
  if (header === undefined) {
    issues.add("", `expected a header line with the columns ${spec.columns.join(", ")}`, "an empty file");
    issues.throwIfAny();
    return { rows: [], lines: [] };
  }
  const expected: readonly string[] = spec.columns;
  const missing = expected.filter((c) => !header.includes(c));
  const unknown = header.filter((c) => !expected.includes(c));
  for (const c of missing) issues.add("line 1", `expected the column ${JSON.stringify(c)}, which is missing`);
  for (const c of unknown) issues.add("line 1", `expected only the columns ${spec.columns.join(", ")}`, c);
  if (missing.length === 0 && unknown.length === 0 && header.some((c, i) => c !== spec.columns[i])) {
    issues.add("line 1", `expected the columns in the order ${spec.columns.join(", ")}`, header.join(","));
  }
  issues.throwIfAny();

  const rows: T[] = [];
  const rowLines: number[] = [];
  const width = spec.columns.length;
  const raw = {} as Record<C, string>; // one object refilled per row: the check and the conversion read it at once
  for (let r = 1; r < records.length; r++) {
    const record = records[r]!;
    const line = lines[r]!;
    if (record.length !== width) {
      issues.add(`line ${line}`, `expected ${width} fields (a complete row), found ${record.length}`);
      continue;
    }
    for (let c = 0; c < width; c++) raw[spec.columns[c]!] = record[c]!;
    const result = spec.row.safeParse(raw);
    if (!result.success) {
      for (const issue of result.error.issues) {
        const column = typeof issue.path[0] === "string" ? issue.path[0] : "";
        issues.add(column === "" ? `line ${line}` : `line ${line}, column ${column}`, issue.message, column === "" ? undefined : (raw as Record<string, string>)[column]);
      }
      continue;
    }
    rows.push(spec.convert(raw));
    rowLines.push(line);
  }
  if (!issues.any && spec.expectedRows !== undefined && rows.length !== spec.expectedRows) {
    issues.add("", `expected ${spec.expectedRows} data rows (a complete file), found ${rows.length}`);
  }
  issues.throwIfAny();
  return { rows, lines: rowLines };
}

/**
 * A zod check of one CSV cell: its text must match `pattern`, else the error reads `expected`.
 * @remarks Row schemas only check text; converting is a plain function run after the check passes
 * (zod transforms cost five times the check on 59,000 rows).
 */
export function cellText(expected: string, pattern: RegExp): z.ZodString {
  return z.string({ error: expected }).regex(pattern, { error: expected });
}

/** A cell of pounds with at most two decimals. */
export const poundsText = cellText("expected an amount in pounds with at most two decimals", /^-?\d+(\.\d{1,2})?$/);

/** A cell of pounds with at most two decimals, or empty (the line did not exist that year). */
export const optionalPoundsText = cellText("expected an amount in pounds with at most two decimals, or nothing", /^$|^-?\d+(\.\d{1,2})?$/);

/** A cell holding a count or size that cannot be negative (patients). */
export const nonNegativeText = cellText("expected a number of at least 0", /^\d+(\.\d+)?$/);

/** A cell holding a number of at least 0, or `NA` where the source had none. */
export function nonNegativeOrNaText(what: string): z.ZodString {
  return cellText(`expected ${what} (a number of at least 0) or NA`, /^(NA|\d+(\.\d+)?)$/);
}

/** A cell holding a number (negative allowed), `NA` or nothing. */
export const optionalNumberText = cellText("expected a number, NA or nothing", /^$|^NA$|^-?\d+(\.\d+)?$/);

/** Pounds (checked text) as integer pence. */
export function pence(text: string): number {
  return Math.round(Number(text) * 100);
}

/** Pounds (checked text) as integer pence, or null for an empty cell. */
export function penceOrNull(text: string): number | null {
  return text === "" ? null : pence(text);
}

/** A number (checked text), or null for an empty cell or `NA`. */
export function numberOrNull(text: string): number | null {
  return text === "" || text === "NA" ? null : Number(text);
}

/** Trimmed text, or null when empty. */
export function textOrNull(text: string): string | null {
  const t = text.trim();
  return t === "" ? null : t;
}
