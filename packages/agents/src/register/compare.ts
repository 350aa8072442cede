/**
 * The per-ICB check: the model's values per run set beside the observed panel, one row per ICB, simulated
 * year and measure (observed, model median and 90% interval, covered or not, which side of the split), with
 * summaries per measure (coverage in fit and reserved years, the national series, cross-ICB correlations).
 * Pure: the model side is a flat `Float64Array`, cheap to fill from many runs.
 * @packageDocumentation
 */
import { PANEL_MEASURES } from "../icb-panel.js";
import type { IcbPanel, PanelMeasure } from "../icb-panel.js";
import { PANEL_MEASURE_INFO } from "./panel.js";
import type { ObservedPanel } from "./panel.js";
import { mayRead } from "./split.js";
import type { RegisterAccess, SplitSide } from "./split.js";

/** Base name of the per-ICB check files (`icb-panel.csv`, `icb-panel.parquet`). */
export const ICB_PANEL_NAME = "icb-panel";

/** Columns of `icb-panel.csv` and `icb-panel.parquet`, in file order. */
export const ICB_PANEL_COLUMNS = ["icb_code", "year", "measure", "observed", "model_median", "model_p05", "model_p95", "covered", "split"] as const;

/** Version tag of the files' layout, stored in the Parquet metadata as `ringfence.format`. */
export const ICB_PANEL_FORMAT = "ringfence-icb-panel/1";

/**
 * The model's values for the check: for every run, one value per cell (ICB × simulated year × measure).
 * @remarks Layout: `values[run * cellCount + cell]` with `cell = (icb * years.length + year) * measures.length + measure`
 * (indices into `icbCodes`, `years` and `measures`), so one run's cells are contiguous and a run can be
 * written as it finishes. `NaN` marks a value the run does not have.
 */
export interface ModelPanel {
  /** ODS codes of the simulated ICBs. */
  readonly icbCodes: readonly string[];
  /** Simulated financial years, by the calendar year each starts in, ascending. */
  readonly years: readonly number[];
  /** The measures the model reports. */
  readonly measures: readonly PanelMeasure[];
  /** Number of runs. */
  readonly runs: number;
  /** `runs × cellCount` values, run-major; `NaN` where a run has no value. */
  readonly values: Float64Array;
}

/** The shape of a {@link ModelPanel}: which ICBs, years and measures, and how many runs. */
export interface ModelPanelShape {
  /** ODS codes of the simulated ICBs. */
  readonly icbCodes: readonly string[];
  /** Simulated financial years (calendar year each starts in), ascending. */
  readonly years: readonly number[];
  /** The measures the model reports (default: all of {@link PANEL_MEASURES}). */
  readonly measures?: readonly PanelMeasure[];
  /** Number of runs. */
  readonly runs: number;
}

/**
 * An empty model panel (every value `NaN`) to be filled run by run.
 * @example
 * ```ts
 * const model = createModelPanel({ icbCodes: ["QHM", "QOP"], years: [2014, 2015], runs: 100 });
 * for (let run = 0; run < 100; run++) {
 *   const result = runOneBackcast(run);           // the model's per-ICB outputs of one run
 *   for (const [icb, code] of model.icbCodes.entries())
 *     for (const [y, year] of model.years.entries())
 *       model.values[run * modelCellCount(model) + modelCellIndex(model, icb, y, "practices")] = result.practices(code, year);
 * }
 * const check = comparePanel(observedPanel(loadRegister()), model);
 * ```
 */
export function createModelPanel(shape: ModelPanelShape): ModelPanel {
  const measures = shape.measures ?? PANEL_MEASURES;
  if (!Number.isInteger(shape.runs) || shape.runs < 1) throw new RangeError(`model panel: runs is ${shape.runs}; expected an integer of at least 1`);
  for (let i = 1; i < shape.years.length; i++) {
    if (!(shape.years[i]! > shape.years[i - 1]!)) throw new RangeError(`model panel: years must ascend without repeats; got ${shape.years.join(", ")}`);
  }
  if (new Set(shape.icbCodes).size !== shape.icbCodes.length) throw new RangeError(`model panel: ICB codes must be distinct; got ${shape.icbCodes.join(", ")}`);
  if (new Set(measures).size !== measures.length) throw new RangeError(`model panel: measures must be distinct; got ${measures.join(", ")}`);
  const cells = shape.icbCodes.length * shape.years.length * measures.length;
  return { icbCodes: [...shape.icbCodes], years: [...shape.years], measures: [...measures], runs: shape.runs, values: new Float64Array(shape.runs * cells).fill(Number.NaN) };
}

/** Cells per run of a model panel: ICBs × years × measures. */
export function modelCellCount(model: Pick<ModelPanel, "icbCodes" | "years" | "measures">): number {
  return model.icbCodes.length * model.years.length * model.measures.length;
}

/** Index within one run of the cell for the ICB at `icb`, the year at `year` (both indices) and a measure; -1 when the model lacks the measure. */
export function modelCellIndex(model: Pick<ModelPanel, "years" | "measures">, icb: number, year: number, measure: PanelMeasure): number {
  const m = model.measures.indexOf(measure);
  return m < 0 ? -1 : (icb * model.years.length + year) * model.measures.length + m;
}

/**
 * Writes one run's per-ICB series, as a run records them (`IcbPanel`), into a model panel; years the run did
 * not record stay `NaN`.
 * @param years The financial year (calendar year it starts in) of each of the run panel's years, in order.
 * @example
 * ```ts
 * const model = createModelPanel({ icbCodes: panel.icbCodes, years: [2014, 2015, 2016, 2017, 2018], runs: 100 });
 * runs.forEach((icbPanel, run) => setModelRun(model, run, icbPanel, [2014, 2015, 2016, 2017, 2018]));
 * ```
 */
export function setModelRun(model: ModelPanel, run: number, panel: IcbPanel, years: readonly number[]): void {
  if (!Number.isInteger(run) || run < 0 || run >= model.runs) throw new RangeError(`model panel: run ${run} is outside 0 to ${model.runs - 1}`);
  const icbOf = new Map(panel.codes.map((c, i) => [c, i] as const));
  const yearOf = new Map(years.map((y, i) => [y, i] as const));
  const missing = model.icbCodes.filter((c) => !icbOf.has(c));
  if (missing.length > 0) throw new RangeError(`model panel: the run has no ICB ${missing.join(", ")}; it has ${panel.codes.join(", ")}`);
  const cells = modelCellCount(model);
  const nIcbs = panel.codes.length;
  model.icbCodes.forEach((code, i) => {
    const pi = icbOf.get(code)!;
    model.years.forEach((year, y) => {
      const py = yearOf.get(year);
      if (py === undefined) return;
      model.measures.forEach((measure, m) => {
        const v = panel.series[measure][py * nIcbs + pi];
        model.values[run * cells + (i * model.years.length + y) * model.measures.length + m] = v ?? Number.NaN;
      });
    });
  });
}

/** One row of the per-ICB check (`icb-panel.csv`). */
export interface PanelRow {
  /** ICB ODS code. */
  readonly icbCode: string;
  /** Financial year, by the calendar year it starts in. */
  readonly year: number;
  /** The measure. */
  readonly measure: PanelMeasure;
  /** Observed value, or `null` where nothing was observed (or the year is withheld from a fit-only panel). */
  readonly observed: number | null;
  /** Median over runs, or `null` when no run has a value. */
  readonly modelMedian: number | null;
  /** 5th percentile over runs. */
  readonly modelP05: number | null;
  /** 95th percentile over runs. */
  readonly modelP95: number | null;
  /** Whether the observed value lies within [p05, p95]; `null` without both. */
  readonly covered: boolean | null;
  /** The split side of an observed value; `null` when unobserved. */
  readonly split: SplitSide | null;
}

/** Coverage of the 90% intervals over ICB-year points of one side of the split. */
export interface Coverage {
  /** Observed points with a model interval. */
  readonly points: number;
  /** Of those, points inside the interval. */
  readonly covered: number;
  /** `covered / points`, or `null` with no points. */
  readonly share: number | null;
  /** Observed points where no run had a value (not counted in `points`). */
  readonly noModel: number;
}

/** One year of a national (or all-simulated-ICBs) series: observed, model median and 90% band. */
export interface NationalPoint {
  /** Financial year, by the calendar year it starts in. */
  readonly year: number;
  /** Observed aggregate over the simulated ICBs, or `null`. */
  readonly observed: number | null;
  /** Median over runs of the run's aggregate. */
  readonly modelMedian: number | null;
  /** 5th percentile. */
  readonly modelP05: number | null;
  /** 95th percentile. */
  readonly modelP95: number | null;
  /** Split side of the observed value; `null` when unobserved. */
  readonly split: SplitSide | null;
}

/** A Pearson correlation across ICBs. */
export interface Correlation {
  /** ICBs with both values. */
  readonly n: number;
  /** Pearson's r, or `null` with fewer than 3 ICBs or no variation on either side. */
  readonly r: number | null;
}

/** Correlation across ICBs of model median and observed levels in one year. */
export interface LevelCorrelation extends Correlation {
  /** Financial year. */
  readonly year: number;
  /** Split side of the year's observations. */
  readonly split: SplitSide;
}

/**
 * Correlation across ICBs of the observed and modelled relative change over a span: the first to the last
 * observed year of one side of the split.
 */
export interface ChangeCorrelation extends Correlation {
  /** Side of the split. */
  readonly split: SplitSide;
  /** First year of the span. */
  readonly from: number;
  /** Last year of the span. */
  readonly to: number;
}

/** Everything the check finds for one measure. */
export interface MeasureSummary {
  /** The measure. */
  readonly measure: PanelMeasure;
  /** Coverage of the 90% intervals in fit years and in reserved years. */
  readonly coverage: Readonly<Record<SplitSide, Coverage>>;
  /** The aggregate series over the simulated ICBs, every simulated year. */
  readonly national: readonly NationalPoint[];
  /** Cross-ICB correlation of levels, per observed year. */
  readonly levels: readonly LevelCorrelation[];
  /** Cross-ICB correlation of changes, per side of the split with a span of at least two observed years. */
  readonly changes: readonly ChangeCorrelation[];
}

/** The per-ICB check: rows for `icb-panel.csv` and the summaries. */
export interface PanelComparison {
  /** What the observed panel could read: with `fit`, reserved years appear as unobserved. */
  readonly access: RegisterAccess;
  /** Runs behind each interval. */
  readonly runs: number;
  /** Simulated ICBs. */
  readonly icbCodes: readonly string[];
  /** Whether the simulated ICBs are all the panel's ICBs (then the aggregate series is national). */
  readonly allIcbs: boolean;
  /** Simulated years. */
  readonly years: readonly number[];
  /** One row per ICB, simulated year and measure, by ICB code, year, then measure order. */
  readonly rows: readonly PanelRow[];
  /** One summary per measure the model reports, in {@link PANEL_MEASURES} order. */
  readonly measures: readonly MeasureSummary[];
}

/** Quantile of ascending-sorted values, linear between order statistics (R type 7); NaN when empty. */
export function sortedQuantile(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** Pearson's r of paired values; `null` with fewer than 3 pairs or a side without variation. */
export function pearson(xs: readonly number[], ys: readonly number[]): Correlation {
  const n = Math.min(xs.length, ys.length);
  if (n < 3) return { n, r: null };
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += xs[i]!;
    my += ys[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    const dx = xs[i]! - mx;
    const dy = ys[i]! - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  if (sxx === 0 || syy === 0) return { n, r: null };
  return { n, r: Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) };
}

interface Band {
  readonly median: number | null;
  readonly p05: number | null;
  readonly p95: number | null;
}

function band(values: Float64Array, count: number): Band {
  if (count === 0) return { median: null, p05: null, p95: null };
  const sorted = values.subarray(0, count).sort();
  return { median: sortedQuantile(sorted, 0.5), p05: sortedQuantile(sorted, 0.05), p95: sortedQuantile(sorted, 0.95) };
}

function checkModel(observed: ObservedPanel, model: ModelPanel): void {
  const known = new Set(observed.icbCodes);
  const unknown = model.icbCodes.filter((c) => !known.has(c));
  if (unknown.length > 0) throw new RangeError(`model panel: ICB codes ${unknown.join(", ")} are not in the observed panel; expected codes among ${observed.icbCodes.join(", ")}`);
  const cells = modelCellCount(model);
  if (model.values.length !== model.runs * cells) {
    throw new RangeError(`model panel: ${model.values.length} values; expected runs × cells = ${model.runs} × ${cells} = ${model.runs * cells}`);
  }
}

/**
 * Compares the model with the observed panel: one row per ICB, simulated year and measure, and per measure
 * the coverage of the 90% intervals in fit and reserved years, the aggregate series, and cross-ICB
 * correlations of levels and of changes.
 * @remarks Intervals are the 5th and 95th percentiles over runs (R type 7), with runs lacking a value left
 * out. A point is covered when p05 ≤ observed ≤ p95. The aggregate of a run sums ICB values, or for a ratio
 * weights them by the run's own denominator measure (so it needs that measure in the model panel); a run
 * missing any ICB's value has no aggregate. Correlations are Pearson's r across ICBs: levels of model
 * median against observed in each observed year; changes as the relative change `v(to) / v(from) − 1` over
 * the first to the last observed year of each side of the split, the model's being the median of its
 * runs' changes. With a fit-only panel, reserved years are never asked for and appear as unobserved.
 * @example
 * ```ts
 * const check = comparePanel(observedPanel(loadRegister({ access: "all" })), model);
 * check.measures.find((m) => m.measure === "practices")?.coverage.fit.share;
 * ```
 */
export function comparePanel(observed: ObservedPanel, model: ModelPanel): PanelComparison {
  checkModel(observed, model);
  const cells = modelCellCount(model);
  const nIcb = model.icbCodes.length;
  const nYears = model.years.length;
  const nMeasures = model.measures.length;
  const scratch = new Float64Array(model.runs);
  const obsAt = (icb: string, year: number, m: PanelMeasure): number | null => (mayRead(observed.access, year) ? observed.value(icb, year, m) : null);

  // Per cell: observed, band.
  const bands: Band[] = new Array<Band>(cells);
  const obs: (number | null)[] = new Array<number | null>(cells);
  const rows: PanelRow[] = [];
  for (let i = 0; i < nIcb; i++) {
    for (let y = 0; y < nYears; y++) {
      for (const measure of PANEL_MEASURES) {
        const m = model.measures.indexOf(measure);
        if (m < 0) continue;
        const cell = (i * nYears + y) * nMeasures + m;
        let count = 0;
        for (let run = 0; run < model.runs; run++) {
          const v = model.values[run * cells + cell]!;
          if (Number.isFinite(v)) scratch[count++] = v;
        }
        const b = band(scratch, count);
        const year = model.years[y]!;
        const o = obsAt(model.icbCodes[i]!, year, measure);
        bands[cell] = b;
        obs[cell] = o;
        rows.push({
          icbCode: model.icbCodes[i]!,
          year,
          measure,
          observed: o,
          modelMedian: b.median,
          modelP05: b.p05,
          modelP95: b.p95,
          covered: o === null || b.p05 === null || b.p95 === null ? null : o >= b.p05 && o <= b.p95,
          split: o === null ? null : observed.split(year, measure),
        });
      }
    }
  }

  const measures: MeasureSummary[] = [];
  for (const measure of PANEL_MEASURES) {
    const m = model.measures.indexOf(measure);
    if (m < 0) continue;
    const cellOf = (i: number, y: number): number => (i * nYears + y) * nMeasures + m;
    const coverage = { fit: { points: 0, covered: 0, noModel: 0 }, reserved: { points: 0, covered: 0, noModel: 0 } };
    for (let i = 0; i < nIcb; i++) {
      for (let y = 0; y < nYears; y++) {
        const o = obs[cellOf(i, y)]!;
        if (o === null) continue;
        const c = coverage[observed.split(model.years[y]!, measure)];
        const b = bands[cellOf(i, y)]!;
        if (b.p05 === null || b.p95 === null) c.noModel += 1;
        else {
          c.points += 1;
          if (o >= b.p05 && o <= b.p95) c.covered += 1;
        }
      }
    }
    const share = (c: { points: number; covered: number; noModel: number }): Coverage => ({ ...c, share: c.points === 0 ? null : c.covered / c.points });

    // Aggregate series over the simulated ICBs.
    const aggregate = PANEL_MEASURE_INFO[measure].aggregate;
    const w = aggregate.kind === "ratio" ? model.measures.indexOf(aggregate.weight) : -1;
    const national: NationalPoint[] = [];
    for (let y = 0; y < nYears; y++) {
      const year = model.years[y]!;
      let count = 0;
      if (aggregate.kind === "sum" || w >= 0) {
        for (let run = 0; run < model.runs; run++) {
          let num = 0;
          let den = 0;
          let ok = true;
          for (let i = 0; i < nIcb && ok; i++) {
            const v = model.values[run * cells + cellOf(i, y)]!;
            if (aggregate.kind === "sum") num += v;
            else {
              const weight = model.values[run * cells + (i * nYears + y) * nMeasures + w]!;
              num += v * weight;
              den += weight;
            }
            ok = Number.isFinite(num);
          }
          const value = aggregate.kind === "sum" ? num : den > 0 ? num / den : Number.NaN;
          if (ok && Number.isFinite(value)) scratch[count++] = value;
        }
      }
      const b = band(scratch, count);
      let o: number | null = null;
      if (mayRead(observed.access, year)) {
        if (aggregate.kind === "sum") {
          let total = 0;
          for (let i = 0; i < nIcb; i++) {
            const v = observed.value(model.icbCodes[i]!, year, measure);
            if (v === null) {
              total = Number.NaN;
              break;
            }
            total += v;
          }
          o = Number.isNaN(total) || nIcb === 0 ? null : total;
        } else {
          let num = 0;
          let den = 0;
          for (let i = 0; i < nIcb; i++) {
            const v = observed.value(model.icbCodes[i]!, year, measure);
            const weight = observed.value(model.icbCodes[i]!, year, aggregate.weight);
            if (v === null || weight === null) {
              num = Number.NaN;
              break;
            }
            num += v * weight;
            den += weight;
          }
          o = Number.isNaN(num) || den <= 0 ? null : num / den;
        }
      }
      national.push({ year, observed: o, modelMedian: b.median, modelP05: b.p05, modelP95: b.p95, split: o === null ? null : observed.split(year, measure) });
    }

    // Cross-ICB correlations of levels, per observed year.
    const levels: LevelCorrelation[] = [];
    const observedYears: number[] = [];
    for (let y = 0; y < nYears; y++) {
      const xs: number[] = [];
      const ys: number[] = [];
      let any = false;
      for (let i = 0; i < nIcb; i++) {
        const o = obs[cellOf(i, y)]!;
        const med = bands[cellOf(i, y)]!.median;
        if (o !== null) any = true;
        if (o !== null && med !== null) {
          xs.push(med);
          ys.push(o);
        }
      }
      if (!any) continue;
      observedYears.push(y);
      levels.push({ year: model.years[y]!, split: observed.split(model.years[y]!, measure), ...pearson(xs, ys) });
    }

    // Cross-ICB correlations of changes over each side's observed span.
    const changes: ChangeCorrelation[] = [];
    for (const side of ["fit", "reserved"] as const) {
      const span = observedYears.filter((y) => observed.split(model.years[y]!, measure) === side);
      if (span.length < 2) continue;
      const a = span[0]!;
      const b = span.at(-1)!;
      const xs: number[] = [];
      const ys: number[] = [];
      for (let i = 0; i < nIcb; i++) {
        const o0 = obs[cellOf(i, a)]!;
        const o1 = obs[cellOf(i, b)]!;
        if (o0 === null || o1 === null || o0 === 0) continue;
        let count = 0;
        for (let run = 0; run < model.runs; run++) {
          const v0 = model.values[run * cells + cellOf(i, a)]!;
          const v1 = model.values[run * cells + cellOf(i, b)]!;
          const change = v1 / v0 - 1;
          if (Number.isFinite(change)) scratch[count++] = change;
        }
        const med = band(scratch, count).median;
        if (med === null) continue;
        xs.push(med);
        ys.push(o1 / o0 - 1);
      }
      changes.push({ split: side, from: model.years[a]!, to: model.years[b]!, ...pearson(xs, ys) });
    }
    measures.push({ measure, coverage: { fit: share(coverage.fit), reserved: share(coverage.reserved) }, national, levels, changes });
  }

  const panelIcbs = new Set(observed.icbCodes);
  return {
    access: observed.access,
    runs: model.runs,
    icbCodes: [...model.icbCodes],
    allIcbs: model.icbCodes.length === panelIcbs.size && model.icbCodes.every((c) => panelIcbs.has(c)),
    years: [...model.years],
    rows: sortRows(rows),
    measures,
  };
}

function sortRows(rows: PanelRow[]): PanelRow[] {
  const order = new Map(PANEL_MEASURES.map((m, i) => [m, i] as const));
  return rows.sort((a, b) => (a.icbCode < b.icbCode ? -1 : a.icbCode > b.icbCode ? 1 : a.year - b.year || order.get(a.measure)! - order.get(b.measure)!));
}
