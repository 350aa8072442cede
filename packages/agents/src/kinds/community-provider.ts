/**
 * Community and mental health services: one provider per ICB area with its own contract, demand and cost
 * growth, and a deficit that emerges when costs outgrow the contract (no longer a silent residual).
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { COMMUNITY_COLUMNS } from "../columns.js";
import type { NhsTypes } from "../world.js";

/** The community and mental health provider kind. */
export const communityProviderKind = defineKind<NhsTypes>()({
  kind: "community-provider",
  columns: COMMUNITY_COLUMNS,
  systems: {
    allocate(t, sim) {
      const w = sim.world;
      const p = w.scenario.community;
      const ap = w.scenario.acuteTrust;
      const n = w.national;
      const c = t.cols;
      const demand = sim.streams.column("community-demand", t.size);
      const start = sim.streams.column("setup-community", t.size);
      for (const r of t.rows()) {
        const growth = demand.normal(r, p.demandGrowth, p.demandSd); // drawn every year (common random numbers)
        if (n.year === 0) c.cost[r] = Math.round(c.contract[r]! * (1 - start.normal(r, p.startMarginMean, 0.01)));
        // Extra activity the ICB bought from its headroom this year is delivered, at a cost.
        else c.cost[r] = Math.max(0, Math.round(c.cost[r]! * (1 + n.inflation + ap.payShare * ap.payAwardExcessMean - p.efficiencyDelivered) * (1 + growth)) + Math.round(w.scenario.icb.extraActivityCost * c.extraBought[r]!));
        sim.orders.add(c.account[r]! as AccountId, w.accounts.services, c.cost[r]!, "operating", { reason: "community and mental health services" });
      }
    },
    decide(t, sim) {
      const c = t.cols;
      for (const r of t.rows()) c.carriedDeficit[r] = Math.max(0, -sim.ledger.balance(c.account[r]! as AccountId));
    },
  },
});
