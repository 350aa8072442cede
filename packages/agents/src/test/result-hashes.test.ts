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
  "ring-fenced": "0856ce9c0cff9984",
  "single-envelope": "0856ce9c0cff9984",
  "place-pooled": "379c72eb47490f86",
  "vanguard-pooled-core": "b081a84d1952d3f9",
  "gpc-red-line": "5a30f2c4a08b73fa",
  "iho-acute": "f532185b25643e8e",
  "iho-federation": "7a7b60a31631963e",
  "baseline-2014": "b50ffb1d318ed28e",
};

/** Hash of iho-acute at ICB size, its parameters at their values, seed 3, with agent-level series. */
const EXPECTED_AGENTS = "0cc866ca456ae0ae";

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
