/**
 * Plugins: modules a user allows a scenario to load, exporting policies ({@link definePolicy}), indicators
 * ({@link defineIndicator}) and model extensions ({@link defineExtension}). Importing a plugin runs its code,
 * so only {@link importPlugins} does it, and only with paths the scenario loader has checked; the CLI does
 * it only when the user passes `--allow-plugins`, and then in worker threads (see docs/security.md).
 * @packageDocumentation
 */
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, describeValue, type ConfigIssue } from "@ringfence/core";
import { isModelExtension, type ModelExtension } from "./extensions.js";
import { isIndicatorDefinition, type IndicatorDefinition } from "./indicators.js";
import type { PluginSet } from "./plugin-checks.js";
import { createDefaultRegistry } from "./policies/index.js";
import type { AnyPolicy, PolicyRegistry } from "./policies/registry.js";
import { pluginGraph, PluginGraphError } from "./scenario-files/plugin-graph.js";

export { indicatorInfo, scenarioPluginIssues, selectIndicators } from "./plugin-checks.js";
export type { PluginSet } from "./plugin-checks.js";

/** Whether a value is a policy (has a kind, a name, a params schema and a decide function). */
function isPolicy(value: unknown): value is AnyPolicy {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && typeof v.name === "string" && typeof v.decide === "function" && typeof v.params === "object";
}

let tsxRegistered: Promise<void> | undefined;

/** Imports a module by absolute path, through tsx when it is TypeScript. */
async function importModule(path: string): Promise<Record<string, unknown>> {
  // A TypeScript module goes through tsx, registered before the first import: Node caches a failed import
  // of a URL, so trying the plain import first and retrying after registering would fail again.
  if ([".ts", ".mts", ".cts"].includes(extname(path))) {
    tsxRegistered ??= import("tsx/esm/api").then((m) => {
      m.register();
    });
    await tsxRegistered;
  }
  return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
}

/**
 * The content hash that pins a plugin: sha-256 over the module and every local module it imports (see
 * `pluginGraph`), as a validated scenario's `pluginHashes` holds it. Reads files; runs nothing.
 */
export async function pluginHash(path: string): Promise<string> {
  return (await pluginGraph(path)).hash;
}

/**
 * Imports plugin modules (absolute paths, as the scenario loader resolves them) and collects what they export.
 * @param hashes Expected hash of each module by path (a scenario's `pluginHashes`, see {@link pluginHash}):
 * a module without one, or whose content or local imports changed since, is refused before it is imported.
 * @throws ConfigError naming the plugin when it has no hash or changed, does not load, exports nothing a
 * plugin can export, or repeats a policy or indicator another plugin or the built-ins already define.
 */
export async function importPlugins(paths: readonly string[], registry: PolicyRegistry = createDefaultRegistry(), hashes: Readonly<Record<string, string>> = {}): Promise<PluginSet> {
  const indicators = new Map<string, IndicatorDefinition>();
  const extensions: ModelExtension<string, string>[] = [];
  const issues: ConfigIssue[] = [];
  const issue = (i: number, expected: string, got: string) => {
    issues.push({ path: `plugins[${i}]`, expected, value: paths[i], message: `plugins[${i}]: expected ${expected}, got ${got}` });
  };
  for (const [i, path] of paths.entries()) {
    const expected = Object.hasOwn(hashes, path) ? hashes[path] : undefined;
    if (expected === undefined) {
      issue(i, "a module pinned by its content hash (pluginHashes)", `${describeValue(path)} without one`);
      continue;
    }
    let actual: string;
    try {
      actual = await pluginHash(path);
    } catch (e) {
      issue(i, "a module whose local imports can be followed", `${describeValue(path)} (${e instanceof PluginGraphError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))})`);
      continue;
    }
    if (actual !== expected) {
      issue(i, `the module and its local imports as they were when the scenario was checked (sha-256 ${expected.slice(0, 12)}…)`, `${describeValue(path)} changed since (sha-256 ${actual.slice(0, 12)}…)`);
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(path);
    } catch (e) {
      issue(i, "a module that loads", `${describeValue(path)} (${e instanceof Error ? (e.message.split("\n")[0] ?? e.name) : String(e)})`);
      continue;
    }
    let found = 0;
    for (const value of Object.values(mod)) {
      if (isPolicy(value)) {
        found++;
        if (registry.get(value.kind, value.name) !== undefined) issue(i, "policies with new names", `a second ${value.kind} policy named ${value.name}`);
        else registry.register(value);
      } else if (isIndicatorDefinition(value)) {
        found++;
        if (indicators.has(value.id)) issue(i, "indicators with new ids", `a second indicator ${value.id}`);
        else indicators.set(value.id, value);
      } else if (isModelExtension(value)) {
        found++;
        if (!extensions.includes(value)) extensions.push(value);
      }
    }
    if (found === 0) issue(i, "a module exporting policies (definePolicy), indicators (defineIndicator) or extensions (defineExtension)", `${describeValue(path)} exporting none`);
  }
  if (issues.length > 0) throw new ConfigError("plugins", issues);
  return { registry, indicators, extensions };
}
