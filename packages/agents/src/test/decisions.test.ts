/**
 * Policies' decisions are checked at the kind boundary: a nonsense decision is an error naming the kind,
 * the policy, the agent and the year; a hostile but well-formed policy cannot break conservation or a
 * ring-fence.
 */
import { createSimulation } from "@ringfence/core";
import { createDefaultRegistry, createNhsModel, DecisionError, definePolicy, PRESETS, runScenario, scenarioSchema, type PolicyKind } from "@ringfence/agents";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { toy, total } from "./helpers.js";

const hostile = <K extends PolicyKind>(kind: K, decide: (obs: never) => unknown) =>
  definePolicy({ kind, name: "hostile", description: "Test policy.", params: z.strictObject({}), decide: decide as never });

function errorOf(preset: keyof typeof PRESETS, kind: PolicyKind, decide: (obs: never) => unknown): DecisionError {
  const registry = createDefaultRegistry().register(hostile(kind, decide));
  try {
    runScenario(toy(PRESETS[preset], { years: 3, levers: { noNewMoney: true }, acuteTrust: { extraDemandMean: 0.03 }, policies: { [kind]: { name: "hostile" } } }), { seed: 1, registry });
  } catch (e) {
    if (e instanceof DecisionError) return e;
    throw e;
  }
  throw new Error("expected a DecisionError");
}

describe("nonsense decisions are errors naming kind, policy, agent and year", () => {
  const cases: [string, keyof typeof PRESETS, PolicyKind, (obs: never) => unknown, RegExp][] = [
    ["NaN cuts (ICB)", "single-envelope", "icb", (o: { lines: unknown[] }) => ({ cuts: o.lines.map(() => Number.NaN) }), /^icb \d+ \(policy hostile, \d{4}\/\d\d\): cuts: \[0\]: expected a whole number of pence, got NaN/],
    ["cuts of the wrong length", "single-envelope", "icb", () => ({ cuts: [1] }), /cuts: expected \d+ amounts \(one per line observed\), got 1/],
    ["fractional pence", "iho-acute", "acute-trust", (o: { held: unknown[] }) => ({ cuts: o.held.map(() => 0.5) }), /^acute-trust \d+ \(policy hostile, \d{4}\/\d\d\): cuts: \[0\]: expected a whole number of pence, got 0.5/],
    ["a cut above the line", "iho-acute", "acute-trust", (o: { held: { pence: number }[] }) => ({ cuts: o.held.map((h) => h.pence + 1) }), /expected 0 to \d+ pence, got \d+/],
    ["grants above the pot", "place-pooled", "place-board", (o: { pot: number; claims: unknown[] }) => ({ grants: o.claims.map(() => o.pot) }), /^place-board \d+ \(policy hostile, 2025\/26\): grants \(sum\)/],
    // A scalar is named without an index, and a bound that is no real bound (the largest safe integer) is not printed.
    ["an Infinity claim", "place-pooled", "council", () => ({ claim: Number.POSITIVE_INFINITY }), /^council 0 \(policy hostile, 2025\/26\): claim: expected a whole number of pence from 0, got Infinity$/],
    ["a negative claim", "place-pooled", "council", () => ({ claim: -5 }), /^council 0 \(policy hostile, 2025\/26\): claim: expected a whole number of pence from 0, got -5$/],
    ["a claim of the wrong type", "place-pooled", "council", () => ({ claim: "lots" }), /^council 0 \(policy hostile, 2025\/26\): claim: expected a whole number of pence from 0, got string$/],
    ["an unknown practice decision", "ring-fenced", "practice", () => "retire", /^practice \d+ \(policy hostile, 2025\/26\): decision: expected one of continue, hand-back, merge, salaried, got retire/],
    ["40% real growth", "ring-fenced", "national-allocator", () => ({ realGrowth: 0.4, inflation: 0.02, contractRealUplift: 0 }), /^national-allocator 0 \(policy hostile, 2025\/26\): realGrowth: expected a number from -0.1 to 0.15, got 0.4/],
    ["a negative underspend", "ring-fenced", "pcn", () => ({ underspend: -5 }), /^pcn 0 \(policy hostile, 2025\/26\): underspend: expected a whole number of pence from 0 to \d+, got -5$/],
  ];
  for (const [what, preset, kind, decide, message] of cases) {
    it(what, () => {
      const e = errorOf(preset, kind, decide);
      expect(e.kind).toBe(kind);
      expect(e.policy).toBe("hostile");
      expect(e.message).toMatch(message);
    });
  }
});

describe("hostile but well-formed decisions (fuzzed) never break conservation or a ring-fence", () => {
  it("ICB cuts and holder cuts drawn at random within their caps", () => {
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: 12, maxLength: 12 }), fc.integer({ min: 1, max: 1000 }), (fractions, seed) => {
        let k = 0;
        const pick = () => fractions[k++ % fractions.length]!;
        const icbPolicy = definePolicy({ kind: "icb", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ cuts: o.lines.map((l) => (l.ringFenced ? 0 : Math.floor(l.pence * o.maxCutPerLine * pick()))) }) });
        const holder = definePolicy({ kind: "acute-trust", name: "fuzz", description: "Test.", params: z.strictObject({}), decide: (o) => ({ cuts: o.held.map((h) => (h.ringFenced ? 0 : Math.floor(h.pence * pick()))) }) });
        const registry = createDefaultRegistry().register(icbPolicy).register(holder);
        const sc = scenarioSchema.parse(toy(PRESETS["iho-acute"], { years: 3, levers: { noNewMoney: true }, governance: { ringFenced: ["core", "premises"] }, policies: { icb: { name: "fuzz" }, "acute-trust": { name: "fuzz" } } }));
        const sim = createSimulation(createNhsModel(registry), sc, { seed, years: 3 });
        const touched = new Set<string>();
        sim.sim.events.on("gp-money-diverted", (e) => touched.add(e.line));
        const r = sim.run();
        expect(sim.sim.ledger.verify().ok).toBe(true);
        expect(touched.has("core") || touched.has("premises")).toBe(false);
        expect(total(r, "gpTopSliced")).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 25 },
    );
  });
});
