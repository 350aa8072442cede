/**
 * Helpers the kinds share: monthly instalments, line routing, formula amounts.
 * @packageDocumentation
 */
import type { Sim } from "@ringfence/core";
import type { NhsTypes } from "../domain.js";
import { LINE, LINE_COUNT, type LineHolding, type PracticeState, type World } from "../world.js";

/** The simulation as NHS kinds see it. */
export type NhsSim = Sim<NhsTypes>;

/** The part of an annual amount paid in period `k` of `n` (the parts sum exactly to the amount). */
export function instalment(annual: number, k: number, n: number): number {
  return Math.floor((annual * (k + 1)) / n) - Math.floor((annual * k) / n);
}

/** National formula amount of each line for one practice this year, pence (index as in GP_LINES). */
export function formulaOf(world: World, p: PracticeState, out: number[]): number[] {
  const r = world.national.rates;
  for (let i = 0; i < LINE_COUNT; i++) out[i] = r[i]! * p.list;
  out[LINE.core] = r[LINE.core]! * p.list * p.weighting;
  return out;
}

/** National formula of each line summed over open practices, pence. */
export function formulaOfPractices(world: World, practiceIds: readonly number[]): number[] {
  const total = [0, 0, 0, 0, 0];
  const one = [0, 0, 0, 0, 0];
  for (const id of practiceIds) {
    const p = world.agents.practices[world.indexOf[id]!]!;
    if (p.state.status !== "open") continue;
    formulaOf(world, p.state, one);
    for (let i = 0; i < LINE_COUNT; i++) total[i]! += one[i]!;
  }
  return total.map(Math.round);
}

/** Who pays line `line` this year for practices of ICB `icb` in place `place` (global place index). */
export function holdingFor(world: World, icbIndex: number, place: number, line: number): LineHolding {
  const icb = world.agents.icbs[icbIndex]!.state;
  if (world.pooled[line]) {
    const gov = world.scenario.governance;
    if (gov.holder === "place-board") return world.agents.places[place]!.state.holding;
    if (gov.holder === "iho" && icb.ihoHost >= 0) return hostHolding(world, icb.ihoHost) ?? icb.holding;
  }
  return icb.holding;
}

function hostHolding(world: World, hostId: number): LineHolding | null {
  const k = world.indexOf[hostId]!;
  const acute = world.agents.acutes[k];
  if (acute !== undefined && acute.id === hostId) return acute.state.holding;
  const fed = world.agents.federations[k];
  if (fed !== undefined && fed.id === hostId) return fed.state.holding;
  return null;
}

/** Moves whatever is left in a holding's line accounts to `to`, returning the pence moved. */
export function sweepHolding(sim: NhsSim, holding: LineHolding, to: LineHolding["accounts"][number], reason: string): number {
  let moved = 0;
  const lines = ["enhanced", "pcn", "qof", "premises", "core"] as const;
  for (let i = 0; i < LINE_COUNT; i++) {
    const acc = holding.accounts[i]!;
    const left = sim.ledger.balance(acc);
    if (left > 0) {
      sim.ledger.transfer(acc, to, left, lines[i]!, reason);
      moved += left;
    }
  }
  return moved;
}
