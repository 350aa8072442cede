/**
 * Experimental designs in the unit cube for exploring a model's inputs: Latin hypercubes, Morris
 * one-at-a-time trajectories and Saltelli's A/B/AB_i matrices for Sobol indices, plus scaling to ranges.
 * @packageDocumentation
 */
import type { Rng } from "../random.js";
import { sobolSequence } from "./sobol-sequence.js";

/** A closed interval an input factor ranges over. */
export interface FactorRange {
  /** Value the unit coordinate 0 maps to. */
  readonly low: number;
  /** Value the unit coordinate 1 maps to. */
  readonly high: number;
}

/** One step of a Morris trajectory: which factor moved and by how much (in unit-cube coordinates). */
export interface MorrisStep {
  /** The 0-based index of the factor that moved. */
  readonly factor: number;
  /** The signed change of that factor, +Δ or −Δ. */
  readonly delta: number;
}

/** Morris trajectories: r trajectories of dims + 1 points each, stored trajectory by trajectory. */
export interface MorrisDesign {
  /** Number of trajectories r. */
  readonly trajectories: number;
  /** Number of factors. */
  readonly dims: number;
  /** Number of grid levels p. */
  readonly levels: number;
  /** The step size Δ = p / (2(p − 1)). */
  readonly delta: number;
  /** r · (dims + 1) points; point s of trajectory t is at index t · (dims + 1) + s. */
  readonly points: Float64Array[];
  /** r · dims steps; step s of trajectory t (from point s to point s + 1) is at index t · dims + s. */
  readonly steps: MorrisStep[];
}

/** Saltelli's design for Sobol indices: n base rows, each expanded to dims + 2 points. */
export interface SaltelliDesign {
  /** Number of base rows n. */
  readonly n: number;
  /** Number of factors. */
  readonly dims: number;
  /**
   * n · (dims + 2) points in the order A_j, AB_1j, …, AB_dj, B_j for each base row j = 0 … n − 1, so
   * A_j is at j · (dims + 2), AB_ij (factor i, 0-based) at j · (dims + 2) + 1 + i and B_j at j · (dims + 2) + dims + 1.
   * AB_i is A with column i taken from B.
   */
  readonly points: Float64Array[];
  /** How A and B were drawn. */
  readonly source: SaltelliSource;
}

/** Chooses Sobol quasi-random base matrices for {@link saltelliDesign} instead of pseudo-random ones. */
export interface SaltelliSobolSource {
  /** Selects the Sobol sequence (2 · dims columns: A from the first dims, B from the rest). */
  readonly sequence: "sobol";
  /** Leading points of the sequence to skip; default 0, so base row 0 is the zero point (unscrambled). */
  readonly skip?: number;
  /**
   * Scramble the sequence with this generator (see `sobolSequence`): recommended, since unscrambled the leading
   * rows of A and B can give a factor the same value in every row at small n (its indices are then 0 exactly).
   */
  readonly scramble?: Rng;
}

/** Why a design or its indices should not be trusted as they stand: what is wrong, in words, and its kind. */
export interface SamplingWarning {
  /**
   * `unresolved`: intervals too wide to tell indices apart (the sample is too small for the factors);
   * `not-varied`: the design gives a factor the same value in A and B in every row (its indices are 0 by
   * construction); `not-power-of-two`: a Sobol design whose n is not a power of two (its balance is lost);
   * `few-trajectories`: a Morris design with fewer trajectories than screening needs.
   */
  readonly kind: "unresolved" | "not-varied" | "not-power-of-two" | "few-trajectories";
  /** The warning and its reason, in one or two sentences. */
  readonly message: string;
}

/** How a Saltelli design's base matrices were drawn. */
export type SaltelliSource = "sobol" | "scrambled-sobol" | "random";

function checkCount(name: string, label: string, value: number, min: number): void {
  if (!Number.isInteger(value) || value < min) {
    throw new RangeError(`${name}: ${label} must be an integer >= ${min}, got ${value}`);
  }
}

/** n points in [0,1)^dims with exactly one point in each of the n equal strata of every dimension, jittered uniformly within its stratum. */
export function latinHypercube(n: number, dims: number, rng: Rng): Float64Array[] {
  checkCount("latinHypercube", "n", n, 1);
  checkCount("latinHypercube", "dims", dims, 1);
  const points: Float64Array[] = [];
  for (let i = 0; i < n; i++) points.push(new Float64Array(dims));
  const strata: number[] = [];
  for (let d = 0; d < dims; d++) {
    strata.length = 0;
    for (let i = 0; i < n; i++) strata.push(i);
    rng.shuffle(strata);
    for (let i = 0; i < n; i++) points[i]![d] = (strata[i]! + rng.next()) / n;
  }
  return points;
}

/**
 * r Morris one-at-a-time trajectories on a p-level grid of [0,1]^dims (Morris 1991, Campolongo et al. 2007):
 * each starts at a random grid point and moves every factor once, in random order, by ±Δ with Δ = p / (2(p − 1)).
 */
export function morrisTrajectories(r: number, dims: number, levels: number, rng: Rng): MorrisDesign {
  checkCount("morrisTrajectories", "r", r, 1);
  checkCount("morrisTrajectories", "dims", dims, 1);
  if (!Number.isInteger(levels) || levels < 2 || levels % 2 !== 0) {
    throw new RangeError(`morrisTrajectories: levels must be an even integer >= 2, got ${levels}`);
  }
  const gridStep = 1 / (levels - 1);
  const deltaSteps = levels / 2; // Δ in grid steps: p / (2(p − 1)) = (p / 2) · 1 / (p − 1)
  const delta = deltaSteps * gridStep;
  const points: Float64Array[] = [];
  const steps: MorrisStep[] = [];
  const order: number[] = [];
  for (let t = 0; t < r; t++) {
    // Each coordinate takes two levels, b and b + Δ with b in the lower half of the grid; it starts at
    // b and moves up, or starts at b + Δ and moves down, with equal probability.
    const level = new Int32Array(dims);
    const up: boolean[] = [];
    for (let d = 0; d < dims; d++) {
      const base = rng.int(0, levels - 1 - deltaSteps);
      const goesUp = rng.next() < 0.5;
      up.push(goesUp);
      level[d] = goesUp ? base : base + deltaSteps;
    }
    order.length = 0;
    for (let d = 0; d < dims; d++) order.push(d);
    rng.shuffle(order);
    const toPoint = (): Float64Array => {
      const point = new Float64Array(dims);
      for (let d = 0; d < dims; d++) point[d] = level[d] === levels - 1 ? 1 : level[d]! * gridStep;
      return point;
    };
    points.push(toPoint());
    for (const factor of order) {
      const goesUp = up[factor]!;
      level[factor] = level[factor]! + (goesUp ? deltaSteps : -deltaSteps);
      steps.push({ factor, delta: goesUp ? delta : -delta });
      points.push(toPoint());
    }
  }
  return { trajectories: r, dims, levels, delta, points, steps };
}

/**
 * Saltelli's (2010) design for first-order and total Sobol indices: base matrices A and B (n × dims) and,
 * for each factor i, AB_i = A with column i from B, flattened as documented on {@link SaltelliDesign.points}.
 * A and B come from `source`: an Rng (uniform draws, A row by row then B) or the Sobol sequence.
 */
export function saltelliDesign(n: number, dims: number, source: Rng | SaltelliSobolSource): SaltelliDesign {
  checkCount("saltelliDesign", "n", n, 1);
  checkCount("saltelliDesign", "dims", dims, 1);
  const a: Float64Array[] = [];
  const b: Float64Array[] = [];
  if ("sequence" in source) {
    const base = sobolSequence(n, 2 * dims, { ...(source.skip === undefined ? {} : { skip: source.skip }), ...(source.scramble === undefined ? {} : { scramble: source.scramble }) });
    for (const row of base) {
      a.push(row.slice(0, dims));
      b.push(row.slice(dims));
    }
  } else {
    for (const matrix of [a, b]) {
      for (let j = 0; j < n; j++) {
        const row = new Float64Array(dims);
        for (let d = 0; d < dims; d++) row[d] = source.next();
        matrix.push(row);
      }
    }
  }
  const points: Float64Array[] = [];
  for (let j = 0; j < n; j++) {
    const aj = a[j]!;
    const bj = b[j]!;
    points.push(aj);
    for (let i = 0; i < dims; i++) {
      const abij = aj.slice();
      abij[i] = bj[i]!;
      points.push(abij);
    }
    points.push(bj);
  }
  return { n, dims, points, source: "sequence" in source ? (source.scramble === undefined ? "sobol" : "scrambled-sobol") : "random" };
}

/**
 * For each factor, the base rows in which A and B give it the same value (so AB_i is A in those rows and they
 * carry no information about it); all n means the design never varies the factor and its indices are 0 by
 * construction. `points` may be the design's own or the same points mapped to ranges (and rounded).
 */
export function saltelliTies(design: Pick<SaltelliDesign, "n" | "dims" | "points">, points: readonly ArrayLike<number>[] = design.points): number[] {
  const { n, dims } = design;
  if (points.length !== n * (dims + 2)) throw new RangeError(`saltelliTies: expected ${n * (dims + 2)} points (n · (dims + 2)), got ${points.length}`);
  const ties = new Array<number>(dims).fill(0);
  for (let j = 0; j < n; j++) {
    const a = points[j * (dims + 2)]!;
    const b = points[j * (dims + 2) + dims + 1]!;
    for (let i = 0; i < dims; i++) if (a[i] === b[i]) ties[i]!++;
  }
  return ties;
}

/** Maps unit-cube points to the given factor ranges, coordinate d going to low_d + u · (high_d − low_d); returns new arrays. */
export function scaleToRanges(unitPoints: readonly ArrayLike<number>[], ranges: readonly FactorRange[]): Float64Array[] {
  return unitPoints.map((unit, row) => {
    if (unit.length !== ranges.length) {
      throw new RangeError(`scaleToRanges: point ${row} has ${unit.length} coordinates but ${ranges.length} ranges were given`);
    }
    const point = new Float64Array(ranges.length);
    ranges.forEach((range, d) => {
      point[d] = range.low + unit[d]! * (range.high - range.low);
    });
    return point;
  });
}
