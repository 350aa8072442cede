/**
 * The tidy per-run table (`scenario, run, year, indicator, value`) as CSV and Parquet, written as runs arrive.
 * @packageDocumentation
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import type { RunRecord } from "../batch/types.js";
import { commitTemp, removeQuietly, tempPathFor } from "./atomic.js";

/** Column names of the run table, in file order. */
export const RUN_TABLE_COLUMNS = ["scenario", "run", "year", "indicator", "value"] as const;

/** A column name of the run table. */
export type RunTableColumn = (typeof RUN_TABLE_COLUMNS)[number];

/** File name of the CSV run table. */
export const RUN_TABLE_CSV = "runs.csv";

/** File name of the Parquet run table. */
export const RUN_TABLE_PARQUET = "runs.parquet";

/** Which run-table files to write, and how large a Parquet row group may grow. */
export interface RunTableOptions {
  /** Write `runs.csv`. */
  readonly csv: boolean;
  /** Write `runs.parquet`. */
  readonly parquet: boolean;
  /** Rows per Parquet row group (default 100,000): the most rows held in memory at once. */
  readonly rowGroupSize?: number;
}

/** Paths and row count of the run-table files a writer produced. */
export interface RunTableFiles {
  /** Path of `runs.csv`, if written. */
  readonly csv?: string;
  /** Path of `runs.parquet`, if written. */
  readonly parquet?: string;
  /** Data rows in each file (the CSV header not counted). */
  readonly rows: number;
}

/** A streaming writer of the tidy run table; see {@link createRunTableWriter}. */
export interface RunTableWriter {
  /** Append the rows of one run; on any error the writer aborts (temporary files removed) and rethrows. */
  add(record: RunRecord): void;
  /** Finish both files and move them into place; resolves to their paths. */
  close(): Promise<RunTableFiles>;
  /** Give up: remove the temporary files; the final files are not created or changed. Safe to call twice. */
  abort(): void;
  /** Data rows added so far. */
  readonly rows: number;
}

const DEFAULT_ROW_GROUP = 100_000;
const CSV_FLUSH_CHARS = 1 << 16;
const INT32_MAX = 2 ** 31 - 1;

interface Row {
  scenario: string;
  run: number;
  year: string;
  indicator: string;
  value: number;
}

function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}

/** Check one record and list its rows: years in order, and within a year indicator ids in sorted order. */
function rowsOf(record: RunRecord): Row[] {
  const where = `run record (scenario ${describe(record.scenario)}, run ${describe(record.run)})`;
  if (typeof record.scenario !== "string" || record.scenario === "") {
    throw new TypeError(`${where}: scenario is ${describe(record.scenario)}; expected a non-empty string`);
  }
  if (!Number.isInteger(record.run) || record.run < 0 || record.run > INT32_MAX) {
    throw new RangeError(`${where}: run is ${describe(record.run)}; expected an integer from 0 to ${INT32_MAX}`);
  }
  if (!Array.isArray(record.years)) {
    throw new TypeError(`${where}: years is ${describe(record.years)}; expected an array of year labels`);
  }
  record.years.forEach((year, i) => {
    if (typeof year !== "string") throw new TypeError(`${where}: years[${i}] is ${describe(year)}; expected a string`);
  });
  const ids = Object.keys(record.indicators).sort();
  const series = ids.map((id) => {
    const values = record.indicators[id];
    if (!Array.isArray(values) || values.length !== record.years.length) {
      throw new RangeError(
        `${where}: indicators.${id} is ${describe(values)}; expected an array of ${record.years.length} numbers, one per year`,
      );
    }
    values.forEach((v, i) => {
      if (typeof v !== "number" && v !== null) throw new TypeError(`${where}: indicators.${id}[${i}] is ${describe(v)}; expected a number or null`);
    });
    return values as readonly (number | null)[];
  });
  const rows: Row[] = [];
  record.years.forEach((year, y) => {
    ids.forEach((indicator, k) => {
      // A value that does not apply that year (null, or NaN before the JSON round trip) has no row.
      const value = series[k]?.[y];
      if (typeof value === "number" && !Number.isNaN(value)) rows.push({ scenario: record.scenario, run: record.run, year, indicator, value });
    });
  });
  return rows;
}

interface Sink {
  add(rows: readonly Row[]): void;
  finish(): Promise<void>;
  readonly temp: string;
  readonly target: string;
  cleanup(): void;
}

function createCsvSink(target: string): Sink {
  const temp = tempPathFor(target);
  let fd: number | undefined = openSync(temp, "wx");
  let pending = "";
  const flush = (): void => {
    if (fd === undefined || pending === "") return;
    const bytes = Buffer.from(pending, "utf8");
    let written = 0;
    while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
    pending = "";
  };
  pending = stringify([[...RUN_TABLE_COLUMNS]]);
  return {
    temp,
    target,
    add(rows) {
      pending += stringify(rows.map((r) => [r.scenario, r.run, r.year, r.indicator, r.value]));
      if (pending.length >= CSV_FLUSH_CHARS) flush();
    },
    finish() {
      flush();
      if (fd !== undefined) {
        fsyncSync(fd);
        closeSync(fd);
        fd = undefined;
      }
      return Promise.resolve();
    },
    cleanup() {
      if (fd !== undefined) {
        try {
          closeSync(fd);
        } catch {
          // Already closed or gone: removing the file is what matters.
        }
        fd = undefined;
      }
      removeQuietly(temp);
    },
  };
}

function createParquetSink(target: string, rowGroupSize: number): Sink {
  const temp = tempPathFor(target);
  const writer = new ParquetWriter({
    writer: fileWriter(temp),
    schema: [
      { name: "root", num_children: 5 },
      { name: "scenario", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      { name: "run", type: "INT32", repetition_type: "REQUIRED" },
      { name: "year", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      { name: "indicator", type: "BYTE_ARRAY", converted_type: "UTF8", repetition_type: "REQUIRED" },
      { name: "value", type: "DOUBLE", repetition_type: "REQUIRED" },
    ],
    createdBy: "@ringfence/core results (hyparquet-writer)",
  });
  let scenario: string[] = [];
  let year: string[] = [];
  let indicator: string[] = [];
  let run = new Int32Array(rowGroupSize);
  let value = new Float64Array(rowGroupSize);
  let count = 0;
  const pending: Promise<void>[] = [];
  const flush = (): void => {
    if (count === 0) return;
    const done = writer.write({
      columnData: [
        { name: "scenario", data: scenario, type: "STRING", nullable: false },
        { name: "run", data: run.subarray(0, count), type: "INT32", nullable: false },
        { name: "year", data: year, type: "STRING", nullable: false },
        { name: "indicator", data: indicator, type: "STRING", nullable: false },
        { name: "value", data: value.subarray(0, count), type: "DOUBLE", nullable: false },
      ],
      rowGroupSize: count,
    });
    // The file writer is synchronous, so the group is encoded before write() returns; fresh buffers keep
    // this correct even if a writer ever returned a promise.
    if (done !== undefined) pending.push(done);
    scenario = [];
    year = [];
    indicator = [];
    run = new Int32Array(rowGroupSize);
    value = new Float64Array(rowGroupSize);
    count = 0;
  };
  return {
    temp,
    target,
    add(rows) {
      for (const r of rows) {
        scenario.push(r.scenario);
        year.push(r.year);
        indicator.push(r.indicator);
        run[count] = r.run;
        value[count] = r.value;
        count += 1;
        if (count === rowGroupSize) flush();
      }
    },
    async finish() {
      flush();
      await Promise.all(pending);
      await writer.finish();
    },
    cleanup() {
      removeQuietly(temp);
    },
  };
}

/**
 * Create a streaming writer of the tidy per-run table `scenario, run, year, indicator, value` into `dir`
 * (`runs.csv` and/or `runs.parquet`), each file appearing atomically at {@link RunTableWriter.close}.
 * @remarks
 * Rows appear in the order records are added; within a record, years in order and, within a year,
 * indicator ids sorted by code unit. Values are written at full double precision (CSV uses the shortest
 * text that reads back to the same double; NaN is written `NaN`). CSV quoting follows RFC 4180
 * (csv-stringify). Memory does not grow with the number of runs: CSV text is flushed every 64 KiB, and
 * Parquet columns are buffered in typed arrays up to `rowGroupSize` rows, then written as one row group
 * (Parquet types: scenario/year/indicator UTF8 strings, run INT32, value DOUBLE, all required; Snappy).
 * Until `close()` resolves, only hidden temporary files exist in `dir`; if `add` or `close` throws, or
 * `abort()` is called, the temporary files are removed and existing files of the same name are untouched.
 * @example
 * ```ts
 * import { createRunTableWriter } from "@ringfence/core/results";
 * const table = createRunTableWriter("results/run-1", { csv: true, parquet: true });
 * for (const record of records) table.add(record);
 * const files = await table.close(); // { csv: ".../runs.csv", parquet: ".../runs.parquet", rows }
 * ```
 */
export function createRunTableWriter(dir: string, options: RunTableOptions): RunTableWriter {
  if (!options.csv && !options.parquet) {
    throw new RangeError("run table options: csv and parquet are both false; expected at least one to be true");
  }
  const rowGroupSize = options.rowGroupSize ?? DEFAULT_ROW_GROUP;
  if (!Number.isInteger(rowGroupSize) || rowGroupSize < 1) {
    throw new RangeError(`run table options: rowGroupSize is ${String(rowGroupSize)}; expected a positive integer`);
  }
  mkdirSync(dir, { recursive: true });
  const sinks: Sink[] = [];
  let csvPath: string | undefined;
  let parquetPath: string | undefined;
  let state: "open" | "closed" | "aborted" = "open";
  let rows = 0;
  const abort = (): void => {
    if (state === "closed") return;
    state = "aborted";
    for (const sink of sinks) sink.cleanup();
  };
  try {
    if (options.csv) {
      csvPath = join(dir, RUN_TABLE_CSV);
      sinks.push(createCsvSink(csvPath));
    }
    if (options.parquet) {
      parquetPath = join(dir, RUN_TABLE_PARQUET);
      sinks.push(createParquetSink(parquetPath, rowGroupSize));
    }
  } catch (error) {
    abort();
    throw error;
  }
  const ensureOpen = (what: string): void => {
    if (state !== "open") throw new Error(`run table writer: ${what} called after the writer was ${state}; expected an open writer`);
  };
  return {
    get rows() {
      return rows;
    },
    add(record) {
      ensureOpen("add");
      try {
        const batch = rowsOf(record);
        for (const sink of sinks) sink.add(batch);
        rows += batch.length;
      } catch (error) {
        abort();
        throw error;
      }
    },
    async close() {
      ensureOpen("close");
      try {
        for (const sink of sinks) await sink.finish();
        for (const sink of sinks) commitTemp(sink.temp, sink.target);
      } catch (error) {
        abort();
        throw error;
      }
      state = "closed";
      return {
        ...(csvPath === undefined ? {} : { csv: csvPath }),
        ...(parquetPath === undefined ? {} : { parquet: parquetPath }),
        rows,
      };
    },
    abort,
  };
}
