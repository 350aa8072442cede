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
  "ring-fenced": "90f187ea9d19d202",
  "single-envelope": "90f187ea9d19d202",
  "place-pooled": "4db3483d92ce31b5",
  "vanguard-pooled-core": "d2c63d83615cb814",
  "gpc-red-line": "638f4848199286b1",
  "iho-acute": "db360527474efa8c",
  "iho-federation": "df88c35be29e58c9",
  "baseline-2014": "d8377ba47cbe45d1",
};

/** Hash of iho-acute at ICB size, its parameters at their values, seed 3, with agent-level series. */
const EXPECTED_AGENTS = "c9a483640dd3a9f6";

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
