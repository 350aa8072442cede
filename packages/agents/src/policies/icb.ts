/**
 * Policies of an integrated care board for closing a gap between commitments and allocation.
 * @packageDocumentation
 */
import { z } from "zod";
import { definePolicy } from "./registry.js";

/**
 * Caps each cut at `cap[i]` and shares `gap` in proportion to `size[i]`, refilling from lines not yet at
 * their cap (water-filling); returns whole pence whose sum is min(gap, Σcap).
 */
export function proportionalCuts(gap: number, size: readonly number[], cap: readonly number[]): number[] {
  const cuts = size.map(() => 0);
  let left = Math.max(0, Math.round(gap));
  for (let round = 0; round < size.length && left > 0; round++) {
    let weight = 0;
    for (let i = 0; i < size.length; i++) if (cuts[i]! < cap[i]!) weight += size[i]!;
    if (weight <= 0) break;
    let given = 0;
    for (let i = 0; i < size.length; i++) {
      if (cuts[i]! >= cap[i]!) continue;
      const add = Math.min(cap[i]! - cuts[i]!, Math.floor((left * size[i]!) / weight));
      cuts[i]! += add;
      given += add;
    }
    left -= given;
    if (given === 0) {
      // Pennies left by rounding go to the first lines with room.
      for (let i = 0; i < size.length && left > 0; i++) {
        const add = Math.min(cap[i]! - cuts[i]!, left);
        cuts[i]! += add;
        left -= add;
      }
    }
  }
  return cuts;
}

/** Tops-slices every line that is not ring-fenced in proportion to its size, each up to the yearly cap. */
export const proportionalTopSlice = definePolicy({
  kind: "icb",
  name: "proportional-top-slice",
  description: "Shares a system gap across every line that is not ring-fenced, in proportion to size, each capped per year (2022 white paper: one system envelope).",
  params: z.strictObject({}),
  decide(obs) {
    const cap = obs.lines.map((l) => (l.ringFenced ? 0 : Math.floor(l.pence * obs.maxCutPerLine)));
    return { cuts: proportionalCuts(obs.gap, obs.lines.map((l) => l.pence), cap) };
  },
});

/** Cuts nothing: the whole gap becomes the ICB's deficit. */
export const carryDeficit = definePolicy({
  kind: "icb",
  name: "carry-deficit",
  description: "Cuts no line; the gap is carried as a system deficit.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.lines.map(() => 0) }),
});
