/**
 * Run options a batch gives every one of its tasks, kept apart from the model so the command line can name
 * them without loading it: which money the flow records follow, and whether each run's books are checked.
 * @packageDocumentation
 */
import { FUNDS } from "./domain.js";

/** The fund label of batch flow records: the five general practice lines summed. */
export const GP_FUND = "general-practice";

/**
 * Which money a batch's flow records follow: `general-practice` (the five lines summed, the default), `all`
 * (every fund: the five lines summed as general-practice, every other fund as itself, so each posting is counted
 * once) or one fund by name (a general practice line alone included).
 */
export const FLOW_CHOICES = [GP_FUND, "all", ...FUNDS] as const;

/** A choice of flows; see {@link FLOW_CHOICES}. */
export type FlowChoice = (typeof FLOW_CHOICES)[number];

/** Whether a value is one of the {@link FLOW_CHOICES}. */
export function isFlowChoice(value: unknown): value is FlowChoice {
  return (FLOW_CHOICES as readonly unknown[]).includes(value);
}

/** How a batch runs each task: whether it checks the ledger at the end and which flows it keeps. */
export interface NhsRunOptions {
  /** Check the ledger's conservation at the end of every run (a failed check fails that run). */
  readonly verify?: boolean;
  /** Which money the flow records follow (default general-practice). */
  readonly flows?: FlowChoice;
}

/**
 * Whether batches check every run's ledger when not told (`--verify` off): true when the environment variable
 * `RINGFENCE_VERIFY` is `1`, as the test suite sets it, so every run of every batch a test starts is checked
 * (runs, comparisons, experiments, calibrations and backcasts; the worker threads see the variable too).
 */
export function verifyByDefault(): boolean {
  return typeof process !== "undefined" && process.env.RINGFENCE_VERIFY === "1";
}
