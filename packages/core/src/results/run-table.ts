/**
 * The tidy per-run table (`scenario, run, seed, year, indicator, value`) and, optionally, the per-run flows
 * table (`scenario, run, seed, year, from, to, fund, pence`) as CSV and Parquet, written as runs arrive,
 * each carrying its metadata (units, scenario hashes, master seed, producer, quantile method): Parquet
 * key-value metadata, and a JSON sidecar beside the CSV.
 * @packageDocumentation
 */
import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { join } from "node:path";
import { stringify } from "csv-stringify/sync";
import { fileWriter, ParquetWriter } from "hyparquet-writer";
import type { BatchManifest, RunRecord } from "../batch/types.js";
import { commitTemp, removeQuietly, tempPathFor } from "./atomic.js";
import { canonicalJson } from "./canonical-json.js";
import { checkRecordHead, describe, flowRowsOf, rowsOf, type Cell } from "./run-rows.js";

export { FLOW_TABLE_COLUMNS, RUN_TABLE_COLUMNS } from "./run-rows.js";
export type { FlowTableColumn, RunTableColumn } from "./run-rows.js";

/** File name of the CSV run table. */
export const RUN_TABLE_CSV = "runs.csv";

/** File name of the Parquet run table. */
export const RUN_TABLE_PARQUET = "runs.parquet";

/** File name of the run table's metadata sidecar, written beside `runs.csv`. */
export const RUN_TABLE_META = "runs.meta.json";

/** File name of the CSV flows table. */
export const FLOW_TABLE_CSV = "flows.csv";

/** File name of the Parquet flows table. */
export const FLOW_TABLE_PARQUET = "flows.parquet";

/** File name of the flows table's metadata sidecar, written beside `flows.csv`. */
export const FLOW_TABLE_META = "flows.meta.json";

/** Prefix of every Parquet key-value metadata key the writer sets, such as `ringfence.masterSeed`. */
export const TABLE_METADATA_PREFIX = "ringfence.";

/** Version tag of the tables' layout and metadata, stored as `format` in the sidecar and Parquet metadata. */
export const TABLE_FORMAT = "ringfence-table/1";

/** Unit (and optionally label) of one indicator, as recorded in the run table's metadata. */
export interface IndicatorUnit {
  /** Unit of the indicator's values, such as `£, first-year prices`. */
  readonly unit: string;
  /** Human label. */
  readonly label?: string;
}

/** What the tables' metadata records beyond their columns and row counts. */
export interface RunTableMetadata {
  /** The batch's replay information: producer, master seed, scenario config hashes and quantile method. */
  readonly manifest?: BatchManifest;
  /** Unit (and label) of each indicator by id; `INDICATORS` of `@ringfence/agents` fits as it is. */
  readonly indicators?: Readonly<Record<string, IndicatorUnit>>;
}

/** Which tables and files to write, their metadata, and how large a Parquet row group may grow. */
export interface RunTableOptions {
  /** Write `runs.csv` and its sidecar `runs.meta.json` (and, with `flows`, `flows.csv` and `flows.meta.json`). */
  readonly csv: boolean;
  /** Write `runs.parquet` (and, with `flows`, `flows.parquet`). */
  readonly parquet: boolean;
  /** Also write the per-run flows table from each record's `flows` (default false). */
  readonly flows?: boolean;
  /** Metadata known before the batch (such as indicator units); `close` may add or replace fields. */
  readonly metadata?: RunTableMetadata;
  /** Rows per Parquet row group (default 100,000): the most rows held in memory at once, per table. */
  readonly rowGroupSize?: number;
}

/** Paths and row count of the files of one table. */
export interface TableFiles {
  /** Path of the CSV file, if written. */
  readonly csv?: string;
  /** Path of the CSV's JSON metadata sidecar, if the CSV was written. */
  readonly meta?: string;
  /** Path of the Parquet file, if written. */
  readonly parquet?: string;
  /** Data rows in each file (the CSV header not counted). */
  readonly rows: number;
}

/** Paths and row counts of the files a writer produced. */
export interface RunTableFiles extends TableFiles {
  /** The flows table's files, when the writer was asked for them. */
  readonly flows?: TableFiles;
  /** Every file written, in a fixed order (runs CSV, sidecar, Parquet, then the same for flows). */
  readonly paths: readonly string[];
}

/** The content of a table's JSON sidecar (`runs.meta.json`, `flows.meta.json`). */
export interface TableSidecar {
  /** Layout version, {@link TABLE_FORMAT}. */
  readonly format: string;
  /** Which table: `runs` or `flows`. */
  readonly table: "runs" | "flows";
  /** Columns in file order, with their type and meaning. */
  readonly columns: readonly { readonly name: string; readonly type: string; readonly description: string }[];
  /** Data rows. */
  readonly rows: number;
  /** Name and version of the package that ran the batch. */
  readonly producer?: string;
  /** Master seed of the batch. */
  readonly masterSeed?: string;
  /** sha256 of each scenario's canonical config JSON, by scenario id. */
  readonly scenarioHashes?: Readonly<Record<string, string>>;
  /** How the batch summary's quantiles were computed. */
  readonly quantileMethod?: string;
  /** Unit (and label) of each indicator by id (runs table only). */
  readonly indicators?: Readonly<Record<string, IndicatorUnit>>;
}

/** A streaming writer of the tidy run table and the optional flows table; see {@link createRunTableWriter}. */
export interface RunTableWriter {
  /** Append the rows of one run; on any error the writer aborts (temporary files removed) and rethrows. */
  add(record: RunRecord): void;
  /** Finish every file (with `metadata` merged over the writer's, field by field) and move them into place. */
  close(metadata?: RunTableMetadata): Promise<RunTableFiles>;
  /** Give up: remove the temporary files; the final files are not created or changed. Safe to call twice. */
  abort(): void;
  /** Data rows of the run table added so far. */
  readonly rows: number;
  /** Data rows of the flows table added so far (0 without `flows`). */
  readonly flowRows: number;
}

const DEFAULT_ROW_GROUP = 100_000;
const CSV_FLUSH_CHARS = 1 << 16;
const CREATED_BY = "@ringfence/core results (hyparquet-writer)";

type ColumnKind = "string" | "int32" | "int64" | "double";

interface ColumnSpec {
  readonly name: string;
  readonly kind: ColumnKind;
  readonly description: string;
}

interface TableSpec {
  readonly table: "runs" | "flows";
  readonly columns: readonly ColumnSpec[];
  readonly csv: string;
  readonly parquet: string;
  readonly meta: string;
}

/** The columns both tables start with: which scenario, run, seed and year a row belongs to. */
const KEY_COLUMNS: readonly ColumnSpec[] = [
  { name: "scenario", kind: "string", description: "Scenario id." },
  { name: "run", kind: "int32", description: "Run index, from 0; the same index has the same seed in every scenario." },
  { name: "seed", kind: "string", description: "Seed of the run, derived from the master seed and the run index." },
  { name: "year", kind: "string", description: "Financial year label." },
];

const RUNS_SPEC: TableSpec = {
  table: "runs",
  csv: RUN_TABLE_CSV,
  parquet: RUN_TABLE_PARQUET,
  meta: RUN_TABLE_META,
  columns: [
    ...KEY_COLUMNS,
    { name: "indicator", kind: "string", description: "Indicator id (its unit is in the indicators metadata)." },
    { name: "value", kind: "double", description: "Value of the indicator in that run and year; no row where it does not apply." },
  ],
};

const FLOWS_SPEC: TableSpec = {
  table: "flows",
  csv: FLOW_TABLE_CSV,
  parquet: FLOW_TABLE_PARQUET,
  meta: FLOW_TABLE_META,
  columns: [
    ...KEY_COLUMNS,
    { name: "from", kind: "string", description: "Group the money left." },
    { name: "to", kind: "string", description: "Group the money reached." },
    { name: "fund", kind: "string", description: "Funding stream." },
    { name: "pence", kind: "int64", description: "Pence moved in the year (an integer)." },
  ],
};

const PARQUET_TYPE: Readonly<Record<ColumnKind, string>> = { string: "BYTE_ARRAY (UTF8)", int32: "INT32", int64: "INT64", double: "DOUBLE" };

interface Sink {
  add(rows: readonly (readonly Cell[])[]): void;
  finish(kv: readonly { key: string; value: string }[]): Promise<void>;
  readonly temp: string;
  readonly target: string;
  cleanup(): void;
}

function createCsvSink(target: string, spec: TableSpec): Sink {
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
  pending = stringify([spec.columns.map((c) => c.name)]);
  return {
    temp,
    target,
    add(rows) {
      pending += stringify(rows.map((r) => [...r]));
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

/** One column's buffer of a row group: strings in an array, numbers in a typed array. */
type ColumnBuffer =
  | { readonly kind: "string"; values: string[] }
  | { readonly kind: "int32"; values: Int32Array }
  | { readonly kind: "int64"; values: BigInt64Array }
  | { readonly kind: "double"; values: Float64Array };

function emptyBuffer(kind: ColumnKind, size: number): ColumnBuffer {
  switch (kind) {
    case "string":
      return { kind, values: [] };
    case "int32":
      return { kind, values: new Int32Array(size) };
    case "int64":
      return { kind, values: new BigInt64Array(size) };
    case "double":
      return { kind, values: new Float64Array(size) };
  }
}

function createParquetSink(target: string, spec: TableSpec, rowGroupSize: number): Sink {
  const temp = tempPathFor(target);
  const writer = new ParquetWriter({
    writer: fileWriter(temp),
    schema: [
      { name: "root", num_children: spec.columns.length },
      ...spec.columns.map((c) =>
        c.kind === "string"
          ? { name: c.name, type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type: "REQUIRED" as const }
          : { name: c.name, type: c.kind === "int32" ? ("INT32" as const) : c.kind === "int64" ? ("INT64" as const) : ("DOUBLE" as const), repetition_type: "REQUIRED" as const },
      ),
    ],
    createdBy: CREATED_BY,
  });
  let buffers = spec.columns.map((c) => emptyBuffer(c.kind, rowGroupSize));
  let count = 0;
  const pending: Promise<void>[] = [];
  const flush = (): void => {
    if (count === 0) return;
    const done = writer.write({
      columnData: spec.columns.map((c, i) => {
        const b = buffers[i]!;
        switch (b.kind) {
          case "string":
            return { name: c.name, data: b.values, type: "STRING" as const, nullable: false };
          case "int32":
            return { name: c.name, data: b.values.subarray(0, count), type: "INT32" as const, nullable: false };
          case "int64":
            return { name: c.name, data: b.values.subarray(0, count), type: "INT64" as const, nullable: false };
          case "double":
            return { name: c.name, data: b.values.subarray(0, count), type: "DOUBLE" as const, nullable: false };
        }
      }),
      rowGroupSize: count,
    });
    // The file writer is synchronous, so the group is encoded before write() returns; fresh buffers keep
    // this correct even if a writer ever returned a promise.
    if (done !== undefined) pending.push(done);
    buffers = spec.columns.map((c) => emptyBuffer(c.kind, rowGroupSize));
    count = 0;
  };
  return {
    temp,
    target,
    add(rows) {
      for (const row of rows) {
        buffers.forEach((b, i) => {
          const cell = row[i]!;
          if (b.kind === "string") b.values.push(String(cell));
          else if (b.kind === "int64") b.values[count] = BigInt(cell);
          else b.values[count] = Number(cell);
        });
        count += 1;
        if (count === rowGroupSize) flush();
      }
    },
    async finish(kv) {
      flush();
      await Promise.all(pending);
      // Key-value metadata goes in the footer, written by finish(), so it may be set this late.
      writer.kvMetadata = kv.map((e) => ({ key: e.key, value: e.value }));
      await writer.finish();
    },
    cleanup() {
      removeQuietly(temp);
    },
  };
}

/** The sidecar of a table with `rows` rows under `metadata`. */
function sidecarOf(spec: TableSpec, rows: number, metadata: RunTableMetadata): TableSidecar {
  const m = metadata.manifest;
  const indicators = spec.table === "runs" ? metadata.indicators : undefined;
  return {
    format: TABLE_FORMAT,
    table: spec.table,
    columns: spec.columns.map((c) => ({ name: c.name, type: PARQUET_TYPE[c.kind], description: c.description })),
    rows,
    ...(m === undefined ? {} : { producer: m.producer, masterSeed: m.masterSeed, scenarioHashes: m.scenarioHashes, quantileMethod: m.quantileMethod }),
    ...(indicators === undefined
      ? {}
      : {
          indicators: Object.fromEntries(
            Object.keys(indicators)
              .sort()
              .map((id) => {
                const info = indicators[id]!;
                return [id, info.label === undefined ? { unit: info.unit } : { unit: info.unit, label: info.label }];
              }),
          ),
        }),
  };
}

/** Parquet key-value metadata of a sidecar: every field but columns and rows (Parquet has its own), objects as JSON. */
function kvOf(sidecar: TableSidecar): { key: string; value: string }[] {
  const out: { key: string; value: string }[] = [];
  for (const [key, value] of Object.entries(sidecar)) {
    if (key === "columns" || key === "rows" || value === undefined) continue;
    out.push({ key: `${TABLE_METADATA_PREFIX}${key}`, value: typeof value === "string" ? value : JSON.stringify(value) });
  }
  return out;
}

function checkMetadata(metadata: RunTableMetadata, where: string): void {
  const m = metadata.manifest;
  if (m !== undefined) {
    for (const key of ["producer", "masterSeed", "quantileMethod"] as const) {
      if (typeof m[key] !== "string") throw new TypeError(`${where}: manifest.${key} is ${describe(m[key])}; expected a string`);
    }
    if (typeof m.scenarioHashes !== "object" || m.scenarioHashes === null) {
      throw new TypeError(`${where}: manifest.scenarioHashes is ${describe(m.scenarioHashes)}; expected an object of scenario id to hash`);
    }
  }
  for (const [id, info] of Object.entries(metadata.indicators ?? {})) {
    if (typeof info !== "object" || info === null || typeof info.unit !== "string") {
      throw new TypeError(`${where}: indicators.${id} is ${describe(info)}; expected { unit: string, label?: string }`);
    }
  }
}

/** The files of one table: a CSV sink with its sidecar, and/or a Parquet sink. */
interface Table {
  readonly spec: TableSpec;
  csv?: Sink;
  parquet?: Sink;
  metaTemp?: string;
  rows: number;
}

function openTable(dir: string, spec: TableSpec, options: RunTableOptions, rowGroupSize: number, opened: Sink[]): Table {
  const table: Table = { spec, rows: 0 };
  if (options.csv) {
    table.csv = createCsvSink(join(dir, spec.csv), spec);
    opened.push(table.csv);
  }
  if (options.parquet) {
    table.parquet = createParquetSink(join(dir, spec.parquet), spec, rowGroupSize);
    opened.push(table.parquet);
  }
  return table;
}

/**
 * Create a streaming writer of the tidy per-run table `scenario, run, seed, year, indicator, value` into `dir`
 * (`runs.csv` with its sidecar `runs.meta.json`, and/or `runs.parquet`) and, with `flows: true`, of the flows
 * table `scenario, run, seed, year, from, to, fund, pence` (`flows.csv`, `flows.meta.json`, `flows.parquet`),
 * every file appearing atomically at {@link RunTableWriter.close}.
 * @remarks
 * Rows appear in the order records are added; within a record, run-table rows list years in order and,
 * within a year, indicator ids sorted by code unit; flows keep the record's order. Values are written at
 * full double precision (CSV uses the shortest text that reads back to the same double). CSV quoting follows
 * RFC 4180 (csv-stringify). Memory does not grow with the number of runs: CSV text is flushed every 64 KiB,
 * and Parquet columns are buffered in typed arrays up to `rowGroupSize` rows, then written as one row group
 * (Parquet types: strings UTF8, run INT32, value DOUBLE, pence INT64, all required; Snappy).
 *
 * Metadata: the options' `metadata` merged with the one given to `close` (the batch manifest is known only
 * after the batch). Each table's sidecar ({@link TableSidecar}, canonical JSON) lists its columns with types
 * and meanings, its row count, the manifest's producer, master seed, scenario hashes and quantile method,
 * and (runs only) each indicator's unit and label. The same fields but columns and rows are Parquet
 * key-value metadata under keys `ringfence.<field>`, objects as JSON text. Nothing depends on the clock.
 *
 * Until `close()` resolves, only hidden temporary files exist in `dir`; if `add` or `close` throws, or
 * `abort()` is called, the temporary files are removed and existing files of the same name are untouched.
 * @example
 * ```ts
 * import { createRunTableWriter } from "@ringfence/core/results";
 * const table = createRunTableWriter("results/run-1", { csv: true, parquet: true, flows: true, metadata: { indicators: INDICATORS } });
 * const summary = await runBatch({ ...options, onRecord: (r) => table.add(r) });
 * const files = await table.close({ manifest: summary.manifest }); // files.paths: runs.csv, runs.meta.json, runs.parquet, flows.*
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
  if (options.metadata !== undefined) checkMetadata(options.metadata, "run table options: metadata");
  mkdirSync(dir, { recursive: true });
  const sinks: Sink[] = [];
  const tables: Table[] = [];
  let state: "open" | "closed" | "aborted" = "open";
  const abort = (): void => {
    if (state === "closed") return;
    state = "aborted";
    for (const sink of sinks) sink.cleanup();
    for (const table of tables) if (table.metaTemp !== undefined) removeQuietly(table.metaTemp);
  };
  try {
    tables.push(openTable(dir, RUNS_SPEC, options, rowGroupSize, sinks));
    if (options.flows === true) tables.push(openTable(dir, FLOWS_SPEC, options, rowGroupSize, sinks));
  } catch (error) {
    abort();
    throw error;
  }
  const runs = tables[0]!;
  const flows = tables[1];
  const ensureOpen = (what: string): void => {
    if (state !== "open") throw new Error(`run table writer: ${what} called after the writer was ${state}; expected an open writer`);
  };
  const sinksOf = (table: Table): Sink[] => [table.csv, table.parquet].filter((s): s is Sink => s !== undefined);
  return {
    get rows() {
      return runs.rows;
    },
    get flowRows() {
      return flows?.rows ?? 0;
    },
    add(record) {
      ensureOpen("add");
      try {
        const where = checkRecordHead(record);
        const rows = rowsOf(record, where);
        const flowRows = flows === undefined ? [] : flowRowsOf(record, where);
        for (const sink of sinksOf(runs)) sink.add(rows);
        runs.rows += rows.length;
        if (flows !== undefined) {
          for (const sink of sinksOf(flows)) sink.add(flowRows);
          flows.rows += flowRows.length;
        }
      } catch (error) {
        abort();
        throw error;
      }
    },
    async close(metadata) {
      ensureOpen("close");
      const paths: string[] = [];
      const files: TableFiles[] = [];
      try {
        if (metadata !== undefined) checkMetadata(metadata, "run table close: metadata");
        const merged: RunTableMetadata = { ...options.metadata, ...metadata };
        const commits: [string, string][] = [];
        for (const table of tables) {
          const sidecar = sidecarOf(table.spec, table.rows, merged);
          let out: TableFiles = { rows: table.rows };
          if (table.csv !== undefined) {
            await table.csv.finish([]);
            const metaPath = join(dir, table.spec.meta);
            const metaTemp = tempPathFor(metaPath);
            table.metaTemp = metaTemp;
            const fd = openSync(metaTemp, "wx");
            try {
              const bytes = Buffer.from(canonicalJson(sidecar), "utf8");
              let written = 0;
              while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
            } finally {
              closeSync(fd);
            }
            commits.push([table.csv.temp, table.csv.target], [metaTemp, metaPath]);
            out = { ...out, csv: table.csv.target, meta: metaPath };
          }
          if (table.parquet !== undefined) {
            await table.parquet.finish(kvOf(sidecar));
            commits.push([table.parquet.temp, table.parquet.target]);
            out = { ...out, parquet: table.parquet.target };
          }
          files.push(out);
        }
        for (const [temp, target] of commits) {
          commitTemp(temp, target);
          paths.push(target);
        }
      } catch (error) {
        abort();
        throw error;
      }
      state = "closed";
      const [runFiles, flowFiles] = files;
      return { ...runFiles!, ...(flowFiles === undefined ? {} : { flows: flowFiles }), paths };
    },
    abort,
  };
}
