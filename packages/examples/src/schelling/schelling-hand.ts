/**
 * Schelling's segregation model written by hand over typed arrays, for benchmarking the engine against: the
 * same grid, the same empty-cell list, the same per-agent Alea streams and the same seeded shuffles,
 * inlined, with no checks.
 * @packageDocumentation
 */
import { keyedStates, scheduleState } from "../hand-streams.js";
import type { SchellingConfig } from "./schelling-model.js";

/** Final state of a hand-written run. */
export interface SchellingHandResult {
  /** Cell of each agent. */
  readonly cell: Int32Array;
  /** 1 for each happy agent. */
  readonly happy: Uint8Array;
  /** Moves made in each step. */
  readonly movesPerStep: number[];
}

/**
 * Runs the model by hand for `steps` steps.
 * @remarks Seeds its streams as the engine does (`place` row 0 for the placement shuffle, `move` keyed by
 * agent, the engine's schedule stream for each step's order), so the two end in the same state for the
 * same seed.
 */
export function runSchellingByHand(config: SchellingConfig, steps: number, seed: string | number): SchellingHandResult {
  const { agents: n, width, height, minToBeHappy, radius } = config;
  const cells = width * height;
  // Placement: a shuffle of all cells with the place stream's row 0; agent r takes the r-th cell.
  const place = keyedStates(seed, "place", 1);
  let c = place[0]!;
  let s0 = place[1]!;
  let s1 = place[2]!;
  let s2 = place[3]!;
  const shuffledCells = new Int32Array(cells);
  for (let i = 0; i < cells; i++) shuffledCells[i] = i;
  for (let i = cells - 1; i > 0; i--) {
    const t = 2091639 * s0 + c * 2.3283064365386963e-10;
    s0 = s1;
    s1 = s2;
    c = t | 0;
    s2 = t - c;
    const j = Math.floor(s2 * (i + 1));
    const tmp = shuffledCells[i]!;
    shuffledCells[i] = shuffledCells[j]!;
    shuffledCells[j] = tmp;
  }
  const grid = new Int32Array(cells).fill(-1);
  const cell = new Int32Array(n);
  const group = new Uint8Array(n);
  const happy = new Uint8Array(n);
  for (let r = 0; r < n; r++) {
    cell[r] = shuffledCells[r]!;
    group[r] = r < n / 2 ? 0 : 1;
    grid[shuffledCells[r]!] = r;
  }
  const empty = shuffledCells.slice(n);
  const E = empty.length;
  const st = keyedStates(seed, "move", n);
  const sched = scheduleState(seed);
  c = sched.c;
  s0 = sched.s0;
  s1 = sched.s1;
  s2 = sched.s2;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const movesPerStep: number[] = [];
  for (let step = 0; step < steps; step++) {
    for (let i = n - 1; i > 0; i--) {
      const t = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = t | 0;
      s2 = t - c;
      const j = Math.floor(s2 * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    let moves = 0;
    for (let k = 0; k < n; k++) {
      const row = order[k]!;
      if (happy[row] === 1) continue;
      const here = cell[row]!;
      const x = here % width;
      const y = (here - x) / width;
      const mine = group[row]!;
      let same = 0;
      const y1 = Math.min(height - 1, y + radius);
      const x0 = Math.max(0, x - radius);
      const x1 = Math.min(width - 1, x + radius);
      for (let ny = Math.max(0, y - radius); ny <= y1; ny++) {
        for (let nx = x0; nx <= x1; nx++) {
          const other = grid[ny * width + nx]!;
          if (other >= 0 && other !== row && group[other] === mine) same++;
        }
      }
      if (same >= minToBeHappy) {
        happy[row] = 1;
        continue;
      }
      const b = 4 * row;
      const t = 2091639 * st[b + 1]! + st[b]! * 2.3283064365386963e-10;
      st[b + 1] = st[b + 2]!;
      st[b + 2] = st[b + 3]!;
      const cc = t | 0;
      st[b] = cc;
      const u = (st[b + 3] = t - cc);
      const e = Math.floor(u * E);
      const to = empty[e]!;
      empty[e] = here;
      grid[here] = -1;
      grid[to] = row;
      cell[row] = to;
      moves++;
    }
    movesPerStep.push(moves);
  }
  return { cell, happy, movesPerStep };
}
