/**
 * Every pound of general practice money that does not reach practices or PCN staff appears in the ledger as a
 * flow to where it went: the final recipients of the general practice lines' flows, other than practices
 * and PCN staff, add up to the model's own count of money lost (put into the lines less what practices and
 * PCN staff received, tallied where the money is set and where it is paid), to the penny, in every year.
 */
import { isGpLine, PRESETS, runScenario, type ScenarioInput } from "@ringfence/agents";
import { finalRecipients } from "@ringfence/core/results";
import { describe, expect, it } from "vitest";
import { icb, series, toy } from "./helpers.js";

/** Final recipients of one year's general practice money (summed over its lines), in pence. */
function recipients(flows: readonly { readonly from: string; readonly to: string; readonly fund: string; readonly pence: number }[]) {
  return finalRecipients(flows.filter((r) => isGpLine(r.fund)).map((r) => ({ from: r.from, to: r.to, pence: r.pence })));
}

const REACHED = new Set(["practice", "services"]);

function check(scenario: ScenarioInput, seed: number): { lost: number[]; byDestination: Map<string, number>[] } {
  const run = runScenario(scenario, { seed });
  const lostSeries = series(run, "gpLost");
  const byDestination = run.flows.map((year, k) => {
    const destinations = recipients(year.rows);
    const out = new Map(destinations.filter((d) => !REACHED.has(d.group)).map((d) => [d.id, d.pence]));
    const sum = [...out.values()].reduce((a, b) => a + b, 0);
    // The indicator is in £m: back to whole pence.
    expect(sum, `${scenario.id ?? "?"} ${year.year}`).toBe(Math.round(lostSeries[k]! * 1e8));
    return out;
  });
  return { lost: lostSeries, byDestination };
}

describe("where general practice money went", () => {
  it("under place-pooled, lost money appears as flows to where it went, adding up to the loss to the penny in every year", () => {
    for (const seed of [1, 2, 3]) {
      const { lost, byDestination } = check(icb(PRESETS["place-pooled"]), seed);
      expect(Math.max(...lost)).toBeGreaterThan(0);
      // The pool shares general practice money out to its other members: that is visible now.
      expect(byDestination.some((m) => (m.get("council") ?? 0) + (m.get("acute-trust") ?? 0) > 0)).toBe(true);
    }
  });

  it("holds for every flagship arrangement, and for an ICB that top-slices unprotected lines", () => {
    for (const id of ["ring-fenced", "single-envelope", "vanguard-pooled-core", "gpc-red-line", "iho-acute", "iho-federation"] as const) check(toy(PRESETS[id], { years: 5 }), 4);
    // A squeezed ICB with no protection of general practice cuts its lines: the cut shows as money back to the ICB.
    const squeezed = toy(PRESETS["single-envelope"], { years: 5, national: { realGrowthMean: -0.03 }, icb: { protectGeneralPractice: 0 } });
    const run = runScenario(squeezed, { seed: 4 });
    expect(series(run, "gpTopSliced").some((x) => x > 0)).toBe(true);
    const { byDestination } = check(squeezed, 4);
    byDestination.forEach((m, k) => expect(m.get("icb#returned") ?? 0).toBeGreaterThanOrEqual(Math.round(series(run, "gpTopSliced")[k]! * 1e8)));
  });
});
