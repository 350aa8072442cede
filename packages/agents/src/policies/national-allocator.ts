/**
 * Default policy of the national allocator.
 * @packageDocumentation
 */
import { z } from "zod";
import { definePolicy } from "./registry.js";

/** Real growth and inflation drawn each year from normals; real growth is zero under "no new money". */
export const spendingReview = definePolicy({
  kind: "national-allocator",
  name: "spending-review",
  description: "Real growth ~ Normal(mean, sd) (Spending Review 2025: ~3% real), zero under no new money; inflation and the GP contract uplift above it ~ Normal.",
  params: z.strictObject({}),
  decide(obs, _params, rng) {
    // Both draws happen every year so the stream stays aligned across scenarios (common random numbers).
    const real = rng.normal(obs.realGrowthMean, obs.realGrowthSd);
    const inflation = Math.max(-0.02, rng.normal(obs.inflationMean, obs.inflationSd));
    const contractRealUplift = rng.normal(obs.contractRealUpliftMean, obs.contractRealUpliftSd);
    return { realGrowth: obs.noNewMoney ? 0 : real, inflation, contractRealUplift };
  },
});
