/**
 * The Boltzmann wealth model written by hand over typed arrays, for benchmarking the engine against: the
 * same double-entry bookkeeping (balances, credits, debits, a yearly flow table), the same per-person Alea
 * streams and the same seeded shuffle, inlined, with no checks.
 * @packageDocumentation
 */
import { keyedStates, scheduleState } from "../hand-streams.js";

/** Final state of a hand-written run. */
export interface HandResult {
  /** Wealth of each person. */
  readonly wealth: Float64Array;
  /** Units given per year. */
  readonly givenPerYear: number[];
}

/**
 * Runs the model by hand: `people` people for `ticks` ticks, closing a flow "year" every `ticksPerYear`.
 * @remarks Seeds its streams as the engine does (a stream named `partner` keyed by person, a schedule
 * stream named `@engine/schedule`), so the two give identical wealth for the same seed.
 */
export function runBoltzmannByHand(people: number, ticks: number, ticksPerYear: number, seed: string): HandResult {
  const n = people;
  // Accounts: 0 is the mint (source); person i is account i + 1.
  const balance = new Float64Array(n + 1);
  const credit = new Float64Array(n + 1);
  const debit = new Float64Array(n + 1);
  // Per-person Alea state (c, s0, s1, s2), seeded like the engine's keyed streams.
  const st = keyedStates(seed, "partner", n);
  const sched = scheduleState(seed);
  let c = sched.c;
  let s0 = sched.s0;
  let s1 = sched.s1;
  let s2 = sched.s2;
  for (let i = 0; i < n; i++) {
    balance[0]! -= 1;
    debit[0]! += 1;
    balance[i + 1]! += 1;
    credit[i + 1]! += 1;
  }
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  const givenPerYear: number[] = [];
  let given = 0;
  for (let t = 0; t < ticks; t++) {
    for (let i = n - 1; i > 0; i--) {
      const x = 2091639 * s0 + c * 2.3283064365386963e-10;
      s0 = s1;
      s1 = s2;
      c = x | 0;
      s2 = x - c;
      const j = Math.floor(s2 * (i + 1));
      const tmp = order[i]!;
      order[i] = order[j]!;
      order[j] = tmp;
    }
    for (let k = 0; k < n; k++) {
      const i = order[k]!;
      if (balance[i + 1]! <= 0) continue;
      const b = 4 * i;
      const x = 2091639 * st[b + 1]! + st[b]! * 2.3283064365386963e-10;
      st[b + 1] = st[b + 2]!;
      st[b + 2] = st[b + 3]!;
      const cc = x | 0;
      st[b] = cc;
      const u = (st[b + 3] = x - cc);
      let j = Math.floor(u * (n - 1));
      if (j >= i) j++;
      balance[i + 1]! -= 1;
      debit[i + 1]! += 1;
      balance[j + 1]! += 1;
      credit[j + 1]! += 1;
      given++;
    }
    if ((t + 1) % ticksPerYear === 0) {
      givenPerYear.push(given);
      given = 0;
    }
  }
  return { wealth: balance.subarray(1), givenPerYear };
}
