import { describe, expect, it } from "vitest";
import { practiceDepartures, type PracticeYear } from "@ringfence/agents";
import { practiceYear } from "../test/register-fixtures.js";

/** A practice's rows: year → [list, CCG]. */
function practice(code: string, years: Readonly<Record<number, readonly [number, string]>>): PracticeYear[] {
  return Object.entries(years).map(([year, [list, ccg]]) => practiceYear({ practiceCode: code, year: Number(year), registeredPatients: list, subIcbCode: ccg }));
}

describe("practices leaving the panel", () => {
  const rows = [
    // Leaves after 2015; B in its CCG gains 3,000 of its 4,000: merger-like.
    ...practice("A", { 2014: [4000, "01A"], 2015: [4000, "01A"] }),
    ...practice("B", { 2014: [6000, "01A"], 2015: [6100, "01A"], 2016: [9100, "01A"], 2017: [9200, "01A"] }),
    // Leaves after 2015 with no neighbour taking its list: C's gain is in another CCG.
    ...practice("D", { 2014: [3000, "02B"], 2015: [3000, "02B"] }),
    ...practice("C", { 2014: [5000, "01A"], 2015: [5000, "01A"], 2016: [5100, "01A"], 2017: [5100, "01A"] }),
    ...practice("E", { 2014: [5000, "03C"], 2015: [5000, "03C"], 2016: [8000, "03C"], 2017: [8000, "03C"] }),
    // Appears with no list in its last year (closed during 2016): its list is 2015's, and B's gain is counted from 2015.
    ...practice("F", { 2014: [2000, "01A"], 2015: [2000, "01A"], 2016: [0, "01A"] }),
    // Still there in the last year: not a departure.
    ...practice("G", { 2014: [1000, "01A"], 2017: [1000, "01A"] }),
  ];
  it("counts each practice in its last year with a row, with its last non-zero list, merger-like when its CCG's neighbour took most of it", () => {
    expect(practiceDepartures(rows)).toEqual([
      { year: 2014, departed: 0, mergerLike: 0, medianList: 0 },
      { year: 2015, departed: 2, mergerLike: 1, medianList: 3000 },
      { year: 2016, departed: 1, mergerLike: 1, medianList: 2000 },
    ]);
    // With a stricter threshold B's gains (3,000 of 4,000; 3,100 from 2015 of 2,000) are tested against it.
    expect(practiceDepartures(rows, 0.8).map((y) => y.mergerLike)).toEqual([0, 0, 1]);
  });
});
