/**
 * The council: social care need and its own budget, the Better Care Fund, and contributions to pooled funds.
 * @packageDocumentation
 */
import { defineKind } from "@ringfence/core";
import type { NhsTypes } from "../domain.js";
import type { CouncilState } from "../world.js";
import { instalment } from "./shared.js";

/** The council kind. */
export const councilKind = defineKind<NhsTypes, CouncilState>({
  kind: "council",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const c = w.scenario.council;
      const rng = sim.streams.get("council", agent.id);
      const growth = rng.normal(c.demandGrowthMean, c.demandGrowthSd);
      if (w.national.year === 0) {
        const icb = w.agents.icbs[w.indexOf[s.icb]!]!.state;
        const patients = icb.practices.reduce((n, id) => n + w.agents.practices[w.indexOf[id]!]!.state.list, 0);
        const spend = Math.round(c.spendPerPatient * 100 * patients * s.populationShare);
        s.need = Math.round(spend / (1 - c.startGap));
        s.ownBudget = Math.max(0, spend - Math.round(icb.bcf * s.populationShare));
      } else {
        s.need = Math.round(s.need * (1 + growth));
        s.ownBudget = Math.round(s.ownBudget * (1 + c.budgetGrowth));
      }
      sim.ledger.transfer(w.accounts.localTaxation, s.account, s.ownBudget, "social-care", "council social care budget");
      if (w.scenario.governance.poolSocialCare && s.places.length > 0) {
        const places = s.places.map((id) => w.agents.places[w.indexOf[id]!]!.state);
        sim.ledger.distribute(s.account, places.map((p) => p.account), places.map((p) => p.populationShare), Math.round(c.poolContribution * s.ownBudget), "social-care", "council contribution to the place pool");
      }
    },
    operate(agent, sim) {
      const s = agent.state;
      const due = Math.min(instalment(s.need, sim.calendar.tickInYear(sim.tick), sim.calendar.ticksPerYear), sim.ledger.balance(s.account));
      if (due <= 0) return;
      sim.ledger.transfer(s.account, sim.world.accounts.services, due, "social-care", "adult social care");
      s.spent += due;
    },
    settle(agent, sim) {
      sim.world.year.socialCareNeed += agent.state.need;
      sim.world.year.socialCareSpent += agent.state.spent;
    },
  },
});
