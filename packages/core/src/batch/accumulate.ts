/**
 * Folds run records into a batch summary, one run at a time, with memory independent of the run count.
 * @packageDocumentation
 */
import { addValue, createMoments, meanInterval, wilsonInterval, type Moments } from "../stats/intervals.js";
import { createQuantileSketch, type QuantileSketch } from "../stats/quantiles.js";
import type { BatchManifest, BatchSummary, CumulativeDifference, ErosionResult, ErosionRule, FlowSummary, OwnChange, PairedDifference, RunFailure, RunRecord, Spread, YearStats } from "./types.js";

/** Running moments and a quantile sketch of one quantity. */
interface Cell {
  readonly moments: Moments;
  readonly sketch: QuantileSketch;
}

/** Accumulates a batch's statistics; see {@link createAccumulator}. */
export interface Accumulator {
  /** Folds a run's record (scenario index, run index). Runs must arrive run-major: run 0 of every scenario, then run 1, … */
  addRecord(scenario: number, run: number, record: RunRecord): void;
  /** Folds a failed run. */
  addFailure(scenario: number, run: number, failure: RunFailure): void;
  /** The summary of everything folded so far. */
  summary(info: { readonly runs: number; readonly masterSeed: string; readonly manifest: BatchManifest }): BatchSummary;
}

const cell = (): Cell => ({ moments: createMoments(), sketch: createQuantileSketch() });
const add = (c: Cell, x: number): void => {
  addValue(c.moments, x);
  c.sketch.add(x);
};
const spread = (c: Cell): Spread => {
  const ci = meanInterval(c.moments);
  return { n: c.moments.n, mean: c.moments.mean, ciLow: ci.low, ciHigh: ci.high, p5: c.sketch.quantile(0.05), p50: c.sketch.quantile(0.5), p95: c.sketch.quantile(0.95) };
};
const finite = (x: number | null | undefined): x is number => typeof x === "number" && Number.isFinite(x);

/**
 * Creates an accumulator for the given scenario ids and erosion rules.
 * @remarks Holds, per scenario, indicator and year, running moments and a quantile sketch (levels, paired
 * differences against the first scenario and their ratios, own-start changes); for pairing, only the
 * current run's record of the first scenario.
 */
export function createAccumulator(scenarioIds: readonly string[], erosion: readonly ErosionRule[]): Accumulator {
  let years: readonly string[] = [];
  const cells = scenarioIds.map(() => new Map<string, Cell[]>());
  const eroded = scenarioIds.map(() => erosion.map(() => ({ n: 0, eroded: 0 })));
  const paired = scenarioIds.map(() => new Map<string, { diff: Cell; ratio: Cell }[]>());
  const totals = scenarioIds.map(() => new Map<string, { diff: Cell; ratio: Cell }>());
  const changes = scenarioIds.map(() => new Map<string, Cell>());
  const flows = scenarioIds.map(() => new Map<string, { year: string; from: string; to: string; fund: string; pence: number }>());
  const successes = scenarioIds.map(() => 0);
  const failures: RunFailure[] = [];
  let base: { run: number; record: RunRecord | null } = { run: -1, record: null };
  return {
    addRecord(s, run, record) {
      if (years.length === 0) years = record.years;
      successes[s]!++;
      for (const [id, values] of Object.entries(record.indicators)) {
        let row = cells[s]!.get(id);
        if (row === undefined) {
          row = years.map(cell);
          cells[s]!.set(id, row);
        }
        values.forEach((v, y) => {
          const c = row[y];
          if (c !== undefined && finite(v)) add(c, v);
        });
        const first = values[0];
        const end = values[values.length - 1];
        if (finite(first) && finite(end) && first !== 0) {
          let c = changes[s]!.get(id);
          if (c === undefined) {
            c = cell();
            changes[s]!.set(id, c);
          }
          add(c, end / first - 1);
        }
      }
      erosion.forEach((rule, r) => {
        const series = record.indicators[rule.indicator];
        if (series === undefined || series.length === 0) return;
        const tally = eroded[s]![r]!;
        tally.n++;
        const first = series[0];
        const end = series[series.length - 1];
        if (finite(first) && finite(end) && end < first * (1 - rule.threshold)) tally.eroded++;
      });
      for (const f of record.flows) {
        const key = `${f.year}\u0000${f.from}\u0000${f.to}\u0000${f.fund}`;
        const entry = flows[s]!.get(key);
        if (entry === undefined) flows[s]!.set(key, { year: f.year, from: f.from, to: f.to, fund: f.fund, pence: f.pence });
        else entry.pence += f.pence;
      }
      if (s === 0) base = { run, record };
      else if (base.run === run && base.record !== null) {
        const a = base.record;
        for (const [id, values] of Object.entries(record.indicators)) {
          const av = a.indicators[id];
          if (av === undefined) continue;
          let row = paired[s]!.get(id);
          if (row === undefined) {
            row = years.map(() => ({ diff: cell(), ratio: cell() }));
            paired[s]!.set(id, row);
          }
          let sumA = 0;
          let sumB = 0;
          let whole = values.length === years.length && av.length === years.length;
          values.forEach((v, y) => {
            const w = av[y];
            const c = row[y];
            if (c === undefined || !finite(v) || !finite(w)) {
              whole = false;
              return;
            }
            add(c.diff, v - w);
            if (w !== 0) add(c.ratio, v / w - 1);
            sumA += w;
            sumB += v;
          });
          if (whole && years.length > 0) {
            let t = totals[s]!.get(id);
            if (t === undefined) {
              t = { diff: cell(), ratio: cell() };
              totals[s]!.set(id, t);
            }
            add(t.diff, sumB - sumA);
            if (sumA !== 0) add(t.ratio, sumB / sumA - 1);
          }
        }
      }
    },
    addFailure(s, run, failure) {
      failures.push({ scenario: failure.scenario, run: failure.run, seed: failure.seed, message: failure.message });
      if (s === 0) base = { run, record: null };
    },
    summary({ runs, masterSeed, manifest }) {
      const stats = (c: Cell, y: number): YearStats => {
        const ci = meanInterval(c.moments);
        const q = (p: number) => c.sketch.quantile(p);
        return { year: years[y]!, n: c.moments.n, mean: c.moments.mean, ciLow: ci.low, ciHigh: ci.high, p5: q(0.05), p25: q(0.25), p50: q(0.5), p75: q(0.75), p95: q(0.95) };
      };
      const indicators = Object.fromEntries(scenarioIds.map((id, s) => [id, Object.fromEntries([...cells[s]!].map(([k, row]) => [k, row.map(stats)]))]));
      const erosionResults: ErosionResult[] = scenarioIds.flatMap((scenario, s) =>
        erosion.map((rule, r) => {
          const t = eroded[s]![r]!;
          const w = wilsonInterval(t.eroded, t.n);
          return { scenario, indicator: rule.indicator, threshold: rule.threshold, n: t.n, eroded: t.eroded, probability: t.n > 0 ? t.eroded / t.n : Number.NaN, low: w.low, high: w.high };
        }),
      );
      const pairedResults: PairedDifference[] = scenarioIds.slice(1).flatMap((b, i) =>
        [...paired[i + 1]!].flatMap(([indicator, row]) =>
          row.map((c, y) => {
            const d = spread(c.diff);
            return { a: scenarioIds[0]!, b, indicator, year: years[y]!, n: d.n, mean: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, p5: d.p5, p50: d.p50, p95: d.p95, relative: spread(c.ratio) };
          }),
        ),
      );
      const cumulativeResults: CumulativeDifference[] = scenarioIds.slice(1).flatMap((b, i) =>
        [...totals[i + 1]!].map(([indicator, t]) => {
          const d = spread(t.diff);
          return { a: scenarioIds[0]!, b, indicator, from: years[0] ?? "", to: years[years.length - 1] ?? "", n: d.n, mean: d.mean, ciLow: d.ciLow, ciHigh: d.ciHigh, p5: d.p5, p50: d.p50, p95: d.p95, relative: spread(t.ratio) };
        }),
      );
      const changeResults: OwnChange[] = scenarioIds.flatMap((scenario, s) => [...changes[s]!].map(([indicator, c]) => ({ scenario, indicator, change: spread(c) })));
      const flowResults: FlowSummary[] = scenarioIds.flatMap((scenario, s) =>
        [...flows[s]!.values()].map((f) => ({ scenario, year: f.year, from: f.from, to: f.to, fund: f.fund, meanPence: successes[s]! > 0 ? f.pence / successes[s]! : 0 })),
      );
      return { scenarios: scenarioIds, runs, masterSeed, years, indicators, erosion: erosionResults, baseline: scenarioIds[0]!, paired: pairedResults, cumulative: cumulativeResults, change: changeResults, flows: flowResults, failures: [...failures], manifest };
    },
  };
}
