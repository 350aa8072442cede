/**
 * The acute trust: demand and cost growth, contract income, surplus or deficit; as an IHO host it holds
 * general practice lines and its policy decides whether to move them into hospital services.
 * @packageDocumentation
 */
import { defineKind } from "@ringfence/core";
import { GP_LINES, type NhsTypes } from "../domain.js";
import type { HeldLine } from "../policies/signatures.js";
import { LINE_COUNT, type AcuteTrustState, type LineHolding } from "../world.js";
import { instalment, sweepHolding, type NhsSim } from "./shared.js";

/**
 * Applies a holder policy's cuts to its held lines: moves each cut into `to` (the holder's own services),
 * lowers the line's factor, counts the diversion and emits an event. Ring-fenced lines are never cut.
 * @returns pence moved.
 */
export function applyHolderCuts(
  sim: NhsSim,
  holderId: number,
  holding: LineHolding,
  held: readonly HeldLine[],
  cuts: readonly number[],
  to: LineHolding["accounts"][number],
): number {
  let total = 0;
  held.forEach((h, k) => {
    const i = GP_LINES.indexOf(h.line);
    const cut = h.ringFenced ? 0 : Math.max(0, Math.min(Math.floor(cuts[k] ?? 0), h.pence));
    if (cut <= 0) return;
    sim.ledger.transfer(holding.accounts[i]!, to, cut, h.line, "diverted to the holder's own services");
    holding.factor[i] = h.pence > 0 ? holding.factor[i]! * (1 - cut / h.pence) : 0;
    total += cut;
    sim.world.year.gpDiverted += cut;
    sim.events.emit({ type: "gp-money-diverted", holder: holderId, line: h.line, pence: cut, year: sim.calendar.yearLabel(sim.tick) });
  });
  return total;
}

/** The lines a holder holds this year, as its policy observes them. */
export function heldLines(sim: NhsSim, holding: LineHolding): HeldLine[] {
  const out: HeldLine[] = [];
  for (let i = 0; i < LINE_COUNT; i++) {
    const pence = sim.ledger.balance(holding.accounts[i]!);
    if (pence > 0) out.push({ line: GP_LINES[i]!, pence, ringFenced: sim.world.ringFenced[i]! });
  }
  return out;
}

/** The acute trust kind. */
export const acuteTrustKind = defineKind<NhsTypes, AcuteTrustState>({
  kind: "acute-trust",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const p = w.scenario.acuteTrust;
      const y = w.national.year;
      const rng = sim.streams.get("acute-demand", agent.id);
      // Every draw happens every year, whatever the scenario, so the stream stays paired.
      const demand = rng.normal(p.demandGrowthMean, p.demandGrowthSd);
      const winter = rng.bernoulli(p.winterShockProbability);
      const payExcess = rng.normal(p.payAwardExcessMean, 0.005);
      const efficiency = rng.normal(p.efficiencyAchievedMean, 0.005);
      const startMargin = rng.normal(p.startMarginMean, p.startMarginSd);
      s.demandGrowth = demand;
      const icb = w.agents.icbs[w.indexOf[s.icb]!]!.state;
      if (y === 0) {
        s.cost = Math.round(s.contract > 0 ? s.contract * (1 - startMargin) : (w.scenario.icb.acuteShare * icb.allocation * s.share) * (1 - startMargin));
      } else {
        const growth = w.national.inflation + p.payShare * payExcess - efficiency + demand + (winter ? p.winterShockSize : 0);
        s.cost = Math.max(0, Math.round(s.cost * (1 + growth)) - (s.decommission.get(y) ?? 0));
      }
      s.decommission.delete(y);

      if (icb.ihoHost !== agent.id) return;
      // Hosting the IHO: pay the other trusts their contracts, then decide about the held lines.
      if (w.scenario.governance.poolAcute) {
        for (const id of icb.acutes) {
          const other = w.agents.acutes[w.indexOf[id]!]!.state;
          const due = other.previousContract;
          if (id === agent.id) s.contract = due;
          else {
            sim.ledger.transfer(s.account, other.account, due, "acute", "subcontract from the IHO");
            other.income += due;
            other.contract = due;
          }
        }
        s.income += s.contract;
      }
      const held = heldLines(sim, s.holding);
      const decision = w.policies["acute-trust"].decide(
        {
          year: y,
          projectedDeficit: s.cost - s.income,
          carriedDeficit: Math.round(s.carriedDeficit * p.deficitRecovery),
          held,
        },
        sim.streams.get("acute-divert", agent.id),
      );
      const moved = applyHolderCuts(sim, agent.id, s.holding, held, decision.cuts, s.account);
      s.diverted += moved;
      s.income += moved;
    },
    operate(agent, sim) {
      const s = agent.state;
      const t = sim.calendar.tickInYear(sim.tick);
      sim.ledger.transfer(s.account, sim.world.accounts.services, instalment(s.cost, t, sim.calendar.ticksPerYear), "operating", "hospital services");
    },
    decide(agent, sim) {
      const s = agent.state;
      // After every payment of the year: what a host did not pay out of its held lines stays in the hospital.
      const left = sweepHolding(sim, s.holding, s.account, "unspent held line kept by the trust");
      sim.world.year.gpLeaked += left;
      s.diverted += left;
      s.income += left;
      s.carriedDeficit = Math.max(0, -sim.ledger.balance(s.account));
    },
  },
});
