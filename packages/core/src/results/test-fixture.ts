/**
 * Hand-made batch summary and run records for the results tests and the visual check (not exported).
 * @packageDocumentation
 */
import type { BatchSummary, ErosionResult, FlowSummary, PairedDifference, RunRecord, YearStats } from "../batch/types.js";

/** Ten financial years, 2025/26 to 2034/35. */
export const FIXTURE_YEARS: readonly string[] = Array.from({ length: 10 }, (_, i) => {
  const start = 2025 + i;
  return `${start}/${String((start + 1) % 100).padStart(2, "0")}`;
});

/** The three fixture scenarios in batch order. */
export const FIXTURE_SCENARIOS = ["status-quo", "ringfenced", "pooled-budget"] as const;

const RUNS = 1000;

/** A 95% Wilson score interval for k successes in n trials (z = 1.959964), written out for the fixture. */
export function wilson(k: number, n: number): { low: number; high: number } {
  const z = 1.959964;
  const p = k / n;
  const denom = 1 + (z * z) / n;
  const centre = (p + (z * z) / (2 * n)) / denom;
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom;
  return { low: centre - half, high: centre + half };
}

function stats(year: string, median: number, spread: number): YearStats {
  return {
    year,
    n: RUNS,
    mean: median + 0.05 * spread,
    ciLow: median + 0.05 * spread - spread / 30,
    ciHigh: median + 0.05 * spread + spread / 30,
    p5: median - 1.6 * spread,
    p25: median - 0.65 * spread,
    p50: median,
    p75: median + 0.7 * spread,
    p95: median + 1.7 * spread,
  };
}

/** Yearly drift of each indicator's median under each scenario. */
const DRIFT: Readonly<Record<(typeof FIXTURE_SCENARIOS)[number], { gp: number; share: number; practices: number }>> = {
  "status-quo": { gp: -0.012, share: -0.0012, practices: -38 },
  ringfenced: { gp: 0.004, share: 0.0003, practices: -12 },
  "pooled-budget": { gp: -0.006, share: -0.0006, practices: -25 },
};

/** Options of {@link makeFixtureSummary}: a scenario id may be replaced, for example by a hostile one. */
export interface FixtureOptions {
  /** Replace the third scenario's id. */
  readonly thirdScenarioId?: string;
  /** Give the third scenario a final-year GP funding difference whose 95% interval spans zero (+£0.40, −£0.70 to +£1.50). */
  readonly thirdSpansZero?: boolean;
}

/** Erosion counts (out of 1000) per scenario, for gpPerPatient then gpShare. */
export const FIXTURE_EROSION_COUNTS: Readonly<Record<string, readonly [number, number]>> = {
  "status-quo": [412, 655],
  ringfenced: [37, 88],
  "pooled-budget": [198, 301],
};

/** A batch summary of three scenarios, ten years and 1000 runs each, with flows and a failed run. */
export function makeFixtureSummary(options: FixtureOptions = {}): BatchSummary {
  const ids: [string, string, string] = [FIXTURE_SCENARIOS[0], FIXTURE_SCENARIOS[1], options.thirdScenarioId ?? FIXTURE_SCENARIOS[2]];
  const drifts = [DRIFT["status-quo"], DRIFT.ringfenced, DRIFT["pooled-budget"]];
  const indicators: Record<string, Record<string, YearStats[]>> = {};
  const erosion: ErosionResult[] = [];
  const flows: FlowSummary[] = [];
  ids.forEach((id, s) => {
    const d = drifts[s] ?? DRIFT["status-quo"];
    indicators[id] = {
      gpPerPatient: FIXTURE_YEARS.map((y, t) => stats(y, 164 * (1 + d.gp) ** t, 1.5 + 1.1 * t)),
      gpShare: FIXTURE_YEARS.map((y, t) => stats(y, 0.087 + d.share * t, 0.0008 + 0.0004 * t)),
      practices: FIXTURE_YEARS.map((y, t) => stats(y, 6300 + d.practices * t, 10 + 9 * t)),
    };
    const counts = FIXTURE_EROSION_COUNTS[FIXTURE_SCENARIOS[s] ?? "status-quo"] ?? [0, 0];
    (["gpPerPatient", "gpShare"] as const).forEach((indicator, k) => {
      const eroded = counts[k] ?? 0;
      erosion.push({ scenario: id, indicator, threshold: 0.05, n: RUNS, eroded, probability: eroded / RUNS, ...wilson(eroded, RUNS) });
    });
    FIXTURE_YEARS.forEach((year, t) => {
      const bn = 1e9 * 100; // pence in £1bn
      const total = (10.2 + 0.25 * t) * bn;
      const diverted = (0.15 + (s === 1 ? 0 : 0.05 * t * (s === 0 ? 1 : 0.5))) * bn;
      flows.push({ scenario: id, year, from: "nhse", to: "icb", fund: "gp-core", meanPence: total });
      flows.push({ scenario: id, year, from: "icb", to: "practice", fund: "gp-core", meanPence: total * 0.78 - diverted });
      flows.push({ scenario: id, year, from: "icb", to: "pcn", fund: "arrs", meanPence: total * 0.12 });
      flows.push({ scenario: id, year, from: "icb", to: "acute", fund: "gp-core", meanPence: diverted });
      flows.push({ scenario: id, year, from: "icb", to: "community", fund: "gp-core", meanPence: total * 0.03 });
    });
  });
  const paired: PairedDifference[] = [];
  const last = FIXTURE_YEARS[FIXTURE_YEARS.length - 1] ?? "";
  for (const [b, mean, half] of [
    [ids[1], 14.82, 0.61],
    [ids[2], options.thirdSpansZero === true ? 0.4 : 5.4, options.thirdSpansZero === true ? 1.1 : 0.47],
  ] as const) {
    const spread = (m: number, h: number) => ({ n: RUNS, mean: m, ciLow: m - h, ciHigh: m + h, p5: m - 3 * h, p50: m, p95: m + 3 * h });
    const diff = (indicator: string, year: string, m: number, h: number, rel: number): PairedDifference => ({ a: ids[0], b, indicator, year, ...spread(m, h), relative: spread(rel, rel / 10) });
    paired.push(diff("gpPerPatient", last, mean, half, mean / 200));
    paired.push(diff("practices", last, b === ids[1] ? 251 : -3, b === ids[1] ? 13 : 12, b === ids[1] ? 0.04 : -0.0005));
    paired.push(diff("gpShare", last, b === ids[1] ? 0.0042 : -0.0021, 0.0004, b === ids[1] ? 0.05 : -0.025));
    paired.push(diff("gpPerPatient", FIXTURE_YEARS[0] ?? "", 0.1, 0.3, 0.0005));
  }
  return {
    scenarios: ids,
    runs: RUNS,
    masterSeed: "fixture-seed-42",
    years: FIXTURE_YEARS,
    indicators,
    erosion,
    baseline: ids[0],
    paired,
    cumulative: [],
    change: ids.map((scenario, s) => ({ scenario, indicator: "gpPerPatient", change: { n: RUNS, mean: -0.02 * s, ciLow: -0.02 * s - 0.004, ciHigh: -0.02 * s + 0.004, p5: -0.02 * s - 0.01, p50: -0.02 * s, p95: -0.02 * s + 0.01 } })),
    flows,
    failures: [{ scenario: ids[2], run: 517, seed: "fixture-seed-42/517", message: "practice 'P81' list size went negative" }],
    manifest: {
      producer: "@ringfence/fixture@0.0.0",
      masterSeed: "fixture-seed-42",
      scenarioHashes: Object.fromEntries(ids.map((id, i) => [id, `${String(i + 1).repeat(8)}abcdef`.padEnd(64, "0")])),
      quantileMethod: "P² streaming estimator (5 markers per quantile); error under 1% of the range for these runs",
    },
  };
}

/** A small run record: `indicators` maps each id to one value per year. */
export function makeRunRecord(scenario: string, run: number, years: readonly string[], indicators: Readonly<Record<string, readonly number[]>>): RunRecord {
  return { scenario, run, seed: `seed-${run}`, years, indicators, flows: [] };
}
