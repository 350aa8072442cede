/**
 * PRIM scenario discovery (the Patient Rule Induction Method of Friedman & Fisher 1999, as used in the
 * EMA Workbench): finds axis-aligned boxes in input space where a case of interest is concentrated.
 * @packageDocumentation
 */

/** Closed limits of a box in one dimension: a point is inside when low ≤ x ≤ high. */
export interface BoxLimits {
  /** Lower limit (inclusive). */
  readonly low: number;
  /** Upper limit (inclusive). */
  readonly high: number;
}

/** One box of a PRIM trajectory with its statistics. */
export interface PrimBox {
  /** How the box was made: the initial data range, a peel, or a paste. */
  readonly kind: "initial" | "peel" | "paste";
  /** Limits per input dimension. */
  readonly limits: readonly BoxLimits[];
  /** Cases of interest inside / all cases of interest. */
  readonly coverage: number;
  /** Cases of interest inside / points inside. */
  readonly density: number;
  /** Points inside / all points. */
  readonly mass: number;
  /** Number of points inside. */
  readonly count: number;
}

/** A box picked from a trajectory by {@link chooseBox}. */
export interface ChosenBox extends PrimBox {
  /** Position of the box in the trajectory. */
  readonly index: number;
  /** Dimensions whose limits lie inside the data range (the initial box), in increasing order. */
  readonly restricted: number[];
}

/** Options for {@link prim}. */
export interface PrimOptions {
  /** Fraction of the points in the box removed by one peel; default 0.05. */
  alpha?: number;
  /** Peeling stops before the box holds less than this fraction of all points; default 0.05. */
  minMass?: number;
  /** Whether to paste (extend limits back) after peeling; default true. */
  paste?: boolean;
}

interface Candidate {
  limits: BoxLimits[];
  members: number[];
  interest: number;
}

/**
 * The PRIM trajectory for rows `x` and case-of-interest flags `y`: the initial box (the data range), then one
 * box per peel, each removing the alpha-quantile slice from one side of one dimension so the remaining density is
 * highest, until the next box would fall below `minMass` or density reaches 1; then, if `paste`, one box per paste,
 * each extending one restricted limit by about an alpha fraction of the box while density does not fall.
 */
export function prim(x: readonly ArrayLike<number>[], y: readonly boolean[], options: PrimOptions = {}): PrimBox[] {
  const alpha = options.alpha ?? 0.05;
  const minMass = options.minMass ?? 0.05;
  const paste = options.paste ?? true;
  const total = x.length;
  if (total < 1) throw new RangeError("prim: x must have at least one row");
  if (y.length !== total) throw new RangeError(`prim: x has ${total} rows but y has ${y.length} entries`);
  if (!(alpha > 0 && alpha < 1)) throw new RangeError(`prim: alpha must be in (0, 1), got ${alpha}`);
  if (!(minMass >= 0 && minMass <= 1)) throw new RangeError(`prim: minMass must be in [0, 1], got ${minMass}`);
  const dims = x[0]!.length;
  for (let r = 0; r < total; r++) {
    if (x[r]!.length !== dims) throw new RangeError(`prim: row ${r} has ${x[r]!.length} values, expected ${dims}`);
  }
  const interestTotal = y.reduce((count, flag) => count + (flag ? 1 : 0), 0);
  if (interestTotal === 0) throw new RangeError("prim: y has no case of interest");

  const value = (row: number, d: number): number => x[row]![d]!;
  const toBox = (kind: PrimBox["kind"], candidate: Candidate): PrimBox => ({
    kind,
    limits: candidate.limits.map((l) => ({ low: l.low, high: l.high })),
    coverage: candidate.interest / interestTotal,
    density: candidate.interest / candidate.members.length,
    mass: candidate.members.length / total,
    count: candidate.members.length,
  });
  const countInterest = (members: readonly number[]): number =>
    members.reduce((count, row) => count + (y[row] ? 1 : 0), 0);
  /** Whether candidate a beats b: higher density, then larger mass. */
  const better = (a: Candidate, b: Candidate | undefined): boolean => {
    if (b === undefined) return true;
    const da = a.interest / a.members.length;
    const db = b.interest / b.members.length;
    return da > db || (da === db && a.members.length > b.members.length);
  };

  const initialLimits: BoxLimits[] = [];
  for (let d = 0; d < dims; d++) {
    let low = Infinity;
    let high = -Infinity;
    for (let r = 0; r < total; r++) {
      low = Math.min(low, value(r, d));
      high = Math.max(high, value(r, d));
    }
    initialLimits.push({ low, high });
  }
  const allRows = Array.from({ length: total }, (_, r) => r);
  let box: Candidate = { limits: initialLimits, members: allRows, interest: interestTotal };
  const trajectory: PrimBox[] = [toBox("initial", box)];

  // Peeling.
  while (box.interest < box.members.length) {
    const m = box.members.length;
    const k = Math.max(1, Math.floor(alpha * m));
    let best: Candidate | undefined;
    for (let d = 0; d < dims; d++) {
      const sorted = Float64Array.from(box.members, (row) => value(row, d)).sort();
      const newLow = sorted[Math.min(k, m - 1)]!;
      const newHigh = sorted[Math.max(m - 1 - k, 0)]!;
      for (const side of ["low", "high"] as const) {
        const members =
          side === "low"
            ? box.members.filter((row) => value(row, d) >= newLow)
            : box.members.filter((row) => value(row, d) <= newHigh);
        if (members.length === m || members.length === 0 || members.length / total < minMass) continue;
        const limits = box.limits.slice();
        const old = limits[d]!;
        limits[d] = side === "low" ? { low: newLow, high: old.high } : { low: old.low, high: newHigh };
        const candidate: Candidate = { limits, members, interest: countInterest(members) };
        if (better(candidate, best)) best = candidate;
      }
    }
    if (best === undefined) break;
    box = best;
    trajectory.push(toBox("peel", box));
  }

  // Pasting: extend one restricted limit at a time back towards the data range.
  while (paste) {
    const m = box.members.length;
    const k = Math.max(1, Math.floor(alpha * m));
    let best: Candidate | undefined;
    for (let d = 0; d < dims; d++) {
      const limits = box.limits;
      // Rows outside the box in dimension d only.
      const outside = allRows.filter((row) =>
        limits.every((l, e) => e === d || (value(row, e) >= l.low && value(row, e) <= l.high)),
      ).filter((row) => value(row, d) < limits[d]!.low || value(row, d) > limits[d]!.high);
      for (const side of ["low", "high"] as const) {
        const values = Float64Array.from(
          outside.filter((row) => (side === "low" ? value(row, d) < limits[d]!.low : value(row, d) > limits[d]!.high)),
          (row) => value(row, d),
        ).sort();
        if (values.length === 0) continue;
        const limit = side === "low" ? values[Math.max(values.length - k, 0)]! : values[Math.min(k - 1, values.length - 1)]!;
        const added = outside.filter((row) =>
          side === "low"
            ? value(row, d) >= limit && value(row, d) < limits[d]!.low
            : value(row, d) <= limit && value(row, d) > limits[d]!.high,
        );
        const pasted = limits.slice();
        const old = pasted[d]!;
        pasted[d] = side === "low" ? { low: limit, high: old.high } : { low: old.low, high: limit };
        const candidate: Candidate = {
          limits: pasted,
          members: box.members.concat(added),
          interest: box.interest + countInterest(added),
        };
        if (better(candidate, best)) best = candidate;
      }
    }
    if (best === undefined || best.interest / best.members.length < box.interest / box.members.length) break;
    box = best;
    trajectory.push(toBox("paste", box));
  }
  return trajectory;
}

/**
 * The box with the highest coverage among those with density at or above `minDensity` (ties: higher density,
 * then smaller mass, then earlier), with its restricted dimensions; undefined when no box is dense enough.
 */
export function chooseBox(trajectory: readonly PrimBox[], minDensity: number): ChosenBox | undefined {
  const initial = trajectory[0];
  if (initial === undefined) return undefined;
  let bestIndex = -1;
  trajectory.forEach((box, index) => {
    if (box.density < minDensity) return;
    const best = trajectory[bestIndex];
    if (
      best === undefined ||
      box.coverage > best.coverage ||
      (box.coverage === best.coverage &&
        (box.density > best.density || (box.density === best.density && box.mass < best.mass)))
    ) {
      bestIndex = index;
    }
  });
  const chosen = trajectory[bestIndex];
  if (chosen === undefined) return undefined;
  const restricted: number[] = [];
  chosen.limits.forEach((l, d) => {
    const range = initial.limits[d]!;
    if (l.low > range.low || l.high < range.high) restricted.push(d);
  });
  return { ...chosen, index: bestIndex, restricted };
}
