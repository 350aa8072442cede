import { createLedger, LedgerError, split, type AccountId } from "@ringfence/core";
import fc from "fast-check";
import { describe, expect, it } from "vitest";

type G = "agent" | "mint" | "market";
type F = "a" | "b";

describe("ledger conservation (property test)", () => {
  // An operation: transfer between two of a fixed set of accounts, with any amount, valid or not.
  const amount = fc.oneof(fc.integer({ min: 0, max: 1e9 }), fc.constantFrom(-1, 0.5, Number.NaN, 2 ** 53, 1e12), fc.integer({ min: -100, max: 100 }));
  const op = fc.record({ from: fc.integer({ min: 0, max: 5 }), to: fc.integer({ min: 0, max: 5 }), pence: amount, fund: fc.constantFrom<string>("a", "b", "zz") });
  it("every valid posting conserves money, every invalid one throws and changes nothing", () => {
    fc.assert(
      fc.property(fc.array(op, { maxLength: 200 }), (ops) => {
        const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"] });
        // Accounts 0: source, 1: sink, 2–3: holding without overdraft, 4–5: holding with overdraft.
        const ids: AccountId[] = [L.source("mint"), L.sink("market")];
        for (let i = 0; i < 4; i++) ids.push(L.open({ owner: i, group: "agent", purpose: "cash", overdraft: i >= 2 }));
        const model = new Map<number, number>(ids.map((id) => [id, 0]));
        for (const o of ops) {
          const from = ids[o.from]!;
          const to = ids[o.to]!;
          const valid =
            Number.isSafeInteger(o.pence) && o.pence >= 0 && o.fund !== "zz" && o.from !== o.to && o.to !== 0 && o.from !== 1 &&
            (o.from === 0 || o.from >= 4 || model.get(from)! >= o.pence);
          if (valid) {
            L.transfer(from, to, o.pence, o.fund as F);
            model.set(from, model.get(from)! - o.pence);
            model.set(to, model.get(to)! + o.pence);
          } else {
            expect(() => L.transfer(from, to, o.pence, o.fund as F)).toThrow(LedgerError);
          }
          const v = L.verify();
          expect(v.ok).toBe(true);
          for (const [id, balance] of model) expect(L.balance(id as AccountId)).toBe(balance);
          if (v.ok) expect(v.held + 0).toBe(-model.get(ids[0]!)! - model.get(ids[1]!)! + 0);
        }
      }),
      { numRuns: 200 },
    );
  });
});

describe("ledger account ids", () => {
  it("a transfer naming an id that is no account (huge, negative, fractional, or one past 2^28 whose word index wraps) throws and changes nothing", () => {
    const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"] });
    const mint = L.source("mint");
    const x = L.open({ owner: 0, group: "agent", purpose: "cash" });
    const y = L.open({ owner: 1, group: "agent", purpose: "cash" });
    L.transfer(mint, x, 10, "a");
    // 2^29 + x and 2^30 + y shift onto x's and y's words in 32-bit arithmetic: the id test must catch them.
    for (const bad of [2 ** 29 + x, 2 ** 30 + y, 2 ** 28, 2 ** 31 + x, -1, x + 0.5, Number.NaN]) {
      expect(() => L.transfer(bad as AccountId, y, 1, "a")).toThrow(LedgerError);
      expect(() => L.transfer(x, bad as AccountId, 1, "a")).toThrow(LedgerError);
    }
    expect([L.balance(mint), L.balance(x), L.balance(y), L.postingCount]).toEqual([-10, 10, 0, 1]);
    expect(L.verify().ok).toBe(true);
  });
});

describe("largest-remainder split", () => {
  it("hand cases", () => {
    expect(split(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(split(10, [0, 1])).toEqual([0, 10]);
    expect(split(0, [1, 2])).toEqual([0, 0]);
    // Quotas 3.5, 1.75, 1.75: floors 3, 1, 1; the two spare pennies go to the largest fractions (0.75, 0.75).
    expect(split(7, [0.5, 0.25, 0.25])).toEqual([3, 2, 2]);
  });
  it("never loses or invents a penny, and each part is within a penny of its quota", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 2 ** 50 }),
        fc.array(fc.oneof(fc.constant(0), fc.double({ min: 1e-9, max: 1e6, noNaN: true })), { minLength: 1, maxLength: 30 }).filter((w) => w.some((x) => x > 0)),
        (total, weights) => {
          const parts = split(total, weights);
          expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
          const sum = weights.reduce((a, b) => a + b, 0);
          parts.forEach((p, i) => {
            expect(Number.isSafeInteger(p)).toBe(true);
            expect(Math.abs(p - (total * weights[i]!) / sum)).toBeLessThanOrEqual(1 + total * 1e-12);
            if (weights[i] === 0) expect(p).toBe(0);
          });
        },
      ),
      { numRuns: 500 },
    );
  });
  it("rejects bad totals and weights", () => {
    expect(() => split(-1, [1])).toThrow("split total");
    expect(() => split(1.5, [1])).toThrow("split total");
    expect(() => split(5, [0, 0])).toThrow("split weights");
    expect(() => split(5, [1, -1])).toThrow("split weights[1]");
  });
});

describe("ledger reporting", () => {
  const make = (audit: boolean) => {
    const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"], audit });
    const mint = L.source("mint");
    const market = L.sink("market");
    const x = L.open({ owner: 0, group: "agent", purpose: "cash" });
    const y = L.open({ owner: 1, group: "agent", purpose: "cash" });
    return { L, mint, market, x, y };
  };
  it("flow tables sum each year's postings by (from group, to group, fund)", () => {
    const { L, mint, market, x, y } = make(false);
    L.transfer(mint, x, 100, "a");
    L.transfer(mint, y, 50, "a");
    L.transfer(x, y, 30, "b");
    L.transfer(y, market, 20, "b");
    L.closeYear("2025/26");
    L.transfer(mint, x, 7, "a");
    L.closeYear("2026/27");
    expect(L.flows()).toEqual([
      { year: "2025/26", rows: [{ from: "agent", to: "agent", fund: "b", pence: 30 }, { from: "agent", to: "market", fund: "b", pence: 20 }, { from: "mint", to: "agent", fund: "a", pence: 150 }] },
      { year: "2026/27", rows: [{ from: "mint", to: "agent", fund: "a", pence: 7 }] },
    ]);
    expect(L.summary()).toMatchObject({ moneyIn: 157, moneyOut: 20, held: 137, heldByGroup: { agent: 137, mint: 0, market: 0 } });
  });
  it("distribute moves exactly the total by weights", () => {
    const { L, mint, x, y } = make(false);
    expect(L.distribute(mint, [x, y], [2, 1], 100, "a")).toEqual([67, 33]);
    expect(L.balance(x) + L.balance(y)).toBe(100);
  });
  it("audit mode keeps every posting in order; otherwise none", () => {
    const a = make(true);
    a.L.transfer(a.mint, a.x, 5, "a", "first");
    a.L.transfer(a.x, a.market, 2, "b", "second");
    expect(a.L.postings().map((p) => [p.seq, p.pence, p.reason])).toEqual([[0, 5, "first"], [1, 2, "second"]]);
    const b = make(false);
    b.L.transfer(b.mint, b.x, 5, "a");
    expect(b.L.postings()).toEqual([]);
  });
  it("names the account and the rule a bad posting breaks", () => {
    const { L, mint, market, x } = make(false);
    expect(() => L.transfer(x, market, 1, "a")).toThrow("may not go overdrawn");
    expect(() => L.transfer(market, x, 1, "a")).toThrow("is a sink");
    expect(() => L.transfer(x, mint, 0, "a")).toThrow("is a source");
    expect(() => L.transfer(mint, x, 1, "c" as F)).toThrow("transfer fund: expected one of a, b, got c");
    expect(() => L.transfer(mint, 99 as AccountId, 1, "a")).toThrow("transfer to: expected an open account id, got 99");
  });
  it("refuses every id that is not an opened account's, whatever word of the account blocks it would reach", () => {
    const { L, mint, x } = make(false);
    L.transfer(mint, x, 100, "a");
    const before = JSON.stringify([L.summary(), L.postingCount]);
    // Fractions whose multiples of eight are whole would index another account's words; 5 is past the last
    // account opened but inside the arrays; 1e6 and 2 ** 31 are past them; -1 is before them.
    for (const bad of [0.125, 0.25, 0.5, 1.375, 1.5, 5, 63, 1e6, 2 ** 31, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
      expect(() => L.transfer(bad as AccountId, x, 1, "a")).toThrow(/transfer from: expected an open account id/);
      expect(() => L.transfer(x, bad as AccountId, 1, "a")).toThrow(/transfer to: expected an open account id/);
    }
    expect(JSON.stringify([L.summary(), L.postingCount])).toBe(before);
    expect(L.verify().ok).toBe(true);
  });
  it("openMany opens a block of accounts that each carry the block's group, purpose and overdraft, and their own owner", () => {
    const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"] });
    const mint = L.source("mint");
    L.open({ owner: 7, group: "market", purpose: "stall" });
    const first = L.openMany({ owner: 10, group: "agent", purpose: "cash", overdraft: true }, 100);
    expect(L.size).toBe(102);
    for (const k of [0, 1, 63, 99]) {
      const id = (first + k) as AccountId;
      expect(L.info(id)).toEqual({ id, owner: 10 + k, group: "agent", purpose: "cash", role: "holding" });
      expect(L.mayOverdraw(id)).toBe(true);
    }
    L.transfer((first + 99) as AccountId, (first + 98) as AccountId, 5, "b");
    L.transfer(mint, first, 3, "a");
    expect(L.summary().heldByGroup).toEqual({ agent: 3, mint: 0, market: 0 });
    expect(L.verify().ok).toBe(true);
  });
});

describe("bulk transfers", () => {
  it("post exactly what the same transfers one by one post, or nothing at all (property)", () => {
    const posting = fc.record({ to: fc.integer({ min: 0, max: 3 }), pence: fc.oneof(fc.integer({ min: 0, max: 2_000 }), fc.constantFrom(-1, 0.5, Number.NaN)) });
    fc.assert(
      fc.property(fc.array(posting, { maxLength: 40 }), fc.integer({ min: 0, max: 20_000 }), (ps, start) => {
        const make = () => {
          const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"] });
          const mint = L.source("mint");
          const payer = L.open({ owner: 0, group: "agent", purpose: "cash" });
          const to = [L.open({ owner: 1, group: "agent", purpose: "cash" }), L.open({ owner: 2, group: "agent", purpose: "cash", overdraft: true }), L.sink("market"), mint];
          L.transfer(mint, payer, start, "a");
          return { L, payer, to };
        };
        const one = make();
        let ok = true;
        try {
          for (const p of ps) one.L.transfer(one.payer, one.to[p.to]!, p.pence, "b");
        } catch {
          ok = false;
        }
        const bulk = make();
        const call = () => bulk.L.transferMany(bulk.payer, ps.map((p) => bulk.to[p.to]!), ps.map((p) => p.pence), "b");
        if (ok) {
          call();
          bulk.L.closeYear("y");
          one.L.closeYear("y");
          expect(bulk.L.flows()).toEqual(one.L.flows());
          expect(bulk.L.summary()).toEqual(one.L.summary());
          expect(bulk.L.postingCount).toBe(one.L.postingCount);
        } else {
          const before = bulk.L.summary();
          const count = bulk.L.postingCount;
          expect(call).toThrow(/^transferMany posting \d+: /);
          expect(bulk.L.summary()).toEqual(before);
          expect(bulk.L.postingCount).toBe(count);
          bulk.L.closeYear("y");
          expect(bulk.L.flows()[0]!.rows.filter((r) => r.fund === "b")).toEqual([]);
        }
        expect(bulk.L.verify().ok).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
  it("name the posting and the rule it breaks", () => {
    const L = createLedger<G, F>({ groups: ["agent", "mint", "market"], funds: ["a", "b"] });
    const mint = L.source("mint");
    const a = L.open({ owner: 0, group: "agent", purpose: "cash" });
    L.transfer(mint, a, 100, "a");
    expect(() => L.transferMany(a, [L.sink("market"), L.sink("market")], [60, 60], "a")).toThrow("transferMany posting 1: transfer pence: account 1 (agent cash) holds 40 and may not go overdrawn, asked for 60");
    expect(L.balance(a)).toBe(100);
    expect(() => L.transferMany(mint, a, [1], "zz" as F)).toThrow("transferMany fund: expected one of a, b, got zz");
    expect(() => L.transferMany(mint, [a], [1, 2], "a")).toThrow("transferMany count");
  });
});
