/**
 * Space-filling designs for emulation: maximin Latin hypercubes in the unit cube, and maximin subsets of a
 * sample of a region that is not a box (a non-implausible region after a wave of history matching).
 * @packageDocumentation
 */
import { latinHypercube } from "../explore/samplers.js";
import type { Rng } from "../random.js";

/** The smallest Euclidean distance between two of the points (Infinity for fewer than two). */
export function minimumDistance(points: readonly ArrayLike<number>[]): number {
  let best = Number.POSITIVE_INFINITY;
  for (let a = 0; a < points.length; a++) {
    const p = points[a]!;
    for (let b = 0; b < a; b++) {
      const q = points[b]!;
      let s = 0;
      for (let i = 0; i < p.length; i++) s += (p[i]! - q[i]!) ** 2;
      if (s < best) best = s;
    }
  }
  return Math.sqrt(best);
}

function checkTries(tries: number): void {
  if (!(Number.isInteger(tries) && tries >= 1)) throw new RangeError(`tries: expected an integer ≥ 1, got ${tries}`);
}

/**
 * A maximin Latin hypercube: of `tries` random Latin hypercubes of n points in [0, 1)^dims, the one whose
 * closest pair is farthest apart (Morris and Mitchell 1995's criterion, by random search).
 */
export function maximinLatinHypercube(n: number, dims: number, rng: Rng, tries = 20): Float64Array[] {
  checkTries(tries);
  let best: Float64Array[] = [];
  let bestDistance = -1;
  for (let t = 0; t < tries; t++) {
    const design = latinHypercube(n, dims, rng);
    const d = minimumDistance(design);
    if (d > bestDistance) {
      best = design;
      bestDistance = d;
    }
  }
  return best;
}

/**
 * A maximin subset: of `tries` random subsets of n of the candidates (drawn without replacement), the one
 * whose closest pair is farthest apart. From a uniform sample of a region, it keeps the sample's spread over
 * the region while avoiding near-duplicate points. Returns copies, in the order drawn.
 * @throws RangeError when there are fewer candidates than n.
 */
export function maximinSubset(candidates: readonly ArrayLike<number>[], n: number, rng: Rng, tries = 20): Float64Array[] {
  checkTries(tries);
  if (!(Number.isInteger(n) && n >= 1)) throw new RangeError(`n: expected an integer ≥ 1, got ${n}`);
  if (candidates.length < n) throw new RangeError(`candidates: expected at least ${n} points to choose ${n} from, got ${candidates.length}`);
  const indices = candidates.map((_, i) => i);
  let best: number[] = [];
  let bestDistance = -1;
  for (let t = 0; t < tries; t++) {
    // Partial Fisher–Yates: the first n entries become a uniform random subset.
    for (let i = 0; i < n; i++) {
      const j = rng.int(i, indices.length - 1);
      [indices[i], indices[j]] = [indices[j]!, indices[i]!];
    }
    const chosen = indices.slice(0, n);
    const d = minimumDistance(chosen.map((i) => candidates[i]!));
    if (d > bestDistance) {
      best = chosen;
      bestDistance = d;
    }
  }
  return best.map((i) => Float64Array.from(candidates[i]!));
}
