import { describe, expect, it } from "vitest";
import { practiceArrivals, type PracticeYear } from "@ringfence/agents";
import { practiceYear } from "../test/register-fixtures.js";

/** A practice's rows: year → [list, CCG]. */
function practice(code: string, years: Readonly<Record<number, readonly [number, string]>>): PracticeYear[] {
  return Object.entries(years).map(([year, [list, ccg]]) => practiceYear({ practiceCode: code, year: Number(year), registeredPatients: list, subIcbCode: ccg }));
}

describe("practices arriving in the panel", () => {
  const rows = [
    // In the panel's first year: never an arrival.
    ...practice("G", { 2014: [1000, "01A"], 2017: [1000, "01A"] }),
    // A leaves after 2014 with 4,000; N1 arrives in its CCG in 2015 with 3,000: from neighbours (those that left).
    ...practice("A", { 2014: [4000, "01A"] }),
    ...practice("N1", { 2015: [3000, "01A"], 2016: [3000, "01A"], 2017: [3000, "01A"] }),
    // B loses 3,000 in 2016; N2 arrives in its CCG with 3,200: from neighbours (one that stayed), unless the threshold is above 3,000 / 3,200.
    ...practice("B", { 2014: [6000, "01A"], 2015: [6000, "01A"], 2016: [3000, "01A"], 2017: [3000, "01A"] }),
    ...practice("N2", { 2016: [3200, "01A"], 2017: [3300, "01A"] }),
    // N3 arrives in 02B in 2016 with 2,000 and no neighbour losing any: new.
    ...practice("C", { 2014: [5000, "02B"], 2015: [5000, "02B"], 2016: [5100, "02B"], 2017: [5000, "02B"] }),
    ...practice("N3", { 2016: [2000, "02B"], 2017: [2100, "02B"] }),
    // N4 arrives in 2016 with no list (opened late in the year): its list is 2017's 1,500, and C lost nothing from 2015 to 2017: new.
    ...practice("N4", { 2016: [0, "02B"], 2017: [1500, "02B"] }),
    // N5 arrives in 2017 and never has a list.
    ...practice("N5", { 2017: [0, "02B"] }),
  ];
  it("counts each practice in its first year with a row, with its first non-zero list, from neighbours when its CCG could have given most of it", () => {
    expect(practiceArrivals(rows)).toEqual([
      { year: 2015, arrived: 1, listed: 1, fromNeighbours: 1, medianNewList: 0 },
      { year: 2016, arrived: 3, listed: 3, fromNeighbours: 1, medianNewList: 1500 },
      { year: 2017, arrived: 1, listed: 0, fromNeighbours: 0, medianNewList: 0 },
    ]);
    // With a stricter threshold B's loss (3,000 of N2's 3,200) no longer covers N2; A's 4,000 still covers N1's 3,000.
    expect(practiceArrivals(rows, 0.95).map((y) => y.fromNeighbours)).toEqual([1, 0, 0]);
    expect(practiceArrivals(rows, 0.95)[1]!.medianNewList).toBe(2000);
  });
  it("is the panel's years after the first, and an empty panel has none", () => {
    expect(practiceArrivals([])).toEqual([]);
    expect(practiceArrivals(practice("G", { 2014: [1000, "01A"] }))).toEqual([]);
  });
});
