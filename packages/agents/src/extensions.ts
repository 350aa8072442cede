/**
 * Model extensions: new agent kinds, their ledger groups and random streams, their parameters, their setup,
 * members that claim from place boards' pooled budgets and budget lines ICBs commission from them, added to the
 * NHS model from a plugin without forking it. The types an extension is written against (`ExtendedNhsTypes`,
 * `ModelExtension`, `PoolMember`, `Commission`, `World`) are in `world.ts`, with every other type the model's
 * modules share.
 * @packageDocumentation
 */
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import { GROUPS, KINDS } from "./domain.js";
import { schemaIssues } from "./scenario-files/schema-issues.js";
import type { DefinedExtension, ModelExtension, World } from "./world.js";

/** Marks objects made by {@link defineExtension}, across copies of this package. */
const EXTENSION_BRAND = Symbol.for("ringfence.extension");

/** Names a pool member may not take: the built-in claimants. */
export const BUILT_IN_POOL_MEMBERS: readonly string[] = ["general-practice", "acute", "social-care"];

/** Prefix of a commissioned line's name in an ICB's observation. */
export const COMMISSIONED = "commissioned:";

/**
 * Declares a model extension in a plugin; a scenario that lists the plugin runs with it.
 * @example
 * ```ts
 * export const hospices = defineExtension<"hospice", "hospice", { icbPerPatient: number }>({
 *   name: "hospices", kinds: [hospiceKind], groups: ["hospice"],
 *   params: z.strictObject({ icbPerPatient: z.number().min(0).max(100).default(10) }),
 *   setup(ctx, world) { … ctx.agents.add(hospiceKind, { account: ctx.ledger.open({ owner: 0, group: "hospice", purpose: "cash" }) }); },
 *   commissions: [{ line: "hospice-care", holder: "icb", amount: (sim, icb) => …, receive: … }],
 * });
 * ```
 * @throws RangeError when a kind or group repeats a built-in name, a pool member takes a built-in claimant's
 * name, a commissioned line is not kebab-case or repeats another's, or the name cannot be a scenario key.
 */
export function defineExtension<K extends string, G extends string, P = Record<string, never>>(extension: ModelExtension<K, G, P>): DefinedExtension<K, G, P> {
  if (!/^[a-z][A-Za-z0-9-]*$/.test(extension.name)) throw new RangeError(`extension name: expected a name such as hospices (a letter, then letters, digits or '-'), got ${JSON.stringify(extension.name)}`);
  for (const k of extension.kinds) {
    if (BUILT_IN_KINDS.has(k.kind)) throw new RangeError(`extension ${extension.name} kinds: expected a new kind name, got the built-in ${k.kind}`);
  }
  for (const g of extension.groups) {
    if (BUILT_IN_GROUPS.has(g)) throw new RangeError(`extension ${extension.name} groups: expected a new group name, got the built-in ${g}`);
  }
  for (const m of extension.poolMembers ?? []) {
    if (BUILT_IN_POOL_MEMBERS.includes(m.member)) throw new RangeError(`extension ${extension.name} pool member: expected a name other than ${BUILT_IN_POOL_MEMBERS.join(", ")}, got ${m.member}`);
  }
  const lines = new Set<string>();
  for (const c of extension.commissions ?? []) {
    if (!/^[a-z][a-z0-9-]*$/.test(c.line)) throw new RangeError(`extension ${extension.name} commission line: expected a kebab-case name such as hospice-care, got ${JSON.stringify(c.line)}`);
    if (lines.has(c.line)) throw new RangeError(`extension ${extension.name} commission line: expected each line once, got ${c.line} twice`);
    lines.add(c.line);
  }
  const name = extension.name;
  const defined: DefinedExtension<K, G, P> = {
    ...extension,
    paramsIn(world: World): P {
      if (!Object.hasOwn(world.extensionParams, name)) throw new RangeError(`extension ${name}: its parameters are not in this run (is the extension added to the model?)`);
      return world.extensionParams[name] as P;
    },
  };
  return Object.freeze(Object.assign(defined, { [EXTENSION_BRAND]: true }));
}

/** Whether a value was made by {@link defineExtension} (in any copy of this package). */
export function isModelExtension(value: unknown): value is ModelExtension<string, string> {
  return value !== null && typeof value === "object" && (value as Record<symbol, unknown>)[EXTENSION_BRAND] === true;
}

/**
 * The parameters of each extension for a run, validated and with defaults: the scenario's `extensions.<name>`
 * parsed by the extension's schema (an empty object for an extension without one).
 * @throws ConfigError naming `extensions.<name>.<parameter>`, the value and what was expected.
 */
export function extensionParams(extensions: readonly ModelExtension<string, string>[], given: Readonly<Record<string, Readonly<Record<string, unknown>>>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const issues: ConfigIssue[] = [];
  for (const e of extensions) {
    const input = given[e.name] ?? {};
    if (e.params === undefined) {
      for (const key of Object.keys(input)) issues.push({ path: `extensions.${e.name}.${key}`, expected: `no parameters (${e.name} takes none)`, value: input[key], message: `extensions.${e.name}.${key}: unknown key, expected no parameters (${e.name} takes none)` });
      out[e.name] = {};
      continue;
    }
    const parsed = e.params.safeParse(input);
    if (parsed.success) out[e.name] = parsed.data;
    else issues.push(...schemaIssues(e.params, parsed.error, input, `extensions.${e.name}`));
  }
  if (issues.length > 0) throw new ConfigError("scenario", issues);
  return out;
}

const BUILT_IN_KINDS: ReadonlySet<string> = new Set(KINDS);
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(GROUPS);
