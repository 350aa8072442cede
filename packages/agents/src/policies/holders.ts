/**
 * The rule of a body that holds general practice lines or transformation money and may move it into its
 * own services: one rule for acute trusts and federations alike, with behaviour set per kind of holder by
 * the scenario (`iho.acute`, `iho.federation`).
 * @packageDocumentation
 */
import { z } from "zod";
import { GP_LINES } from "../domain.js";
import type { HeldLine, HolderDecision, HolderObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";
import type { Rng } from "@ringfence/core";

/** The order a holder cuts lines in: transformation money first, then general practice lines, core last. */
export const CUT_ORDER: readonly HeldLine["line"][] = ["transformation", ...GP_LINES];

/**
 * The share of a shortfall covered this year: logit-normal around `median`, from one standard normal
 * draw, so for the same draw a higher median always gives a higher share (paired comparisons stay monotone).
 */
export function drawPropensity(median: number, spread: number, z: number): number {
  if (median <= 0) return 0;
  if (median >= 1) return 1;
  const logit = Math.log(median / (1 - median)) + spread * z;
  return 1 / (1 + Math.exp(-logit));
}

/** Cuts held lines in `order`, skipping ring-fenced ones, until `amount` pence are found or lines run out. */
export function cutInOrder(held: readonly HeldLine[], order: readonly HeldLine["line"][], amount: number): number[] {
  const cuts = held.map(() => 0);
  let left = Math.max(0, Math.floor(amount));
  for (const line of order) {
    const i = held.findIndex((h) => h.line === line);
    if (i < 0 || left <= 0) continue;
    const h = held[i]!;
    if (h.ringFenced) continue;
    const cut = Math.min(h.pence, left);
    cuts[i] = cut;
    left -= cut;
  }
  return cuts;
}

/** The diversion rule: cover a drawn share of the shortfall (and carried deficit) from held lines, in order. */
export function divertShortfall(obs: HolderObservation, rng: Rng): HolderDecision {
  const propensity = drawPropensity(obs.profile.propensity, obs.profile.spread, rng.normal());
  const need = Math.max(0, obs.shortfall) + obs.carriedDeficit;
  return { cuts: cutInOrder(obs.held, CUT_ORDER, propensity * need) };
}

const description = "Covers a drawn share (logit-normal around the holder's propensity) of its shortfall by cutting held lines, transformation money first and core last (Gowland, The General Practice Blog, June 2025).";

/**
 * Seed 004: "hospitals use whatever funding they can to shore up hospital services". An acute trust holding
 * general practice lines (as an IHO host) or transformation money covers part of its shortfall from them.
 */
export const divertAcute = definePolicy({ kind: "acute-trust", name: "divert-shortfall", description, params: z.strictObject({}), decide: (obs, _p, rng) => divertShortfall(obs, rng) });

/** The same rule for a federation hosting an IHO, with the federation profile's propensity. */
export const divertFederation = definePolicy({ kind: "federation", name: "divert-shortfall", description, params: z.strictObject({}), decide: (obs, _p, rng) => divertShortfall(obs, rng) });

/** Pays every held line in full, whatever its own position (acute trust). */
export const acutePassThrough = definePolicy({
  kind: "acute-trust",
  name: "pass-through",
  description: "Pays every held line in full.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.held.map(() => 0) }),
});

/** Pays every held line in full, whatever its own position (federation). */
export const federationPassThrough = definePolicy({
  kind: "federation",
  name: "pass-through",
  description: "Pays every held line in full.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.held.map(() => 0) }),
});
