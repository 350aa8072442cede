import { createLedger, createSimulation, createStandingOrders, defineKind, defineModel, LedgerError, type AccountId, type ModelTypes } from "@ringfence/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";

type G = "a" | "src" | "sink";
const T = 12;

/** A ledger with a source, a sink, `capped` accounts without overdraft and `open` accounts with one. */
function world(capped: number, open: number, start: readonly number[]) {
  const L = createLedger<G, "f" | "g">({ groups: ["a", "src", "sink"], funds: ["f", "g"] });
  const src = L.source("src");
  const sink = L.sink("sink");
  const accounts: AccountId[] = [];
  for (let i = 0; i < capped + open; i++) {
    const id = L.open({ owner: i, group: "a", purpose: "cash", overdraft: i >= capped });
    accounts.push(id);
    if ((start[i] ?? 0) > 0) L.transfer(src, id, start[i]!, "f");
  }
  return { L, src, sink, accounts, book: createStandingOrders(L, T) };
}

interface OrderSpec {
  readonly from: number; // index into [src, ...accounts]
  readonly to: number; // index into [...accounts, sink]
  readonly annual: number;
  readonly instalments: 1 | 2 | 3 | 4 | 6 | 12;
}

const orderArb = fc.record({
  from: fc.integer({ min: 0, max: 6 }),
  to: fc.integer({ min: 0, max: 6 }),
  annual: fc.oneof(fc.integer({ min: 0, max: 5_000 }), fc.integer({ min: 0, max: 1e9 })),
  instalments: fc.constantFrom<OrderSpec["instalments"]>(1, 2, 3, 4, 6, 12),
});

/** Builds the book and settles it every tick or in one pass; returns every balance and every order's paid total. */
function settle(orders: readonly OrderSpec[], start: readonly number[], mode: "every-tick" | "one-pass", ticksFirst = 0) {
  const w = world(3, 3, start);
  const payers = [w.src, ...w.accounts];
  const payees = [...w.accounts, w.sink];
  for (const o of orders) {
    const from = payers[o.from]!;
    const to = payees[o.to]!;
    if (from === to) continue;
    w.book.add(from, to, o.annual, "g", { instalments: o.instalments, capped: !w.L.mayOverdraw(from) });
  }
  let onePass = false;
  // One-pass mode may first settle some ticks one by one, so the pass starts from partly paid orders.
  for (let t = 1; t <= ticksFirst; t++) w.book.settleThrough(t, T);
  if (mode === "every-tick") for (let t = ticksFirst + 1; t <= T; t++) w.book.settleThrough(t, T);
  else if (w.book.settleYear()) onePass = true;
  else for (let t = ticksFirst + 1; t <= T; t++) w.book.settleThrough(t, T);
  expect(w.L.verify().ok).toBe(true);
  return {
    onePass,
    balances: [...payers, w.sink].map((id) => w.L.balance(id)),
    paid: Array.from({ length: w.book.size }, (_, k) => w.book.paid(k)),
    flows: (w.L.closeYear("y"), w.L.flows()),
  };
}

describe("standing orders", () => {
  it("pay exactly the annual amount in instalments, at the ticks that complete each part of the year", () => {
    const w = world(0, 1, []);
    const k = w.book.add(w.src, w.accounts[0]!, 1_000, "f", { instalments: 4 });
    const paid: number[] = [];
    for (let t = 1; t <= T; t++) {
      w.book.settleThrough(t, T);
      paid.push(w.book.paid(k));
    }
    // Quarterly: due ⌊1000 × q / 4⌋ after ticks 3, 6, 9 and 12.
    expect(paid).toEqual([0, 0, 250, 250, 250, 500, 500, 500, 750, 750, 750, 1_000]);
    expect(w.book.annual(k)).toBe(1_000);
  });
  it("a capped order pays what the payer holds and its arrears as soon as money arrives", () => {
    const w = world(1, 0, [50]);
    const [x] = w.accounts;
    const out = w.book.add(x!, w.sink, 1_200, "f", { capped: true });
    const paid: number[] = [];
    for (let t = 1; t <= T; t++) {
      if (t === 6) w.L.transfer(w.src, x!, 10_000, "f");
      w.book.settleThrough(t, T);
      paid.push(w.book.paid(out));
    }
    expect(paid.slice(0, 5)).toEqual([50, 50, 50, 50, 50]);
    // Tick 6: the arrears (600 due by then) are paid at once.
    expect(paid.slice(5)).toEqual([600, 700, 800, 900, 1_000, 1_100, 1_200]);
  });
  it("refuses an uncapped order from an account that may not overdraw, and bad instalments or amounts", () => {
    const w = world(1, 0, []);
    expect(() => w.book.add(w.accounts[0]!, w.sink, 10, "f")).toThrow("can only pay capped orders");
    expect(() => w.book.add(w.src, w.accounts[0]!, 10, "f", { instalments: 13 })).toThrow("instalments: expected an integer from 1 to 12, got 13");
    expect(() => w.book.add(w.src, w.accounts[0]!, 1.5, "f")).toThrow(LedgerError);
    expect(() => w.book.paid(7)).toThrow("standing order: expected an index from 0 to -1, got 7");
  });
  it("settled in one pass pay exactly what tick-by-tick settlement pays, whenever the book says one pass is exact (property)", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 25 }), fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 6, maxLength: 6 }), (orders, start) => {
        const tick = settle(orders, start, "every-tick");
        const pass = settle(orders, start, "one-pass");
        expect(pass.balances).toEqual(tick.balances);
        expect(pass.paid).toEqual(tick.paid);
        expect(pass.flows).toEqual(tick.flows);
      }),
      { numRuns: 300 },
    );
  });
  it("a pass after some ticks settled one by one pays what the remaining ticks would (property)", () => {
    fc.assert(
      fc.property(fc.array(orderArb, { maxLength: 25 }), fc.array(fc.integer({ min: 0, max: 3_000 }), { minLength: 6, maxLength: 6 }), fc.integer({ min: 1, max: T - 1 }), (orders, start, first) => {
        const tick = settle(orders, start, "every-tick");
        const pass = settle(orders, start, "one-pass", first);
        expect(pass.balances).toEqual(tick.balances);
        expect(pass.paid).toEqual(tick.paid);
        expect(pass.flows).toEqual(tick.flows);
      }),
      { numRuns: 300 },
    );
  });
  it("one pass is refused when a payer of several capped orders ends the year short (timing would decide who is paid)", () => {
    // X holds 1; order 0 is due at the year end, order 1 half at mid-year: tick by tick order 1 gets the penny.
    const orders: OrderSpec[] = [
      { from: 1, to: 6, annual: 1, instalments: 1 },
      { from: 1, to: 6, annual: 2, instalments: 2 },
    ];
    const tick = settle(orders, [1, 0, 0, 0, 0, 0], "every-tick");
    const pass = settle(orders, [1, 0, 0, 0, 0, 0], "one-pass");
    expect(tick.paid).toEqual([0, 1]);
    expect(pass.onePass).toBe(false);
    expect(pass.paid).toEqual(tick.paid);
    // With enough money for both, one pass is exact and used.
    expect(settle(orders, [3, 0, 0, 0, 0, 0], "one-pass").onePass).toBe(true);
  });
  it("one pass is refused when a capped payer is paid by an order later in the book (it would pay less than tick by tick)", () => {
    // X holds nothing; order 0 pays out of X, order 1 pays into X. Tick by tick X passes on 11 of 12 months.
    const orders: OrderSpec[] = [
      { from: 1, to: 6, annual: 1_200, instalments: 12 },
      { from: 0, to: 0, annual: 1_200, instalments: 12 },
    ];
    const tick = settle(orders, [0, 0, 0, 0, 0, 0], "every-tick");
    const pass = settle(orders, [0, 0, 0, 0, 0, 0], "one-pass");
    expect(tick.paid).toEqual([1_100, 1_200]);
    expect(pass.onePass).toBe(false);
    expect(pass.paid).toEqual(tick.paid);
    // Listed the other way round, one pass is exact and used.
    const reversed = settle([orders[1]!, orders[0]!], [0, 0, 0, 0, 0, 0], "one-pass");
    expect(reversed.onePass).toBe(true);
    expect(reversed.paid).toEqual([1_200, 1_200]);
  });
});

describe("the engine settles standing orders in one pass only when nothing can see the months", () => {
  interface M extends ModelTypes {
    readonly phase: "budget" | "pay" | "review";
    readonly kind: "firm";
    readonly group: "firm" | "bank" | "market";
    readonly fund: "wage";
    readonly rng: "r";
    readonly event: { readonly type: "none" };
    readonly config: { readonly firms: number };
    readonly world: { readonly bank: AccountId; readonly market: AccountId };
  }
  const firm = defineKind<M>()({
    kind: "firm",
    columns: { account: "i32", paid: "f64" },
    systems: {
      budget(t, sim) {
        const { bank, market } = sim.world;
        for (const r of t.rows()) {
          const acc = t.cols.account[r]! as AccountId;
          const grant = Math.floor(sim.streams.column("r", t.size).uniform(r, 0, 12_000));
          sim.ledger.transfer(bank, acc, grant, "wage");
          sim.orders.add(acc, market, 10_000 + r, "wage", { capped: true });
        }
      },
      review(t, sim) {
        for (const r of t.rows()) t.cols.paid[r] = sim.ledger.balance(t.cols.account[r]! as AccountId);
      },
    },
  });
  const base = defineModel<M>({
    name: "firms",
    phases: ["budget", "pay", "review"],
    kinds: [firm],
    cadence: { budget: "year-open", review: "year-close" },
    standingOrders: "pay",
    groups: ["firm", "bank", "market"],
    funds: ["wage"],
    configSchema: z.object({ firms: z.number() }),
    setup(ctx) {
      for (let i = 0; i < ctx.config.firms; i++) ctx.agents.add(firm, { account: ctx.ledger.open({ owner: i, group: "firm", purpose: "cash" }) });
      return { bank: ctx.ledger.source("bank"), market: ctx.ledger.sink("market") };
    },
    reporters: [{ id: "spent", every: "year", measure: (sim) => sim.ledger.summary().moneyOut }],
  });
  it("gives the same results either way, and switches to every tick for a tick reporter, audit or a per-tick phase", () => {
    const a = createSimulation(base, { firms: 30 }, { seed: 3, years: 3 });
    const b = createSimulation(base, { firms: 30 }, { seed: 3, years: 3, settlement: "every-tick" });
    expect(a.settlement).toBe("one-pass");
    expect(b.settlement).toBe("every-tick");
    const ra = a.run();
    const rb = b.run();
    expect(ra.yearSeries).toEqual(rb.yearSeries);
    expect(ra.flows).toEqual(rb.flows);
    expect(ra.ledger).toEqual(rb.ledger);
    expect(Array.from(a.sim.agents.table(firm).cols.paid)).toEqual(Array.from(b.sim.agents.table(firm).cols.paid));
    // One posting per order a year (plus the grant) instead of up to twelve.
    expect(a.work().postings).toBeLessThanOrEqual(2 * 30 * 3);
    expect(b.work().postings).toBeGreaterThan(3 * a.work().postings);
    expect(createSimulation({ ...base, reporters: [{ id: "x", every: "tick", measure: () => 0 }] }, { firms: 1 }, { seed: 1, years: 1 }).settlement).toBe("every-tick");
    expect(createSimulation(base, { firms: 1 }, { seed: 1, years: 1, audit: true }).settlement).toBe("every-tick");
    expect(createSimulation({ ...base, after: { pay: () => undefined } }, { firms: 1 }, { seed: 1, years: 1 }).settlement).toBe("every-tick");
    expect(createSimulation({ ...base, cadence: { budget: "year-open" } }, { firms: 1 }, { seed: 1, years: 1 }).settlement).toBe("every-tick");
  });
});
