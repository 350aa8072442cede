/**
 * `@ringfence/core`: a domain-free agent-based simulation engine. It knows time, phases, randomness,
 * money, events and recording, and never an agent kind.
 *
 * Subpaths: `@ringfence/core/batch` (Monte Carlo batches and statistics), `@ringfence/core/results`
 * (summary JSON, run tables, HTML report), `@ringfence/core/schema` (zod builders for configs).
 * @packageDocumentation
 */

// Time
export { createCalendar, financialYearLabel } from "./calendar.js";
export type { Calendar, CalendarOptions } from "./calendar.js";

// Randomness
export { createRng, createStreams, deriveSeed, logGamma } from "./random.js";
export type { RandomStreams, Rng, Seed, StreamColumn } from "./random.js";

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
export { createStandingOrders } from "./standing-orders.js";
export type { StandingOrderBook, StandingOrderOptions, StandingOrders } from "./standing-orders.js";

// Events
export { createEventBus } from "./events.js";
export type { EventBase, EventBus, EventOf } from "./events.js";

// Models, kinds and their tables
export { defineKind, defineModel } from "./model.js";
export type {
  AgentKind,
  AgentReporter,
  AgentStore,
  ColumnArrays,
  ColumnSpec,
  ColumnType,
  Columns,
  ColumnValues,
  KindTable,
  ModelDefinition,
  ModelReporter,
  ModelTypes,
  PhaseCadence,
  RowAction,
  Sim,
  SimContext,
  System,
} from "./model.js";

// Running
export { createSimulation, runSimulation } from "./simulation.js";
export type { AgentSeries, RunOptions, RunResult, Settlement, Simulation } from "./simulation.js";

// Validation at the boundary
export { ConfigError, describeValue, parseInput, toConfigIssues } from "./validation.js";
export type { ConfigIssue } from "./validation.js";

// Secrets in URLs, hidden wherever they are printed
export { redactUrl, urlScrubber, urlSecrets } from "./redact-url.js";
