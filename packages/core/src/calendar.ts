/**
 * Financial-year calendar: maps ticks to English NHS financial years (April to March).
 * @packageDocumentation
 */

/** Options for {@link createCalendar}. */
export interface CalendarOptions {
  /** Ticks in one financial year; 12 makes a tick a month. Integer from 1 to 366. */
  readonly ticksPerYear?: number;
  /** Calendar year in which the first financial year starts (2025 means 2025/26). */
  readonly startYear?: number;
}

/** Maps a tick (0-based) to its financial year, month and year boundaries. */
export interface Calendar {
  /** Ticks in one financial year. */
  readonly ticksPerYear: number;
  /** Calendar year in which financial year 0 starts. */
  readonly startYear: number;
  /** Financial year index (0-based) that the tick falls in. */
  yearIndex(tick: number): number;
  /** Position of the tick inside its financial year (0 = the first tick, in April). */
  tickInYear(tick: number): number;
  /** Financial year label of the tick, such as `2025/26`. */
  yearLabel(tick: number): string;
  /** Label of a financial year given by its index, such as `2026/27` for index 1 from 2025. */
  labelOfYear(yearIndex: number): string;
  /** Calendar month (1 = January … 12 = December) in which the tick starts. */
  month(tick: number): number;
  /** Calendar year in which the tick starts (a tick in January 2026 is in 2026). */
  calendarYear(tick: number): number;
  /** Whether the tick is the first of its financial year. */
  opensYear(tick: number): boolean;
  /** Whether the tick is the last of its financial year. */
  closesYear(tick: number): boolean;
}

function checkTick(tick: number): void {
  if (!Number.isInteger(tick) || tick < 0) {
    throw new RangeError(`tick: expected a non-negative integer, got ${String(tick)}`);
  }
}

/** Formats the financial year that starts in `year` as `YYYY/YY`, for example `2025/26` or `1999/00`. */
export function financialYearLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
}

/**
 * Creates a financial-year calendar.
 * @example
 * ```ts
 * const cal = createCalendar({ ticksPerYear: 12, startYear: 2025 });
 * cal.yearLabel(11); // "2025/26" (March 2026)
 * cal.month(9);      // 1 (January)
 * cal.closesYear(11); // true
 * ```
 * @remarks Financial years run April to March. With 12 ticks a year, tick 0 is April of `startYear`.
 */
export function createCalendar(options: CalendarOptions = {}): Calendar {
  const ticksPerYear = options.ticksPerYear ?? 12;
  const startYear = options.startYear ?? 2025;
  if (!Number.isInteger(ticksPerYear) || ticksPerYear < 1 || ticksPerYear > 366) {
    throw new RangeError(`ticksPerYear: expected an integer from 1 to 366, got ${String(ticksPerYear)}`);
  }
  if (!Number.isInteger(startYear) || startYear < 1900 || startYear > 2200) {
    throw new RangeError(`startYear: expected an integer from 1900 to 2200, got ${String(startYear)}`);
  }
  const yearIndex = (tick: number): number => {
    checkTick(tick);
    return Math.floor(tick / ticksPerYear);
  };
  const tickInYear = (tick: number): number => {
    checkTick(tick);
    return tick % ticksPerYear;
  };
  // Months elapsed since the April that opens financial year 0.
  const monthsSinceStart = (tick: number): number =>
    yearIndex(tick) * 12 + Math.floor((tickInYear(tick) * 12) / ticksPerYear);
  return {
    ticksPerYear,
    startYear,
    yearIndex,
    tickInYear,
    yearLabel: (tick) => financialYearLabel(startYear + yearIndex(tick)),
    labelOfYear: (index) => financialYearLabel(startYear + index),
    month: (tick) => ((3 + monthsSinceStart(tick)) % 12) + 1,
    calendarYear: (tick) => startYear + Math.floor((3 + monthsSinceStart(tick)) / 12),
    opensYear: (tick) => tickInYear(tick) === 0,
    closesYear: (tick) => tickInYear(tick) === ticksPerYear - 1,
  };
}
