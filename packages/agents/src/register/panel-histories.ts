/**
 * The payments panel indexed two ways, for counting practices that arrive in it or leave it.
 * @packageDocumentation
 */
import type { PracticeYear } from "./payments.js";

/** The panel by year (practice code to row), each practice's rows in year order, and the years in order. */
export interface PanelHistories {
  /** Each year's rows by practice code. */
  readonly byYear: ReadonlyMap<number, ReadonlyMap<string, PracticeYear>>;
  /** Each practice's rows, earliest year first. */
  readonly histories: readonly (readonly PracticeYear[])[];
  /** The panel's years, ascending. */
  readonly years: readonly number[];
}

/** Indexes panel rows by year and by practice (each practice's rows sorted by year). */
export function panelHistories(rows: readonly PracticeYear[]): PanelHistories {
  const byYear = new Map<number, Map<string, PracticeYear>>();
  const byPractice = new Map<string, PracticeYear[]>();
  for (const r of rows) {
    let y = byYear.get(r.year);
    if (y === undefined) byYear.set(r.year, (y = new Map()));
    y.set(r.practiceCode, r);
    let p = byPractice.get(r.practiceCode);
    if (p === undefined) byPractice.set(r.practiceCode, (p = []));
    p.push(r);
  }
  const histories = [...byPractice.values()].map((h) => h.sort((a, b) => a.year - b.year));
  return { byYear, histories, years: [...byYear.keys()].sort((a, b) => a - b) };
}

/** The lower median of list sizes (an observed list, not an average of two); 0 for none. */
export function lowerMedian(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0 ? 0 : sorted[Math.floor((sorted.length - 1) / 2)]!;
}
