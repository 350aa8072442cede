import { createCalendar, financialYearLabel } from "@ringfence/core";
import { describe, expect, it } from "vitest";

describe("calendar", () => {
  const cal = createCalendar({ ticksPerYear: 12, startYear: 2025 });
  it("tick 0 is April of the start year and opens 2025/26", () => {
    expect(cal.month(0)).toBe(4);
    expect(cal.calendarYear(0)).toBe(2025);
    expect(cal.yearLabel(0)).toBe("2025/26");
    expect(cal.opensYear(0)).toBe(true);
    expect(cal.closesYear(0)).toBe(false);
  });
  it("ticks 9 to 11 are January to March of the next calendar year, still 2025/26", () => {
    expect([9, 10, 11].map((t) => cal.month(t))).toEqual([1, 2, 3]);
    expect([9, 10, 11].map((t) => cal.calendarYear(t))).toEqual([2026, 2026, 2026]);
    expect(cal.yearLabel(11)).toBe("2025/26");
    expect(cal.closesYear(11)).toBe(true);
    expect(cal.yearLabel(12)).toBe("2026/27");
    expect(cal.opensYear(12)).toBe(true);
    expect(cal.yearIndex(23)).toBe(1);
    expect(cal.tickInYear(23)).toBe(11);
  });
  it("labels years across a century", () => {
    expect(financialYearLabel(1999)).toBe("1999/00");
    expect(financialYearLabel(2009)).toBe("2009/10");
    expect(cal.labelOfYear(9)).toBe("2034/35");
  });
  it("supports yearly, quarterly and weekly ticks", () => {
    const yearly = createCalendar({ ticksPerYear: 1, startYear: 2030 });
    expect(yearly.opensYear(3) && yearly.closesYear(3)).toBe(true);
    expect(yearly.yearLabel(3)).toBe("2033/34");
    const quarterly = createCalendar({ ticksPerYear: 4, startYear: 2025 });
    expect([0, 1, 2, 3].map((t) => quarterly.month(t))).toEqual([4, 7, 10, 1]);
    expect(quarterly.calendarYear(3)).toBe(2026);
    const weekly = createCalendar({ ticksPerYear: 52, startYear: 2025 });
    expect(weekly.closesYear(51)).toBe(true);
    expect(weekly.month(51)).toBe(3);
  });
  it("rejects bad ticks and options, naming the field", () => {
    expect(() => cal.month(-1)).toThrow("tick: expected a non-negative integer, got -1");
    expect(() => cal.yearLabel(1.5)).toThrow("tick: expected a non-negative integer, got 1.5");
    expect(() => createCalendar({ ticksPerYear: 0 })).toThrow("ticksPerYear: expected an integer from 1 to 366, got 0");
    expect(() => createCalendar({ startYear: 1800 })).toThrow("startYear: expected an integer from 1900 to 2200, got 1800");
  });
});
