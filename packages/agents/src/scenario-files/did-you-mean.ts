/**
 * Suggestions for misspelt names (policy names, indicator ids, presets, parameter paths).
 * @packageDocumentation
 */
import { closest, distance } from "fastest-levenshtein";

/**
 * The nearest of some names to a misspelt one, as ` (did you mean "x"?)`, or an empty string when none is
 * within a third of its length in edits (at least two).
 * @example
 * ```ts
 * didYouMean("divert-shortfal", ["divert-shortfall", "pass-through"]); // ' (did you mean "divert-shortfall"?)'
 * ```
 */
export function didYouMean(name: string, names: readonly string[]): string {
  if (names.length === 0) return "";
  const best = closest(name.toLowerCase(), names.map((n) => n.toLowerCase()));
  const original = names.find((n) => n.toLowerCase() === best) ?? best;
  return distance(name.toLowerCase(), best) <= Math.max(2, Math.floor(best.length / 3)) ? ` (did you mean "${original}"?)` : "";
}
