/**
 * The GP practice: list, income by line (paid as standing orders through the year, QOF at the year end),
 * expenses (its salaried GPs among them), its partners' drawings, and the partners' decision to keep the
 * contract, against what they could earn as salaried GPs: a practice that leaves merges with a neighbour,
 * becomes a salaried department of an integrator, or hands back its contract and its patients move to
 * neighbours.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { PRACTICE_COLUMNS, type PracticeTable } from "../columns.js";
import { AT_SCALE_PUSH_FROM } from "../history.js";
import { ENTRANT_LIST_SHARE, practiceOpenings } from "../policies/providers.js";
import type { EntryObservation, PracticeObservation } from "../policies/signatures.js";
import { LINE, LINE_COUNT, lineFormula, type World, type NhsTypes } from "../world.js";
import { DecisionError, doubles, HOST, ints, lineAccount, type NhsSim, paying, policyYear, yearLabel } from "./shared.js";

/** The lines paid by standing order and how often: core monthly, enhanced and premises quarterly. */
const ORDERED = [
  { line: LINE.core, instalments: 12 },
  { line: LINE.enhanced, instalments: 4 },
  { line: LINE.premises, instalments: 4 },
] as const;

/** Practice `i`'s own index of line `line`: its payments per patient over the national rate (1 for PCN money). */
export function lineIndex(p: PracticeTable, i: number, line: number): number {
  const c = p.cols;
  return line === LINE.core ? c.coreIndex[i]! : line === LINE.enhanced ? c.enhancedIndex[i]! : line === LINE.qof ? c.qofIndex[i]! : line === LINE.premises ? c.premisesIndex[i]! : 1;
}

/** The national formula amount of line `line` for practice `i` at its own index, pence. */
export function formulaFor(w: World, p: PracticeTable, i: number, line: number): number {
  return lineFormula(w.national.rates, line, p.cols.list[i]!, p.cols.weighting[i]!, lineIndex(p, i, line));
}

/** What a practice pays a year for one FTE salaried GP this year, pence: pay (in 2025/26 prices, moved with the deflator) and on-costs. */
export const salariedGpCost = (w: World): number => w.scenario.practice.salariedGpPay * 100 * w.national.priceLevel2025 * (1 + w.scenario.practice.salariedOnCost);

/** Drawings per partner FTE, pence: a practice with at most one FTE of partners counts as one partner. */
export const drawingsPerPartner = (drawings: number, partnerFte: number): number => drawings / Math.max(1, partnerFte);

/** The open practices in row order: a practice that leaves is removed, so these are the active rows. */
const openRows = (p: PracticeTable): Int32Array => p.rows();

function allocate(p: PracticeTable, sim: NhsSim): void {
  const w = sim.world;
  const n = w.national;
  const sc = w.scenario.practice;
  const c = p.cols;
  const open = openRows(p);
  const m = open.length;
  const costs = sim.streams.column("practice-costs", p.size);
  const factor = w.holdings.factor;
  const firstAccount = w.holdings.firstAccount;
  const rates = n.rates;
  // One pass: expenses and the three ordered lines' payers and amounts; then the orders in bulk.
  const index = [c.coreIndex, c.enhancedIndex, c.premisesIndex];
  const from = [ints(w, "core-from", m), ints(w, "enhanced-from", m), ints(w, "premises-from", m)];
  const due = [doubles(w, "core-due", m), doubles(w, "enhanced-due", m), doubles(w, "premises-due", m)];
  const to = ints(w, "practice-to", m);
  const expenses = doubles(w, "practice-expenses", m);
  const growth = n.inflation + sc.expenseGrowthExcess;
  const salariedCost = salariedGpCost(w);
  for (let k = 0; k < m; k++) {
    const i = open[k]!;
    // Expenses grow with inflation, a drift above it, and a practice's own noise (drawn every year).
    const noise = costs.normal(i, 0, sc.expenseSd);
    if (n.year > 0) {
      c.fixedCost[i]! *= 1 + growth + noise;
      c.perPatientCost[i]! *= 1 + growth + noise;
    }
    const list = c.list[i]!;
    expenses[k] = c.expenses[i] = Math.round(c.fixedCost[i]! + c.perPatientCost[i]! * list + (c.gpFte[i]! - c.partnerFte[i]!) * salariedCost);
    c.income[i] = 0;
    c.order[i] = k;
    to[k] = w.blocks.practice + i;
    // Entitlements: the formula at the paying holding's factor.
    const icb = c.icb[i]!;
    const place = c.place[i]!;
    for (let o = 0; o < ORDERED.length; o++) {
      const line = ORDERED[o]!.line;
      const h = paying(w, icb, place, line);
      from[o]![k] = firstAccount[h]! + line;
      due[o]![k] = Math.floor(lineFormula(rates, line, list, c.weighting[i]!, index[o]![i]!) * factor[h * LINE_COUNT + line]!);
    }
    const hq = paying(w, icb, place, LINE.qof);
    c.qofEntitled[i] = Math.floor(rates[LINE.qof]! * (list * c.qofIndex[i]!) * factor[hq * LINE_COUNT + LINE.qof]!);
  }
  const bases = w.practiceOrders;
  for (let o = 0; o < ORDERED.length; o++) {
    const { line, instalments } = ORDERED[o]!;
    bases.lines[o] = sim.orders.addMany(from[o]!, to, due[o]!, line === LINE.core ? "core" : line === LINE.enhanced ? "enhanced" : "premises", { instalments, capped: true, reason: "practice entitlement" }, m);
  }
  bases.expenses = sim.orders.addMany(to, w.accounts.services, expenses, "operating", { reason: "practice expenses" }, m);
}

function settle(p: PracticeTable, sim: NhsSim): void {
  const w = sim.world;
  const sc = w.scenario.practice;
  const c = p.cols;
  const qof = sim.streams.column("practice-qof", p.size);
  const logitMean = Math.log(sc.qofAchievementMean / (1 - sc.qofAchievementMean));
  const host = hostAccounts(w);
  const paid = sim.orders;
  const bases = w.practiceOrders.lines;
  const open = openRows(p);
  for (let o = 0; o < open.length; o++) {
    const i = open[o]!;
    // QOF achievement is logit-normal around the mean (one normal draw, every year).
    const z = qof.normal(i, 0, 1);
    const achievement = sc.qofAchievementMean >= 1 ? 1 : sc.qofAchievementMean <= 0 ? 0 : 1 / (1 + Math.exp(-(logitMean + sc.qofAchievementSpread * z)));
    const h = paying(w, c.icb[i]!, c.place[i]!, LINE.qof);
    const from = lineAccount(w, h, LINE.qof);
    const account = (w.blocks.practice + i) as AccountId;
    const qofPaid = Math.min(Math.floor(c.qofEntitled[i]! * achievement), sim.ledger.balance(from));
    if (qofPaid > 0) sim.ledger.transfer(from, account, qofPaid, "qof", "QOF achievement");
    let income = qofPaid;
    const k = c.order[i]!;
    const corePaid = paid.paid(bases[0]! + k);
    const enhancedPaid = paid.paid(bases[1]! + k);
    income += corePaid + enhancedPaid + paid.paid(bases[2]! + k);
    const pcnPaid = c.pcnOrder[i]! >= 0 ? paid.paid(c.pcnOrder[i]!) : 0;
    w.panel?.paid(c.icb[i]!, income, corePaid, enhancedPaid, qofPaid, pcnPaid);
    income += pcnPaid;
    c.income[i] = income;
    w.year.gpReceived += income;
    w.year.paidToPractices += income;
    w.year.pcnToPractices += pcnPaid;
    // A salaried department's shortfall is met by its host (a federation only from money it has).
    if (c.salaried[i] === 1 && income < c.expenses[i]!) {
      const hostAccount = host.account[c.icb[i]!]!;
      if (hostAccount >= 0) {
        const need = c.expenses[i]! - income;
        const paid = host.capped[c.icb[i]!] === 1 ? Math.min(need, Math.max(0, sim.ledger.balance(hostAccount as AccountId))) : need;
        if (paid > 0) sim.ledger.transfer(hostAccount as AccountId, account, paid, "settlement", "salaried department shortfall met by host");
      }
    }
  }
}

/** The integrator that hosts salaried departments in each ICB: its account (−1 for none) and whether it is capped. */
interface Hosts {
  readonly account: Int32Array;
  readonly capped: Uint8Array;
}

/** Works out each ICB's host of salaried departments for the year (the IHO host, else a capable federation). */
function hostAccounts(w: World): Hosts {
  const icb = w.tables.icb;
  const out = { account: ints(w, "host-account", icb.size).fill(-1), capped: new Uint8Array(icb.size) };
  for (const r of icb.rows()) {
    const kind = icb.cols.hostKind[r]!;
    const row = icb.cols.hostRow[r]!;
    if (kind === HOST.acute) out.account[r] = w.tables.acute.cols.account[row]!;
    else if (kind === HOST.federation) {
      out.account[r] = w.tables.federation.cols.account[row]!;
      out.capped[r] = 1;
    } else {
      const fed = w.tables.federation;
      for (const f of icb.state[r]!.federations) {
        if (fed.cols.failed[f] === 0 && fed.cols.capability[f]! >= w.scenario.federation.integratorThreshold) {
          out.account[r] = fed.cols.account[f]!;
          out.capped[r] = 1;
          break;
        }
      }
    }
  }
  return out;
}

/** Open practices grouped by PCN and by ICB (compressed rows), for finding neighbours. */
interface Neighbourhoods {
  readonly pcnStart: Int32Array;
  readonly pcnMembers: Int32Array;
  readonly icbStart: Int32Array;
  readonly icbMembers: Int32Array;
}

/** Groups the open practices by a key column (a counting sort into reusable arrays). */
function group(w: World, p: PracticeTable, name: string, count: number, key: Int32Array): { start: Int32Array; members: Int32Array } {
  const open = openRows(p);
  const start = ints(w, `${name}-start`, count + 1).fill(0);
  for (let k = 0; k < open.length; k++) start[key[open[k]!]! + 1]!++;
  for (let g = 0; g < count; g++) start[g + 1]! += start[g]!;
  const members = ints(w, `${name}-members`, open.length);
  const fill = ints(w, `${name}-fill`, count);
  fill.set(start.subarray(0, count));
  for (let k = 0; k < open.length; k++) {
    const i = open[k]!;
    members[fill[key[i]!]!++] = i;
  }
  return { start, members };
}

function neighbourhoods(w: World, p: PracticeTable, pcns: number, icbs: number): Neighbourhoods {
  const byPcn = group(w, p, "pcn", pcns, p.cols.pcn);
  const byIcb = group(w, p, "icb", icbs, p.cols.icb);
  return { pcnStart: byPcn.start, pcnMembers: byPcn.members, icbStart: byIcb.start, icbMembers: byIcb.members };
}

/** Open practices other than `i` in its PCN, or failing that in its ICB. */
function neighboursOf(p: PracticeTable, nb: Neighbourhoods, i: number): number[] {
  const c = p.cols;
  const pick = (start: Int32Array, members: Int32Array, g: number) => {
    const out: number[] = [];
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      const j = members[k]!;
      if (j !== i && c.open[j] === 1) out.push(j);
    }
    return out;
  };
  const inPcn = pick(nb.pcnStart, nb.pcnMembers, c.pcn[i]!);
  return inPcn.length > 0 ? inPcn : pick(nb.icbStart, nb.icbMembers, c.icb[i]!);
}

/** Settles a leaving practice's cash: a surplus goes to `to`, an overdraft is cleared by `to`. */
function settleCash(sim: NhsSim, account: AccountId, to: AccountId): void {
  const cash = sim.ledger.balance(account);
  if (cash > 0) sim.ledger.transfer(account, to, cash, "settlement", "practice cash on leaving");
  else if (cash < 0) sim.ledger.transfer(to, account, -cash, "settlement", "practice debts cleared on leaving");
}

/** A writable view of a readonly observation type, for the object the kind refills. */
type Mutable<T> = { -readonly [K in keyof T]: T[K] };

function decide(p: PracticeTable, sim: NhsSim): void {
  const w = sim.world;
  const sc = w.scenario.practice;
  const c = p.cols;
  const exit = sim.streams.column("practice-exit", p.size);
  // Open practices per PCN and per ICB, kept as practices leave, so "could a neighbour absorb it" is O(1);
  // the neighbourhoods themselves are built only when a practice leaves.
  const pcnOpen = ints(w, "pcn-open", w.tables.pcn.size).fill(0);
  const icbOpen = ints(w, "icb-open", w.tables.icb.size).fill(0);
  const open = openRows(p);
  for (let k = 0; k < open.length; k++) {
    pcnOpen[c.pcn[open[k]!]!]!++;
    icbOpen[c.icb[open[k]!]!]!++;
  }
  let nb: Neighbourhoods | null = null;
  const hosts = hostAccounts(w);
  const icbAccounts = w.tables.icb.cols.account;
  const meanList = w.year.list / Math.max(1, open.length);
  const policy = w.policies.practice;
  const rules = { baseHazard: sc.exitBaseHazard, sizeElasticity: sc.exitSizeElasticity, distressHazard: sc.distressHazard, lastPartnerHazard: sc.lastPartnerHazard, mergeShare: sc.mergeShare, salariedShare: sc.salariedShare, consolidationHazard: sc.consolidationHazard, networkRelief: sc.networkRelief };
  const label = yearLabel(sim);
  // The partners' alternative: a salaried GP's pay this year (before the employer's on-costs).
  const alternative = Math.round(sc.salariedGpPay * 100 * w.national.priceLevel2025);
  // One observation object, refilled for each practice (policies copy what they keep).
  const obs: Mutable<PracticeObservation> = {
    practice: 0,
    year: policyYear(w),
    list: 0,
    profitShare: 0,
    drawings: 0,
    partnerFte: 0,
    salariedFte: 0,
    drawingsPerPartner: 0,
    salariedAlternative: alternative,
    lastPartner: false,
    smallness: 1,
    canMerge: false,
    canBecomeSalaried: false,
    salaried: false,
    atScalePush: w.runStart + w.national.year >= AT_SCALE_PUSH_FROM,
    networked: w.national.rates[LINE.pcn]! > 0,
    rules,
  };
  for (let o = 0; o < open.length; o++) {
    const i = open[o]!;
    if (c.open[i] !== 1) continue; // absorbed earlier this year
    const income = c.income[i]!;
    const drawings = income - c.expenses[i]!;
    c.drawings[i] = drawings;
    c.profitShare[i] = income > 0 ? drawings / income : -1;
    obs.practice = i;
    obs.list = c.list[i]!;
    obs.profitShare = c.profitShare[i]!;
    obs.drawings = drawings;
    obs.partnerFte = c.partnerFte[i]!;
    obs.salariedFte = c.gpFte[i]! - c.partnerFte[i]!;
    obs.drawingsPerPartner = drawingsPerPartner(drawings, c.partnerFte[i]!);
    obs.lastPartner = c.partnerFte[i]! > 0 && c.partnerFte[i]! <= 1;
    obs.smallness = meanList / Math.max(1, c.list[i]!);
    obs.canMerge = pcnOpen[c.pcn[i]!]! > 1 || icbOpen[c.icb[i]!]! > 1;
    obs.canBecomeSalaried = hosts.account[c.icb[i]!]! >= 0;
    obs.salaried = c.salaried[i] === 1;
    const decision: unknown = policy.decide(obs, exit.rng(i));
    if (decision !== "continue" && decision !== "hand-back" && decision !== "merge" && decision !== "salaried") {
      throw new DecisionError("practice", policy.name, i, label, `decision: expected one of continue, hand-back, merge, salaried, got ${String(decision)}`);
    }
    const account = (w.blocks.practice + i) as AccountId;
    if ((decision === "hand-back" || decision === "merge") && obs.canMerge) {
      nb ??= neighbourhoods(w, p, w.tables.pcn.size, w.tables.icb.size);
      const neighbours = neighboursOf(p, nb, i);
      if (decision === "merge") {
        let into = neighbours[0]!;
        for (const j of neighbours) if (c.list[j]! > c.list[into]!) into = j;
        c.list[into]! += c.list[i]!;
        c.gpFte[into]! += c.gpFte[i]!;
        // Partners join the receiving partnership (a salaried department's doctors stay salaried).
        if (c.salaried[into] === 0) c.partnerFte[into]! += c.partnerFte[i]!;
        c.fixedCost[into]! += c.fixedCost[i]! * (1 - sc.mergerFixedCostSaving);
        settleCash(sim, account, (w.blocks.practice + into) as AccountId);
        w.year.merged++;
        sim.events.emit({ type: "practice-merged", practice: i, into, year: label });
      } else {
        // Every patient (and GP) moves to a neighbour, in proportion to their lists.
        const moved = c.list[i]!;
        const parts = split(moved, neighbours.map((j) => c.list[j]! + 1));
        const fte = c.gpFte[i]!;
        let listTotal = 0;
        for (const j of neighbours) listTotal += c.list[j]! + 1;
        // Its GPs follow as salaried GPs of the neighbours.
        neighbours.forEach((j, k) => {
          c.list[j]! += parts[k]!;
          c.gpFte[j]! += (fte * (c.list[j]! + 1 - parts[k]!)) / listTotal;
        });
        settleCash(sim, account, icbAccounts[c.icb[i]!]! as AccountId);
        w.aggregates.dispersing[c.icb[i]!]! += moved;
        w.year.closed++;
        w.year.dispersed += moved;
        sim.events.emit({ type: "practice-closed", practice: i, patients: moved, year: label });
      }
      w.panel?.exit(c.icb[i]!);
      c.open[i] = 0;
      c.list[i] = 0;
      c.gpFte[i] = 0;
      c.partnerFte[i] = 0;
      pcnOpen[c.pcn[i]!]!--;
      icbOpen[c.icb[i]!]!--;
      sim.agents.remove("practice", i);
      continue;
    }
    if (decision === "salaried" && obs.canBecomeSalaried && c.salaried[i] === 0) {
      // The partners become the host's salaried GPs: their pay is now a cost of the department.
      c.salaried[i] = 1;
      c.partnerFte[i] = 0;
      w.year.salaried++;
      sim.events.emit({ type: "practice-salaried", practice: i, year: label });
    }
  }
  // New practices, after the year's exits (no draw at all when entry is off).
  if (sc.entryRate > 0) openPractices(p, sim, icbOpen);
  // Lists grow with the registered population: the national rate, plus each ICB's own lasting difference
  // (drawn in the first year) and its difference this year. Both draws happen every year, whatever the
  // scenario, so the stream stays paired.
  const icbs = w.tables.icb;
  const spread = sim.streams.column("icb-list", icbs.size);
  const growth = doubles(w, "icb-list-growth", icbs.size);
  for (const r of icbs.rows()) {
    const lasting = spread.normal(r, 0, sc.listGrowthIcbSd);
    if (w.national.year === 0) icbs.cols.listGrowthEffect[r] = lasting;
    growth[r] = sc.listGrowth + icbs.cols.listGrowthEffect[r]! + spread.normal(r, 0, sc.listGrowthIcbYearSd);
  }
  const stillOpen = openRows(p);
  for (let k = 0; k < stillOpen.length; k++) {
    const i = stillOpen[k]!;
    c.list[i] = Math.round(c.list[i]! * Math.max(0, 1 + growth[c.icb[i]!]!));
  }
}

/**
 * The ICBs' new practices of the year: each ICB opens as many as {@link practiceOpenings} draws from its own
 * entry stream (one Poisson draw an ICB, in row order), each taking patients from the ICB's largest list.
 */
function openPractices(p: PracticeTable, sim: NhsSim, icbOpen: Int32Array): void {
  const w = sim.world;
  const icbs = w.tables.icb.rows();
  const entry = sim.streams.column("practice-entry", w.tables.icb.size);
  const label = yearLabel(sim);
  const obs: Mutable<EntryObservation> = { icb: 0, year: policyYear(w), openPractices: 0, rules: { entryRate: w.scenario.practice.entryRate } };
  for (let k = 0; k < icbs.length; k++) {
    const r = icbs[k]!;
    obs.icb = r;
    obs.openPractices = icbOpen[r]!;
    const n = practiceOpenings(obs, entry.rng(r));
    for (let e = 0; e < n; e++) if (openPractice(p, sim, r, label)) icbOpen[r]!++;
  }
}

/**
 * Opens a practice in ICB row `icb` (an APMS contract): it takes {@link ENTRANT_LIST_SHARE} of the ICB's mean
 * list (at most half) from the ICB's largest list, joins that practice's PCN and place, and takes the same
 * share of its GPs, partners and fixed costs, its costs per patient, needs weighting and payment indices
 * (core at its norm: no MPIG or PMS premium). Patients, GPs and cost base are moved, not made; no money moves.
 * Returns false when no open practice of the ICB has patients to spare.
 */
function openPractice(p: PracticeTable, sim: NhsSim, icb: number, label: string): boolean {
  const w = sim.world;
  const c = p.cols;
  const rows = p.rows();
  let from = -1;
  let open = 0;
  let list = 0;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (c.icb[i] !== icb || c.open[i] !== 1) continue;
    open++;
    list += c.list[i]!;
    if (from < 0 || c.list[i]! > c.list[from]!) from = i;
  }
  if (from < 0) return false;
  const moved = Math.min(Math.round((ENTRANT_LIST_SHARE * list) / open), Math.floor(c.list[from]! / 2));
  if (moved < 1) return false;
  if (p.size >= w.blocks.practiceAccounts) throw new RangeError(`practice entry: the ${w.blocks.practiceAccounts - w.population.practices.length} accounts reserved for new practices are used up in ${label}`);
  const row = sim.agents.addRows(practiceKind, 1);
  // Read the columns afresh: adding a row may have grown them.
  const d = p.cols;
  const share = moved / d.list[from]!;
  d.icb[row] = icb;
  d.pcn[row] = d.pcn[from]!;
  d.place[row] = d.place[from]!;
  d.list[row] = moved;
  d.list[from]! -= moved;
  d.weighting[row] = d.weighting[from]!;
  const fte = d.gpFte[from]! * share;
  d.gpFte[row] = fte;
  d.gpFte[from]! -= fte;
  const partners = d.partnerFte[from]! * share;
  d.partnerFte[row] = partners;
  d.partnerFte[from]! -= partners;
  const fixed = d.fixedCost[from]! * share;
  d.fixedCost[row] = fixed;
  d.fixedCost[from]! -= fixed;
  d.perPatientCost[row] = d.perPatientCost[from]!;
  d.profitShare[row] = d.profitShare[from]!;
  d.open[row] = 1;
  d.pcnOrder[row] = -1;
  d.coreNorm[row] = d.coreNorm[from]!;
  d.coreIndex[row] = d.coreNorm[from]!;
  d.enhancedIndex[row] = d.enhancedIndex[from]!;
  d.qofIndex[row] = d.qofIndex[from]!;
  d.premisesIndex[row] = d.premisesIndex[from]!;
  w.year.opened++;
  sim.events.emit({ type: "practice-opened", practice: row, from, patients: moved, year: label });
  return true;
}

/** The practice kind. */
export const practiceKind = defineKind<NhsTypes>()({
  kind: "practice",
  columns: PRACTICE_COLUMNS,
  systems: { allocate, settle, decide },
});
