/**
 * Beta draws by mean and concentration, the parameterisation policies use.
 * @packageDocumentation
 */
import type { Rng } from "@ringfence/core";

/** Draws from a beta distribution with the given mean (0..1) and concentration (a + b). */
export function betaByMean(rng: Rng, mean: number, concentration: number): number {
  if (mean <= 0) return 0;
  if (mean >= 1) return 1;
  return rng.beta(mean * concentration, (1 - mean) * concentration);
}
