import { createSimulation } from "@ringfence/core";
import { describe, expect, it } from "vitest";
import { runSchellingByHand } from "./schelling-hand.js";
import { SCHELLING_LARGE, SCHELLING_SMALL, schellingModel, type SchellingConfig } from "./schelling-model.js";

/** Share of agents' occupied neighbour cells (radius 1) that hold an agent of the same group. */
function likeNeighbours(config: SchellingConfig, cell: ArrayLike<number>, group: (row: number) => number): number {
  const grid = new Int32Array(config.width * config.height).fill(-1);
  for (let r = 0; r < config.agents; r++) grid[cell[r]!] = r;
  let same = 0;
  let all = 0;
  for (let r = 0; r < config.agents; r++) {
    const x = cell[r]! % config.width;
    const y = Math.floor(cell[r]! / config.width);
    for (let dy = -1; dy <= 1; dy++) {
      for (let dx = -1; dx <= 1; dx++) {
        const nx = x + dx;
        const ny = y + dy;
        if ((dx === 0 && dy === 0) || nx < 0 || ny < 0 || nx >= config.width || ny >= config.height) continue;
        const other = grid[ny * config.width + nx]!;
        if (other < 0) continue;
        all++;
        if (group(other) === group(r)) same++;
      }
    }
  }
  return same / all;
}

describe("Schelling's segregation model", () => {
  it.each(["system", "per-row"] as const)("in the engine (%s) ends in exactly the state of the hand-written loop, for the same seed", (path) => {
    for (const config of [SCHELLING_SMALL, SCHELLING_LARGE]) {
      const s = createSimulation(schellingModel(20, path), config, { seed: 5, years: 1 });
      s.run();
      const hand = runSchellingByHand(config, 20, 5);
      const t = s.sim.agents.tableOf("agent");
      expect(Array.from(t.cols.cell!.subarray(0, config.agents))).toEqual(Array.from(hand.cell));
      expect(Array.from(t.cols.happy!.subarray(0, config.agents))).toEqual(Array.from(hand.happy));
      expect(hand.movesPerStep[0]).toBeGreaterThan(0);
    }
  });
  it("segregates: agents end with more like neighbours than they started with, most of them happy, one per cell", () => {
    const config = SCHELLING_SMALL;
    const start = runSchellingByHand(config, 0, 11);
    const end = runSchellingByHand(config, 20, 11);
    const group = (r: number) => (r < config.agents / 2 ? 0 : 1);
    expect(likeNeighbours(config, start.cell, group)).toBeLessThan(0.6);
    expect(likeNeighbours(config, end.cell, group)).toBeGreaterThan(0.7);
    expect(end.happy.reduce((a, h) => a + h, 0)).toBeGreaterThan(0.9 * config.agents);
    expect(new Set(end.cell).size).toBe(config.agents);
    expect(end.movesPerStep.at(-1)!).toBeLessThan(end.movesPerStep[0]!);
  });
  it("refuses a grid with no empty cell, naming the field", () => {
    expect(() => createSimulation(schellingModel(), { ...SCHELLING_SMALL, agents: 1600 }, { seed: 1, years: 1 })).toThrow(/agents: expected fewer agents than cells/);
  });
});
