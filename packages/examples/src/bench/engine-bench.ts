/**
 * Engine benchmark: ledger transfers per second, and agent-steps per second of the tick loop on a synthetic
 * model of 8,000 agents × 120 monthly ticks, against a hand-written loop over typed arrays doing the same
 * arithmetic and the same double-entry bookkeeping. Run with `pnpm bench`.
 * @packageDocumentation
 */
import { createLedger, defineKind, defineModel, runSimulation, type AccountId, type ModelTypes } from "@ringfence/core";
import { z } from "zod";

const AGENTS = 8000;
const TICKS = 120;
const REPS = 5;

interface T extends ModelTypes {
  readonly phase: "earn" | "spend";
  readonly kind: "firm";
  readonly group: "firm" | "mint" | "market";
  readonly fund: "sales" | "costs";
  readonly rng: "x";
  readonly event: { readonly type: "none" };
  readonly config: { readonly agents: number };
  readonly world: { mint: AccountId; market: AccountId };
}
interface Firm {
  readonly account: AccountId;
  price: number;
  stock: number;
}

// Each step: a little arithmetic on the agent's state and one ledger posting.
const firm = defineKind<T, Firm>({
  kind: "firm",
  act: {
    earn(a, sim) {
      a.state.price = a.state.price * 1.0001 + 1;
      sim.ledger.transfer(sim.world.mint, a.state.account, Math.floor(a.state.price), "sales");
    },
    spend(a, sim) {
      a.state.stock = a.state.stock * 0.99 + 3;
      sim.ledger.transfer(a.state.account, sim.world.market, Math.floor(a.state.stock), "costs");
    },
  },
});
const model = defineModel<T>({
  name: "synthetic",
  phases: ["earn", "spend"],
  groups: ["firm", "mint", "market"],
  funds: ["sales", "costs"],
  configSchema: z.object({ agents: z.number().int() }),
  setup(ctx) {
    const world = { mint: ctx.ledger.source("mint"), market: ctx.ledger.sink("market") };
    for (let i = 0; i < ctx.config.agents; i++) ctx.agents.add(firm, { account: ctx.ledger.open({ owner: i, group: "firm", purpose: "cash", overdraft: true }), price: 100, stock: 10 });
    return world;
  },
});

// The same model without postings: the tick loop's own overhead.
const bare = defineKind<T, Firm>({
  kind: "firm",
  act: {
    earn(a) {
      a.state.price = a.state.price * 1.0001 + 1;
    },
    spend(a) {
      a.state.stock = a.state.stock * 0.99 + 3;
    },
  },
});
const bareModel = defineModel<T>({ ...model, name: "synthetic-bare", setup(ctx) {
  const world = { mint: ctx.ledger.source("mint"), market: ctx.ledger.sink("market") };
  for (let i = 0; i < ctx.config.agents; i++) ctx.agents.add(bare, { account: ctx.ledger.open({ owner: i, group: "firm", purpose: "cash" }), price: 100, stock: 10 });
  return world;
} });

function bareEngineRun(): number {
  const t0 = performance.now();
  runSimulation(bareModel, { agents: AGENTS }, { seed: 1, years: TICKS / 12 });
  return performance.now() - t0;
}

let sink = 0;
function bareHandRun(): number {
  const t0 = performance.now();
  const price = new Float64Array(AGENTS).fill(100);
  const stock = new Float64Array(AGENTS).fill(10);
  for (let t = 0; t < TICKS; t++) {
    for (let i = 0; i < AGENTS; i++) price[i] = price[i]! * 1.0001 + 1;
    for (let i = 0; i < AGENTS; i++) stock[i] = stock[i]! * 0.99 + 3;
  }
  sink += price[0]! + stock[0]!;
  return performance.now() - t0;
}

function engineRun(): number {
  const t0 = performance.now();
  const r = runSimulation(model, { agents: AGENTS }, { seed: 1, years: TICKS / 12 });
  const ms = performance.now() - t0;
  if (r.ledger.moneyIn <= 0) throw new Error("no money moved");
  return ms;
}

// The same arithmetic and double-entry bookkeeping (balances, credits, debits, flow table) by hand.
function handRun(): number {
  const t0 = performance.now();
  const n = AGENTS + 2;
  const MINT = AGENTS;
  const MARKET = AGENTS + 1;
  const balance = new Float64Array(n);
  const credit = new Float64Array(n);
  const debit = new Float64Array(n);
  const group = new Int32Array(n);
  group[MINT] = 1;
  group[MARKET] = 2;
  const flows = new Float64Array(3 * 3 * 2);
  const price = new Float64Array(AGENTS).fill(100);
  const stock = new Float64Array(AGENTS).fill(10);
  const post = (from: number, to: number, pence: number, fund: number): void => {
    balance[from]! -= pence;
    debit[from]! += pence;
    balance[to]! += pence;
    credit[to]! += pence;
    flows[(group[from]! * 3 + group[to]!) * 2 + fund]! += pence;
  };
  for (let t = 0; t < TICKS; t++) {
    for (let i = 0; i < AGENTS; i++) {
      price[i] = price[i]! * 1.0001 + 1;
      post(MINT, i, Math.floor(price[i]!), 0);
    }
    for (let i = 0; i < AGENTS; i++) {
      stock[i] = stock[i]! * 0.99 + 3;
      post(i, MARKET, Math.floor(stock[i]!), 1);
    }
  }
  const ms = performance.now() - t0;
  if (!(balance[MINT]! < 0)) throw new Error("no money moved");
  return ms;
}

function ledgerRun(): number {
  const L = createLedger({ groups: ["a", "src", "sink"] as const, funds: ["f", "g"] as const });
  const src = L.source("src");
  const sink = L.sink("sink");
  const accounts = Array.from({ length: 1000 }, (_, i) => L.open({ owner: i, group: "a", purpose: "cash", overdraft: true }));
  const n = 2_000_000;
  const t0 = performance.now();
  for (let k = 0; k < n / 2; k++) {
    const a = accounts[k % 1000]!;
    L.transfer(src, a, 100, "f");
    L.transfer(a, sink, 90, "g");
  }
  return n / ((performance.now() - t0) / 1000);
}

const best = (f: () => number) => Math.min(...Array.from({ length: REPS }, f));
const worst = (f: () => number) => Math.max(...Array.from({ length: REPS }, f));
ledgerRun();
const transfersPerSecond = worst(() => -ledgerRun()) * -1;
const engine = best(engineRun);
const hand = best(handRun);
const steps = AGENTS * TICKS * 2;
const bareEngine = best(bareEngineRun);
const bareHand = best(bareHandRun);
console.log("## Engine (pnpm bench)\n");
console.log(`| measure | value |\n|---|---|`);
console.log(`| ledger transfers per second (best of ${REPS}) | ${(transfersPerSecond / 1e6).toFixed(1)}M |`);
console.log(`| engine: ${AGENTS} agents × ${TICKS} ticks × 2 phases, best of ${REPS} | ${engine.toFixed(1)} ms (${(steps / engine / 1000).toFixed(1)}M agent-steps/s) |`);
console.log(`| hand-written typed-array loop, same work, best of ${REPS} | ${hand.toFixed(1)} ms (${(steps / hand / 1000).toFixed(1)}M agent-steps/s) |`);
console.log(`| engine / hand loop | ${(engine / hand).toFixed(2)}× (target ≤ 2×) |`);
console.log(`| loop only, no postings: engine / hand (includes setup of ${AGENTS} agents) | ${bareEngine.toFixed(1)} ms / ${bareHand.toFixed(1)} ms = ${(bareEngine / bareHand).toFixed(1)}× |`);
if (sink === 0) console.log("");
