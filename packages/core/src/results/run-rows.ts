/**
 * The rows of the tidy per-run tables, checked record by record: `scenario, run, seed, year, indicator, value`
 * and `scenario, run, seed, year, from, to, fund, pence`. Plain data, no file access: the Node writer streams
 * them to CSV and Parquet, a browser page turns them into a CSV download with {@link runTableCsv}.
 * @packageDocumentation
 */
import { stringify } from "csv-stringify/sync";
import type { RunRecord } from "../batch/types.js";

/** Column names of the run table, in file order. */
export const RUN_TABLE_COLUMNS = ["scenario", "run", "seed", "year", "indicator", "value"] as const;

/** A column name of the run table. */
export type RunTableColumn = (typeof RUN_TABLE_COLUMNS)[number];

/** Column names of the flows table, in file order. */
export const FLOW_TABLE_COLUMNS = ["scenario", "run", "seed", "year", "from", "to", "fund", "pence"] as const;

/** A column name of the flows table. */
export type FlowTableColumn = (typeof FLOW_TABLE_COLUMNS)[number];

/** A cell of a table row. */
export type Cell = string | number;

const INT32_MAX = 2 ** 31 - 1;

/** A value in an error message. */
export function describe(value: unknown): string {
  if (typeof value === "string") return JSON.stringify(value);
  if (Array.isArray(value)) return `an array of length ${value.length}`;
  return String(value);
}

/** Check the fields every record needs and return the prefix of its messages. */
export function checkRecordHead(record: RunRecord): string {
  const where = `run record (scenario ${describe(record.scenario)}, run ${describe(record.run)})`;
  if (typeof record.scenario !== "string" || record.scenario === "") {
    throw new TypeError(`${where}: scenario is ${describe(record.scenario)}; expected a non-empty string`);
  }
  if (!Number.isInteger(record.run) || record.run < 0 || record.run > INT32_MAX) {
    throw new RangeError(`${where}: run is ${describe(record.run)}; expected an integer from 0 to ${INT32_MAX}`);
  }
  if (typeof record.seed !== "string") throw new TypeError(`${where}: seed is ${describe(record.seed)}; expected a string`);
  return where;
}

/** Check one record and list its run-table rows: years in order, and within a year indicator ids in sorted order. */
export function rowsOf(record: RunRecord, where: string): Cell[][] {
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
  const rows: Cell[][] = [];
  record.years.forEach((year, y) => {
    ids.forEach((indicator, k) => {
      // A value that does not apply that year (null, or NaN before the JSON round trip) has no row.
      const value = series[k]?.[y];
      if (typeof value === "number" && !Number.isNaN(value)) rows.push([record.scenario, record.run, record.seed, year, indicator, value]);
    });
  });
  return rows;
}

/** Check one record's flows and list its flows-table rows, in the record's order. */
export function flowRowsOf(record: RunRecord, where: string): Cell[][] {
  if (!Array.isArray(record.flows)) throw new TypeError(`${where}: flows is ${describe(record.flows)}; expected an array of flows`);
  return record.flows.map((f, i) => {
    for (const key of ["year", "from", "to", "fund"] as const) {
      if (typeof f[key] !== "string") throw new TypeError(`${where}: flows[${i}].${key} is ${describe(f[key])}; expected a string`);
    }
    if (!Number.isSafeInteger(f.pence)) throw new RangeError(`${where}: flows[${i}].pence is ${describe(f.pence)}; expected a whole number of pence`);
    return [record.scenario, record.run, record.seed, f.year, f.from, f.to, f.fund, f.pence];
  });
}

/**
 * The run table of some records as CSV text (a header, then each record's rows in the order given), or the
 * flows table with `table: "flows"`: the same rows and quoting as the files `runs.csv` and `flows.csv`.
 * @throws TypeError or RangeError naming the record and field that cannot be written.
 */
export function runTableCsv(records: Iterable<RunRecord>, table: "runs" | "flows" = "runs"): string {
  let text = stringify([table === "runs" ? [...RUN_TABLE_COLUMNS] : [...FLOW_TABLE_COLUMNS]]);
  for (const record of records) {
    const where = checkRecordHead(record);
    text += stringify(table === "runs" ? rowsOf(record, where) : flowRowsOf(record, where));
  }
  return text;
}
