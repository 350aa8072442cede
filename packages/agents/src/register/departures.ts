/**
 * Practices leaving the payments panel, year by year, and how many of them look like mergers: a neighbour in
 * the same CCG (or sub-ICB location) took most of the list. The evidence for the at-scale merger wave of
 * 2016/17–2018/19 (docs/calibration.md).
 * @packageDocumentation
 */
import { lowerMedian, panelHistories } from "./panel-histories.js";
import type { PracticeYear } from "./payments.js";

/** One financial year's departures from the panel. */
export interface DepartureYear {
  /** The last financial year the departing practices have a row in (2016 = 2016/17). */
  readonly year: number;
  /** Practices whose last row is this year (with a list at some point). */
  readonly departed: number;
  /** Of which a practice in the same CCG gained at least `share` of the departing list by the next year. */
  readonly mergerLike: number;
  /** Median of the departing practices' last non-zero lists. */
  readonly medianList: number;
}

/**
 * Departures per year. A practice departs in its last year with a row, unless that is the panel's last year
 * (nothing after it is known). Its list is its last non-zero one (a practice that closes during a year can
 * appear that year with none); it looks like a merger when a practice of the same CCG in that list's year,
 * still present the year after the departure, gained at least `share` of it (default 0.6) in between.
 */
export function practiceDepartures(rows: readonly PracticeYear[], share = 0.6): DepartureYear[] {
  const { byYear, histories, years } = panelHistories(rows);
  const lastYear = years.at(-1);
  const found = new Map<number, { lists: number[]; mergerLike: number }>();
  for (const history of histories) {
    const last = history.at(-1)!;
    if (last.year === lastYear) continue;
    const listed = history.filter((r) => r.registeredPatients > 0).at(-1);
    if (listed === undefined) continue;
    const after = byYear.get(last.year + 1);
    const then = byYear.get(listed.year)!;
    let gain = 0;
    for (const [code, r] of after ?? []) {
      const before = then.get(code);
      if (before === undefined || before.subIcbCode !== listed.subIcbCode) continue;
      gain = Math.max(gain, r.registeredPatients - before.registeredPatients);
    }
    let year = found.get(last.year);
    if (year === undefined) found.set(last.year, (year = { lists: [], mergerLike: 0 }));
    year.lists.push(listed.registeredPatients);
    if (gain >= share * listed.registeredPatients) year.mergerLike++;
  }
  return years.slice(0, -1).map((year) => {
    const f = found.get(year) ?? { lists: [], mergerLike: 0 };
    return { year, departed: f.lists.length, mergerLike: f.mergerLike, medianList: lowerMedian(f.lists) };
  });
}
