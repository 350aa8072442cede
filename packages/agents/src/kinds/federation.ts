/**
 * The GP federation: an at-scale provider whose capability grows while it hosts; above a threshold (or on an
 * accelerated timeline) it can host an IHO. It has a hard budget: it never spends money it has not got;
 * obligations it cannot meet are carried as unpaid, reported, and raise its chance of failing, after which
 * the scenario's fallback holds the lines.
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { FEDERATION_COLUMNS } from "../columns.js";
import { closeIho, heldLines, runIho } from "./iho.js";
import { HOST, yearLabel } from "./shared.js";
import type { NhsTypes } from "../world.js";

/** The federation kind. */
export const federationKind = defineKind<NhsTypes>()({
  kind: "federation",
  columns: FEDERATION_COLUMNS,
  systems: {
    allocate(t, sim) {
      const c = t.cols;
      for (const r of t.rows()) {
        if (c.hosting[r] !== 1) continue;
        c.held[r] = heldLines(sim, c.holding[r]!).held.reduce((a, l) => a + l.pence, 0);
        runIho(sim, c.icb[r]!, HOST.federation, r);
      }
    },
    decide(t, sim) {
      const w = sim.world;
      const p = w.scenario.federation;
      const c = t.cols;
      const rng = sim.streams.column("federation", t.size);
      for (const r of t.rows()) {
        const u = rng.next(r); // drawn every year (common random numbers)
        if (c.hosting[r] === 1) {
          // What it kept, its surplus after its obligations, and a reinvestment in general practice.
          const balance = sim.ledger.balance(c.account[r]! as AccountId);
          closeIho(sim, c.icb[r]!, HOST.federation, r, balance - c.unpaid[r]!);
        }
        if (c.failed[r] === 1) continue;
        // Capability grows with the investment holding a budget brings, slowly otherwise.
        c.capability[r]! += (c.hosting[r] === 1 ? p.learningRate : p.learningRate / 5) * (1 - c.capability[r]!);
        if (c.hosting[r] !== 1) continue;
        // Failure: a base rate (raised on an accelerated timeline), the capability gap, and unpaid
        // obligations relative to the general practice money it held.
        const unpaidShare = c.held[r]! > 0 ? c.unpaid[r]! / c.held[r]! : 0;
        const risk = Math.min(1, p.failureBase * (p.accelerated ? p.acceleratedFailureMultiplier : 1) + Math.max(0, p.integratorThreshold - c.capability[r]!) + p.failurePerDeficit * unpaidShare);
        if (u < risk) {
          c.failed[r] = 1;
          c.hosting[r] = 0;
          sim.events.emit({ type: "federation-failed", federation: r, year: yearLabel(sim) });
        }
      }
    },
  },
});
