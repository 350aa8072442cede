/**
 * The GP federation: an at-scale provider whose capability grows with investment; above a threshold (or
 * on an accelerated timeline) it can host an IHO, and as a host it bears part of the trusts' shortfall.
 * @packageDocumentation
 */
import { defineKind } from "@ringfence/core";
import type { NhsTypes } from "../domain.js";
import type { FederationState } from "../world.js";
import { applyHolderCuts, heldLines } from "./acute-trust.js";
import { sweepHolding } from "./shared.js";

/** The federation kind. */
export const federationKind = defineKind<NhsTypes, FederationState>({
  kind: "federation",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const icb = w.agents.icbs[w.indexOf[s.icb]!]!.state;
      if (icb.ihoHost !== agent.id) return;
      const acutes = icb.acutes.map((id) => w.agents.acutes[w.indexOf[id]!]!.state);
      if (w.scenario.governance.poolAcute) {
        for (const a of acutes) {
          sim.ledger.transfer(s.account, a.account, a.previousContract, "acute", "subcontract from the IHO");
          a.contract = a.previousContract;
          a.income += a.previousContract;
        }
      }
      // Under a capitated budget the integrator bears part of the trusts' shortfall.
      const shortfalls = acutes.map((a) => Math.max(0, a.cost - a.income));
      const exposure = Math.round(w.scenario.federation.riskShare * shortfalls.reduce((x, y) => x + y, 0));
      const held = heldLines(sim, s.holding);
      s.heldThisYear = held.reduce((n, h) => n + h.pence, 0);
      const decision = w.policies.federation.decide(
        { year: w.national.year, projectedDeficit: exposure, carriedDeficit: Math.max(0, -sim.ledger.balance(s.account)), held },
        sim.streams.get("federation", agent.id),
      );
      applyHolderCuts(sim, agent.id, s.holding, held, decision.cuts, s.account);
      // It pays its share of the trusts' shortfall, from cut lines if its policy cut them, else from its
      // own account (which may go into deficit: a risk the integrator carries).
      if (exposure > 0) {
        const parts = sim.ledger.distribute(s.account, acutes.map((a) => a.account), shortfalls, exposure, "settlement", "risk share paid to acute trusts");
        acutes.forEach((a, k) => {
          a.income += parts[k]!;
        });
      }
    },
    decide(agent, sim) {
      const s = agent.state;
      // After every payment of the year: what it did not pay out first clears its deficit, then funds its
      // own at-scale services.
      sim.world.year.gpLeaked += sweepHolding(sim, s.holding, s.account, "unspent held line kept by the federation");
      const spare = sim.ledger.balance(s.account);
      if (spare > 0) sim.ledger.transfer(s.account, sim.world.accounts.services, spare, "operating", "at-scale general practice services");
      const deficitShare = s.heldThisYear > 0 ? Math.max(0, -sim.ledger.balance(s.account)) / s.heldThisYear : 0;
      const p = sim.world.scenario.federation;
      const rng = sim.streams.get("federation", agent.id);
      const u = rng.next(); // drawn every year (common random numbers)
      if (s.failed) return;
      // Capability grows with the investment that holding a budget brings, slowly otherwise.
      s.capability += (s.hosting ? p.learningRate : p.learningRate / 5) * (1 - s.capability);
      if (!s.hosting) return;
      // Failure risk: a base rate (raised on an accelerated timeline), the capability gap, and the deficit
      // it carries relative to the general practice budget it held.
      const risk = Math.min(1, p.failureBase * (p.accelerated ? p.acceleratedFailureMultiplier : 1) + Math.max(0, p.integratorThreshold - s.capability) + deficitShare);
      if (u < risk) {
        s.failed = true;
        s.hosting = false;
        sim.events.emit({ type: "federation-failed", federation: agent.id, year: sim.calendar.yearLabel(sim.tick) });
      }
    },
  },
});
