/**
 * A new kind of agent added to the NHS model without forking it: a hospice in each place that claims a share
 * of the place board's pooled budget, as a fourth member beside general practice, acute care and social care,
 * and spends what it is granted on care within the year.
 *
 * Add it from a scenario file whose governance has place boards:
 * ```yaml
 * extends: place-pooled
 * plugins: [./hospices.ts]
 * ```
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { defineExtension, type ExtendedNhsTypes } from "@ringfence/agents";

/** The model's types with the hospice kind and its ledger group. */
type HospiceTypes = ExtendedNhsTypes<"hospice", "hospice">;

/** What a hospice claims per registered patient in its place a year, in first-year pence (ours: about £30m for an ICB of 1.5m). */
export const CLAIM_PENCE_PER_PATIENT = 2000;

/** The weight of a hospice's voice on a place board (ours: half the acute trusts' default voice). */
export const HOSPICE_VOICE = 0.5;

/** The hospice kind: one per place, with its account, its place, what it has been granted this year and what it spent last year end. */
export const hospiceKind = defineKind<HospiceTypes>()({
  kind: "hospice",
  columns: { account: "i32", place: "i32", granted: "f64", spent: "f64" },
  systems: {
    decide(t, sim) {
      // Spends everything it was granted on care in the year (a hospice keeps no reserve here).
      for (const r of t.rows()) {
        const account = t.cols.account[r]! as AccountId;
        const balance = sim.ledger.balance(account);
        if (balance > 0) sim.ledger.transfer(account, sim.world.accounts.services, balance, "community", "hospice care");
        t.cols.spent[r] = balance;
        t.cols.granted[r] = 0;
      }
    },
  },
});

/** The hospice extension: its kind, group, setup (a hospice per place board) and its claim on the place pool. */
export const hospices = defineExtension<"hospice", "hospice">({
  name: "hospices",
  kinds: [hospiceKind],
  groups: ["hospice"],
  setup(ctx, world) {
    for (const place of world.tables.place.rows()) {
      ctx.agents.add(hospiceKind, { account: ctx.ledger.open({ owner: place, group: "hospice", purpose: "cash" }), place });
    }
  },
  poolMembers: [
    {
      member: "hospice",
      claim(sim, place) {
        const w = sim.world;
        const patients = w.aggregates.placeList[place] ?? 0;
        return { pence: Math.round(CLAIM_PENCE_PER_PATIENT * patients * w.national.priceIndex), weight: HOSPICE_VOICE };
      },
      receive(sim, place, pence, from) {
        const t = sim.agents.table(hospiceKind);
        for (const r of t.rows()) {
          if (t.cols.place[r] !== place) continue;
          sim.ledger.transfer(from, t.cols.account[r]! as AccountId, pence, "community", "place board grant to the hospice");
          t.cols.granted[r]! += pence;
        }
      },
    },
  ],
});
