/**
 * The storage behind a kind: typed-array columns that grow by doubling, active flags, object state per
 * row, and the active-row lists the engine iterates.
 * @packageDocumentation
 */
import type { AgentKind, AgentStore, ColumnArrays, ColumnSpec, ColumnType, Columns, ColumnValues, KindTable, ModelTypes } from "./model.js";
import type { StreamColumn } from "./random.js";

const ARRAY_OF: { readonly [K in ColumnType]: (n: number) => ColumnArrays[K] } = {
  f64: (n) => new Float64Array(n),
  f32: (n) => new Float32Array(n),
  i32: (n) => new Int32Array(n),
  u32: (n) => new Uint32Array(n),
  i16: (n) => new Int16Array(n),
  u16: (n) => new Uint16Array(n),
  i8: (n) => new Int8Array(n),
  u8: (n) => new Uint8Array(n),
};

/** A kind's table; see {@link KindTable}. The engine also keeps each table's visiting order here. */
export class Table<C extends ColumnSpec, S> implements KindTable<C, S> {
  size = 0;
  active: Uint8Array;
  readonly state: S[] = [];
  readonly cols: Columns<C>;
  private readonly arrays: Record<string, ColumnArrays[ColumnType]> = {};
  private readonly names: string[];
  private capacity: number;
  private live = 0;
  private rowList: Int32Array | null = null;
  /** The shuffled visiting order of the current phase and tick, and the stamp it was made for. */
  private order = new Int32Array(0);
  private orderStamp = -1;

  constructor(
    readonly kind: string,
    private readonly spec: C,
    capacity = 16,
  ) {
    this.capacity = Math.max(1, capacity);
    this.names = Object.keys(spec);
    for (const name of this.names) this.arrays[name] = ARRAY_OF[spec[name]!](this.capacity);
    this.cols = this.arrays as Columns<C>;
    this.active = new Uint8Array(this.capacity);
  }

  count(): number {
    return this.live;
  }

  rows(): Int32Array {
    if (this.rowList === null) {
      const list = new Int32Array(this.live);
      let k = 0;
      for (let r = 0; r < this.size; r++) if (this.active[r] === 1) list[k++] = r;
      this.rowList = list;
    }
    return this.rowList;
  }

  /** Adds a row with initial column values and object state; returns the row. */
  add(values: ColumnValues<C> | undefined, state: S | undefined): number {
    if (this.size === this.capacity) this.grow(this.capacity * 2);
    const row = this.size++;
    if (values !== undefined) {
      for (const name of Object.keys(values)) {
        const column = this.arrays[name];
        if (column === undefined) throw new RangeError(`kind ${this.kind}: ${name} is not one of its columns (${this.names.join(", ")})`);
        column[row] = values[name]!;
      }
    }
    this.state[row] = state as S;
    this.active[row] = 1;
    this.live++;
    this.rowList = null;
    this.orderStamp = -1;
    return row;
  }

  /** Adds `count` rows with zeroed columns and no object state; returns the first. */
  addRows(count: number): number {
    if (!(Number.isInteger(count) && count >= 0)) throw new RangeError(`kind ${this.kind} rows: expected a whole number ≥ 0, got ${String(count)}`);
    if (this.size + count > this.capacity) this.grow(Math.max(this.capacity * 2, this.size + count));
    const first = this.size;
    this.active.fill(1, first, first + count);
    this.size += count;
    this.live += count;
    this.rowList = null;
    this.orderStamp = -1;
    return first;
  }

  /** Marks a row removed. */
  remove(row: number): void {
    if (!(Number.isInteger(row) && row >= 0 && row < this.size)) throw new RangeError(`kind ${this.kind} row: expected 0 to ${this.size - 1}, got ${String(row)}`);
    if (this.active[row] === 0) return;
    this.active[row] = 0;
    this.live--;
    this.rowList = null;
    this.orderStamp = -1;
  }

  /** The active rows shuffled with `stream` for `stamp` (one shuffle per stamp; reuses one buffer). */
  shuffled(stream: StreamColumn, stamp: number): Int32Array {
    if (stamp !== this.orderStamp) {
      const rows = this.rows();
      if (this.order.length !== rows.length) this.order = new Int32Array(rows.length);
      if (this.orderStamp === -1) this.order.set(rows);
      stream.shuffle(0, this.order);
      this.orderStamp = stamp;
    }
    return this.order;
  }

  private grow(capacity: number): void {
    for (const name of this.names) {
      const old = this.arrays[name]!;
      const next = ARRAY_OF[this.spec[name]!](capacity);
      next.set(old);
      this.arrays[name] = next;
    }
    const active = new Uint8Array(capacity);
    active.set(this.active);
    this.active = active;
    this.capacity = capacity;
  }
}

/** The agents of a run: one table per kind the model declares, looked up by kind. */
export function createAgentStore<T extends ModelTypes>(kinds: readonly AgentKind<T, ColumnSpec, unknown>[]): { store: AgentStore<T>; tables: Table<ColumnSpec, unknown>[] } {
  const tables = kinds.map((k) => new Table<ColumnSpec, unknown>(k.kind, k.columns ?? {}));
  const byName = new Map<string, Table<ColumnSpec, unknown>>(tables.map((t) => [t.kind, t]));
  const tableOf = (kind: string): Table<ColumnSpec, unknown> => {
    const t = byName.get(kind);
    if (t === undefined) throw new RangeError(`kind: expected one of the model's kinds (${[...byName.keys()].join(", ")}), got ${kind}`);
    return t;
  };
  const store: AgentStore<T> = {
    table: <C extends ColumnSpec, S>(kind: AgentKind<T, C, S>) => tableOf(kind.kind) as Table<ColumnSpec, unknown> as KindTable as KindTable<C, S>,
    tableOf,
    add: (kind, values, state) => tableOf(kind.kind).add(values, state),
    addRows: (kind, count) => tableOf(kind.kind).addRows(count),
    remove: (kind, row) => tableOf(kind).remove(row),
    count(kind) {
      if (kind !== undefined) return tableOf(kind).count();
      let n = 0;
      for (const t of tables) n += t.count();
      return n;
    },
  };
  return { store, tables };
}
