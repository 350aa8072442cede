/**
 * Plugins are pinned by their whole local import graph, and only threads granted plugins import them: the
 * graph hash follows static, re-exported and literal dynamic imports; imports outside the scenario's folder
 * are refused; a resumed batch whose plugin's imported file changed is refused; the main thread and threads
 * started without a grant refuse plugin scenarios whatever the task carries.
 */
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { localExecutor, runBatch } from "@ringfence/core/batch";
import { afterAll, describe, expect, it } from "vitest";
import { nhsWorkerModule, runTask } from "../batch-task.js";
import { importPlugins } from "../plugins.js";
import { loadScenario } from "../scenario-files/load.js";
import { pluginGraph, PluginGraphError } from "../scenario-files/plugin-graph.js";
import { configureThread, pluginExecutor, TaskRefused, threadPluginRule } from "../task-trust.js";
import { cli, good, MARKER, put, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-plugin-trust-");
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A plugin defining the acute-trust policy keep-all, importing a helper, that leaves the marker when it runs. */
const PLUGIN = (helperImport = 'import { zero } from "./lib/helper.mjs";') => `${helperImport}
import { writeFileSync } from "node:fs";
writeFileSync(new URL("./${MARKER}", import.meta.url), "ran");
export const keepAll = {
  kind: "acute-trust",
  name: "keep-all",
  description: "Never cuts a held line (test plugin).",
  params: { safeParse: () => ({ success: true, data: {} }) },
  decide: (o) => ({ cuts: o.held.map(() => zero) }),
};
`;

/** A scenario folder with the plugin and its helper. */
function pluginFolder(name: string, plugin = PLUGIN()): string {
  const dir = join(root, name);
  mkdirSync(join(dir, "lib"), { recursive: true });
  put(dir, "p.mjs", plugin);
  put(join(dir, "lib"), "helper.mjs", "export { zero } from './zero.mjs';\n");
  put(join(dir, "lib"), "zero.mjs", "export const zero = 0;\n");
  put(dir, "s.yaml", good("id: with-plugin\nyears: 3\nplugins: [./p.mjs]\npolicies: { acute-trust: { name: keep-all } }\n", "iho-acute"));
  return dir;
}

describe("the plugin hash covers the local import graph", () => {
  it("follows static imports and re-exports; a changed re-exported file changes the hash; an unrelated file does not", async () => {
    const dir = pluginFolder("graph");
    const g = await pluginGraph(join(dir, "p.mjs"), dir);
    expect(g.files.map((f) => f.slice(dir.length + 1))).toEqual(["p.mjs", "lib/helper.mjs", "lib/zero.mjs"]);
    put(dir, "unrelated.mjs", "export const x = 1;\n");
    expect((await pluginGraph(join(dir, "p.mjs"), dir)).hash).toBe(g.hash);
    put(join(dir, "lib"), "zero.mjs", "export const zero = 0; // edited\n");
    expect((await pluginGraph(join(dir, "p.mjs"), dir)).hash).not.toBe(g.hash);
  });
  it("follows literal dynamic imports and TypeScript modules imported by their .js name; packages and built-ins are left out", async () => {
    const dir = join(root, "graph-ts");
    mkdirSync(dir);
    put(dir, "p.ts", 'import { z } from "zod";\nimport { readFileSync } from "node:fs";\nimport { a } from "./a.js";\nexport const f = async () => (await import("./b.ts")).b + a + String(z) + String(readFileSync);\n');
    put(dir, "a.ts", "export const a: number = 1;\n");
    put(dir, "b.ts", "export const b: number = 2;\n");
    const g = await pluginGraph(join(dir, "p.ts"), dir);
    expect(g.files.map((f) => f.slice(dir.length + 1))).toEqual(["p.ts", "a.ts", "b.ts"]);
  });
  it("refuses an import outside the scenario's folder, and one that does not resolve", async () => {
    const outside = join(root, "outside");
    mkdirSync(join(outside, "scenario"), { recursive: true });
    put(outside, "shared.mjs", "export const zero = 0;\n");
    put(join(outside, "scenario"), "p.mjs", 'export { zero } from "../shared.mjs";\n');
    await expect(pluginGraph(join(outside, "scenario", "p.mjs"), join(outside, "scenario"))).rejects.toThrow(/imports .*shared\.mjs, outside the scenario's folder/);
    put(join(outside, "scenario"), "q.mjs", 'export { zero } from "./missing.mjs";\n');
    await expect(pluginGraph(join(outside, "scenario", "q.mjs"))).rejects.toThrow(PluginGraphError);
  });
  it("validate refuses a plugin importing from outside its scenario's folder, exit 2, without running it", async () => {
    const dir = join(root, "outside-cli");
    mkdirSync(join(dir, "scenario"), { recursive: true });
    put(dir, "shared.mjs", `import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("./${MARKER}", import.meta.url), "ran");\nexport const zero = 0;\n`);
    put(join(dir, "scenario"), "p.mjs", PLUGIN('import { zero } from "../shared.mjs";'));
    const s = put(join(dir, "scenario"), "s.yaml", good("plugins: [./p.mjs]\npolicies: { acute-trust: { name: keep-all } }\n", "iho-acute"));
    for (const args of [["validate", s], ["validate", s, "--allow-plugins"]]) {
      const r = await cli(args);
      expect(r.code, r.err).toBe(2);
      expect(r.err).toMatch(/plugins\[0\]: expected a module that loads, its local imports resolved inside the scenario's folder, got "\.\/p\.mjs" \(it imports .*shared\.mjs, outside the scenario's folder/);
      expect(r.err).not.toMatch(STACK_TRACE);
    }
    expect(existsSync(join(dir, MARKER))).toBe(false);
    expect(existsSync(join(dir, "scenario", MARKER))).toBe(false);
  });
  it("importPlugins refuses a module without a hash, and one whose helper changed, before importing it", async () => {
    const dir = pluginFolder("import-plugins");
    const plugin = join(dir, "p.mjs");
    await expect(importPlugins([plugin])).rejects.toThrow(/plugins\[0\]: expected a module pinned by its content hash \(pluginHashes\), got .*p\.mjs.* without one/);
    const { hash } = await pluginGraph(plugin, dir);
    put(join(dir, "lib"), "zero.mjs", "export const zero = 1;\n");
    await expect(importPlugins([plugin], undefined, { [plugin]: hash })).rejects.toThrow(/changed since/);
    expect(existsSync(join(dir, MARKER))).toBe(false);
  });
});

describe("only threads granted plugins import them", () => {
  it("this (main) thread refuses a plugin scenario, whatever its hashes say", async () => {
    const dir = pluginFolder("main-thread");
    const { scenario } = await loadScenario(join(dir, "s.yaml"));
    expect(threadPluginRule()).toBe("refuse");
    const e = await runTask({ scenario: { id: "with-plugin", config: scenario }, run: 0, seed: "s", years: 2 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(TaskRefused);
    expect((e as TaskRefused).code).toBe("plugins-not-allowed");
    expect(existsSync(join(dir, MARKER))).toBe(false);
  });
  it("a thread config is plain data of one shape; nothing else grants plugins", () => {
    expect(() => configureThread({ plugins: "all" })).toThrow(/thread config/);
    expect(() => configureThread({ plugins: "hash-pinned", extra: 1 })).toThrow(/thread config/);
    expect(threadPluginRule()).toBe("refuse");
  });
  it("isolated threads without the grant refuse; with it (pluginExecutor) they run the plugin", { timeout: 120_000 }, async () => {
    const dir = pluginFolder("threads");
    const { scenario } = await loadScenario(join(dir, "s.yaml"));
    const batch = { worker: nhsWorkerModule().url, scenarios: [{ id: "with-plugin", config: scenario }], runs: 2, masterSeed: 1, years: 2 } as const;
    const ungranted = await runBatch({ ...batch, executor: localExecutor({ workers: 1, isolate: true, taskTimeoutMs: 60_000 }) });
    expect(ungranted.failures).toHaveLength(2);
    expect(ungranted.failures[0]!.message).toContain("does not run plugins");
    expect(existsSync(join(dir, MARKER))).toBe(false);
    const granted = await runBatch({ ...batch, executor: pluginExecutor({ workers: 1, taskTimeoutMs: 60_000 }) });
    expect(granted.failures).toEqual([]);
    expect(readFileSync(join(dir, MARKER), "utf8")).toBe("ran");
  });
  it("a worker module without configureThread cannot be given a thread config", { timeout: 60_000 }, async () => {
    const dir = join(root, "no-configure");
    mkdirSync(dir);
    const worker = put(dir, "w.mjs", "export const runTask = (t) => ({ scenario: t.scenario.id, run: t.run, seed: t.seed, years: [], indicators: {}, flows: [] });\n");
    const e = await runBatch({ worker, scenarios: [{ id: "a", config: {} }], runs: 1, masterSeed: 1, years: 1, executor: localExecutor({ workers: 1, isolate: true, threadConfig: { plugins: "hash-pinned" } }) }).catch((x: unknown) => x);
    expect(String(e)).toContain("exports no configureThread function");
  });
});

describe("a resumed batch never mixes two versions of a plugin", () => {
  it("a plugin whose imported file changed after an interrupt is refused on --resume (exit 2), and the journal is kept", { timeout: 180_000 }, async () => {
    const dir = pluginFolder("resume");
    const out = join(dir, "out");
    const journal = join(dir, ".out.ringfence-work", "journal.jsonl");
    const args = ["run", join(dir, "s.yaml"), "--allow-plugins", "--runs", "30", "--workers", "2", "--seed", "7", "--progress", "none", "--out", out];
    const controller = new AbortController();
    const lines = () => (existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter((l) => l !== "").length : 0);
    const watch = setInterval(() => lines() >= 4 && controller.abort(), 10);
    const first = await cli(args, controller.signal).finally(() => clearInterval(watch));
    expect(first.code, first.err).toBe(130);
    const kept = readFileSync(journal, "utf8");
    // The helper the plugin re-exports from changes; the plugin's own file does not.
    put(join(dir, "lib"), "zero.mjs", "export const zero = 0; // a new version\n");
    const resumed = await cli([...args, "--resume"]);
    expect(resumed.code, resumed.err).toBe(2);
    expect(resumed.err).toMatch(/resume: the journal .* belongs to another batch \(scenarios: /);
    expect(readFileSync(journal, "utf8")).toBe(kept);
    expect(existsSync(join(out, "summary.json"))).toBe(false);
  });
});
