import { createRng, createStreams, deriveSeed, logGamma, type Rng } from "@ringfence/core";
import { mean, variance } from "mathjs";
import seedrandom from "seedrandom";
import { describe, expect, it } from "vitest";

const draws = (n: number, f: () => number): number[] => Array.from({ length: n }, f);
/** Asserts a sample mean is within 5 standard errors of the expected mean. */
const meanNear = (xs: number[], mu: number, sd: number) => expect(Math.abs(Number(mean(xs)) - mu)).toBeLessThan((5 * sd) / Math.sqrt(xs.length));

describe("seeded generators", () => {
  it("draw exactly what seedrandom's Alea draws for the same seed", () => {
    const ours = createRng("ringfence");
    const theirs = seedrandom.alea("ringfence");
    for (let i = 0; i < 1000; i++) expect(ours.next()).toBe(theirs());
  });
  it("pin seedrandom's documented output (README: seedrandom('hello.')() is 0.9282578795792454)", () => {
    expect(seedrandom("hello.")()).toBe(0.9282578795792454);
  });
});

describe("named streams", () => {
  const first = (r: Rng, n = 100) => draws(n, () => r.next());
  it("are deterministic in (seed, name, key)", () => {
    expect(first(createStreams(42).get("demand", 7))).toEqual(first(createStreams(42).get("demand", 7)));
    expect(first(createStreams("a").get("demand", "x"))).toEqual(first(createStreams("a").get("demand", "x")));
  });
  it("are independent: drawing from one never changes another's numbers", () => {
    const s = createStreams(42);
    first(s.get("demand", 1), 1000);
    first(s.get("qof", 1), 333);
    expect(first(s.get("demand", 2))).toEqual(first(createStreams(42).get("demand", 2)));
    expect(first(s.get("other"))).toEqual(first(createStreams(42).get("other")));
  });
  it("differ by seed, name and key, and a second get of a key continues the same stream", () => {
    const s = createStreams(42);
    const base = first(createStreams(42).get("demand", 1));
    expect(first(createStreams(43).get("demand", 1))).not.toEqual(base);
    expect(first(createStreams(42).get("supply", 1))).not.toEqual(base);
    expect(first(createStreams(42).get("demand", 2))).not.toEqual(base);
    expect(first(createStreams(42).get("demand", "1"))).not.toEqual(base);
    const fresh = createStreams(42).get("demand", 1);
    const expected = [fresh.next(), fresh.next(), fresh.next()];
    expect([s.get("demand", 1).next(), s.get("demand", 1).next(), s.column("demand", 2).next(1)]).toEqual(expected);
    const named = createStreams(42).get("other");
    expect([s.get("other").next(), s.get("other").next()]).toEqual([named.next(), named.next()]);
  });
  it("adjacent agent keys are uncorrelated", () => {
    const s = createStreams(1);
    const a = draws(2000, () => 0).map((_, k) => s.get("x", k).next());
    const b = draws(2000, () => 0).map((_, k) => s.get("x", k + 1).next());
    const ma = Number(mean(a));
    const mb = Number(mean(b));
    const cov = a.reduce((n, x, i) => n + (x - ma) * (b[i]! - mb), 0) / a.length;
    expect(Math.abs(cov / Math.sqrt(Number(variance(a)) * Number(variance(b))))).toBeLessThan(0.1);
  });
  it("derive run seeds as master:index", () => {
    expect(deriveSeed(42, 7)).toBe("42:7");
    expect(() => deriveSeed(42, -1)).toThrow("run index: expected a non-negative integer, got -1");
  });
});

describe("distributions: moments over 200,000 draws within 5 standard errors", () => {
  const N = 200_000;
  const r = createRng("moments");
  it("uniform and int", () => {
    meanNear(draws(N, () => r.uniform(2, 5)), 3.5, Math.sqrt(9 / 12));
    const ints = draws(N, () => r.int(1, 6));
    meanNear(ints, 3.5, Math.sqrt(35 / 12));
    expect(new Set(ints)).toEqual(new Set([1, 2, 3, 4, 5, 6]));
  });
  it("normal and lognormal", () => {
    const xs = draws(N, () => r.normal(10, 2));
    meanNear(xs, 10, 2);
    expect(Number(variance(xs))).toBeCloseTo(4, 1);
    meanNear(draws(N, () => r.lognormal(0.1, 0.5)), Math.exp(0.1 + 0.125), Math.sqrt((Math.exp(0.25) - 1) * Math.exp(0.2 + 0.25)));
  });
  it("gamma with shape below and above 1", () => {
    for (const [k, theta] of [[0.5, 2], [3, 1.5]] as const) {
      const xs = draws(N, () => r.gamma(k, theta));
      meanNear(xs, k * theta, Math.sqrt(k) * theta);
      expect(Number(variance(xs)) / (k * theta * theta)).toBeGreaterThan(0.95);
      expect(Number(variance(xs)) / (k * theta * theta)).toBeLessThan(1.05);
    }
  });
  it("beta(2, 5)", () => {
    const xs = draws(N, () => r.beta(2, 5));
    meanNear(xs, 2 / 7, Math.sqrt((2 * 5) / (49 * 8)));
    expect(xs.every((x) => x > 0 && x < 1)).toBe(true);
  });
  it("poisson on both algorithms (λ = 4 multiplicative, λ = 50 transformed rejection)", () => {
    for (const lambda of [4, 50]) {
      const xs = draws(N, () => r.poisson(lambda));
      meanNear(xs, lambda, Math.sqrt(lambda));
      expect(Number(variance(xs)) / lambda).toBeGreaterThan(0.97);
      expect(Number(variance(xs)) / lambda).toBeLessThan(1.03);
      expect(xs.every((x) => Number.isInteger(x) && x >= 0)).toBe(true);
    }
  });
  it("bernoulli, pick and shuffle", () => {
    meanNear(draws(N, () => (r.bernoulli(0.3) ? 1 : 0)), 0.3, Math.sqrt(0.21));
    expect(new Set(draws(1000, () => r.pick(["a", "b", "c"])))).toEqual(new Set(["a", "b", "c"]));
    const xs = Array.from({ length: 50 }, (_, i) => i);
    const shuffled = r.shuffle(xs.slice());
    expect(shuffled.slice().sort((a, b) => a - b)).toEqual(xs);
    expect(shuffled).not.toEqual(xs);
  });
  it("reject bad parameters, naming them", () => {
    expect(() => r.normal(0, -1)).toThrow("normal sd: expected a number ≥ 0, got -1");
    expect(() => r.gamma(0)).toThrow("gamma shape");
    expect(() => r.beta(1, 0)).toThrow("beta b");
    expect(() => r.poisson(-2)).toThrow("poisson lambda");
    expect(() => r.bernoulli(1.5)).toThrow("bernoulli p");
    expect(() => r.pick([])).toThrow("pick items");
    expect(() => r.int(3, 1)).toThrow("int range");
  });
  it("refuse a column of 2^29 rows or more, before allocating it", () => {
    const s = createStreams("limits");
    expect(() => s.column("big", 2 ** 29 + 1)).toThrow("stream big rows: expected at most 536870912");
    expect(() => s.get("big", 2 ** 29)).toThrow("stream big rows");
    expect(s.column("big", 3).size).toBe(3);
  });
  it("logGamma matches known values", () => {
    expect(logGamma(1)).toBeCloseTo(0, 12);
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 10);
  });
});

describe("stream columns", () => {
  it("row k draws exactly what get(name, k) draws, and the two share one state", () => {
    const col = createStreams(5).column("qof", 100);
    for (const k of [0, 1, 17, 99]) {
      const fresh = createStreams(5).get("qof", k);
      for (let i = 0; i < 50; i++) expect(col.next(k)).toBe(fresh.next());
    }
    const s = createStreams(5);
    const c = s.column("qof", 10);
    const viaGet = s.get("qof", 3);
    const seq = [c.next(3), viaGet.next(), c.next(3)];
    const ref = createStreams(5).get("qof", 3);
    expect(seq).toEqual([ref.next(), ref.next(), ref.next()]);
  });
  it("grow without changing existing rows, draw the distributions as Rng does, and count draws", () => {
    const s = createStreams(8);
    const col = s.column("x", 2);
    const first = col.normal(1, 0, 1);
    s.column("x", 500);
    expect(col.size).toBe(500);
    const ref = createStreams(8).get("x", 1);
    expect(first).toBe(ref.normal());
    expect(col.gamma(1, 0.5, 2)).toBe(ref.gamma(0.5, 2));
    expect(col.beta(1, 2, 5)).toBe(ref.beta(2, 5));
    expect(col.poisson(1, 40)).toBe(ref.poisson(40));
    expect(col.next(499)).toBe(createStreams(8).get("x", 499).next());
    expect(s.draws()).toBeGreaterThan(4);
    expect(() => col.next(500)).toThrow("stream x row: expected an integer from 0 to 499, got 500");
    expect(() => col.next(1.5)).toThrow("stream x row: expected an integer from 0 to 499, got 1.5");
    expect(() => col.int(-1, 0, 3)).toThrow("stream x row: expected an integer from 0 to 499, got -1");
  });
  it("shuffle a typed array in place, a permutation, the same for the same seed", () => {
    const a = Int32Array.from({ length: 100 }, (_, i) => i);
    const b = Int32Array.from({ length: 100 }, (_, i) => i);
    createStreams(1).column("order", 1).shuffle(0, a);
    createStreams(1).column("order", 1).shuffle(0, b);
    expect(Array.from(a)).toEqual(Array.from(b));
    expect(Array.from(a).sort((x, y) => x - y)).toEqual(Array.from({ length: 100 }, (_, i) => i));
    expect(Array.from(a)).not.toEqual(Array.from({ length: 100 }, (_, i) => i));
  });
  it("a column's shuffle draws exactly what the row's generator would, and leaves the stream where it would", () => {
    const a = Int32Array.from({ length: 257 }, (_, i) => i);
    const viaColumn = createStreams("s");
    viaColumn.column("order", 3).shuffle(2, a);
    const viaRng = createStreams("s");
    const b = viaRng.get("order", 2).shuffle(Array.from({ length: 257 }, (_, i) => i));
    expect(Array.from(a)).toEqual(b);
    expect(viaColumn.draws()).toBe(viaRng.draws());
    expect(viaColumn.column("order", 3).next(2)).toBe(viaRng.get("order", 2).next());
    expect(() => viaColumn.column("order", 3).shuffle(3, a)).toThrow("stream order row: expected an integer from 0 to 2, got 3");
  });
});
