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
interface Trader {
  readonly account: AccountId;
  trades: number;
}

const buyer = defineKind<T, Trader>({
  kind: "buyer",
  act: {
    plan: (a, sim) => void sim.world.log.push(`t${sim.tick} plan ${a.id}`),
    trade(a, sim) {
      sim.world.log.push(`t${sim.tick} trade ${a.id}`);
      const pence = sim.streams.get("price", a.id).int(1, 100);
      sim.ledger.transfer(a.state.account, sim.world.market, pence, "cash");
      a.state.trades++;
      sim.events.emit({ type: "traded", pence });
      if (sim.tick === sim.world.removeAt && a.id === 1) sim.agents.remove(2);
    },
  },
});
const seller = defineKind<T, Trader>({
  kind: "seller",
  act: {
    trade: (a, sim) => void sim.world.log.push(`t${sim.tick} trade ${a.id}`),
    tidy: (a, sim) => void sim.world.log.push(`t${sim.tick} tidy ${a.id}`),
  },
});
const model = (removeAt = -1) =>
  defineModel<T>({
    name: "market",
    phases: ["plan", "trade", "tidy"],
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
        ctx.agents.add(buyer, { account, trades: 0 });
      }
      for (let i = 0; i < ctx.config.sellers; i++) ctx.agents.add(seller, { account: ctx.ledger.open({ owner: -1, group: "seller", purpose: "cash" }), trades: 0 });
      return { log: [], mint, market, removeAt };
    },
    reporters: [
      { id: "spent", every: "year", measure: (sim) => sim.ledger.summary().moneyOut },
      { id: "buyers", every: "tick", measure: (sim) => sim.agents.count("buyer") },
    ],
    agentReporters: [{ id: "trades", kind: "buyer", every: "year", measure: (a) => (a.state as Trader).trades }],
  });

describe("the staged tick", () => {
  it("runs phases in order, agents by id, a year-open phase only when a year opens, and a shuffled phase in seeded order", () => {
    const s = createSimulation(model(), { buyers: 3, sellers: 2 }, { seed: 1, years: 2 });
    s.run();
    const log = s.sim.world.log;
    // plan runs on ticks 0 and 4 only (4 ticks a year), by id.
    expect(log.filter((l) => l.includes("plan"))).toEqual(["t0 plan 0", "t0 plan 1", "t0 plan 2", "t4 plan 0", "t4 plan 1", "t4 plan 2"]);
    // tidy runs every tick, by id, after trade.
    const tick1 = log.filter((l) => l.startsWith("t1 "));
    expect(tick1.slice(-2)).toEqual(["t1 tidy 3", "t1 tidy 4"]);
    // trade is shuffled: every agent once per tick, in an order that changes between ticks.
    const orders = [0, 1, 2, 3, 4, 5, 6, 7].map((t) => log.filter((l) => l.startsWith(`t${t} trade`)).join(","));
    for (const o of orders) expect(o.split(",").sort()).toEqual([0, 1, 2, 3, 4].map((i) => `t${o.slice(1, o.indexOf(" "))} trade ${i}`).sort());
    expect(new Set(orders.map((o) => o.replace(/t\d+ /g, ""))).size).toBeGreaterThan(1);
    // The same seed gives the same shuffles.
    const again = createSimulation(model(), { buyers: 3, sellers: 2 }, { seed: 1, years: 2 });
    again.run();
    expect(again.sim.world.log).toEqual(log);
  });
  it("a removed agent never acts again", () => {
    const s = createSimulation(model(1), { buyers: 3, sellers: 0 }, { seed: 2, years: 1 });
    s.run();
    const acts = s.sim.world.log.filter((l) => l.endsWith(" 2"));
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
    const bad = err(() => runSimulation(model(), { buyers: 0, sellers: "x" }, { seed: 1, years: 1 }));
    expect(bad.issues.map((i) => i.path)).toEqual(["buyers", "sellers"]);
    expect(bad.message).toContain("buyers:");
    expect(bad.message).toContain('got "x"');
  });
});
