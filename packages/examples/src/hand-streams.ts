/**
 * The engine's random-stream seeding written out by hand, for the hand-written benchmark loops: they step
 * Alea inline over these states and so draw exactly what the engine draws for the same seed.
 * @packageDocumentation
 */
import seedrandom from "seedrandom";

const MIX = 0x9e3779b9;
function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/**
 * Alea states (c, s0, s1, s2, four numbers a row) of stream `name`'s rows 0 … rows − 1 for a run seeded
 * `seed`: what `sim.streams.column(name, rows)` and `sim.streams.get(name, row)` start from.
 */
export function keyedStates(seed: string | number, name: string, rows: number): Float64Array {
  const base = seedrandom.alea(`${String(seed)}\u001f${name}`);
  const words = [base() * 2 ** 32, base() * 2 ** 32, base() * 2 ** 32];
  const st = new Float64Array(4 * rows);
  for (let i = 0; i < rows; i++) {
    const k = fmix32((i >>> 0) ^ fmix32(0 + MIX));
    st[4 * i] = 1;
    st[4 * i + 1] = fmix32((words[0]! >>> 0) ^ fmix32(k + MIX)) / 2 ** 32;
    st[4 * i + 2] = fmix32((words[1]! >>> 0) ^ fmix32(k + Math.imul(2, MIX))) / 2 ** 32;
    st[4 * i + 3] = fmix32((words[2]! >>> 0) ^ fmix32(k + Math.imul(3, MIX))) / 2 ** 32;
  }
  return st;
}

/** The Alea state of the engine's schedule stream (the shuffles of shuffled phases) for a run seeded `seed`. */
export function scheduleState(seed: string | number): { c: number; s0: number; s1: number; s2: number } {
  return seedrandom.alea(`${String(seed)}\u001f@engine/schedule`, { state: true }).state();
}
