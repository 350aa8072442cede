/**
 * Model extensions: new agent kinds, their ledger groups and random streams, their parameters, their setup,
 * members that claim from place boards' pooled budgets and budget lines ICBs commission from them, added to the
 * NHS model from a plugin without forking it.
 * @packageDocumentation
 */
import { ConfigError, type AccountId, type AgentKind, type ColumnSpec, type ConfigIssue, type ModelTypes, type Sim, type SimContext } from "@ringfence/core";
import type { z } from "zod";
import { GROUPS, KINDS, type Fund, type Group, type Kind, type NhsEvent, type Phase, type RngName } from "./domain.js";
import type { Scenario } from "./scenario.js";
import { schemaIssues } from "./scenario-files/schema-issues.js";
import type { World } from "./world.js";

/** The NHS model's type parameters widened by an extension's kinds `K` and ledger groups `G`. */
export interface ExtendedNhsTypes<K extends string = never, G extends string = never> extends ModelTypes {
  /** Phases (as the NHS model's). */
  readonly phase: Phase;
  /** The NHS kinds and the extension's. */
  readonly kind: Kind | K;
  /** The NHS ledger groups and the extension's. */
  readonly group: Group | G;
  /** Funding streams (as the NHS model's). */
  readonly fund: Fund;
  /** The NHS random streams and one per extension kind, named after it. */
  readonly rng: RngName | K;
  /** Events (as the NHS model's). */
  readonly event: NhsEvent;
  /** The validated scenario. */
  readonly config: Scenario;
  /** The NHS world. */
  readonly world: World;
}

/** The NHS model's types with any extension's kinds and groups: the types of the model {@link createNhsModel} builds. */
export type AnyNhsTypes = ExtendedNhsTypes<string, string>;

/** What a pool member asks of a place board's pot this year: pence, and the weight of its voice. */
export interface PoolMemberClaim {
  /** Pence claimed (a whole number from 0). */
  readonly pence: number;
  /** Weight of its voice (from 0). */
  readonly weight: number;
}

/**
 * A member of place boards' pooled budgets added by an extension: it claims from each place's pot when the
 * place allocates, and receives what the place board's policy grants it.
 */
export interface PoolMember<K extends string = never, G extends string = never> {
  /** The member's name in the place board's claims (not general-practice, acute or social-care). */
  readonly member: string;
  /** Its claim on place `place`'s pot this year, or undefined for none. */
  claim(sim: Sim<ExtendedNhsTypes<K, G>>, place: number): PoolMemberClaim | undefined;
  /** Takes the `pence` granted from the place board's account `from` (transfer them to its own accounts). */
  receive(sim: Sim<ExtendedNhsTypes<K, G>>, place: number, pence: number, from: AccountId): void;
}

/**
 * A budget line an extension's provider gets from each ICB, inside the ICB's own budget: the ICB commits its
 * amount when it sets its budgets, counts it in its gap, lets its gap policy cut it like any other line (subject
 * to its protection, its ring-fence and the yearly cap on cuts), and pays what is left from its account.
 */
export interface Commission<K extends string = never, G extends string = never> {
  /** The line's name (kebab-case); the ICB's policy sees it as the line `commissioned:<name>`. */
  readonly line: string;
  /** Who commissions it: each ICB (the holder whose budget and gap rules it sits in). */
  readonly holder: "icb";
  /** Pence ICB `icb` commits to the line this year, before any cut (a whole number from 0). */
  amount(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number): number;
  /** How far the ICB's gap rule spares the line this year, from 0 (not at all) to 1 (never cut); default 0.5. */
  protection?(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number): number;
  /** Whether the line is ring-fenced (never cut); default false. */
  readonly ringFenced?: boolean;
  /**
   * Takes exactly the `pence` the ICB pays (after any cut) from the ICB's account `from`: transfer them to the
   * providers' accounts under a fund of your choosing (a `DecisionError` names the ICB and the line otherwise).
   */
  receive(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number, pence: number, from: AccountId): void;
}

/** Marks objects made by {@link defineExtension}, across copies of this package. */
const EXTENSION_BRAND = Symbol.for("ringfence.extension");

/** An extension of the NHS model: kinds that act after the built-in ones, their groups, parameters, setup, pool members and commissioned lines. */
export interface ModelExtension<K extends string = never, G extends string = never, P = unknown> {
  /** The extension's name (camelCase or kebab-case): its parameters sit under `extensions.<name>` in a scenario. */
  readonly name: string;
  /**
   * Schema of its parameters (zod, with defaults and bounds, like a policy's): a scenario sets them under
   * `extensions.<name>`, they are checked when it is loaded, and experiments can vary them as
   * `extensions.<name>.<parameter>`. Without one the extension takes no parameters.
   */
  readonly params?: z.ZodType<P, unknown>;
  /** New kinds, acting after the built-in kinds in this order in every phase they list. */
  readonly kinds: readonly AgentKind<ExtendedNhsTypes<K, G>, ColumnSpec, unknown>[];
  /** New ledger groups for the new kinds' accounts. */
  readonly groups: readonly G[];
  /** Adds the new kinds' agents and opens their accounts, after the built-in setup (the world is built). */
  setup(ctx: SimContext<ExtendedNhsTypes<K, G>>, world: World): void;
  /** Members that claim from place boards' pooled budgets. */
  readonly poolMembers?: readonly PoolMember<K, G>[];
  /** Budget lines each ICB commissions from the extension's providers, inside its own gap and cut rules. */
  readonly commissions?: readonly Commission<K, G>[];
}

/** An extension as {@link defineExtension} returns it: the declaration, and typed access to its parameters in a run. */
export interface DefinedExtension<K extends string = never, G extends string = never, P = unknown> extends ModelExtension<K, G, P> {
  /** This run's parameters of the extension (the scenario's `extensions.<name>`, defaults filled in), typed. */
  paramsIn(world: World): P;
}

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
