/**
 * Model extensions: new agent kinds, their ledger groups and random streams, their setup, and members that
 * claim from place boards' pooled budgets, added to the NHS model from a plugin without forking it.
 * @packageDocumentation
 */
import type { AccountId, AgentKind, ColumnSpec, ModelTypes, Sim, SimContext } from "@ringfence/core";
import { GROUPS, KINDS, type Fund, type Group, type Kind, type NhsEvent, type Phase, type RngName } from "./domain.js";
import type { Scenario } from "./scenario.js";
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

/** Marks objects made by {@link defineExtension}, across copies of this package. */
const EXTENSION_BRAND = Symbol.for("ringfence.extension");

/** An extension of the NHS model: kinds that act after the built-in ones, their groups, setup and pool members. */
export interface ModelExtension<K extends string = never, G extends string = never> {
  /** The extension's name (for errors and the manifest). */
  readonly name: string;
  /** New kinds, acting after the built-in kinds in this order in every phase they list. */
  readonly kinds: readonly AgentKind<ExtendedNhsTypes<K, G>, ColumnSpec, unknown>[];
  /** New ledger groups for the new kinds' accounts. */
  readonly groups: readonly G[];
  /** Adds the new kinds' agents and opens their accounts, after the built-in setup (the world is built). */
  setup(ctx: SimContext<ExtendedNhsTypes<K, G>>, world: World): void;
  /** Members that claim from place boards' pooled budgets. */
  readonly poolMembers?: readonly PoolMember<K, G>[];
}

/** Names a pool member may not take: the built-in claimants. */
export const BUILT_IN_POOL_MEMBERS: readonly string[] = ["general-practice", "acute", "social-care"];

/**
 * Declares a model extension in a plugin; a scenario that lists the plugin runs with it.
 * @example
 * ```ts
 * export const hospices = defineExtension<"hospice", "hospice">({
 *   name: "hospices", kinds: [hospiceKind], groups: ["hospice"],
 *   setup(ctx, world) { … ctx.agents.add(hospiceKind, { account: ctx.ledger.open({ owner: 0, group: "hospice", purpose: "cash" }) }); },
 *   poolMembers: [{ member: "hospice", claim: …, receive: … }],
 * });
 * ```
 * @throws RangeError when a kind or group repeats a built-in name, or a pool member takes a built-in claimant's name.
 */
export function defineExtension<K extends string, G extends string>(extension: ModelExtension<K, G>): ModelExtension<K, G> {
  for (const k of extension.kinds) {
    if (BUILT_IN_KINDS.has(k.kind)) throw new RangeError(`extension ${extension.name} kinds: expected a new kind name, got the built-in ${k.kind}`);
  }
  for (const g of extension.groups) {
    if (BUILT_IN_GROUPS.has(g)) throw new RangeError(`extension ${extension.name} groups: expected a new group name, got the built-in ${g}`);
  }
  for (const m of extension.poolMembers ?? []) {
    if (BUILT_IN_POOL_MEMBERS.includes(m.member)) throw new RangeError(`extension ${extension.name} pool member: expected a name other than ${BUILT_IN_POOL_MEMBERS.join(", ")}, got ${m.member}`);
  }
  return Object.freeze({ ...extension, [EXTENSION_BRAND]: true });
}

/** Whether a value was made by {@link defineExtension} (in any copy of this package). */
export function isModelExtension(value: unknown): value is ModelExtension<string, string> {
  return value !== null && typeof value === "object" && (value as Record<symbol, unknown>)[EXTENSION_BRAND] === true;
}

const BUILT_IN_KINDS: ReadonlySet<string> = new Set(KINDS);
const BUILT_IN_GROUPS: ReadonlySet<string> = new Set(GROUPS);
