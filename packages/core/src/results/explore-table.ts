/**
 * A wide table (one row per model run, one column per input and output) written as CSV and Parquet, for
 * experiments whose rows carry their own input values: held in memory, each file written atomically.
 * @packageDocumentation
 */
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { writeFileAtomic } from "./atomic.js";

/** A column of a wide table: text, 32-bit integers or doubles; null (or NaN in a double column) is a missing value. */
export type WideColumn =
  | { readonly name: string; readonly type: "string"; readonly values: readonly (string | null)[] }
  | { readonly name: string; readonly type: "int32"; readonly values: readonly (number | null)[] }
  | { readonly name: string; readonly type: "double"; readonly values: readonly (number | null)[] };

/** Which files of a wide table to write. */
export interface WideTableOptions {
  /** Write `<name>.csv`. */
  readonly csv: boolean;
  /** Write `<name>.parquet`. */
  readonly parquet: boolean;
}

/** Paths and row count of the files written by {@link writeWideTable}. */
export interface WideTableFiles {
  /** Path of the CSV file, if written. */
  readonly csv?: string;
  /** Path of the Parquet file, if written. */
  readonly parquet?: string;
  /** Data rows in each file. */
  readonly rows: number;
}

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;

/** The column's values with NaN turned into null, checked against the column type. */
function cleanValues(column: WideColumn, rows: number): (string | number | null)[] {
  if (column.values.length !== rows) {
    throw new RangeError(`wide table: column ${JSON.stringify(column.name)} has ${column.values.length} values; expected ${rows} (one per row)`);
  }
  return column.values.map((v, i) => {
    if (v === null) return null;
    const where = `wide table: column ${JSON.stringify(column.name)} row ${i}`;
    if (column.type === "string") {
      if (typeof v !== "string") throw new TypeError(`${where} is ${String(v)}; expected a string or null`);
      return v;
    }
    if (typeof v !== "number") throw new TypeError(`${where} is ${JSON.stringify(v)}; expected a number or null`);
    if (Number.isNaN(v)) return null;
    if (column.type === "int32" && (!Number.isInteger(v) || v < INT32_MIN || v > INT32_MAX)) {
      throw new RangeError(`${where} is ${v}; expected an integer from ${INT32_MIN} to ${INT32_MAX}`);
    }
    if (column.type === "double" && !Number.isFinite(v)) throw new RangeError(`${where} is ${v}; expected a finite number, NaN or null`);
    return v;
  });
}

/**
 * Write a wide table to `<dir>/<name>.csv` and/or `<dir>/<name>.parquet`, each atomically.
 * @remarks Columns are written in the order given. CSV: a header row, RFC 4180 quoting (csv-stringify),
 * numbers as the shortest text that reads back to the same double, missing values empty. Parquet: string
 * columns UTF8, int32 INT32, double DOUBLE; a column with a missing value is OPTIONAL, the others REQUIRED;
 * Snappy. Both files are built in memory before anything is written, so a bad value writes nothing; the same
 * columns give byte-identical files.
 * @example
 * ```ts
 * writeWideTable("results/exp", "runs", [
 *   { name: "run", type: "int32", values: [0, 1] },
 *   { name: "x", type: "double", values: [0.25, 0.75] },
 * ], { csv: true, parquet: true });
 * ```
 */
export function writeWideTable(dir: string, name: string, columns: readonly WideColumn[], options: WideTableOptions): WideTableFiles {
  if (!options.csv && !options.parquet) throw new RangeError("wide table options: csv and parquet are both false; expected at least one to be true");
  if (columns.length === 0) throw new RangeError("wide table: no columns; expected at least one");
  const names = new Set<string>();
  for (const c of columns) {
    if (names.has(c.name)) throw new RangeError(`wide table: column ${JSON.stringify(c.name)} appears twice; expected distinct column names`);
    names.add(c.name);
  }
  const rows = columns[0]!.values.length;
  const values = columns.map((c) => cleanValues(c, rows));
  let csvText: string | undefined;
  let parquetBytes: Uint8Array | undefined;
  if (options.csv) {
    const body: (string | number)[][] = [columns.map((c) => c.name)];
    for (let r = 0; r < rows; r++) body.push(values.map((col) => col[r] ?? ""));
    csvText = stringify(body);
  }
  if (options.parquet) {
    const buffer = parquetWriteBuffer({
      columnData: columns.map((c, k) => ({
        name: c.name,
        data: values[k]!,
        type: c.type === "string" ? "STRING" : c.type === "int32" ? "INT32" : "DOUBLE",
        nullable: values[k]!.some((v) => v === null),
      })),
      createdBy: "@ringfence/core results (hyparquet-writer)",
    });
    parquetBytes = new Uint8Array(buffer);
  }
  const out: { csv?: string; parquet?: string; rows: number } = { rows };
  if (csvText !== undefined) {
    out.csv = join(dir, `${name}.csv`);
    writeFileAtomic(out.csv, csvText);
  }
  if (parquetBytes !== undefined) {
    out.parquet = join(dir, `${name}.parquet`);
    writeFileAtomic(out.parquet, parquetBytes);
  }
  return out;
}
