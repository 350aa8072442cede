/**
 * The council: adult social care need, which grows with demography and the unit cost of care; its own
 * budget, which follows councils' core spending power (the published path in history years); the Better
 * Care Fund; and contributions to place pools.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { COUNCIL_COLUMNS, type CouncilLinks } from "../columns.js";
import { spendingPowerGrowth } from "../spending-power.js";
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
      const n = w.national;
      // Need grows with prices, demography and the unit cost of care above prices, with a yearly spread.
      const noise = sim.streams.get("council", row).normal(0, p.demandGrowthSd); // drawn every year
      const needGrowth = (1 + n.inflation) * (1 + p.demographicGrowth) * (1 + p.unitCostGrowth) - 1 + noise;
      // The budget follows councils' core spending power: the published path in history years, the scenario's after.
      const power = n.history === undefined ? p.spendingPowerGrowth : (spendingPowerGrowth(w.runStart + n.year) ?? p.spendingPowerGrowth);
      if (n.year === 0) {
        const spend = Math.round(p.spendPerPatient * 100 * w.aggregates.icbList[c.icb[row]!]! * c.populationShare[row]!);
        c.need[row] = Math.round(spend / (1 - p.startGap));
        c.ownBudget[row] = Math.max(0, spend - Math.round(w.tables.icb.cols.bcf[c.icb[row]!]! * c.populationShare[row]!));
      } else {
        c.need[row] = Math.round(c.need[row]! * (1 + needGrowth));
        c.ownBudget[row] = Math.round(c.ownBudget[row]! * (1 + n.inflation) * (1 + power));
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
