/**
 * Policies for a provider that holds general practice lines (an acute trust or a federation hosting an
 * integrated health organisation).
 * @packageDocumentation
 */
import type { Rng } from "@ringfence/core";
import { z } from "zod";
import { GP_LINES, type GpLine } from "../domain.js";
import type { HolderDecision, HolderObservation } from "./signatures.js";
import { definePolicy } from "./registry.js";

const divertParams = z.strictObject({
  propensity: z.number().min(0).max(1).default(0.5).describe("Median share of its shortfall a holder covers from general practice lines (ours; seed 004)"),
  spread: z.number().min(0).max(5).default(0.5).describe("Year-to-year spread of the propensity on the logit scale (ours)"),
  order: z.array(z.enum(GP_LINES)).default([...GP_LINES]).describe("Order in which lines are cut (seed 004: enhanced services, PCN money, QOF, then core)"),
});

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
export function cutInOrder(held: HolderObservation["held"], order: readonly GpLine[], amount: number): number[] {
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

/** The divert rule shared by acute trusts and federations: cover a drawn share of the shortfall from held lines. */
function divert(obs: HolderObservation, params: z.output<typeof divertParams>, rng: Rng): HolderDecision {
  const propensity = drawPropensity(params.propensity, params.spread, rng.normal());
  const need = Math.max(0, obs.projectedDeficit) + obs.carriedDeficit;
  return { cuts: cutInOrder(obs.held, params.order, propensity * need) };
}

/**
 * Seed 004: "hospitals use whatever funding they can to shore up hospital services". When its own
 * services are short, the holder covers a drawn share of the shortfall by cutting held lines in order.
 */
export const divertToHospital = definePolicy({
  kind: "acute-trust",
  name: "divert-to-hospital",
  description: "Covers a drawn share (logit-normal around a median) of its own shortfall by cutting held general practice lines in order (seed 004).",
  params: divertParams,
  decide: divert,
});

/** Pays every held line in full, whatever its own position. */
export const acutePassThrough = definePolicy({
  kind: "acute-trust",
  name: "pass-through",
  description: "Pays every held general practice line in full.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.held.map(() => 0) }),
});

/** A federation hosting an IHO pays every held line in full (its own services are general practice). */
export const federationPassThrough = definePolicy({
  kind: "federation",
  name: "pass-through",
  description: "Pays every held general practice line in full.",
  params: z.strictObject({}),
  decide: (obs) => ({ cuts: obs.held.map(() => 0) }),
});

/** A federation may divert too: the same rule as the acute trust's, for symmetric comparisons. */
export const federationDivert = definePolicy({
  kind: "federation",
  name: "divert-to-own-services",
  description: "Covers a drawn share of its own shortfall by cutting held lines in order (the acute rule, for symmetry).",
  params: divertParams,
  decide: divert,
});
