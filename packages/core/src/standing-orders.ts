/**
 * Standing orders: yearly amounts paid in instalments through the ledger, with arrears, so that a year of
 * monthly payments can be settled exactly in one pass when nothing observes the months in between.
 * @packageDocumentation
 */
import { LedgerError, type AccountId, type Ledger } from "./ledger.js";

/** How a standing order is paid. */
export interface StandingOrderOptions {
  /** Equal instalments a year, from 1 to the ticks per year (12: monthly; 4: quarterly; default 12). */
  readonly instalments?: number;
  /** Pay at most what the payer holds; the rest waits as arrears (default false: the payer may overdraw). */
  readonly capped?: boolean;
  /** Why the money moves (kept with each posting in audit mode). */
  readonly reason?: string;
}

/**
 * The standing orders of the current financial year; set them when the year opens (they are cleared
 * before the year's first phase).
 * @remarks Instalment k of an order of `annual` pence over n instalments falls due at the tick that
 * completes the k-th n-th of the year; the amount due by then is ⌊annual × k / n⌋, so the instalments
 * sum exactly to the annual amount. A capped order pays what is due as far as the payer's balance allows
 * and pays the arrears as soon as money arrives; whatever is unpaid when the year closes is the shortfall.
 * Because of those arrears, the total a capped order has paid by any tick depends only on the totals due
 * and received by then, which is what lets the engine settle a year in one pass (see the simulation's
 * `settlement` option).
 */
export interface StandingOrders<Fund extends string> {
  /** Orders this year. */
  readonly size: number;
  /** Adds an order of `annual` pence from one account to another; returns its index. */
  add(from: AccountId, to: AccountId, annual: number, fund: Fund, options?: StandingOrderOptions): number;
  /**
   * Adds `count` orders at once: order i pays `annual[i]` from `from` (one account, or `from[i]`) to `to`
   * (one account, or `to[i]`); returns the index of the first (the others follow in order).
   */
  addMany(
    from: AccountId | ArrayLike<number>,
    to: AccountId | ArrayLike<number>,
    annual: ArrayLike<number>,
    fund: Fund,
    options?: StandingOrderOptions,
    count?: number,
  ): number;
  /** Pence an order has paid so far this year. */
  paid(order: number): number;
  /** Pence an order is due in the whole year. */
  annual(order: number): number;
}

/** The engine's side of the standing orders: settlement and the year's reset. */
export interface StandingOrderBook<Fund extends string> extends StandingOrders<Fund> {
  /** Pays every order what has fallen due once `elapsed` of the year's `ticksPerYear` ticks are complete. */
  settleThrough(elapsed: number, ticksPerYear: number): void;
  /**
   * Whether settling the whole year in one pass pays exactly what tick-by-tick settlement pays: true when
   * every capped order's payer receives all its standing-order income from orders earlier in the book, and
   * every payer of more than one capped order can pay them all in full by the year's end.
   */
  settlesInOnePass(): boolean;
  /** Removes every order (a new year). */
  clear(): void;
}

function grow<A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number, make: (n: number) => A): A {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Creates the standing-order book of one run over its ledger. */
export function createStandingOrders<Group extends string, Fund extends string>(ledger: Ledger<Group, Fund>, ticksPerYear: number): StandingOrderBook<Fund> {
  let from = new Int32Array(256);
  let to = new Int32Array(256);
  let annual = new Float64Array(256);
  let paid = new Float64Array(256);
  let instalments = new Uint8Array(256);
  let capped = new Uint8Array(256);
  let fundOf = new Int32Array(256);
  const funds: Fund[] = [];
  const fundIndex = new Map<Fund, number>();
  const reasons: string[] = [];
  let size = 0;
  // Scratch per account for settlesInOnePass, reused from year to year: epoch marks, capped orders paid
  // from the account, and a shadow balance.
  let mark = new Int32Array(64);
  let seen = new Int32Array(64);
  let cappedOut = new Int32Array(64);
  let shadow = new Float64Array(64);
  let epoch = 0;

  const check = (k: number): void => {
    if (!(Number.isInteger(k) && k >= 0 && k < size)) throw new RangeError(`standing order: expected an index from 0 to ${size - 1}, got ${String(k)}`);
  };
  const reserve = (n: number): void => {
    from = grow(from, n, (m) => new Int32Array(m));
    to = grow(to, n, (m) => new Int32Array(m));
    annual = grow(annual, n, (m) => new Float64Array(m));
    paid = grow(paid, n, (m) => new Float64Array(m));
    instalments = grow(instalments, n, (m) => new Uint8Array(m));
    capped = grow(capped, n, (m) => new Uint8Array(m));
    fundOf = grow(fundOf, n, (m) => new Int32Array(m));
  };

  const addMany: StandingOrders<Fund>["addMany"] = (a, b, amounts, fund, options = {}, count = amounts.length) => {
    const n = options.instalments ?? ticksPerYear;
    if (!(Number.isInteger(n) && n >= 1 && n <= ticksPerYear && n <= 255)) {
      throw new LedgerError(`standing order instalments: expected an integer from 1 to ${ticksPerYear}, got ${String(n)}`);
    }
    const isCapped = options.capped === true;
    let f = fundIndex.get(fund);
    if (f === undefined) {
      f = funds.length;
      funds.push(fund);
      fundIndex.set(fund, f);
    }
    const first = size;
    reserve(size + count);
    for (let i = 0; i < count; i++) {
      const x = typeof a === "number" ? a : a[i]!;
      const y = typeof b === "number" ? b : b[i]!;
      const p = amounts[i]!;
      if (!(p >= 0 && Number.isSafeInteger(p))) throw new LedgerError(`standing order ${size} annual: expected a non-negative whole number of pence, got ${String(p)}`);
      if (!isCapped && !ledger.mayOverdraw(x as AccountId)) {
        throw new LedgerError(`standing order ${size} from account ${x}: an account that may not go overdrawn can only pay capped orders`);
      }
      ledger.balance(y as AccountId); // checks the payee is an open account
      from[size] = x;
      to[size] = y;
      annual[size] = p;
      paid[size] = 0;
      instalments[size] = n;
      capped[size] = isCapped ? 1 : 0;
      fundOf[size] = f;
      reasons[size] = options.reason ?? "standing order";
      size++;
    }
    return first;
  };

  return {
    get size() {
      return size;
    },
    add: (a, b, amount, fund, options) => addMany(a, b, [amount], fund, options, 1),
    addMany,
    paid(k) {
      check(k);
      return paid[k]!;
    },
    annual(k) {
      check(k);
      return annual[k]!;
    },
    settleThrough(elapsed, T) {
      for (let k = 0; k < size; k++) {
        const n = instalments[k]!;
        const due = Math.floor((annual[k]! * Math.floor((elapsed * n) / T)) / n) - paid[k]!;
        if (due <= 0) continue;
        const payer = from[k]! as AccountId;
        const pay = capped[k] === 1 ? Math.min(due, Math.max(0, ledger.balance(payer))) : due;
        if (pay <= 0) continue;
        ledger.transfer(payer, to[k]! as AccountId, pay, funds[fundOf[k]!]!, reasons[k]);
        paid[k]! += pay;
      }
    },
    settlesInOnePass() {
      epoch++;
      const n = ledger.size;
      mark = grow(mark, n, (m) => new Int32Array(m));
      seen = grow(seen, n, (m) => new Int32Array(m));
      cappedOut = grow(cappedOut, n, (m) => new Int32Array(m));
      shadow = grow(shadow, n, (m) => new Float64Array(m));
      const touch = (acc: number): void => {
        if (seen[acc] === epoch) return;
        seen[acc] = epoch;
        cappedOut[acc] = 0;
        shadow[acc] = ledger.balance(acc as AccountId);
      };
      // A capped payer must not receive from an order later in the book than one it pays from: one pass
      // would then pay it less than tick-by-tick settlement, where the later inflow lands between ticks.
      for (let k = 0; k < size; k++) {
        touch(from[k]!);
        touch(to[k]!);
        if (mark[to[k]!] === epoch) return false;
        if (capped[k] === 1) {
          mark[from[k]!] = epoch;
          cappedOut[from[k]!]!++;
        }
      }
      // A payer of several capped orders that ends the year short shares its shortfall between them by
      // timing tick by tick and by book order in one pass: a dry run on shadow balances rules that out.
      for (let k = 0; k < size; k++) {
        const a = from[k]!;
        const due = annual[k]! - paid[k]!;
        let pay = due;
        if (capped[k] === 1) {
          pay = Math.min(due, Math.max(0, shadow[a]!));
          if (pay < due && cappedOut[a]! > 1) return false;
        }
        shadow[a]! -= pay;
        shadow[to[k]!]! += pay;
      }
      return true;
    },
    clear() {
      size = 0;
      reasons.length = 0;
    },
  };
}
