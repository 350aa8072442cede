/**
 * Policies of a place board sharing a pooled budget.
 * @packageDocumentation
 */
import { z } from "zod";
import type { PlaceDecision, PlaceObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";

/**
 * Rounds real grants down to whole pence and hands the pennies left over to the last claims first, so the
 * first claim's grant is ⌊its real grant⌋: rounding never turns a larger real grant into a smaller one.
 */
function roundGrants(real: readonly number[], claims: readonly number[], total: number): number[] {
  const grants = real.map((r) => Math.max(0, Math.floor(r + 1e-9)));
  let left = total - grants.reduce((a, b) => a + b, 0);
  for (let i = grants.length - 1; i >= 1 && left > 0; i--) {
    const room = Math.max(0, claims[i] === undefined ? left : Math.ceil(real[i]!) - grants[i]!);
    const add = Math.min(room, left);
    grants[i]! += add;
    left -= add;
  }
  if (left > 0 && grants.length > 0) grants[0]! += left;
  return grants;
}

/**
 * Shares a pot among claims by voice. When the pot covers every claim, the spare is shared in proportion to
 * claim × weight. When it falls short, the shortfall is shared as claim ÷ weight up to a common level, no
 * claim losing more than it asked for (water-filling): a louder voice loses less.
 * @remarks A claim's grant never falls when its own weight rises, the others' weights held (tested).
 */
export function shareByVoice(obs: PlaceObservation): PlaceDecision {
  const pot = Math.max(0, Math.floor(obs.pot));
  const claims = obs.claims.map((c) => Math.max(0, Math.floor(c.pence)));
  const weights = obs.claims.map((c) => Math.max(c.weight, 1e-9));
  const total = claims.reduce((a, b) => a + b, 0);
  if (claims.length === 0) return { grants: [] };
  if (total <= pot) {
    const spare = pot - total;
    const w = claims.map((c, i) => c * weights[i]!);
    const wsum = w.reduce((a, b) => a + b, 0);
    const real = claims.map((c, i) => c + (wsum > 0 ? (spare * w[i]!) / wsum : i === 0 ? spare : 0));
    return { grants: roundGrants(real, claims.map(() => Number.POSITIVE_INFINITY), pot) };
  }
  // Water level λ: cut_i = min(claim_i, λ · claim_i / weight_i), Σ cut_i = shortfall.
  const shortfall = total - pot;
  const slope = claims.map((c, i) => c / weights[i]!);
  const caps = claims.map((c, i) => (slope[i]! > 0 ? c / slope[i]! : Number.POSITIVE_INFINITY)); // λ at which claim i is cut to 0
  const order = claims.map((_, i) => i).filter((i) => slope[i]! > 0).sort((a, b) => caps[a]! - caps[b]!);
  let fixed = 0; // pence of claims already cut to zero
  let activeSlope = order.reduce((s, i) => s + slope[i]!, 0);
  let lambda = 0;
  for (const i of order) {
    const level = (shortfall - fixed) / activeSlope;
    if (level <= caps[i]!) {
      lambda = level;
      break;
    }
    fixed += claims[i]!;
    activeSlope -= slope[i]!;
    lambda = caps[i]!;
  }
  const real = claims.map((c, i) => c - Math.min(c, lambda * slope[i]!));
  return { grants: roundGrants(real, claims, pot) };
}

/** Seeds 002 and 003: the pot is shared by the members' voice, weighted by the accountable person's lean. */
export const voiceWeighted = definePolicy({
  kind: "place-board",
  name: "voice-weighted",
  description: "Shares the pooled pot by claims weighted by each member's voice and the accountable person's lean (seeds 002, 003).",
  params: z.strictObject({}),
  decide: (obs) => shareByVoice(obs),
});

/** Shares the pot in proportion to claims alone, ignoring voice (a neutral benchmark). */
export const proportionalShare = definePolicy({
  kind: "place-board",
  name: "proportional",
  description: "Shares the pot in proportion to claims, ignoring voice.",
  params: z.strictObject({}),
  decide: (obs) => shareByVoice({ pot: obs.pot, claims: obs.claims.map((c) => ({ ...c, weight: 1 })) }),
});
