/**
 * A modeller's own acute trust policy, in one file: like the built-in `divert-to-hospital`, but a
 * contract caps how much of any held line the trust may take in a year.
 *
 * Select it from a scenario file:
 * ```yaml
 * extends: iho-acute
 * plugins: [../src/custom-policy/capped-diversion.ts]
 * policies:
 *   acute-trust: { name: capped-diversion, params: { cap: 0.1 } }
 * ```
 * @packageDocumentation
 */
import { definePolicy, drawPropensity, GP_LINES } from "@ringfence/agents";
import { z } from "zod";

/** An acute trust that covers part of its shortfall from held lines, never more than `cap` of any line a year. */
export const cappedDiversion = definePolicy({
  kind: "acute-trust",
  name: "capped-diversion",
  description: "Diverts like divert-to-hospital, but never more than `cap` of any held line in a year (a contractual floor).",
  params: z.strictObject({
    propensity: z.number().min(0).max(1).default(0.5).describe("Median share of its shortfall it tries to cover"),
    spread: z.number().min(0).max(5).default(0.5).describe("Spread of the propensity on the logit scale"),
    cap: z.number().min(0).max(1).default(0.1).describe("Largest share of any held line it may take in a year"),
  }),
  decide(obs, params, rng) {
    const propensity = drawPropensity(params.propensity, params.spread, rng.normal());
    let left = Math.floor(propensity * (Math.max(0, obs.projectedDeficit) + obs.carriedDeficit));
    const cuts = obs.held.map(() => 0);
    for (const line of GP_LINES) {
      const i = obs.held.findIndex((h) => h.line === line);
      const h = obs.held[i];
      if (h === undefined || h.ringFenced || left <= 0) continue;
      const cut = Math.min(Math.floor(h.pence * params.cap), left);
      cuts[i] = cut;
      left -= cut;
    }
    return { cuts };
  },
});
