/**
 * The acute trust: income from its contract (set by the ICB's planning rules) and any system support; costs
 * from pay, efficiency and activity, where activity grows with demography, shocks and, through an
 * elasticity, with the loss of general practice capacity in its area, plus part of any rise in its cash
 * reserves the year before (providers spend to their income) and the cost of delivering any extra activity
 * the ICB bought from its headroom. Deficits emerge from the two. A trust
 * holding sustainability and transformation money, or hosting an IHO, decides by the holder rule how much
 * of it covers its shortfall.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { ACUTE_COLUMNS, type AcuteState, type AcuteTable } from "../columns.js";
import { checkAmounts, gather, HOST, type NhsSim, policyYear, runPence } from "./shared.js";
import { closeIho, runIho } from "./iho.js";
import type { NhsTypes } from "../world.js";

/** Costs for the year: pay above inflation less efficiency, times activity growth, a bad winter, decommissioning. */
function setCosts(t: AcuteTable, sim: NhsSim): void {
  const w = sim.world;
  const p = w.scenario.acuteTrust;
  const shift = w.scenario.levers.shiftOfCare;
  const n = w.national;
  const y = n.year;
  const c = t.cols;
  const demand = sim.streams.column("acute-demand", t.size);
  const decommission = sim.streams.column("decommission", t.size);
  const start = sim.streams.column("setup-acute", t.size);
  for (const r of t.rows()) {
    // Every draw happens every year, whatever the scenario, so each trust's streams stay paired.
    const shock = demand.normal(r, p.extraDemandMean, p.demandSd);
    const winter = demand.bernoulli(r, p.winterShockProbability);
    const payExcess = demand.normal(r, p.payAwardExcessMean, 0.005);
    const efficiency = demand.normal(r, p.efficiencyDelivered, 0.005);
    const decommissioned = decommission.next(r) < shift.decommissionProbability;
    const margin = start.normal(r, p.startMarginMean, p.startMarginSd);
    const icb = c.icb[r]!;
    // Less GP capacity per weighted patient means more hospital activity (log-log elasticity), and a closure
    // disperses patients who use hospitals more for a while.
    const feedback = -p.gpCapacityElasticity * w.aggregates.capacityChange[icb]! + (p.dispersalDemand * w.aggregates.dispersed[icb]!) / Math.max(1, w.aggregates.icbList[icb]!);
    const activity = p.demographicGrowth + shock + feedback;
    c.activityGrowth[r] = activity;
    if (y === 0) c.cost[r] = Math.round(c.contract[r]! * (1 - margin));
    else {
      const schedule = t.state[r]!.decommission;
      const saved = decommissioned ? Math.round(schedule[y]! * shift.savingsShare) : 0;
      const growth = (1 + n.inflation + p.payShare * payExcess - efficiency) * (1 + activity) - 1 + (winter ? p.winterShockSize : 0);
      // A trust whose cash reserves rose last year spends part of the rise on extra staff and activity.
      const spent = Math.round(p.surplusSpendShare * c.reserveRise[r]!);
      // Extra activity the ICB bought from its headroom this year is delivered, at a cost.
      const delivered = Math.round(w.scenario.icb.extraActivityCost * c.extraBought[r]!);
      c.cost[r] = Math.max(0, Math.round(c.cost[r]! * (1 + growth)) - saved + spent + delivered);
    }
  }
}

/** Hands each trust its part of the year's sustainability and transformation money; the holder rule decides its use. */
function trustFund(t: AcuteTable, sim: NhsSim): void {
  const w = sim.world;
  const fund = w.year.trustFund;
  if (fund <= 0) return;
  const c = t.cols;
  let contracts = 0;
  for (const r of t.rows()) contracts += c.contract[r]!;
  const allocator = w.accounts.allocator;
  let given = 0;
  const rows = t.rows();
  const policy = w.policies["acute-trust"];
  const stream = sim.streams.column("trust-fund", t.size);
  rows.forEach((r, k) => {
    const part = k === rows.length - 1 ? fund - given : Math.floor((fund * c.contract[r]!) / Math.max(1, contracts));
    given += part;
    const account = c.account[r]! as AccountId;
    sim.ledger.transfer(allocator, account, part, "transformation", "sustainability and transformation fund");
    const held = [{ line: "transformation" as const, pence: part, ringFenced: false }];
    const decision = policy.decide({ year: policyYear(w), shortfall: c.cost[r]! - c.income[r]!, carriedDeficit: Math.round(c.carriedDeficit[r]!), held, profile: w.scenario.iho.acute }, stream.rng(r));
    const [cut] = checkAmounts(sim, "acute-trust", policy.name, r, "cuts", decision.cuts, [part]);
    // What covers the deficit stays as income; the rest is spent on new models of care.
    c.income[r]! += cut!;
    w.year.trustFundDiverted += cut!;
    if (part - cut! > 0) sim.ledger.transfer(account, w.accounts.services, part - cut!, "transformation", "new care models");
  });
}

/**
 * Pays the year's fines and readmission penalties to each trust's commissioner, in proportion to its
 * contract: income the trust loses and its ICB keeps (history years only; the ICB may spend it next year).
 */
function payFines(t: AcuteTable, sim: NhsSim): void {
  const w = sim.world;
  const fines = runPence(w, w.national.history?.providerFines ?? 0);
  if (fines <= 0) return;
  const c = t.cols;
  const rows = t.rows();
  const parts = split(fines, gather(rows, c.contract));
  const icbs = w.tables.icb.cols;
  rows.forEach((r, k) => {
    const part = parts[k]!;
    if (part <= 0) return;
    sim.ledger.transfer(c.account[r]! as AccountId, icbs.account[c.icb[r]!]! as AccountId, part, "operating", "fines and readmission penalties");
    c.income[r]! -= part;
  });
}

/** The acute trust kind. */
export const acuteTrustKind = defineKind<NhsTypes, AcuteState>()({
  kind: "acute-trust",
  columns: ACUTE_COLUMNS,
  systems: {
    allocate(t, sim) {
      const w = sim.world;
      const c = t.cols;
      setCosts(t, sim);
      trustFund(t, sim);
      payFines(t, sim);
      const icbs = w.tables.icb;
      // Every acute host pays its subcontracts before any trust's Covid top-up is worked out, so a top-up
      // never fills a gap that the host's payment then fills again.
      for (const r of t.rows()) {
        const icb = c.icb[r]!;
        if (icbs.cols.hostKind[icb] === HOST.acute && icbs.cols.hostRow[icb] === r) runIho(sim, icb, HOST.acute, r);
      }
      for (const r of t.rows()) {
        // Covid years: block contracts with top-ups met costs, leaving modest surpluses.
        if (w.national.history?.covidBlock === true) {
          const topUp = Math.max(0, Math.round(c.cost[r]! * 1.005 - c.income[r]!));
          if (topUp > 0) {
            sim.ledger.transfer(w.accounts.treasury, c.account[r]! as AccountId, topUp, "settlement", "Covid top-up");
            c.income[r]! += topUp;
          }
        }
        sim.orders.add(c.account[r]! as AccountId, w.accounts.services, c.cost[r]!, "operating", { reason: "hospital services" });
      }
    },
    decide(t, sim) {
      const c = t.cols;
      const icbs = sim.world.tables.icb;
      for (const r of t.rows()) {
        const icb = c.icb[r]!;
        if (icbs.cols.hostKind[icb] === HOST.acute && icbs.cols.hostRow[icb] === r) closeIho(sim, icb, HOST.acute, r, c.income[r]! - c.cost[r]!);
        const balance = sim.ledger.balance(c.account[r]! as AccountId);
        c.carriedDeficit[r] = Math.max(0, -balance);
        // Reserves are cash above zero: repaying a deficit raises the balance but not the reserves.
        const reserves = Math.max(0, balance);
        c.reserveRise[r] = sim.world.national.year === 0 ? 0 : Math.max(0, reserves - c.reserves[r]!);
        c.reserves[r] = reserves;
      }
    },
  },
});
