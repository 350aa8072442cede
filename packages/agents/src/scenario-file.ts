/**
 * Scenario files: YAML or JSON, optionally extending a preset, validated once with every problem named.
 * @packageDocumentation
 */
import { readFileSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { ConfigError, parseInput } from "@ringfence/core";
import { parse as parseYaml } from "yaml";
import { createDefaultRegistry } from "./policies/index.js";
import type { AnyPolicy, PolicyRegistry } from "./policies/registry.js";
import { PRESET_IDS, PRESETS, type PresetId } from "./presets.js";
import { scenarioSchema, type Scenario, type ScenarioInput } from "./scenario.js";

/** Deep-merges plain objects: arrays and scalar values in `over` replace those in `base`. */
export function mergeScenario(base: ScenarioInput, over: Readonly<Record<string, unknown>>): ScenarioInput {
  const merge = (a: unknown, b: unknown): unknown => {
    if (b === undefined) return a;
    const plain = (x: unknown): x is Record<string, unknown> => x !== null && typeof x === "object" && !Array.isArray(x);
    if (!plain(a) || !plain(b)) return b;
    const out: Record<string, unknown> = { ...a };
    for (const [k, v] of Object.entries(b)) out[k] = merge(out[k], v);
    return out;
  };
  return merge(base, over) as ScenarioInput;
}

/** Whether a name is a preset id. */
export function isPresetId(name: string): name is PresetId {
  return (PRESET_IDS as readonly string[]).includes(name);
}

/**
 * Resolves a scenario object that may say `extends: <preset id>`: the preset, overridden by the object.
 * @remarks Validation happens later, once, with the full scenario schema.
 */
export function resolveExtends(input: unknown, source = "scenario"): unknown {
  if (input === null || typeof input !== "object" || Array.isArray(input)) return input;
  const { extends: base, ...rest } = input as Record<string, unknown>;
  if (base === undefined) return input;
  if (typeof base !== "string" || !isPresetId(base)) {
    throw new ConfigError(source, [
      {
        path: "extends",
        expected: `one of ${PRESET_IDS.join(", ")}`,
        value: base,
        message: `extends: expected one of ${PRESET_IDS.join(", ")}, got ${JSON.stringify(base)}`,
      },
    ]);
  }
  return mergeScenario(PRESETS[base], rest);
}

/** Parses scenario text (YAML, which includes JSON) into an unvalidated object, naming the file on a syntax error. */
export function parseScenarioText(text: string, source: string): unknown {
  try {
    return parseYaml(text, { prettyErrors: true });
  } catch (e) {
    const detail = e instanceof Error ? e.message.split("\n")[0] : String(e);
    throw new ConfigError(source, [{ path: "(file)", expected: "valid YAML or JSON", value: undefined, message: `(file): expected valid YAML or JSON: ${detail}` }]);
  }
}

/**
 * Loads a preset by id or a scenario file (.yaml, .yml or .json), resolves `extends`, and validates it.
 * @example
 * ```ts
 * const sc = loadScenario("iho-acute");
 * const mine = loadScenario("./my-scenario.yaml"); // may say `extends: iho-acute`
 * ```
 */
export function loadScenario(nameOrPath: string, overrides: Readonly<Record<string, unknown>> = {}): Scenario {
  let input: unknown;
  if (isPresetId(nameOrPath)) input = PRESETS[nameOrPath];
  else {
    let text: string;
    try {
      text = readFileSync(nameOrPath, "utf8");
    } catch {
      throw new ConfigError("scenario", [
        {
          path: "(scenario)",
          expected: `a preset (${PRESET_IDS.join(", ")}) or a readable .yaml/.json file`,
          value: nameOrPath,
          message: `(scenario): expected a preset (${PRESET_IDS.join(", ")}) or a readable .yaml/.json file, got "${nameOrPath}"`,
        },
      ]);
    }
    input = resolveExtends(parseScenarioText(text, nameOrPath), nameOrPath);
    // Plugin paths are relative to the scenario file.
    const plugins = (input as { plugins?: unknown }).plugins;
    if (Array.isArray(plugins)) {
      input = { ...(input as object), plugins: plugins.map((p) => (typeof p === "string" && (p.startsWith(".") || isAbsolute(p)) ? resolve(dirname(nameOrPath), p) : p)) };
    }
  }
  const merged = Object.keys(overrides).length > 0 ? mergeScenario(input as ScenarioInput, overrides) : input;
  return parseInput(scenarioSchema, merged, `scenario ${nameOrPath}`);
}

/** Whether a value is a policy (has a kind, a name, a params schema and a decide function). */
function isPolicy(value: unknown): value is AnyPolicy {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && typeof v.name === "string" && typeof v.decide === "function" && typeof v.params === "object";
}

/**
 * Builds a registry of the built-in policies plus every policy exported by the scenario's plugin modules.
 * @example
 * ```ts
 * const sc = loadScenario("./cautious.yaml");
 * const registry = await loadPlugins(sc.plugins);
 * runScenario(sc, { seed: 1, registry });
 * ```
 */
export async function loadPlugins(plugins: readonly string[], registry: PolicyRegistry = createDefaultRegistry()): Promise<PolicyRegistry> {
  for (const spec of plugins) {
    const url = spec.startsWith("/") ? pathToFileURL(spec).href : spec;
    let mod: Record<string, unknown>;
    try {
      mod = (await import(url)) as Record<string, unknown>;
    } catch (e) {
      throw new ConfigError("scenario", [{ path: "plugins", expected: "an importable module", value: spec, message: `plugins: expected an importable module, got "${spec}" (${e instanceof Error ? e.message.split("\n")[0] : String(e)})` }]);
    }
    for (const value of Object.values(mod)) {
      if (isPolicy(value) && registry.get(value.kind, value.name) === undefined) registry.register(value);
    }
  }
  return registry;
}
