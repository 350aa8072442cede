/**
 * The primary care network: receives PCN money, passes part to its practices, spends the rest on
 * additional roles, and returns what it leaves unspent to the wider system.
 * @packageDocumentation
 */
import { defineKind, split } from "@ringfence/core";
import type { NhsTypes } from "../domain.js";
import { LINE, type PcnState } from "../world.js";
import { holdingFor, instalment } from "./shared.js";

/** The PCN kind. */
export const pcnKind = defineKind<NhsTypes, PcnState>({
  kind: "pcn",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      s.practices = s.practices.filter((id) => w.agents.practices[w.indexOf[id]!]!.state.status === "open");
      s.paidBy = holdingFor(w, w.indexOf[s.icb]!, s.place, LINE.pcn);
      const lists = s.practices.map((id) => w.agents.practices[w.indexOf[id]!]!.state.list);
      const patients = lists.reduce((a, b) => a + b, 0);
      s.budget = Math.round(Math.round(w.national.rates[LINE.pcn]! * patients) * s.paidBy.factor[LINE.pcn]!);
      s.passThrough = Math.round(w.scenario.pcn.passThroughShare * s.budget);
      // Each member's share of the year's pass-through, by list, fixed for the year.
      s.shares = lists.length > 0 ? split(s.passThrough, lists) : [];
    },
    operate(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const T = sim.calendar.ticksPerYear;
      const t = sim.tick % T;
      const from = s.paidBy.accounts[LINE.pcn]!;
      const due = Math.min(instalment(s.budget, t, T), sim.ledger.balance(from));
      if (due > 0) sim.ledger.transfer(from, s.account, due, "pcn", "PCN entitlement");
      for (let k = 0; k < s.practices.length; k++) {
        const p = w.agents.practices[w.indexOf[s.practices[k]!]!]!.state;
        const part = Math.min(instalment(s.shares[k]!, t, T), sim.ledger.balance(s.account));
        if (part <= 0 || p.status !== "open") continue;
        sim.ledger.transfer(s.account, p.account, part, "pcn", "PCN payments to practices");
        p.income += part;
        w.year.gpReceived += part;
      }
    },
    settle(agent, sim) {
      const w = sim.world;
      const s = agent.state;
      const arrs = sim.ledger.balance(s.account);
      if (arrs <= 0) return;
      const { underspend } = w.policies.pcn.decide({ arrsBudget: arrs }, sim.streams.get("pcn-arrs", agent.id));
      const back = Math.max(0, Math.min(arrs, underspend));
      const icb = w.agents.icbs[w.indexOf[s.icb]!]!.state;
      if (back > 0) sim.ledger.transfer(s.account, icb.account, back, "pcn", "additional-roles underspend returned");
      sim.ledger.transfer(s.account, w.accounts.services, arrs - back, "pcn", "additional roles staff");
      w.year.gpLeaked += back;
      w.year.gpReceived += arrs - back;
    },
  },
});
