/**
 * Writing the per-ICB check into an output folder (Node only): both files are built in memory, then each is
 * written atomically, so a reader sees the old file or the complete new one.
 * @packageDocumentation
 */
import { join } from "node:path";
import { ICB_PANEL_NAME } from "./compare.js";
import type { PanelComparison } from "./compare.js";

/** Which of the two files to write. */
export interface IcbPanelFileOptions {
  /** Write `icb-panel.csv` (default true). */
  readonly csv?: boolean;
  /** Write `icb-panel.parquet` (default true). */
  readonly parquet?: boolean;
}

/** Paths of the files written and their data rows. */
export interface IcbPanelFiles {
  /** Path of the CSV, if written. */
  readonly csv?: string;
  /** Path of the Parquet file, if written. */
  readonly parquet?: string;
  /** Data rows in each (the CSV header not counted). */
  readonly rows: number;
}

/**
 * Writes `icb-panel.csv` and `icb-panel.parquet` into a folder, each atomically; both are built before
 * either is written, so a failure while building writes nothing.
 * @remarks The CSV and Parquet libraries load when this is called, not when the package is imported.
 * @example
 * ```ts
 * await writeIcbPanel("results/backcast", comparePanel(panel, model));
 * ```
 */
export async function writeIcbPanel(dir: string, check: PanelComparison, options: IcbPanelFileOptions = {}): Promise<IcbPanelFiles> {
  const { writeFileAtomic } = await import("@ringfence/core/results");
  const { icbPanelCsv, icbPanelParquet } = await import("./panel-files.js");
  const csv = options.csv ?? true;
  const parquet = options.parquet ?? true;
  const csvText = csv ? icbPanelCsv(check.rows) : undefined;
  const parquetBytes = parquet ? icbPanelParquet(check) : undefined;
  const out: { csv?: string; parquet?: string; rows: number } = { rows: check.rows.length };
  if (csvText !== undefined) {
    out.csv = join(dir, `${ICB_PANEL_NAME}.csv`);
    writeFileAtomic(out.csv, csvText);
  }
  if (parquetBytes !== undefined) {
    out.parquet = join(dir, `${ICB_PANEL_NAME}.parquet`);
    writeFileAtomic(out.parquet, parquetBytes);
  }
  return out;
}
