/**
 * The Boltzmann wealth model (Mesa's tutorial) in the engine: N people start with one unit each; every
 * tick, in a random order, each person with money gives one unit to a random other person. Money moves as
 * ledger postings; each person draws partners from their own random stream.
 * @packageDocumentation
 */
import { defineKind, defineModel, type AccountId, type ModelDefinition, type ModelTypes } from "@ringfence/core";
import { z } from "zod";

/** The model's declared types. */
export interface BoltzmannTypes extends ModelTypes {
  readonly phase: "give";
  readonly kind: "person";
  readonly group: "person" | "mint";
  readonly fund: "gift";
  readonly rng: "partner";
  readonly event: { readonly type: "none" };
  readonly config: { readonly people: number };
  readonly world: { readonly firstAccount: number };
}

/** A person: a row with no columns of its own; person i's wealth is the ledger account `firstAccount + i`. */
export const person = defineKind<BoltzmannTypes>()({
  kind: "person",
  systems: {
    give(people, sim) {
      const order = sim.order(people); // a fresh seeded shuffle each tick: the phase is shuffled
      const first = sim.world.firstAccount;
      const partner = sim.streams.column("partner", people.size);
      const ledger = sim.ledger;
      const others = people.size - 2;
      for (let k = 0; k < order.length; k++) {
        const i = order[k]!;
        const from = (first + i) as AccountId;
        if (ledger.balance(from) <= 0) continue;
        let j = partner.int(i, 0, others);
        if (j >= i) j++;
        ledger.transfer(from, (first + j) as AccountId, 1, "gift");
      }
    },
  },
});

/**
 * The same person written the way docs/concepts.md teaches: a per-row action, the engine calling it once per
 * person in the phase's shuffled order, each drawing from `sim.streams.get("partner", row)`. Same draws, same
 * postings, same wealth as {@link person}.
 */
export const personByRow = defineKind<BoltzmannTypes>()({
  kind: "person",
  act: {
    give(row, people, sim) {
      const first = sim.world.firstAccount;
      const from = (first + row) as AccountId;
      if (sim.ledger.balance(from) <= 0) return;
      let j = sim.streams.get("partner", row).int(0, people.size - 2);
      if (j >= row) j++;
      sim.ledger.transfer(from, (first + j) as AccountId, 1, "gift");
    },
  },
});

/** How the model's people are written: one system over all rows, or a per-row action. */
export type BoltzmannPath = "system" | "per-row";

/** The ledger account holding person `row`'s wealth. */
export const wealthAccount = (firstAccount: number, row: number): AccountId => (firstAccount + row) as AccountId;

/**
 * The Boltzmann wealth model; `ticksPerYear` sets how many steps make a (ledger) year, `path` which way its
 * people are written (the results are identical).
 */
export function boltzmannModel(ticksPerYear = 100, path: BoltzmannPath = "system"): ModelDefinition<BoltzmannTypes> {
  const kind = path === "system" ? person : personByRow;
  return defineModel<BoltzmannTypes>({
    name: "boltzmann-wealth",
    phases: ["give"],
    kinds: [kind],
    shuffled: ["give"],
    groups: ["person", "mint"],
    funds: ["gift"],
    configSchema: z.strictObject({ people: z.number().int().min(2) }),
    ticksPerYear,
    setup(ctx) {
      const mint = ctx.ledger.source("mint");
      const n = ctx.config.people;
      ctx.agents.addRows(kind, n);
      // One block of accounts, in row order: person i holds account firstAccount + i.
      const firstAccount = ctx.ledger.openMany({ owner: 0, group: "person", purpose: "wealth" }, n);
      const accounts = Int32Array.from({ length: n }, (_, i) => firstAccount + i);
      ctx.ledger.transferMany(mint, accounts, new Float64Array(n).fill(1), "gift", "starting wealth");
      return { firstAccount };
    },
  });
}
