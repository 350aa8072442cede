/**
 * Practices arriving in the payments panel, year by year, and how many of them look genuinely new rather than a
 * practice re-coded, merged or split whose patients came from neighbours in the same CCG (or sub-ICB location):
 * the mirror of {@link practiceDepartures}, and the evidence for practice entry (docs/calibration.md).
 * @packageDocumentation
 */
import { lowerMedian, panelHistories } from "./panel-histories.js";
import type { PracticeYear } from "./payments.js";

/** One financial year's arrivals in the panel. */
export interface ArrivalYear {
  /** The first financial year the arriving practices have a row in (2016 = 2016/17). */
  readonly year: number;
  /** Practices whose first row is this year. */
  readonly arrived: number;
  /** Of which with a registered list in some year (the others are codes the panel carries with no patients). */
  readonly listed: number;
  /** Of the listed, those whose list could have come from neighbours in the same CCG (at least `share` of it). */
  readonly fromNeighbours: number;
  /** Median first non-zero list of the listed practices that did not come from neighbours (0 when none). */
  readonly medianNewList: number;
}

/**
 * Arrivals per year. A practice arrives in its first year with a row, unless that is the panel's first year
 * (nothing before it is known). Its list is its first non-zero one (a practice that opens late in a year can
 * appear that year with none). It looks re-coded, merged or split from neighbours when, between the year before
 * it arrived and the year of that list, either one practice of its CCG lost at least `share` of it (default
 * 0.6), or the practices of its CCG that left the panel in between had at least `share` of it between them.
 * @remarks A practice counted here whose list did not come from neighbours may still be a contract re-procured
 * under a new code; the count of those that did is a floor of re-coding, not a ceiling.
 */
export function practiceArrivals(rows: readonly PracticeYear[], share = 0.6): ArrivalYear[] {
  const { byYear, histories, years } = panelHistories(rows);
  const firstYear = years[0];
  const found = new Map<number, { arrived: number; listed: number; fromNeighbours: number; newLists: number[] }>();
  for (const history of histories) {
    const first = history[0]!;
    if (first.year === firstYear) continue;
    let year = found.get(first.year);
    if (year === undefined) found.set(first.year, (year = { arrived: 0, listed: 0, fromNeighbours: 0, newLists: [] }));
    year.arrived++;
    const listed = history.find((r) => r.registeredPatients > 0);
    if (listed === undefined) continue;
    year.listed++;
    const before = byYear.get(first.year - 1);
    const then = byYear.get(listed.year)!;
    let largestLoss = 0;
    let leftWith = 0;
    for (const [code, r] of before ?? []) {
      if (r.subIcbCode !== listed.subIcbCode) continue;
      const after = then.get(code);
      if (after === undefined) leftWith += r.registeredPatients;
      else largestLoss = Math.max(largestLoss, r.registeredPatients - after.registeredPatients);
    }
    if (Math.max(largestLoss, leftWith) >= share * listed.registeredPatients) year.fromNeighbours++;
    else year.newLists.push(listed.registeredPatients);
  }
  return years.slice(1).map((year) => {
    const f = found.get(year) ?? { arrived: 0, listed: 0, fromNeighbours: 0, newLists: [] };
    return { year, arrived: f.arrived, listed: f.listed, fromNeighbours: f.fromNeighbours, medianNewList: lowerMedian(f.newLists) };
  });
}
