/**
 * Sobol low-discrepancy points in the unit cube, built with the Gray-code construction
 * (Antonov–Saleev) from the Joe–Kuo "new-joe-kuo-6.21201" direction numbers.
 * @packageDocumentation
 */

import type { Rng } from "../random.js";

/** Bits per coordinate: points are multiples of 2^-32, so at most 2^32 points exist. */
const BITS = 32;
const SCALE = 2 ** BITS;

/**
 * Primitive polynomials and initial direction numbers for dimensions 2 to 128, copied from the
 * first 127 data rows of "new-joe-kuo-6.21201" in
 * S. Joe and F. Y. Kuo, Constructing Sobol sequences with better two-dimensional projections,
 * SIAM J. Sci. Comput. 30, 2635–2654 (2008); https://web.maths.unsw.edu.au/~fkuo/sobol/.
 * Each row is [s, a, m_1, …, m_s]: s is the degree of the primitive polynomial, a encodes its
 * inner coefficients (most significant bit first), m_k are the initial direction numbers.
 * Dimension 1 is not in the file: it uses m_k = 1 for every k (the van der Corput sequence).
 */
const JOE_KUO: readonly (readonly number[])[] = [
  [1, 0, 1], // d = 2
  [2, 1, 1, 3], // d = 3
  [3, 1, 1, 3, 1], // d = 4
  [3, 2, 1, 1, 1], // d = 5
  [4, 1, 1, 1, 3, 3], // d = 6
  [4, 4, 1, 3, 5, 13], // d = 7
  [5, 2, 1, 1, 5, 5, 17], // d = 8
  [5, 4, 1, 1, 5, 5, 5], // d = 9
  [5, 7, 1, 1, 7, 11, 19], // d = 10
  [5, 11, 1, 1, 5, 1, 1], // d = 11
  [5, 13, 1, 1, 1, 3, 11], // d = 12
  [5, 14, 1, 3, 5, 5, 31], // d = 13
  [6, 1, 1, 3, 3, 9, 7, 49], // d = 14
  [6, 13, 1, 1, 1, 15, 21, 21], // d = 15
  [6, 16, 1, 3, 1, 13, 27, 49], // d = 16
  [6, 19, 1, 1, 1, 15, 7, 5], // d = 17
  [6, 22, 1, 3, 1, 15, 13, 25], // d = 18
  [6, 25, 1, 1, 5, 5, 19, 61], // d = 19
  [7, 1, 1, 3, 7, 11, 23, 15, 103], // d = 20
  [7, 4, 1, 3, 7, 13, 13, 15, 69], // d = 21
  [7, 7, 1, 1, 3, 13, 7, 35, 63], // d = 22
  [7, 8, 1, 3, 5, 9, 1, 25, 53], // d = 23
  [7, 14, 1, 3, 1, 13, 9, 35, 107], // d = 24
  [7, 19, 1, 3, 1, 5, 27, 61, 31], // d = 25
  [7, 21, 1, 1, 5, 11, 19, 41, 61], // d = 26
  [7, 28, 1, 3, 5, 3, 3, 13, 69], // d = 27
  [7, 31, 1, 1, 7, 13, 1, 19, 1], // d = 28
  [7, 32, 1, 3, 7, 5, 13, 19, 59], // d = 29
  [7, 37, 1, 1, 3, 9, 25, 29, 41], // d = 30
  [7, 41, 1, 3, 5, 13, 23, 1, 55], // d = 31
  [7, 42, 1, 3, 7, 3, 13, 59, 17], // d = 32
  [7, 50, 1, 3, 1, 3, 5, 53, 69], // d = 33
  [7, 55, 1, 1, 5, 5, 23, 33, 13], // d = 34
  [7, 56, 1, 1, 7, 7, 1, 61, 123], // d = 35
  [7, 59, 1, 1, 7, 9, 13, 61, 49], // d = 36
  [7, 62, 1, 3, 3, 5, 3, 55, 33], // d = 37
  [8, 14, 1, 3, 1, 15, 31, 13, 49, 245], // d = 38
  [8, 21, 1, 3, 5, 15, 31, 59, 63, 97], // d = 39
  [8, 22, 1, 3, 1, 11, 11, 11, 77, 249], // d = 40
  [8, 38, 1, 3, 1, 11, 27, 43, 71, 9], // d = 41
  [8, 47, 1, 1, 7, 15, 21, 11, 81, 45], // d = 42
  [8, 49, 1, 3, 7, 3, 25, 31, 65, 79], // d = 43
  [8, 50, 1, 3, 1, 1, 19, 11, 3, 205], // d = 44
  [8, 52, 1, 1, 5, 9, 19, 21, 29, 157], // d = 45
  [8, 56, 1, 3, 7, 11, 1, 33, 89, 185], // d = 46
  [8, 67, 1, 3, 3, 3, 15, 9, 79, 71], // d = 47
  [8, 70, 1, 3, 7, 11, 15, 39, 119, 27], // d = 48
  [8, 84, 1, 1, 3, 1, 11, 31, 97, 225], // d = 49
  [8, 97, 1, 1, 1, 3, 23, 43, 57, 177], // d = 50
  [8, 103, 1, 3, 7, 7, 17, 17, 37, 71], // d = 51
  [8, 115, 1, 3, 1, 5, 27, 63, 123, 213], // d = 52
  [8, 122, 1, 1, 3, 5, 11, 43, 53, 133], // d = 53
  [9, 8, 1, 3, 5, 5, 29, 17, 47, 173, 479], // d = 54
  [9, 13, 1, 3, 3, 11, 3, 1, 109, 9, 69], // d = 55
  [9, 16, 1, 1, 1, 5, 17, 39, 23, 5, 343], // d = 56
  [9, 22, 1, 3, 1, 5, 25, 15, 31, 103, 499], // d = 57
  [9, 25, 1, 1, 1, 11, 11, 17, 63, 105, 183], // d = 58
  [9, 44, 1, 1, 5, 11, 9, 29, 97, 231, 363], // d = 59
  [9, 47, 1, 1, 5, 15, 19, 45, 41, 7, 383], // d = 60
  [9, 52, 1, 3, 7, 7, 31, 19, 83, 137, 221], // d = 61
  [9, 55, 1, 1, 1, 3, 23, 15, 111, 223, 83], // d = 62
  [9, 59, 1, 1, 5, 13, 31, 15, 55, 25, 161], // d = 63
  [9, 62, 1, 1, 3, 13, 25, 47, 39, 87, 257], // d = 64
  [9, 67, 1, 1, 1, 11, 21, 53, 125, 249, 293], // d = 65
  [9, 74, 1, 1, 7, 11, 11, 7, 57, 79, 323], // d = 66
  [9, 81, 1, 1, 5, 5, 17, 13, 81, 3, 131], // d = 67
  [9, 82, 1, 1, 7, 13, 23, 7, 65, 251, 475], // d = 68
  [9, 87, 1, 3, 5, 1, 9, 43, 3, 149, 11], // d = 69
  [9, 91, 1, 1, 3, 13, 31, 13, 13, 255, 487], // d = 70
  [9, 94, 1, 3, 3, 1, 5, 63, 89, 91, 127], // d = 71
  [9, 103, 1, 1, 3, 3, 1, 19, 123, 127, 237], // d = 72
  [9, 104, 1, 1, 5, 7, 23, 31, 37, 243, 289], // d = 73
  [9, 109, 1, 1, 5, 11, 17, 53, 117, 183, 491], // d = 74
  [9, 122, 1, 1, 1, 5, 1, 13, 13, 209, 345], // d = 75
  [9, 124, 1, 1, 3, 15, 1, 57, 115, 7, 33], // d = 76
  [9, 137, 1, 3, 1, 11, 7, 43, 81, 207, 175], // d = 77
  [9, 138, 1, 3, 1, 1, 15, 27, 63, 255, 49], // d = 78
  [9, 143, 1, 3, 5, 3, 27, 61, 105, 171, 305], // d = 79
  [9, 145, 1, 1, 5, 3, 1, 3, 57, 249, 149], // d = 80
  [9, 152, 1, 1, 3, 5, 5, 57, 15, 13, 159], // d = 81
  [9, 157, 1, 1, 1, 11, 7, 11, 105, 141, 225], // d = 82
  [9, 167, 1, 3, 3, 5, 27, 59, 121, 101, 271], // d = 83
  [9, 173, 1, 3, 5, 9, 11, 49, 51, 59, 115], // d = 84
  [9, 176, 1, 1, 7, 1, 23, 45, 125, 71, 419], // d = 85
  [9, 181, 1, 1, 3, 5, 23, 5, 105, 109, 75], // d = 86
  [9, 182, 1, 1, 7, 15, 7, 11, 67, 121, 453], // d = 87
  [9, 185, 1, 3, 7, 3, 9, 13, 31, 27, 449], // d = 88
  [9, 191, 1, 3, 1, 15, 19, 39, 39, 89, 15], // d = 89
  [9, 194, 1, 1, 1, 1, 1, 33, 73, 145, 379], // d = 90
  [9, 199, 1, 3, 1, 15, 15, 43, 29, 13, 483], // d = 91
  [9, 218, 1, 1, 7, 3, 19, 27, 85, 131, 431], // d = 92
  [9, 220, 1, 3, 3, 3, 5, 35, 23, 195, 349], // d = 93
  [9, 227, 1, 3, 3, 7, 9, 27, 39, 59, 297], // d = 94
  [9, 229, 1, 1, 3, 9, 11, 17, 13, 241, 157], // d = 95
  [9, 230, 1, 3, 7, 15, 25, 57, 33, 189, 213], // d = 96
  [9, 234, 1, 1, 7, 1, 9, 55, 73, 83, 217], // d = 97
  [9, 236, 1, 3, 3, 13, 19, 27, 23, 113, 249], // d = 98
  [9, 241, 1, 3, 5, 3, 23, 43, 3, 253, 479], // d = 99
  [9, 244, 1, 1, 5, 5, 11, 5, 45, 117, 217], // d = 100
  [9, 253, 1, 3, 3, 7, 29, 37, 33, 123, 147], // d = 101
  [10, 4, 1, 3, 1, 15, 5, 5, 37, 227, 223, 459], // d = 102
  [10, 13, 1, 1, 7, 5, 5, 39, 63, 255, 135, 487], // d = 103
  [10, 19, 1, 3, 1, 7, 9, 7, 87, 249, 217, 599], // d = 104
  [10, 22, 1, 1, 3, 13, 9, 47, 7, 225, 363, 247], // d = 105
  [10, 50, 1, 3, 7, 13, 19, 13, 9, 67, 9, 737], // d = 106
  [10, 55, 1, 3, 5, 5, 19, 59, 7, 41, 319, 677], // d = 107
  [10, 64, 1, 1, 5, 3, 31, 63, 15, 43, 207, 789], // d = 108
  [10, 69, 1, 1, 7, 9, 13, 39, 3, 47, 497, 169], // d = 109
  [10, 98, 1, 3, 1, 7, 21, 17, 97, 19, 415, 905], // d = 110
  [10, 107, 1, 3, 7, 1, 3, 31, 71, 111, 165, 127], // d = 111
  [10, 115, 1, 1, 5, 11, 1, 61, 83, 119, 203, 847], // d = 112
  [10, 121, 1, 3, 3, 13, 9, 61, 19, 97, 47, 35], // d = 113
  [10, 127, 1, 1, 7, 7, 15, 29, 63, 95, 417, 469], // d = 114
  [10, 134, 1, 3, 1, 9, 25, 9, 71, 57, 213, 385], // d = 115
  [10, 140, 1, 3, 5, 13, 31, 47, 101, 57, 39, 341], // d = 116
  [10, 145, 1, 1, 3, 3, 31, 57, 125, 173, 365, 551], // d = 117
  [10, 152, 1, 3, 7, 1, 13, 57, 67, 157, 451, 707], // d = 118
  [10, 158, 1, 1, 1, 7, 21, 13, 105, 89, 429, 965], // d = 119
  [10, 161, 1, 1, 5, 9, 17, 51, 45, 119, 157, 141], // d = 120
  [10, 171, 1, 3, 7, 7, 13, 45, 91, 9, 129, 741], // d = 121
  [10, 181, 1, 3, 7, 1, 23, 57, 67, 141, 151, 571], // d = 122
  [10, 194, 1, 1, 3, 11, 17, 47, 93, 107, 375, 157], // d = 123
  [10, 199, 1, 3, 3, 5, 11, 21, 43, 51, 169, 915], // d = 124
  [10, 203, 1, 1, 5, 3, 15, 55, 101, 67, 455, 625], // d = 125
  [10, 208, 1, 3, 5, 9, 1, 23, 29, 47, 345, 595], // d = 126
  [10, 227, 1, 3, 7, 7, 5, 49, 29, 155, 323, 589], // d = 127
  [10, 242, 1, 3, 3, 7, 5, 41, 127, 61, 261, 717], // d = 128
];

/** The highest dimension {@link sobolSequence} supports (the embedded table plus dimension 1). */
export const SOBOL_MAX_DIMENSIONS = JOE_KUO.length + 1;

/** Direction numbers V_1 … V_32 (as unsigned 32-bit integers) of one dimension, 0-based dimension index. */
function directionNumbers(dim: number): Uint32Array {
  const v = new Uint32Array(BITS);
  if (dim === 0) {
    for (let k = 0; k < BITS; k++) v[k] = 2 ** (BITS - 1 - k);
    return v;
  }
  const row = JOE_KUO[dim - 1]!;
  const s = row[0]!;
  const a = row[1]!;
  for (let k = 0; k < s; k++) v[k] = row[2 + k]! * 2 ** (BITS - 1 - k);
  for (let k = s; k < BITS; k++) {
    let value = v[k - s]! ^ (v[k - s]! >>> s);
    for (let j = 1; j < s; j++) {
      if ((a >>> (s - 1 - j)) & 1) value ^= v[k - j]!;
    }
    v[k] = value >>> 0;
  }
  return v;
}

/** Index (0-based) of the lowest zero bit of a non-negative integer below 2^53. */
function lowestZeroBit(i: number): number {
  let bit = 0;
  let rest = i;
  while (rest % 2 === 1) {
    rest = (rest - 1) / 2;
    bit++;
  }
  return bit;
}

/** A uniform 32-bit unsigned integer from a generator's [0, 1) draws (Alea's draws carry 32 bits). */
function uint32(rng: Rng): number {
  return Math.floor(rng.next() * SCALE) >>> 0;
}

/** Number of set bits of a 32-bit integer, modulo 2. */
function parity(x: number): number {
  let v = x >>> 0;
  v ^= v >>> 16;
  v ^= v >>> 8;
  v ^= v >>> 4;
  v ^= v >>> 2;
  v ^= v >>> 1;
  return v & 1;
}

/**
 * Scrambles one dimension's direction numbers in place by a random lower-triangular binary matrix with a unit
 * diagonal (Matoušek's linear matrix scramble): output bit i (from the most significant) is the parity of the
 * input's bits 0 … i under row i of the matrix, so every elementary interval keeps its count of points and the
 * scrambled points are still a (t, m, s)-net.
 */
function scrambleDirections(v: Uint32Array, rng: Rng): void {
  const rows = new Uint32Array(BITS);
  for (let i = 0; i < BITS; i++) {
    const diagonal = 2 ** (BITS - 1 - i);
    // Random bits strictly above the diagonal's (more significant), the diagonal bit set, nothing below.
    const above = i === 0 ? 0 : uint32(rng) & ~(2 * diagonal - 1);
    rows[i] = (above | diagonal) >>> 0;
  }
  for (let k = 0; k < BITS; k++) {
    let out = 0;
    for (let i = 0; i < BITS; i++) if (parity(rows[i]! & v[k]!) === 1) out += 2 ** (BITS - 1 - i);
    v[k] = out >>> 0;
  }
}

/** Options of {@link sobolSequence}. */
export interface SobolSequenceOptions {
  /** Leading points of the sequence to skip; default 0. */
  readonly skip?: number;
  /**
   * Randomise the sequence with this generator (Owen-style scrambling as in SciPy's `scramble=True`: a random
   * linear matrix scramble of each dimension's direction numbers and a random digital shift), so each seed gives
   * an independent copy of the sequence with the same balance, and no two dimensions share their leading points.
   */
  readonly scramble?: Rng;
}

/**
 * The first n points (after `skip`) of the Sobol sequence in [0,1)^dims, in Gray-code order, so each block of
 * 2^k points is a (t, k, dims)-net; unscrambled, the sequence starts with the zero point.
 * @remarks Unscrambled, the leading points of different dimensions coincide (dimensions 1 and 2 agree on their
 * first two points, for example), so a design that takes two matrices from the first points of different
 * dimensions can give a factor the same value in both; scrambling draws each dimension's scramble and shift in
 * dimension order from `options.scramble`, so the same seed gives the same points.
 */
export function sobolSequence(n: number, dims: number, options: SobolSequenceOptions = {}): Float64Array[] {
  const skip = options.skip ?? 0;
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`sobolSequence: n must be an integer >= 1, got ${n}`);
  if (!Number.isInteger(dims) || dims < 1 || dims > SOBOL_MAX_DIMENSIONS) {
    throw new RangeError(
      `sobolSequence: dims must be an integer in [1, ${SOBOL_MAX_DIMENSIONS}] (size of the embedded Joe–Kuo table), got ${dims}`,
    );
  }
  if (!Number.isInteger(skip) || skip < 0) throw new RangeError(`sobolSequence: skip must be an integer >= 0, got ${skip}`);
  if (skip + n > SCALE) throw new RangeError(`sobolSequence: skip + n must not exceed 2^${BITS}, got ${skip + n}`);

  const directions: Uint32Array[] = [];
  const shifts = new Uint32Array(dims);
  for (let d = 0; d < dims; d++) {
    const v = directionNumbers(d);
    if (options.scramble !== undefined) {
      scrambleDirections(v, options.scramble);
      shifts[d] = uint32(options.scramble);
    }
    directions.push(v);
  }

  // The point with index `skip` is the XOR of V_k over the set bits k of gray(skip) = skip ^ (skip >> 1).
  const x = new Uint32Array(dims);
  let rest = skip;
  let previousBit = 0;
  const bits: number[] = [];
  while (rest > 0) {
    bits.push(rest % 2);
    rest = Math.floor(rest / 2);
  }
  for (let k = bits.length - 1; k >= 0; k--) {
    const bit = bits[k]!;
    if ((bit ^ previousBit) === 1) {
      for (let d = 0; d < dims; d++) x[d] = (x[d]! ^ directions[d]![k]!) >>> 0;
    }
    previousBit = bit;
  }

  const points: Float64Array[] = [];
  for (let i = skip; i < skip + n; i++) {
    if (i > skip) {
      const k = lowestZeroBit(i - 1);
      for (let d = 0; d < dims; d++) x[d] = (x[d]! ^ directions[d]![k]!) >>> 0;
    }
    const point = new Float64Array(dims);
    // The digital shift (0 unscrambled), then the point's centre within its 2^-32 cell, so no coordinate is
    // exactly 0 once scrambled (unscrambled points stay the classic multiples of 2^-32).
    for (let d = 0; d < dims; d++) point[d] = options.scramble === undefined ? x[d]! / SCALE : (((x[d]! ^ shifts[d]!) >>> 0) + 0.5) / SCALE;
    points.push(point);
  }
  return points;
}
