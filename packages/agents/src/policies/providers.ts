/**
 * Default policies of practices, PCNs and councils.
 * @packageDocumentation
 */
import { z } from "zod";
import { betaByMean } from "./beta.js";
import { definePolicy } from "./registry.js";

/**
 * Seed 001: a practice whose income no longer covers its costs hands back its contract, merges or
 * becomes a salaried department of a larger provider, after enough bad years.
 */
export const contractViability = definePolicy({
  kind: "practice",
  name: "contract-viability",
  description: "After enough bad years a practice hands back, merges or goes salaried with set chances (seed 001).",
  params: z.strictObject({
    handBack: z.number().min(0).max(1).default(0.3).describe("Chance a year of handing back the contract once eligible (ours)"),
    merge: z.number().min(0).max(1).default(0.4).describe("Chance a year of merging with a neighbour once eligible (ours)"),
    salaried: z.number().min(0).max(1).default(0.2).describe("Chance a year of becoming a salaried department once eligible (ours)"),
  }),
  decide(obs, params, rng) {
    const u = rng.next(); // drawn every year, used or not (common random numbers)
    if (obs.badYears < obs.badYearsToAct) return "continue";
    let edge = params.handBack;
    if (u < edge) return "hand-back";
    edge += params.merge;
    if (u < edge) return obs.canMerge ? "merge" : "hand-back";
    edge += params.salaried;
    if (u < edge) return obs.canBecomeSalaried ? "salaried" : "continue";
    return "continue";
  },
});

/** A PCN leaves a Beta-drawn share of its additional-roles money unspent (≈6% in 2023/24). */
export const arrsUnderspend = definePolicy({
  kind: "pcn",
  name: "arrs-underspend",
  description: "Leaves a Beta-drawn share of additional-roles money unspent (6% in 2023/24, figures [27]).",
  params: z.strictObject({
    mean: z.number().min(0).max(1).default(0.06).describe("Mean unspent share"),
    concentration: z.number().min(1).max(1000).default(30).describe("Concentration of the draw"),
  }),
  decide: (obs, params, rng) => ({ underspend: Math.round(obs.arrsBudget * betaByMean(rng, params.mean, params.concentration)) }),
});

/** A council claims its unmet social care need from a pool, scaled by how hard it pulls. */
export const claimNeed = definePolicy({
  kind: "council",
  name: "claim-need",
  description: "Claims its unmet social care need from the pool, times a pull factor (ours).",
  params: z.strictObject({
    pull: z.number().min(0).max(5).default(1).describe("Claim as a multiple of unmet need (ours)"),
  }),
  decide: (obs, params) => ({ claim: Math.round(Math.max(0, obs.need - obs.ownBudget) * params.pull) }),
});
