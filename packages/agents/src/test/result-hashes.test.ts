/**
 * A regression pin: the SHA-256 of every preset's whole run result (every series, flow table, ledger total
 * and event count, as JSON) at a fixed seed, at England size, and of one ICB-sized run with agent-level
 * series. Work on the engine's speed must not change a single number; a change that is meant to alter
 * results updates these hashes in the same commit and says why.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { PRESET_IDS, PRESETS, runScenario } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { icb } from "./helpers.js";

const hash = (value: unknown): string => createHash("sha256").update(JSON.stringify(value)).digest("hex").slice(0, 16);

/** Hashes of each preset's run at England size, seed 7 (full SHA-256 is not needed to see a change). */
const EXPECTED: Readonly<Record<string, string>> = {
  "ring-fenced": "1712ad74dcbac1e4",
  "single-envelope": "049ee316f9f30817",
  "place-pooled": "9e57eb4ed0a3eb13",
  "vanguard-pooled-core": "ac2668193f6e3e6c",
  "gpc-red-line": "c93f435fffb4efcb",
  "iho-acute": "351df85e40ce8bc8",
  "iho-federation": "a37c0c548d567941",
  "baseline-2015": "ca21aff20c266aef",
};

/** Hash of iho-acute at ICB size, its parameters at their values, seed 3, with agent-level series. */
const EXPECTED_AGENTS = "e40ea576a9b1e08b";

describe("results of every preset at a fixed seed", () => {
  it("are the ones pinned here (England size, seed 7)", { timeout: 120_000 }, () => {
    const got = Object.fromEntries(PRESET_IDS.map((id) => [id, hash(runScenario(PRESETS[id], { seed: 7 }))]));
    expect(got).toEqual(EXPECTED);
  });
  it("with agent-level series are the ones pinned here (iho-acute, ICB size, seed 3)", { timeout: 60_000 }, () => {
    const r = runScenario(icb(PRESETS["iho-acute"]), { seed: 3, recordAgents: true });
    expect(r.agentSeries.length).toBeGreaterThan(0);
    expect(hash(r)).toBe(EXPECTED_AGENTS);
  });
});
