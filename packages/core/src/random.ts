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

/** Named random streams derived from one master seed; see {@link createStreams}. */
export interface RandomStreams<Name extends string = string> {
  /** The master seed the streams derive from. */
  readonly seed: string;
  /** The generator for (name, key), created on first use and the same object thereafter. */
  get(name: Name, key?: string | number): Rng;
}

function fail(name: string, value: unknown, expected: string): never {
  throw new RangeError(`${name}: expected ${expected}, got ${String(value)}`);
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

/** Alea state words, as seedrandom's `alea(seed, { state: true }).state()` returns them. */
interface AleaState {
  c: number;
  s0: number;
  s1: number;
  s2: number;
}

/**
 * Steps Alea (Baagoe) from a state seedrandom produced, with the same arithmetic as seedrandom's
 * `lib/alea.js`, so the draws are identical to `seedrandom.alea(seed)` (tested). seedrandom builds
 * about ten closures per generator; a model with a stream per agent creates tens of thousands of them
 * per run, so stepping the state here keeps stream creation cheap.
 */
class SeededRng implements Rng {
  private c: number;
  private s0: number;
  private s1: number;
  private s2: number;
  constructor(state: AleaState) {
    this.c = state.c;
    this.s0 = state.s0;
    this.s1 = state.s1;
    this.s2 = state.s2;
  }
  private draw(): number {
    const t = 2091639 * this.s0 + this.c * 2.3283064365386963e-10; // 2^-32
    this.s0 = this.s1;
    this.s1 = this.s2;
    return (this.s2 = t - (this.c = t | 0));
  }
  next(): number {
    return this.draw();
  }
  uniform(min = 0, max = 1): number {
    if (!(max >= min)) fail("uniform max", max, `a number ≥ min (${min})`);
    return min + (max - min) * this.draw();
  }
  int(min: number, max: number): number {
    if (!Number.isInteger(min) || !Number.isInteger(max) || max < min) {
      fail("int range", `${min}..${max}`, "integers with min ≤ max");
    }
    return min + Math.floor(this.draw() * (max - min + 1));
  }
  normal(mean = 0, sd = 1): number {
    if (!(sd >= 0)) fail("normal sd", sd, "a number ≥ 0");
    // Box–Muller, one pair of uniforms per draw (no cached spare: one call, one state change pattern).
    const u1 = 1 - this.draw();
    const u2 = this.draw();
    return mean + sd * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
  lognormal(mu: number, sigma: number): number {
    return Math.exp(this.normal(mu, sigma));
  }
  gamma(shape: number, scale = 1): number {
    if (!(shape > 0)) fail("gamma shape", shape, "a number > 0");
    if (!(scale > 0)) fail("gamma scale", scale, "a number > 0");
    if (shape < 1) {
      // Boost: Γ(k) = Γ(k + 1) · U^(1/k).
      return this.gamma(shape + 1, scale) * Math.pow(1 - this.draw(), 1 / shape);
    }
    // Marsaglia and Tsang (2000).
    const d = shape - 1 / 3;
    const c = 1 / Math.sqrt(9 * d);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = this.normal();
        v = 1 + c * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - this.draw();
      if (u < 1 - 0.0331 * x * x * x * x) return d * v * scale;
      if (Math.log(u) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v * scale;
    }
  }
  beta(a: number, b: number): number {
    if (!(a > 0)) fail("beta a", a, "a number > 0");
    if (!(b > 0)) fail("beta b", b, "a number > 0");
    const x = this.gamma(a);
    const y = this.gamma(b);
    return x / (x + y);
  }
  poisson(lambda: number): number {
    if (!(lambda >= 0) || !Number.isFinite(lambda)) fail("poisson lambda", lambda, "a finite number ≥ 0");
    if (lambda === 0) return 0;
    if (lambda < 30) {
      // Knuth: multiply uniforms until the product falls below e^-λ.
      const limit = Math.exp(-lambda);
      let k = 0;
      let p = this.draw();
      while (p > limit) {
        k++;
        p *= this.draw();
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
      const u = this.draw() - 0.5;
      const v = this.draw();
      const us = 0.5 - Math.abs(u);
      const k = Math.floor(((2 * a) / us + b) * u + lambda + 0.43);
      if (us >= 0.07 && v <= vr) return k;
      if (k < 0 || (us < 0.013 && v > us)) continue;
      if (Math.log(v) + Math.log(invalpha) - Math.log(a / (us * us) + b) <= -lambda + k * loglam - logGamma(k + 1)) {
        return k;
      }
    }
  }
  bernoulli(p: number): boolean {
    if (!(p >= 0 && p <= 1)) fail("bernoulli p", p, "a probability from 0 to 1");
    return this.draw() < p;
  }
  pick<T>(items: readonly T[]): T {
    if (items.length === 0) fail("pick items", "[]", "a non-empty array");
    return items[Math.floor(this.draw() * items.length)] as T;
  }
  shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.draw() * (i + 1));
      const tmp = items[i] as T;
      items[i] = items[j] as T;
      items[j] = tmp;
    }
    return items;
  }
}

/**
 * Creates a generator from a seed string with seedrandom's Alea algorithm: the same draws as
 * `seedrandom.alea(seed)`.
 * @remarks Alea is seedrandom's fast generator (period ≈ 2^116).
 */
export function createRng(seed: string): Rng {
  return new SeededRng(seedrandom.alea(seed, { state: true }).state());
}

/**
 * Derives the seed of run `index` of a batch from its master seed, as `"<master>:<index>"`.
 * @remarks The same run index gets the same seed in every scenario of a batch (common random numbers).
 */
export function deriveSeed(master: Seed, index: number): string {
  if (!Number.isInteger(index) || index < 0) fail("run index", index, "a non-negative integer");
  return `${String(master)}:${index}`;
}

/**
 * Creates named random streams from one master seed.
 * @example
 * ```ts
 * const streams = createStreams<"demand" | "qof">(42);
 * const demand = streams.get("demand", 17); // agent 17's demand stream
 * demand.normal(0.03, 0.01);
 * ```
 * @remarks Each (name, key) pair gets its own generator, seeded from (seed, name, key) alone, so drawing
 * from one stream never changes another stream's numbers. This is what makes runs of two scenarios with
 * the same seed paired (common random numbers). Each name's Alea generator is seeded from the string
 * `seed␟name`; an integer key (an agent id) mixes into that name's three state words through the
 * Murmur3 finaliser, which is cheap enough for a stream per agent.
 */
export function createStreams<Name extends string = string>(seed: Seed): RandomStreams<Name> {
  const master = String(seed);
  const byName = new Map<string, { words: readonly number[]; byKey: Map<string | number, Rng> }>();
  return {
    seed: master,
    get(name: Name, key: string | number = ""): Rng {
      let entry = byName.get(name);
      if (entry === undefined) {
        const base = seedrandom.alea(`${master}\u001f${name}`);
        entry = { words: [base() * 2 ** 32, base() * 2 ** 32, base() * 2 ** 32], byKey: new Map() };
        byName.set(name, entry);
      }
      let rng = entry.byKey.get(key);
      if (rng === undefined) {
        rng =
          typeof key === "number" && Number.isSafeInteger(key)
            ? new SeededRng(keyedState(entry.words, key))
            : createRng(`${master}\u001f${name}\u001fstring:${String(key)}`);
        entry.byKey.set(key, rng);
      }
      return rng;
    },
  };
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
 * Alea state for an integer key: each of the three state words is the name's own word mixed with the
 * key through the Murmur3 finaliser. Skips Alea's per-character string hashing, so a stream per agent
 * costs well under a microsecond.
 */
function keyedState(words: readonly number[], key: number): AleaState {
  const lo = key >>> 0;
  const hi = Math.floor(key / 2 ** 32) >>> 0;
  const k = fmix32(lo ^ fmix32(hi + 0x9e3779b9));
  const s0 = fmix32((words[0]! >>> 0) ^ fmix32(k + 0x9e3779b9)) / 2 ** 32;
  const s1 = fmix32((words[1]! >>> 0) ^ fmix32(k + Math.imul(2, 0x9e3779b9))) / 2 ** 32;
  const s2 = fmix32((words[2]! >>> 0) ^ fmix32(k + Math.imul(3, 0x9e3779b9))) / 2 ** 32;
  return { c: 1, s0, s1, s2 };
}
