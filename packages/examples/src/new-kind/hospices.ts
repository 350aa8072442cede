/**
 * A new kind of agent added to the NHS model without forking it: a hospice in each place, funded by its ICB as a
 * commissioned budget line (at a rate per registered patient a scenario sets in YAML, inside the ICB's own gap
 * and cut rules), and, where place boards pool budgets, also claiming from the pool beside general practice,
 * acute care and social care. It spends what it receives on care within the year.
 *
 * Add it from a scenario file, setting its rate:
 * ```yaml
 * extends: single-envelope
 * plugins: [./hospices.ts]
 * extensions:
 *   hospices: { icbPerPatient: 8 }
 * ```
 * @packageDocumentation
 */
import { defineKind, split } from "@ringfence/core";
import { defineExtension, defineIndicator, num, share, type DefinedExtension, type ExtendedNhsTypes } from "@ringfence/agents";
import { z } from "zod";

/** The model's types with the hospice kind and its ledger group. */
type HospiceTypes = ExtendedNhsTypes<"hospice", "hospice">;

/** The hospices' parameters, set in a scenario under `extensions.hospices` (units, ranges, sources and priors as the scenario schema's). */
const hospiceParams = z.strictObject({
  icbPerPatient: num(0, 100, 8, "What each ICB commissions from its hospices a year, per registered patient, in first-year pounds", {
    unit: "£ per patient a year",
    source: "ours: an illustrative rate, not an estimate",
    prior: { kind: "uniform", low: 4, high: 16 },
  }),
  poolClaimPerPatient: num(0, 100, 20, "What a hospice claims from its place board's pooled budget a year, per registered patient in the place, in first-year pounds (where place boards pool)", {
    unit: "£ per patient a year",
    source: "ours",
  }),
  protection: share(0.5, "How far an ICB's gap rule spares the hospice line (0 = like any line, 1 = never cut)", { source: "ours" }),
  voice: num(0, 10, 0.5, "Weight of the hospices' voice on a place board", { unit: "weight", source: "ours: half an acute trust's default voice" }),
});

/** The hospice kind: one per place, with its account, place, ICB, share of the ICB's patients, and what it received and spent. */
export const hospiceKind = defineKind<HospiceTypes>()({
  kind: "hospice",
  columns: { account: "i32", place: "i32", icb: "i32", share: "f64", commissioned: "f64", granted: "f64", spent: "f64" },
  systems: {
    decide(t, sim) {
      // Spends everything it received on care in the year (a hospice keeps no reserve here).
      for (const r of t.rows()) {
        const account = sim.ledger.account(t.cols.account[r]!);
        const balance = sim.ledger.balance(account);
        if (balance > 0) sim.ledger.transfer(account, sim.world.accounts.services, balance, "community", "hospice care");
        t.cols.spent[r] = balance;
        t.cols.commissioned[r] = 0;
        t.cols.granted[r] = 0;
      }
    },
  },
});

/** The hospices' parameters as a run reads them. */
export type HospiceParams = z.output<typeof hospiceParams>;

/**
 * The hospice extension: its kind, group, parameters, setup, ICB-commissioned line and claim on place pools.
 * Annotated with its type because its own callbacks read its parameters (`hospices.paramsIn(world)`).
 */
export const hospices: DefinedExtension<"hospice", "hospice", HospiceParams> = defineExtension({
  name: "hospices",
  params: hospiceParams,
  kinds: [hospiceKind],
  groups: ["hospice"],
  setup(ctx, world) {
    // One hospice per place of the population (places exist whoever holds the budget), weighted by its patients.
    const pop = world.population;
    const placeList = pop.places.map(() => 0);
    const icbList = pop.icbs.map(() => 0);
    for (const p of pop.practices) {
      const pcn = pop.pcns[p.pcn]!;
      placeList[pcn.place]! += p.list;
      icbList[pcn.icb]! += p.list;
    }
    pop.places.forEach((place, k) => {
      ctx.agents.add(hospiceKind, { account: ctx.ledger.open({ owner: k, group: "hospice", purpose: "cash" }), place: k, icb: place.icb, share: placeList[k]! / Math.max(1, icbList[place.icb]!) });
    });
  },
  commissions: [
    {
      line: "hospice-care",
      holder: "icb",
      amount(sim, icb) {
        const w = sim.world;
        return Math.round(hospices.paramsIn(w).icbPerPatient * 100 * (w.aggregates.icbList[icb] ?? 0) * w.national.priceIndex);
      },
      protection: (sim) => hospices.paramsIn(sim.world).protection,
      receive(sim, icb, pence, from) {
        // The ICB's payment, split over its hospices by their share of its patients (to the penny).
        const t = sim.agents.table(hospiceKind);
        const rows = Array.from(t.rows()).filter((r) => t.cols.icb[r] === icb);
        const parts = split(pence, rows.map((r) => t.cols.share[r]!));
        rows.forEach((r, k) => {
          sim.ledger.transfer(from, sim.ledger.account(t.cols.account[r]!), parts[k]!, "community", "ICB commission of hospice care");
          t.cols.commissioned[r]! += parts[k]!;
        });
      },
    },
  ],
  poolMembers: [
    {
      member: "hospice",
      claim(sim, place) {
        const w = sim.world;
        const p = hospices.paramsIn(w);
        if (p.poolClaimPerPatient <= 0) return undefined;
        return { pence: Math.round(p.poolClaimPerPatient * 100 * (w.aggregates.placeList[place] ?? 0) * w.national.priceIndex), weight: p.voice };
      },
      receive(sim, place, pence, from) {
        const t = sim.agents.table(hospiceKind);
        for (const r of t.rows()) {
          if (t.cols.place[r] !== place) continue;
          sim.ledger.transfer(from, sim.ledger.account(t.cols.account[r]!), pence, "community", "place board grant to the hospice");
          t.cols.granted[r]! += pence;
        }
      },
    },
  ],
});

/** What hospices spent on care in the year, £m cash: an indicator that reads the extension's own kind. */
export const hospiceSpending = defineIndicator<HospiceTypes>({
  id: "hospiceSpending",
  label: "Hospice care",
  unit: "£m, cash",
  format: ",.1f",
  description: "What hospices spent on care in the year (their ICB commissions and place board grants).",
  measure(_world, sim) {
    const t = sim.agents.table(hospiceKind);
    let spent = 0;
    for (const r of t.rows()) spent += t.cols.spent[r]!;
    return spent / 1e8;
  },
});
