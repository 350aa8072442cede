/**
 * `@ringfence/core/batch`: Monte Carlo batches over worker threads with a durable journal, and the
 * streaming statistics their summaries report.
 * @packageDocumentation
 */

// Running a batch
export { configHash, runBatch } from "./run-batch.js";
export type { RunBatchOptions } from "./run-batch.js";
export { configText, foldBatch, JournalWriteError } from "./fold-batch.js";
export type { BatchJournal, FoldBatchOptions } from "./fold-batch.js";
export { createAccumulator } from "./accumulate.js";
export type { Accumulator } from "./accumulate.js";
export { localExecutor, TaskTimeoutError } from "./executor.js";
export { acquireLock, processAlive } from "./lock.js";
export {
  checkOutputFolder,
  claimFile,
  isMountPoint,
  listFiles,
  MANIFEST_FILE,
  MANIFEST_VERSION,
  manifestText,
  OutputFolderRefused,
  parseManifest,
  publishFolder,
  PublishError,
  recoverInterruptedSwap,
  relativeFile,
  unnamedEntries,
} from "./owned-folder.js";
export type { FolderManifest, OutputFolderState, PublishResult } from "./owned-folder.js";
export { callInWorker, workerExecArgv } from "./isolated-call.js";
export type { CallInWorkerOptions } from "./isolated-call.js";
export type { BatchExecutor, ExecutorContext, LocalExecutor, LocalExecutorOptions, TaskOutcome } from "./executor.js";
export { JOURNAL_VERSION, openJournal, specHash } from "./journal.js";
export type { Journal, JournalEntry, JournalSpec } from "./journal.js";
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
  AreaSeries,
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
