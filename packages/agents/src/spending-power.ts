/**
 * What councils had for adult social care, 2015/16–2025/26: the real growth their own social care budgets
 * follow in the years of the `england` history (after it, `council.spendingPowerGrowth`). Every row names its
 * source; "ours" marks a figure we derived.
 * @packageDocumentation
 */

/** One financial year of councils' adult social care budgets. */
export interface SpendingPowerYear {
  /** Calendar year the financial year starts (2015 = 2015/16). */
  readonly year: number;
  /** Real growth on the year before (GDP deflator). */
  readonly realGrowth: number;
  /** Where it comes from. */
  readonly source: string;
}

/**
 * Real growth of English councils' adult social care budgets by year: published spending growth to
 * 2023/24, councils' core spending power after it.
 */
export const COUNCIL_SPENDING_POWER: readonly SpendingPowerYear[] = [
  ...[2015, 2016, 2017, 2018, 2019].map((year) => ({
    year,
    realGrowth: 0.026,
    source: "adult social care spending rose 2.6% a year in real terms on average 2014/15–2021/22 (The Health Foundation, Adult social care funding pressures, 25 September 2023)",
  })),
  ...[2020, 2021, 2022, 2023].map((year) => ({
    year,
    realGrowth: 0.039,
    source: "ours: gross current expenditure on adult social care £19.65bn (2019/20) → £27.06bn (2023/24) (NHS Digital, Adult Social Care Activity and Finance Report), deflated by the history's GDP deflator: 3.9% a year",
  })),
  { year: 2024, realGrowth: 0.035, source: "councils' core spending power rose 3.5% above inflation in each of the last two years (IFS, Council tax hikes will do heavy lifting, June 2025)" },
  { year: 2025, realGrowth: 0.031, source: "councils' core spending power 3.1% a year real 2023/24–2028/29 (HM Treasury, Spending Review 2025, table 5.17)" },
];

/** The published real growth of councils' adult social care budgets in calendar year `year`, or undefined outside the series. */
export function spendingPowerGrowth(year: number): number | undefined {
  return COUNCIL_SPENDING_POWER.find((r) => r.year === year)?.realGrowth;
}
