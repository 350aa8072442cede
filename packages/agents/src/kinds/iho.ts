/**
 * The integrated health organisation: whichever provider hosts it (an acute trust or a GP federation) holds
 * the ICB's pooled general practice lines (and, when acute contracts are pooled, the acute budget), pays
 * the other trusts, bears its share of their shortfall, and decides by one rule, with the scenario's profile
 * for its kind of host, how much of the held lines to move into covering that shortfall. Hosts are
 * symmetric: given the same profile and risk share, an acute host and a federation host decide alike (the
 * draw is keyed by the ICB, not the host).
 * @packageDocumentation
 */
import type { AccountId } from "@ringfence/core";
import { GP_LINES } from "../domain.js";
import type { HeldLine, HostProfile } from "../policies/signatures.js";
import { LINE_COUNT } from "../world.js";
import { checkAmounts, HOST, lineAccount, type NhsSim, policyYear, yearLabel } from "./shared.js";

/** The lines a holding holds now, as a policy observes them (lines with money only). */
export function heldLines(sim: NhsSim, h: number): { held: HeldLine[]; index: number[] } {
  const held: HeldLine[] = [];
  const index: number[] = [];
  for (let i = 0; i < LINE_COUNT; i++) {
    const pence = sim.ledger.balance(lineAccount(sim.world, h, i));
    if (pence > 0) {
      held.push({ line: GP_LINES[i]!, pence, ringFenced: sim.world.ringFenced[i]! });
      index.push(i);
    }
  }
  return { held, index };
}

/**
 * Runs the IHO of ICB `icb` for the year, hosted by an acute trust or federation (`hostKind`, `hostRow`):
 * pays subcontracts when acute is pooled, decides diversion, pays risk shares. Returns pence diverted.
 */
export function runIho(sim: NhsSim, icb: number, hostKind: number, hostRow: number): number {
  const w = sim.world;
  const sc = w.scenario;
  const acute = w.tables.acute;
  const fed = w.tables.federation;
  const isAcute = hostKind === HOST.acute;
  const account = (isAcute ? acute.cols.account[hostRow]! : fed.cols.account[hostRow]!) as AccountId;
  const h = isAcute ? acute.cols.holding[hostRow]! : fed.cols.holding[hostRow]!;
  const profile = isAcute ? sc.iho.acute : sc.iho.federation;
  const acutes = w.tables.icb.state[icb]!.acutes;

  // With acute pooled, the host holds the acute budget: it pays each trust its contract (its own it keeps).
  if (sc.governance.poolAcute) {
    for (const a of acutes) {
      const due = acute.cols.contract[a]!;
      if (isAcute && a === hostRow) {
        acute.cols.income[a]! += due;
        continue;
      }
      const paid = isAcute ? due : Math.min(due, Math.max(0, sim.ledger.balance(account)));
      if (paid > 0) sim.ledger.transfer(account, acute.cols.account[a]! as AccountId, paid, "acute", "subcontract from the IHO");
      acute.cols.income[a]! += paid;
      if (paid < due) fed.cols.unpaid[hostRow]! += due - paid;
    }
  }
  // The IHO's shortfall: its own trust's in full, the others' at the host's risk share, plus running costs.
  const { held, index } = heldLines(sim, h);
  const heldTotal = held.reduce((a, l) => a + l.pence, 0);
  const overhead = isAcute ? 0 : Math.round(sc.iho.hostOverheadShare * heldTotal);
  let shortfall = overhead;
  for (const a of acutes) {
    const gap = Math.max(0, acute.cols.cost[a]! - acute.cols.income[a]!);
    shortfall += isAcute && a === hostRow ? gap : Math.round(profile.riskShare * gap);
  }
  const carried = isAcute ? acute.cols.carriedDeficit[hostRow]! : fed.cols.unpaid[hostRow]!;
  const kind = isAcute ? "acute-trust" : "federation";
  const policy = w.policies[kind];
  const decision = policy.decide({ year: policyYear(w), shortfall, carriedDeficit: Math.round(carried), held, profile: profileOf(profile) }, sim.streams.get("iho", icb));
  const cuts = checkAmounts(sim, kind, policy.name, hostRow, "cuts", decision.cuts, held.map((l) => (l.ringFenced ? 0 : l.pence)));
  let diverted = 0;
  held.forEach((l, k) => {
    const cut = cuts[k]!;
    if (cut <= 0) return;
    const i = index[k]!;
    sim.ledger.transfer(lineAccount(w, h, i), account, cut, GP_LINES[i]!, "diverted to the host's services");
    w.holdings.factor[h * LINE_COUNT + i]! *= 1 - cut / l.pence;
    diverted += cut;
    sim.events.emit({ type: "gp-money-diverted", icb, line: GP_LINES[i]!, pence: cut, year: yearLabel(sim) });
  });
  w.year.gpDiverted += diverted;
  if (isAcute) acute.cols.diverted[hostRow]! += diverted;
  if (isAcute) acute.cols.income[hostRow]! += diverted;

  // The host pays its share of the other trusts' shortfall; a federation only with money it has.
  for (const a of acutes) {
    if (isAcute && a === hostRow) continue;
    const due = Math.round(profile.riskShare * Math.max(0, acute.cols.cost[a]! - acute.cols.income[a]!));
    const paid = isAcute ? due : Math.min(due, Math.max(0, sim.ledger.balance(account)));
    if (paid > 0) {
      sim.ledger.transfer(account, acute.cols.account[a]! as AccountId, paid, "settlement", "risk share paid by the IHO host");
      acute.cols.income[a]! += paid;
    }
    if (!isAcute && paid < due) fed.cols.unpaid[hostRow]! += due - paid;
  }
  if (overhead > 0) {
    const paid = isAcute ? overhead : Math.min(overhead, Math.max(0, sim.ledger.balance(account)));
    if (paid > 0) sim.ledger.transfer(account, w.accounts.services, paid, "operating", "at-scale general practice services of the IHO host");
  }
  return diverted;
}

/** The policy's view of a host profile (propensity and spread only). */
const profileOf = (p: { readonly propensity: number; readonly spread: number }): HostProfile => ({ propensity: p.propensity, spread: p.spread });

/**
 * At the year end the host keeps what it did not pay out of its held lines, and reinvests a share of its
 * surplus in general practice above formula: the money goes back to the ICB for next year's enhanced line.
 */
export function closeIho(sim: NhsSim, icb: number, hostKind: number, hostRow: number, surplus: number): void {
  const w = sim.world;
  const isAcute = hostKind === HOST.acute;
  const account = (isAcute ? w.tables.acute.cols.account[hostRow]! : w.tables.federation.cols.account[hostRow]!) as AccountId;
  const h = isAcute ? w.tables.acute.cols.holding[hostRow]! : w.tables.federation.cols.holding[hostRow]!;
  let kept = 0;
  for (let i = 0; i < LINE_COUNT; i++) {
    const acc = lineAccount(w, h, i);
    const left = sim.ledger.balance(acc);
    if (left > 0) {
      sim.ledger.transfer(acc, account, left, GP_LINES[i]!, "unspent held line kept by the host");
      kept += left;
    }
  }
  w.year.gpLeaked += kept;
  const profile = isAcute ? w.scenario.iho.acute : w.scenario.iho.federation;
  const reinvest = Math.min(Math.max(0, sim.ledger.balance(account)), Math.round(profile.reinvestShare * Math.max(0, surplus)));
  if (reinvest > 0) {
    const icbs = w.tables.icb;
    sim.ledger.transfer(account, icbs.cols.account[icb]! as AccountId, reinvest, "enhanced", "IHO surplus reinvested in general practice");
    icbs.cols.reinvested[icb]! += reinvest;
  }
}
