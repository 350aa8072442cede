/**
 * Checking a scenario's policy, extension and indicator choices against what is registered (the built-ins, or
 * the built-ins and what allowed plugins define), and the parameters those choices take. Pure: importing
 * plugins is `plugins.ts`'s (Node only), so a browser validates scenarios with the same checks and messages.
 * @packageDocumentation
 */
import { describeValue, type ConfigIssue } from "@ringfence/core";
import { z } from "zod";
import { INDICATOR_IDS, type IndicatorDefinition, type IndicatorInfo } from "./indicators.js";
import { listParams, type ParamEntry } from "./params.js";
import { DEFAULT_POLICY } from "./policies/index.js";
import type { PolicyRegistry } from "./policies/registry.js";
import { POLICY_KINDS } from "./policies/signatures.js";
import type { Scenario } from "./scenario.js";
import { didYouMean } from "./scenario-files/did-you-mean.js";
import { schemaIssues } from "./scenario-files/schema-issues.js";
import type { ModelExtension } from "./world.js";

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
 * Problems with a policy's or an extension's parameters under its own schema, named at `prefix`; an unknown key
 * lists the parameters `owner` takes, with the nearest name suggested.
 */
function parameterIssues(schema: { safeParse(input: unknown): { success: true } | { success: false; error: z.ZodError } }, input: unknown, prefix: string, owner: string): ConfigIssue[] {
  const parsed = schema.safeParse(input);
  if (parsed.success) return [];
  const known = schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
  return schemaIssues(schema, parsed.error, input, prefix).map((i) => {
    if (!i.expected.startsWith("no such key")) return i;
    const expected = `a parameter of ${owner} (${known.join(", ") || "it takes none"})`;
    return { ...i, expected, message: `${i.path}: unknown key, expected ${expected}${didYouMean(i.path.split(".").pop() ?? "", known)}` };
  });
}

/**
 * Checks a scenario's choices against what is registered: each policy exists for its kind (with the nearest
 * name suggested) and its params pass the policy's schema; each listed indicator is defined by a plugin; when
 * `set.extensions` is given, each extension the scenario sets parameters of is one of them and its parameters
 * pass its schema. Returns the problems (empty when all is well).
 */
export function scenarioPluginIssues(scenario: Scenario, set: Pick<PluginSet, "registry" | "indicators"> & { readonly extensions?: PluginSet["extensions"] }): ConfigIssue[] {
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
    issues.push(...parameterIssues(policy.params, choice.params, `policies.${kind}.params`, policy.name));
  }
  const extensions = set.extensions;
  for (const [name, params] of Object.entries(scenario.extensions)) {
    if (extensions === undefined) continue;
    const extension = extensions.find((e) => e.name === name);
    if (extension === undefined) {
      const names = extensions.map((e) => e.name);
      const expected = names.length === 0 ? "an extension a plugin defines (the scenario's plugins define none)" : `an extension a plugin defines: ${names.join(", ")}`;
      issues.push({ path: `extensions.${name}`, expected, value: params, message: `extensions.${name}: expected ${expected}, got parameters of "${name}"${didYouMean(name, names)}` });
      continue;
    }
    if (extension.params === undefined) {
      for (const key of Object.keys(params)) issues.push({ path: `extensions.${name}.${key}`, expected: `no parameters (${name} takes none)`, value: params[key], message: `extensions.${name}.${key}: unknown key, expected no parameters (${name} takes none)` });
    } else issues.push(...parameterIssues(extension.params, params, `extensions.${name}`, name));
  }
  scenario.indicators.forEach((id, i) => {
    if (set.indicators.has(id)) return;
    const builtIn = (INDICATOR_IDS as readonly string[]).includes(id);
    const expected = builtIn ? "an indicator a plugin defines (built-in indicators are always recorded)" : "an indicator a plugin defines";
    issues.push({ path: `indicators[${i}]`, expected, value: id, message: `indicators[${i}]: expected ${expected}, got ${describeValue(id)}${builtIn ? "" : didYouMean(id, [...set.indicators.keys()])}` });
  });
  return issues;
}

/**
 * The numeric parameters of a scenario's policies (its choice for each kind, or the kind's default) and of the
 * extensions a plugin set adds, by dotted path (`policies.acute-trust.params.cap`, `extensions.hospices.icbPerPatient`),
 * with bounds, default and documentation as their schemas declare them: what experiments may vary besides the
 * scenario's own parameters. Plain data, so it can cross a worker thread.
 */
export function pluginParameters(scenario: Scenario, set: Pick<PluginSet, "registry"> & { readonly extensions?: PluginSet["extensions"] }): ParamEntry[] {
  const out: ParamEntry[] = [];
  for (const kind of POLICY_KINDS) {
    const policy = set.registry.get(kind, scenario.policies[kind]?.name ?? DEFAULT_POLICY[kind]);
    if (policy !== undefined && policy.params instanceof z.ZodType) out.push(...listParams(policy.params, `policies.${kind}.params`));
  }
  for (const e of set.extensions ?? []) if (e.params instanceof z.ZodType) out.push(...listParams(e.params, `extensions.${e.name}`));
  return out;
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
