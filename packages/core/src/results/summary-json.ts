/**
 * summary.json: the batch summary as canonical JSON.
 * @packageDocumentation
 */
import { join } from "node:path";
import type { BatchSummary } from "../batch/types.js";
import { canonicalJson } from "./canonical-json.js";
import { writeFileAtomic } from "./atomic.js";

/** File name of the summary written by {@link writeSummaryJson}. */
export const SUMMARY_FILE = "summary.json";

/**
 * Write `summary` to `<dir>/summary.json` atomically and return the file's path.
 * @remarks The text is {@link canonicalJson}: identical summaries give byte-identical files. The JSON is
 * built before any file is opened; if that or the write fails, an existing summary.json is left untouched
 * and no temporary file remains. `dir` is created if missing.
 * @example
 * ```ts
 * import { writeSummaryJson } from "@ringfence/core/results";
 * const path = writeSummaryJson("results/run-1", summary); // "results/run-1/summary.json"
 * ```
 */
export function writeSummaryJson(dir: string, summary: BatchSummary): string {
  const path = join(dir, SUMMARY_FILE);
  writeFileAtomic(path, () => canonicalJson(summary));
  return path;
}
