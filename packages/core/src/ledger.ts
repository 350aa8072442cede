/**
 * Double-entry ledger in integer pence, with named sources and sinks and yearly flow tables.
 * @packageDocumentation
 */

/** Identifies an account in one ledger (an index; branded so it is not mixed up with an agent id). */
export type AccountId = number & { readonly __brand: "AccountId" };

/** What an account is for: money held by an agent, the place money enters from, or where it leaves to. */
export type AccountRole = "holding" | "source" | "sink";

/** Options for {@link createLedger}. */
export interface LedgerOptions<Group extends string, Fund extends string> {
  /** Account groups: typically agent kinds plus the names of sources and sinks. Flows are reported by group. */
  readonly groups: readonly Group[];
  /** Funding streams that tag each posting, such as `"core"` or `"qof"`. */
  readonly funds: readonly Fund[];
  /** Keep every posting for audit (off by default: balances and flow tables only). */
  readonly audit?: boolean;
}

/** Description of an account to open. */
export interface AccountSpec<Group extends string> {
  /** Agent id of the owner, or -1 for none. */
  readonly owner: number;
  /** Group the account is reported under. */
  readonly group: Group;
  /** What the account is for, such as `"cash"` or `"pooled-fund"`. */
  readonly purpose: string;
  /** Whether the balance may go below zero (a deficit); false unless set. */
  readonly overdraft?: boolean;
}

/** Read-only facts about an account. */
export interface AccountInfo<Group extends string> {
  /** The account's id. */
  readonly id: AccountId;
  /** Agent id of the owner, or -1. */
  readonly owner: number;
  /** Reporting group. */
  readonly group: Group;
  /** What the account is for. */
  readonly purpose: string;
  /** Holding, source or sink. */
  readonly role: AccountRole;
}

/** One posting kept in audit mode. */
export interface Posting<Fund extends string> {
  /** Sequence number from 0. */
  readonly seq: number;
  /** Account debited. */
  readonly from: AccountId;
  /** Account credited. */
  readonly to: AccountId;
  /** Amount in pence. */
  readonly pence: number;
  /** Funding stream. */
  readonly fund: Fund;
  /** Why the money moved. */
  readonly reason: string;
}

/** One row of a yearly flow table: pence moved from one group to another under one funding stream. */
export interface FlowRow<Group extends string, Fund extends string> {
  /** Group of the debited accounts. */
  readonly from: Group;
  /** Group of the credited accounts. */
  readonly to: Group;
  /** Funding stream. */
  readonly fund: Fund;
  /** Total pence moved in the year. */
  readonly pence: number;
}

/** The flows of one financial year. */
export interface YearFlows<Group extends string, Fund extends string> {
  /** Financial year label, such as `2025/26`. */
  readonly year: string;
  /** Non-zero flows, ordered by (from, to, fund) in declaration order. */
  readonly rows: readonly FlowRow<Group, Fund>[];
}

/** Result of {@link Ledger.verify}. */
export type VerifyResult<Group extends string> =
  | { readonly ok: true; readonly moneyIn: number; readonly moneyOut: number; readonly held: number }
  | { readonly ok: false; readonly account: AccountInfo<Group> | null; readonly message: string };

/** Totals of a ledger at a moment. */
export interface LedgerSummary<Group extends string> {
  /** Pence that entered from sources. */
  readonly moneyIn: number;
  /** Pence that left into sinks. */
  readonly moneyOut: number;
  /** Pence held in holding accounts (moneyIn − moneyOut). */
  readonly held: number;
  /** Number of accounts. */
  readonly accounts: number;
  /** Balance held by each group's holding accounts (sources and sinks excluded). */
  readonly heldByGroup: Readonly<Partial<Record<Group, number>>>;
}

/** A double-entry ledger in integer pence; see {@link createLedger}. */
export interface Ledger<Group extends string, Fund extends string> {
  /** Opens a holding account and returns its id. */
  open(spec: AccountSpec<Group>): AccountId;
  /**
   * Opens `count` holding accounts with consecutive ids (one per row of a kind, say) and returns the first;
   * account k of the block is `first + k`, and `owner` is the block's first owner, counting up.
   */
  openMany(spec: AccountSpec<Group>, count: number): AccountId;
  /** Opens (or returns) the source account named `group`: the only way money enters. */
  source(group: Group): AccountId;
  /** Opens (or returns) the sink account named `group`: the only way money leaves. */
  sink(group: Group): AccountId;
  /** Moves `pence` from one account to another under a funding stream. */
  transfer(from: AccountId, to: AccountId, pence: number, fund: Fund, reason?: string): void;
  /**
   * Moves `pence[i]` from `from` (one account, or `from[i]`) to `to` (one account, or `to[i]`) for each
   * i < `count`, all under one fund: every posting is checked as {@link Ledger.transfer} checks it, and the
   * call is all or nothing (a rejected posting undoes the ones before it).
   */
  transferMany(
    from: AccountId | ArrayLike<number>,
    to: AccountId | ArrayLike<number>,
    pence: ArrayLike<number>,
    fund: Fund,
    reason?: string,
    count?: number,
  ): void;
  /** Moves `pence` from one account to several, split by weights without losing a penny; returns the parts. */
  distribute(
    from: AccountId,
    to: readonly AccountId[],
    weights: readonly number[],
    pence: number,
    fund: Fund,
    reason?: string,
  ): number[];
  /** Current balance of an account in pence. */
  balance(id: AccountId): number;
  /** Whether an account may go below zero: a source, or a holding account opened with `overdraft`. */
  mayOverdraw(id: AccountId): boolean;
  /** Facts about an account. */
  info(id: AccountId): AccountInfo<Group>;
  /**
   * The id of an account this ledger opened, from a plain number (as stored in an `i32` column of a kind's
   * table): the typed way to read an account id back, without a cast.
   * @throws LedgerError when no such account was opened.
   */
  account(id: number): AccountId;
  /** Number of accounts opened. */
  readonly size: number;
  /** Non-zero postings made so far (a measure of work, for benchmarks). */
  readonly postingCount: number;
  /** Proves conservation; names the first broken account if it fails. */
  verify(): VerifyResult<Group>;
  /** Totals now. */
  summary(): LedgerSummary<Group>;
  /** Closes the current financial year's flow table under `label` and starts a new one. */
  closeYear(label: string): void;
  /** Flow tables of every closed financial year, oldest first. */
  flows(): YearFlows<Group, Fund>[];
  /** Every posting, in order (empty unless the ledger was created with `audit: true`). */
  postings(): readonly Posting<Fund>[];
}

/**
 * Keys of the ledger's trusted postings, for core's standing orders only (not exported from the package):
 * they post (or take back) amounts whose accounts and roles were checked when the orders were added,
 * checking overdrafts only.
 */
export const POST_ORDER: unique symbol = Symbol("post a checked order");
/** See {@link POST_ORDER}. */
export const UNPOST_ORDER: unique symbol = Symbol("take back a posted order");
/** See {@link POST_ORDER}. */
export const FUND_SLOT: unique symbol = Symbol("fund slot");

/** The trusted postings the standing orders use; see {@link POST_ORDER}. */
export interface TrustedPosting {
  /** The ledger's index of a fund, or −1 when it is not one of the ledger's funds. */
  [FUND_SLOT](fund: string): number;
  /** Posts `pence` (> 0) from `from` to `to` under fund index `f` (from {@link FUND_SLOT}); throws on an overdraft. */
  [POST_ORDER](from: number, to: number, pence: number, f: number): void;
  /** Takes back the last such posting still standing (postings are taken back in reverse order). */
  [UNPOST_ORDER](from: number, to: number, pence: number, f: number): void;
  /** Whether an account is a source (1), a sink (2) or a holding account (0). */
  roleOf(id: number): number;
}

/** Thrown when a posting is not allowed (bad amount, unknown account, overdraft, money into a source). */
export class LedgerError extends Error {
  override readonly name = "LedgerError";
}

/** Throws the error of a split weight that is negative, NaN or infinite (out of the loop that checks). */
function rejectWeight(i: number, w: number): never {
  throw new LedgerError(`split weights[${i}]: expected a finite number ≥ 0, got ${String(w)}`);
}

/**
 * Splits `total` pence by non-negative weights with the largest-remainder method.
 * @example
 * ```ts
 * split(100, [1, 1, 1]); // [34, 33, 33]
 * ```
 * @remarks The parts always sum exactly to `total`; ties go to the earlier weight. A weight of zero gets 0.
 */
export function split(total: number, weights: readonly number[]): number[] {
  if (!Number.isSafeInteger(total) || total < 0) {
    throw new LedgerError(`split total: expected a non-negative whole number of pence, got ${String(total)}`);
  }
  let sum = 0;
  for (let i = 0; i < weights.length; i++) {
    const w = weights[i]!;
    if (!(w >= 0 && w < Number.POSITIVE_INFINITY)) rejectWeight(i, w);
    sum += w;
  }
  if (total === 0) return weights.map(() => 0);
  if (!(sum > 0)) throw new LedgerError(`split weights: expected at least one weight > 0, got [${weights.join(", ")}]`);
  const parts = new Array<number>(weights.length);
  const frac = new Float64Array(weights.length);
  let given = 0;
  for (let i = 0; i < weights.length; i++) {
    const quota = (total * weights[i]!) / sum;
    const whole = Math.floor(quota);
    parts[i] = whole;
    frac[i] = quota - whole;
    given += whole;
  }
  let remainder = total - given;
  if (remainder > 0 && weights.length <= 32) {
    // Few weights: hand the spare pennies to the largest fractions by selection (earlier index first among
    // equals), which is what sorting would do, without allocating.
    let positive = 0;
    for (let i = 0; i < weights.length; i++) if (weights[i]! > 0) positive++;
    if (remainder < positive) {
      for (; remainder > 0; remainder--) {
        let best = -1;
        for (let i = 0; i < weights.length; i++) if (weights[i]! > 0 && frac[i]! >= 0 && (best < 0 || frac[i]! > frac[best]!)) best = i;
        parts[best]! += 1;
        frac[best] = -1;
      }
      return parts;
    }
  }
  if (remainder !== 0) {
    const order = Array.from(weights.keys());
    // Largest fraction first, earlier index first among equals.
    order.sort((a, b) => frac[b]! - frac[a]! || a - b);
    // Floating error can over- or under-shoot by a few pence: add to the largest fractions,
    // or take back from the smallest fractions of non-zero parts.
    for (let k = 0; remainder > 0; k = (k + 1) % order.length) {
      const i = order[k]!;
      if (weights[i]! > 0) {
        parts[i]! += 1;
        remainder--;
      }
    }
    for (let k = order.length - 1; remainder < 0; k = (k - 1 + order.length) % order.length) {
      const i = order[k]!;
      if (parts[i]! > 0) {
        parts[i]! -= 1;
        remainder++;
      }
    }
  }
  return parts;
}

function grow<A extends Float64Array | Int32Array>(a: A, length: number, make: (n: number) => A): A {
  const b = make(length);
  b.set(a);
  return b;
}

const ROLE: readonly AccountRole[] = ["holding", "source", "sink"];

// Each account is a 32-byte block [balance, meta, credits, debits] (never split across cache lines): a
// posting reads and writes one cache line per account, however many accounts there are. The balance and
// totals are doubles; the second double holds two 32-bit integers, read through an Int32Array over the same
// buffer (int32 words 8 × id + 2 and 8 × id + 3), so the hot path tests bits with no conversion:
// - meta = group << 4 | open << 3 | overdraft << 2 | role (0 holding, 1 source, 2 sink), where the open bit
//   is set for every account opened, so a block past the last account (meta 0) or an id past the buffer
//   (undefined) fails the same test as a sink or a source;
// - flow = group × funds, the account's offset in a flow table (see `post`).
const W = 4;
const BAL = 0;
const CREDITS = 2;
const DEBITS = 3;
/** Int32 words per account block, and the offsets of the meta and flow words in a block. */
const MW = 8;
const MW_META = 2;
const MW_FLOW = 3;
const SOURCE = 1;
const SINK = 2;
const ROLE_BITS = 3;
const OVERDRAFT = 4;
const OPEN = 8;
const GROUP_SHIFT = 4;
/**
 * Accounts a ledger may hold: 2^28, so that the int32 word index of any of an account's words (8 × id + 3 at
 * most) is below 2^31 and `transfer` can compute it with 32-bit shifts.
 */
const MAX_ACCOUNTS = 2 ** 28;

/**
 * The ledger's implementation: a class whose arrays and fund table are fields, so the transfer hot path
 * reads them without closure-context loads, and whose accounts are interleaved blocks (one cache line per
 * account per posting, which keeps the cost of a posting flat from a thousand accounts to a million).
 */
class DoubleEntryLedger<Group extends string, Fund extends string> implements Ledger<Group, Fund>, TrustedPosting {
  private acc = new Float64Array(64 * W);
  /** The meta words of `acc`'s blocks: an Int32Array over the same buffer (word MW × id + MW_META). */
  private meta32 = new Int32Array(this.acc.buffer);
  private owners = new Int32Array(64);
  private purposeOf = new Int32Array(64);
  private readonly purposes: string[] = [];
  private readonly purposeIndex = new Map<string, number>();
  private posted = 0;
  private readonly special = new Map<string, AccountId>();
  private count = 0;
  // Fields set in the constructor are declared, not initialised as class fields (which would first set them
  // to undefined): V8 then knows their type (a small integer, a boolean) where the hot path reads them.
  declare private flowTable: Float64Array;
  private readonly closed: { year: string; table: Float64Array }[] = [];
  private readonly log: Posting<Fund>[] = [];
  // An object with fast properties answers a fund lookup faster than a Map; Object.prototype holds no
  // numbers, so the typeof check in fundIndex also rejects inherited names.
  private readonly fundSlot: Record<string, unknown> = {};
  // The fund of the last successful lookup and its slot: postings come in runs of one fund, so one string
  // comparison (a pointer comparison for literals) answers most lookups. null matches no fund.
  private lastFund: string | null = null;
  private lastFundSlot = -1;
  declare private readonly groupIndex: Map<string, number>;
  declare private readonly G: number;
  declare private readonly F: number;
  declare private readonly audit: boolean;
  declare private readonly groups: readonly Group[];
  declare private readonly funds: readonly Fund[];

  constructor(options: LedgerOptions<Group, Fund>) {
    this.groups = options.groups;
    this.funds = options.funds;
    this.groupIndex = new Map<string, number>(this.groups.map((g, i) => [g, i]));
    if (this.groupIndex.size !== this.groups.length) throw new LedgerError("groups: expected unique names");
    if (new Set(this.funds).size !== this.funds.length) throw new LedgerError("funds: expected unique names");
    this.funds.forEach((f, i) => {
      this.fundSlot[f] = i;
    });
    this.G = this.groups.length;
    this.F = this.funds.length;
    this.audit = options.audit === true;
    this.flowTable = new Float64Array(this.G * this.G * this.F);
  }

  get size(): number {
    return this.count;
  }

  get postingCount(): number {
    return this.posted;
  }

  private add(owner: number, group: Group, purpose: string, role: number, od: boolean): AccountId {
    const g = this.groupIndex.get(group);
    if (g === undefined) throw new LedgerError(`account group: expected one of ${this.groups.join(", ")}, got ${group}`);
    this.reserve(this.count + 1);
    const id = this.count++;
    this.meta32[id * MW + MW_META] = (g << GROUP_SHIFT) | OPEN | (od ? OVERDRAFT : 0) | role;
    this.meta32[id * MW + MW_FLOW] = g * this.F;
    this.owners[id] = owner;
    let k = this.purposeIndex.get(purpose);
    if (k === undefined) {
      k = this.purposes.length;
      this.purposes.push(purpose);
      this.purposeIndex.set(purpose, k);
    }
    this.purposeOf[id] = k;
    return id as AccountId;
  }

  /** Makes room for `accounts` accounts in all, doubling the arrays as often as needed. */
  private reserve(accounts: number): void {
    if (accounts <= this.owners.length) return;
    if (accounts > MAX_ACCOUNTS) throw new LedgerError(`accounts: a ledger holds at most ${MAX_ACCOUNTS}, asked for ${accounts}`);
    let n = this.owners.length * 2;
    while (n < accounts) n *= 2;
    this.acc = grow(this.acc, n * W, (m) => new Float64Array(m));
    this.meta32 = new Int32Array(this.acc.buffer);
    this.owners = grow(this.owners, n, (m) => new Int32Array(m));
    this.purposeOf = grow(this.purposeOf, n, (m) => new Int32Array(m));
  }

  private checkId(id: number, what: string): void {
    if (!(id >= 0 && id < this.count && Number.isInteger(id))) {
      throw new LedgerError(`${what}: expected an open account id, got ${String(id)}`);
    }
  }

  private meta(id: number): number {
    return this.meta32[id * MW + MW_META]!;
  }

  private named(group: Group, role: number): AccountId {
    const key = `${role}:${group}`;
    let id = this.special.get(key);
    if (id === undefined) {
      id = this.add(-1, group, role === SOURCE ? "source" : "sink", role, role === SOURCE);
      this.special.set(key, id);
    }
    return id;
  }

  open(spec: AccountSpec<Group>): AccountId {
    return this.add(spec.owner, spec.group, spec.purpose, 0, spec.overdraft === true);
  }

  openMany(spec: AccountSpec<Group>, count: number): AccountId {
    if (!(Number.isInteger(count) && count >= 1)) throw new LedgerError(`openMany count: expected a whole number ≥ 1, got ${String(count)}`);
    this.reserve(this.count + count);
    const first = this.add(spec.owner, spec.group, spec.purpose, 0, spec.overdraft === true);
    // The rest of the block copies the first account's meta, flow and purpose words (no lookup per account).
    this.reserve(first + count);
    const m32 = this.meta32;
    const meta = m32[first * MW + MW_META]!;
    const flow = m32[first * MW + MW_FLOW]!;
    const purpose = this.purposeOf[first]!;
    for (let id = first + 1; id < first + count; id++) {
      m32[id * MW + MW_META] = meta;
      m32[id * MW + MW_FLOW] = flow;
      this.owners[id] = spec.owner + (id - first);
      this.purposeOf[id] = purpose;
    }
    this.count = first + count;
    return first;
  }

  source(group: Group): AccountId {
    return this.named(group, SOURCE);
  }

  sink(group: Group): AccountId {
    return this.named(group, SINK);
  }

  // transfer, post and balance are every model's hot path. Their bytecode is kept small so that V8 inlines
  // them (and the row streams' draws) into a model's loop, a per-row action included: hence block offsets
  // written as numbers (doubles: 0 balance, 2 credits, 3 debits, four a block; int32 words: 2 meta, 3 flow,
  // eight a block) and meta bits as masks (8 open, 4 overdraft, 2 sink, 1 source), where named constants
  // would each cost a context load; messages are built out of line. Word indices are 32-bit shifts and ors
  // (id << 2 is an account's first double, its words' low bits clear), which V8 compiles with no overflow
  // checks: exact for ids below 2^28, the most a ledger holds (MAX_ACCOUNTS).
  transfer(from: AccountId, to: AccountId, pence: number, fund: Fund, reason?: string): void {
    const f = fund === this.lastFund ? this.lastFundSlot : this.fundIndex(fund);
    const acc = this.acc;
    const m32 = this.meta32;
    const a = from << 2;
    const b = to << 2;
    const ma = m32[(a << 1) | 2]!;
    const mb = m32[(b << 1) | 2]!;
    // Whole pence from 0 to 2^53 − 1 (NaN and ±Infinity fail), distinct ids of open accounts (an id that is
    // not a whole number from 0 to 2^28 − 1 fails `(id & 0xfffffff) === id` whatever its shifts read), no
    // money out of a sink (from: open, not a sink, & 10 is 8) nor into a source (to: & 9 is 8), no overdraft
    // unless allowed (& 5: overdraft or source).
    if (
      !(f >= 0 && Number.isSafeInteger(pence) && pence >= 0 && (from & 0xfffffff) === from && (to & 0xfffffff) === to && from !== to && (ma & 10) === 8 && (mb & 9) === 8) ||
      ((ma & 5) === 0 && acc[a]! < pence)
    ) {
      this.rejectTransfer(from, to, pence, fund);
    }
    if (pence === 0) return;
    // `post`, written out: a transfer is then one function to inline, and a call (five arguments) less
    // leaves room in V8's inlining budget for the rest of a per-row action. Keep the two in step.
    acc[a]! -= pence;
    acc[a | 3]! += pence;
    acc[b]! += pence;
    acc[b | 2]! += pence;
    this.flowTable[m32[(a << 1) | 3]! * this.G + m32[(b << 1) | 3]! + f]! += pence;
    this.posted++;
  }

  /**
   * Posts `p` pence (> 0) from `x` to `y` under fund index `f`, already checked: both balances, their debit and
   * credit totals, the year's flow table and the count (and, in an {@link AuditedLedger}, the audit log). Every
   * posting goes through here or through `transfer`, which writes the same steps out.
   */
  protected post(x: number, y: number, p: number, f: number, reason: string | undefined): void {
    const acc = this.acc;
    const a = x << 2;
    const b = y << 2;
    acc[a]! -= p;
    acc[a | 3]! += p;
    acc[b]! += p;
    acc[b | 2]! += p;
    // The flow table's cell (from group × G + to group) × F + f, from the accounts' flow words (group × F;
    // int32 word 8 × id + 3, that is 2a | 3).
    const m32 = this.meta32;
    this.flowTable[m32[(a << 1) | 3]! * this.G + m32[(b << 1) | 3]! + f]! += p;
    this.posted++;
  }

  /** Keeps a posting in the audit log. */
  protected record(from: number, to: number, pence: number, f: number, reason: string | undefined): void {
    this.log.push({ seq: this.log.length, from: from as AccountId, to: to as AccountId, pence, fund: this.funds[f]!, reason: reason ?? "" });
  }

  transferMany(from: AccountId | ArrayLike<number>, to: AccountId | ArrayLike<number>, pence: ArrayLike<number>, fund: Fund, reason?: string, count = pence.length): void {
    const f = this.fundIndex(fund);
    if (f < 0) throw new LedgerError(`transferMany fund: expected one of ${this.funds.join(", ")}, got ${fund}`);
    const fromOne = typeof from === "number";
    const toOne = typeof to === "number";
    if (!(Number.isInteger(count) && count >= 0 && count <= pence.length && (fromOne || count <= from.length) && (toOne || count <= to.length))) {
      throw new LedgerError(`transferMany count: expected a whole number no larger than every array given, got ${String(count)}`);
    }
    const n = this.count;
    const acc = this.acc;
    const m32 = this.meta32;
    // Pass 1: the checks that do not depend on balances, so a bad posting is found before any money moves.
    for (let i = 0; i < count; i++) {
      const p = pence[i]!;
      const x = fromOne ? from : from[i]!;
      const y = toOne ? to : to[i]!;
      if (
        !(p >= 0 && p <= Number.MAX_SAFE_INTEGER && Math.floor(p) === p) ||
        !((x >>> 0) === x && x < n && (y >>> 0) === y && y < n) ||
        x === y ||
        (m32[y * MW + MW_META]! & ROLE_BITS) === SOURCE ||
        (m32[x * MW + MW_META]! & ROLE_BITS) === SINK
      ) {
        this.rejectMany(i, x, y, p, fund);
      }
    }
    // Pass 2: post, checking overdrafts as balances change; a refusal undoes this call's postings.
    for (let i = 0; i < count; i++) {
      const p = pence[i]!;
      if (p === 0) continue;
      const x = fromOne ? from : from[i]!;
      const y = toOne ? to : to[i]!;
      if ((m32[x * MW + MW_META]! & (OVERDRAFT | SOURCE)) === 0 && acc[x * W + BAL]! < p) {
        const problem = this.transferProblem(x as AccountId, y as AccountId, p, fund);
        this.undoMany(from, to, pence, f, i);
        throw new LedgerError(`transferMany posting ${i}: ${problem}`);
      }
      this.post(x, y, p, f, reason);
    }
  }

  roleOf(id: number): number {
    return this.meta(id) & ROLE_BITS;
  }

  [FUND_SLOT](fund: string): number {
    return this.fundIndex(fund);
  }

  [POST_ORDER](x: number, y: number, p: number, f: number): void {
    if ((this.meta(x) & (OVERDRAFT | SOURCE)) === 0 && this.acc[x * W + BAL]! < p) throw new LedgerError(`standing order settlement: ${this.transferProblem(x as AccountId, y as AccountId, p, this.funds[f]!)}`);
    this.post(x, y, p, f, "standing order");
  }

  [UNPOST_ORDER](x: number, y: number, p: number, f: number): void {
    this.unpost(x, y, p, f);
  }

  /** Takes back a posting of `p` pence from `x` to `y` under fund index `f` (and its audit record, the last). */
  private unpost(x: number, y: number, p: number, f: number): void {
    const acc = this.acc;
    const a = x * W;
    const b = y * W;
    acc[a + BAL]! += p;
    acc[a + DEBITS]! -= p;
    acc[b + BAL]! -= p;
    acc[b + CREDITS]! -= p;
    this.flowTable[this.meta32[x * MW + MW_FLOW]! * this.G + this.meta32[y * MW + MW_FLOW]! + f]! -= p;
    this.posted--;
    if (this.audit) this.log.pop();
  }

  /** Reverses the first `upTo` postings of a transferMany call (all passed pass 1, so they are valid). */
  private undoMany(from: AccountId | ArrayLike<number>, to: AccountId | ArrayLike<number>, pence: ArrayLike<number>, f: number, upTo: number): void {
    for (let i = 0; i < upTo; i++) {
      const p = pence[i]!;
      if (p === 0) continue;
      this.unpost(typeof from === "number" ? from : from[i]!, typeof to === "number" ? to : to[i]!, p, f);
    }
  }

  /** Throws the LedgerError of posting `i` of a transferMany call, prefixed with its index. */
  private rejectMany(i: number, from: number, to: number, pence: number, fund: string): never {
    throw new LedgerError(`transferMany posting ${i}: ${this.transferProblem(from as AccountId, to as AccountId, pence, fund)}`);
  }

  /** Index of a fund, or -1; remembers the last fund asked for, since postings come in runs of one fund. */
  protected fundIndex(fund: string): number {
    const f = this.fundSlot[fund];
    if (typeof f !== "number") return -1;
    this.lastFund = fund;
    this.lastFundSlot = f;
    return f;
  }

  /** Throws the LedgerError naming the first rule a transfer breaks. */
  private rejectTransfer(from: AccountId, to: AccountId, pence: number, fund: string): never {
    throw new LedgerError(this.transferProblem(from, to, pence, fund));
  }

  /** The first rule a transfer breaks, in words (the checks of `transfer`, in order). */
  private transferProblem(from: AccountId, to: AccountId, pence: number, fund: string): string {
    if (!Number.isSafeInteger(pence) || pence < 0) return `transfer pence: expected a non-negative whole number of pence, got ${String(pence)}`;
    for (const [id, what] of [[from, "transfer from"], [to, "transfer to"]] as const) {
      if (!(id >= 0 && id < this.count && Number.isInteger(id))) return `${what}: expected an open account id, got ${String(id)}`;
    }
    if (this.fundIndex(fund) < 0) return `transfer fund: expected one of ${this.funds.join(", ")}, got ${fund}`;
    if (from === to) return `transfer: from and to are the same account (${from})`;
    if ((this.meta(to) & ROLE_BITS) === SOURCE) return `transfer to: account ${to} is a source; money cannot flow into a source`;
    if ((this.meta(from) & ROLE_BITS) === SINK) return `transfer from: account ${from} is a sink; money that left cannot return`;
    if (!this.mayOverdraw(from) && this.balance(from) < pence) {
      return `transfer pence: account ${from} (${this.groups[this.meta(from) >> GROUP_SHIFT]} ${this.purposes[this.purposeOf[from]!]}) holds ${this.balance(from)} and may not go overdrawn, asked for ${pence}`;
    }
    return `transfer: rejected with no rule broken (from ${from}, to ${to}, ${pence} pence, fund ${fund})`;
  }

  distribute(from: AccountId, to: readonly AccountId[], weights: readonly number[], pence: number, fund: Fund, reason?: string): number[] {
    if (to.length !== weights.length) {
      throw new LedgerError(`distribute weights: expected ${to.length} weights (one per account), got ${weights.length}`);
    }
    const parts = split(pence, weights);
    this.transferMany(from, to, parts, fund, reason);
    return parts;
  }

  balance(id: AccountId): number {
    if (!((id >>> 0) === id && id < this.count)) this.checkId(id, "balance");
    return this.acc[id << 2]!;
  }

  mayOverdraw(id: AccountId): boolean {
    this.checkId(id, "account");
    return (this.meta(id) & (OVERDRAFT | SOURCE)) !== 0;
  }

  account(id: number): AccountId {
    this.checkId(id, "account");
    return id as AccountId;
  }

  info(id: AccountId): AccountInfo<Group> {
    this.checkId(id, "account");
    const m = this.meta(id);
    return { id, owner: this.owners[id]!, group: this.groups[m >> GROUP_SHIFT]!, purpose: this.purposes[this.purposeOf[id]!]!, role: ROLE[m & ROLE_BITS]! };
  }

  verify(): VerifyResult<Group> {
    let moneyIn = 0;
    let moneyOut = 0;
    let held = 0;
    const acc = this.acc;
    for (let i = 0; i < this.count; i++) {
      const b = acc[i * W + BAL]!;
      const credits = acc[i * W + CREDITS]!;
      const debits = acc[i * W + DEBITS]!;
      const m = this.meta(i);
      if (!Number.isSafeInteger(b) || b !== credits - debits) {
        return { ok: false, account: this.info(i as AccountId), message: `account ${i} balance ${b} is not its credits ${credits} minus debits ${debits}` };
      }
      if ((m & (OVERDRAFT | 3)) === 0 && b < 0) {
        return { ok: false, account: this.info(i as AccountId), message: `account ${i} is overdrawn (${b}) without overdraft` };
      }
      if ((m & ROLE_BITS) === SOURCE) moneyIn -= b;
      else if ((m & ROLE_BITS) === SINK) moneyOut += b;
      else held += b;
    }
    if (held !== moneyIn - moneyOut) {
      return { ok: false, account: null, message: `held ${held} differs from money in ${moneyIn} minus money out ${moneyOut}` };
    }
    return { ok: true, moneyIn, moneyOut, held };
  }

  summary(): LedgerSummary<Group> {
    let moneyIn = 0;
    let moneyOut = 0;
    let held = 0;
    const heldByGroup = Object.fromEntries(this.groups.map((g) => [g, 0])) as Record<Group, number>;
    const acc = this.acc;
    for (let i = 0; i < this.count; i++) {
      const b = acc[i * W + BAL]!;
      const m = this.meta(i);
      if ((m & ROLE_BITS) === SOURCE) moneyIn -= b;
      else if ((m & ROLE_BITS) === SINK) moneyOut += b;
      else {
        held += b;
        heldByGroup[this.groups[m >> GROUP_SHIFT]!] += b;
      }
    }
    return { moneyIn, moneyOut, held, accounts: this.count, heldByGroup };
  }

  closeYear(label: string): void {
    this.closed.push({ year: label, table: this.flowTable });
    this.flowTable = new Float64Array(this.G * this.G * this.F);
  }

  flows(): YearFlows<Group, Fund>[] {
    const { G, F, groups, funds } = this;
    return this.closed.map(({ year, table }) => {
      const rows: FlowRow<Group, Fund>[] = [];
      for (let i = 0; i < table.length; i++) {
        const pence = table[i]!;
        if (pence === 0) continue;
        const f = i % F;
        const pair = (i - f) / F;
        rows.push({ from: groups[Math.floor(pair / G)]!, to: groups[pair % G]!, fund: funds[f]!, pence });
      }
      return { year, rows };
    });
  }

  postings(): readonly Posting<Fund>[] {
    return this.log;
  }
}

/**
 * A ledger that also keeps every posting: its own class, so that an ordinary ledger's postings test no audit
 * flag (and `transfer` stays small enough to inline).
 */
class AuditedLedger<Group extends string, Fund extends string> extends DoubleEntryLedger<Group, Fund> {
  override transfer(from: AccountId, to: AccountId, pence: number, fund: Fund, reason?: string): void {
    super.transfer(from, to, pence, fund, reason);
    if (pence !== 0) this.record(from, to, pence, this.fundIndex(fund), reason);
  }

  protected override post(x: number, y: number, p: number, f: number, reason: string | undefined): void {
    super.post(x, y, p, f, reason);
    this.record(x, y, p, f, reason);
  }
}

/**
 * Creates a double-entry ledger.
 * @example
 * ```ts
 * const ledger = createLedger({ groups: ["treasury", "practice", "spent"], funds: ["core"] });
 * const treasury = ledger.source("treasury");
 * const practice = ledger.open({ owner: 0, group: "practice", purpose: "cash" });
 * ledger.transfer(treasury, practice, 12_179, "core", "global sum");
 * ledger.verify().ok; // true
 * ```
 * @remarks Balances live in typed arrays and are whole pence (exact up to 2^53). Money enters only by a
 * transfer out of a source account and leaves only by a transfer into a sink account, so at every moment
 * the sum of holding balances equals money in minus money out.
 */
export function createLedger<Group extends string, Fund extends string>(
  options: LedgerOptions<Group, Fund>,
): Ledger<Group, Fund> {
  return options.audit === true ? new AuditedLedger(options) : new DoubleEntryLedger(options);
}
