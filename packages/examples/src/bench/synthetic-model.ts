/**
 * A synthetic model for the engine benchmark: firms that each do a little arithmetic and one ledger posting
 * per phase, two phases a tick, written three ways with the public API: as systems (one call per phase over
 * every firm's columns), as per-row actions, and as systems without postings (the tick loop alone).
 * @packageDocumentation
 */
import { defineKind, defineModel, type AccountId, type ModelDefinition, type ModelTypes } from "@ringfence/core";
import { z } from "zod";

/** The synthetic model's declared types. */
export interface SyntheticTypes extends ModelTypes {
  readonly phase: "earn" | "spend";
  readonly kind: "firm";
  readonly group: "firm" | "mint" | "market";
  readonly fund: "sales" | "costs";
  readonly rng: "none";
  readonly event: { readonly type: "none" };
  readonly config: { readonly agents: number };
  readonly world: { readonly mint: AccountId; readonly market: AccountId; readonly firstAccount: number };
}

/** Starting price of every firm. */
export const START_PRICE = 100;
/** Starting stock of every firm. */
export const START_STOCK = 10;

const COLUMNS = { price: "f64", stock: "f64" } as const;

/** Firms as systems: each phase is one loop over the columns, posting as it goes. */
const firmSystems = defineKind<SyntheticTypes>()({
  kind: "firm",
  columns: COLUMNS,
  systems: {
    earn(t, sim) {
      const { price } = t.cols;
      const { mint, firstAccount } = sim.world;
      const L = sim.ledger;
      for (let i = 0; i < t.size; i++) {
        const p = price[i]! * 1.0001 + 1;
        price[i] = p;
        L.transfer(mint, (firstAccount + i) as AccountId, Math.floor(p), "sales");
      }
    },
    spend(t, sim) {
      const { stock } = t.cols;
      const { market, firstAccount } = sim.world;
      const L = sim.ledger;
      for (let i = 0; i < t.size; i++) {
        const s = stock[i]! * 0.99 + 3;
        stock[i] = s;
        L.transfer((firstAccount + i) as AccountId, market, Math.floor(s), "costs");
      }
    },
  },
});

/** The same firms as per-row actions: the engine calls each firm's action in row order. */
const firmRows = defineKind<SyntheticTypes>()({
  kind: "firm",
  columns: COLUMNS,
  act: {
    earn(i, t, sim) {
      const p = t.cols.price[i]! * 1.0001 + 1;
      t.cols.price[i] = p;
      sim.ledger.transfer(sim.world.mint, (sim.world.firstAccount + i) as AccountId, Math.floor(p), "sales");
    },
    spend(i, t, sim) {
      const s = t.cols.stock[i]! * 0.99 + 3;
      t.cols.stock[i] = s;
      sim.ledger.transfer((sim.world.firstAccount + i) as AccountId, sim.world.market, Math.floor(s), "costs");
    },
  },
});

/** The same arithmetic without postings: what the tick loop costs on its own. */
const bareFirm = defineKind<SyntheticTypes>()({
  kind: "firm",
  columns: COLUMNS,
  systems: {
    earn(t) {
      const { price } = t.cols;
      for (let i = 0; i < t.size; i++) price[i] = price[i]! * 1.0001 + 1;
    },
    spend(t) {
      const { stock } = t.cols;
      for (let i = 0; i < t.size; i++) stock[i] = stock[i]! * 0.99 + 3;
    },
  },
});

function define(name: string, kind: typeof firmSystems): ModelDefinition<SyntheticTypes> {
  return defineModel<SyntheticTypes>({
    name,
    phases: ["earn", "spend"],
    kinds: [kind],
    groups: ["firm", "mint", "market"],
    funds: ["sales", "costs"],
    configSchema: z.strictObject({ agents: z.number().int().min(1) }),
    setup(ctx) {
      const mint = ctx.ledger.source("mint");
      const market = ctx.ledger.sink("market");
      const n = ctx.config.agents;
      const first = ctx.agents.addRows(kind, n);
      const cols = ctx.agents.table(kind).cols;
      cols.price.fill(START_PRICE, first, first + n);
      cols.stock.fill(START_STOCK, first, first + n);
      const firstAccount = ctx.ledger.openMany({ owner: 0, group: "firm", purpose: "cash", overdraft: true }, n);
      return { mint, market, firstAccount };
    },
  });
}

/** Firms as systems that post to the ledger every step: `earn` pays ⌊price⌋ in from the mint, `spend` pays ⌊stock⌋ out. */
export const syntheticModel = define("synthetic", firmSystems);

/** The same firms written as per-row actions. */
export const syntheticRowModel = define("synthetic-rows", firmRows);

/** The same firms doing the same arithmetic without postings. */
export const bareSyntheticModel = define("synthetic-bare", bareFirm);
