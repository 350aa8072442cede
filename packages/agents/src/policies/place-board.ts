/**
 * Policies of a place board sharing a pooled budget.
 * @packageDocumentation
 */
import { z } from "zod";
import type { PlaceDecision, PlaceObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";

/**
 * Shares a pot among claims. When the pot covers every claim, the rest is shared in proportion to
 * claim × weight. When it falls short, the shortfall is shared in proportion to claim ÷ weight
 * (a louder voice loses less), no claim losing more than it asked for.
 */
export function shareByVoice(obs: PlaceObservation): PlaceDecision {
  const pot = Math.max(0, Math.floor(obs.pot));
  const claims = obs.claims.map((c) => Math.max(0, Math.floor(c.pence)));
  const total = claims.reduce((a, b) => a + b, 0);
  const grants = claims.slice();
  if (total <= pot) {
    const spare = pot - total;
    const w = obs.claims.map((c, i) => claims[i]! * Math.max(c.weight, 1e-9));
    const wsum = w.reduce((a, b) => a + b, 0);
    let given = 0;
    for (let i = 0; i < grants.length; i++) {
      const add = wsum > 0 ? Math.floor((spare * w[i]!) / wsum) : 0;
      grants[i]! += add;
      given += add;
    }
    if (grants.length > 0) grants[0]! += spare - given;
    return { grants };
  }
  let shortfall = total - pot;
  const open = claims.map((c) => c > 0);
  while (shortfall > 0 && open.some(Boolean)) {
    let wsum = 0;
    for (let i = 0; i < claims.length; i++) if (open[i]) wsum += claims[i]! / Math.max(obs.claims[i]!.weight, 1e-9);
    let taken = 0;
    for (let i = 0; i < claims.length; i++) {
      if (!open[i]) continue;
      const share = Math.ceil((shortfall * (claims[i]! / Math.max(obs.claims[i]!.weight, 1e-9))) / wsum);
      const cut = Math.min(share, grants[i]!, shortfall - taken);
      grants[i]! -= cut;
      taken += cut;
      if (grants[i] === 0) open[i] = false;
    }
    shortfall -= taken;
    if (taken === 0) break;
  }
  return { grants };
}

/** Seeds 002 and 003: the pot is shared by the members' voice, weighted by the accountable person's lean. */
export const voiceWeighted = definePolicy({
  kind: "place-board",
  name: "voice-weighted",
  description: "Shares the pooled pot by claims weighted by each member's voice and the accountable person's lean (seeds 002, 003).",
  params: z.strictObject({}),
  decide: (obs) => shareByVoice(obs),
});

/** Shares shortfalls in proportion to claims alone, ignoring voice (a neutral benchmark). */
export const proportionalShare = definePolicy({
  kind: "place-board",
  name: "proportional",
  description: "Shares the pot in proportion to claims, ignoring voice.",
  params: z.strictObject({}),
  decide: (obs) => shareByVoice({ pot: obs.pot, claims: obs.claims.map((c) => ({ ...c, weight: 1 })) }),
});
