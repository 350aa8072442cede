/**
 * A Gaussian-process emulator of one simulator output (Rasmussen and Williams, *Gaussian Processes for
 * Machine Learning*, MIT Press 2006, §2.7 and §5.4): a regression mean function (constant or linear in
 * the inputs) whose coefficients have a flat prior and are integrated out, a squared-exponential or
 * Matérn 5/2 kernel with one length scale per input, a signal variance and a nugget (noise) variance.
 *
 * Inputs are scaled to [0, 1] by given ranges; the output is standardised (mean 0, sd 1) for fitting and
 * scaled back in every prediction. The hyperparameters maximise the log marginal likelihood with the mean
 * coefficients integrated out (restricted likelihood, R&W eq. 2.45) by L-BFGS with its analytic gradient
 * from a few fixed starting points, each hyperparameter's logarithm held in a box by a logistic map.
 *
 * The factorisations are ml-matrix's (`CholeskyDecomposition`); the triangular substitutions that follow
 * run on the factor's flat copy, because ml-matrix's `solve` reads element by element through method calls
 * and is ten times slower for the hundreds of substitutions a fit and a history-matching wave need.
 *
 * Leave-one-out diagnostics are in closed form (Dubrule 1983; R&W §5.4.2, with the mean coefficients
 * re-estimated): the prediction of run i from all the others has mean y_i − [Py]_i / P_ii and variance
 * 1 / P_ii, where P = K⁻¹ − K⁻¹H(HᵀK⁻¹H)⁻¹HᵀK⁻¹, so its standardised error is [Py]_i / √P_ii.
 * @packageDocumentation
 */
import { CholeskyDecomposition, Matrix } from "ml-matrix";
import type { FactorRange } from "../explore/samplers.js";
import { minimiseLbfgs, type MinimiseResult } from "./minimise.js";

/** The emulator's mean function: a constant, or linear in the (scaled) inputs. */
export type EmulatorMean = "constant" | "linear";

/** The emulator's correlation function. */
export type EmulatorKernel = "squared-exponential" | "matern52";

/** Hyperparameters on the output's own scale; length scales are in units of each input's range (inputs scaled to [0, 1]). */
export interface EmulatorHyperparameters {
  /** One length scale per input, as a fraction of the input's range. */
  readonly lengthScales: readonly number[];
  /** Variance of the smooth part of the output (output units squared). */
  readonly signalVariance: number;
  /** Variance of the noise between runs at the same inputs (output units squared). */
  readonly nuggetVariance: number;
}

/** Options of {@link fitEmulator}. */
export interface EmulatorOptions {
  /** Range of each input, mapped to [0, 1]; default: the training inputs' smallest and largest values. */
  readonly ranges?: readonly FactorRange[];
  /** Mean function; default "linear". */
  readonly mean?: EmulatorMean;
  /** Correlation function; default "squared-exponential". */
  readonly kernel?: EmulatorKernel;
  /** Use these hyperparameters as they are instead of fitting them (for tests and known cases). */
  readonly fixed?: EmulatorHyperparameters;
  /** Most L-BFGS iterations per starting point; default 200. */
  readonly maxIterations?: number;
}

/** A prediction at one input point. */
export interface EmulatorPrediction {
  /** Expected output E[f(x)] (the smooth part, noise excluded). */
  readonly mean: number;
  /** Emulator variance of f(x): uncertainty about the smooth part, noise excluded. */
  readonly variance: number;
}

/** Leave-one-out diagnostics of an emulator: each training run predicted from all the others. */
export interface LeaveOneOut {
  /** Each run's predicted mean, from the other runs. */
  readonly mean: readonly number[];
  /** Each run's predictive standard deviation (emulator and nugget variance). */
  readonly sd: readonly number[];
  /** Standardised errors (observed − predicted) / sd, one per run. */
  readonly standardised: readonly number[];
  /** Share of standardised errors within ±3 (a well-specified emulator has at least 95%). */
  readonly shareWithin3: number;
  /** Mean of the squared standardised errors (about 1 when the variances are right). */
  readonly meanSquared: number;
}

/** An emulator as plain JSON-safe data; {@link restoreEmulator} rebuilds the same emulator from it. */
export interface SerializedEmulator {
  /** Correlation function. */
  readonly kernel: EmulatorKernel;
  /** Mean function. */
  readonly mean: EmulatorMean;
  /** Input ranges mapped to [0, 1]. */
  readonly ranges: readonly FactorRange[];
  /** Training inputs scaled to [0, 1], one row per run. */
  readonly inputs: readonly (readonly number[])[];
  /** Training outputs (output units). */
  readonly outputs: readonly number[];
  /** Offset of the standardised output (the outputs' mean). */
  readonly outputOffset: number;
  /** Scale of the standardised output (the outputs' sd, or 1 if they are all equal). */
  readonly outputScale: number;
  /** Natural logarithms of the standardised-scale length scales, signal variance and nugget variance. */
  readonly logHyperparameters: readonly number[];
}

/** A fitted Gaussian-process emulator of one output. */
export interface GaussianProcessEmulator {
  /** Correlation function. */
  readonly kernel: EmulatorKernel;
  /** Mean function. */
  readonly meanFunction: EmulatorMean;
  /** Number of inputs. */
  readonly dims: number;
  /** Number of training runs. */
  readonly size: number;
  /** Hyperparameters on the output's scale. */
  readonly hyperparameters: EmulatorHyperparameters;
  /** Log marginal likelihood (mean coefficients integrated out) of the standardised training outputs. */
  readonly logLikelihood: number;
  /** Mean and emulator variance of the output at `x` (natural input units). */
  predict(x: ArrayLike<number>): EmulatorPrediction;
  /** The mean alone (cheaper: no triangular solve). */
  predictMean(x: ArrayLike<number>): number;
  /** Leave-one-out predictions of the training runs. */
  leaveOneOut(): LeaveOneOut;
  /** The emulator as JSON-safe data. */
  serialize(): SerializedEmulator;
}

// -------------------------------------------------------------------------------------------------
// Bounds of the log hyperparameters (standardised output, inputs in [0, 1]), held by a logistic map.

const LOG_BOUNDS = {
  lengthScale: [Math.log(0.01), Math.log(10)],
  signal: [Math.log(1e-6), Math.log(100)],
  nugget: [Math.log(1e-8), Math.log(10)],
} as const;
/** Added to the diagonal, on the standardised scale, so duplicated inputs with a tiny nugget still factorise. */
const JITTER = 1e-10;

function boundsFor(dims: number): [number, number][] {
  return [...Array.from({ length: dims }, () => [...LOG_BOUNDS.lengthScale] as [number, number]), [...LOG_BOUNDS.signal], [...LOG_BOUNDS.nugget]];
}

/**
 * Starting points (standardised scale): length scale as a multiple of √(d/6), the root mean squared distance
 * between two uniform points of the unit cube in d inputs (so no start has every correlation near 0 or 1),
 * signal variance, nugget variance.
 */
const STARTS: readonly (readonly [number, number, number])[] = [
  [1, 1, 0.01],
  [0.5, 1, 0.1],
  [2, 0.5, 1e-4],
];
/**
 * Convergence of a fit: the largest gradient component on the optimiser's scale below 1e-3, or an iteration
 * lowering the negative log likelihood by less than 1e-6 of its size. Tighter settings spend three times the
 * iterations creeping along flat ridges (an irrelevant input's length scale moving from 8 to 10) for gains
 * below 0.3 in log likelihood that do not change predictions measurably.
 */
const TOLERANCES = { gradientTolerance: 1e-3, valueTolerance: 1e-6 } as const;

const SQRT5 = Math.sqrt(5);

/** Correlation at scaled squared distance r² = Σ (Δ_i / ℓ_i)² (no allocation: the prediction path). */
function correlationAt(kernel: EmulatorKernel, r2: number): number {
  if (kernel === "squared-exponential") return Math.exp(-0.5 * r2);
  const r = Math.sqrt(r2);
  return (1 + SQRT5 * r + (5 / 3) * r2) * Math.exp(-SQRT5 * r);
}

/** The factor g with ∂k/∂log ℓ_i = σ² g (Δ_i / ℓ_i)², given r² and the correlation c there. */
function derivativeFactor(kernel: EmulatorKernel, r2: number, c: number): number {
  if (kernel === "squared-exponential") return c;
  const r = Math.sqrt(r2);
  return (5 / 3) * (1 + SQRT5 * r) * Math.exp(-SQRT5 * r);
}

function basisSize(mean: EmulatorMean, dims: number): number {
  return mean === "constant" ? 1 : dims + 1;
}

function basis(mean: EmulatorMean, u: ArrayLike<number>, out: Float64Array): void {
  out[0] = 1;
  if (mean === "linear") for (let i = 0; i < u.length; i++) out[i + 1] = u[i]!;
}

/** Cholesky factor (row-major flat, lower) of a symmetric flat matrix by ml-matrix, or undefined if not positive definite. */
function choleskyFlat(a: Float64Array, n: number): Float64Array | undefined {
  const chol = new CholeskyDecomposition(Matrix.from1DArray(n, n, a));
  if (!chol.isPositiveDefinite()) return undefined;
  const l = Float64Array.from(chol.lowerTriangularMatrix.to1DArray());
  for (const v of l) if (!Number.isFinite(v)) return undefined;
  return l;
}

/** Solves L x = b in place (L lower, row-major n × n). */
function forward(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = 0; i < n; i++) {
    let s = b[i]!;
    const row = i * n;
    for (let k = 0; k < i; k++) s -= l[row + k]! * b[k]!;
    b[i] = s / l[row + i]!;
  }
}

/** Solves Lᵀ x = b in place. */
function backward(l: Float64Array, n: number, b: Float64Array): void {
  for (let i = n - 1; i >= 0; i--) {
    let s = b[i]!;
    for (let k = i + 1; k < n; k++) s -= l[k * n + i]! * b[k]!;
    b[i] = s / l[i * n + i]!;
  }
}

/** Everything a fit computes at one set of log hyperparameters. */
interface Factorised {
  readonly nll: number;
  readonly l: Float64Array;
  /** L⁻¹H, n × m row-major. */
  readonly w: Float64Array;
  /** Cholesky factor of A = HᵀK⁻¹H, m × m. */
  readonly la: Float64Array;
  readonly beta: Float64Array;
  /** α = P y = K⁻¹(y − Hβ̂). */
  readonly alpha: Float64Array;
}

interface Problem {
  readonly kernel: EmulatorKernel;
  readonly mean: EmulatorMean;
  readonly n: number;
  readonly d: number;
  readonly m: number;
  /** Unit inputs, n × d row-major. */
  readonly x: Float64Array;
  /** Standardised outputs. */
  readonly y: Float64Array;
  /** Basis H, n × m row-major. */
  readonly h: Float64Array;
}

/** Fills the covariance matrix; `corr` and `gs` (n × n) receive the correlations and derivative factors when given. */
function covariance(p: Problem, logs: ArrayLike<number>, corr?: Float64Array, gs?: Float64Array): Float64Array {
  const { n, d, x } = p;
  const inv = Float64Array.from({ length: d }, (_, i) => Math.exp(-logs[i]!));
  const signal = Math.exp(logs[d]!);
  const nugget = Math.exp(logs[d + 1]!);
  const k = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const t = (x[a * d + i]! - x[b * d + i]!) * inv[i]!;
        r2 += t * t;
      }
      const c = correlationAt(p.kernel, r2);
      k[a * n + b] = k[b * n + a] = signal * c;
      if (corr) corr[a * n + b] = c;
      if (gs) gs[a * n + b] = derivativeFactor(p.kernel, r2, c);
    }
    k[a * n + a] = signal + nugget + JITTER;
  }
  return k;
}

function factorise(p: Problem, logs: ArrayLike<number>, corr?: Float64Array, gs?: Float64Array): Factorised | undefined {
  const { n, m, h, y } = p;
  const l = choleskyFlat(covariance(p, logs, corr, gs), n);
  if (!l) return undefined;
  let logDetK = 0;
  for (let i = 0; i < n; i++) logDetK += 2 * Math.log(l[i * n + i]!);
  // W = L⁻¹H column by column; ỹ = L⁻¹y.
  const w = new Float64Array(n * m);
  const column = new Float64Array(n);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) column[i] = h[i * m + j]!;
    forward(l, n, column);
    for (let i = 0; i < n; i++) w[i * m + j] = column[i]!;
  }
  const yt = Float64Array.from(y);
  forward(l, n, yt);
  const a = new Float64Array(m * m);
  const wy = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) {
      wy[j]! += w[i * m + j]! * yt[i]!;
      for (let k = 0; k <= j; k++) a[j * m + k]! += w[i * m + j]! * w[i * m + k]!;
    }
  }
  for (let j = 0; j < m; j++) for (let k = 0; k < j; k++) a[k * m + j] = a[j * m + k]!;
  const la = choleskyFlat(a, m);
  if (!la) return undefined;
  let logDetA = 0;
  for (let j = 0; j < m; j++) logDetA += 2 * Math.log(la[j * m + j]!);
  const beta = Float64Array.from(wy);
  forward(la, m, beta);
  backward(la, m, beta);
  // e = L⁻¹(y − Hβ̂) = ỹ − Wβ̂; yᵀPy = eᵀe; α = L⁻ᵀe.
  const e = new Float64Array(n);
  let quad = 0;
  for (let i = 0; i < n; i++) {
    let s = yt[i]!;
    for (let j = 0; j < m; j++) s -= w[i * m + j]! * beta[j]!;
    e[i] = s;
    quad += s * s;
  }
  backward(l, n, e);
  const nll = 0.5 * quad + 0.5 * logDetK + 0.5 * logDetA + 0.5 * (n - m) * Math.log(2 * Math.PI);
  return Number.isFinite(nll) ? { nll, l, w, la, beta, alpha: e } : undefined;
}

/** The projected precision P = K⁻¹ − K⁻¹H A⁻¹ HᵀK⁻¹ (n × n, full) from a factorisation. */
function projectedPrecision(p: Problem, f: Factorised): Float64Array {
  const { n, m } = p;
  const { l, w, la } = f;
  // L⁻¹ column by column (lower triangular), stored transposed (column j of L⁻¹ is row j of lt, so the
  // products below read memory in order), then K⁻¹ = L⁻ᵀL⁻¹: (K⁻¹)_ab = Σ_{k ≥ a} (L⁻¹)_ka (L⁻¹)_kb.
  const lt = new Float64Array(n * n);
  const col = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    col.fill(0);
    col[j] = 1;
    for (let i = j; i < n; i++) {
      let s = col[i]!;
      for (let k = j; k < i; k++) s -= l[i * n + k]! * col[k]!;
      col[i] = s / l[i * n + i]!;
    }
    lt.set(col.subarray(j), j * n + j);
  }
  const pm = new Float64Array(n * n);
  for (let a = 0; a < n; a++) {
    const ra = a * n;
    for (let b = 0; b <= a; b++) {
      const rb = b * n;
      let s = 0;
      for (let k = a; k < n; k++) s += lt[ra + k]! * lt[rb + k]!;
      pm[ra + b] = s;
    }
  }
  // C = L⁻ᵀ W LA⁻ᵀ (n × m): K⁻¹H A⁻¹ HᵀK⁻¹ = C Cᵀ.
  const c = new Float64Array(n * m);
  for (let j = 0; j < m; j++) {
    for (let i = 0; i < n; i++) col[i] = w[i * m + j]!;
    backward(l, n, col);
    for (let i = 0; i < n; i++) c[i * m + j] = col[i]!;
  }
  const row = new Float64Array(m);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < m; j++) row[j] = c[i * m + j]!;
    forward(la, m, row);
    for (let j = 0; j < m; j++) c[i * m + j] = row[j]!;
  }
  for (let a = 0; a < n; a++) {
    for (let b = 0; b <= a; b++) {
      let s = 0;
      for (let j = 0; j < m; j++) s += c[a * m + j]! * c[b * m + j]!;
      const v = pm[a * n + b]! - s;
      pm[a * n + b] = v;
      pm[b * n + a] = v;
    }
  }
  return pm;
}

/** Negative log marginal likelihood and its gradient with respect to the log hyperparameters. */
function nllAndGradient(p: Problem, logs: Float64Array, gradient: Float64Array): number {
  const { n, d, x } = p;
  const corr = new Float64Array(n * n);
  const gs = new Float64Array(n * n);
  const f = factorise(p, logs, corr, gs);
  if (!f) return Number.POSITIVE_INFINITY;
  const pm = projectedPrecision(p, f);
  const { alpha } = f;
  const signal = Math.exp(logs[d]!);
  const nugget = Math.exp(logs[d + 1]!);
  const inv2 = Float64Array.from({ length: d }, (_, i) => Math.exp(-2 * logs[i]!));
  gradient.fill(0);
  // ∂NLL/∂θ = ½ Σ_ab (P_ab − α_a α_b) ∂K_ab/∂θ; off-diagonal pairs count twice.
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < a; b++) {
      const mab = 2 * (pm[a * n + b]! - alpha[a]! * alpha[b]!);
      const g = gs[a * n + b]! * signal * mab;
      for (let i = 0; i < d; i++) {
        const t = x[a * d + i]! - x[b * d + i]!;
        gradient[i]! += g * t * t * inv2[i]!;
      }
      gradient[d]! += mab * signal * corr[a * n + b]!;
    }
    const maa = pm[a * n + a]! - alpha[a]! * alpha[a]!;
    gradient[d]! += maa * signal;
    gradient[d + 1]! += maa * nugget;
  }
  for (let i = 0; i < gradient.length; i++) gradient[i]! *= 0.5;
  return f.nll;
}

// -------------------------------------------------------------------------------------------------

function sigmoid(u: number): number {
  return 1 / (1 + Math.exp(-u));
}

function fromBox(u: ArrayLike<number>, bounds: readonly [number, number][]): Float64Array {
  return Float64Array.from(bounds, ([lo, hi], i) => lo + (hi - lo) * sigmoid(u[i]!));
}

function toBox(logs: ArrayLike<number>, bounds: readonly [number, number][]): Float64Array {
  return Float64Array.from(bounds, ([lo, hi], i) => {
    const s = Math.min(1 - 1e-9, Math.max(1e-9, (logs[i]! - lo) / (hi - lo)));
    return Math.log(s / (1 - s));
  });
}

/** Iterations each starting point gets before only the best one is taken on to convergence. */
const RACE_ITERATIONS = 25;

function fitLogs(p: Problem, maxIterations: number): Float64Array {
  const bounds = boundsFor(p.d);
  const logGradient = new Float64Array(p.d + 2);
  const objective = (u: Float64Array, gradient: Float64Array): number => {
    const value = nllAndGradient(p, fromBox(u, bounds), logGradient);
    for (let i = 0; i < u.length; i++) {
      const s = sigmoid(u[i]!);
      const [lo, hi] = bounds[i]!;
      gradient[i] = logGradient[i]! * (hi - lo) * s * (1 - s);
    }
    return value;
  };
  // Race the starting points for a few iterations each, then take the best on to convergence.
  const typical = Math.sqrt(p.d / 6);
  let best: MinimiseResult | undefined;
  for (const [multiple, signal, nugget] of STARTS) {
    const start = toBox([...Array.from({ length: p.d }, () => Math.log(multiple * typical)), Math.log(signal), Math.log(nugget)], bounds);
    let result: MinimiseResult;
    try {
      result = minimiseLbfgs(objective, start, { maxIterations: Math.min(RACE_ITERATIONS, maxIterations), ...TOLERANCES });
    } catch {
      continue; // this start does not factorise: try the next
    }
    if (!best || result.value < best.value) best = result;
  }
  if (!best) throw new RangeError("fitEmulator: the covariance matrix does not factorise at any starting point (non-finite inputs or outputs?)");
  if (best.stop === "max-iterations" && maxIterations > RACE_ITERATIONS) {
    const rest = minimiseLbfgs(objective, best.x, { maxIterations: maxIterations - RACE_ITERATIONS, ...TOLERANCES });
    if (rest.value <= best.value) best = rest;
  }
  return fromBox(best.x, bounds);
}

function checkFinite(name: string, values: ArrayLike<number>): void {
  for (let i = 0; i < values.length; i++) {
    if (!Number.isFinite(values[i]!)) throw new RangeError(`${name}[${i}]: expected a finite number, got ${values[i]}`);
  }
}

/**
 * Fits a Gaussian-process emulator to runs (inputs, output): deterministic, the same emulator for the same data.
 * @throws RangeError naming the field when inputs or outputs are not finite, their lengths differ, a range is
 * empty, or there are no more runs than mean coefficients.
 * @example
 * ```ts
 * const xs = Array.from({ length: 20 }, (_, i) => [i / 19]);
 * const emulator = fitEmulator(xs, xs.map(([x]) => Math.sin(6 * x!)));
 * emulator.predict([0.5]); // { mean: ≈ sin 3, variance: small }
 * ```
 */
export function fitEmulator(inputs: readonly ArrayLike<number>[], outputs: readonly number[], options: EmulatorOptions = {}): GaussianProcessEmulator {
  const n = inputs.length;
  if (n === 0) throw new RangeError("inputs: expected at least one run");
  if (outputs.length !== n) throw new RangeError(`outputs: expected ${n} values (one per input row), got ${outputs.length}`);
  const d = inputs[0]!.length;
  if (d === 0) throw new RangeError("inputs[0]: expected at least one input");
  inputs.forEach((row, i) => {
    if (row.length !== d) throw new RangeError(`inputs[${i}]: expected ${d} values, got ${row.length}`);
    checkFinite(`inputs[${i}]`, row);
  });
  checkFinite("outputs", outputs);
  const mean = options.mean ?? "linear";
  const kernel = options.kernel ?? "squared-exponential";
  const m = basisSize(mean, d);
  if (n <= m) throw new RangeError(`inputs: expected more than ${m} runs for a ${mean} mean in ${d} inputs, got ${n}`);
  const ranges =
    options.ranges ??
    Array.from({ length: d }, (_, i) => ({ low: Math.min(...inputs.map((r) => r[i]!)), high: Math.max(...inputs.map((r) => r[i]!)) }));
  if (ranges.length !== d) throw new RangeError(`ranges: expected ${d} ranges (one per input), got ${ranges.length}`);
  ranges.forEach((r, i) => {
    if (!(Number.isFinite(r.low) && Number.isFinite(r.high) && r.high > r.low)) {
      throw new RangeError(`ranges[${i}]: expected finite low < high, got ${r.low} to ${r.high}`);
    }
  });
  const unit = inputs.map((row) => Array.from({ length: d }, (_, i) => (row[i]! - ranges[i]!.low) / (ranges[i]!.high - ranges[i]!.low)));
  let offset = 0;
  for (const y of outputs) offset += y;
  offset /= n;
  let ss = 0;
  for (const y of outputs) ss += (y - offset) ** 2;
  const sd = Math.sqrt(ss / Math.max(1, n - 1));
  const scale = sd > 0 ? sd : 1;
  const base = { kernel, mean, ranges: ranges.map((r) => ({ low: r.low, high: r.high })), inputs: unit, outputs: [...outputs], outputOffset: offset, outputScale: scale };
  let logs: number[];
  if (options.fixed) {
    const { lengthScales, signalVariance, nuggetVariance } = options.fixed;
    if (lengthScales.length !== d) throw new RangeError(`fixed.lengthScales: expected ${d} values, got ${lengthScales.length}`);
    [...lengthScales, signalVariance, nuggetVariance].forEach((v, i) => {
      if (!(v > 0 && Number.isFinite(v))) throw new RangeError(`fixed: expected positive finite hyperparameters, got ${v} at position ${i}`);
    });
    logs = [...lengthScales.map(Math.log), Math.log(signalVariance / scale ** 2), Math.log(nuggetVariance / scale ** 2)];
  } else {
    logs = [...fitLogs(problemOf(base), options.maxIterations ?? 200)];
  }
  // Everything downstream uses the emulator rebuilt from its serialised form, so a restored emulator is identical.
  return restoreEmulator(JSON.parse(JSON.stringify({ ...base, logHyperparameters: logs })) as SerializedEmulator);
}

function problemOf(s: Omit<SerializedEmulator, "logHyperparameters">): Problem {
  const n = s.inputs.length;
  const d = s.ranges.length;
  const m = basisSize(s.mean, d);
  const x = new Float64Array(n * d);
  const h = new Float64Array(n * m);
  const row = new Float64Array(m);
  s.inputs.forEach((u, a) => {
    for (let i = 0; i < d; i++) x[a * d + i] = u[i]!;
    basis(s.mean, u, row);
    h.set(row, a * m);
  });
  const y = Float64Array.from(s.outputs, (v) => (v - s.outputOffset) / s.outputScale);
  return { kernel: s.kernel, mean: s.mean, n, d, m, x, y, h };
}

/** Rebuilds an emulator from {@link GaussianProcessEmulator.serialize}'s data, without refitting. */
export function restoreEmulator(s: SerializedEmulator): GaussianProcessEmulator {
  const p = problemOf(s);
  const { n, d, m, x } = p;
  if (s.logHyperparameters.length !== d + 2) throw new RangeError(`logHyperparameters: expected ${d + 2} values, got ${s.logHyperparameters.length}`);
  const logs = Float64Array.from(s.logHyperparameters);
  const f = factorise(p, logs);
  if (!f) throw new RangeError("restoreEmulator: the covariance matrix does not factorise with these hyperparameters");
  const inv = Float64Array.from({ length: d }, (_, i) => Math.exp(-logs[i]!));
  const signal = Math.exp(logs[d]!);
  const nugget = Math.exp(logs[d + 1]!);
  const { scale, offset } = { scale: s.outputScale, offset: s.outputOffset };
  const lows = s.ranges.map((r) => r.low);
  const widths = s.ranges.map((r) => r.high - r.low);
  const u = new Float64Array(d);
  const k = new Float64Array(n);
  const hx = new Float64Array(m);
  const r = new Float64Array(m);

  /** Fills u, k and hx for natural input x; returns the standardised mean. */
  const prepare = (point: ArrayLike<number>): number => {
    if (point.length !== d) throw new RangeError(`x: expected ${d} inputs, got ${point.length}`);
    for (let i = 0; i < d; i++) u[i] = (point[i]! - lows[i]!) / widths[i]!;
    basis(s.mean, u, hx);
    let mean = 0;
    for (let j = 0; j < m; j++) mean += hx[j]! * f.beta[j]!;
    for (let a = 0; a < n; a++) {
      let r2 = 0;
      for (let i = 0; i < d; i++) {
        const t = (u[i]! - x[a * d + i]!) * inv[i]!;
        r2 += t * t;
      }
      const kv = signal * correlationAt(s.kernel, r2);
      k[a] = kv;
      mean += kv * f.alpha[a]!;
    }
    return mean;
  };

  let loo: LeaveOneOut | undefined;
  return {
    kernel: s.kernel,
    meanFunction: s.mean,
    dims: d,
    size: n,
    hyperparameters: {
      lengthScales: Array.from(inv, (v) => 1 / v),
      signalVariance: signal * scale ** 2,
      nuggetVariance: nugget * scale ** 2,
    },
    logLikelihood: -f.nll,
    predictMean(point) {
      return offset + scale * prepare(point);
    },
    predict(point) {
      const mean = prepare(point);
      forward(f.l, n, k); // k ← v = L⁻¹k
      let vv = 0;
      for (let a = 0; a < n; a++) vv += k[a]! * k[a]!;
      for (let j = 0; j < m; j++) {
        let t = hx[j]!;
        for (let a = 0; a < n; a++) t -= f.w[a * m + j]! * k[a]!;
        r[j] = t;
      }
      forward(f.la, m, r);
      let rr = 0;
      for (let j = 0; j < m; j++) rr += r[j]! * r[j]!;
      const variance = Math.max(0, signal - vv + rr);
      return { mean: offset + scale * mean, variance: variance * scale * scale };
    },
    leaveOneOut() {
      if (loo) return loo;
      const pm = projectedPrecision(p, f);
      const means: number[] = [];
      const sds: number[] = [];
      const standardised: number[] = [];
      let within = 0;
      let squares = 0;
      for (let a = 0; a < n; a++) {
        const paa = pm[a * n + a]!;
        const e = f.alpha[a]! / Math.sqrt(paa);
        means.push(offset + scale * (p.y[a]! - f.alpha[a]! / paa));
        sds.push(scale / Math.sqrt(paa));
        standardised.push(e);
        if (Math.abs(e) <= 3) within++;
        squares += e * e;
      }
      loo = { mean: means, sd: sds, standardised, shareWithin3: within / n, meanSquared: squares / n };
      return loo;
    },
    serialize() {
      return {
        kernel: s.kernel,
        mean: s.mean,
        ranges: s.ranges.map((q) => ({ low: q.low, high: q.high })),
        inputs: s.inputs.map((row) => [...row]),
        outputs: [...s.outputs],
        outputOffset: s.outputOffset,
        outputScale: s.outputScale,
        logHyperparameters: [...s.logHyperparameters],
      };
    },
  };
}
