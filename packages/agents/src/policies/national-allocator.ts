/**
 * Default policy of the national allocator: the yearly NHS settlement and the GP contract settlement.
 * @packageDocumentation
 */
import { z } from "zod";
import { definePolicy } from "./registry.js";

/**
 * The settlement rule. Real growth and inflation are drawn each year (or read from the published history),
 * and the GP contract uplift above inflation follows them: `base + passThrough × real growth + pressure × last
 * year's rise in patients per FTE GP + noise`. So a worse NHS settlement is a worse GP settlement, even under
 * a ring-fence, and workforce pressure pushes the price up.
 */
export const settlementRule = definePolicy({
  kind: "national-allocator",
  name: "settlement-rule",
  description: "Real growth ~ Normal (or the published series); GP contract uplift above expected inflation = base + pass-through × real growth + pressure × rise in patients per GP + noise, kept within −10% to +15% (ours, calibrated).",
  params: z.strictObject({}),
  decide(obs, _params, rng) {
    // Every draw happens every year so the stream stays aligned across scenarios (common random numbers).
    const real = rng.normal(obs.realGrowthMean, obs.realGrowthSd);
    const inflation = rng.normal(obs.inflationMean, obs.inflationSd);
    const noise = rng.normal(0, obs.settlementSd);
    const h = obs.history;
    const realGrowth = h !== undefined ? (1 + h.allocationGrowth) / (1 + h.inflation) - 1 : obs.noNewMoney ? 0 : real;
    return {
      realGrowth,
      inflation: h !== undefined ? h.inflation : Math.max(-0.02, inflation),
      // Kept within the bounds the allocator accepts (−10% to +15% a year): a settlement is never off the scale.
      contractRealUplift: Math.min(0.15, Math.max(-0.1, obs.settlementRealBase + obs.settlementPassThrough * realGrowth + obs.settlementPressure * Math.max(0, obs.pressure) + noise)),
    };
  },
});
