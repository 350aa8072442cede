/**
 * Checking a scenario's policy and indicator choices against what is registered (the built-ins, or the
 * built-ins and what allowed plugins define). Pure: importing plugins is `plugins.ts`'s (Node only).
 * @packageDocumentation
 */
import { describeValue, toConfigIssues, type ConfigIssue } from "@ringfence/core";
import { z } from "zod";
import type { ModelExtension } from "./extensions.js";
import { INDICATOR_IDS, type IndicatorDefinition, type IndicatorInfo } from "./indicators.js";
import type { PolicyRegistry } from "./policies/registry.js";
import { POLICY_KINDS } from "./policies/signatures.js";
import type { Scenario } from "./scenario.js";
import { didYouMean } from "./scenario-files/did-you-mean.js";

/** What a set of plugins provides: the policy registry with theirs added, their indicators and extensions. */
export interface PluginSet {
  /** Built-in policies plus every policy the plugins export. */
  readonly registry: PolicyRegistry;
  /** Every indicator the plugins export, by id. */
  readonly indicators: ReadonlyMap<string, IndicatorDefinition>;
  /** Every model extension the plugins export (each is added to the model when its plugin is listed). */
  readonly extensions: readonly ModelExtension<string, string>[];
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
