/**
 * Schelling's segregation model on a grid, as declared by the Agents.jl framework comparison
 * (JuliaDynamics, ABMFrameworksComparison, "Schelling's segregation model"): agents of two groups on a
 * finite, non-periodic grid, one agent per cell; each step every agent, in a random order, does nothing if
 * it is happy, otherwise counts the agents of its own group within Chebyshev radius `radius` and becomes
 * happy when there are at least `minToBeHappy` of them, or else moves to a random empty cell.
 * Written two ways with the public API, with identical results: a system over all rows, and a per-row
 * action.
 * @packageDocumentation
 */
import { defineKind, defineModel, type KindTable, type ModelDefinition, type ModelTypes, type Sim } from "@ringfence/core";
import { z } from "zod";

/** A Schelling model's configuration. */
export interface SchellingConfig {
  /** Number of agents (the first half is group 0, the rest group 1). */
  readonly agents: number;
  /** Grid width in cells. */
  readonly width: number;
  /** Grid height in cells. */
  readonly height: number;
  /** Same-group neighbours an agent needs to be happy. */
  readonly minToBeHappy: number;
  /** Neighbourhood radius (Chebyshev distance). */
  readonly radius: number;
}

/** The grid: which agent holds each cell, and the empty cells (in no particular order). */
export interface SchellingWorld {
  /** Row of the agent in each cell (cell = y × width + x), or −1 when empty. */
  readonly grid: Int32Array;
  /** The empty cells (as many as there are cells without an agent, at every moment). */
  readonly empty: Int32Array;
}

/** The model's declared types. */
export interface SchellingTypes extends ModelTypes {
  readonly phase: "step";
  readonly kind: "agent";
  readonly group: "agent";
  readonly fund: "none";
  readonly rng: "move" | "place";
  readonly event: { readonly type: "none" };
  readonly config: SchellingConfig;
  readonly world: SchellingWorld;
}

const COLUMNS = { cell: "i32", group: "u8", happy: "u8" } as const;
type SchellingTable = KindTable<typeof COLUMNS, unknown>;

/**
 * The first half of an agent's step, the same in both ways of writing it: an unhappy agent counts its
 * same-group neighbours and becomes happy if there are enough. Returns whether it must move.
 */
function mustMove(row: number, agents: SchellingTable, sim: Sim<SchellingTypes>): boolean {
  const { happy, cell, group } = agents.cols;
  if (happy[row] === 1) return false;
  const grid = sim.world.grid;
  const { width, height, radius, minToBeHappy } = sim.config;
  const here = cell[row]!;
  const x = here % width;
  const y = (here - x) / width;
  const mine = group[row]!;
  let same = 0;
  for (let ny = Math.max(0, y - radius); ny <= Math.min(height - 1, y + radius); ny++) {
    for (let nx = Math.max(0, x - radius); nx <= Math.min(width - 1, x + radius); nx++) {
      const other = grid[ny * width + nx]!;
      if (other >= 0 && other !== row && group[other] === mine) same++;
    }
  }
  if (same < minToBeHappy) return true;
  happy[row] = 1;
  return false;
}

/** The second half: the agent moves to empty cell number `k` (its old cell takes that place in the list). */
function moveTo(row: number, agents: SchellingTable, world: SchellingWorld, k: number): void {
  const cell = agents.cols.cell;
  const here = cell[row]!;
  const to = world.empty[k]!;
  world.empty[k] = here;
  world.grid[here] = -1;
  world.grid[to] = row;
  cell[row] = to;
}

/** Agents as a system: one loop over the phase's shuffled order, drawing from the `move` stream column. */
export const schellingAgents = defineKind<SchellingTypes>()({
  kind: "agent",
  columns: COLUMNS,
  systems: {
    step(agents, sim) {
      const order = sim.order(agents);
      const move = sim.streams.column("move", agents.size);
      const world = sim.world;
      for (let k = 0; k < order.length; k++) {
        const row = order[k]!;
        if (mustMove(row, agents, sim)) moveTo(row, agents, world, move.int(row, 0, world.empty.length - 1));
      }
    },
  },
});

/**
 * The same agents as a per-row action, the way docs/concepts.md teaches: the engine calls it for each agent
 * in the phase's shuffled order; it draws from `sim.streams.get("move", row)`.
 */
export const schellingAgentsByRow = defineKind<SchellingTypes>()({
  kind: "agent",
  columns: COLUMNS,
  act: {
    step(row, agents, sim) {
      if (mustMove(row, agents, sim)) moveTo(row, agents, sim.world, sim.streams.get("move", row).int(0, sim.world.empty.length - 1));
    },
  },
});

/** How the model's agents are written: one system over all rows, or a per-row action. */
export type SchellingPath = "system" | "per-row";

const configSchema = z
  .strictObject({
    agents: z.number().int().min(2),
    width: z.number().int().min(1).max(10_000),
    height: z.number().int().min(1).max(10_000),
    minToBeHappy: z.number().int().min(0),
    radius: z.number().int().min(1),
  })
  .refine((c) => c.agents < c.width * c.height, { message: "agents: expected fewer agents than cells (a move needs an empty cell)", path: ["agents"] });

/**
 * Schelling's segregation model; one tick is one step of every agent. The agents are placed on the first
 * `agents` cells of a shuffle of all cells (the `place` stream), in row order.
 * @example
 * ```ts
 * const small = { agents: 1000, width: 40, height: 40, minToBeHappy: 3, radius: 1 };
 * const s = createSimulation(schellingModel(20), small, { seed: 1, years: 1 }); // 20 steps
 * s.run();
 * ```
 */
export function schellingModel(steps = 20, path: SchellingPath = "system"): ModelDefinition<SchellingTypes> {
  const kind = path === "system" ? schellingAgents : schellingAgentsByRow;
  return defineModel<SchellingTypes>({
    name: "schelling",
    phases: ["step"],
    kinds: [kind],
    shuffled: ["step"],
    groups: ["agent"],
    funds: ["none"],
    configSchema,
    ticksPerYear: steps,
    setup(ctx) {
      const { agents: n, width, height } = ctx.config;
      const cells = width * height;
      const order = new Int32Array(cells);
      for (let c = 0; c < cells; c++) order[c] = c;
      ctx.streams.column("place", 1).shuffle(0, order);
      const grid = new Int32Array(cells).fill(-1);
      const first = ctx.agents.addRows(kind, n);
      const { cell, group } = ctx.agents.table(kind).cols;
      for (let r = 0; r < n; r++) {
        cell[first + r] = order[r]!;
        group[first + r] = r < n / 2 ? 0 : 1;
        grid[order[r]!] = first + r;
      }
      return { grid, empty: order.slice(n) };
    },
  });
}

/** Agents of the Agents.jl comparison's Schelling-small: 1,000 agents on 40 × 40, happy with 3 alike within radius 1. */
export const SCHELLING_SMALL: SchellingConfig = { agents: 1000, width: 40, height: 40, minToBeHappy: 3, radius: 1 };
/** Agents of the Agents.jl comparison's Schelling-large: 8,000 agents on 100 × 100, happy with 8 alike within radius 2. */
export const SCHELLING_LARGE: SchellingConfig = { agents: 8000, width: 100, height: 100, minToBeHappy: 8, radius: 2 };
