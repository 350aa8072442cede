/**
 * The schema of batch options, in its own module so that zod loads only when a batch starts.
 * @packageDocumentation
 */
import { z } from "zod";
import { integerIn, numberIn } from "../schema-helpers.js";

/** Zod schema of the checked options of a batch. */
export const batchOptionsSchema = z.object({
  scenarios: z
    .array(z.object({ id: z.string().min(1), config: z.unknown() }), { error: "expected a list of { id, config }" })
    .min(1, { error: "expected at least one scenario" })
    .refine((s) => new Set(s.map((x) => x.id)).size === s.length, { error: "expected distinct scenario ids" }),
  runs: integerIn(1, 1_000_000),
  years: integerIn(1, 50),
  workers: integerIn(1, 256).optional(),
  masterSeed: z.union([z.number().finite(), z.string().min(1)], { error: "expected a number or a non-empty string" }),
  erosion: z.array(z.object({ indicator: z.string().min(1), threshold: numberIn(0, 1, "(a fraction)") })).optional(),
});
