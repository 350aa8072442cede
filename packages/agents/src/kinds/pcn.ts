/**
 * The primary care network: receives PCN money, passes part to its practices, spends the rest on additional
 * roles, and returns what it leaves unspent to the ICB. Its practices' cohesion is general practice's voice.
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { PCN_COLUMNS } from "../columns.js";
import { LINE, LINE_COUNT, type NhsTypes } from "../world.js";
import { checkAmount, doubles, ints, lineAccount, paying, refreshPaying } from "./shared.js";

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
      for (let k = 0; k < rows.length; k++) {
        const r = rows[k]!;
        const account = (w.blocks.pcn + r) as AccountId;
        const arrs = sim.ledger.balance(account);
        if (arrs <= 0) continue;
        const decision = policy.decide({ arrsBudget: arrs, cohesion: c.cohesion[r]! }, arrsStream.rng(r));
        const back = checkAmount(sim, "pcn", policy.name, r, "underspend", decision.underspend, arrs);
        if (back > 0) sim.ledger.transfer(account, icbs.cols.account[c.icb[r]!]! as AccountId, back, "pcn", "additional-roles underspend returned");
        sim.ledger.transfer(account, w.accounts.services, arrs - back, "pcn", "additional roles staff");
        w.year.gpLeaked += back;
        w.year.arrsBudget += arrs;
        w.year.arrsUnderspend += back;
        w.year.gpReceived += arrs - back;
      }
    },
  },
});
