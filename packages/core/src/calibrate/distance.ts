/**
 * Distances between simulated summaries and published calibration targets, for ABC.
 * @packageDocumentation
 */

/** A published target: the value to match and the tolerance that scales a miss (one "unit" of distance). */
export interface CalibrationTarget {
  /** The published value. */
  readonly value: number;
  /** A miss of this size contributes 1 to the mean squared scaled error; must be > 0. */
  readonly tolerance: number;
}

function checkShapes(simulated: readonly number[], targets: readonly CalibrationTarget[]): void {
  if (targets.length === 0) throw new RangeError("targets: expected at least one target");
  if (simulated.length !== targets.length) {
    throw new RangeError(`simulated: expected ${targets.length} values (one per target), got ${simulated.length}`);
  }
  for (const [i, t] of targets.entries()) {
    if (!Number.isFinite(t.value) || !(t.tolerance > 0 && Number.isFinite(t.tolerance))) {
      throw new RangeError(`targets[${i}]: expected a finite value and a finite tolerance > 0`);
    }
  }
}

/** Root mean of squared tolerance-scaled misses, sqrt(mean(((sim − value) / tolerance)²)); Infinity if any simulated value is non-finite. */
export function targetDistance(simulated: readonly number[], targets: readonly CalibrationTarget[]): number {
  checkShapes(simulated, targets);
  let sum = 0;
  for (const [i, t] of targets.entries()) {
    const sim = simulated[i]!;
    if (!Number.isFinite(sim)) return Number.POSITIVE_INFINITY;
    const scaled = (sim - t.value) / t.tolerance;
    sum += scaled * scaled;
  }
  return Math.sqrt(sum / targets.length);
}

/** True when every simulated value is finite and within its target's tolerance, |sim − value| ≤ tolerance. */
export function withinTolerance(simulated: readonly number[], targets: readonly CalibrationTarget[]): boolean {
  checkShapes(simulated, targets);
  return targets.every((t, i) => {
    const sim = simulated[i]!;
    return Number.isFinite(sim) && Math.abs(sim - t.value) <= t.tolerance;
  });
}
