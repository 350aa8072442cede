/**
 * Helpers the kinds share: who holds a practice's line, holdings' accounts, sweeping unspent lines, and the
 * checks every policy decision passes at the kind boundary.
 * @packageDocumentation
 */
import type { AccountId, Sim } from "@ringfence/core";
import { GP_LINES, type Kind } from "../domain.js";
import { rangeWords } from "../range-words.js";
import { LINE_COUNT, type World, type NhsTypes } from "../world.js";

/** The simulation as NHS kinds see it. */
export type NhsSim = Sim<NhsTypes>;

/** Host kinds an ICB's integrated health organisation can have (0: none). */
export const HOST = { none: 0, acute: 1, federation: 2 } as const;

/** Thrown when a policy's decision breaks the kind's rules; names the kind, policy, agent row and year. */
export class DecisionError extends Error {
  override readonly name = "DecisionError";
  /** Creates the error. */
  constructor(
    /** The kind whose policy decided. */
    readonly kind: Kind,
    /** The policy's name. */
    readonly policy: string,
    /** The agent's row in its kind's table. */
    readonly row: number,
    /** The financial year label. */
    readonly year: string,
    /** What was wrong. */
    readonly problem: string,
  ) {
    super(`${kind} ${row} (policy ${policy}, ${year}): ${problem}`);
  }
}

/** The year index policies observe: from the scenario's start year (negative in the history years run before it). */
export const policyYear = (w: World): number => w.national.year - w.forwardIndex;

/** The financial year label of the current tick. */
export const yearLabel = (sim: NhsSim): string => sim.calendar.yearLabel(sim.tick);

/**
 * Checks a list of amounts a policy returned: the right length, each a finite whole number of pence from 0
 * to its cap. Returns the amounts; throws a {@link DecisionError} otherwise.
 */
export function checkAmounts(sim: NhsSim, kind: Kind, policy: string, row: number, what: string, values: unknown, caps: readonly number[]): readonly number[] {
  if (!Array.isArray(values) || values.length !== caps.length) rejectAmounts(sim, kind, policy, row, what, values, caps);
  const list = values as readonly unknown[];
  for (let i = 0; i < caps.length; i++) {
    const v = list[i];
    if (!(typeof v === "number" && v >= 0 && v <= caps[i]! && Math.floor(v) === v)) rejectAmounts(sim, kind, policy, row, what, values, caps);
  }
  return list as readonly number[];
}

/** Throws the DecisionError naming what is wrong with a list of amounts (kept out of the checking loop). */
function rejectAmounts(sim: NhsSim, kind: Kind, policy: string, row: number, what: string, values: unknown, caps: readonly number[]): never {
  const fail = (problem: string): never => {
    throw new DecisionError(kind, policy, row, yearLabel(sim), `${what}: ${problem}`);
  };
  if (!Array.isArray(values)) fail(`expected an array of ${caps.length} amounts in pence, got ${typeof values}`);
  const list = values as readonly unknown[];
  if (list.length !== caps.length) fail(`expected ${caps.length} amounts (one per line observed), got ${list.length}`);
  for (let i = 0; i < caps.length; i++) {
    const v = list[i];
    if (typeof v !== "number" || !Number.isFinite(v) || Math.floor(v) !== v) fail(`[${i}]: expected a whole number of pence, got ${String(v)}`);
    if ((v as number) < 0 || (v as number) > caps[i]!) fail(`[${i}]: expected 0 to ${caps[i]} pence, got ${String(v)}`);
  }
  return fail("rejected with no rule broken");
}

/**
 * Checks one amount a policy returned: a finite whole number of pence from 0 to `cap` (`cap` at or above the
 * largest safe integer means no cap). Throws a {@link DecisionError} naming the amount (a scalar, so no index).
 */
export function checkAmount(sim: NhsSim, kind: Kind, policy: string, row: number, what: string, value: unknown, cap: number): number {
  if (typeof value === "number" && value >= 0 && value <= cap && Math.floor(value) === value) return value;
  const problem = `expected a whole number of pence ${rangeWords(0, cap)}, got ${typeof value === "number" ? String(value) : typeof value}`;
  throw new DecisionError(kind, policy, row, yearLabel(sim), `${what}: ${problem}`);
}

/** Checks a number a policy returned is finite and within [min, max]; throws a {@link DecisionError} otherwise. */
export function checkNumber(sim: NhsSim, kind: Kind, policy: string, row: number, what: string, value: unknown, min: number, max: number): number {
  if (typeof value !== "number" || !Number.isFinite(value) || value < min || value > max) {
    throw new DecisionError(kind, policy, row, yearLabel(sim), `${what}: expected a number ${rangeWords(min, max)}, got ${String(value)}`);
  }
  return value;
}

/** The line account of holding `h` for line `line`. */
export const lineAccount = (w: World, h: number, line: number): AccountId => (w.holdings.firstAccount[h]! + line) as AccountId;

/** The holding of the IHO host of ICB row `icb`, or −1 when it has none. */
export function hostHolding(w: World, icb: number): number {
  const t = w.tables;
  const kind = t.icb.cols.hostKind[icb]!;
  const row = t.icb.cols.hostRow[icb]!;
  if (kind === HOST.acute) return t.acute.cols.holding[row]!;
  if (kind === HOST.federation) return t.federation.cols.holding[row]!;
  return -1;
}

/** The holding that pays line `line` this year to practices of ICB `icb` in place `place`. */
export function payingHolding(w: World, icb: number, place: number, line: number): number {
  if (w.pooled[line]) {
    const holder = w.scenario.governance.holder;
    if (holder === "place-board") return w.tables.place.cols.holding[place]!;
    if (holder === "iho") {
      const h = hostHolding(w, icb);
      if (h >= 0) return h;
    }
  }
  return w.tables.icb.cols.holding[icb]!;
}

/** Fills this year's table of paying holdings by area, once ICBs, place boards and IHO hosts have acted. */
export function refreshPaying(w: World): void {
  const { byIcb, byPlace } = w.paying;
  for (let icb = 0; icb < byIcb.length / LINE_COUNT; icb++) {
    for (let line = 0; line < LINE_COUNT; line++) byIcb[icb * LINE_COUNT + line] = payingHolding(w, icb, 0, line);
  }
  if (w.scenario.governance.holder === "place-board") {
    const place = w.tables.place.cols;
    for (let pl = 0; pl < byPlace.length / LINE_COUNT; pl++) {
      for (let line = 0; line < LINE_COUNT; line++) byPlace[pl * LINE_COUNT + line] = w.pooled[line] ? place.holding[pl]! : byIcb[place.icb[pl]! * LINE_COUNT + line]!;
    }
  }
}

/** The holding paying line `line` to a practice of ICB `icb` in place `place` this year, from the table. */
export function paying(w: World, icb: number, place: number, line: number): number {
  return w.placeHolds && w.pooled[line] ? w.paying.byPlace[place * LINE_COUNT + line]! : w.paying.byIcb[icb * LINE_COUNT + line]!;
}

/** Moves whatever is left in a holding's line accounts to `to`; returns the pence moved. */
export function sweepHolding(sim: NhsSim, h: number, to: AccountId, reason: string): number {
  let moved = 0;
  for (let i = 0; i < LINE_COUNT; i++) {
    const acc = lineAccount(sim.world, h, i);
    const left = sim.ledger.balance(acc);
    if (left > 0) {
      sim.ledger.transfer(acc, to, left, GP_LINES[i]!, reason);
      moved += left;
    }
  }
  return moved;
}

/** Reusable typed arrays of one run, by name (so yearly systems do not allocate afresh each year). */
const scratchOf = new WeakMap<World, Map<string, Int32Array | Float64Array>>();

function scratch<A extends Int32Array | Float64Array>(w: World, name: string, n: number, make: (n: number) => A): A {
  let byName = scratchOf.get(w);
  if (byName === undefined) {
    byName = new Map();
    scratchOf.set(w, byName);
  }
  const have = byName.get(name) as A | undefined;
  if (have !== undefined && have.length >= n) return have.subarray(0, n) as A;
  const made = make(Math.max(n, 16));
  byName.set(name, made);
  return made.subarray(0, n) as A;
}

/**
 * An England-wide amount of the history, in pounds, as pence of this run: scaled to the run's share of
 * England's patients (the history's money inputs are all-England figures in £).
 */
export const runPence = (w: World, englandPounds: number): number => Math.round(englandPounds * 100 * w.national.scale);

/** A reusable Int32Array of length `n` for this run (contents are whatever was there: overwrite them). */
export const ints = (w: World, name: string, n: number): Int32Array => scratch(w, name, n, (m) => new Int32Array(m));

/** A reusable Float64Array of length `n` for this run (contents are whatever was there: overwrite them). */
export const doubles = (w: World, name: string, n: number): Float64Array => scratch(w, name, n, (m) => new Float64Array(m));

/**
 * The values of `column` at `rows`, as a plain array (a loop: `Array.from` over a typed array goes through
 * the iterator protocol and costs about a microsecond even for three rows).
 */
export function gather(rows: ArrayLike<number>, column: ArrayLike<number>): number[] {
  const out = new Array<number>(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = column[rows[k]!]!;
  return out;
}
