/**
 * Ranges in words as people write them, for error messages: `from 0 to 10`, `from 0` (no bound printed when
 * the bound is none at all: infinite, or at the largest safe integer).
 * @packageDocumentation
 */

/** Whether a bound is a real one (finite and below the largest safe integer in size). */
export function isRealBound(x: number): boolean {
  return Number.isFinite(x) && Math.abs(x) < Number.MAX_SAFE_INTEGER;
}

/** A range in words: `from 0 to 41200`, `from 0`, `up to 10`, or `of any size` when neither bound is real. */
export function rangeWords(min: number, max: number): string {
  if (isRealBound(min) && isRealBound(max)) return `from ${min} to ${max}`;
  if (isRealBound(min)) return `from ${min}`;
  if (isRealBound(max)) return `up to ${max}`;
  return "of any size";
}
