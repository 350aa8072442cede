/**
 * Fuzzing the input boundary: random documents (YAML and JSON of random data, mutations of a valid scenario,
 * random objects built in code) through the parser and the one validator. The only error allowed is a
 * ConfigError, each naming a path, and no case may take more than 2 s.
 */
import { ConfigError } from "@ringfence/core";
import fc from "fast-check";
import { beforeAll, describe, expect, it } from "vitest";
import { loadExpressionCompiler } from "../expressions.js";
import { stringify } from "yaml";
import { parseScenarioText } from "../scenario-files/parse-text.js";
import { validateScenario } from "../scenario-files/load.js";
import { decodeScenarioBytes } from "../scenario-files/read-text.js";

/** A valid scenario exercising many fields: the seed of the mutation fuzz. */
const VALID = `extends: iho-acute
id: fuzz-seed
title: Fuzz seed
population: { size: toy }
years: 3
national:
  realGrowthMean: "year < 2026 ? 0.03 : 0.01"
  inflationMean: 0.02
icb: { maxCutPerLine: 0.04, acuteShare: 0.4 }
governance: { holder: iho, pooled: [pcn, enhanced], ringFenced: [core] }
levers: { primaryCareShare: { increase: 0.01, byYear: 2027 } }
claims: [{ seed: a source, quote: "some words" }]
policies: { pcn: { name: arrs-underspend, params: { mean: 0.1 } } }
timeVarying: { acuteTrust.extraDemandMean: [0.01, 0.02, 0.01] }
`;

/** Parses and validates text; returns "ok", or the ConfigError's issues. Anything else thrown fails the test. */
async function check(text: string): Promise<"ok" | readonly { path: string; message: string }[]> {
  const t0 = performance.now();
  try {
    const data = parseScenarioText(text, "fuzz.yaml");
    // `extends` is resolved by the file loader; here the data is validated as it stands.
    const { extends: _e, ...rest } = data;
    await validateScenario(rest, "fuzz.yaml");
    return "ok";
  } catch (e) {
    if (!(e instanceof ConfigError)) throw e;
    expect(e.issues.length).toBeGreaterThan(0);
    for (const i of e.issues) expect(i.message.startsWith(`${i.path}:`) || i.path === "(more)").toBe(true);
    return e.issues;
  } finally {
    expect(performance.now() - t0).toBeLessThan(2_000);
    expect(Object.prototype).not.toHaveProperty("polluted");
  }
}

const HOSTILE_BITS = ["\n", ": ", "- ", "[", "]", "{", "}", "&a ", "*a", "!!binary ", "!x ", "<<: ", "__proto__: ", "constructor: ", "---\n", "...\n", "? ", "|", ">", "#", "'", '"', "\t", "\\", "%YAML 1.1\n", ".inf", ".nan", "1e400", "0x", "~", "year", "t", "?", "\u0000", "\u001b", "\ufeff", "é", "😀"];

// mathjs loads once, on the first expression (a second or more): not a case's time.
beforeAll(async () => void (await loadExpressionCompiler()), 30_000);

describe("fuzzing the scenario parser and validator", () => {
  it("random JSON data, written as YAML or JSON, gives a scenario or a ConfigError", async () => {
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.string({ maxLength: 12 }), fc.jsonValue({ maxDepth: 4 }), { maxKeys: 8 }), fc.boolean(), async (data, asJson) => {
        await check(asJson ? JSON.stringify(data) : stringify(data));
      }),
      { numRuns: 150 },
    );
  });
  it("random values at the scenario's own keys give a scenario or a ConfigError naming the key", async () => {
    const keys = ["years", "startYear", "national", "icb", "governance", "levers", "policies", "timeVarying", "plugins", "indicators", "claims", "population", "history"];
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom(...keys), fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 }), async (data) => {
        const result = await check(JSON.stringify(data));
        if (result !== "ok") expect(result.some((i) => keys.some((k) => i.path.startsWith(k)) || i.path === "(root)" || i.path === "(file)")).toBe(true);
      }),
      { numRuns: 150 },
    );
  });
  it("mutations of a valid scenario (insertions of YAML syntax, deletions, repeats) give a scenario or a ConfigError", async () => {
    expect(await check(VALID)).toBe("ok");
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), bit: fc.constantFrom(...HOSTILE_BITS) }),
      fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 20 }) }),
      fc.record({ kind: fc.constant("repeat" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }), times: fc.integer({ min: 1, max: 50 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 6 }), async (mutations) => {
        let text = VALID;
        for (const m of mutations) {
          const at = m.at % (text.length + 1);
          if (m.kind === "insert") text = text.slice(0, at) + m.bit + text.slice(at);
          else if (m.kind === "delete") text = text.slice(0, at) + text.slice(at + m.length);
          else text = text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times) + text.slice(at);
        }
        await check(text);
      }),
      { numRuns: 300 },
    );
  });
  it("random bytes are refused or decoded, never thrown past a ConfigError", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 256 }), (bytes) => {
        try {
          const text = decodeScenarioBytes(bytes, "fuzz.yaml");
          expect(text.includes("\u0000")).toBe(false);
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
          expect((e as ConfigError).issues[0]!.path).toBe("(file)");
        }
      }),
      { numRuns: 500 },
    );
  });
  it("objects built in code (any values, prototype keys, class instances) are checked as plain data", async () => {
    const hostileValue = fc.oneof(
      fc.anything({ maxDepth: 3, withBoxedValues: true, withMap: true, withSet: true, withDate: true, withTypedArray: true, withNullPrototype: true, withSparseArray: true, withBigInt: true }),
      fc.constantFrom<unknown>(Number.NaN, Number.POSITIVE_INFINITY, -0, () => 1, Symbol("s"), undefined, new Error("x"), JSON.parse('{"__proto__": {"polluted": 1}}')),
    );
    await fc.assert(
      fc.asyncProperty(fc.dictionary(fc.constantFrom("years", "national", "title", "policies", "claims", "other", "__proto__", "constructor"), hostileValue, { maxKeys: 4 }), async (data) => {
        const t0 = performance.now();
        try {
          await validateScenario(data, "code");
        } catch (e) {
          expect(e).toBeInstanceOf(ConfigError);
        }
        expect(performance.now() - t0).toBeLessThan(2_000);
        expect(Object.prototype).not.toHaveProperty("polluted");
      }),
      { numRuns: 200 },
    );
  });
});
