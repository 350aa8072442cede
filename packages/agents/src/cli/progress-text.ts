/**
 * The words a batch's progress display prints: the time left only once it means something.
 * @packageDocumentation
 */
import type { BatchProgress } from "@ringfence/core/batch";

/** Runs this session must finish before a time left is printed (a fresh worker's first runs are slow). */
export const QUIET_RUNS = 16;

/**
 * "12s left", or "estimating…" while this session has finished fewer than {@link QUIET_RUNS} runs or less
 * than a twentieth of what it has to do: the rate of a batch's first runs, while V8 is still optimising the
 * model, promises several times too long.
 * @example
 * ```ts
 * timeLeftText({ done: 3, total: 700, runsPerSecond: 1.1, secondsLeft: 620 }, 0); // "estimating…"
 * ```
 */
export function timeLeftText(p: BatchProgress, doneAtStart: number): string {
  const session = p.done - doneAtStart;
  const todo = p.total - doneAtStart;
  if (p.done >= p.total) return "0s left";
  if (session < QUIET_RUNS || session < todo / 20 || !Number.isFinite(p.secondsLeft)) return "estimating…";
  return `${Math.round(p.secondsLeft)}s left`;
}
