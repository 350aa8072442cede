/**
 * The GP practice: list, income by line, costs, GP workforce, and viability: after enough bad years its
 * policy may hand back the contract (patients move to neighbours), merge, or go salaried.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId, type Agent } from "@ringfence/core";
import { GP_LINES, type Kind, type NhsTypes } from "../domain.js";
import { LINE, LINE_COUNT, type PracticeState, type World } from "../world.js";
import { formulaOf, holdingFor, instalment, type NhsSim } from "./shared.js";

type PracticeAgent = Agent<Kind, PracticeState>;

const scratch = [0, 0, 0, 0, 0];

function pay(sim: NhsSim, p: PracticeState, line: number, amount: number): void {
  const from = p.paidBy[line]!.accounts[line]!;
  const due = Math.min(amount, sim.ledger.balance(from));
  if (due <= 0) return;
  sim.ledger.transfer(from, p.account, due, GP_LINES[line]!, "practice entitlement");
  p.income += due;
  sim.world.year.gpReceived += due;
}

/** Whether any other practice is open in the same PCN or, failing that, the same ICB (no allocation). */
function hasNeighbour(w: World, self: PracticeAgent): boolean {
  for (const ids of [w.agents.pcns[w.indexOf[self.state.pcn]!]!.state.practices, w.agents.icbs[w.indexOf[self.state.icb]!]!.state.practices]) {
    for (const id of ids) if (id !== self.id && w.agents.practices[w.indexOf[id]!]!.state.status === "open") return true;
  }
  return false;
}

/** Open practices other than `self` in the same PCN, else in the same ICB. */
function neighbours(w: World, self: PracticeAgent): PracticeAgent[] {
  const pcn = w.agents.pcns[w.indexOf[self.state.pcn]!]!.state;
  const inPcn = pcn.practices.map((id) => w.agents.practices[w.indexOf[id]!]!).filter((q) => q.id !== self.id && q.state.status === "open");
  if (inPcn.length > 0) return inPcn;
  const icb = w.agents.icbs[w.indexOf[self.state.icb]!]!.state;
  return icb.practices.map((id) => w.agents.practices[w.indexOf[id]!]!).filter((q) => q.id !== self.id && q.state.status === "open");
}

/** Settles a leaving practice's cash with its ICB: a surplus goes back, an overdraft is cleared. */
function settleCash(sim: NhsSim, p: PracticeState, to: AccountId): void {
  const cash = sim.ledger.balance(p.account);
  if (cash > 0) sim.ledger.transfer(p.account, to, cash, "settlement", "practice cash on leaving");
  else if (cash < 0) sim.ledger.transfer(to, p.account, -cash, "settlement", "practice debts cleared on leaving");
}

/** The provider that could take a practice on as a salaried department, or -1. */
function salariedHostFor(w: World, p: PracticeState): { id: number; account: AccountId } | null {
  const icb = w.agents.icbs[w.indexOf[p.icb]!]!.state;
  if (icb.ihoHost >= 0) {
    const k = w.indexOf[icb.ihoHost]!;
    const acute = w.agents.acutes[k];
    if (acute?.id === icb.ihoHost) return { id: acute.id, account: acute.state.account };
    const fed = w.agents.federations[k]!;
    return { id: fed.id, account: fed.state.account };
  }
  const fp = w.scenario.federation;
  for (const id of icb.federations) {
    const f = w.agents.federations[w.indexOf[id]!]!;
    if (!f.state.failed && f.state.capability >= fp.integratorThreshold) return { id: f.id, account: f.state.account };
  }
  return null;
}

function leave(sim: NhsSim, agent: PracticeAgent, how: "closed" | "merged"): void {
  const w = sim.world;
  const pcn = w.agents.pcns[w.indexOf[agent.state.pcn]!]!.state;
  pcn.practices = pcn.practices.filter((id) => id !== agent.id);
  agent.state.status = how;
  agent.state.list = 0;
  agent.state.gpFte = 0;
  sim.agents.remove(agent.id);
}

/** The practice kind. */
export const practiceKind = defineKind<NhsTypes, PracticeState>({
  kind: "practice",
  act: {
    allocate(agent, sim) {
      const w = sim.world;
      const p = agent.state;
      const icbIndex = w.indexOf[p.icb]!;
      formulaOf(w, p, scratch);
      for (let i = 0; i < LINE_COUNT; i++) {
        const holding = holdingFor(w, icbIndex, p.place, i);
        p.paidBy[i] = holding;
        p.entitled[i] = i === LINE.pcn ? 0 : Math.round(scratch[i]! * holding.factor[i]!);
      }
      if (w.national.year > 0) {
        const c = w.scenario.practice;
        const g = w.national.inflation + c.costGrowthExcess + sim.streams.get("practice-costs", agent.id).normal(0, c.costSd);
        p.fixedCost *= 1 + g;
        p.costPerPatient *= 1 + g;
      }
      p.cost = Math.round(p.fixedCost + p.costPerPatient * p.list);
    },
    operate(agent, sim) {
      const p = agent.state;
      const T = sim.calendar.ticksPerYear;
      const t = sim.tick % T;
      pay(sim, p, LINE.core, instalment(p.entitled[LINE.core]!, t, T));
      const q = Math.floor((t * 4) / T);
      if (Math.floor(((t + 1) * 4) / T) !== q) {
        pay(sim, p, LINE.enhanced, instalment(p.entitled[LINE.enhanced]!, q, 4));
        pay(sim, p, LINE.premises, instalment(p.entitled[LINE.premises]!, q, 4));
      }
      sim.ledger.transfer(p.account, sim.world.accounts.services, instalment(p.cost, t, T), "operating", "practice costs");
    },
    settle(agent, sim) {
      const w = sim.world;
      const p = agent.state;
      const c = w.scenario.practice;
      const rng = sim.streams.get("practice-qof", agent.id);
      const a = c.qofAchievementMean * c.qofAchievementConcentration;
      const achievement = rng.beta(a, c.qofAchievementConcentration - a);
      pay(sim, p, LINE.qof, Math.round(p.entitled[LINE.qof]! * achievement));
      if (p.salariedHost >= 0 && p.income < p.cost) {
        const host = w.agents.acutes[w.indexOf[p.salariedHost]!];
        const account = host?.id === p.salariedHost ? host.state.account : w.agents.federations[w.indexOf[p.salariedHost]!]!.state.account;
        sim.ledger.transfer(account, p.account, p.cost - p.income, "settlement", "salaried department shortfall met by host");
      }
    },
    decide(agent, sim) {
      const w = sim.world;
      const p = agent.state;
      const c = w.scenario.practice;
      const margin = p.cost > 0 ? (p.income - p.cost) / p.cost : 0;
      p.badYears = margin < -c.shortfallTolerance && p.salariedHost < 0 ? p.badYears + 1 : 0;
      const canMerge = hasNeighbour(w, agent);
      const host = p.salariedHost < 0 ? salariedHostFor(w, p) : null;
      const decision = w.policies.practice.decide(
        { margin, badYears: p.badYears, canMerge, canBecomeSalaried: host !== null, badYearsToAct: c.badYearsToAct },
        sim.streams.get("practice-viability", agent.id),
      );
      const icbAccount = w.agents.icbs[w.indexOf[p.icb]!]!.state.account;
      const nbrs = decision === "hand-back" || decision === "merge" ? neighbours(w, agent) : [];
      if (decision === "hand-back" && nbrs.length > 0) {
        // Every patient moves to a neighbour, in proportion to their lists.
        const moved = p.list;
        const parts = split(moved, nbrs.map((q) => q.state.list + 1));
        nbrs.forEach((q, k) => {
          q.state.list += parts[k]!;
        });
        settleCash(sim, p, icbAccount);
        leave(sim, agent, "closed");
        w.year.closed++;
        sim.events.emit({ type: "practice-closed", practice: agent.id, patients: moved, year: sim.calendar.yearLabel(sim.tick) });
        return;
      }
      if (decision === "merge" && nbrs.length > 0) {
        const into = nbrs.reduce((x, y) => (y.state.list > x.state.list ? y : x));
        into.state.list += p.list;
        into.state.gpFte += p.gpFte;
        into.state.fixedCost += p.fixedCost * (1 - c.mergerFixedCostSaving);
        settleCash(sim, p, into.state.account);
        leave(sim, agent, "merged");
        w.year.merged++;
        sim.events.emit({ type: "practice-merged", practice: agent.id, into: into.id, year: sim.calendar.yearLabel(sim.tick) });
        return;
      }
      if (decision === "salaried" && host !== null) {
        p.salariedHost = host.id;
        p.badYears = 0;
        w.year.salaried++;
        sim.events.emit({ type: "practice-salaried", practice: agent.id, host: host.id, year: sim.calendar.yearLabel(sim.tick) });
      }
      // Workforce: leavers, and recruitment that depends on the practice's means.
      const rng = sim.streams.get("practice-workforce", agent.id);
      const leavers = Math.min(p.gpFte, rng.poisson(p.gpFte * c.retirementRate));
      const target = p.list / c.patientsPerGpFte;
      const gap = target - (p.gpFte - leavers);
      const appetite = Math.min(1.5, Math.max(0, 1 + 5 * margin));
      const hires = gap > 0 ? gap * c.recruitmentRate * appetite * rng.uniform(0.5, 1.5) : 0;
      p.gpFte = Math.max(0.5, p.gpFte - leavers + hires);
      p.list = Math.round(p.list * (1 + c.listGrowth));
    },
  },
});
