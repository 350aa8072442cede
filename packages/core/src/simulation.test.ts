import { ConfigError, createSimulation, defineKind, defineModel, runSimulation, type AccountId, type ModelTypes } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { z } from "zod";

interface T extends ModelTypes {
  readonly phase: "plan" | "trade" | "tidy";
  readonly kind: "buyer" | "seller";
  readonly group: "buyer" | "seller" | "mint" | "market";
  readonly fund: "cash";
  readonly rng: "price";
  readonly event: { readonly type: "traded"; readonly pence: number };
  readonly config: { readonly buyers: number; readonly sellers: number };
  readonly world: { readonly log: string[]; readonly mint: AccountId; readonly market: AccountId; removeAt: number };
}

const buyer = defineKind<T>()({
  kind: "buyer",
  columns: { account: "i32", trades: "u32" },
  act: {
    plan: (row, _t, sim) => void sim.world.log.push(`t${sim.tick} plan b${row}`),
    trade(row, t, sim) {
      sim.world.log.push(`t${sim.tick} trade b${row}`);
      const pence = sim.streams.get("price", row).int(1, 100);
      sim.ledger.transfer(t.cols.account[row]! as AccountId, sim.world.market, pence, "cash");
      t.cols.trades[row]!++;
      sim.events.emit({ type: "traded", pence });
      if (sim.tick === sim.world.removeAt && row === 0) sim.agents.remove("buyer", 2);
    },
  },
});
const seller = defineKind<T, { readonly name: string }>()({
  kind: "seller",
  systems: {
    trade: (t, sim) => void sim.world.log.push(`t${sim.tick} trade ${[...sim.order(t)].map((r) => t.state[r]!.name).join("+")}`),
    tidy(t, sim) {
      for (const row of t.rows()) sim.world.log.push(`t${sim.tick} tidy ${t.state[row]!.name}`);
    },
  },
});
const model = (removeAt = -1) =>
  defineModel<T>({
    name: "market",
    phases: ["plan", "trade", "tidy"],
    kinds: [buyer, seller],
    shuffled: ["trade"],
    cadence: { plan: "year-open" },
    groups: ["buyer", "seller", "mint", "market"],
    funds: ["cash"],
    configSchema: z.strictObject({ buyers: z.number().int().min(1), sellers: z.number().int().min(0) }),
    ticksPerYear: 4,
    setup(ctx) {
      const mint = ctx.ledger.source("mint");
      const market = ctx.ledger.sink("market");
      for (let i = 0; i < ctx.config.buyers; i++) {
        const account = ctx.ledger.open({ owner: i, group: "buyer", purpose: "cash" });
        ctx.ledger.transfer(mint, account, 1_000_000, "cash");
        ctx.agents.add(buyer, { account });
      }
      for (let i = 0; i < ctx.config.sellers; i++) ctx.agents.add(seller, {}, { name: `s${i}` });
      return { log: [], mint, market, removeAt };
    },
    reporters: [
      { id: "spent", every: "year", measure: (sim) => sim.ledger.summary().moneyOut },
      { id: "buyers", every: "tick", measure: (sim) => sim.agents.count("buyer") },
    ],
    agentReporters: [{ id: "trades", kind: "buyer", every: "year", measure: (row, t) => t.cols.trades![row]! }],
  });

describe("the staged tick", () => {
  it("runs phases in order, kinds in model order, rows in order, a year-open phase only when a year opens, and a shuffled phase in seeded order", () => {
    const s = createSimulation(model(), { buyers: 3, sellers: 3 }, { seed: 1, years: 2 });
    s.run();
    const log = s.sim.world.log;
    // plan runs on ticks 0 and 4 only (4 ticks a year), by row.
    expect(log.filter((l) => l.includes("plan"))).toEqual(["t0 plan b0", "t0 plan b1", "t0 plan b2", "t4 plan b0", "t4 plan b1", "t4 plan b2"]);
    // tidy runs every tick, after trade, in row order.
    expect(log.filter((l) => l.startsWith("t1 ")).slice(-3)).toEqual(["t1 tidy s0", "t1 tidy s1", "t1 tidy s2"]);
    // Buyers trade before sellers in every tick (kinds act in the order the model lists them).
    for (let t = 0; t < 8; t++) {
      const trades = log.filter((l) => l.startsWith(`t${t} trade`));
      expect(trades.slice(0, 3).every((l) => l.includes(" b"))).toBe(true);
      expect(trades[3]).toMatch(/ trade s\d\+s\d\+s\d$/);
    }
    // trade is shuffled: every buyer once per tick, in an order that changes between ticks.
    const orders = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => log.filter((l) => l.startsWith(`t${t} trade b`)).map((l) => l.slice(l.indexOf("b"))).join(","));
    for (const o of orders) expect(o.split(",").sort()).toEqual(["b0", "b1", "b2"]);
    expect(new Set(orders).size).toBeGreaterThan(1);
    // A system in a shuffled phase sees a shuffled order too.
    const sellerOrders = new Set(log.filter((l) => l.includes("trade s")).map((l) => l.slice(l.indexOf("s"))));
    expect(sellerOrders.size).toBeGreaterThan(1);
    // The same seed gives the same shuffles.
    const again = createSimulation(model(), { buyers: 3, sellers: 3 }, { seed: 1, years: 2 });
    again.run();
    expect(again.sim.world.log).toEqual(log);
  });
  it("a removed agent never acts again", () => {
    const s = createSimulation(model(1), { buyers: 3, sellers: 0 }, { seed: 2, years: 1 });
    s.run();
    const acts = s.sim.world.log.filter((l) => l.endsWith(" b2"));
    expect(acts.length).toBeGreaterThan(0);
    expect(acts.every((l) => Number(l.slice(1, l.indexOf(" "))) <= 1)).toBe(true);
    expect(s.result().tickSeries.buyers).toEqual([3, 2, 2, 2]);
  });
  it("recording agents changes nothing; the same seed gives identical results, another seed different ones", () => {
    const a = runSimulation(model(), { buyers: 4, sellers: 1 }, { seed: 9, years: 3 });
    const b = runSimulation(model(), { buyers: 4, sellers: 1 }, { seed: 9, years: 3, recordAgents: true });
    expect(b.yearSeries).toEqual(a.yearSeries);
    expect(b.flows).toEqual(a.flows);
    expect(b.ledger).toEqual(a.ledger);
    expect(a.agentSeries).toEqual([]);
    expect(b.agentSeries[0]!.value).toHaveLength(12);
    expect(b.agentSeries[0]!.value.slice(-4)).toEqual([12, 12, 12, 12]);
    expect(b.events).toEqual({ traded: 48 });
    const c = runSimulation(model(), { buyers: 4, sellers: 1 }, { seed: 10, years: 3 });
    expect(c.yearSeries).not.toEqual(a.yearSeries);
    expect(a.yearLabels).toEqual(["2025/26", "2026/27", "2027/28"]);
  });
  it("bad run options and a bad config are reported with the path, the value and what was expected", () => {
    const err = (f: () => unknown): ConfigError => {
      try {
        f();
      } catch (e) {
        if (e instanceof ConfigError) return e;
      }
      throw new Error("expected a ConfigError");
    };
    expect(err(() => runSimulation(model(), { buyers: 1, sellers: 0 }, { seed: 1, years: 0 })).message).toContain("years: expected an integer from 1 to 50, got 0");
    expect(err(() => runSimulation(model(), { buyers: 1, sellers: 0 }, { seed: 1, years: 2, colour: "red" } as never)).message).toContain("colour: unknown key");
    expect(err(() => runSimulation(model(), { buyers: 1, sellers: 0 }, { seed: "", years: 2 })).message).toContain('seed: expected a number or a non-empty string, got ""');
    const bad = err(() => runSimulation(model(), { buyers: 0, sellers: "x" }, { seed: 1, years: 1 }));
    expect(bad.issues.map((i) => i.path)).toEqual(["buyers", "sellers"]);
    expect(bad.message).toContain("buyers:");
    expect(bad.message).toContain('got "x"');
  });
  it("a kind cannot act in a phase through both a system and per-agent actions, nor in a phase the model lacks", () => {
    expect(() => defineKind<T>()({ kind: "buyer", systems: { tidy: () => undefined }, act: { tidy: () => undefined } })).toThrow("expected a system or per-agent actions, got both");
    expect(() => defineModel<T>({ ...model(), kinds: [defineKind<T>()({ kind: "buyer", act: { ["lunch" as "tidy"]: () => undefined } })] })).toThrow("lunch is not a phase");
    expect(() => defineModel<T>({ ...model(), kinds: [buyer, buyer] })).toThrow("buyer is listed twice");
  });
});

describe("kind tables", () => {
  interface G extends ModelTypes {
    readonly phase: "grow";
    readonly kind: "cell";
    readonly group: "x";
    readonly fund: "f";
    readonly rng: "r";
    readonly event: { readonly type: "none" };
    readonly config: { readonly n: number };
    readonly world: null;
  }
  const cell = defineKind<G>()({
    kind: "cell",
    columns: { size: "f64", generation: "u8" },
    systems: {
      grow(t, sim) {
        const size = t.cols.size;
        for (const r of t.rows()) size[r] = size[r]! * 2;
        // Every cell divides in the first tick: adding rows grows the columns and keeps old values.
        if (sim.tick === 0) for (const r of [...t.rows()]) sim.agents.add(cell, { size: size[r]!, generation: t.cols.generation[r]! + 1 });
      },
    },
  });
  const m = defineModel<G>({ name: "cells", phases: ["grow"], kinds: [cell], groups: ["x"], funds: ["f"], configSchema: z.object({ n: z.number() }), ticksPerYear: 2, setup(ctx) {
    for (let i = 0; i < ctx.config.n; i++) ctx.agents.add(cell, { size: i + 1 });
    return null;
  } });
  it("grow past their first capacity, keep values, and list new rows", () => {
    const s = createSimulation(m, { n: 20 }, { seed: 1, years: 1 });
    s.run();
    const t = s.sim.agents.table(cell);
    expect(t.size).toBe(40);
    expect(t.count()).toBe(40);
    // Originals doubled twice, children (added with the doubled size) doubled once more.
    for (let i = 0; i < 20; i++) {
      expect(t.cols.size[i]).toBe((i + 1) * 4);
      expect(t.cols.size[20 + i]).toBe((i + 1) * 4);
      expect(t.cols.generation[20 + i]).toBe(1);
    }
    expect(Array.from(t.rows())).toEqual(Array.from({ length: 40 }, (_, i) => i));
    expect(() => s.sim.agents.add(cell, { colour: 1 } as never)).toThrow("colour is not one of its columns (size, generation)");
  });
});
