/**
 * Zod builders whose every error reads `expected …`: kept apart from the engine's entry point so that
 * importing the engine does not load zod.
 * @packageDocumentation
 */
import { z } from "zod";

/** A zod integer in [min, max] whose every error reads `expected an integer from min to max`. */
export function integerIn(min: number, max: number): z.ZodNumber {
  const error = `expected an integer from ${min} to ${max}`;
  return z.number({ error }).int({ error }).min(min, { error }).max(max, { error });
}

/** A zod number in [min, max] whose every error reads `expected a number from min to max` (plus the unit). */
export function numberIn(min: number, max: number, unit = ""): z.ZodNumber {
  const error = `expected a number from ${min} to ${max}${unit === "" ? "" : ` ${unit}`}`;
  return z.number({ error }).min(min, { error }).max(max, { error });
}
