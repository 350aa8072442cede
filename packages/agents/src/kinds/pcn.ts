/**
 * The primary care network: receives PCN money, passes part to its practices, spends the rest on additional
 * roles (staff by role at their reimbursement rates, each freeing some GP time), and leaves the rest unspent:
 * clawed back by NHS England while the money was ring-fenced, kept by the ICB once it is in ICB baselines.
 * Its practices' cohesion is general practice's voice.
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { PCN_COLUMNS, type PcnTable } from "../columns.js";
import type { Scenario } from "../scenario.js";
import { LINE, LINE_COUNT, type NhsTypes } from "../world.js";
import { checkAmount, doubles, ints, lineAccount, paying, refreshPaying } from "./shared.js";

/** The additional roles of a scenario, by key. */
export type ArrsRoles = Scenario["pcn"]["roles"];

/** The additional roles PCNs employ, in a fixed order. */
export const ARRS_ROLES = ["clinicalPharmacist", "pharmacyTechnician", "firstContact", "careCoordination"] as const satisfies readonly (keyof ArrsRoles)[];

/**
 * Sets PCN `row`'s additional roles for the year from the `spent` pence of additional-roles money: FTE by role
 * at its reimbursement rate (in this year's cash: the 2025/26 rate times `priceLevel2025`), shared by the
 * roles' spending shares, and the GP FTE they free (FTE × the role's GP-time substitution).
 */
export function setArrsStaff(t: PcnTable, row: number, spent: number, roles: ArrsRoles, priceLevel2025: number): void {
  let weights = 0;
  for (const k of ARRS_ROLES) weights += roles[k].spendShare;
  let fte = 0;
  let capacity = 0;
  if (spent > 0 && weights > 0) {
    for (const k of ARRS_ROLES) {
      const role = roles[k];
      const f = (spent * role.spendShare) / weights / (role.reimbursement * 100 * priceLevel2025);
      fte += f;
      capacity += f * role.gpTimeSubstitution;
    }
  }
  t.cols.arrsFte[row] = fte;
  t.cols.arrsCapacity[row] = capacity;
}

/** The PCN kind. */
export const pcnKind = defineKind<NhsTypes>()({
  kind: "pcn",
  columns: PCN_COLUMNS,
  systems: {
    allocate(t, sim) {
      const w = sim.world;
      const c = t.cols;
      const agg = w.aggregates;
      const rate = w.national.rates[LINE.pcn]!;
      const first = w.blocks.pcn;
      refreshPaying(w); // the holders have acted: who pays which line is settled for the year
      const rows = t.rows();
      const from = ints(w, "pcn-from", rows.length);
      const to = ints(w, "pcn-to", rows.length);
      const due = doubles(w, "pcn-due", rows.length);
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const h = paying(w, c.icb[r]!, c.place[r]!, LINE.pcn);
        c.budget[r] = agg.pcnOpen[r]! > 0 ? Math.floor(rate * agg.pcnList[r]! * w.holdings.factor[h * LINE_COUNT + LINE.pcn]!) : 0;
        c.passThrough[r] = Math.round(w.scenario.pcn.passThroughShare * c.budget[r]!);
        from[k] = lineAccount(w, h, LINE.pcn);
        to[k] = first + r;
        due[k] = c.budget[r]!;
      }
      // Money in first, then the practices' shares (set by the practices' own system), so one pass of the
      // year's standing orders pays exactly what monthly payment would.
      const base = sim.orders.addMany(from, to, due, "pcn", { capped: true, reason: "PCN entitlement" });
      for (let k = 0; k < rows.length; k++) c.inflowOrder[rows[k]!] = base + k;
      const p = w.tables.practice;
      const pc = p.cols;
      const open = p.rows();
      const payer = ints(w, "pass-from", open.length);
      const payee = ints(w, "pass-to", open.length);
      const share = doubles(w, "pass-due", open.length);
      let n = 0;
      for (let o = 0; o < open.length; o++) {
        const i = open[o]!;
        const k = pc.pcn[i]!;
        if (pc.open[i] !== 1 || c.passThrough[k]! <= 0) {
          pc.pcnOrder[i] = -1;
          continue;
        }
        payer[n] = first + k;
        payee[n] = w.blocks.practice + i;
        share[n] = Math.floor((c.passThrough[k]! * pc.list[i]!) / agg.pcnList[k]!);
        pc.pcnOrder[i] = n;
        n++;
      }
      const passBase = sim.orders.addMany(payer, payee, share, "pcn", { capped: true, reason: "PCN payments to practices" }, n);
      for (let o = 0; o < open.length; o++) if (pc.pcnOrder[open[o]!]! >= 0) pc.pcnOrder[open[o]!]! += passBase;
    },
    settle(t, sim) {
      const w = sim.world;
      const c = t.cols;
      const policy = w.policies.pcn;
      const arrsStream = sim.streams.column("pcn-arrs", t.size);
      const icbs = w.tables.icb;
      const rows = t.rows();
      const sc = w.scenario.pcn;
      // In ICB baselines (from 2025/26) an underspend is the ICB's general money; before, NHS England claws it back.
      const inBaseline = w.runStart + w.national.year >= sc.arrsBaselineYear;
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const account = (w.blocks.pcn + r) as AccountId;
        const arrs = sim.ledger.balance(account);
        setArrsStaff(t, r, 0, sc.roles, w.national.priceLevel2025);
        if (arrs <= 0) continue;
        const decision = policy.decide({ arrsBudget: arrs, cohesion: c.cohesion[r]! }, arrsStream.rng(r));
        const back = checkAmount(sim, "pcn", policy.name, r, "underspend", decision.underspend, arrs);
        if (back > 0) {
          if (inBaseline) sim.ledger.transfer(account, icbs.cols.account[c.icb[r]!]! as AccountId, back, "pcn", "additional-roles underspend kept by the ICB");
          else sim.ledger.transfer(account, w.accounts.allocator, back, "pcn", "additional-roles underspend clawed back by NHS England");
        }
        sim.ledger.transfer(account, w.accounts.services, arrs - back, "pcn", "additional roles staff");
        setArrsStaff(t, r, arrs - back, sc.roles, w.national.priceLevel2025);
        w.year.gpLeaked += back;
        w.year.arrsBudget += arrs;
        w.year.arrsUnderspend += back;
        w.year.gpReceived += arrs - back;
      }
    },
  },
});
