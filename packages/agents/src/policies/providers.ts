/**
 * Default policies of practices, PCNs and councils.
 * @packageDocumentation
 */
import type { Rng } from "@ringfence/core";
import { z } from "zod";
import type { EntryObservation, PracticeDecision, PracticeObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";

/**
 * A practice's yearly chance of leaving: a base hazard that is higher for small practices (consolidation,
 * retirement); a distress hazard that rises linearly as drawings per partner FTE fall below what the partners
 * could earn as salaried GPs (none at the salaried pay, the full hazard at no drawings); and the last partner
 * standing's hazard, for the premises and staff liabilities one partner carries alone.
 */
export function exitHazard(obs: PracticeObservation): number {
  const r = obs.rules;
  const base = r.baseHazard * sizeFactor(obs);
  const distress = obs.salariedAlternative > 0 ? Math.min(1, Math.max(0, 1 - obs.drawingsPerPartner / obs.salariedAlternative)) : 0;
  return Math.min(1, base + r.distressHazard * distress + (obs.lastPartner ? r.lastPartnerHazard : 0));
}

/**
 * A practice's yearly chance of merging into a neighbour to work at scale, on top of {@link exitHazard}: the
 * scenario's consolidation hazard while national policy pushes for scale, as much higher for small practices
 * as the base hazard, less the share networks relieve once they are paid.
 */
export function consolidationHazard(obs: PracticeObservation): number {
  const r = obs.rules;
  if (!obs.atScalePush || r.consolidationHazard <= 0) return 0;
  return r.consolidationHazard * sizeFactor(obs) * (obs.networked ? 1 - r.networkRelief : 1);
}

/** How much faster a practice of this size leaves or merges than one of average size: (mean list / list)^elasticity. */
function sizeFactor(obs: PracticeObservation): number {
  return Math.pow(Math.max(0.05, obs.smallness), obs.rules.sizeElasticity);
}

/**
 * How many new practices an ICB opens this year: a Poisson count with mean the scenario's entry rate times the
 * ICB's open practices (none, and no draw from `rng`, when the rate is 0 or no practice is open).
 * @remarks Deterministic for the same observation and stream; the draw is made only when the mean is above 0,
 * so a scenario without entry consumes nothing from the entry stream.
 */
export function practiceOpenings(obs: EntryObservation, rng: Rng): number {
  const mean = obs.rules.entryRate * obs.openPractices;
  return mean > 0 ? rng.poisson(mean) : 0;
}

/**
 * The list a new practice opens with, as a share of its ICB's mean list: half (ours). The fit years' new
 * practices whose list no neighbour in their CCG could have given (13 of them) had median first lists of
 * 6,862, 3,526 and 5,165 in 2015/16–2017/18, 0.93, 0.46 and 0.64 of those years' mean lists (7,358, 7,704 and
 * 8,061 registered patients per practice with a list; NHS Digital, NHS Payments to General Practice): half is
 * at the low end, for a practice that opens small and grows.
 */
export const ENTRANT_LIST_SHARE = 0.5;

/**
 * Seed 001: partners who would earn more as salaried GPs hand back their contract, merge, or become a
 * salaried department. Leaving follows {@link exitHazard}; the route is drawn with the scenario's shares,
 * falling back to handing back when no neighbour can absorb it.
 */
export const exitByHazard = definePolicy({
  kind: "practice",
  name: "exit-hazard",
  description: "Leaves with a yearly hazard (higher for small practices, when drawings per partner fall below a salaried GP's pay, and for a last partner standing); merges, goes salaried or hands back with set shares (GPonline on the GPC red line, 2015; ours, calibrated); merges for scale with a further hazard while policy pushes for it (GP Forward View, 2016), less what networks relieve.",
  params: z.strictObject({}),
  decide(obs, _params, rng): PracticeDecision {
    const u = rng.next(); // both drawn every year, used or not (common random numbers)
    const v = rng.next();
    if (obs.salaried) return "continue";
    const leave = exitHazard(obs);
    // The at-scale merger takes the slice of u above the exit hazard, so with none the draws decide as before.
    if (u >= leave) return u < leave + consolidationHazard(obs) && obs.canMerge ? "merge" : "continue";
    const r = obs.rules;
    if (v < r.salariedShare && obs.canBecomeSalaried) return "salaried";
    if (v < r.salariedShare + r.mergeShare && obs.canMerge) return "merge";
    return "hand-back";
  },
});

/** A PCN leaves a Beta-drawn share of its additional-roles money unspent (≈6% in 2023/24). */
export const arrsUnderspend = definePolicy({
  kind: "pcn",
  name: "arrs-underspend",
  description: "Leaves a Beta-drawn share of additional-roles money unspent (6% in 2023/24, Management in Practice).",
  params: z.strictObject({
    mean: z.number().min(0).max(1).default(0.06).describe("Mean unspent share"),
    concentration: z.number().min(1).max(1000).default(30).describe("Concentration of the draw"),
  }),
  decide(obs, params, rng) {
    const share = params.mean <= 0 ? 0 : params.mean >= 1 ? 1 : rng.beta(params.mean * params.concentration, (1 - params.mean) * params.concentration);
    return { underspend: Math.round(obs.arrsBudget * share) };
  },
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
