/**
 * Standing orders: yearly amounts paid in instalments through the ledger, with arrears, so that a year of
 * monthly payments can be settled exactly in one pass when nothing observes the months in between.
 * @packageDocumentation
 */
import { FUND_SLOT, LedgerError, POST_ORDER, UNPOST_ORDER, type AccountId, type Ledger, type TrustedPosting } from "./ledger.js";

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
   * Settles everything still due this year in one pass, posting in bulk, when that provably pays exactly what
   * tick-by-tick settlement pays: every capped order's payer receives all its standing-order income from
   * orders earlier in the book, and every payer of more than one capped order can pay them all in full by
   * the year's end. Returns false, having posted nothing, when it cannot prove it.
   */
  settleYear(): boolean;
  /** Removes every order (a new year). */
  clear(): void;
}

function grow<A extends Float64Array | Int32Array | Uint8Array>(a: A, n: number, make: (n: number) => A): A {
  if (n <= a.length) return a;
  const b = make(Math.max(n, a.length * 2));
  b.set(a);
  return b;
}

/** Throws the error of a standing order whose amount or accounts are wrong. */
function rejectOrder(k: number, x: number, y: number, p: number): never {
  if (!(p >= 0 && Number.isSafeInteger(p))) throw new LedgerError(`standing order ${k} annual: expected a non-negative whole number of pence, got ${String(p)}`);
  throw new LedgerError(`standing order ${k}: expected two different open accounts, got from ${String(x)} to ${String(y)}`);
}

/** Throws the error of an order into a source or out of a sink. */
function rejectRole(k: number, x: number, y: number): never {
  throw new LedgerError(`standing order ${k}: money cannot flow into a source or out of a sink (from account ${x} to account ${y})`);
}

/** Throws the error of an uncapped order from an account that may not go overdrawn. */
function rejectUncapped(k: number, x: number): never {
  throw new LedgerError(`standing order ${k} from account ${x}: an account that may not go overdrawn can only pay capped orders`);
}

/** What the orders `start` to `end − 1` share: they were added by one `addMany` call. */
interface Run<Fund extends string> {
  readonly start: number;
  readonly end: number;
  readonly fund: Fund;
  /** The ledger's index of `fund`, for its trusted postings. */
  readonly slot: number;
  readonly reason: string;
  readonly capped: boolean;
  readonly instalments: number;
}

/**
 * The book's implementation: a class whose arrays are fields, so the loops over orders read them without
 * closure-context loads. Each order is four numbers in parallel typed arrays (payer, payee, annual amount,
 * paid so far); what every order of one `addMany` call shares (fund, reason, capped, instalments) is kept
 * once for the call, as a run of consecutive orders, so the loops branch per run, not per order.
 */
class OrderBook<Group extends string, Fund extends string> implements StandingOrderBook<Fund> {
  private from = new Int32Array(256);
  private to = new Int32Array(256);
  private annualDue = new Float64Array(256);
  private paidSoFar = new Float64Array(256);
  // Each order's payment in settleYear; always as long as paidSoFar, so the two can swap.
  private pays = new Float64Array(256);
  private count = 0;
  // The year's runs of orders, in book order (a handful a year: one per addMany call).
  private readonly runs: Run<Fund>[] = [];
  // Whether some order has been paid something this year (if not, paid so far is zero for every order).
  private anyPaid = false;
  // Scratch per account for settleYear, reused from year to year: the epoch in which the account last paid a
  // capped order and how many it has paid in that epoch; and the payers of orders left short (one entry per
  // such order).
  private mark = new Int32Array(64);
  private cappedOut = new Int32Array(64);
  private shortPayers = new Int32Array(64);
  private epoch = 0;

  private readonly trusted: TrustedPosting;

  constructor(
    private readonly ledger: Ledger<Group, Fund>,
    private readonly ticksPerYear: number,
  ) {
    if (!(POST_ORDER in ledger)) throw new TypeError("standing orders: expected a ledger made by createLedger");
    this.trusted = ledger as Ledger<Group, Fund> & TrustedPosting;
  }

  get size(): number {
    return this.count;
  }

  private check(k: number): void {
    if (!(Number.isInteger(k) && k >= 0 && k < this.count)) throw new RangeError(`standing order: expected an index from 0 to ${this.count - 1}, got ${String(k)}`);
  }

  private reserve(n: number): void {
    if (n <= this.from.length) return;
    this.from = grow(this.from, n, (m) => new Int32Array(m));
    const length = this.from.length;
    this.to = grow(this.to, length, (m) => new Int32Array(m));
    this.annualDue = grow(this.annualDue, length, (m) => new Float64Array(m));
    this.paidSoFar = grow(this.paidSoFar, length, (m) => new Float64Array(m));
    this.pays = grow(this.pays, length, (m) => new Float64Array(m));
  }

  add(from: AccountId, to: AccountId, annual: number, fund: Fund, options?: StandingOrderOptions): number {
    return this.addMany(from, to, [annual], fund, options, 1);
  }

  addMany(a: AccountId | ArrayLike<number>, b: AccountId | ArrayLike<number>, amounts: ArrayLike<number>, fund: Fund, options: StandingOrderOptions = {}, count = amounts.length): number {
    const T = this.ticksPerYear;
    const n = options.instalments ?? T;
    if (!(Number.isInteger(n) && n >= 1 && n <= T && n <= 255)) {
      throw new LedgerError(`standing order instalments: expected an integer from 1 to ${T}, got ${String(n)}`);
    }
    const isCapped = options.capped === true;
    const slot = this.trusted[FUND_SLOT](fund);
    if (slot < 0) throw new LedgerError(`standing order fund: expected one of the ledger's funds, got ${String(fund)}`);
    const first = this.count;
    this.reserve(first + count);
    const { from, to, annualDue, paidSoFar, trusted } = this;
    const accounts = this.ledger.size;
    let lastPayer = -1;
    for (let i = 0; i < count; i++) {
      const k = first + i;
      const x = typeof a === "number" ? a : a[i]!;
      const y = typeof b === "number" ? b : b[i]!;
      const p = amounts[i]!;
      // Checks in line, messages out of line (a template literal in the loop body costs more than the loop).
      if (!(p >= 0 && p <= 9007199254740991 && Math.floor(p) === p && (x >>> 0) === x && x < accounts && (y >>> 0) === y && y < accounts && x !== y)) {
        rejectOrder(k, x, y, p);
      }
      if (trusted.roleOf(y) === 1 || trusted.roleOf(x) === 2) rejectRole(k, x, y);
      if (!isCapped && x !== lastPayer) {
        if (!this.ledger.mayOverdraw(x as AccountId)) rejectUncapped(k, x);
        lastPayer = x;
      }
      from[k] = x;
      to[k] = y;
      annualDue[k] = p;
      paidSoFar[k] = 0;
    }
    if (count > 0) {
      this.count = first + count;
      this.runs.push({ start: first, end: this.count, fund, slot, reason: options.reason ?? "standing order", capped: isCapped, instalments: n });
    }
    return first;
  }

  paid(k: number): number {
    if (!(k >= 0 && k < this.count)) this.check(k);
    return this.paidSoFar[k]!;
  }

  annual(k: number): number {
    if (!(k >= 0 && k < this.count)) this.check(k);
    return this.annualDue[k]!;
  }

  settleThrough(elapsed: number, T: number): void {
    const { from, to, annualDue, paidSoFar, ledger } = this;
    for (const { start, end, fund, reason, capped, instalments: n } of this.runs) {
      const part = Math.floor((elapsed * n) / T);
      for (let k = start; k < end; k++) {
        const due = Math.floor((annualDue[k]! * part) / n) - paidSoFar[k]!;
        if (due <= 0) continue;
        const payer = from[k]! as AccountId;
        const pay = capped ? Math.min(due, Math.max(0, ledger.balance(payer))) : due;
        if (pay <= 0) continue;
        ledger.transfer(payer, to[k]! as AccountId, pay, fund, reason);
        paidSoFar[k]! += pay;
        this.anyPaid = true;
      }
    }
  }

  settleYear(): boolean {
    const epoch = ++this.epoch;
    const n = this.ledger.size;
    if (this.mark.length < n) {
      this.mark = grow(this.mark, n, (m) => new Int32Array(m));
      this.cappedOut = grow(this.cappedOut, n, (m) => new Int32Array(m));
    }
    this.shortPayers = grow(this.shortPayers, this.count, (m) => new Int32Array(m));
    const { from, to, annualDue, paidSoFar, mark, cappedOut, shortPayers, pays, ledger, trusted } = this;
    const paidNothing = !this.anyPaid;
    // One pass in book order, posting as it goes, so the ledger's balances are what tick-by-tick settlement
    // would leave by the year's end. Two things would make it inexact, and then every posting of the pass
    // is taken back: a capped payer receiving from an order later in the book than one it pays from (tick
    // by tick, that later inflow lands between ticks), and a payer of several capped orders ending the year
    // short (tick by tick, timing would decide which order goes unpaid).
    let shorts = 0;
    for (const { start, end, slot, capped } of this.runs) {
      for (let k = start; k < end; k++) {
        const a = from[k]!;
        const b = to[k]!;
        if (mark[b] === epoch) {
          this.takeBack(k);
          return false;
        }
        const due = paidNothing ? annualDue[k]! : annualDue[k]! - paidSoFar[k]!;
        let pay = due;
        if (capped) {
          if (mark[a] !== epoch) {
            mark[a] = epoch;
            cappedOut[a] = 0;
          }
          cappedOut[a]! += 1;
          const have = ledger.balance(a as AccountId);
          if (have < due) {
            pay = Math.max(0, have);
            if (pay < due) shortPayers[shorts++] = a;
          }
        }
        pays[k] = pay;
        if (pay > 0) trusted[POST_ORDER](a, b, pay, slot);
      }
    }
    if (this.shortPayerPaysTwice(shorts)) {
      this.takeBack(this.count);
      return false;
    }
    if (paidNothing) {
      // Paid so far was zero for every order: this year's payments become it (the arrays swap).
      this.paidSoFar = pays;
      this.pays = paidSoFar;
    } else for (let k = 0; k < this.count; k++) paidSoFar[k]! += pays[k]!;
    this.anyPaid = true;
    return true;
  }

  /**
   * Whether a payer left short this year also pays another capped order (before or after the short one): then
   * one pass is not provably exact. A method called on every pass, so that when a year first has short payers
   * only this small function meets code it has not run before, not the whole settlement loop.
   */
  private shortPayerPaysTwice(shorts: number): boolean {
    for (let s = 0; s < shorts; s++) if (this.cappedOut[this.shortPayers[s]!]! > 1) return true;
    return false;
  }

  /** Takes back the postings settleYear made for orders before `end`, last first. */
  private takeBack(end: number): void {
    const { from, to, pays, runs, trusted } = this;
    for (let j = runs.length - 1; j >= 0; j--) {
      const run = runs[j]!;
      for (let k = Math.min(end, run.end) - 1; k >= run.start; k--) if (pays[k]! > 0) trusted[UNPOST_ORDER](from[k]!, to[k]!, pays[k]!, run.slot);
    }
  }

  clear(): void {
    this.count = 0;
    this.runs.length = 0;
    this.anyPaid = false;
  }
}

/** Creates the standing-order book of one run over its ledger. */
export function createStandingOrders<Group extends string, Fund extends string>(ledger: Ledger<Group, Fund>, ticksPerYear: number): StandingOrderBook<Fund> {
  return new OrderBook(ledger, ticksPerYear);
}
