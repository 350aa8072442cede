/**
 * Unconstrained minimisation of a smooth function with its gradient: limited-memory BFGS (Nocedal 1980;
 * Nocedal and Wright, *Numerical Optimization*, 2nd ed. 2006, algorithms 7.4 and 7.5) with a backtracking
 * line search on the Armijo condition.
 *
 * Ours, not a package's: the npm registry has no maintained optimiser that fits. `fmin` (last published
 * 2016, untyped) has Nelder–Mead and conjugate gradients only, and `optimization-js` (2017) ships
 * browserify and jsdoc as run-time dependencies. The Gaussian-process emulator needs a gradient method:
 * its log marginal likelihood has an analytic gradient, and L-BFGS finds the optimum of 10–20
 * hyperparameters in tens of evaluations where Nelder–Mead needs thousands.
 * @packageDocumentation
 */

/** A function to minimise: returns f(x) and writes ∇f(x) into `gradient` (same length as x). */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

/** Options of {@link minimiseLbfgs}. */
export interface MinimiseOptions {
  /** The most iterations (line searches); default 200. */
  readonly maxIterations?: number;
  /** Stop when the largest absolute gradient component is below this; default 1e-6. */
  readonly gradientTolerance?: number;
  /** Stop when an iteration lowers f by less than this × max(1, |f|); default 1e-10. */
  readonly valueTolerance?: number;
  /** Correction pairs kept (the "limited memory"); default 7. */
  readonly memory?: number;
}

/** Why {@link minimiseLbfgs} stopped. */
export type MinimiseStop = "gradient" | "value" | "max-iterations" | "line-search";

/** The outcome of {@link minimiseLbfgs}. */
export interface MinimiseResult {
  /** The best point found. */
  readonly x: Float64Array;
  /** f at `x`. */
  readonly value: number;
  /** ∇f at `x`. */
  readonly gradient: Float64Array;
  /** Iterations done. */
  readonly iterations: number;
  /** Calls of the objective. */
  readonly evaluations: number;
  /** Why it stopped: "gradient" and "value" are convergence; "line-search" means no step lowered f. */
  readonly stop: MinimiseStop;
}

function dot(a: Float64Array, b: Float64Array): number {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
}

function maxAbs(a: Float64Array): number {
  let m = 0;
  for (const v of a) m = Math.max(m, Math.abs(v));
  return m;
}

/**
 * Minimises `f` from `x0` by L-BFGS; deterministic (no randomness). A non-finite f at a trial point counts
 * as a failed step (the line search shortens it), so an objective may return Infinity where it is undefined.
 * @throws RangeError when f or its gradient is not finite at `x0`.
 */
export function minimiseLbfgs(f: Objective, x0: ArrayLike<number>, options: MinimiseOptions = {}): MinimiseResult {
  const maxIterations = options.maxIterations ?? 200;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const valueTolerance = options.valueTolerance ?? 1e-10;
  const memory = options.memory ?? 7;
  const n = x0.length;
  let x = Float64Array.from(x0);
  let g = new Float64Array(n);
  let value = f(x, g);
  let evaluations = 1;
  if (!Number.isFinite(value) || !g.every(Number.isFinite)) {
    throw new RangeError(`minimiseLbfgs: expected a finite value and gradient at the starting point, got ${value}`);
  }
  const ss: Float64Array[] = [];
  const ys: Float64Array[] = [];
  const rhos: number[] = [];
  const alphas = new Float64Array(memory);
  let stop: MinimiseStop = "max-iterations";
  let iterations = 0;
  if (maxAbs(g) < gradientTolerance) stop = "gradient";

  while (stop === "max-iterations" && iterations < maxIterations) {
    iterations++;
    // Two-loop recursion: direction d = −H g.
    const d = Float64Array.from(g, (v) => -v);
    for (let k = ss.length - 1; k >= 0; k--) {
      const a = rhos[k]! * dot(ss[k]!, d);
      alphas[k] = a;
      const y = ys[k]!;
      for (let i = 0; i < n; i++) d[i]! -= a * y[i]!;
    }
    if (ss.length > 0) {
      const last = ss.length - 1;
      const gamma = dot(ss[last]!, ys[last]!) / dot(ys[last]!, ys[last]!);
      for (let i = 0; i < n; i++) d[i]! *= gamma;
    } else {
      // First step: at most unit length in the largest coordinate.
      const scale = 1 / Math.max(1, maxAbs(g));
      for (let i = 0; i < n; i++) d[i]! *= scale;
    }
    for (let k = 0; k < ss.length; k++) {
      const b = rhos[k]! * dot(ys[k]!, d);
      const s = ss[k]!;
      for (let i = 0; i < n; i++) d[i]! += (alphas[k]! - b) * s[i]!;
    }
    let slope = dot(g, d);
    if (!(slope < 0)) {
      // Not a descent direction (curvature information gone stale): restart along −g.
      ss.length = 0;
      ys.length = 0;
      rhos.length = 0;
      const scale = 1 / Math.max(1, maxAbs(g));
      for (let i = 0; i < n; i++) d[i] = -g[i]! * scale;
      slope = dot(g, d);
    }

    // Backtracking line search on the Armijo condition, with a safeguarded quadratic step.
    let step = 1;
    const trial = new Float64Array(n);
    const trialGradient = new Float64Array(n);
    let trialValue = Number.NaN;
    let accepted = false;
    for (let attempt = 0; attempt < 60; attempt++) {
      for (let i = 0; i < n; i++) trial[i] = x[i]! + step * d[i]!;
      trialValue = f(trial, trialGradient);
      evaluations++;
      if (Number.isFinite(trialValue) && trialValue <= value + 1e-4 * step * slope && trialGradient.every(Number.isFinite)) {
        accepted = true;
        break;
      }
      const quadratic = Number.isFinite(trialValue) ? (-slope * step * step) / (2 * (trialValue - value - slope * step)) : step / 10;
      step = Math.min(0.5 * step, Math.max(0.1 * step, quadratic));
    }
    if (!accepted) {
      stop = "line-search";
      break;
    }
    const s = new Float64Array(n);
    const y = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      s[i] = trial[i]! - x[i]!;
      y[i] = trialGradient[i]! - g[i]!;
    }
    const sy = dot(s, y);
    if (sy > 1e-12 * Math.sqrt(dot(s, s) * dot(y, y))) {
      ss.push(s);
      ys.push(y);
      rhos.push(1 / sy);
      if (ss.length > memory) {
        ss.shift();
        ys.shift();
        rhos.shift();
      }
    }
    const decrease = value - trialValue;
    x = Float64Array.from(trial);
    g = Float64Array.from(trialGradient);
    value = trialValue;
    if (maxAbs(g) < gradientTolerance) stop = "gradient";
    else if (decrease < valueTolerance * Math.max(1, Math.abs(value))) stop = "value";
  }
  return { x, value, gradient: g, iterations, evaluations, stop };
}
