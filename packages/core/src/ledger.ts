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
  const groups = options.groups;
  const funds = options.funds;
  const groupIndex = new Map<string, number>(groups.map((g, i) => [g, i]));
  const fundIndex = new Map<string, number>(funds.map((f, i) => [f, i]));
  if (groupIndex.size !== groups.length) throw new LedgerError("groups: expected unique names");
  if (fundIndex.size !== funds.length) throw new LedgerError("funds: expected unique names");
  const G = groups.length;
  const F = funds.length;
  const audit = options.audit === true;

  let balances = new Float64Array(64);
  let credits = new Float64Array(64);
  let debits = new Float64Array(64);
  let groupOf = new Int32Array(64);
  let owners = new Int32Array(64);
  let roles = new Uint8Array(64); // 0 holding, 1 source, 2 sink
  let overdraft = new Uint8Array(64);
  const purposes: string[] = [];
  const special = new Map<string, AccountId>();
  let count = 0;
  let flowTable = new Float64Array(G * G * F);
  const closed: { year: string; table: Float64Array }[] = [];
  const log: Posting<Fund>[] = [];
  const ROLE: readonly AccountRole[] = ["holding", "source", "sink"];

  const add = (owner: number, group: Group, purpose: string, role: number, od: boolean): AccountId => {
    const g = groupIndex.get(group);
    if (g === undefined) throw new LedgerError(`account group: expected one of ${groups.join(", ")}, got ${group}`);
    if (count === balances.length) {
      const f64 = (n: number) => new Float64Array(n);
      balances = grow(balances, f64);
      credits = grow(credits, f64);
      debits = grow(debits, f64);
      groupOf = grow(groupOf, (n) => new Int32Array(n));
      owners = grow(owners, (n) => new Int32Array(n));
      roles = grow(roles, (n) => new Uint8Array(n));
      overdraft = grow(overdraft, (n) => new Uint8Array(n));
    }
    const id = count++;
    groupOf[id] = g;
    owners[id] = owner;
    roles[id] = role;
    overdraft[id] = od ? 1 : 0;
    purposes.push(purpose);
    return id as AccountId;
  };
  const checkId = (id: number, what: string): void => {
    if (!(id >= 0 && id < count && Number.isInteger(id))) {
      throw new LedgerError(`${what}: expected an open account id, got ${String(id)}`);
    }
  };
  const info = (id: AccountId): AccountInfo<Group> => {
    checkId(id, "account");
    return {
      id,
      owner: owners[id]!,
      group: groups[groupOf[id]!]!,
      purpose: purposes[id]!,
      role: ROLE[roles[id]!]!,
    };
  };
  const named = (group: Group, role: number): AccountId => {
    const key = `${role}:${group}`;
    let id = special.get(key);
    if (id === undefined) {
      id = add(-1, group, role === 1 ? "source" : "sink", role, role === 1);
      special.set(key, id);
    }
    return id;
  };

  const transfer = (from: AccountId, to: AccountId, pence: number, fund: Fund, reason = ""): void => {
    if (!Number.isSafeInteger(pence) || pence < 0) {
      throw new LedgerError(`transfer pence: expected a non-negative whole number of pence, got ${String(pence)}`);
    }
    checkId(from, "transfer from");
    checkId(to, "transfer to");
    const f = fundIndex.get(fund);
    if (f === undefined) throw new LedgerError(`transfer fund: expected one of ${funds.join(", ")}, got ${fund}`);
    if (from === to) throw new LedgerError(`transfer: from and to are the same account (${from})`);
    if (roles[to] === 1) throw new LedgerError(`transfer to: account ${to} is a source; money cannot flow into a source`);
    if (roles[from] === 2) throw new LedgerError(`transfer from: account ${from} is a sink; money that left cannot return`);
    if (overdraft[from] === 0 && balances[from]! < pence) {
      throw new LedgerError(
        `transfer pence: account ${from} (${groups[groupOf[from]!]} ${purposes[from]}) holds ${balances[from]} and may not go overdrawn, asked for ${pence}`,
      );
    }
    if (pence === 0) return;
    balances[from]! -= pence;
    debits[from]! += pence;
    balances[to]! += pence;
    credits[to]! += pence;
    flowTable[(groupOf[from]! * G + groupOf[to]!) * F + f]! += pence;
    if (audit) log.push({ seq: log.length, from, to, pence, fund, reason });
  };

  const ledger: Ledger<Group, Fund> = {
    open: (spec) => add(spec.owner, spec.group, spec.purpose, 0, spec.overdraft === true),
    source: (group) => named(group, 1),
    sink: (group) => named(group, 2),
    transfer,
    distribute(from, to, weights, pence, fund, reason) {
      if (to.length !== weights.length) {
        throw new LedgerError(`distribute weights: expected ${to.length} weights (one per account), got ${weights.length}`);
      }
      const parts = split(pence, weights);
      for (let i = 0; i < to.length; i++) transfer(from, to[i]!, parts[i]!, fund, reason);
      return parts;
    },
    balance(id) {
      checkId(id, "balance");
      return balances[id]!;
    },
    info,
    get size() {
      return count;
    },
    verify() {
      let moneyIn = 0;
      let moneyOut = 0;
      let held = 0;
      for (let i = 0; i < count; i++) {
        const b = balances[i]!;
        if (!Number.isSafeInteger(b) || b !== credits[i]! - debits[i]!) {
          return {
            ok: false,
            account: info(i as AccountId),
            message: `account ${i} balance ${b} is not its credits ${credits[i]} minus debits ${debits[i]}`,
          };
        }
        if (roles[i] === 0 && overdraft[i] === 0 && b < 0) {
          return { ok: false, account: info(i as AccountId), message: `account ${i} is overdrawn (${b}) without overdraft` };
        }
        if (roles[i] === 1) moneyIn -= b;
        else if (roles[i] === 2) moneyOut += b;
        else held += b;
      }
      if (held !== moneyIn - moneyOut) {
        return {
          ok: false,
          account: null,
          message: `held ${held} differs from money in ${moneyIn} minus money out ${moneyOut}`,
        };
      }
      return { ok: true, moneyIn, moneyOut, held };
    },
    summary() {
      let moneyIn = 0;
      let moneyOut = 0;
      let held = 0;
      const heldByGroup = Object.fromEntries(groups.map((g) => [g, 0])) as Record<Group, number>;
      for (let i = 0; i < count; i++) {
        const b = balances[i]!;
        if (roles[i] === 1) moneyIn -= b;
        else if (roles[i] === 2) moneyOut += b;
        else {
          held += b;
          heldByGroup[groups[groupOf[i]!]!] += b;
        }
      }
      return { moneyIn, moneyOut, held, accounts: count, heldByGroup };
    },
    closeYear(label) {
      closed.push({ year: label, table: flowTable });
      flowTable = new Float64Array(G * G * F);
    },
    flows() {
      return closed.map(({ year, table }) => {
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
    },
    postings: () => log,
  };
  return ledger;
}
