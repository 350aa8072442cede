/**
 * Common random numbers: practice k is practice k in every scenario, with the same start state and the
 * same draws for the same seed, so differences between scenarios are the policies', not noise.
 */
import { createSimulation, type Simulation } from "@ringfence/core";
import { createNhsModel, FLAGSHIP_IDS, PRESETS, scenarioSchema, type NhsTypes, type RngName } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { toy } from "./helpers.js";

const start = (id: (typeof FLAGSHIP_IDS)[number], seed: number): Simulation<NhsTypes> => createSimulation(createNhsModel(), scenarioSchema.parse(toy(PRESETS[id], { years: 2 })), { seed, years: 2 });

/** Streams drawn per entity, and the kind whose rows key them. */
const ENTITY_STREAMS: readonly [RngName, "practice" | "acute" | "council" | "pcn" | "community"][] = [
  ["practice-costs", "practice"],
  ["practice-qof", "practice"],
  ["practice-exit", "practice"],
  ["acute-demand", "acute"],
  ["decommission", "acute"],
  ["council", "council"],
  ["pcn-arrs", "pcn"],
  ["community-demand", "community"],
];

describe("common random numbers across every preset", () => {
  it("every scenario gives each practice, trust, council and PCN the same start state", () => {
    const base = start("ring-fenced", 4).sim.world.tables;
    for (const id of FLAGSHIP_IDS) {
      const t = start(id, 4).sim.world.tables;
      for (const col of ["list", "weighting", "gpFte", "fixedCost", "perPatientCost", "profitShare", "icb", "pcn"] as const) expect(Array.from(t.practice.cols[col])).toEqual(Array.from(base.practice.cols[col]));
      expect(Array.from(t.acute.cols.share)).toEqual(Array.from(base.acute.cols.share));
      expect(Array.from(t.pcn.cols.cohesion)).toEqual(Array.from(base.pcn.cols.cohesion));
      expect(Array.from(t.council.cols.populationShare)).toEqual(Array.from(base.council.cols.populationShare));
      expect(Array.from(t.federation.cols.capability)).toEqual(Array.from(base.federation.cols.capability));
    }
  });
  it("after a year every entity has drawn exactly as many numbers from each of its streams, in every scenario", () => {
    const after = (id: (typeof FLAGSHIP_IDS)[number]) => {
      const s = start(id, 9);
      for (let t = 0; t < 12; t++) s.step();
      const w = s.sim.world.tables;
      const next: Record<string, number[]> = {};
      for (const [name, kind] of ENTITY_STREAMS) {
        const size = w[kind].size;
        const col = s.sim.streams.column(name, size);
        next[name] = Array.from({ length: size }, (_, r) => col.next(r));
      }
      next.national = [s.sim.streams.get("national").next()];
      return next;
    };
    const base = after("ring-fenced");
    for (const id of FLAGSHIP_IDS) expect(after(id)).toEqual(base);
  });
});
