/**
 * The GP practice: list, income by line (paid as standing orders through the year, QOF at the year end),
 * expenses, partner profit, and the decision to keep its contract: a practice that leaves merges with a
 * neighbour, becomes a salaried department of an integrator, or hands back its contract and its patients
 * move to neighbours.
 * @packageDocumentation
 */
import { defineKind, split, type AccountId } from "@ringfence/core";
import { PRACTICE_COLUMNS, type PracticeTable } from "../columns.js";
import type { NhsTypes } from "../domain.js";
import type { PracticeDecision, PracticeObservation } from "../policies/signatures.js";
import { LINE, LINE_COUNT, type World } from "../world.js";
import { DecisionError, HOST, lineAccount, paying, yearLabel, type NhsSim } from "./shared.js";

/** The lines paid by standing order and how often: core monthly, enhanced and premises quarterly. */
const ORDERED = [
  { line: LINE.core, instalments: 12 },
  { line: LINE.enhanced, instalments: 4 },
  { line: LINE.premises, instalments: 4 },
] as const;

/** The national formula amount of line `line` for practice `i`, pence. */
export function formulaFor(w: World, p: PracticeTable, i: number, line: number): number {
  const list = p.cols.list[i]!;
  return w.national.rates[line]! * (line === LINE.core ? list * p.cols.weighting[i]! : list);
}

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
  const from = [new Int32Array(m), new Int32Array(m), new Int32Array(m)];
  const due = [new Float64Array(m), new Float64Array(m), new Float64Array(m)];
  const to = new Int32Array(m);
  const expenses = new Float64Array(m);
  const growth = n.inflation + sc.expenseGrowthExcess;
  for (let k = 0; k < m; k++) {
    const i = open[k]!;
    // Expenses grow with inflation, a drift above it, and a practice's own noise (drawn every year).
    const noise = costs.normal(i, 0, sc.expenseSd);
    if (n.year > 0) {
      c.fixedCost[i]! *= 1 + growth + noise;
      c.perPatientCost[i]! *= 1 + growth + noise;
    }
    const list = c.list[i]!;
    expenses[k] = c.expenses[i] = Math.round(c.fixedCost[i]! + c.perPatientCost[i]! * list);
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
      due[o]![k] = Math.floor(rates[line]! * (line === LINE.core ? list * c.weighting[i]! : list) * factor[h * LINE_COUNT + line]!);
    }
    const hq = paying(w, icb, place, LINE.qof);
    c.qofEntitled[i] = Math.floor(rates[LINE.qof]! * list * factor[hq * LINE_COUNT + LINE.qof]!);
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
  for (const i of openRows(p)) {
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
    for (let o = 0; o < ORDERED.length; o++) income += sim.orders.paid(w.practiceOrders.lines[o]! + k);
    const pcnPaid = c.pcnOrder[i]! >= 0 ? sim.orders.paid(c.pcnOrder[i]!) : 0;
    income += pcnPaid;
    c.income[i] = income;
    w.year.gpReceived += income;
    w.year.paidToPractices += income;
    // A salaried department's shortfall is met by its host (a federation only from money it has).
    if (c.salaried[i] === 1 && income < c.expenses[i]!) {
      const from = host.get(c.icb[i]!);
      if (from !== undefined) {
        const need = c.expenses[i]! - income;
        const paid = from.capped ? Math.min(need, Math.max(0, sim.ledger.balance(from.account))) : need;
        if (paid > 0) sim.ledger.transfer(from.account, account, paid, "settlement", "salaried department shortfall met by host");
      }
    }
  }
}

/** Accounts of the integrators that host salaried departments, by ICB row. */
function hostAccounts(w: World): Map<number, { account: AccountId; capped: boolean }> {
  const out = new Map<number, { account: AccountId; capped: boolean }>();
  const icb = w.tables.icb;
  for (const r of icb.rows()) {
    const kind = icb.cols.hostKind[r]!;
    const row = icb.cols.hostRow[r]!;
    if (kind === HOST.acute) out.set(r, { account: w.tables.acute.cols.account[row]! as AccountId, capped: false });
    else if (kind === HOST.federation) out.set(r, { account: w.tables.federation.cols.account[row]! as AccountId, capped: true });
    else {
      const fed = w.tables.federation;
      for (const f of icb.state[r]!.federations) {
        if (fed.cols.failed[f] === 0 && fed.cols.capability[f]! >= w.scenario.federation.integratorThreshold) {
          out.set(r, { account: fed.cols.account[f]! as AccountId, capped: true });
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

function neighbourhoods(p: PracticeTable, pcns: number, icbs: number): Neighbourhoods {
  const group = (count: number, key: Int32Array | Uint8Array | Float64Array | Int16Array | Uint16Array | Int8Array | Uint32Array | Float32Array) => {
    const start = new Int32Array(count + 1);
    const open = openRows(p);
    for (const i of open) start[key[i]! + 1]!++;
    for (let g = 0; g < count; g++) start[g + 1]! += start[g]!;
    const members = new Int32Array(open.length);
    const fill = start.slice(0, count);
    for (const i of open) members[fill[key[i]!]!++] = i;
    return { start, members };
  };
  const byPcn = group(pcns, p.cols.pcn);
  const byIcb = group(icbs, p.cols.icb);
  return { pcnStart: byPcn.start, pcnMembers: byPcn.members, icbStart: byIcb.start, icbMembers: byIcb.members };
}

/** Whether any open practice other than `i` is in its PCN or, failing that, its ICB. */
function hasNeighbour(p: PracticeTable, nb: Neighbourhoods, i: number): boolean {
  const c = p.cols;
  for (const [start, members, g] of [[nb.pcnStart, nb.pcnMembers, c.pcn[i]!], [nb.icbStart, nb.icbMembers, c.icb[i]!]] as const) {
    for (let k = start[g]!; k < start[g + 1]!; k++) {
      const j = members[k]!;
      if (j !== i && c.open[j] === 1) return true;
    }
  }
  return false;
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

const DECISIONS: ReadonlySet<string> = new Set<PracticeDecision>(["continue", "hand-back", "merge", "salaried"]);

function decide(p: PracticeTable, sim: NhsSim): void {
  const w = sim.world;
  const sc = w.scenario.practice;
  const c = p.cols;
  const exit = sim.streams.column("practice-exit", p.size);
  const nb = neighbourhoods(p, w.tables.pcn.size, w.tables.icb.size);
  const hosts = hostAccounts(w);
  const icbAccounts = w.tables.icb.cols.account;
  const meanList = w.year.list / Math.max(1, openRows(p).length);
  const policy = w.policies.practice;
  const rules = { baseHazard: sc.exitBaseHazard, sizeElasticity: sc.exitSizeElasticity, distressProfitShare: sc.distressProfitShare, distressHazard: sc.distressHazard, mergeShare: sc.mergeShare, salariedShare: sc.salariedShare };
  const label = yearLabel(sim);
  // One observation object, refilled for each practice (policies copy what they keep).
  const obs: Mutable<PracticeObservation> = { practice: 0, year: w.national.year, list: 0, profitShare: 0, smallness: 1, canMerge: false, canBecomeSalaried: false, salaried: false, rules };
  for (const i of openRows(p)) {
    if (c.open[i] !== 1) continue; // absorbed earlier this year
    const income = c.income[i]!;
    c.profitShare[i] = income > 0 ? (income - c.expenses[i]!) / income : -1;
    obs.practice = i;
    obs.list = c.list[i]!;
    obs.profitShare = c.profitShare[i]!;
    obs.smallness = meanList / Math.max(1, c.list[i]!);
    obs.canMerge = hasNeighbour(p, nb, i);
    obs.canBecomeSalaried = hosts.has(c.icb[i]!);
    obs.salaried = c.salaried[i] === 1;
    const decision: unknown = policy.decide(obs, exit.rng(i));
    if (typeof decision !== "string" || !DECISIONS.has(decision)) {
      throw new DecisionError("practice", policy.name, i, label, `decision: expected one of continue, hand-back, merge, salaried, got ${String(decision)}`);
    }
    const account = (w.blocks.practice + i) as AccountId;
    const neighbours = decision === "hand-back" || decision === "merge" ? neighboursOf(p, nb, i) : [];
    if (neighbours.length > 0) {
      if (decision === "merge") {
        let into = neighbours[0]!;
        for (const j of neighbours) if (c.list[j]! > c.list[into]!) into = j;
        c.list[into]! += c.list[i]!;
        c.gpFte[into]! += c.gpFte[i]!;
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
      c.open[i] = 0;
      c.list[i] = 0;
      c.gpFte[i] = 0;
      sim.agents.remove("practice", i);
      continue;
    }
    if (decision === "salaried" && obs.canBecomeSalaried && c.salaried[i] === 0) {
      c.salaried[i] = 1;
      w.year.salaried++;
      sim.events.emit({ type: "practice-salaried", practice: i, year: label });
    }
  }
  // Lists grow with the registered population.
  for (const i of openRows(p)) c.list[i] = Math.round(c.list[i]! * (1 + sc.listGrowth));
}

/** The practice kind. */
export const practiceKind = defineKind<NhsTypes>()({
  kind: "practice",
  columns: PRACTICE_COLUMNS,
  systems: { allocate, settle, decide },
});
