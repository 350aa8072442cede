/**
 * Errors that point: a plugin that does not compile is named with its file, line, column and the compiler's
 * message (the path whole); a parameter out of a plugin schema's range reads as the scenario schema's own
 * messages do (`expected a number from 0 to 10, got 50`); bounds that are no bound are not printed.
 */
import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { createDefaultRegistry, definePolicy, scenarioPluginIssues, scenarioSchema, validateScenario } from "@ringfence/agents";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { cli, policyPlugin, put, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-errors-");

/** A scenario folder holding one plugin file; returns the scenario file's path. */
function pluginCase(name: string, file: string, body: string): string {
  const dir = join(root, name);
  mkdirSync(dir);
  put(dir, file, body);
  return put(dir, "s.yaml", `extends: place-pooled\nid: ${name}\npopulation: { size: toy }\nyears: 2\nplugins: [./${file}]\n`);
}

describe("a plugin that fails to load is named with file, line and column", () => {
  it("a syntax error: the compiler's message at its line and column, the path whole", async () => {
    // Line 3, column 13 (counted from 1, as editors count): `const b = 2 const c = 3;` lacks a semicolon before the second const.
    const s = pluginCase("syntax", "council-pull.ts", 'export const name = "council-pull";\nconst a = 1;\nconst b = 2 const c = 3;\n');
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toContain(`  plugins[0]: ${join(root, "syntax", "council-pull.ts")}:3:13: Expected ";" but found "const"`);
  });

  it("the same error in a batch: the run command refuses it with the same line", async () => {
    const s = pluginCase("syntax-run", "p.ts", "export const x = ;\n");
    const r = await cli(["run", s, "--runs", "1", "--workers", "1", "--progress", "none", "--out", join(root, "syntax-run", "out"), "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toContain(`  plugins[0]: ${join(root, "syntax-run", "p.ts")}:1:18: Unexpected ";"`);
  });

  it("a syntax error in a JavaScript module (which Node reports without a place) is placed by the compiler", async () => {
    const s = pluginCase("syntax-js", "p.mjs", "export const ok = 1;\nexport const = ;\n");
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toContain(`  plugins[0]: ${join(root, "syntax-js", "p.mjs")}:2:14: Expected identifier but found "="`);
  });

  it("a good TypeScript plugin in a folder that is no ES module package loads (and runs) like one inside it", async () => {
    // A .ts file is CommonJS to Node outside a "type": "module" package; it once failed to load there at all.
    const dir = join(root, "plain-folder");
    mkdirSync(dir);
    put(dir, "keep-all.ts", policyPlugin());
    const s = put(dir, "s.yaml", "extends: iho-acute\nid: plain\npopulation: { size: toy }\nyears: 2\nplugins: [./keep-all.ts]\npolicies: { acute-trust: { name: keep-all } }\n");
    const v = await cli(["validate", s, "--allow-plugins"]);
    expect(v.code, v.err).toBe(0);
    const r = await cli(["run", s, "--runs", "2", "--workers", "1", "--progress", "none", "--out", join(dir, "out"), "--allow-plugins"]);
    expect(r.code, r.err).toBe(0);
  }, 60_000);

  it("an error thrown while the module runs: the frame in the plugin and the error's first line", async () => {
    const s = pluginCase("throws", "p.mjs", 'export const x = 1;\nthrow new Error("no council data");\n');
    const r = await cli(["validate", s, "--allow-plugins"]);
    expect(r.code).toBe(2);
    expect(r.err.split("\n")).toContain(`  plugins[0]: ${join(root, "throws", "p.mjs")}:2:7: no council data`);
  });
});

describe("a plugin policy's parameters are checked in the scenario schema's words", () => {
  const pull = definePolicy({
    kind: "council",
    name: "council-pull",
    description: "Claims need × strength (test).",
    params: z.strictObject({
      strength: z.number().min(0).max(10).default(1),
      rounds: z.number().int().min(1).max(5).default(1),
      floor: z.number().min(0).default(0),
      label: z.number().int().default(0),
      above: z.number().positive().default(1),
    }),
    decide: (o, p) => ({ claim: Math.round(o.need * p.strength) }),
  });
  const set = { registry: createDefaultRegistry().register(pull), indicators: new Map() };
  const messages = (params: Record<string, unknown>): string[] =>
    scenarioPluginIssues(scenarioSchema.parse({ policies: { council: { name: "council-pull", params } } }), set).map((i) => i.message);

  it("a number out of range names both bounds as written", () => {
    expect(messages({ strength: 50 })).toEqual(["policies.council.params.strength: expected a number from 0 to 10, got 50"]);
    expect(messages({ strength: -1 })).toEqual(["policies.council.params.strength: expected a number from 0 to 10, got -1"]);
  });
  it("an integer parameter says so, a fraction is refused in the same words", () => {
    expect(messages({ rounds: 2.5 })).toEqual(["policies.council.params.rounds: expected an integer from 1 to 5, got 2.5"]);
    expect(messages({ rounds: 9 })).toEqual(["policies.council.params.rounds: expected an integer from 1 to 5, got 9"]);
  });
  it("a bound that is no bound is left out (no 9007199254740991), and an open bound reads as such", () => {
    expect(messages({ floor: -3 })).toEqual(["policies.council.params.floor: expected a number from 0, got -3"]);
    expect(messages({ label: 0.5 })).toEqual(["policies.council.params.label: expected an integer, got 0.5"]);
    expect(messages({ label: "x" })).toEqual(['policies.council.params.label: expected an integer, got "x"']);
    expect(messages({ above: 0 })).toEqual(["policies.council.params.above: expected a number above 0, got 0"]);
    expect(messages({ strength: 50, rounds: 0 }).join("\n")).not.toContain("9007199254740991");
  });
  it("the same words when the policy binds at run time, and from validateScenario", async () => {
    expect(() => createDefaultRegistry().register(pull).bind({ council: { name: "council-pull", params: { strength: 50 } } }, { "national-allocator": "settlement-rule", icb: "protect-hospitals", "place-board": "voice-weighted", "acute-trust": "divert-shortfall", federation: "divert-shortfall", pcn: "arrs-underspend", practice: "exit-hazard", council: "claim-need" })).toThrow(
      "policies.council.params.strength: expected a number from 0 to 10, got 50",
    );
    // A built-in policy's parameters through the one validator.
    await expect(validateScenario({ policies: { council: { name: "claim-need", params: { pull: 50 } } } }, "test")).rejects.toThrow("policies.council.params.pull: expected a number from 0 to 5, got 50");
  });
});
