/**
 * Bounds on work: every command and batch API has a maximum number of model runs (200,000 by default,
 * raised explicitly), checked at validation before anything starts. A command over its bound says how big it
 * is and about how long it would take, from a small batch of runs measured on this machine.
 * @packageDocumentation
 */
import { ConfigError } from "@ringfence/core";
import { runScenario } from "./model.js";
import type { Scenario } from "./scenario.js";

/** The default maximum of model runs per command or batch call. */
export const DEFAULT_MAX_RUNS = 200_000;

/** A number with thousands separators (`1,000,000`). */
export const grouped = (n: number): string => Math.round(n).toLocaleString("en-GB");

/** A count with its noun, grouped and pluralised: `1 scenario`, `1,000,000 runs`. */
export const counted = (n: number, noun: string): string => `${grouped(n)} ${noun}${n === 1 ? "" : "s"}`;

/** A duration in words, to two significant figures: `about 40 seconds`, `about 3.5 hours`, `about 2 years`. */
export function formatDuration(seconds: number): string {
  const units: [number, string][] = [
    [365.25 * 86_400, "year"],
    [86_400, "day"],
    [3600, "hour"],
    [60, "minute"],
    [1, "second"],
  ];
  const [size, name] = units.find(([u]) => seconds >= u) ?? [1, "second"];
  const n = Number((seconds / size).toPrecision(2));
  return `about ${n} ${name}${n === 1 ? "" : "s"}`;
}

/**
 * Seconds one run of `scenario` takes on this thread, from a small measured batch: at least three runs, more
 * while under about 2.5 s and ten runs; the first (cold) run is not counted and the fastest of the others is
 * taken, since a long batch runs on warm code (V8 keeps speeding the model's runs up over the first few).
 * Plugin-free scenarios only: nothing a scenario file names runs here.
 * @throws RangeError for a scenario that loads plugins.
 */
export function measureSecondsPerRun(scenario: Scenario, years: number): number {
  if (scenario.plugins.length > 0) throw new RangeError("measureSecondsPerRun: expected a scenario without plugins (they run only in worker threads)");
  const times: number[] = [];
  const start = performance.now();
  for (let i = 0; i < 10 && (i < 3 || performance.now() - start < 2500); i++) {
    const t0 = performance.now();
    runScenario({ ...scenario, years }, { seed: `estimate:${i}` });
    times.push((performance.now() - t0) / 1000);
  }
  return Math.min(...times.slice(1));
}

/** How big a command is: its total model runs and how that total is made up, in words. */
export interface RunCount {
  /** Model runs in all. */
  readonly runs: number;
  /** How the total is made up, such as `7 scenarios × 1,000,000 runs`. */
  readonly breakdown: string;
}

/**
 * Refuses work over its bound with a ConfigError naming the field, the size and (when `estimate` is given) about
 * how long it would take; `estimate` is called only when the bound is exceeded.
 * @param field The option that raises the bound (`--max-runs`, `maxRuns`).
 * @param estimate The seconds the whole work would take and what that assumes (`2 workers`), for the message.
 */
export function checkRunBound(count: RunCount, maxRuns: number, field: string, estimate?: () => { readonly seconds: number; readonly on: string }): void {
  if (count.runs <= maxRuns) return;
  const e = estimate?.();
  const size = `${grouped(count.runs)} runs (${count.breakdown})${e === undefined ? "" : `, ${formatDuration(e.seconds)} on ${e.on}`}`;
  const expected = `at most ${grouped(maxRuns)} runs`;
  throw new ConfigError("bounds", [{ path: field, expected, value: count.runs, message: `${field}: expected ${expected}, got ${size}; ${field} ${count.runs} to allow it` }]);
}
