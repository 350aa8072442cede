/**
 * Seeded random streams and the distributions a funding model needs.
 * @packageDocumentation
 */
import seedrandom from "seedrandom";

/** A master seed: a number or a string. Derived run seeds are strings such as `"42:7"`. */
export type Seed = number | string;

/** A seeded generator with the distributions a funding model needs; every method advances only this stream. */
export interface Rng {
  /** A uniform draw in [0, 1). */
  next(): number;
  /** A uniform draw in [min, max). */
  uniform(min?: number, max?: number): number;
  /** A uniform integer in [min, max], both inclusive. */
  int(min: number, max: number): number;
  /** A normal draw with the given mean and standard deviation. */
  normal(mean?: number, sd?: number): number;
  /** A lognormal draw: `exp(normal(mu, sigma))`. */
  lognormal(mu: number, sigma: number): number;
  /** A gamma draw with the given shape and scale (mean = shape × scale). */
  gamma(shape: number, scale?: number): number;
  /** A beta draw in (0, 1) with shape parameters a and b (mean = a / (a + b)). */
  beta(a: number, b: number): number;
  /** A Poisson count with mean `lambda`. */
  poisson(lambda: number): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** One element of a non-empty array, uniformly. */
  pick<T>(items: readonly T[]): T;
  /** Shuffles the array in place (Fisher–Yates) and returns it. */
  shuffle<T>(items: T[]): T[];
}

/**
 * One named stream per row, stored contiguously: row i's Alea state is four numbers in one Float64Array,
 * so a kind with 100,000 agents has its streams in one 3.2 MB block, not 100,000 objects. Each method
 * draws from one row's stream only.
 */
export interface StreamColumn {
  /** The stream's name. */
  readonly name: string;
  /** Rows with a stream (keys 0 … size − 1). */
  readonly size: number;
  /** Makes rows up to `size` − 1 available (new rows are keyed by their index). */
  ensure(size: number): void;
  /** Row `row`'s stream as an {@link Rng} (a view: it shares the row's state). */
  rng(row: number): Rng;
  /** A uniform draw in [0, 1) from row `row`. */
  next(row: number): number;
  /** A uniform draw in [min, max) from row `row`. */
  uniform(row: number, min: number, max: number): number;
  /** A uniform integer in [min, max] from row `row`. */
  int(row: number, min: number, max: number): number;
  /** A normal draw from row `row`. */
  normal(row: number, mean: number, sd: number): number;
  /** A lognormal draw from row `row`. */
  lognormal(row: number, mu: number, sigma: number): number;
  /** A gamma draw (shape, scale) from row `row`. */
  gamma(row: number, shape: number, scale: number): number;
  /** A beta draw from row `row`. */
  beta(row: number, a: number, b: number): number;
  /** A Poisson count from row `row`. */
  poisson(row: number, lambda: number): number;
  /** True with probability p, from row `row`. */
  bernoulli(row: number, p: number): boolean;
  /** Shuffles the first `n` entries of `items` in place with row `row`'s stream (Fisher–Yates). */
  shuffle(row: number, items: Int32Array | number[], n?: number): void;
}

/** Named random streams derived from one master seed; see {@link createStreams}. */
export interface RandomStreams<Name extends string = string> {
  /** The master seed the streams derive from. */
  readonly seed: string;
  /** The generator for (name, key): an integer key is a row of the name's column; the same object on every call. */
  get(name: Name, key?: string | number): Rng;
  /** The name's stream column, holding at least `size` rows (keyed 0 … size − 1). */
  column(name: Name, size: number): StreamColumn;
  /** Uniform draws made so far from every stream of this run (a measure of work, for benchmarks). */
  draws(): number;
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`${name}: expected ${expected}, got ${String(value)}`);
}

/** Throws the error of a bad `uniform` range (out of line: the draw itself stays small). */
function badUniform(min: number, max: number): never {
  fail("uniform max", max, `a number ≥ min (${min})`);
}

/** Throws the error of a bad `int` range (out of line: the draw itself stays small). */
function badIntRange(min: number, max: number): never {
  fail("int range", `${min}..${max}`, "integers with min ≤ max");
}

// Lanczos approximation (g = 7, n = 9) of ln Γ(x) for x > 0; ~15 significant digits.
const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
  -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6,
  1.5056327351493116e-7,
];
/** Natural log of the gamma function for x > 0 (Lanczos approximation). */
export function logGamma(x: number): number {
  if (x < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * x)) - logGamma(1 - x);
  const z = x - 1;
  let a = LANCZOS[0]!;
  const t = z + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i]! / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Words per row of Alea state: c, s0, s1, s2. */
const WORDS = 4;
/** Rows a stream column may hold: 2^29, so that every word of a row has an index below 2^31. */
const MAX_ROWS = 2 ** 29;

/**
 * Alea (Baagoe) stepped from states seedrandom produced, with the same arithmetic as seedrandom's
 * `lib/alea.js`, so the draws are identical to `seedrandom.alea(seed)` (tested). States live in one
 * Float64Array, four words a row; new rows' states come from `init`, called once for each block of new rows.
 */
class AleaColumn implements StreamColumn {
  private state: Float64Array;
  /** Rows with a stream (a field, not a getter: it is read on every draw). */
  size = 0;
  /** Uniform draws made from this column's rows. */
  drawn = 0;
  constructor(
    readonly name: string,
    private readonly init: (first: number, end: number, out: Float64Array) => void,
    size: number,
  ) {
    this.state = new Float64Array(Math.max(1, size) * WORDS);
    this.ensure(size);
  }

  ensure(size: number): void {
    if (size <= this.size) return;
    // Fewer than 2^29 rows (16 GiB of state), so that a row's words have 32-bit indices (see `step`).
    if (!(size <= MAX_ROWS)) fail(`stream ${this.name} rows`, size, `at most ${MAX_ROWS}`);
    if (size * WORDS > this.state.length) {
      const grown = new Float64Array(Math.max(size, this.size * 2) * WORDS);
      grown.set(this.state);
      this.state = grown;
    }
    this.init(this.size, size, this.state);
    this.size = size;
  }

  rng(row: number): Rng {
    this.check(row);
    return new RowRng(this, row);
  }

  private check(row: number): void {
    if (!(row >= 0 && row < this.size && Number.isInteger(row))) fail(`stream ${this.name} row`, row, `an integer from 0 to ${this.size - 1}`);
  }

  // The methods below are the hot path of every model: each is kept small enough for V8 to inline it into
  // the caller (with a row view's methods, so the view itself is never allocated), and every error message
  // is built out of line.
  next(row: number): number {
    if (!((row >>> 0) === row && row < this.size)) this.check(row);
    return this.step(row);
  }

  /**
   * A uniform draw in [0, 1) from row `row`, which the caller has checked: a row view's draws come here, since
   * a view is only made for a row that exists, and a column's rows are never taken away.
   */
  step(row: number): number {
    this.drawn++;
    const s = this.state;
    // The row's words are i, i | 1, i | 2 and i | 3 (i = row × 4, its low two bits clear): 32-bit integer
    // arithmetic, which V8 compiles with no overflow checks, exact since a column has fewer than 2^29 rows.
    const i = row << 2;
    const t = 2091639 * s[i | 1]! + s[i]! * 2.3283064365386963e-10; // 2^-32
    s[i | 1] = s[i | 2]!;
    s[i | 2] = s[i | 3]!;
    const c = t | 0;
    s[i] = c;
    return (s[i | 3] = t - c);
  }

  uniform(row: number, min: number, max: number): number {
    if (!(max >= min)) badUniform(min, max);
    return min + (max - min) * this.next(row);
  }

  int(row: number, min: number, max: number): number {
    if (!(Number.isInteger(min) && Number.isInteger(max) && max >= min)) badIntRange(min, max);
    return min + Math.floor(this.next(row) * (max - min + 1));
  }

  normal(row: number, mean: number, sd: number): number {
    if (!(sd >= 0)) fail("normal sd", sd, "a number ≥ 0");
    // Box–Muller, one pair of uniforms per draw (no cached spare: one call, one state change pattern).
    const u1 = 1 - this.next(row);
    const u2 = this.next(row);
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  lognormal(row: number, mu: number, sigma: number): number {
    return Math.exp(this.normal(row, mu, sigma));
  }

  gamma(row: number, shape: number, scale: number): number {
    if (!(shape > 0)) fail("gamma shape", shape, "a number > 0");
    if (!(scale > 0)) fail("gamma scale", scale, "a number > 0");
    // Boost shapes below 1: Γ(k) = Γ(k + 1) · U^(1/k).
    const boost = shape < 1;
    const k = boost ? shape + 1 : shape;
    // Marsaglia and Tsang (2000).
    const d = k - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    let draw: number;
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal(row, 0, 1);
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.next(row);
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) {
        draw = d * v * scale;
        break;
      }
    }
    return boost ? draw * Math.pow(1 - this.next(row), 1 / shape) : draw;
  }

  beta(row: number, a: number, b: number): number {
    if (!(a > 0)) fail("beta a", a, "a number > 0");
    if (!(b > 0)) fail("beta b", b, "a number > 0");
    const x = this.gamma(row, a, 1);
    const y = this.gamma(row, b, 1);
    return x / (x + y);
  }

  poisson(row: number, lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) fail("poisson lambda", lambda, "a finite number ≥ 0");
    if (lambda === 0) return 0;
    if (lambda < 30) {
      // Knuth: multiply uniforms until the product falls below e^-λ.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.next(row);
      while (p > limit) {
        k++;
        p *= this.next(row);
      }
      return k;
    }
    // Hörmann (1993) transformed rejection with squeeze (PTRS).
    const slam = Math.sqrt(lambda);
    const loglam = Math.log(lambda);
    const b = 0.931 + 2.53 * slam;
    const a = -0.059 + 0.02483 * b;
    const invalpha = 1.1239 + 1.1328 / (b - 3.4);
    const vr = 0.9277 - 3.6224 / (b - 2);
    for (;;) {
      const u = this.next(row) - 0.5;
      const v = this.next(row);
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) return k;
    }
  }

  bernoulli(row: number, p: number): boolean {
    if (!(p >= 0 && p <= 1)) fail("bernoulli p", p, "a probability from 0 to 1");
    return this.next(row) < p;
  }

  shuffle(row: number, items: Int32Array | number[], n = items.length): void {
    if (n <= 1) return;
    this.check(row);
    // next() stepped in local variables: the same arithmetic, with the row's state kept out of memory for
    // the whole loop (a shuffle of every agent each tick is one draw per agent).
    const s = this.state;
    const at = row * WORDS;
    let c = s[at]!;
    let s0 = s[at + 1]!;
    let s1 = s[at + 2]!;
    let s2 = s[at + 3]!;
    this.drawn += n - 1;
    // Two passes through the same stores: the first writes the state back unchanged, the second the state
    // after the shuffle. When a process's first shuffle is long, V8 compiles the loop in the middle of it
    // (on-stack replacement), before any store after the loop has run; with the stores only after the loop,
    // that code gave up there for want of type feedback at the end of every later shuffle of the process as
    // well, and kept a number in the heap on every step (75 instructions a row instead of 48 at 100,000
    // rows). With the stores on the loop's path it gives up once, and V8 compiles the function afresh.
    let done = false;
    for (;;) {
      s[at] = c;
      s[at + 1] = s0;
      s[at + 2] = s1;
      s[at + 3] = s2;
      if (done) return;
      done = true;
      for (let i = n - 1; i > 0; i--) {
        const t = 2091639 * s0 + c * 2.3283064365386963e-10; // 2^-32
        s0 = s1;
        s1 = s2;
        c = t | 0;
        s2 = t - c;
        const j = (s2 * (i + 1)) >>> 0; // Math.floor, for a product in [0, 2^32)
        const tmp = items[i]!;
        items[i] = items[j]!;
        items[j] = tmp;
      }
    }
  }
}

/** One row of a stream column seen as an {@link Rng}. */
class RowRng implements Rng {
  // Declared, not initialised as class fields: the constructor is then two plain stores, which keeps it
  // small enough for V8 to inline and to keep the object out of the heap.
  declare private readonly column: AleaColumn;
  declare private readonly row: number;
  constructor(column: AleaColumn, row: number) {
    this.column = column;
    this.row = row;
  }
  // The one-draw methods call the column's step() directly rather than the column's method of the same
  // name: V8 keeps a view out of the heap only when every call made while the view is the receiver is
  // inlined, and one level less makes that the usual case. They skip next()'s row check: a view is made
  // only for a row of its column (checked by `rng` and by the streams' `get`), and rows are never removed.
  next(): number {
    return this.column.step(this.row);
  }
  uniform(min = 0, max = 1): number {
    if (!(max >= min)) badUniform(min, max);
    return min + (max - min) * this.column.step(this.row);
  }
  int(min: number, max: number): number {
    if (!(Number.isInteger(min) && Number.isInteger(max) && max >= min)) badIntRange(min, max);
    return min + Math.floor(this.column.step(this.row) * (max - min + 1));
  }
  normal(mean = 0, sd = 1): number {
    return this.column.normal(this.row, mean, sd);
  }
  lognormal(mu: number, sigma: number): number {
    return this.column.lognormal(this.row, mu, sigma);
  }
  gamma(shape: number, scale = 1): number {
    return this.column.gamma(this.row, shape, scale);
  }
  beta(a: number, b: number): number {
    return this.column.beta(this.row, a, b);
  }
  poisson(lambda: number): number {
    return this.column.poisson(this.row, lambda);
  }
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) fail("bernoulli p", p, "a probability from 0 to 1");
    return this.column.step(this.row) < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) fail("pick items", "[]", "a non-empty array");
    return items[Math.floor(this.next() * items.length)] as T;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.next() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/** Writes seedrandom's Alea state for a seed string into `out` at `at` (c, s0, s1, s2). */
function seedState(seed: string, out: Float64Array, at: number): void {
  const s = seedrandom.alea(seed, { state: true }).state();
  out[at] = s.c;
  out[at + 1] = s.s0;
  out[at + 2] = s.s1;
  out[at + 3] = s.s2;
}

/** Writes seedrandom's Alea state for a seed string into rows `first` … `end` − 1 of `out`. */
function seedStates(seed: string, first: number, end: number, out: Float64Array): void {
  for (let r = first; r < end; r++) seedState(seed, out, r * WORDS);
}

/** A one-row stream column seeded from a string exactly as {@link createRng} seeds its generator (engine use). */
export function seededColumn(seed: string): StreamColumn {
  return new AleaColumn(seed, (first, end, out) => seedStates(seed, first, end, out), 1);
}

/**
 * Creates a generator from a seed string with seedrandom's Alea algorithm: the same draws as
 * `seedrandom.alea(seed)`.
 * @remarks Alea is seedrandom's fast generator (period ≈ 2^116).
 */
export function createRng(seed: string): Rng {
  return seededColumn(seed).rng(0);
}

/**
 * Derives the seed of run `index` of a batch from its master seed, as `"<master>:<index>"`.
 * @remarks The same run index gets the same seed in every scenario of a batch (common random numbers).
 */
export function deriveSeed(master: Seed, index: number): string {
  if (!Number.isInteger(index) || index < 0) fail("run index", index, "a non-negative integer");
  return `${String(master)}:${index}`;
}

/** MurmurHash3's 32-bit finaliser: a fast, well-mixing integer hash. */
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
 * Writes the Alea state for integer key `key` of a stream whose own words are `words`: each of the three
 * state words is the name's word mixed with the key through the Murmur3 finaliser. Skips Alea's
 * per-character string hashing, so a stream per agent costs well under a microsecond.
 */
function keyedState(words: readonly number[], key: number, out: Float64Array, at: number): void {
  const lo = key >>> 0;
  const hi = Math.floor(key / 2 ** 32) >>> 0;
  const k = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  out[at] = 1;
  out[at + 1] = fmix32((words[0]! >>> 0) ^ fmix32(k + 0x9e3779b9)) / 2 ** 32;
  out[at + 2] = fmix32((words[1]! >>> 0) ^ fmix32(k + Math.imul(2, 0x9e3779b9))) / 2 ** 32;
  out[at + 3] = fmix32((words[2]! >>> 0) ^ fmix32(k + Math.imul(3, 0x9e3779b9))) / 2 ** 32;
}

/**
 * The named streams of one run: a class, so that `get` (every per-row action's call) is a method V8 finds
 * through the object's map, and its memory of the last name asked for is two fields, where closure variables
 * would each cost a check that they are initialised, and the function itself a check that it is the one
 * expected.
 */
class NamedStreams<Name extends string> implements RandomStreams<Name> {
  readonly seed: string;
  private readonly columns = new Map<string, AleaColumn>();
  private readonly byString = new Map<string, AleaColumn>();
  /** Every column of the run, for {@link RandomStreams.draws}. */
  private readonly all: AleaColumn[] = [];
  // The column of the last name asked for: calls come in runs of one name (a phase's rows drawing from the
  // same stream), so one string comparison (a pointer comparison for literals) answers most of them. Before
  // the first name, an empty name and a column of no rows, which no row key matches (`column` tests for it):
  // the comparison then only ever sees strings, and V8 compiles it to a pointer comparison instead of a call
  // to its generic equality (which a first comparison with null would leave it with, for every later run).
  private lastName = "";
  private lastColumn: AleaColumn = NO_COLUMN;
  /** The row in `columnFor`'s column of the key it was last given. */
  private keyRow = 0;

  constructor(seed: Seed) {
    this.seed = String(seed);
  }

  get(name: Name, key?: string | number): Rng {
    // A view is made afresh on each call: V8 then keeps it out of the heap when the call inlines into a
    // model's per-row action (no lookup of a stored view, no object per row). The common case (a row of
    // the last column asked for) is all this method tests, so that it stays small enough to inline with the
    // draw and the ledger's postings; every other key goes to `columnFor`. The view is made in one place for
    // both cases: a view made in each branch would meet the other at the return, and V8 then allocates it
    // on every call. ((key >>> 0) === key holds for whole numbers from 0 only, so a string key goes to
    // `columnFor`.)
    let column = this.lastColumn;
    let row = key as number;
    if (!(name === this.lastName && (row >>> 0) === row && row < column.size)) {
      column = this.columnFor(name, key);
      row = this.keyRow;
    }
    return new RowRng(column, row);
  }

  column(name: Name, size: number): StreamColumn {
    const last = this.lastColumn;
    return name === this.lastName && last !== NO_COLUMN && size <= last.size ? last : this.columnOf(name, size);
  }

  draws(): number {
    let n = 0;
    for (const col of this.all) n += col.drawn;
    return n;
  }

  /** The name's column, holding at least `size` rows; remembered as the last column asked for. */
  private columnOf(name: string, size: number): AleaColumn {
    let col = this.columns.get(name);
    if (col === undefined) {
      const base = seedrandom.alea(`${this.seed}\u001f${name}`);
      const words = [base() * 2 ** 32, base() * 2 ** 32, base() * 2 ** 32];
      col = new AleaColumn(
        name,
        (first, end, out) => {
          for (let r = first; r < end; r++) keyedState(words, r, out, r * WORDS);
        },
        size,
      );
      this.columns.set(name, col);
      this.all.push(col);
    } else if (size > col.size) col.ensure(size);
    this.lastName = name;
    this.lastColumn = col;
    return col;
  }

  /** The one-row column of a key that is not a row number (a string, or a number that is not a row). */
  private keyColumn(name: string, key: string | number): AleaColumn {
    const id = `${name}\u001f${typeof key}:${String(key)}`;
    let col = this.byString.get(id);
    if (col === undefined) {
      const s = `${this.seed}\u001f${name}\u001fstring:${String(key)}`;
      col = new AleaColumn(name, (first, end, out) => seedStates(s, first, end, out), 1);
      this.all.push(col);
      this.byString.set(id, col);
    }
    return col;
  }

  /**
   * The column of any (name, key), with the key's row in it in `keyRow`: the name's column for a whole key
   * ≥ 0 (the row), else the key's own stream (row 0).
   */
  private columnFor(name: string, key: string | number | undefined): AleaColumn {
    if (typeof key === "number" && (key | 0) === key && key >= 0) {
      this.keyRow = key;
      return this.columnOf(name, key + 1);
    }
    this.keyRow = 0;
    return this.keyColumn(name, key ?? "");
  }
}

/** The column no name has: `NamedStreams`' last column before the first name is asked for. */
const NO_COLUMN = new AleaColumn("", () => undefined, 0);

/**
 * Creates named random streams from one master seed.
 * @example
 * ```ts
 * const streams = createStreams<"demand" | "qof">(42);
 * const demand = streams.get("demand", 17); // entity 17's demand stream
 * demand.normal(0.03, 0.01);
 * const qof = streams.column("qof", 6230);  // one stream per practice, in one block
 * qof.beta(1234, 57.6, 2.4);                // practice 1234's draw
 * ```
 * @remarks Each (name, key) pair gets its own generator, seeded from (seed, name, key) alone, so drawing
 * from one stream never changes another stream's numbers. This is what makes runs of two scenarios with
 * the same seed paired (common random numbers): key streams by a stable entity id (a practice's index in
 * the population), never by something a scenario can shift. Each name's Alea generator is seeded from the
 * string `seed␟name`; an integer key mixes into that name's three state words through the Murmur3
 * finaliser. `get(name, k)` and `column(name, n).rng(k)` are the same stream (they share its state).
 */
export function createStreams<Name extends string = string>(seed: Seed): RandomStreams<Name> {
  return new NamedStreams<Name>(seed);
}
