/**
 * The 2015/16→2025/26 backcast: runs the baseline-2014 scenario and the variants the targets need through a
 * batch, and tabulates each validation target against the model's median and 90% band across runs.
 * @packageDocumentation
 */
import { runBatch, type RunRecord } from "@ringfence/core/batch";
import { PANEL_MEASURES, type IcbPanel, type PanelMeasure } from "../icb-panel.js";
import { comparePanel, createModelPanel, setModelRun, type PanelComparison } from "../register/compare.js";
import type { ObservedPanel } from "../register/panel.js";
import type { PopulationSize } from "../scenario.js";
import { calibrationWorkerModule, type CalibrationTaskConfig } from "./calibration-task.js";
import type { Ensemble } from "./ensemble.js";
import { hitsTarget, measureRun, TARGETS, variantScenario, variantsFor, type TargetRole, type ValidationTarget, type VariantId } from "./targets.js";

/** Years the backcast runs: 2014/15 to 2025/26. */
export const BACKCAST_YEARS = 12;

/** The p-th quantile (0–1) of values by linear interpolation between order statistics (Hyndman–Fan type 7); NaN for none. */
export function quantile(values: readonly number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

/** One row of the backcast table. */
export interface BackcastRow {
  /** The target. */
  readonly target: ValidationTarget;
  /** Runs with a finite model value. */
  readonly n: number;
  /** Runs whose value was missing or non-finite. */
  readonly missing: number;
  /** Median model value across runs. */
  readonly median: number;
  /** 5th percentile across runs. */
  readonly p5: number;
  /** 95th percentile across runs. */
  readonly p95: number;
  /** Whether the median hits the target (within tolerance, or the right sign). */
  readonly hit: boolean;
  /** Whether the verdict is stable: the 95% interval of the median (order statistics) lies on one side of every edge of the target. */
  readonly stable: boolean;
}

/** Hits by role. */
export interface BackcastCount {
  /** Targets of the role. */
  readonly targets: number;
  /** Of which hit. */
  readonly hits: number;
}

/** The backcast table: one row per target and the counts of hits. */
export interface BackcastTable {
  /** Rows in target order. */
  readonly rows: readonly BackcastRow[];
  /** Non-input targets (fitted and held out) and how many are hit. */
  readonly counted: BackcastCount;
  /** Hits by role. */
  readonly byRole: Readonly<Record<TargetRole, BackcastCount>>;
  /** Runs per scenario. */
  readonly runs: number;
}

/** The records of one run index across variants. */
export type RunGroup = Readonly<Partial<Record<VariantId, RunRecord>>>;

/** Groups run records by run index, mapping each record's scenario id to its variant. */
export function groupRuns(records: readonly RunRecord[], variantOf: Readonly<Record<string, VariantId>>): RunGroup[] {
  const byRun = new Map<number, Partial<Record<VariantId, RunRecord>>>();
  for (const r of records) {
    const variant = variantOf[r.scenario];
    if (variant === undefined) continue;
    const group = byRun.get(r.run) ?? {};
    group[variant] = r;
    byRun.set(r.run, group);
  }
  return [...byRun.keys()].sort((a, b) => a - b).map((k) => byRun.get(k)!);
}

/** The backcast table computed from run groups (pure: the same records give the same table). */
export function backcastTable(groups: readonly RunGroup[], targets: readonly ValidationTarget[] = TARGETS): BackcastTable {
  const rows = targets.map((target): BackcastRow => {
    const values = groups.map((g) => measureRun(target.measure, g));
    const ok = values.filter(Number.isFinite);
    const median = quantile(ok, 0.5);
    // 95% interval of the median from order statistics (normal approximation to the binomial ranks).
    const sorted = [...ok].sort((a, b) => a - b);
    const half = 1.96 * Math.sqrt(sorted.length) / 2;
    const lo = sorted[Math.max(0, Math.floor(sorted.length / 2 - half))] ?? Number.NaN;
    const hi = sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length / 2 + half))] ?? Number.NaN;
    const stable = sorted.length > 0 && hitsTarget(target, lo) === hitsTarget(target, hi) && hitsTarget(target, lo) === hitsTarget(target, median);
    return { target, n: ok.length, missing: values.length - ok.length, median, p5: quantile(ok, 0.05), p95: quantile(ok, 0.95), hit: hitsTarget(target, median), stable };
  });
  const count = (filter: (r: BackcastRow) => boolean): BackcastCount => {
    const chosen = rows.filter(filter);
    return { targets: chosen.length, hits: chosen.filter((r) => r.hit).length };
  };
  return {
    rows,
    counted: count((r) => r.target.role !== "input"),
    byRole: { input: count((r) => r.target.role === "input"), fitted: count((r) => r.target.role === "fitted"), "held-out": count((r) => r.target.role === "held-out") },
    runs: groups.length,
  };
}

/** Options of {@link runBackcast}. */
export interface BackcastOptions {
  /** Runs per scenario. */
  readonly runs: number;
  /** Tasks at once. */
  readonly workers?: number;
  /** Population size (default england). */
  readonly population?: PopulationSize;
  /** Posterior ensemble to draw each run's parameters from (by run seed; the same draw in every variant). */
  readonly ensemble?: Pick<Ensemble, "parameters" | "particles" | "priorDrawn">;
  /** Parameter paths the ensemble must not replace. */
  readonly pinned?: readonly string[];
  /** Journal path (its folder must exist). */
  readonly journal?: string;
  /** Continue from the journal. */
  readonly resume?: boolean;
  /** Master seed. */
  readonly seed: string | number;
  /** Targets to tabulate (default: all ten). */
  readonly targets?: readonly ValidationTarget[];
  /**
   * The practice panel to compare the baseline's runs with, ICB by ICB (England only): built from a fit-only
   * register, its reserved years stay unobserved; from the whole register, they are the out-of-sample check.
   */
  readonly observed?: ObservedPanel;
  /** Stops the batch. */
  readonly signal?: AbortSignal;
}

/** The backcast's outcome: the table and the records it was computed from. */
export interface BackcastResult {
  /** The table. */
  readonly table: BackcastTable;
  /** Every run record, in batch order. */
  readonly records: readonly RunRecord[];
  /** Scenario id → variant. */
  readonly variantOf: Readonly<Record<string, VariantId>>;
  /** The baseline's runs against the practice panel, ICB by ICB, when an observed panel was given. */
  readonly panel?: PanelComparison;
}

/** A recorded run's per-ICB series as the panel check reads them (null, from the JSON round trip, as NaN). */
export function icbPanelOf(record: RunRecord): IcbPanel | undefined {
  const areas = record.areas;
  if (areas === undefined) return undefined;
  const series = {} as Record<PanelMeasure, number[]>;
  for (const m of PANEL_MEASURES) series[m] = (areas.series[m] ?? []).map((x) => (x === null ? Number.NaN : x));
  return { codes: areas.codes, series };
}

/** The baseline's runs against an observed panel: every run's per-ICB series in one model panel, then compared. */
export function panelCheck(records: readonly RunRecord[], baselineId: string, observed: ObservedPanel): PanelComparison {
  const runs = records.filter((r) => r.scenario === baselineId).sort((a, b) => a.run - b.run);
  const first = runs[0];
  if (first === undefined) throw new RangeError(`backcast panel: no runs of ${baselineId}`);
  const years = first.years.map((label) => Number(label.slice(0, 4)));
  const codes = icbPanelOf(first)?.codes;
  if (codes === undefined) throw new RangeError(`backcast panel: the runs of ${baselineId} recorded no per-ICB panel`);
  const model = createModelPanel({ icbCodes: codes, years, runs: runs.length });
  runs.forEach((r, k) => setModelRun(model, k, icbPanelOf(r)!, years));
  return comparePanel(observed, model);
}

/**
 * Runs the baseline-2014 backcast and the variants the targets need (4 scenarios × `runs`) and tabulates the
 * targets. Deterministic in (options); resumable through the journal.
 */
export async function runBackcast(options: BackcastOptions): Promise<BackcastResult> {
  const targets = options.targets ?? TARGETS;
  const variants = variantsFor(targets);
  const variantOf: Record<string, VariantId> = {};
  const scenarios = variants.map((v) => {
    const scenario = variantScenario(v, options.population);
    const id = scenario.id ?? v;
    variantOf[id] = v;
    const config: CalibrationTaskConfig = {
      scenario,
      ...(options.ensemble === undefined ? {} : { ensemble: { parameters: options.ensemble.parameters, particles: options.ensemble.particles, priorDrawn: options.ensemble.priorDrawn } }),
      ...(options.pinned === undefined ? {} : { pinned: options.pinned }),
      ...(v === "baseline" && options.observed !== undefined ? { panel: true } : {}),
    };
    return { id, config };
  });
  const records: RunRecord[] = [];
  await runBatch({
    worker: calibrationWorkerModule(),
    scenarios,
    runs: options.runs,
    masterSeed: options.seed,
    years: BACKCAST_YEARS,
    ...(options.workers === undefined ? {} : { workers: options.workers }),
    ...(options.journal === undefined ? {} : { journal: options.journal }),
    ...(options.resume === undefined ? {} : { resume: options.resume }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
    onRecord: (r) => records.push(r),
  });
  const table = backcastTable(groupRuns(records, variantOf), targets);
  const baselineId = Object.entries(variantOf).find(([, v]) => v === "baseline")?.[0];
  if (options.observed === undefined || baselineId === undefined) return { table, records, variantOf };
  return { table, records, variantOf, panel: panelCheck(records, baselineId, options.observed) };
}

function fmt(v: number, unit: string): string {
  if (!Number.isFinite(v)) return "–";
  if (unit.startsWith("share")) return `${(v * 100).toFixed(2)}%`;
  const a = Math.abs(v);
  if (a >= 1e6) return `${(v / 1e6).toFixed(2)}m`;
  if (a >= 100) return Math.round(v).toLocaleString("en-GB");
  return v.toFixed(2);
}

/** A value as it reads in its unit: shares as %, money with £ (and m), counts as numbers. */
function short(v: number, unit: string): string {
  const text = fmt(v, unit);
  if (text === "–" || unit.startsWith("share")) return text;
  const money = /^£(m|bn)?/.exec(unit);
  if (money !== null) return `${v < 0 ? "−" : ""}£${text.replace(/^-/, "")}${money[1] ?? ""}`;
  return text;
}

/** The unit column: a plain share says "share (%)", the rest their unit words. */
function unitWords(unit: string): string {
  return unit === "share" ? "share (%)" : unit;
}

/** Column heads of the backcast table, as {@link backcastCells} fills them. */
export const BACKCAST_COLUMNS = ["#", "target", "role", "unit", "published", "tolerance or threshold", "model median", "90% of runs", "hit"] as const;

/** The backcast table's cells as text, one row per target in {@link BACKCAST_COLUMNS} order. */
export function backcastCells(table: BackcastTable): string[][] {
  return table.rows.map((r) => {
    const t = r.target;
    // A direction target shows its value and its threshold; target 9's measure is the share diverted less one half.
    const half = t.unit.startsWith("share (model value − 0.5)");
    const unit = half ? "share" : t.unit;
    const shown = (v: number): string => short(half ? v + 0.5 : v, unit);
    const published = t.kind === "direction" ? (half ? `${shown(t.value - 0.5)} (${t.toleranceText.replace(/^direction: /, "")})` : t.toleranceText.replace(/^direction: /, "")) : short(t.value, t.unit);
    const tol = t.kind === "direction" ? `${(t.direction ?? 1) > 0 ? "above" : "below"} ${shown(half ? -0.5 + 0.5 : 0)}` : `±${short(t.tolerance, t.unit)}`;
    return [String(t.number), t.id, t.role, unitWords(unit), published, tol, shown(r.median), `${shown(r.p5)} … ${shown(r.p95)}`, r.hit ? (r.stable ? "in" : "in (unstable)") : r.stable ? "OUT" : "OUT (unstable)"];
  });
}

/** The line that counts hits: non-input targets, by role, and the inputs (not counted). */
export function backcastCountLine(table: BackcastTable): string {
  const c = table.counted;
  const b = table.byRole;
  return `hit ${c.hits} of ${c.targets} non-input targets (fitted ${b.fitted.hits}/${b.fitted.targets}, held out ${b["held-out"].hits}/${b["held-out"].targets}); inputs ${b.input.hits}/${b.input.targets} (not counted)`;
}

/** The backcast table as plain text: one line per target, then the counts. */
export function formatBackcastTable(table: BackcastTable): string {
  const head = [...BACKCAST_COLUMNS];
  const lines = backcastCells(table);
  const widths = head.map((h, i) => Math.max(h.length, ...lines.map((l) => l[i]!.length)));
  const row = (cells: readonly string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ").trimEnd();
  return [row(head), row(widths.map((w) => "-".repeat(w))), ...lines.map(row), "", `runs per scenario: ${table.runs}`, backcastCountLine(table)].join("\n");
}
