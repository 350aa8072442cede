/**
 * The engine: builds a simulation from a model and a validated config, runs its staged ticks, records.
 * @packageDocumentation
 */
import { z } from "zod";
import { createCalendar, type Calendar } from "./calendar.js";
import { createEventBus, type EventBus } from "./events.js";
import { createLedger, type Ledger, type LedgerSummary, type YearFlows } from "./ledger.js";
import type { Agent, AgentKind, AgentStore, ModelDefinition, ModelTypes, PhaseAction, Sim } from "./model.js";
import { createRng, createStreams, type RandomStreams, type Seed } from "./random.js";
import { integerIn, parseInput } from "./validation.js";

/** Options of one run, validated with {@link runOptionsSchema}. */
export interface RunOptions {
  /** Master seed of the run. */
  readonly seed: Seed;
  /** Financial years to run, from 1 to 50. */
  readonly years: number;
  /** Record agent-level reporters too (off by default). */
  readonly recordAgents?: boolean;
  /** Keep every ledger posting (off by default). */
  readonly audit?: boolean;
}

/** Zod schema of {@link RunOptions}; unknown keys are errors. */
export const runOptionsSchema = z.strictObject({
  seed: z.union([z.number().finite(), z.string().min(1)], { error: "expected a number or a non-empty string" }),
  years: integerIn(1, 50),
  recordAgents: z.boolean().optional(),
  audit: z.boolean().optional(),
});

/** Agent-level samples in tidy form: one entry per (sample, agent). */
export interface AgentSeries {
  /** Reporter id. */
  readonly id: string;
  /** Whether samples are ticks or financial years. */
  readonly every: "tick" | "year";
  /** Tick or year index of each entry. */
  readonly sample: number[];
  /** Agent id of each entry. */
  readonly agent: number[];
  /** Measured value of each entry. */
  readonly value: number[];
}

/** What a run returns: recorded series, yearly flows and the final ledger summary. */
export interface RunResult<G extends string = string, F extends string = string> {
  /** Model name. */
  readonly model: string;
  /** Master seed as a string. */
  readonly seed: string;
  /** Financial years run. */
  readonly years: number;
  /** Ticks per financial year. */
  readonly ticksPerYear: number;
  /** Labels of the financial years run, such as `2025/26`. */
  readonly yearLabels: readonly string[];
  /** Model reporters sampled every tick: id → one value per tick. */
  readonly tickSeries: Readonly<Record<string, number[]>>;
  /** Model reporters sampled at each year close: id → one value per year. */
  readonly yearSeries: Readonly<Record<string, number[]>>;
  /** Agent reporters (empty unless `recordAgents`). */
  readonly agentSeries: readonly AgentSeries[];
  /** Ledger flows by financial year. */
  readonly flows: readonly YearFlows<G, F>[];
  /** Ledger totals at the end. */
  readonly ledger: LedgerSummary<G>;
  /** How many events of each type were emitted. */
  readonly events: Readonly<Record<string, number>>;
}

/** A simulation being run tick by tick; see {@link createSimulation}. */
export interface Simulation<T extends ModelTypes> {
  /** The simulation as agents see it (tick, phase, world, ledger, …). */
  readonly sim: Sim<T>;
  /** Ticks this run will have in all. */
  readonly totalTicks: number;
  /** Whether every tick has run. */
  readonly done: boolean;
  /** Runs one tick: every phase in order, then recording and the year close. */
  step(): void;
  /** Runs the remaining ticks and returns the result. */
  run(): RunResult<T["group"], T["fund"]>;
  /** What has been recorded so far. */
  result(): RunResult<T["group"], T["fund"]>;
}

/** A phase's schedule: who acts and what each does, as two parallel arrays (cheaper to walk than objects). */
interface Schedule<T extends ModelTypes> {
  readonly agents: Agent<T["kind"]>[];
  readonly actions: PhaseAction<T, unknown>[];
}

function createAgentStore<T extends ModelTypes>(onChange: () => void) {
  const agents: Agent<T["kind"]>[] = [];
  const kinds: AgentKind<T, unknown>[] = [];
  const store: AgentStore<T> = {
    add<State>(kind: AgentKind<T, State>, state: State) {
      const agent: Agent<T["kind"], State> = { id: agents.length, kind: kind.kind, active: true, state };
      agents.push(agent);
      kinds.push(kind as AgentKind<T, unknown>);
      onChange();
      return agent;
    },
    remove(id) {
      const agent = store.get(id);
      if (agent.active) {
        agent.active = false;
        onChange();
      }
    },
    get(id) {
      const agent = agents[id];
      if (agent === undefined) throw new RangeError(`agent id: expected 0 to ${agents.length - 1}, got ${id}`);
      return agent;
    },
    all: (kind) => agents.filter((a) => a.active && (kind === undefined || a.kind === kind)),
    count(kind) {
      let n = 0;
      for (const a of agents) if (a.active && (kind === undefined || a.kind === kind)) n++;
      return n;
    },
  };
  return { store, agents, kinds };
}

/**
 * Creates a simulation from a model, a config (validated here, once) and run options.
 * @example
 * ```ts
 * const s = createSimulation(model, { shops: 3 }, { seed: 1, years: 2 });
 * while (!s.done) s.step();
 * s.result().yearSeries;
 * ```
 * @remarks Within a phase agents act in id order (or a seeded shuffle for phases the model lists as
 * shuffled). Recording reads state only and draws no random numbers, so it never changes results.
 */
export function createSimulation<T extends ModelTypes>(
  model: ModelDefinition<T>,
  config: unknown,
  options: RunOptions,
): Simulation<T> {
  const opts = parseInput(runOptionsSchema, options, "run options");
  const cfg: T["config"] = parseInput(model.configSchema, config, `${model.name} config`);
  const calendar: Calendar = createCalendar({
    ticksPerYear: model.ticksPerYear ?? 12,
    startYear: model.startYear?.(cfg) ?? 2025,
  });
  const streams: RandomStreams<T["rng"]> = createStreams<T["rng"]>(opts.seed);
  const ledger: Ledger<T["group"], T["fund"]> = createLedger({
    groups: model.groups,
    funds: model.funds,
    audit: opts.audit === true,
  });
  const events: EventBus<T["event"]> = createEventBus<T["event"]>();
  let dirty = true;
  const { store, agents, kinds } = createAgentStore<T>(() => {
    dirty = true;
  });
  const ctx = { calendar, config: cfg, streams, ledger, events, agents: store };
  const world: T["world"] = model.setup(ctx);
  const sim = { ...ctx, world, tick: 0, phase: model.phases[0]! } satisfies Sim<T> as { -readonly [K in keyof Sim<T>]: Sim<T>[K] };

  // Per-phase schedules of (agent, action), rebuilt only when agents are added or removed.
  const phases = model.phases;
  const shuffled = new Set<T["phase"]>(model.shuffled ?? []);
  const scheduleRng = createRng(`${String(opts.seed)}\u001f@engine/schedule`);
  let schedules: Schedule<T>[] = [];
  const rebuild = (): void => {
    schedules = phases.map((phase) => {
      const schedule: Schedule<T> = { agents: [], actions: [] };
      for (let i = 0; i < agents.length; i++) {
        const agent = agents[i]!;
        const action = kinds[i]!.act[phase];
        if (agent.active && action !== undefined) {
          schedule.agents.push(agent);
          schedule.actions.push(action);
        }
      }
      return schedule;
    });
    dirty = false;
  };

  // Recorder: columns preallocated for the whole run.
  const totalTicks = opts.years * calendar.ticksPerYear;
  const reporters = model.reporters ?? [];
  const tickReporters = reporters.filter((r) => r.every === "tick");
  const yearReporters = reporters.filter((r) => r.every === "year");
  const tickCols = tickReporters.map(() => new Float64Array(totalTicks));
  const yearCols = yearReporters.map(() => new Float64Array(opts.years));
  const agentReporters = opts.recordAgents === true ? (model.agentReporters ?? []) : [];
  const agentSeries: AgentSeries[] = agentReporters.map((r) => ({ id: r.id, every: r.every, sample: [], agent: [], value: [] }));
  const sampleAgents = (every: "tick" | "year", index: number): void => {
    agentReporters.forEach((r, k) => {
      if (r.every !== every) return;
      const out = agentSeries[k]!;
      for (const a of agents) {
        if (!a.active || a.kind !== r.kind) continue;
        out.sample.push(index);
        out.agent.push(a.id);
        out.value.push(r.measure(a, sim));
      }
    });
  };

  const cadence = phases.map((phase) => model.cadence?.[phase] ?? "tick");
  const before = phases.map((phase) => model.before?.[phase]);
  const after = phases.map((phase) => model.after?.[phase]);
  let tick = 0;

  const step = (): void => {
    if (tick >= totalTicks) throw new RangeError(`step: the run has ended after ${totalTicks} ticks`);
    sim.tick = tick;
    const opens = calendar.opensYear(tick);
    const closes = calendar.closesYear(tick);
    for (let p = 0; p < phases.length; p++) {
      const phase = phases[p]!;
      const when = cadence[p];
      if ((when === "year-open" && !opens) || (when === "year-close" && !closes)) continue;
      sim.phase = phase;
      before[p]?.(sim);
      if (dirty) rebuild();
      let { agents: actors, actions } = schedules[p]!;
      if (shuffled.has(phase)) {
        const order = scheduleRng.shuffle(Array.from(actors.keys()));
        actors = order.map((k) => actors[k]!);
        actions = order.map((k) => actions[k]!);
      }
      for (let i = 0; i < actors.length; i++) {
        const agent = actors[i]!;
        if (agent.active) actions[i]!(agent, sim);
      }
      after[p]?.(sim);
    }
    for (let r = 0; r < tickReporters.length; r++) tickCols[r]![tick] = tickReporters[r]!.measure(sim);
    if (agentReporters.length > 0) sampleAgents("tick", tick);
    if (closes) {
      const y = calendar.yearIndex(tick);
      for (let r = 0; r < yearReporters.length; r++) yearCols[r]![y] = yearReporters[r]!.measure(sim);
      if (agentReporters.length > 0) sampleAgents("year", y);
      ledger.closeYear(calendar.labelOfYear(y));
    }
    tick++;
  };

  const result = (): RunResult<T["group"], T["fund"]> => {
    const yearsDone = Math.floor(tick / calendar.ticksPerYear);
    return {
      model: model.name,
      seed: streams.seed,
      years: yearsDone,
      ticksPerYear: calendar.ticksPerYear,
      yearLabels: Array.from({ length: yearsDone }, (_, y) => calendar.labelOfYear(y)),
      tickSeries: Object.fromEntries(tickReporters.map((r, k) => [r.id, Array.from(tickCols[k]!.subarray(0, tick))])),
      yearSeries: Object.fromEntries(yearReporters.map((r, k) => [r.id, Array.from(yearCols[k]!.subarray(0, yearsDone))])),
      agentSeries,
      flows: ledger.flows(),
      ledger: ledger.summary(),
      events: events.counts() as Record<string, number>,
    };
  };

  return {
    sim,
    totalTicks,
    get done() {
      return tick >= totalTicks;
    },
    step,
    run() {
      while (tick < totalTicks) step();
      return result();
    },
    result,
  };
}

/**
 * Runs a model for the given years and returns its recorded series, yearly flows and final ledger summary.
 * @example
 * ```ts
 * const result = runSimulation(model, { shops: 3 }, { seed: 42, years: 10 });
 * result.yearSeries["cashHeld"]; // one value per financial year
 * ```
 * @remarks Same model, config and seed give identical results, with or without agent recording.
 */
export function runSimulation<T extends ModelTypes>(
  model: ModelDefinition<T>,
  config: unknown,
  options: RunOptions,
): RunResult<T["group"], T["fund"]> {
  return createSimulation(model, config, options).run();
}
