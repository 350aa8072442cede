/**
 * A modeller's own acute trust policy, in one file: like the built-in `divert-to-hospital`, but a
 * contract caps how much of any held line the trust may take in a year.
 *
 * Select it from a scenario file:
 * ```yaml
 * extends: iho-acute
 * plugins: [./capped-diversion.ts]
 * policies:
 *   acute-trust: { name: capped-diversion, params: { cap: 0.1 } }
 * ```
 * @packageDocumentation
 */
import { CUT_ORDER, definePolicy, drawPropensity } from "@ringfence/agents";
import { z } from "zod";

/** An acute trust that covers part of its shortfall from held lines, never more than `cap` of any line a year. */
export const cappedDiversion = definePolicy({
  kind: "acute-trust",
  name: "capped-diversion",
  description: "Diverts like divert-shortfall, but never more than `cap` of any held line in a year (a contractual floor).",
  params: z.strictObject({
    cap: z.number().min(0).max(1).default(0.1).describe("Largest share of any held line it may take in a year"),
  }),
  decide(obs, params, rng) {
    // The host profile's propensity (the scenario's iho.acute), drawn as the built-in rule draws it.
    const propensity = drawPropensity(obs.profile.propensity, obs.profile.spread, rng.normal());
    let left = Math.floor(propensity * (Math.max(0, obs.shortfall) + obs.carriedDeficit));
    const cuts = obs.held.map(() => 0);
    for (const line of CUT_ORDER) {
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
