/**
 * The engine: builds a simulation from a model and a validated config, runs its staged ticks, records.
 * @packageDocumentation
 */
import { createCalendar, type Calendar } from "./calendar.js";
import { createEventBus, type EventBus } from "./events.js";
import { createAgentStore, type Table } from "./kind-table.js";
import { createLedger, LedgerError, type Ledger, type LedgerSummary, type YearFlows } from "./ledger.js";
import type { ColumnSpec, KindTable, ModelDefinition, ModelTypes, RowAction, Sim, System } from "./model.js";
import { createStreams, seededColumn, type RandomStreams, type Seed, type StreamColumn } from "./random.js";
import { createStandingOrders } from "./standing-orders.js";
import { ConfigError, describeValue, parseInput, type ConfigIssue } from "./validation.js";

/** How standing orders are settled: in one pass a year when that is provably exact, or every tick. */
export type Settlement = "auto" | "every-tick";

/** Options of one run; see {@link createSimulation}. */
export interface RunOptions {
  /** Master seed of the run. */
  readonly seed: Seed;
  /** Financial years to run, from 1 to 50. */
  readonly years: number;
  /** Record agent-level reporters too (off by default). */
  readonly recordAgents?: boolean;
  /** Keep every ledger posting (off by default). */
  readonly audit?: boolean;
  /**
   * `auto` (the default) settles a year's standing orders in one pass at its last tick when nothing can
   * observe the ticks in between (see {@link Simulation.settlement}); `every-tick` always pays each
   * instalment on its own tick. Results are the same either way; only intermediate states differ.
   */
  readonly settlement?: Settlement;
  /**
   * Check the ledger's conservation ({@link Ledger.verify}) when the run ends, and throw a {@link LedgerError}
   * naming the first broken account if money was created or lost (off by default; it costs one pass over the
   * accounts).
   */
  readonly verify?: boolean;
}

/** Checks run options by hand (the engine's entry point does not load a schema library). */
function checkRunOptions(options: unknown): RunOptions {
  const issues: ConfigIssue[] = [];
  const issue = (path: string, expected: string, value: unknown): void => {
    issues.push({ path, expected, value, message: `${path}: ${expected}, got ${describeValue(value)}` });
  };
  if (options === null || typeof options !== "object") {
    issue("(root)", "expected an object of run options", options);
    throw new ConfigError("run options", issues);
  }
  const o = options as Record<string, unknown>;
  const known = new Set(["seed", "years", "recordAgents", "audit", "settlement", "verify"]);
  for (const key of Object.keys(o)) if (!known.has(key)) issues.push({ path: key, expected: "no such key (unknown field)", value: o[key], message: `${key}: unknown key, expected one of ${[...known].join(", ")}` });
  const seed = o.seed;
  if (!((typeof seed === "number" && Number.isFinite(seed)) || (typeof seed === "string" && seed.length > 0))) issue("seed", "expected a number or a non-empty string", seed);
  if (!(typeof o.years === "number" && Number.isInteger(o.years) && o.years >= 1 && o.years <= 50)) issue("years", "expected an integer from 1 to 50", o.years);
  for (const flag of ["recordAgents", "audit", "verify"] as const) if (o[flag] !== undefined && typeof o[flag] !== "boolean") issue(flag, "expected true or false", o[flag]);
  if (o.settlement !== undefined && o.settlement !== "auto" && o.settlement !== "every-tick") issue("settlement", "expected auto or every-tick", o.settlement);
  if (issues.length > 0) throw new ConfigError("run options", issues);
  return {
    seed: seed as Seed,
    years: o.years as number,
    recordAgents: o.recordAgents === true,
    audit: o.audit === true,
    settlement: o.settlement === "every-tick" ? "every-tick" : "auto",
    verify: o.verify === true,
  };
}

/** Agent-level samples in tidy form: one entry per (sample, agent). */
export interface AgentSeries {
  /** Reporter id. */
  readonly id: string;
  /** Kind sampled. */
  readonly kind: string;
  /** Whether samples are ticks or financial years. */
  readonly every: "tick" | "year";
  /** Tick or year index of each entry. */
  readonly sample: number[];
  /** Row of the agent in its kind's table, for each entry. */
  readonly row: number[];
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
  /**
   * How standing orders are being settled: `one-pass` (at each year's last tick, because nothing runs
   * between a year's first and last tick but the orders themselves) or `every-tick`.
   */
  readonly settlement: "one-pass" | "every-tick";
  /** Runs one tick: every phase in order, then recording and the year close. */
  step(): void;
  /** Runs the remaining ticks and returns the result. */
  run(): RunResult<T["group"], T["fund"]>;
  /** What has been recorded so far. */
  result(): RunResult<T["group"], T["fund"]>;
  /** Work done so far: non-zero ledger postings and uniform random draws (for benchmarks). */
  work(): { readonly postings: number; readonly draws: number };
}

/** One kind's part in one phase. */
interface Actor<T extends ModelTypes> {
  readonly table: Table<ColumnSpec, unknown>;
  readonly system: System<T, ColumnSpec, unknown> | undefined;
  readonly act: RowAction<T, ColumnSpec, unknown> | undefined;
}

/** Runs a kind's per-agent action over rows in order, skipping rows removed during the phase. */
function actRows<T extends ModelTypes>(rows: Int32Array, act: RowAction<T, ColumnSpec, unknown>, table: KindTable<ColumnSpec, unknown>, sim: Sim<T>): void {
  const active = table.active;
  for (let k = 0; k < rows.length; k++) {
    const row = rows[k]!;
    if (active[row] === 1) act(row, table, sim);
  }
}

/**
 * Creates a simulation from a model, a config (validated here, once) and run options.
 * @example
 * ```ts
 * const s = createSimulation(model, { shops: 3 }, { seed: 1, years: 2 });
 * while (!s.done) s.step();
 * s.result().yearSeries;
 * ```
 * @remarks Within a phase, kinds act in the order the model lists them; a kind's rows act in row order (or
 * a seeded shuffle for phases the model lists as shuffled). Recording reads state only and draws no random
 * numbers, so it never changes results. Standing orders are settled in one pass a year when nothing else
 * runs between a year's first and last ticks (only year-open phases before the standing-order phase, only
 * year-close phases after it, no tick reporters, no audit log): since capped orders carry arrears, one
 * pass pays exactly what tick-by-tick settlement pays, and when the order book is not in an order that
 * guarantees it, the engine replays the year's instalments tick by tick at the year's last tick instead.
 */
export function createSimulation<T extends ModelTypes>(model: ModelDefinition<T>, config: unknown, options: RunOptions): Simulation<T> {
  const opts = checkRunOptions(options);
  const cfg: T["config"] = parseInput(model.configSchema, config, `${model.name} config`);
  const calendar: Calendar = createCalendar({ ticksPerYear: model.ticksPerYear ?? 12, startYear: model.startYear?.(cfg) ?? 2025 });
  const T = calendar.ticksPerYear;
  const streams: RandomStreams<T["rng"]> = createStreams<T["rng"]>(opts.seed);
  const ledger: Ledger<T["group"], T["fund"]> = createLedger({ groups: model.groups, funds: model.funds, audit: opts.audit === true });
  const orders = createStandingOrders(ledger, T);
  const events: EventBus<T["event"]> = createEventBus<T["event"]>();
  const { store, tables } = createAgentStore<T>(model.kinds);
  const phases = model.phases;
  const shuffledPhase = phases.map((p) => (model.shuffled ?? []).includes(p));
  const shuffleStream: StreamColumn = seededColumn(`${String(opts.seed)}\u001f@engine/schedule`);
  let stamp = 0;
  let currentPhase = 0;
  const sim = {
    calendar,
    config: cfg,
    streams,
    ledger,
    orders,
    events,
    agents: store,
    world: undefined as T["world"],
    tick: 0,
    phase: phases[0]!,
    order(table: KindTable<ColumnSpec, unknown>): Int32Array {
      const t = table as Table<ColumnSpec, unknown>;
      return shuffledPhase[currentPhase] === true ? t.shuffled(shuffleStream, stamp) : t.rows();
    },
  } satisfies Sim<T> as { -readonly [K in keyof Sim<T>]: Sim<T>[K] };
  sim.world = model.setup(sim);

  const actors: Actor<T>[][] = phases.map((phase) =>
    model.kinds.flatMap((kind, i) => {
      // A system is called through a function bound for this run: V8 then sees a new callee at the call
      // in `step` on each run and does not inline the system there, so the system (a loop over rows) is
      // optimised on its own, with the whole inlining budget for what it calls on every row.
      const system = kind.systems?.[phase]?.bind(undefined);
      const act = kind.act?.[phase];
      return system === undefined && act === undefined ? [] : [{ table: tables[i]!, system, act }];
    }),
  );
  const cadence = phases.map((phase) => model.cadence?.[phase] ?? "tick");
  const before = phases.map((phase) => model.before?.[phase]);
  const after = phases.map((phase) => model.after?.[phase]);
  const orderPhase = model.standingOrders === undefined ? -1 : phases.indexOf(model.standingOrders);

  // Recorder: columns preallocated for the whole run.
  const totalTicks = opts.years * T;
  const reporters = model.reporters ?? [];
  const tickReporters = reporters.filter((r) => r.every === "tick");
  const yearReporters = reporters.filter((r) => r.every === "year");
  const tickCols = tickReporters.map(() => new Float64Array(totalTicks));
  const yearCols = yearReporters.map(() => new Float64Array(opts.years));
  const agentReporters = opts.recordAgents === true ? (model.agentReporters ?? []) : [];
  const agentSeries: AgentSeries[] = agentReporters.map((r) => ({ id: r.id, kind: r.kind, every: r.every, sample: [], row: [], value: [] }));
  const sampleAgents = (every: "tick" | "year", index: number): void => {
    agentReporters.forEach((r, k) => {
      if (r.every !== every) return;
      const out = agentSeries[k]!;
      const table = store.tableOf(r.kind);
      for (const row of table.rows()) {
        out.sample.push(index);
        out.row.push(row);
        out.value.push(r.measure(row, table, sim));
      }
    });
  };

  // One-pass settlement is exact when only the orders run between a year's first and last ticks.
  const quietPhase = (p: number): boolean => actors[p]!.length === 0 && before[p] === undefined && after[p] === undefined;
  const onePass =
    opts.settlement !== "every-tick" &&
    T > 1 &&
    orderPhase >= 0 &&
    opts.audit !== true &&
    tickReporters.length === 0 &&
    !agentReporters.some((r) => r.every === "tick") &&
    phases.every((_, p) => {
      if (p === orderPhase) return quietPhase(p) && cadence[p] === "tick";
      if (cadence[p] === "tick") return quietPhase(p);
      return quietPhase(p) || (cadence[p] === "year-open" ? p < orderPhase : p > orderPhase);
    });

  const settle = (tickInYear: number): void => {
    if (!onePass) return orders.settleThrough(tickInYear + 1, T);
    if (tickInYear !== T - 1) return;
    if (orders.settleYear()) return;
    for (let t = 1; t <= T; t++) orders.settleThrough(t, T);
  };

  let tick = 0;
  const step = (): void => {
    if (tick >= totalTicks) throw new RangeError(`step: the run has ended after ${totalTicks} ticks`);
    sim.tick = tick;
    const inYear = calendar.tickInYear(tick);
    const opens = inYear === 0;
    const closes = inYear === T - 1;
    if (opens) orders.clear();
    for (let p = 0; p < phases.length; p++) {
      const when = cadence[p];
      if ((when === "year-open" && !opens) || (when === "year-close" && !closes)) continue;
      sim.phase = phases[p]!;
      currentPhase = p;
      stamp++;
      before[p]?.(sim);
      if (p === orderPhase) settle(inYear);
      const list = actors[p]!;
      for (let a = 0; a < list.length; a++) {
        const { table, system, act } = list[a]!;
        if (system !== undefined) system(table, sim);
        else if (act !== undefined) actRows(sim.order(table), act, table, sim);
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
    const yearsDone = Math.floor(tick / T);
    return {
      model: model.name,
      seed: streams.seed,
      years: yearsDone,
      ticksPerYear: T,
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
    settlement: onePass ? "one-pass" : "every-tick",
    step,
    run() {
      while (tick < totalTicks) step();
      if (opts.verify === true) verifyBooks(ledger, calendar.labelOfYear(Math.max(0, opts.years - 1)));
      return result();
    },
    result,
    work: () => ({ postings: ledger.postingCount, draws: streams.draws() }),
  };
}

/**
 * Proves a ledger's conservation ({@link Ledger.verify}); throws a {@link LedgerError} naming the broken account
 * (its id, group and purpose) and when the check ran otherwise.
 */
export function verifyBooks(ledger: Ledger<string, string>, when: string): void {
  const v = ledger.verify();
  if (v.ok) return;
  const account = v.account === null ? "" : ` (account ${v.account.id}: ${v.account.group}, ${v.account.purpose})`;
  throw new LedgerError(`conservation check failed at the end of ${when}${account}: ${v.message}`);
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
export function runSimulation<T extends ModelTypes>(model: ModelDefinition<T>, config: unknown, options: RunOptions): RunResult<T["group"], T["fund"]> {
  return createSimulation(model, config, options).run();
}
