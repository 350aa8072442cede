/**
 * The evidence split of the Real England check, fixed in one place: financial years up to and including
 * {@link FIT_THROUGH_YEAR} may be looked at while building and fitting the model; later years of the
 * practice panel and the workforce file are reserved for the out-of-sample check.
 * @packageDocumentation
 */
import { financialYearLabel } from "@ringfence/core";

/**
 * The last financial year (by the calendar year it starts in) that the fit may read: 2018 means 2018/19.
 * @remarks 2019/20–2021/22 of the practice panel and the workforce years ending March 2023 and 2024
 * (2022/23 and 2023/24) are reserved. Every loader and panel view reads this constant.
 */
export const FIT_THROUGH_YEAR = 2018;

/** Which side of the split a financial year falls on. */
export type SplitSide = "fit" | "reserved";

/** What a loaded register or panel may read: only the fit years, or every year (the out-of-sample check). */
export type RegisterAccess = "fit" | "all";

/** The side of the split of a financial year given by the calendar year it starts in. */
export function splitOf(year: number): SplitSide {
  return year <= FIT_THROUGH_YEAR ? "fit" : "reserved";
}

/** Whether a register or panel with the given access may read a financial year. */
export function mayRead(access: RegisterAccess, year: number): boolean {
  return access === "all" || splitOf(year) === "fit";
}

/** Thrown when code with fit-only access asks for a reserved year. */
export class ReservedYearError extends Error {
  override readonly name = "ReservedYearError";
  /** The financial year asked for (the calendar year it starts in). */
  readonly year: number;
  /** Creates the error for a year and what was being read. */
  constructor(year: number, what: string) {
    super(
      `${what}: ${financialYearLabel(year)} is a reserved year; a fit-only view reads ${financialYearLabel(FIT_THROUGH_YEAR)} and earlier ` +
        `(FIT_THROUGH_YEAR = ${FIT_THROUGH_YEAR}); load the register with access "all" for the out-of-sample check`,
    );
    this.year = year;
  }
}

/** Throws a {@link ReservedYearError} when `access` may not read `year`. */
export function assertMayRead(access: RegisterAccess, year: number, what: string): void {
  if (!mayRead(access, year)) throw new ReservedYearError(year, what);
}
