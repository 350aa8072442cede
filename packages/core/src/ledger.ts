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
  readonly heldByGroup: Readonly<Record<Group, number>>;
}

/** A double-entry ledger in integer pence; see {@link createLedger}. */
export interface Ledger<Group extends string, Fund extends string> {
  /** Opens a holding account and returns its id. */
  open(spec: AccountSpec<Group>): AccountId;
  /** Opens (or returns) the source account named `group`: the only way money enters. */
  source(group: Group): AccountId;
  /** Opens (or returns) the sink account named `group`: the only way money leaves. */
  sink(group: Group): AccountId;
  /** Moves `pence` from one account to another under a funding stream. */
  transfer(from: AccountId, to: AccountId, pence: number, fund: Fund, reason?: string): void;
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
  /** Facts about an account. */
  info(id: AccountId): AccountInfo<Group>;
  /** Number of accounts opened. */
  readonly size: number;
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

/** Thrown when a posting is not allowed (bad amount, unknown account, overdraft, money into a source). */
export class LedgerError extends Error {
  override readonly name = "LedgerError";
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
    if (!(w >= 0) || !Number.isFinite(w)) {
      throw new LedgerError(`split weights[${i}]: expected a finite number ≥ 0, got ${String(w)}`);
    }
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

function grow<A extends Float64Array | Int32Array | Uint8Array>(a: A, make: (n: number) => A): A {
  const b = make(a.length * 2);
  b.set(a);
  return b;
}

const ROLE: readonly AccountRole[] = ["holding", "source", "sink"];

/**
 * The ledger's implementation: a class whose typed arrays and fund table are fields, so the transfer hot
 * path reads them without closure-context loads (measured ~2× faster than a closure-based version).
 */
class DoubleEntryLedger<Group extends string, Fund extends string> implements Ledger<Group, Fund> {
  private balances = new Float64Array(64);
  private credits = new Float64Array(64);
  private debits = new Float64Array(64);
  private groupOf = new Int32Array(64);
  private owners = new Int32Array(64);
  private roles = new Uint8Array(64); // 0 holding, 1 source, 2 sink
  private overdraft = new Uint8Array(64);
  private readonly purposes: string[] = [];
  private readonly special = new Map<string, AccountId>();
  private count = 0;
  private flowTable: Float64Array;
  private readonly closed: { year: string; table: Float64Array }[] = [];
  private readonly log: Posting<Fund>[] = [];
  // An object with fast properties answers the fund lookup faster than a Map; Object.prototype holds no
  // numbers, so the typeof check also rejects inherited names.
  private readonly fundSlot: Record<string, unknown> = {};
  private readonly groupIndex: Map<string, number>;
  private readonly G: number;
  private readonly F: number;
  private readonly audit: boolean;
  private readonly groups: readonly Group[];
  private readonly funds: readonly Fund[];

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

  private add(owner: number, group: Group, purpose: string, role: number, od: boolean): AccountId {
    const g = this.groupIndex.get(group);
    if (g === undefined) throw new LedgerError(`account group: expected one of ${this.groups.join(", ")}, got ${group}`);
    if (this.count === this.balances.length) {
      const f64 = (n: number) => new Float64Array(n);
      this.balances = grow(this.balances, f64);
      this.credits = grow(this.credits, f64);
      this.debits = grow(this.debits, f64);
      this.groupOf = grow(this.groupOf, (n) => new Int32Array(n));
      this.owners = grow(this.owners, (n) => new Int32Array(n));
      this.roles = grow(this.roles, (n) => new Uint8Array(n));
      this.overdraft = grow(this.overdraft, (n) => new Uint8Array(n));
    }
    const id = this.count++;
    this.groupOf[id] = g;
    this.owners[id] = owner;
    this.roles[id] = role;
    this.overdraft[id] = od ? 1 : 0;
    this.purposes.push(purpose);
    return id as AccountId;
  }

  private checkId(id: number, what: string): void {
    if (!(id >= 0 && id < this.count && Number.isInteger(id))) {
      throw new LedgerError(`${what}: expected an open account id, got ${String(id)}`);
    }
  }

  private named(group: Group, role: number): AccountId {
    const key = `${role}:${group}`;
    let id = this.special.get(key);
    if (id === undefined) {
      id = this.add(-1, group, role === 1 ? "source" : "sink", role, role === 1);
      this.special.set(key, id);
    }
    return id;
  }

  open(spec: AccountSpec<Group>): AccountId {
    return this.add(spec.owner, spec.group, spec.purpose, 0, spec.overdraft === true);
  }

  source(group: Group): AccountId {
    return this.named(group, 1);
  }

  sink(group: Group): AccountId {
    return this.named(group, 2);
  }

  transfer(from: AccountId, to: AccountId, pence: number, fund: Fund, reason = ""): void {
    if (!Number.isSafeInteger(pence) || pence < 0) {
      throw new LedgerError(`transfer pence: expected a non-negative whole number of pence, got ${String(pence)}`);
    }
    const count = this.count;
    if (!((from >>> 0) === from && from < count)) this.checkId(from, "transfer from");
    if (!((to >>> 0) === to && to < count)) this.checkId(to, "transfer to");
    const f = this.fundSlot[fund];
    if (typeof f !== "number") throw new LedgerError(`transfer fund: expected one of ${this.funds.join(", ")}, got ${fund}`);
    if (from === to) throw new LedgerError(`transfer: from and to are the same account (${from})`);
    const roles = this.roles;
    if (roles[to] === 1) throw new LedgerError(`transfer to: account ${to} is a source; money cannot flow into a source`);
    if (roles[from] === 2) throw new LedgerError(`transfer from: account ${from} is a sink; money that left cannot return`);
    const balances = this.balances;
    if (this.overdraft[from] === 0 && balances[from]! < pence) {
      throw new LedgerError(
        `transfer pence: account ${from} (${this.groups[this.groupOf[from]!]} ${this.purposes[from]}) holds ${balances[from]} and may not go overdrawn, asked for ${pence}`,
      );
    }
    if (pence === 0) return;
    balances[from]! -= pence;
    this.debits[from]! += pence;
    balances[to]! += pence;
    this.credits[to]! += pence;
    const groupOf = this.groupOf;
    this.flowTable[(groupOf[from]! * this.G + groupOf[to]!) * this.F + f]! += pence;
    if (this.audit) this.log.push({ seq: this.log.length, from, to, pence, fund, reason });
  }

  distribute(from: AccountId, to: readonly AccountId[], weights: readonly number[], pence: number, fund: Fund, reason?: string): number[] {
    if (to.length !== weights.length) {
      throw new LedgerError(`distribute weights: expected ${to.length} weights (one per account), got ${weights.length}`);
    }
    const parts = split(pence, weights);
    for (let i = 0; i < to.length; i++) this.transfer(from, to[i]!, parts[i]!, fund, reason);
    return parts;
  }

  balance(id: AccountId): number {
    if (!((id >>> 0) === id && id < this.count)) this.checkId(id, "balance");
    return this.balances[id]!;
  }

  info(id: AccountId): AccountInfo<Group> {
    this.checkId(id, "account");
    return { id, owner: this.owners[id]!, group: this.groups[this.groupOf[id]!]!, purpose: this.purposes[id]!, role: ROLE[this.roles[id]!]! };
  }

  verify(): VerifyResult<Group> {
    let moneyIn = 0;
    let moneyOut = 0;
    let held = 0;
    for (let i = 0; i < this.count; i++) {
      const b = this.balances[i]!;
      if (!Number.isSafeInteger(b) || b !== this.credits[i]! - this.debits[i]!) {
        return { ok: false, account: this.info(i as AccountId), message: `account ${i} balance ${b} is not its credits ${this.credits[i]} minus debits ${this.debits[i]}` };
      }
      if (this.roles[i] === 0 && this.overdraft[i] === 0 && b < 0) {
        return { ok: false, account: this.info(i as AccountId), message: `account ${i} is overdrawn (${b}) without overdraft` };
      }
      if (this.roles[i] === 1) moneyIn -= b;
      else if (this.roles[i] === 2) moneyOut += b;
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
    for (let i = 0; i < this.count; i++) {
      const b = this.balances[i]!;
      if (this.roles[i] === 1) moneyIn -= b;
      else if (this.roles[i] === 2) moneyOut += b;
      else {
        held += b;
        heldByGroup[this.groups[this.groupOf[i]!]!] += b;
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
  return new DoubleEntryLedger(options);
}
