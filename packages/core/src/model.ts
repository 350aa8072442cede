/**
 * Model definitions: the types a model declares, its agent kinds, reporters and setup.
 * @packageDocumentation
 */
import type { z } from "zod";
import type { Calendar } from "./calendar.js";
import type { EventBase, EventBus } from "./events.js";
import type { Ledger } from "./ledger.js";
import type { RandomStreams } from "./random.js";

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

/** An agent: an id, its kind and its state (plain data). */
export interface Agent<Kind extends string = string, State = unknown> {
  /** Unique id, assigned in creation order from 0; agents act in id order unless a phase is shuffled. */
  readonly id: number;
  /** The kind's name. */
  readonly kind: Kind;
  /** False once removed; removed agents never act again. */
  active: boolean;
  /** The agent's state, read and written by its kind's policies. */
  state: State;
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
}

/** A phase function of an agent kind: reads and changes its agent, posts through the ledger. */
export type PhaseAction<T extends ModelTypes, State> = (agent: Agent<T["kind"], State>, sim: Sim<T>) => void;

/**
 * An agent kind: its name and, for each phase it acts in, what it does.
 * @remarks The keys of `act` are the phases the kind acts in; the engine never branches on the kind's name.
 */
export interface AgentKind<T extends ModelTypes, State> {
  /** The kind's name. */
  readonly kind: T["kind"];
  /** What the kind does in each phase it acts in. */
  readonly act: Readonly<Partial<Record<T["phase"], PhaseAction<T, State>>>>;
}

/** The agents of a run, by id. */
export interface AgentStore<T extends ModelTypes> {
  /** Adds an agent of a kind with its initial state; it acts from the next phase on. */
  add<State>(kind: AgentKind<T, State>, state: State): Agent<T["kind"], State>;
  /** Removes an agent: it stops acting and drops out of `all`. */
  remove(id: number): void;
  /** The agent with this id (active or removed). */
  get(id: number): Agent<T["kind"]>;
  /** Active agents of one kind (or all), in id order. */
  all(kind?: T["kind"]): Agent<T["kind"]>[];
  /** Number of active agents of one kind (or all). */
  count(kind?: T["kind"]): number;
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
  /** Measures the agent; must not draw random numbers or change anything. */
  measure(agent: Agent<T["kind"]>, sim: Sim<T>): number;
}

/** Everything the engine needs to run a model; build one with {@link defineModel}. */
export interface ModelDefinition<T extends ModelTypes> {
  /** The model's name. */
  readonly name: string;
  /** Phases in the order each tick runs them. */
  readonly phases: readonly T["phase"][];
  /**
   * When each phase runs: every tick (the default), only on the first tick of a financial year, or only on
   * the last. A phase that does not run on a tick costs nothing on it.
   */
  readonly cadence?: Readonly<Partial<Record<T["phase"], PhaseCadence>>>;
  /** Phases whose agents act in a seeded shuffled order each tick instead of id order. */
  readonly shuffled?: readonly T["phase"][];
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
 * type T = { phase: "pay" | "spend"; kind: "shop"; group: "shop" | "mint" | "market"; fund: "cash";
 *            rng: "sales"; event: { type: "sold" }; config: { shops: number }; world: null };
 * const model = defineModel<T>({ name: "shops", phases: ["pay", "spend"], groups: ["shop", "mint", "market"],
 *   funds: ["cash"], configSchema: z.object({ shops: z.number() }), setup: () => null });
 * ```
 */
export function defineModel<T extends ModelTypes>(definition: ModelDefinition<T>): ModelDefinition<T> {
  const phases = new Set<string>(definition.phases);
  if (phases.size !== definition.phases.length) {
    throw new RangeError(`model ${definition.name} phases: expected unique names, got ${definition.phases.join(", ")}`);
  }
  for (const p of definition.shuffled ?? []) {
    if (!phases.has(p)) throw new RangeError(`model ${definition.name} shuffled: ${p} is not one of its phases`);
  }
  return definition;
}

/** Declares an agent kind with its state type; a typed identity function. */
export function defineKind<T extends ModelTypes, State>(kind: AgentKind<T, State>): AgentKind<T, State> {
  return kind;
}
