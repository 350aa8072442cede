import { describe, expect, it } from "vitest";
import { createRng } from "../random.js";
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from "./sobol-sequence.js";

// Reference values from an independent implementation: SciPy's scipy.stats.qmc.Sobol(d=128, scramble=False),
// which also uses the Joe–Kuo new-joe-kuo-6.21201 direction numbers in Gray-code order.
/** Point 1000 of the 128-dimensional sequence, times 2^10. */
const POINT_1000_TIMES_1024 = [
  225, 99, 531, 693, 287, 929, 47, 921, 513, 71, 87, 261, 165, 393, 147, 379, 737, 353, 1015, 743, 535, 563,
  973, 553, 597, 929, 41, 1003, 61, 349, 151, 149, 303, 607, 821, 789, 869, 851, 315, 491, 935, 261, 983,
  719, 861, 95, 893, 941, 1023, 491, 361, 529, 771, 449, 129, 913, 465, 81, 905, 585, 457, 617, 265, 457,
  133, 509, 573, 61, 197, 877, 157, 261, 933, 245, 189, 917, 543, 547, 867, 123, 111, 755, 951, 767, 351,
  1007, 963, 491, 599, 723, 787, 547, 7, 615, 375, 887, 247, 783, 835, 191, 787, 555, 903, 567, 791, 65, 773,
  693, 201, 105, 991, 815, 963, 629, 97, 885, 135, 163, 37, 621, 261, 795, 509, 563, 465, 691, 173, 557,
];
/** Point 123456789 of the 128-dimensional sequence, times 2^30. */
const POINT_123456789_TIMES_2_30 = [
  1047862216, 850867304, 6878296, 975803336, 939372104, 914141784, 1047228488, 743323784, 688902504,
  433713256, 852415800, 1053427096, 392611784, 774148312, 1044055496, 737373384, 1042829768, 1031973320,
  192432872, 1047627064, 256158392, 412449240, 117514312, 743640344, 958060424, 94291816, 435309064,
  703451192, 490607880, 147822264, 834119160, 520510088, 224332120, 294818456, 493863832, 295367064,
  294113832, 88106312, 144204712, 1071050888, 54610408, 524660056, 42303640, 815086504, 283151240, 489244184,
  429052392, 932498376, 574361992, 739928696, 269837032, 425668760, 440197160, 630477624, 283768552,
  391134456, 139589592, 529603960, 168872856, 42257976, 213396136, 576514520, 144999496, 271909448,
  944922984, 426427096, 443870296, 933554200, 449621400, 691995512, 578586424, 62692520, 636360, 1073354008,
  651540616, 832861256, 325351320, 73110184, 977605096, 404386120, 902378840, 440652520, 26839448, 741026232,
  826130936, 1043416632, 440519816, 362407592, 8267096, 600851512, 637126648, 232792728, 2762824, 29506536,
  966604936, 983249992, 348658344, 638230120, 743101400, 672347048, 574749560, 380488552, 145508408,
  292600568, 128887288, 136302984, 70726392, 745773880, 424798424, 154902856, 50848504, 976061400, 979829080,
  682295992, 878017912, 80395624, 772457512, 148072280, 252579208, 627483688, 671360536, 318439256,
  262065448, 888014616, 489193192, 828122536, 249189928, 719844664,
];

describe("sobolSequence", () => {
  it("starts with the published points of dimensions 1-3", () => {
    const points = sobolSequence(8, 3).map((p) => Array.from(p));
    expect(points).toEqual([
      [0, 0, 0],
      [0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25],
      [0.25, 0.75, 0.75],
      [0.375, 0.375, 0.625],
      [0.875, 0.875, 0.125],
      [0.625, 0.125, 0.875],
      [0.125, 0.625, 0.375],
    ]);
  });

  it("matches an independent implementation in all 128 dimensions", () => {
    const points = sobolSequence(1001, SOBOL_MAX_DIMENSIONS);
    expect(SOBOL_MAX_DIMENSIONS).toBe(128);
    expect(Array.from(points[1000]!, (v) => v * 1024)).toEqual(POINT_1000_TIMES_1024);
    const skipped = sobolSequence(2, 128, { skip: 999 });
    expect(Array.from(skipped[1]!)).toEqual(Array.from(points[1000]!));
    const far = sobolSequence(1, 128, { skip: 123456789 })[0]!;
    expect(Array.from(far, (v) => v * 2 ** 30)).toEqual(POINT_123456789_TIMES_2_30);
  });

  it("stratifies the first 2^k points of every coordinate, one per interval of width 2^-k", () => {
    for (const k of [1, 4, 8, 10]) {
      const n = 2 ** k;
      const points = sobolSequence(n, 64);
      for (let d = 0; d < 64; d++) {
        const cells = new Set(points.map((p) => Math.floor(p[d]! * n)));
        expect(cells.size).toBe(n);
      }
    }
  });

  it("has dimension 1 equal to the van der Corput sequence within each 2^k block", () => {
    const first = sobolSequence(16, 1).map((p) => p[0]!);
    const vanDerCorput = Array.from({ length: 16 }, (_, i) => {
      let value = 0;
      let scale = 0.5;
      for (let bits = i; bits > 0; bits >>= 1, scale /= 2) value += (bits & 1) * scale;
      return value;
    });
    expect([...first].sort((a, b) => a - b)).toEqual([...vanDerCorput].sort((a, b) => a - b));
    expect(first.every((v) => v >= 0 && v < 1)).toBe(true);
  });

  describe("scrambled (linear matrix scramble and digital shift)", () => {
    it("keeps every coordinate stratified and every 2-D box of a (0, 2) pair holding one point", () => {
      const n = 2 ** 8;
      const points = sobolSequence(n, 16, { scramble: createRng("net") });
      for (let d = 0; d < 16; d++) expect(new Set(points.map((p) => Math.floor(p[d]! * n))).size).toBe(n);
      // Dimensions 1 and 2 form a (0, 2)-sequence: every box of 2^a × 2^(8 − a) cells holds exactly one point.
      for (let a = 0; a <= 8; a++) {
        const cells = new Set(points.map((p) => `${Math.floor(p[0]! * 2 ** a)},${Math.floor(p[1]! * 2 ** (8 - a))}`));
        expect(cells.size).toBe(n);
      }
      expect(points.every((p) => p.every((v) => v > 0 && v < 1))).toBe(true);
    });

    it("is the same for the same seed, another copy for another, and no longer starts at the zero point", () => {
      const rows = (seed: string) => sobolSequence(32, 6, { scramble: createRng(seed) }).map((p) => Array.from(p));
      expect(rows("a")).toEqual(rows("a"));
      expect(rows("a")).not.toEqual(rows("b"));
      expect(rows("a")[0]!.some((v) => v === 0)).toBe(false);
    });

    it("is unbiased: a point's coordinate is uniform on [0, 1) across seeds (mean 1/2, variance 1/12)", () => {
      const xs = Array.from({ length: 4000 }, (_, i) => sobolSequence(3, 2, { scramble: createRng(`u${i}`) })[2]![1]!);
      const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
      const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
      // Standard errors: 0.0046 for the mean, 0.0013 for the variance.
      expect(Math.abs(mean - 0.5)).toBeLessThan(0.02);
      expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.006);
    });

    it("gives different dimensions different leading points (unscrambled, dimensions 2 and 3 share their first four)", () => {
      const plain = sobolSequence(4, 3).map((p) => [p[1], p[2]]);
      expect(plain.every(([x, y]) => x === y)).toBe(true);
      const scrambled = sobolSequence(4, 3, { scramble: createRng("lead") });
      expect(scrambled.some((p) => p[1] !== p[2])).toBe(true);
    });
  });

  it("rejects bad sizes with a RangeError", () => {
    expect(() => sobolSequence(0, 2)).toThrow(RangeError);
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/dims must be/);
    expect(() => sobolSequence(4, 0)).toThrow(RangeError);
    expect(() => sobolSequence(2, 1, { skip: -1 })).toThrow(RangeError);
  });
});
