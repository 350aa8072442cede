/**
 * Policies of an integrated care board for closing a gap between commitments and allocation.
 * @packageDocumentation
 */
import { z } from "zod";
import type { IcbObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";

/**
 * Caps each cut at `cap[i]` and shares `gap` in proportion to `weight[i]`, refilling from lines not yet at
 * their cap (water-filling); returns whole pence whose sum is min(gap, Σ cap over lines with weight).
 */
export function proportionalCuts(gap: number, weight: readonly number[], cap: readonly number[]): number[] {
  const cuts = weight.map(() => 0);
  let left = Math.max(0, Math.round(gap));
  for (let round = 0; round < weight.length && left > 0; round++) {
    let total = 0;
    for (let i = 0; i < weight.length; i++) if (cuts[i]! < cap[i]! && weight[i]! > 0) total += weight[i]!;
    if (total <= 0) break;
    let given = 0;
    for (let i = 0; i < weight.length; i++) {
      if (cuts[i]! >= cap[i]! || !(weight[i]! > 0)) continue;
      const add = Math.min(cap[i]! - cuts[i]!, Math.floor((left * weight[i]!) / total));
      cuts[i]! += add;
      given += add;
    }
    left -= given;
    if (given === 0) {
      // Pennies left by rounding go to the first lines with room.
      for (let i = 0; i < weight.length && left > 0; i++) {
        if (!(weight[i]! > 0)) continue;
        const add = Math.min(cap[i]! - cuts[i]!, left);
        cuts[i]! += add;
        left -= add;
      }
    }
  }
  return cuts;
}

/** The most an ICB may cut from each observed line this year. */
export function cutCaps(obs: IcbObservation): number[] {
  return obs.lines.map((l) => (l.ringFenced ? 0 : Math.floor(l.pence * obs.maxCutPerLine)));
}

/**
 * History's rule: close a gap across every line that is not ring-fenced, in proportion to its size times
 * how little the scenario protects it, so hospitals are cut last (the 2016/17 sustainability fund went to
 * trusts while general practice grew 4.22% against the NHS's 5.4%).
 */
export const protectHospitals = definePolicy({
  kind: "icb",
  name: "protect-hospitals",
  description: "Shares a gap across lines in proportion to size × (1 − protection), each capped per year; acute contracts are protected most (ours; Pulse, 2016/17).",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: proportionalCuts(obs.gap, obs.lines.map((l) => l.pence * (1 - l.protection)), cutCaps(obs)) }),
});

/** Shares a gap across every line that is not ring-fenced in proportion to its size alone. */
export const proportionalTopSlice = definePolicy({
  kind: "icb",
  name: "proportional-top-slice",
  description: "Shares a gap across every line that is not ring-fenced in proportion to size, each capped per year (2022 white paper: one system envelope).",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: proportionalCuts(obs.gap, obs.lines.map((l) => l.pence), cutCaps(obs)) }),
});

/** Cuts nothing: the whole gap becomes the ICB's deficit. */
export const carryDeficit = definePolicy({
  kind: "icb",
  name: "carry-deficit",
  description: "Cuts no line; the gap is carried as an ICB deficit.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.lines.map(() => 0) }),
});
