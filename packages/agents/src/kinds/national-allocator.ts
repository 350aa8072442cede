/**
 * The national allocator (NHS England): the yearly settlement and allocations to ICBs by weighted population.
 * @packageDocumentation
 */
import { defineKind } from "@ringfence/core";
import type { NhsTypes } from "../domain.js";
import type { AllocatorState } from "../world.js";

/** The national allocator kind: acts when a financial year opens. */
export const nationalAllocatorKind = defineKind<NhsTypes, AllocatorState>({
  kind: "national-allocator",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const n = w.national;
      const sc = w.scenario;
      const y = sim.calendar.yearIndex(sim.tick);
      const d = w.policies["national-allocator"].decide(
        {
          year: y,
          realGrowthMean: sc.national.realGrowthMean,
          realGrowthSd: sc.national.realGrowthSd,
          inflationMean: sc.national.inflationMean,
          inflationSd: sc.national.inflationSd,
          noNewMoney: sc.levers.noNewMoney,
          contractRealUpliftMean: sc.national.gpContractRealUplift,
          contractRealUpliftSd: sc.national.gpContractRealUpliftSd,
        },
        sim.streams.get("national"),
      );
      if (y > 0) {
        n.priceIndex *= 1 + d.inflation;
        n.allocation = Math.round(n.allocation * (1 + d.realGrowth) * (1 + d.inflation));
        for (let i = 0; i < n.rates.length; i++) n.rates[i]! *= 1 + d.inflation + d.contractRealUplift;
      }
      n.year = y;
      n.inflation = y > 0 ? d.inflation : 0;
      n.realGrowth = y > 0 ? d.realGrowth : 0;
      const commitment = sc.levers.primaryCareShare;
      const span = commitment.byYear - sc.startYear;
      const progress = span <= 0 ? 1 : Math.min(1, (y + 1) / span);
      n.gpShareTarget = commitment.increase > 0 ? n.startGpShare + commitment.increase * progress : 0;
      w.year.allocation = n.allocation;

      sim.ledger.transfer(w.accounts.treasury, agent.state.account, n.allocation, "allocation", "national allocation");
      const icbs = w.agents.icbs;
      const weights = icbs.map((icb) => {
        let weighted = 0;
        for (const id of icb.state.practices) {
          const p = w.agents.practices[w.indexOf[id]!]!.state;
          if (p.status === "open") weighted += p.list * p.weighting;
        }
        return weighted;
      });
      const parts = sim.ledger.distribute(
        agent.state.account,
        icbs.map((icb) => icb.state.account),
        weights,
        n.allocation,
        "allocation",
        "ICB allocation by weighted population",
      );
      icbs.forEach((icb, i) => {
        icb.state.previousAllocation = icb.state.allocation;
        icb.state.allocation = parts[i]!;
      });
    },
  },
});
