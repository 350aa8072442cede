/**
 * Plugins: modules a user allows a scenario to load, exporting policies ({@link definePolicy}), indicators
 * ({@link defineIndicator}) and model extensions ({@link defineExtension}). Importing a plugin runs its code,
 * so only {@link importPlugins} does it, and only with paths the scenario loader has checked; the CLI does
 * it only when the user passes `--allow-plugins`, and then in worker threads (see docs/security.md).
 * @packageDocumentation
 */
import { extname } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, describeValue, toConfigIssues, type ConfigIssue } from "@ringfence/core";
import { z } from "zod";
import { isModelExtension, type ModelExtension } from "./extensions.js";
import { INDICATOR_IDS, isIndicatorDefinition, type IndicatorDefinition, type IndicatorInfo } from "./indicators.js";
import { createDefaultRegistry } from "./policies/index.js";
import type { AnyPolicy, PolicyRegistry } from "./policies/registry.js";
import { POLICY_KINDS } from "./policies/signatures.js";
import type { Scenario } from "./scenario.js";
import { didYouMean } from "./scenario-files/did-you-mean.js";
import { pluginGraph, PluginGraphError } from "./scenario-files/plugin-graph.js";

/** What a set of plugins provides: the policy registry with theirs added, their indicators and extensions. */
export interface PluginSet {
  /** Built-in policies plus every policy the plugins export. */
  readonly registry: PolicyRegistry;
  /** Every indicator the plugins export, by id. */
  readonly indicators: ReadonlyMap<string, IndicatorDefinition>;
  /** Every model extension the plugins export (each is added to the model when its plugin is listed). */
  readonly extensions: readonly ModelExtension<string, string>[];
}

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

/**
 * Checks a scenario's choices against what is registered: each policy exists for its kind (with the nearest
 * name suggested) and its params pass the policy's schema; each listed indicator is defined by a plugin.
 * Returns the problems (empty when all is well).
 */
export function scenarioPluginIssues(scenario: Scenario, set: Pick<PluginSet, "registry" | "indicators">): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const kind of POLICY_KINDS) {
    const choice = scenario.policies[kind];
    if (choice === undefined) continue;
    const policy = set.registry.get(kind, choice.name);
    if (policy === undefined) {
      const names = set.registry.list().filter((p) => p.kind === kind).map((p) => p.name);
      const expected = `a ${kind} policy: one of ${names.join(", ")} or one a plugin defines`;
      issues.push({ path: `policies.${kind}.name`, expected, value: choice.name, message: `policies.${kind}.name: expected ${expected}, got ${describeValue(choice.name)}${didYouMean(choice.name, names)}` });
      continue;
    }
    const parsed = policy.params.safeParse(choice.params);
    if (!parsed.success) {
      const known = policy.params instanceof z.ZodObject ? Object.keys(policy.params.shape) : [];
      for (const i of toConfigIssues(parsed.error, choice.params)) {
        const path = `policies.${kind}.params.${i.path}`;
        const unknownKey = i.expected.startsWith("no such key");
        const expected = unknownKey ? `a parameter of ${policy.name} (${known.join(", ") || "it takes none"})` : i.expected;
        const hint = unknownKey ? didYouMean(i.path.split(".").pop() ?? "", known) : "";
        issues.push({ path, expected, value: i.value, message: unknownKey ? `${path}: unknown key, expected ${expected}${hint}` : `${path}${i.message.slice(i.path.length)}` });
      }
    }
  }
  scenario.indicators.forEach((id, i) => {
    if (set.indicators.has(id)) return;
    const builtIn = (INDICATOR_IDS as readonly string[]).includes(id);
    const expected = builtIn ? "an indicator a plugin defines (built-in indicators are always recorded)" : "an indicator a plugin defines";
    issues.push({ path: `indicators[${i}]`, expected, value: id, message: `indicators[${i}]: expected ${expected}, got ${describeValue(id)}${builtIn ? "" : didYouMean(id, [...set.indicators.keys()])}` });
  });
  return issues;
}

/** The plugin indicators a scenario lists, in its order (check with {@link scenarioPluginIssues} first). */
export function selectIndicators(scenario: Scenario, set: Pick<PluginSet, "indicators">): IndicatorDefinition[] {
  return scenario.indicators.flatMap((id) => {
    const d = set.indicators.get(id);
    return d === undefined ? [] : [d];
  });
}

/** How to show each plugin indicator (plain data, so it can cross a worker thread). */
export function indicatorInfo(definitions: readonly IndicatorDefinition[]): Record<string, IndicatorInfo> {
  return Object.fromEntries(definitions.map((d) => [d.id, { label: d.label, unit: d.unit, format: d.format, description: d.description }]));
}
