/**
 * Hostile but well-formed policies for every policy kind, drawn at random within the bounds each kind
 * allows: the ledger always verifies, money is conserved and ring-fenced general practice lines are never cut.
 */
import { createSimulation } from "@ringfence/core";
import { createDefaultRegistry, createNhsModel, definePolicy, PRESETS, scenarioSchema, type PolicyKind } from "@ringfence/agents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { POLICY_KINDS } from "../policies/signatures.js";
import { toy } from "./helpers.js";

/** A draw in [0, 1) from a fixed list of fractions, cycling. */
const picker = (fractions: readonly number[]) => {
  let k = 0;
  return () => fractions[k++ % fractions.length]!;
};

/** For each kind, a policy that decides at random within the kind's bounds (pick() gives fractions in [0, 1)). */
const fuzzPolicies = (pick: () => number) => ({
  "national-allocator": definePolicy({ kind: "national-allocator", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: () => ({ realGrowth: -0.1 + 0.25 * pick(), inflation: -0.05 + 0.3 * pick(), contractRealUplift: -0.1 + 0.25 * pick() }) }),
  icb: definePolicy({ kind: "icb", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ cuts: o.lines.map((l) => (l.ringFenced ? 0 : Math.floor(l.pence * o.maxCutPerLine * pick()))) }) }),
  "place-board": definePolicy({
    kind: "place-board",
    name: "fuzz",
    description: "Test.",
    params: z.strictObject({}),
    decide: (o) => {
      const w = o.claims.map(() => pick());
      const sum = w.reduce((a, b) => a + b, 0) || 1;
      return { grants: w.map((x) => Math.floor((o.pot * x) / sum)) };
    },
  }),
  "acute-trust": definePolicy({ kind: "acute-trust", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ cuts: o.held.map((h) => (h.ringFenced ? 0 : Math.floor(h.pence * pick()))) }) }),
  federation: definePolicy({ kind: "federation", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ cuts: o.held.map((h) => (h.ringFenced ? 0 : Math.floor(h.pence * pick()))) }) }),
  pcn: definePolicy({ kind: "pcn", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ underspend: Math.floor(o.arrsBudget * pick()) }) }),
  practice: definePolicy({
    kind: "practice",
    name: "fuzz",
    description: "Test.",
    params: z.strictObject({}),
    decide: (o) => {
      const r = pick();
      if (r < 0.9) return "continue";
      if (r < 0.94 && o.canMerge) return "merge";
      if (r < 0.97 && o.canBecomeSalaried) return "salaried";
      return "hand-back";
    },
  }),
  council: definePolicy({ kind: "council", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ claim: Math.floor(Math.max(0, o.pot) * 2 * pick()) }) }),
});

/** Presets under which each kind decides (place boards and councils need a place pool; federations an IHO they host). */
const PRESETS_FOR: Readonly<Record<PolicyKind, readonly (keyof typeof PRESETS)[]>> = {
  "national-allocator": ["ring-fenced", "iho-acute"],
  icb: ["single-envelope", "iho-acute"],
  "place-board": ["place-pooled", "vanguard-pooled-core"],
  "acute-trust": ["iho-acute"],
  federation: ["iho-federation"],
  pcn: ["ring-fenced", "place-pooled"],
  practice: ["ring-fenced", "iho-acute"],
  council: ["place-pooled", "vanguard-pooled-core"],
};

describe("hostile but well-formed policies of every kind keep the books and the ring-fences", () => {
  it("covers every policy kind", () => {
    expect(Object.keys(PRESETS_FOR).sort()).toEqual([...POLICY_KINDS].sort());
  });
  for (const kind of POLICY_KINDS) {
    it(`${kind}: random decisions within bounds`, { timeout: 60_000 }, () => {
      let decided = 0;
      fc.assert(
        fc.property(fc.array(fc.double({ min: 0, max: 0.999999, noNaN: true }), { minLength: 8, maxLength: 8 }), fc.integer({ min: 1, max: 10_000 }), fc.constantFrom(...PRESETS_FOR[kind]), (fractions, seed, preset) => {
          const pick = picker(fractions);
          const policy = fuzzPolicies(pick)[kind];
          const counted = { ...policy, decide: (...args: Parameters<typeof policy.decide>) => (decided++, (policy.decide as (...a: Parameters<typeof policy.decide>) => unknown)(...args)) };
          const registry = createDefaultRegistry().register(counted as typeof policy);
          // Pressure (extra demand) so holders are short; an accelerated timeline so a federation hosts whatever its capability.
          const sc = scenarioSchema.parse(toy(PRESETS[preset], { years: 3, levers: { noNewMoney: true }, acuteTrust: { extraDemandMean: 0.03 }, federation: { accelerated: true }, policies: { [kind]: { name: "fuzz" } } }));
          const sim = createSimulation(createNhsModel(registry), sc, { seed, years: 3 });
          const ringFenced = new Set<string>(sc.governance.ringFenced);
          const cutFenced: string[] = [];
          sim.sim.events.on("gp-money-diverted", (e) => {
            if (ringFenced.has(e.line)) cutFenced.push(e.line);
          });
          sim.run();
          expect(sim.sim.ledger.verify().ok).toBe(true);
          expect(cutFenced).toEqual([]);
        }),
        { numRuns: 6 },
      );
      // The fuzzed policy was really asked (the kind exists in these presets).
      expect(decided).toBeGreaterThan(0);
    });
  }
});
