/**
 * The integrated care board: receives its allocation, sets every budget line by the planning rules (general
 * practice at the national formula plus what it has invested above it, acute contracts at the tariff uplift
 * and funded activity, community and mental health, the Better Care Fund, other NHS spending), closes any gap
 * by its policy or runs a deficit, chooses the IHO host, and pays everyone for the year.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { ICB_COLUMNS, type IcbLinks, type IcbTable } from "../columns.js";
import { GP_LINES } from "../domain.js";
import type { IcbLine } from "../policies/signatures.js";
import { LINE, LINE_COUNT, type World, type NhsTypes } from "../world.js";
import { checkAmount, checkAmounts, checkNumber, DecisionError, gather, HOST, hostHolding, lineAccount, type NhsSim, policyYear, sweepHolding, yearLabel } from "./shared.js";

/** Chooses the IHO host of an ICB for this year: sets its hostKind and hostRow columns. */
function chooseHost(w: World, icb: IcbTable, row: number): void {
  const c = icb.cols;
  const links = icb.state[row]!;
  c.hostKind[row] = HOST.none;
  c.hostRow[row] = -1;
  const fed = w.tables.federation;
  for (const f of links.federations) fed.cols.hosting[f] = 0;
  const gov = w.scenario.governance;
  if (gov.holder !== "iho") return;
  const acute = w.tables.acute;
  let largest = -1;
  for (const a of links.acutes) if (largest < 0 || acute.cols.share[a]! > acute.cols.share[largest]!) largest = a;
  if (gov.ihoHost === "federation") {
    const fp = w.scenario.federation;
    let best = -1;
    for (const f of links.federations) {
      const eligible = fed.cols.failed[f] === 0 && (fp.accelerated || fed.cols.capability[f]! >= fp.integratorThreshold);
      if (eligible && (best < 0 || fed.cols.capability[f]! > fed.cols.capability[best]!)) best = f;
    }
    if (best >= 0) {
      fed.cols.hosting[best] = 1;
      c.hostKind[row] = HOST.federation;
      c.hostRow[row] = best;
      return;
    }
    if (gov.ihoFallback !== "acute-trust") return;
  }
  if (largest >= 0) {
    c.hostKind[row] = HOST.acute;
    c.hostRow[row] = largest;
  }
}

/** Line protections from the scenario, by observed line. */
function protection(w: World, line: IcbLine["line"]): number {
  const p = w.scenario.icb;
  if (line === "acute") return p.protectAcute;
  if (line === "community") return p.protectCommunity;
  if (line === "other") return p.protectOther;
  return p.protectGeneralPractice;
}

/** No commissioned lines (history years). */
const NO_COMMISSIONS: World["commissions"] = [];

/** Whether an observed line is one an extension's provider is commissioned for. */
function isCommissioned(line: IcbLine["line"]): line is `commissioned:${string}` {
  return line.startsWith("commissioned:");
}

/** Scales the acute contracts of `rows` down by `cut` pence in all, in proportion to their size. */
function cutContracts(contracts: Float64Array, rows: Int32Array, cut: number): void {
  if (cut <= 0) return;
  const parts = split(cut, gather(rows, contracts));
  rows.forEach((r, k) => {
    contracts[r]! -= parts[k]!;
  });
}

function allocate(row: number, icb: IcbTable, sim: NhsSim): void {
  const w = sim.world;
  const sc = w.scenario;
  const n = w.national;
  const L = sim.ledger;
  const c = icb.cols;
  const links: IcbLinks = icb.state[row]!;
  const y = n.year;
  const A = c.allocation[row]!;
  const account = c.account[row]! as AccountId;
  const agg = w.aggregates;
  const acute = w.tables.acute;
  const community = w.tables.community;

  // 1. General practice: the national formula for the ICB's open practices, the national trend out of
  //    core (a further share of what is left each year after the scenario's first, into the enhanced line,
  //    which an IHO host holds when it is pooled), and what the ICB has invested above formula in earlier
  //    years (shifted care), uplifted.
  const formula = new Float64Array(LINE_COUNT);
  for (let i = 0; i < LINE_COUNT; i++) formula[i] = Math.round(n.rates[i]! * agg.icbBase[row * LINE_COUNT + i]!);
  const lines = Float64Array.from(formula);
  const shiftYears = policyYear(w);
  if (sc.governance.coreShiftPerYear > 0 && shiftYears > 0) {
    const moved = Math.round(lines[LINE.core]! * (1 - Math.pow(1 - sc.governance.coreShiftPerYear, shiftYears)));
    lines[LINE.core]! -= moved;
    lines[LINE.enhanced]! += moved;
  }
  if (y > 0) c.aboveFormula[row] = Math.round(c.aboveFormula[row]! * (1 + n.inflation) * (1 + n.contractRealUplift));

  // 2. Acute contracts: the tariff uplift (inflation, funded pay, less the efficiency deduction) on last
  //    year's contract, planned growth, and a share of last year's activity above plan. Shift of care moves
  //    a share into general practice for good; hospital costs fall only if the tranche is decommissioned.
  const ap = sc.acuteTrust;
  const tariff = n.inflation + ap.payShare * ap.payAwardExcessMean * (1 - ap.payAwardUnfundedShare) - sc.icb.tariffEfficiency;
  const shift = sc.levers.shiftOfCare;
  let contracts = 0;
  for (const a of links.acutes) {
    acute.cols.extraBought[a] = 0;
    const prev = acute.cols.previousContract[a]!;
    let k: number;
    if (y === 0) k = Math.round(sc.icb.acuteShare * A * acute.cols.share[a]!);
    else {
      const aboveplan = acute.cols.activityGrowth[a]! - ap.demographicGrowth;
      k = Math.round(prev * (1 + tariff) * (1 + ap.demographicGrowth) + sc.icb.activityFundedShare * aboveplan * prev);
      const shifted = Math.round(shift.sharePerYear * prev);
      if (shifted > 0) {
        k -= shifted;
        c.aboveFormula[row]! += shifted;
        const due = y + shift.doubleRunningYears;
        const schedule = acute.state[a]!.decommission;
        if (due < schedule.length) schedule[due]! += shifted;
      }
    }
    acute.cols.contract[a] = k;
    contracts += k;
  }
  // Above formula: shifted care (kept for good) and last year's IHO reinvestment (once).
  lines[LINE.enhanced]! += c.aboveFormula[row]! + c.reinvested[row]!;
  w.year.gpAboveFormula += c.aboveFormula[row]! + c.reinvested[row]!;
  c.reinvested[row] = 0;

  // 3. Community and mental health, the Better Care Fund, and other NHS spending, each by its own rule.
  const cp = links.community;
  community.cols.extraBought[cp] = 0;
  if (y === 0) {
    community.cols.contract[cp] = Math.round(sc.icb.communityShare * A);
    c.bcf[row] = Math.round(sc.icb.bcfShare * A);
  } else {
    community.cols.contract[cp] = Math.round(community.cols.contract[cp]! * (1 + n.inflation - sc.icb.tariffEfficiency) * (1 + sc.community.demandGrowth));
    const bcfGrowth = n.history !== undefined ? n.history.bcfGrowth : A / Math.max(1, c.previousAllocation[row]!) - 1;
    c.bcf[row] = Math.round(c.bcf[row]! * (1 + bcfGrowth));
  }
  let gpTotal = lines.reduce((a, b) => a + b, 0);
  if (y === 0) c.other[row] = Math.max(0, A - contracts - community.cols.contract[cp]! - c.bcf[row]! - gpTotal);
  else c.other[row] = Math.round(c.other[row]! * (1 + n.inflation) * (1 + sc.icb.otherGrowth));

  // 4. A primary care share commitment is met by an explicit top-slice of the other lines, and costed.
  if (n.gpShareTarget > 0) {
    const topUp = Math.max(0, Math.round(n.gpShareTarget * A) - gpTotal);
    if (topUp > 0) {
      const from = split(topUp, [contracts, community.cols.contract[cp]!, c.other[row]!]);
      cutContracts(acute.cols.contract, links.acutes, from[0]!);
      contracts -= from[0]!;
      community.cols.contract[cp]! -= from[1]!;
      c.other[row]! -= from[2]!;
      lines[LINE.enhanced]! += topUp;
      w.year.shareCommitmentCost += topUp;
      gpTotal += topUp;
    }
  }

  // 4b. Lines model extensions' providers are commissioned for: committed like every other line, so they count
  //     in the gap and the ICB's policy may cut them (within their protection and the yearly cap).
  // Only from the scenario's own start: the history years a preset continues run as they happened.
  const commissions = policyYear(w) >= 0 ? w.commissions : NO_COMMISSIONS;
  const commissioned = commissions.map((cm) => checkAmount(sim, "icb", `commission ${cm.line}`, row, "amount", cm.amount(sim, row), Number.MAX_SAFE_INTEGER));
  let commissionedTotal = 0;
  for (const pence of commissioned) commissionedTotal += pence;

  // 5. The system answers for its providers: support toward their carried deficits is a commitment too.
  let acuteCarried = 0;
  for (const a of links.acutes) acuteCarried += acute.cols.carriedDeficit[a]!;
  const supportAcute = Math.round(acuteCarried * sc.icb.deficitSupportShare);
  const supportCommunity = Math.round(community.cols.carriedDeficit[cp]! * sc.icb.deficitSupportShare);

  // 6. What the ICB has this year: the allocation plus a reserve, less a recovery of a carried deficit.
  const carried = L.balance(account) - A; // before this year's allocation arrived
  const available = A + Math.max(0, carried) - Math.round(sc.icb.deficitRecovery * Math.max(0, -carried));
  const gap = contracts + community.cols.contract[cp]! + c.bcf[row]! + c.other[row]! + gpTotal + commissionedTotal + supportAcute + supportCommunity - available;
  // What the ICB sets for general practice before any cut: a cut below is paid in and taken back, so the
  // ledger shows where the money went.
  for (let i = 0; i < LINE_COUNT; i++) w.year.gpFunded += Math.round(lines[i]!);
  const topSliced = new Float64Array(LINE_COUNT);
  if (gap > 0) {
    // Close the gap by the ICB's policy across the lines it funds itself; the rest is its deficit.
    const keeps = GP_LINES.map((_, i) => sc.governance.holder === "icb" || !w.pooled[i]);
    const observed: IcbLine[] = [
      { line: "acute", pence: contracts, ringFenced: false, protection: protection(w, "acute") },
      { line: "community", pence: community.cols.contract[cp]!, ringFenced: false, protection: protection(w, "community") },
      { line: "other", pence: c.other[row]!, ringFenced: false, protection: protection(w, "other") },
    ];
    GP_LINES.forEach((line, i) => {
      if (keeps[i]) observed.push({ line, pence: lines[i]!, ringFenced: w.ringFenced[i]!, protection: protection(w, line) });
    });
    const firstCommissioned = observed.length;
    commissions.forEach((cm, k) => {
      const spared = checkNumber(sim, "icb", `commission ${cm.line}`, row, "protection", cm.protection?.(sim, row) ?? 0.5, 0, 1);
      observed.push({ line: `commissioned:${cm.line}`, pence: commissioned[k]!, ringFenced: cm.ringFenced === true, protection: spared });
    });
    const policy = w.policies.icb;
    const decision = policy.decide({ year: policyYear(w), gap, lines: observed, maxCutPerLine: sc.icb.maxCutPerLine }, sim.streams.get("icb", row));
    const caps = observed.map((o) => (o.ringFenced ? 0 : Math.floor(o.pence * sc.icb.maxCutPerLine)));
    const cuts = checkAmounts(sim, "icb", policy.name, row, "cuts", decision.cuts, caps);
    observed.forEach((o, k) => {
      const cut = cuts[k]!;
      if (cut === 0) return;
      if (o.line === "acute") {
        cutContracts(acute.cols.contract, links.acutes, cut);
        contracts -= cut;
      } else if (o.line === "community") community.cols.contract[cp]! -= cut;
      else if (o.line === "other") {
        // Other NHS spending is the ICB's own and demand-led: only part of a planned cut is delivered in the
        // year; the rest is spent all the same, an overspend against the plan (it stays in next year's base).
        const missed = Math.round(cut * (1 - sc.icb.savingsDelivery));
        c.other[row]! -= cut - missed;
        w.year.icbSavingsMissed += missed;
      }
      else if (isCommissioned(o.line)) commissioned[k - firstCommissioned]! -= cut;
      else {
        lines[LINE[o.line]]! -= cut;
        topSliced[LINE[o.line]]! += cut;
        w.year.gpTopSliced += cut;
      }
    });
  } else if (gap < 0) {
    // Headroom above a small reserve buys extra activity on the service lines, in proportion to their size
    // (general practice gets its formula; history did not share headroom with it).
    const extra = Math.max(0, -gap - Math.round(sc.icb.reserveShare * A));
    if (extra > 0) {
      const parts = split(extra, [contracts, community.cols.contract[cp]!, c.other[row]!]);
      const acuteExtra = split(parts[0]!, gather(links.acutes, acute.cols.contract));
      links.acutes.forEach((a, k) => {
        acute.cols.contract[a]! += acuteExtra[k]!;
        acute.cols.extraBought[a]! += acuteExtra[k]!;
      });
      contracts += parts[0]!;
      community.cols.contract[cp]! += parts[1]!;
      community.cols.extraBought[cp]! += parts[1]!;
      c.other[row]! += parts[2]!;
    }
  }

  // 6. Pay for the year.
  chooseHost(w, icb, row);
  const host = c.hostKind[row]!;
  const hostAccount = host === HOST.acute ? acute.cols.account[c.hostRow[row]!]! : host === HOST.federation ? w.tables.federation.cols.account[c.hostRow[row]!]! : -1;
  const places = links.places;
  const place = w.tables.place;
  const ownHolding = c.holding[row]!;
  for (const p of places) place.cols.gpDelegated[p] = 0;
  for (let i = 0; i < LINE_COUNT; i++) {
    const line = GP_LINES[i]!;
    const factor = formula[i]! > 0 ? lines[i]! / formula[i]! : 0;
    if (w.pooled[i] && sc.governance.holder === "place-board" && places.length > 0) {
      // Delegated to place boards in proportion to their formula; the boards decide what practices get.
      const weights = new Array<number>(places.length);
      for (let k = 0; k < places.length; k++) weights[k] = w.aggregates.placeBase[places[k]! * LINE_COUNT + i]!;
      const parts = split(Math.round(lines[i]!), weights);
      L.transferMany(account, gather(places, place.cols.account), parts, line, "delegated to place board");
      places.forEach((p, k) => {
        place.cols.gpDelegated[p]! += parts[k]!;
      });
      w.holdings.factor[ownHolding * LINE_COUNT + i] = factor;
    } else if (w.pooled[i] && host !== HOST.none) {
      const h = hostHolding(w, row);
      w.holdings.factor[h * LINE_COUNT + i] = factor;
      L.transfer(account, lineAccount(w, h, i), Math.round(lines[i]!), line, "capitated budget to the IHO host");
    } else {
      w.holdings.factor[ownHolding * LINE_COUNT + i] = factor;
      const cut = topSliced[i]!;
      L.transfer(account, lineAccount(w, ownHolding, i), Math.round(lines[i]!) + cut, line, "general practice budget line");
      if (cut > 0) L.transfer(lineAccount(w, ownHolding, i), account, cut, line, "top-sliced to close the ICB's gap");
    }
  }
  const poolAcute = sc.governance.poolAcute && (places.length > 0 || host !== HOST.none);
  for (const a of links.acutes) {
    const k = acute.cols.contract[a]!;
    acute.cols.previousContract[a] = k;
    if (!poolAcute) {
      L.transfer(account, acute.cols.account[a]! as AccountId, k, "acute", "acute contract");
      acute.cols.income[a]! += k;
    }
  }
  if (poolAcute) {
    if (host !== HOST.none) L.transfer(account, hostAccount as AccountId, contracts, "acute", "acute services in the IHO budget");
    else {
      const parts = split(contracts, gather(places, place.cols.populationShare));
      L.transferMany(account, gather(places, place.cols.account), parts, "acute", "acute contracts pooled at place");
      places.forEach((p, k) => {
        place.cols.acuteDelegated[p] = parts[k]!;
      });
    }
  }
  L.transfer(account, community.cols.account[cp]! as AccountId, community.cols.contract[cp]!, "community", "community and mental health contract");
  community.cols.income[cp]! += community.cols.contract[cp]!;
  commissions.forEach((cm, k) => {
    const pence = commissioned[k]!;
    if (pence <= 0) return;
    const before = L.balance(account);
    cm.receive(sim, row, pence, account);
    const taken = before - L.balance(account);
    if (taken !== pence) throw new DecisionError("icb", `commission ${cm.line}`, row, yearLabel(sim), `receive: expected to take the ${pence} pence the ICB pays from its account, took ${taken}`);
  });
  const council = w.tables.council;
  if (sc.governance.poolSocialCare && places.length > 0) {
    const parts = split(c.bcf[row]!, gather(places, place.cols.populationShare));
    L.transferMany(account, gather(places, place.cols.account), parts, "bcf", "Better Care Fund pooled at place");
  } else {
    const parts = split(c.bcf[row]!, gather(links.councils, council.cols.populationShare));
    L.transferMany(account, gather(links.councils, council.cols.account), parts, "bcf", "Better Care Fund");
  }
  L.transfer(account, w.accounts.services, c.other[row]!, "other-nhs", "prescribing, specialised, ambulance and other NHS services");
  if (supportAcute > 0) {
    const parts = split(supportAcute, gather(links.acutes, acute.cols.carriedDeficit));
    L.transferMany(account, gather(links.acutes, acute.cols.account), parts, "settlement", "deficit support");
    links.acutes.forEach((a, k) => {
      acute.cols.income[a]! += parts[k]!;
    });
  }
  if (supportCommunity > 0) {
    L.transfer(account, community.cols.account[cp]! as AccountId, supportCommunity, "settlement", "deficit support");
    community.cols.income[cp]! += supportCommunity;
  }
}

/** The ICB kind: budgets when a year opens; unspent general practice lines return to it when it closes. */
export const icbKind = defineKind<NhsTypes, IcbLinks>()({
  kind: "icb",
  columns: ICB_COLUMNS,
  act: {
    allocate,
    decide(row, icb, sim) {
      const w = sim.world;
      const account = icb.cols.account[row]! as AccountId;
      // After every payment of the year (QOF is paid at settle): unpaid entitlements leak back.
      w.year.gpLeaked += sweepHolding(sim, icb.cols.holding[row]!, account, "unspent general practice line");
      const balance = sim.ledger.balance(account);
      icb.cols.carriedDeficit[row] = Math.max(0, -balance);
      if (balance < 0) {
        w.year.icbDeficit += -balance;
        w.year.icbsInDeficit++;
        sim.events.emit({ type: "icb-deficit", icb: row, pence: -balance, year: yearLabel(sim) });
      }
    },
  },
});
