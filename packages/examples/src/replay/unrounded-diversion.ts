/**
 * A policy with a bug, to show how a failed run is replayed: like `capped-diversion`, but it forgets to round
 * its cuts down to whole pence, so any year in which the host diverts ends the run with a `DecisionError` (the
 * kind refuses fractional pence). Years without a shortfall divert nothing, so some runs finish and some fail.
 *
 * The batch prints the command that replays its first failed run alone; see docs/modelling.md, section 9.
 * @packageDocumentation
 */
import { CUT_ORDER, definePolicy, drawPropensity } from "@ringfence/agents";
import { z } from "zod";

/** Diverts like divert-shortfall, at most `cap` of each held line, but leaves fractions of a penny (the bug). */
export const unroundedDiversion = definePolicy({
  kind: "acute-trust",
  name: "unrounded-diversion",
  description: "Capped diversion that forgets to round to whole pence (an example of a bug to replay).",
  params: z.strictObject({ cap: z.number().min(0).max(1).default(0.1) }),
  decide(obs, params, rng) {
    const propensity = drawPropensity(obs.profile.propensity, obs.profile.spread, rng.normal());
    let left = propensity * (Math.max(0, obs.shortfall) + obs.carriedDeficit);
    const cuts = obs.held.map(() => 0);
    for (const line of CUT_ORDER) {
      const i = obs.held.findIndex((h) => h.line === line);
      const h = obs.held[i];
      if (h === undefined || h.ringFenced || left <= 0) continue;
      cuts[i] = Math.min(h.pence * params.cap, left); // the bug: no Math.floor
      left -= cuts[i]!;
    }
    return { cuts };
  },
});
