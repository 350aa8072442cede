import { createSimulation } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { boltzmannModel, wealthAccount } from "./boltzmann-model.js";
import { runBoltzmannByHand } from "./boltzmann-hand.js";

describe("the Boltzmann wealth model", () => {
  it.each(["system", "per-row"] as const)("in the engine (%s) ends with exactly the wealth the hand-written loop ends with, for the same seed", (path) => {
    const s = createSimulation(boltzmannModel(10, path), { people: 300 }, { seed: "b1", years: 4 });
    const result = s.run();
    const hand = runBoltzmannByHand(300, 40, 10, "b1");
    const wealth = Array.from({ length: 300 }, (_, i) => s.sim.ledger.balance(wealthAccount(s.sim.world.firstAccount, i)));
    expect(wealth).toEqual(Array.from(hand.wealth));
    expect(result.flows.map((y) => y.rows.find((r) => r.from === "person" && r.to === "person")?.pence ?? 0)).toEqual(hand.givenPerYear);
    expect(hand.givenPerYear.every((n) => n > 0)).toBe(true);
  });
  it("conserves money and skews the distribution: everyone starts with 1, some end with none, some with several", () => {
    const s = createSimulation(boltzmannModel(50), { people: 1000 }, { seed: 7, years: 2 });
    const r = s.run();
    expect(s.sim.ledger.verify().ok).toBe(true);
    expect(r.ledger.held).toBe(1000);
    const wealth = Array.from({ length: 1000 }, (_, i) => s.sim.ledger.balance(wealthAccount(s.sim.world.firstAccount, i)));
    expect(wealth.filter((w) => w === 0).length).toBeGreaterThan(200);
    expect(Math.max(...wealth)).toBeGreaterThan(4);
    expect(wealth.every((w) => w >= 0)).toBe(true);
  });
});
