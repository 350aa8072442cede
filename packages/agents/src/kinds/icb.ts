/**
 * The integrated care board: receives its allocation, sets contracts and budget lines, closes any gap
 * by its policy, and pays everyone for the year.
 * @packageDocumentation
 */
import { defineKind, split } from "@ringfence/core";
import { GP_LINES, type NhsTypes } from "../domain.js";
import { LINE, LINE_COUNT, type IcbState, type World } from "../world.js";
import { formulaOfPractices, sweepHolding, type NhsSim } from "./shared.js";

/** Chooses the IHO host of an ICB for this year (-1 when the ICB keeps the lines). */
function chooseHost(world: World, icb: IcbState): number {
  const gov = world.scenario.governance;
  if (gov.holder !== "iho") return -1;
  const acutes = icb.acutes.map((id) => world.agents.acutes[world.indexOf[id]!]!);
  const largestAcute = acutes.reduce((a, b) => (b.state.share > a.state.share ? b : a)).id;
  const feds = icb.federations.map((id) => world.agents.federations[world.indexOf[id]!]!);
  for (const f of feds) f.state.hosting = false;
  if (gov.ihoHost === "acute-trust") return largestAcute;
  const fp = world.scenario.federation;
  const eligible = feds.filter((f) => !f.state.failed && (fp.accelerated || f.state.capability >= fp.integratorThreshold));
  if (eligible.length > 0) {
    const best = eligible.reduce((a, b) => (b.state.capability > a.state.capability ? b : a));
    best.state.hosting = true;
    return best.id;
  }
  return gov.ihoFallback === "acute-trust" ? largestAcute : -1;
}

function allocate(agent: { readonly id: number; state: IcbState }, sim: NhsSim): void {
  const w = sim.world;
  const s = agent.state;
  const sc = w.scenario;
  const n = w.national;
  const L = sim.ledger;
  const y = n.year;
  const A = s.allocation;

  // 1. The national formula for the ICB's open practices, and the national trend out of core.
  const formula = formulaOfPractices(w, s.practices);
  const lines = formula.slice();
  if (sc.governance.coreShiftPerYear > 0 && y > 0) {
    const moved = Math.round(lines[LINE.core]! * (1 - Math.pow(1 - sc.governance.coreShiftPerYear, y)));
    lines[LINE.core]! -= moved;
    lines[LINE.enhanced]! += moved;
  }

  // 2. Acute contracts: tariff uplift net of efficiency, planned activity, part of unplanned activity,
  //    less care shifted out of hospital (whose costs fall only after the double-running years).
  const ap = sc.acuteTrust;
  const planned = ap.demandGrowthMean;
  const fundedPay = ap.payShare * ap.payAwardExcessMean * (1 - ap.payAwardUnfundedShare);
  const shift = sc.levers.shiftOfCare;
  let contracts = 0;
  for (const id of s.acutes) {
    const a = w.agents.acutes[w.indexOf[id]!]!.state;
    let c: number;
    if (y === 0) c = Math.round(sc.icb.acuteShare * A * a.share);
    else {
      const prev = a.previousContract;
      c = Math.round(prev * (1 + n.inflation - sc.icb.efficiencyTarget + planned + fundedPay) + sc.icb.activityFundedShare * (a.demandGrowth - planned) * prev);
      const shifted = Math.round(shift.sharePerYear * prev);
      if (shifted > 0) {
        c -= shifted;
        lines[LINE.enhanced]! += shifted;
        const due = y + shift.doubleRunningYears;
        a.decommission.set(due, (a.decommission.get(due) ?? 0) + shifted);
      }
    }
    a.previousContract = c;
    a.contract = c;
    contracts += c;
  }

  // 3. Better Care Fund and community services grow with the allocation; support for trusts' deficits.
  s.bcf = y === 0 ? Math.round(sc.icb.bcfShare * A) : Math.round((s.bcf * A) / Math.max(1, s.previousAllocation));
  let gpTotal = lines.reduce((a, b) => a + b, 0);
  s.community = y === 0 ? A - contracts - s.bcf - gpTotal : Math.round((s.community * A) / Math.max(1, s.previousAllocation));
  const carried = s.acutes.map((id) => w.agents.acutes[w.indexOf[id]!]!.state.carriedDeficit);
  const carriedTotal = carried.reduce((a, b) => a + b, 0);
  let support = Math.round(carriedTotal * sc.icb.deficitSupportShare);

  // 4. Close a gap (trusts' deficit support counts: the system answers for its trusts) with the
  //    ICB's policy on the lines it keeps; what the policy leaves becomes the ICB's deficit.
  const gap = gpTotal + contracts + s.bcf + s.community + support - A;
  if (gap > 0) {
    const keeps = GP_LINES.map((_, i) => sc.governance.holder === "icb" || !w.pooled[i]);
    const observed = [
      ...GP_LINES.flatMap((line, i) => (keeps[i] ? [{ line, pence: lines[i]!, ringFenced: w.ringFenced[i]! }] : [])),
      { line: "community" as const, pence: Math.max(0, s.community), ringFenced: false },
    ];
    const { cuts } = w.policies.icb.decide({ gap, lines: observed, maxCutPerLine: sc.icb.maxCutPerLine }, sim.streams.get("icb", agent.id));
    observed.forEach((o, k) => {
      const cut = Math.max(0, Math.min(Math.round(cuts[k] ?? 0), o.pence));
      if (o.line === "community") s.community -= cut;
      else if (!o.ringFenced) {
        lines[LINE[o.line]]! -= cut;
        w.year.gpTopSliced += cut;
      }
    });
  } else if (gap < 0) {
    // A surplus first clears more of the trusts' deficits, then goes to community services.
    const extra = Math.min(-gap, carriedTotal - support);
    support += extra;
    s.community += -gap - extra;
  }

  // 5. A primary care share commitment is a floor on general practice lines, met from community services.
  gpTotal = lines.reduce((a, b) => a + b, 0);
  if (n.gpShareTarget > 0) {
    const topUp = Math.max(0, Math.round(n.gpShareTarget * A) - gpTotal);
    lines[LINE.enhanced]! += topUp;
    s.community -= topUp;
  }
  s.community = Math.max(0, s.community);

  // 6. Pay for the year.
  s.ihoHost = chooseHost(w, s);
  const places = s.places.map((id) => w.agents.places[w.indexOf[id]!]!);
  for (let i = 0; i < LINE_COUNT; i++) {
    const line = GP_LINES[i]!;
    const factor = formula[i]! > 0 ? lines[i]! / formula[i]! : 0;
    if (w.pooled[i] && sc.governance.holder === "place-board" && places.length > 0) {
      // Delegated to place boards at the formula-with-adjustments rate; the boards decide what practices get.
      for (const pb of places) {
        const amount = Math.round(formulaOfPractices(w, pb.state.practices)[i]! * factor);
        L.transfer(s.account, pb.state.account, amount, line, "delegated to place board");
      }
    } else if (w.pooled[i] && s.ihoHost >= 0) {
      const host = w.indexOf[s.ihoHost]!;
      const holder = (w.agents.acutes[host]?.id === s.ihoHost ? w.agents.acutes[host]!.state.holding : w.agents.federations[host]!.state.holding);
      holder.factor[i] = factor;
      L.transfer(s.account, holder.accounts[i]!, lines[i]!, line, "capitated budget to IHO");
    } else {
      s.holding.factor[i] = factor;
      L.transfer(s.account, s.holding.accounts[i]!, lines[i]!, line, "general practice budget line");
    }
  }
  const poolAcute = sc.governance.poolAcute && (places.length > 0 || s.ihoHost >= 0);
  for (const id of s.acutes) {
    const a = w.agents.acutes[w.indexOf[id]!]!.state;
    if (poolAcute) a.contract = 0; // paid by the pool or the host instead
    else {
      L.transfer(s.account, a.account, a.contract, "acute", "acute contract");
      a.income += a.contract;
    }
  }
  if (poolAcute) {
    const toHost = s.ihoHost >= 0 && sc.governance.holder === "iho";
    if (toHost) {
      const k = w.indexOf[s.ihoHost]!;
      const hostAccount = w.agents.acutes[k]?.id === s.ihoHost ? w.agents.acutes[k]!.state.account : w.agents.federations[k]!.state.account;
      L.transfer(s.account, hostAccount, contracts, "acute", "acute services in the IHO budget");
    } else {
      L.distribute(s.account, places.map((p) => p.state.account), places.map((p) => p.state.populationShare), contracts, "acute", "acute contracts pooled at place");
      const parts = split(contracts, places.map((p) => p.state.populationShare));
      places.forEach((p, k) => {
        p.state.acuteDelegated = parts[k]!;
      });
    }
  }
  const councils = s.councils.map((id) => w.agents.councils[w.indexOf[id]!]!);
  if (sc.governance.poolSocialCare && places.length > 0) {
    L.distribute(s.account, places.map((p) => p.state.account), places.map((p) => p.state.populationShare), s.bcf, "bcf", "Better Care Fund pooled at place");
  } else {
    L.distribute(s.account, councils.map((c) => c.state.account), councils.map((c) => c.state.populationShare), s.bcf, "bcf", "Better Care Fund");
  }
  L.transfer(s.account, w.accounts.services, s.community, "community", "community, mental health and other NHS services");
  if (support > 0 && carriedTotal > 0) {
    const parts = L.distribute(s.account, s.acutes.map((id) => w.agents.acutes[w.indexOf[id]!]!.state.account), carried, support, "settlement", "deficit support");
    s.acutes.forEach((id, k) => {
      w.agents.acutes[w.indexOf[id]!]!.state.income += parts[k]!;
    });
  }
}

/** The ICB kind: budgets at year open; unspent general practice lines return to it at year close. */
export const icbKind = defineKind<NhsTypes, IcbState>({
  kind: "icb",
  act: {
    allocate,
    decide(agent, sim) {
      // After every payment of the year (QOF is paid at settle): unpaid entitlements (unachieved QOF, closed practices) leak back to the ICB's general account.
      sim.world.year.gpLeaked += sweepHolding(sim, agent.state.holding, agent.state.account, "unspent general practice line");
    },
  },
});
