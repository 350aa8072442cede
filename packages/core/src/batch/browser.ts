/**
 * `@ringfence/core/batch` in a browser: the platform-free part of Monte Carlo batches (the fold of runs
 * into a summary, executors as an interface, the statistics). Runs go through an executor the page brings
 * (Web Workers); Node's worker threads, journal files and Redis queues are in the Node entry only.
 * @packageDocumentation
 */

// Running a batch through an executor
export { configText, foldBatch, JournalWriteError } from "./fold-batch.js";
export type { BatchJournal, FoldBatchOptions } from "./fold-batch.js";
export { createAccumulator } from "./accumulate.js";
export type { Accumulator } from "./accumulate.js";
export type { BatchExecutor, ExecutorContext, TaskOutcome } from "./executor.js";
export type { JournalEntry } from "./journal.js";
export type {
  BatchManifest,
  BatchProgress,
  BatchScenario,
  BatchSeed,
  BatchSummary,
  ErosionResult,
  ErosionRule,
  FlowRecord,
  FlowSummary,
  CumulativeDifference,
  OwnChange,
  PairedDifference,
  RunFailure,
  RunRecord,
  RunTask,
  Spread,
  YearStats,
} from "./types.js";

// Statistics
export { addValue, createMoments, meanInterval, tQuantile975, variance, wilsonInterval } from "../stats/intervals.js";
export type { Moments } from "../stats/intervals.js";
export { createQuantileSketch, QUANTILE_METHOD, QUANTILE_RELATIVE_ACCURACY } from "../stats/quantiles.js";
export type { QuantileSketch } from "../stats/quantiles.js";
