/**
 * Model definitions: the types a model declares, its agent kinds (columns of state, systems and per-agent
 * actions), reporters and setup.
 * @packageDocumentation
 */
import type { z } from "zod";
import type { Calendar } from "./calendar.js";
import type { EventBase, EventBus } from "./events.js";
import type { Ledger } from "./ledger.js";
import type { RandomStreams } from "./random.js";
import type { StandingOrders } from "./standing-orders.js";

/**
 * The type parameters of a model, declared once and threaded through everything else.
 * @remarks Each member is a typed union the model declares (phases, funding streams, …), so a typo in a
 * phase or stream name is a compile error, not a silent no-op.
 */
export interface ModelTypes {
  /** Phase names, in the order a tick runs them. */
  readonly phase: string;
  /** Agent kind names. */
  readonly kind: string;
  /** Ledger account groups (agent kinds plus source and sink names). */
  readonly group: string;
  /** Funding streams that tag postings. */
  readonly fund: string;
  /** Random stream names. */
  readonly rng: string;
  /** The event union. */
  readonly event: EventBase;
  /** The validated configuration. */
  readonly config: unknown;
  /** Model-level state built by setup (lookup tables, parameters, totals). */
  readonly world: unknown;
}

/** When a phase runs: every tick, on the first tick of each financial year, or on the last. */
export type PhaseCadence = "tick" | "year-open" | "year-close";

/** The typed-array types a column can have. */
export interface ColumnArrays {
  /** 64-bit float (money in pence, shares, rates). */
  readonly f64: Float64Array;
  /** 32-bit float. */
  readonly f32: Float32Array;
  /** 32-bit signed integer (links to other rows, account ids, counts). */
  readonly i32: Int32Array;
  /** 32-bit unsigned integer. */
  readonly u32: Uint32Array;
  /** 16-bit signed integer. */
  readonly i16: Int16Array;
  /** 16-bit unsigned integer. */
  readonly u16: Uint16Array;
  /** 8-bit signed integer. */
  readonly i8: Int8Array;
  /** 8-bit unsigned integer (flags, small enums). */
  readonly u8: Uint8Array;
}

/** The element type of a column. */
export type ColumnType = keyof ColumnArrays;

/** A kind's numeric state, declared once: field name → element type. */
export type ColumnSpec = Readonly<Record<string, ColumnType>>;

/** The typed arrays of a kind's columns, one per field, indexed by row. */
export type Columns<C extends ColumnSpec> = { readonly [K in keyof C]: ColumnArrays[C[K]] };

/** Initial values of some of a row's columns (the rest start at 0). */
export type ColumnValues<C extends ColumnSpec> = { readonly [K in keyof C]?: number };

/**
 * The agents of one kind: a row per agent, numeric state in typed-array columns, optional object state
 * per row for what is not a number.
 * @remarks Rows are numbered from 0 in creation order and never reused. Columns may be replaced by longer
 * arrays when agents are added, so read `cols` afresh in each system call rather than keeping it.
 */
export interface KindTable<C extends ColumnSpec = ColumnSpec, S = unknown> {
  /** The kind's name. */
  readonly kind: string;
  /** Rows created (active and removed). */
  readonly size: number;
  /** Column arrays, at least `size` long. */
  readonly cols: Columns<C>;
  /** 1 while a row's agent acts, 0 once removed. */
  readonly active: Uint8Array;
  /** Object state per row (undefined for kinds without object state). */
  readonly state: readonly S[];
  /** Active rows. */
  count(): number;
  /** Active rows in row order (a shared array: valid until agents of the kind are added or removed). */
  rows(): Int32Array;
}

/** A system: what a kind does in a phase, for all its agents, in one call. */
export type System<T extends ModelTypes, C extends ColumnSpec, S> = {
  bivarianceHack(table: KindTable<C, S>, sim: Sim<T>): void;
}["bivarianceHack"];

/** A per-agent action: what one agent (a row of its kind's table) does in a phase. */
export type RowAction<T extends ModelTypes, C extends ColumnSpec, S> = {
  bivarianceHack(row: number, table: KindTable<C, S>, sim: Sim<T>): void;
}["bivarianceHack"];

/**
 * An agent kind: its name, its columns, and for each phase it acts in either a system (one call over all
 * its agents) or a per-agent action.
 * @remarks The keys of `systems` and `act` are the phases the kind acts in; the engine never branches on
 * the kind's name. Within a phase, kinds act in the order the model lists them; a kind's per-agent actions
 * run in row order, or in a seeded shuffle when the model lists the phase as shuffled.
 */
export interface AgentKind<T extends ModelTypes, C extends ColumnSpec = ColumnSpec, S = unknown> {
  /** The kind's name. */
  readonly kind: T["kind"];
  /** Numeric state: field name → typed-array element type. */
  readonly columns?: C;
  /** Systems by phase. */
  readonly systems?: Readonly<Partial<Record<T["phase"], System<T, C, S>>>>;
  /** Per-agent actions by phase. */
  readonly act?: Readonly<Partial<Record<T["phase"], RowAction<T, C, S>>>>;
}

/** The agents of a run, by kind. */
export interface AgentStore<T extends ModelTypes> {
  /** The table of a kind the model declares. */
  table<C extends ColumnSpec, S>(kind: AgentKind<T, C, S>): KindTable<C, S>;
  /** The table of a kind by name, with its columns untyped. */
  tableOf(kind: T["kind"]): KindTable;
  /** Adds an agent with initial column values (the rest 0) and its object state; returns its row. */
  add<C extends ColumnSpec, S>(kind: AgentKind<T, C, S>, values?: ColumnValues<C>, state?: S): number;
  /** Adds `count` agents with every column 0 (fill the columns next); returns the first row. */
  addRows<C extends ColumnSpec, S>(kind: AgentKind<T, C, S>, count: number): number;
  /** Removes an agent: it stops acting and drops out of `rows()` and `count()`. */
  remove(kind: T["kind"], row: number): void;
  /** Active agents of one kind, or of every kind. */
  count(kind?: T["kind"]): number;
}

/** What every phase function, reporter and setup sees. */
export interface SimContext<T extends ModelTypes> {
  /** The calendar of this run. */
  readonly calendar: Calendar;
  /** The validated configuration. */
  readonly config: T["config"];
  /** Random streams of this run. */
  readonly streams: RandomStreams<T["rng"]>;
  /** The run's ledger. */
  readonly ledger: Ledger<T["group"], T["fund"]>;
  /** This financial year's standing orders (cleared when a year opens). */
  readonly orders: StandingOrders<T["fund"]>;
  /** The run's event bus. */
  readonly events: EventBus<T["event"]>;
  /** The agents of this run. */
  readonly agents: AgentStore<T>;
}

/** The simulation as an agent sees it during a tick. */
export interface Sim<T extends ModelTypes> extends SimContext<T> {
  /** Current tick, from 0. */
  readonly tick: number;
  /** Current phase. */
  readonly phase: T["phase"];
  /** Model-level state returned by setup. */
  readonly world: T["world"];
  /**
   * The active rows of a table in the order this phase visits them: row order, or a seeded shuffle (the
   * same one for every call in a phase and tick) when the phase is shuffled. A shared array, reused.
   */
  order(table: KindTable<ColumnSpec, unknown>): Int32Array;
}

/** A model-level indicator sampled every tick or at the close of every financial year. */
export interface ModelReporter<T extends ModelTypes> {
  /** Column name in the results. */
  readonly id: string;
  /** When to sample. */
  readonly every: "tick" | "year";
  /** Measures the indicator; must not draw random numbers or change anything. */
  measure(sim: Sim<T>): number;
}

/** An agent-level indicator, sampled for every active agent of a kind when agent recording is on. */
export interface AgentReporter<T extends ModelTypes> {
  /** Series name in the results. */
  readonly id: string;
  /** Kind of agent to sample. */
  readonly kind: T["kind"];
  /** When to sample. */
  readonly every: "tick" | "year";
  /** Measures one agent; must not draw random numbers or change anything. */
  measure(row: number, table: KindTable, sim: Sim<T>): number;
}

/** Everything the engine needs to run a model; build one with {@link defineModel}. */
export interface ModelDefinition<T extends ModelTypes> {
  /** The model's name. */
  readonly name: string;
  /** Phases in the order each tick runs them. */
  readonly phases: readonly T["phase"][];
  /** Agent kinds, in the order they act within a phase. */
  readonly kinds: readonly AgentKind<T, ColumnSpec, unknown>[];
  /**
   * When each phase runs: every tick (the default), only on the first tick of a financial year, or only on
   * the last. A phase that does not run on a tick costs nothing on it.
   */
  readonly cadence?: Readonly<Partial<Record<T["phase"], PhaseCadence>>>;
  /** Phases whose agents act in a seeded shuffled order each tick instead of row order. */
  readonly shuffled?: readonly T["phase"][];
  /** The phase at whose start each tick's standing-order instalments are paid (standing orders need one). */
  readonly standingOrders?: T["phase"];
  /** Ledger account groups. */
  readonly groups: readonly T["group"][];
  /** Funding streams. */
  readonly funds: readonly T["fund"][];
  /** Schema of the configuration, parsed once before setup. */
  readonly configSchema: z.ZodType<T["config"]>;
  /** Ticks per financial year (default 12). */
  readonly ticksPerYear?: number;
  /** Calendar year in which the first financial year starts, from the config (default 2025). */
  startYear?(config: T["config"]): number;
  /** Builds the agents, opens accounts and returns the world. */
  setup(ctx: SimContext<T>): T["world"];
  /** Model-level actions run at the start of a phase, before its agents act. */
  readonly before?: Readonly<Partial<Record<T["phase"], (sim: Sim<T>) => void>>>;
  /** Model-level actions run at the end of a phase, after its agents act. */
  readonly after?: Readonly<Partial<Record<T["phase"], (sim: Sim<T>) => void>>>;
  /** Model-level indicators. */
  readonly reporters?: readonly ModelReporter<T>[];
  /** Agent-level indicators (recorded only when asked for). */
  readonly agentReporters?: readonly AgentReporter<T>[];
}

/**
 * Declares a model, checking its definition against its declared types.
 * @example
 * ```ts
 * const model = defineModel<T>({ name: "shops", phases: ["trade"], kinds: [shop],
 *   groups: ["shop", "mint", "market"], funds: ["cash"], configSchema: z.object({ shops: z.number() }),
 *   setup: (ctx) => { ctx.agents.add(shop, { price: 100 }); return null; } });
 * ```
 */
export function defineModel<T extends ModelTypes>(definition: ModelDefinition<T>): ModelDefinition<T> {
  const name = definition.name;
  const phases = new Set<string>(definition.phases);
  if (phases.size !== definition.phases.length) {
    throw new RangeError(`model ${name} phases: expected unique names, got ${definition.phases.join(", ")}`);
  }
  for (const p of definition.shuffled ?? []) {
    if (!phases.has(p)) throw new RangeError(`model ${name} shuffled: ${p} is not one of its phases`);
  }
  if (definition.standingOrders !== undefined && !phases.has(definition.standingOrders)) {
    throw new RangeError(`model ${name} standingOrders: ${definition.standingOrders} is not one of its phases`);
  }
  const kinds = new Set<string>();
  for (const k of definition.kinds) {
    if (kinds.has(k.kind)) throw new RangeError(`model ${name} kinds: ${k.kind} is listed twice`);
    kinds.add(k.kind);
    for (const p of [...Object.keys(k.systems ?? {}), ...Object.keys(k.act ?? {})]) {
      if (!phases.has(p)) throw new RangeError(`kind ${k.kind}: ${p} is not a phase of model ${name}`);
    }
  }
  return definition;
}

/**
 * Declares an agent kind: `defineKind<Types, State>()({ kind, columns, systems, act })`. The first call
 * fixes the model's types and the object state per row (omit it for none); the second infers the columns.
 * @example
 * ```ts
 * const practice = defineKind<T>()({
 *   kind: "practice",
 *   columns: { list: "f64", account: "i32" },
 *   systems: { grow(t) { const list = t.cols.list; for (const r of t.rows()) list[r]! *= 1.01; } },
 * });
 * ```
 * @remarks A kind acts in a phase through a system or through per-agent actions, not both.
 */
export function defineKind<T extends ModelTypes, S = undefined>() {
  return <C extends ColumnSpec = Record<never, ColumnType>>(kind: AgentKind<T, C, S>): AgentKind<T, C, S> => {
    for (const p of Object.keys(kind.act ?? {})) {
      if (kind.systems !== undefined && p in kind.systems) throw new RangeError(`kind ${kind.kind} phase ${p}: expected a system or per-agent actions, got both`);
    }
    return kind;
  };
}
