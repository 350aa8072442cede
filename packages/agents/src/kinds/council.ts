/**
 * The council: social care need and its own budget, the Better Care Fund, and contributions to place pools.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { COUNCIL_COLUMNS, type CouncilLinks } from "../columns.js";
import { gather } from "./shared.js";
import type { NhsTypes } from "../world.js";

/** The council kind: sets its budget and its year of social care spending (a capped standing order). */
export const councilKind = defineKind<NhsTypes, CouncilLinks>()({
  kind: "council",
  columns: COUNCIL_COLUMNS,
  act: {
    allocate(row, t, sim) {
      const w = sim.world;
      const p = w.scenario.council;
      const c = t.cols;
      const account = c.account[row]! as AccountId;
      const growth = sim.streams.get("council", row).normal(p.demandGrowthMean, p.demandGrowthSd); // drawn every year
      if (w.national.year === 0) {
        const spend = Math.round(p.spendPerPatient * 100 * w.aggregates.icbList[c.icb[row]!]! * c.populationShare[row]!);
        c.need[row] = Math.round(spend / (1 - p.startGap));
        c.ownBudget[row] = Math.max(0, spend - Math.round(w.tables.icb.cols.bcf[c.icb[row]!]! * c.populationShare[row]!));
      } else {
        c.need[row] = Math.round(c.need[row]! * (1 + growth));
        c.ownBudget[row] = Math.round(c.ownBudget[row]! * (1 + p.budgetGrowth));
      }
      sim.ledger.transfer(w.accounts.localTaxation, account, c.ownBudget[row]!, "social-care", "council social care budget");
      const places = t.state[row]!.places;
      if (w.scenario.governance.poolSocialCare && places.length > 0) {
        const place = w.tables.place;
        const parts = split(Math.round(p.poolContribution * c.ownBudget[row]!), gather(places, place.cols.populationShare));
        sim.ledger.transferMany(account, gather(places, place.cols.account), parts, "social-care", "council contribution to the place pool");
      }
      // Social care is spent through the year as far as the council's money goes.
      c.order[row] = sim.orders.add(account, w.accounts.services, c.need[row]!, "social-care", { capped: true, reason: "adult social care" });
    },
    settle(row, t, sim) {
      sim.world.year.socialCareNeed += t.cols.need[row]!;
      sim.world.year.socialCareSpent += sim.orders.paid(t.cols.order[row]!);
    },
  },
});
