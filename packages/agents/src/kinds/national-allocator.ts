/**
 * The national allocator (NHS England): the yearly settlement (real growth, inflation, or the published
 * history), the GP contract settlement that follows it, and allocations to ICBs by weighted population.
 * @packageDocumentation
 */
import { defineKind, type AccountId } from "@ringfence/core";
import { historyYear } from "../history.js";
import { growthPathMean } from "../scenario.js";
import { LINE, type NhsTypes } from "../world.js";
import { checkNumber, gather, runPence, type NhsSim } from "./shared.js";

/** Decides the year's settlement and GP contract uplift, then pays the ICBs their allocations. */
function allocate(sim: NhsSim, account: number): void {
  const w = sim.world;
  const n = w.national;
  const sc = w.scenario;
  const y = sim.calendar.yearIndex(sim.tick);
  const calendarYear = w.runStart + y;
  const history = historyYear(sc.history, calendarYear);
  const policy = w.policies["national-allocator"];
  const d = policy.decide(
    {
      year: y - w.forwardIndex,
      realGrowthMean: growthPathMean(sc.future.growth, calendarYear, sc.national.realGrowthMean),
      realGrowthSd: sc.national.realGrowthSd,
      inflationMean: sc.national.inflationMean,
      inflationSd: sc.national.inflationSd,
      noNewMoney: sc.levers.noNewMoney,
      history: history === undefined ? undefined : { allocationGrowth: history.allocationGrowth, inflation: history.inflation },
      settlementPassThrough: sc.national.settlementPassThrough,
      settlementRealBase: sc.national.settlementRealBase,
      settlementPressure: sc.national.settlementPressure,
      settlementSd: sc.national.settlementSd,
      pressure: n.pressure,
    },
    sim.streams.get("national"),
  );
  const realGrowth = checkNumber(sim, "national-allocator", policy.name, 0, "realGrowth", d.realGrowth, -0.1, 0.15);
  const inflation = checkNumber(sim, "national-allocator", policy.name, 0, "inflation", d.inflation, -0.05, 0.25);
  const uplift = checkNumber(sim, "national-allocator", policy.name, 0, "contractRealUplift", d.contractRealUplift, -0.1, 0.15);
  n.year = y;
  n.history = history;
  if (y > 0) {
    n.priceIndex *= 1 + inflation;
    n.priceLevel2025 *= 1 + inflation;
    n.practiceCostIndex *= 1 + inflation + sc.practice.expenseGrowthExcess;
    n.allocation = Math.round(n.allocation * (1 + realGrowth) * (1 + inflation) * (1 + (history?.inYearTopUp ?? 0)));
    // The GP contract is agreed before the year in cash, on the inflation expected, not the outturn: an
    // inflation spike squeezes practices in real terms until a later settlement answers.
    const deal = sc.future.deals.find((d) => d.year === calendarYear);
    const cash = deal !== undefined ? 1 + deal.cashUplift : (1 + sc.national.inflationExpected) * (1 + uplift);
    for (const line of [LINE.core, LINE.enhanced, LINE.qof, LINE.premises]) n.rates[line]! *= cash;
    // PCN money follows the published schedule where there is one, the settlement otherwise.
    if (history === undefined) n.rates[LINE.pcn]! *= cash;
  }
  // In history years the core rate is the published global sum and PCN money the published schedule.
  if (history !== undefined) {
    n.rates[LINE.pcn] = history.pcnPerPatient * 100;
    n.rates[LINE.core] = history.globalSum * 100;
  }
  // New schemes add their money to a line's rate in their first year; the settlement uplifts it from then on.
  for (const scheme of sc.future.schemes) if (scheme.from === calendarYear) n.rates[LINE[scheme.line]]! += scheme.perPatient * 100;
  n.inflation = y > 0 ? inflation : 0;
  n.realGrowth = y > 0 ? realGrowth : 0;
  n.contractRealUplift = y > 0 ? uplift : 0;
  const commitment = sc.levers.primaryCareShare;
  const span = commitment.byYear - sc.startYear;
  const progress = span <= 0 ? 1 : Math.min(1, (y - w.forwardIndex + 1) / span);
  n.gpShareTarget = commitment.increase > 0 ? n.startGpShare + commitment.increase * progress : 0;

  // Sustainability and transformation money is top-sliced for trusts; the rest goes to ICBs.
  const trustFund = runPence(w, history?.trustFund ?? 0);
  w.year.allocation = n.allocation;
  w.year.trustFund = trustFund;
  const me = account as AccountId;
  sim.ledger.transfer(w.accounts.treasury, me, n.allocation, "allocation", "national allocation");
  const icb = w.tables.icb;
  const parts = sim.ledger.distribute(me, gather(icb.rows(), icb.cols.account) as AccountId[], gather(icb.rows(), w.aggregates.icbWeighted), n.allocation - trustFund, "allocation", "ICB allocation by weighted population");
  icb.rows().forEach((r, k) => {
    icb.cols.previousAllocation[r] = icb.cols.allocation[r]!;
    icb.cols.allocation[r] = parts[k]!;
  });
}

/** The national allocator kind: acts when a financial year opens; one row. */
export const nationalAllocatorKind = defineKind<NhsTypes>()({
  kind: "national-allocator",
  columns: { account: "i32" },
  systems: {
    allocate(t, sim) {
      allocate(sim, t.cols.account[0]!);
    },
  },
});
