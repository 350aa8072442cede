/**
 * The per-ICB check as file contents, `icb-panel.csv` text and `icb-panel.parquet` bytes (pure: no file
 * system; `writeIcbPanel` writes them, loading this module and its CSV and Parquet libraries only when called).
 * @packageDocumentation
 */
import { financialYearLabel } from "@ringfence/core";
import { stringify } from "csv-stringify/sync";
import { parquetWriteBuffer } from "hyparquet-writer";
import { ICB_PANEL_COLUMNS, ICB_PANEL_FORMAT } from "./compare.js";
import type { PanelComparison, PanelRow } from "./compare.js";
import { FIT_THROUGH_YEAR } from "./split.js";

/**
 * The CSV text of the per-ICB check: a header, then one line per row; empty cells where a value is missing,
 * numbers as the shortest text that reads back to the same double, `covered` as `true` or `false`.
 */
export function icbPanelCsv(rows: readonly PanelRow[]): string {
  const body: (string | number)[][] = [[...ICB_PANEL_COLUMNS]];
  const opt = (v: number | null): string | number => (v === null ? "" : v);
  for (const r of rows) {
    body.push([
      r.icbCode,
      financialYearLabel(r.year),
      r.measure,
      opt(r.observed),
      opt(r.modelMedian),
      opt(r.modelP05),
      opt(r.modelP95),
      r.covered === null ? "" : String(r.covered),
      r.split ?? "",
    ]);
  }
  return stringify(body);
}

/**
 * The Parquet bytes of the per-ICB check: strings as UTF8, values as DOUBLE, `covered` as BOOLEAN, missing
 * values as nulls; the key-value metadata records the layout version, the runs, the panel's access and the
 * split.
 */
export function icbPanelParquet(check: Pick<PanelComparison, "rows" | "runs" | "access">): Uint8Array {
  const rows = check.rows;
  const buffer = parquetWriteBuffer({
    columnData: [
      { name: "icb_code", data: rows.map((r) => r.icbCode), type: "STRING", nullable: false },
      { name: "year", data: rows.map((r) => financialYearLabel(r.year)), type: "STRING", nullable: false },
      { name: "measure", data: rows.map((r) => r.measure), type: "STRING", nullable: false },
      { name: "observed", data: rows.map((r) => r.observed), type: "DOUBLE", nullable: true },
      { name: "model_median", data: rows.map((r) => r.modelMedian), type: "DOUBLE", nullable: true },
      { name: "model_p05", data: rows.map((r) => r.modelP05), type: "DOUBLE", nullable: true },
      { name: "model_p95", data: rows.map((r) => r.modelP95), type: "DOUBLE", nullable: true },
      { name: "covered", data: rows.map((r) => r.covered), type: "BOOLEAN", nullable: true },
      { name: "split", data: rows.map((r) => r.split), type: "STRING", nullable: true },
    ],
    kvMetadata: [
      { key: "ringfence.format", value: ICB_PANEL_FORMAT },
      { key: "ringfence.runs", value: String(check.runs) },
      { key: "ringfence.access", value: check.access },
      { key: "ringfence.fitThrough", value: financialYearLabel(FIT_THROUGH_YEAR) },
    ],
    createdBy: "@ringfence/agents register (hyparquet-writer)",
  });
  return new Uint8Array(buffer);
}
