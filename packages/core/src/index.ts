/**
 * `@ringfence/core`: a domain-free agent-based simulation engine. It knows time, phases, randomness,
 * money, events and recording, and never an agent kind.
 * @packageDocumentation
 */

// Time
export { createCalendar, financialYearLabel } from "./calendar.js";
export type { Calendar, CalendarOptions } from "./calendar.js";

// Randomness
export { createRng, createStreams, deriveSeed, logGamma } from "./random.js";
export type { RandomStreams, Rng, Seed } from "./random.js";

// Money
export { createLedger, LedgerError, split } from "./ledger.js";
export type {
  AccountId,
  AccountInfo,
  AccountRole,
  AccountSpec,
  FlowRow,
  Ledger,
  LedgerOptions,
  LedgerSummary,
  Posting,
  VerifyResult,
  YearFlows,
} from "./ledger.js";

// Events
export { createEventBus } from "./events.js";
export type { EventBase, EventBus, EventOf } from "./events.js";

// Models and agents
export { defineKind, defineModel } from "./model.js";
export type {
  Agent,
  AgentKind,
  AgentReporter,
  AgentStore,
  ModelDefinition,
  ModelReporter,
  ModelTypes,
  PhaseAction,
  PhaseCadence,
  Sim,
  SimContext,
} from "./model.js";

// Running
export { createSimulation, runOptionsSchema, runSimulation } from "./simulation.js";
export type { AgentSeries, RunOptions, RunResult, Simulation } from "./simulation.js";

// Validation at the boundary
export { ConfigError, describeValue, integerIn, numberIn, parseInput, toConfigIssues } from "./validation.js";
export type { ConfigIssue } from "./validation.js";

// Monte Carlo
export { configHash, runBatch } from "./batch/run-batch.js";
export type { RunBatchOptions } from "./batch/run-batch.js";
export { createAccumulator } from "./batch/accumulate.js";
export type { Accumulator } from "./batch/accumulate.js";
export { openJournal } from "./batch/journal.js";
export type { Journal, JournalEntry, JournalSpec } from "./batch/journal.js";

// Statistics
export { addValue, createMoments, meanInterval, tQuantile975, variance, wilsonInterval } from "./stats/intervals.js";
export type { Moments } from "./stats/intervals.js";
export { createQuantileSketch, QUANTILE_METHOD, QUANTILE_RELATIVE_ACCURACY } from "./stats/quantiles.js";
export type { QuantileSketch } from "./stats/quantiles.js";
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
  PairedDifference,
  RunFailure,
  RunRecord,
  RunTask,
  YearStats,
} from "./batch/types.js";
