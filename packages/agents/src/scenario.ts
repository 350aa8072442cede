/**
 * The scenario schema: population, years, history, governance roles, ring-fences and pooling, levers, the
 * parameters of every relation in the model (each with unit, range, default and source, and a prior where
 * the calibration fits it) and the policy chosen for each kind. Validated once with zod at the boundary.
 * @packageDocumentation
 */
import { z } from "zod";
import { combinedRuleIssues } from "./scenario-files/combined-rules.js";
import { GP_LINES, KINDS } from "./domain.js";
import { int, listParams, num, rate, share, type ParamEntry } from "./params.js";

const line = z.enum(GP_LINES, { error: `expected one of ${GP_LINES.join(", ")}` });
const lines = z.array(line).refine((a) => new Set(a).size === a.length, { error: "expected each line at most once" });
/** A strict object whose fields all have defaults, itself defaulting to all its defaults. */
function section<S extends z.ZodRawShape>(shape: S) {
  const object = z.strictObject(shape);
  return object.prefault({} as z.input<typeof object>);
}

/** Population sizes the generator can build. */
export const POPULATION_SIZES = ["england", "icb", "toy"] as const;
/** A population size: all of England, one ICB of ~1.5m patients, or a toy system for tests. */
export type PopulationSize = (typeof POPULATION_SIZES)[number];

/** Years whose published counts the population generator can start from. */
export const POPULATION_YEARS = [2015, 2025] as const;
/** A year the generated population's counts are taken from (2015: 7,674 practices; 2025: 6,230). */
export type PopulationYear = (typeof POPULATION_YEARS)[number];

/** Where a population's organisations come from: the published practice register, or the generator. */
export const POPULATION_SOURCES = ["register", "generated"] as const;
/**
 * A population source: `register` builds every practice from NHS Payments to General Practice (England
 * only, 2014/15–2021/22); `generated` draws an England-like system of the chosen size.
 */
export type PopulationSource = (typeof POPULATION_SOURCES)[number];

/** Who holds the general practice lines that are pooled or delegated. */
export const HOLDERS = ["icb", "place-board", "iho"] as const;
/** Who holds the pooled general practice lines. */
export type Holder = (typeof HOLDERS)[number];

/** Which provider hosts an integrated health organisation. */
export const IHO_HOSTS = ["acute-trust", "federation"] as const;
/** Host of an integrated health organisation. */
export type IhoHost = (typeof IHO_HOSTS)[number];

/** Historical input series a scenario can run on. */
export const HISTORIES = ["none", "england"] as const;
/**
 * A historical input series: `england` drives the years 2014/15–2025/26 with published figures. A scenario
 * with a history that starts after the history's first year runs the history first, as it happened, and
 * its own arrangement from its start year on (see {@link runStartYear}).
 */
export type HistoryName = (typeof HISTORIES)[number];

/** First and last calendar years of each history's financial years (2014 = 2014/15). */
export const HISTORY_SPAN: Readonly<Record<Exclude<HistoryName, "none">, { readonly first: number; readonly last: number }>> = { england: { first: 2014, last: 2025 } };

/** Financial years a run of the scenario lasts: the history years it runs first, then its own. */
export function runYears(s: { readonly history: HistoryName; readonly startYear: number; readonly years: number }): number {
  return s.startYear - runStartYear(s) + s.years;
}

/**
 * The calendar year a run starts in: the history's first year when the scenario continues a history
 * (its start year is later), otherwise the scenario's start year.
 */
export function runStartYear(s: { readonly history: HistoryName; readonly startYear: number }): number {
  return s.history === "none" ? s.startYear : Math.min(s.startYear, HISTORY_SPAN[s.history].first);
}

const claim = z.strictObject({
  seed: z.string().min(1).describe("Source document, by title and publisher (see docs/sources.md)"),
  quote: z.string().min(1).describe("The words of the source this scenario encodes"),
});

const national = section({
  allocation: num(1e9, 1e12, 192e9, "NHS England revenue for all of England in the first year", { unit: "£", source: "£192bn ring-fenced revenue 2025/26 (NHS Confederation, autumn budget 2024); £100.9bn allocated 2015/16 (Public Accounts Committee)" }),
  englandPatients: num(1e6, 1e8, 63.89e6, "Registered patients in England in the first year, to scale the allocation to the population run", { unit: "patients", source: "63.89m Dec 2025 (BMA, pressures in general practice); 57.2m 2015" }),
  realGrowthMean: rate(-0.05, 0.1, 0.03, "Mean real growth of the allocation", { source: "Spending Review 2025: NHS England +3.0% a year real to 2028/29 (King's Fund)" }),
  realGrowthSd: rate(0, 0.05, 0.01, "Year-to-year spread of real growth", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.005, high: 0.015 }, searched: false }),
  inflationMean: rate(-0.02, 0.15, 0.025, "Mean realised inflation (GDP deflator) in years without a history", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.015, high: 0.035 }, searched: false }),
  inflationExpected: rate(-0.02, 0.15, 0.02, "Inflation the GP contract's cash uplift is agreed on, before the year (the realised deflator can differ)", {
    source: "ours, calibrated: about the Bank of England's 2% inflation target, which settlements were planned around; the realised GDP deflator averaged 2.8% over 2015/16–2025/26 in the history's inputs",
    prior: { kind: "uniform", low: 0.01, high: 0.03 },
  }),
  inflationSd: rate(0, 0.05, 0.008, "Spread of inflation", { source: "ours" }),
  settlementPassThrough: num(-1, 1.5, 0.3, "GP contract uplift above inflation per unit of NHS real growth: the settlement follows the NHS settlement", {
    unit: "ratio",
    source: "ours, calibrated; 2016/17 GP funding +4.22% against NHS +5.4% (Pulse); payments per patient grew 1.6% a year cash 2016/17–2021/22 (NHS Digital) while NHS cash grew ~5%",
    prior: { kind: "uniform", low: 0, high: 1 },
  }),
  settlementRealBase: rate(-0.05, 0.05, 0, "GP contract uplift above inflation when NHS real growth and workforce pressure are both zero", {
    source: "ours, calibrated; payments per patient grew 1.6% a year cash 2016/17–2021/22 (NHS Digital) against inflation of about 2% a year: settlements below inflation whatever the NHS got",
    prior: { kind: "uniform", low: -0.03, high: 0.02 },
  }),
  settlementPressure: num(0, 3, 0.5, "GP contract uplift above inflation per unit of rise in patients per FTE GP the year before: the settlement answers workforce pressure", {
    unit: "ratio",
    source: "ours, calibrated; the 2023/24 and 2024/25 deals raised the global sum 5–7.4% after patients per GP rose (BMA, Pulse)",
    prior: { kind: "uniform", low: 0, high: 2 },
  }),
  settlementSd: rate(0, 0.05, 0.01, "Spread of the yearly settlement around the rule", { source: "ours; 2022/23 investment fell 2.47% real (Management in Practice)" }),
  globalSum: num(20, 500, 121.79, "Core contract per weighted patient in the first year (global sum and PMS/MPIG equivalents)", { unit: "£ per weighted patient", source: "£121.79 global sum 2025/26 (BMA)" }),
  qofPerPatient: num(0, 100, 12.5, "QOF at full achievement per patient", { unit: "£ per patient", source: "ours, ≈£0.8bn (QOF £769m 2022/23, NHS Digital)" }),
  enhancedPerPatient: num(0, 200, 34.2, "Enhanced services and other contract payments per patient", { unit: "£ per patient", source: "ours: makes core + QOF + enhanced + PCN ≈ £13.2bn (NHS England, GP contract 2025/26)" }),
  pcnPerPatient: num(0, 200, 37.5, "PCN DES including additional roles per patient", { unit: "£ per patient", source: "ours, ≈£2.4bn; ARRS £1.41bn 2023/24 (Management in Practice)" }),
  premisesPerPatient: num(0, 100, 13.3, "Premises reimbursement per patient", { unit: "£ per patient", source: "ours, ≈£0.85bn (premises £846m 2022/23)" }),
});

const icb = section({
  acuteShare: share(0.42, "Share of the first year's allocation in acute contracts", { source: "ours, ≈£80bn; acute trust spend ≈£68bn 2022/23 (weak source); trusts are ≈¾ of NHS day-to-day spend (Parliament Today)" }),
  communityShare: share(0.16, "Share of the first year's allocation in community and mental health contracts", { source: "ours, ≈£31bn" }),
  bcfShare: share(0.026, "NHS contribution to the Better Care Fund as a share of the first year's allocation", { source: "ours, ≈£5bn; £3.8bn minimum 2015/16, £6.4bn 2019/20 (Better Care Fund)" }),
  tariffEfficiency: rate(0, 0.08, 0.02, "Efficiency deducted from the tariff uplift of provider contracts", {
    source: "2025/26 planning: 1% cost cut plus productivity (Healthcare Leader News); ours 2%",
    prior: { kind: "uniform", low: 0.005, high: 0.04 },
  }),
  activityFundedShare: share(0.7, "Share of activity growth above plan the ICB pays for (marginal rate)", { source: "ours; marginal-rate convention", prior: { kind: "uniform", low: 0.4, high: 1 } }),
  otherGrowth: rate(-0.05, 0.1, 0.02, "Growth above inflation of other NHS spending (prescribing, specialised, ambulance, running costs)", { source: "ours" }),
  maxCutPerLine: share(0.05, "Largest share of a line an ICB cuts in one year to close a gap", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.025, high: 0.075 }, searched: false }),
  protectAcute: share(0.85, "How far the gap-closing rule spares acute contracts (1 = never cut)", {
    source: "ours; history protected hospitals: the £1.8bn 2016/17 sustainability fund went to trusts while GP funding grew 4.22% against the NHS's 5.4% (Pulse)",
    prior: { kind: "uniform", low: 0.5, high: 1 },
  }),
  protectCommunity: share(0.4, "How far the gap-closing rule spares community and mental health contracts", { source: "ours", prior: { kind: "uniform", low: 0, high: 0.9 } }),
  protectGeneralPractice: share(0.4, "How far the gap-closing rule spares general practice lines that are not ring-fenced", { source: "ours", prior: { kind: "uniform", low: 0, high: 0.9 } }),
  protectOther: share(0.5, "How far the gap-closing rule spares other NHS spending", { source: "ours" }),
  deficitSupportShare: share(0.5, "Share of its providers' carried deficits an ICB plans to cover each year (the system answers for its trusts)", {
    source: "ours; cf. the £1.8bn 2016/17 sustainability fund for trusts (Pulse) and system control totals",
    prior: { kind: "uniform", low: 0.1, high: 0.9 },
  }),
  reserveShare: share(0.005, "Largest reserve an ICB carries, as a share of its allocation; headroom above it buys extra activity", { source: "ours" }),
  extraActivityCost: rate(0, 1.5, 0.85, "What delivering the extra activity an ICB's headroom buys costs its providers, per £ of the extra contract", {
    source: "ours, a prior; tariff prices are set from average reported costs (NHS England, national tariff), so extra activity costs about its price, more when bought at premium rates",
    prior: { kind: "uniform", low: 0.6, high: 1.1 },
  }),
  deficitRecovery: share(0.5, "Share of its own carried deficit an ICB recovers from the next year's allocation", { source: "ours" }),
  savingsDelivery: share(0.75, "Share of a planned cut to other NHS spending (prescribing, continuing care and other demand-led lines the ICB pays itself) delivered in the year; the rest is spent all the same, an in-year overspend", {
    source: "ours, a prior; cf. £8.7bn of efficiencies delivered in 2024/25 against £11.0bn asked of 2025/26 (NHS England, financial performance update, 29 May 2025)",
    prior: { kind: "uniform", low: 0.5, high: 1 },
  }),
});

const acute = section({
  demographicGrowth: rate(-0.02, 0.08, 0.02, "Acute activity growth from population and ageing, commissioned in plans", { source: "ours", prior: { kind: "uniform", low: 0.01, high: 0.035 } }),
  extraDemandMean: rate(-0.03, 0.05, 0.008, "Mean activity growth above plan", { source: "ours", prior: { kind: "uniform", low: 0, high: 0.02 } }),
  demandSd: rate(0, 0.05, 0.01, "Spread of activity growth across trusts and years", { source: "ours" }),
  payShare: share(0.65, "Share of trust costs that are pay", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.55, high: 0.75 }, searched: false }),
  payAwardExcessMean: rate(-0.05, 0.05, 0.005, "Pay award above inflation", { source: "ours" }),
  payAwardUnfundedShare: share(0.5, "Share of the excess pay award the tariff does not fund", { source: "ours" }),
  winterShockProbability: share(0.3, "Chance of a bad winter in a year", { source: "ours" }),
  winterShockSize: share(0.01, "Extra cost of a bad winter as a share of costs", { source: "ours" }),
  startMarginMean: num(-0.2, 0.2, -0.01, "Mean start surplus as a share of income", { unit: "share of income", source: "trust deficit 0.9% of income 2023/24 (Parliament Today); −£2.45bn 2015/16 (NHS Providers)" }),
  startMarginSd: num(0, 0.2, 0.015, "Spread of start margins across trusts", { unit: "share of income", source: "ours" }),
  efficiencyDelivered: rate(-0.05, 0.1, 0.012, "Efficiency a trust delivers a year, against the tariff's deduction", { source: "ours", prior: { kind: "uniform", low: 0.005, high: 0.03 } }),
  surplusSpendShare: share(0.5, "Share of last year's rise in a trust's cash reserves (money above zero it kept) that it spends on extra staff and activity this year", {
    source: "ours: providers spend to their income; a trust repaying a deficit has no reserves to spend",
  }),
  gpCapacityElasticity: num(0, 1, 0.2, "Rise in acute activity per unit fall in GP FTE per weighted patient (log-log)", {
    unit: "elasticity",
    source: "ours: a documented range to vary, not an estimate (see docs/scenarios.md)",
    prior: { kind: "uniform", low: 0, high: 0.5 },
  }),
  dispersalDemand: num(0, 0.5, 0.05, "Extra acute activity in the year a practice closes, per patient dispersed, as a share of an average patient's acute use", { unit: "share", source: "ours" }),
});

const community = section({
  demandGrowth: rate(-0.02, 0.1, 0.035, "Community and mental health demand growth", { source: "ours", prior: { kind: "uniform", low: 0.015, high: 0.05 } }),
  demandSd: rate(0, 0.05, 0.01, "Spread of community demand growth", { source: "ours" }),
  efficiencyDelivered: rate(-0.05, 0.1, 0.01, "Efficiency a community provider delivers a year", { source: "ours" }),
  startMarginMean: num(-0.2, 0.2, 0, "Mean start surplus of community providers as a share of income", { unit: "share of income", source: "ours" }),
});

const practice = section({
  listGrowth: rate(-0.05, 0.05, 0.011, "Registered list growth", { source: "57.2m → 63.9m patients 2015–2025, +1.1% a year (NHS Digital via BMA)" }),
  listGrowthIcbSd: rate(0, 0.05, 0.0077, "Spread across ICBs of registered list growth, a lasting difference of an ICB's rate from the national one", { source: "0.77pp a year: standard deviation across the 42 ICBs of the annual growth of registered patients, 2014/15 to 2018/19 (NHS Digital, NHS Payments to General Practice, practice-level files; fit years only)" }),
  listGrowthIcbYearSd: rate(0, 0.1, 0, "Spread of an ICB's registered list growth from one year to the next about its own rate", { source: "ours: 0 by default. The fit years' files give 2.2pp (each ICB's yearly growth of registered patients about its own 2014/15–2018/19 rate, pooled over the 42 ICBs; NHS Digital, NHS Payments to General Practice), but most of it is list cleansing, which moves registrations rather than people" }),
  listSizeMean: num(1000, 50000, 10100, "Mean list size in the first year", { unit: "patients", source: "10,101 Jun 2024 (NHS Digital via SSTLMC); ~7,450 in 2015" }),
  listSizeCv: num(0, 2, 0.55, "Spread of list sizes (coefficient of variation)", { unit: "ratio", source: "ours" }),
  profitShareMean: share(0.3, "Mean partners' drawings (income less costs, salaried GPs included) as a share of practice income in the first year", { source: "ours; with 0.74 of GP FTE partners it gives 2014/15 drawings of about £110k per partner FTE, against £103,800 per contractor GP in England (NHS Digital, GP Earnings and Expenses 2014/15, 14 Sep 2016)" }),
  profitShareSd: share(0.08, "Spread of partners' drawings as a share of income across practices", { source: "ours" }),
  partnerShareMean: share(0.6, "Mean share of a practice's GP FTE that partners work in the first year (the rest are salaried GPs)", {
    source: "0.60 in September 2024: salaried GPs were 40% of fully qualified GP FTE (NHS England figures, BJGP 2025); 0.74 in September 2015: 21,688 FTE partners of 29,403 FTE GPs (NHS Digital via GPonline, 6 May 2021)",
  }),
  partnerShareSd: share(0.15, "Spread of the partner share of GP FTE across practices (a practice has at least one FTE partner, or all its GPs are partners)", { source: "ours, a prior" }),
  salariedGpPay: num(20000, 300000, 95000, "Pay of a full-time salaried GP, 2025/26 prices (moved with the GDP deflator in other years): what partners could earn instead, and what a practice pays its salaried GPs before on-costs", {
    unit: "£ a year per FTE",
    source: "ours: the middle of the DDRB range for England, £68,974–£104,086 in 2023/24 (BMA, salaried GP pay ranges, July 2024), with the 6% (2024/25) and 4% (2025/26) awards",
  }),
  salariedOnCost: share(0.25, "Employer's on-costs of a salaried GP (pension and national insurance) as a share of pay", { source: "ours; NHS Pension Scheme employer contribution 14.38% from 2019 (23.7% from 2024 with the central top-up), employer NI 13.8% (15% from 2025) above the threshold" }),
  expenseGrowthExcess: rate(-0.05, 0.1, 0.0075, "Growth of practice expenses above inflation: staff pay drift, workload", { source: "ours", prior: { kind: "uniform", low: 0, high: 0.02 } }),
  expenseSd: rate(0, 0.1, 0.01, "Spread of a practice's yearly expense growth", { source: "ours" }),
  qofAchievementMean: share(0.96, "Mean QOF achievement", { source: "ours" }),
  qofAchievementSpread: num(0, 2, 0.4, "Spread of QOF achievement on the logit scale", { unit: "logit sd", source: "ours" }),
  exitBaseHazard: share(0.012, "Yearly chance a practice of average size leaves (retirement, consolidation) when not in distress", {
    source: "ours, calibrated: ~178 practices a year lost 2013–23 (pharmacy.biz), most by merger",
    prior: { kind: "uniform", low: 0.002, high: 0.03 },
  }),
  exitSizeElasticity: num(0, 3, 1, "How much faster small practices leave: hazard × (mean list / list)^elasticity", { unit: "elasticity", source: "ours", prior: { kind: "uniform", low: 0, high: 2 } }),
  distressHazard: share(0.15, "Extra yearly chance of leaving when partners draw nothing, scaled linearly from none when drawings per partner FTE equal the salaried alternative (practice.salariedGpPay)", { source: "ours, a prior", prior: { kind: "uniform", low: 0.02, high: 0.4 } }),
  lastPartnerHazard: share(0.01, "Extra yearly chance of leaving when one partner is left (at most one FTE of partners): the last partner standing carries the premises and staff liabilities alone", {
    source: "ours, a prior; partners carry unlimited liability for leases and staff (Institute for Government, General practice across England, 2025); 9.9% of practices were single-handed in 2015 (HSCIC via Wesleyan)",
    prior: { kind: "uniform", low: 0, high: 0.05 },
  }),
  mergeShare: share(0.75, "Share of leaving practices that merge with a neighbour (the rest hand back, or go salaried where a host can take them)", {
    source: "ours, calibrated; closures 69 (2015) to 163 (2018) a year UK against ~178 net losses (Pulse)",
    prior: { kind: "uniform", low: 0.5, high: 0.95 },
  }),
  salariedShare: share(0.05, "Share of leaving practices that become salaried departments where an integrator can host them", { source: "ours; GPonline on the GPC red line, 2015: some practices becoming salaried departments" }),
  consolidationHazard: share(0, "Extra yearly chance that a practice of average size merges into a neighbour to work at scale once national policy pushed for it (from the GP Forward View, April 2016), scaled like the base hazard by (mean list / list)^exitSizeElasticity", {
    source: "ours, calibrated (0, off, outside the ensemble). The fit years' practice files show the push: practices that left while a neighbour in their CCG gained at least 60% of their list numbered 98 and 97 in 2014/15 and 2015/16, then 188 and 204 in 2016/17 and 2017/18 (NHS Digital, NHS Payments to General Practice; npm run departures; docs/calibration.md)",
    prior: { kind: "uniform", low: 0, high: 0.02 },
  }),
  networkRelief: share(0, "Share of the at-scale merger hazard (practice.consolidationHazard) that goes once primary care networks are paid: a network gives the scale a merger would", {
    source: "ours, calibrated (0 outside the ensemble); the PCN DES paid networks from July 2019 (NHS England, Network Contract DES, 2019)",
    prior: { kind: "uniform", low: 0, high: 1 },
  }),
  entryRate: rate(0, 0.05, 0, "Yearly chance, per open practice of an ICB, that the ICB opens a new practice (an APMS contract) in its area: the new practice starts with half the ICB's mean list, taken from its largest list (new housing; a practice re-procured or split under a new code)", {
    source: "ours, calibrated (0, off, outside the ensemble). The fit years' practice files: new practice codes with a list numbered 34, 22, 6 and 2 in 2015/16–2018/19 (0.43%, 0.28%, 0.08% and 0.03% of the practices open the year before), 7, 4, 2 and 0 of them with a list no neighbour in their CCG could have given (NHS Digital, NHS Payments to General Practice; npm run departures; docs/calibration.md)",
    prior: { kind: "uniform", low: 0, high: 0.005 },
  }),
  mergerFixedCostSaving: share(0.5, "Share of a merging practice's fixed costs saved by the merger", { source: "ours" }),
  fixedCostShare: share(0.3, "Share of practice expenses that do not scale with list size", { source: "ours" }),
  pmsReviewShare: share(0.5, "Share of a PMS practice's premium over the GMS rate removed by the PMS reviews, in quarters from 2015/16 to 2018/19 (register runs with the history)", {
    source: "ours, calibrated; NHS England's review of PMS contracts reinvested premiums over four years from 2014/15 (NHS England, Framework for PMS contracts review, 2014); the register's PMS premium over GMS practices' global sum per weighted patient fell from 14% to 10% by 2018/19 (NHS Digital, Payments to General Practice)",
    prior: { kind: "uniform", low: 0.1, high: 1 },
  }),
  unrecordedPerPatient: num(0, 20, 3.5, "Payments to practices made outside NHS systems before 2016/17 and so missing from the register, per patient in 2014/15 (register runs): paid to practices, left out of the recorded payments of 2014/15 and 2015/16", {
    unit: "£ per patient",
    source: "ours, calibrated; NHS Digital: payments outside NHS systems are incomplete before 2016/17, the first year with them in full (£806.2m, NHS Payments to General Practice 2016/17)",
    prior: { kind: "uniform", low: 0, high: 8 },
  }),
});

const workforce = section({
  patientsPerGpFte: num(500, 5000, 2260, "Patients per FTE fully qualified GP in the first year", { unit: "patients", source: "2,257 Jul 2025 (RCGP); ~1,945 Sep 2015 (57.2m over 29,403 FTE, NHS Digital)" }),
  inflowPerMillion: num(0, 200, 42, "FTE GPs joining the workforce a year per million registered patients (newly qualified and returners)", {
    unit: "FTE per million patients",
    source: "ours, calibrated to FTE 29,403 (2015) → 27,302 (2023) → 28,250 (2025) (NHS Digital via GPonline, Pulse, BMA)",
    prior: { kind: "uniform", low: 25, high: 60 },
  }),
  inflowGrowth: rate(-0.1, 0.2, 0.02, "Growth of the yearly inflow (training places)", { source: "ours; GP training places grew toward 4,000 a year (NHS England)" }),
  leaverRate: rate(0, 0.3, 0.085, "Share of FTE leaving a year at the start's workload", { source: "ours, calibrated", prior: { kind: "uniform", low: 0.05, high: 0.12 } }),
  pressureLeaving: num(0, 1, 0.2, "Extra leaver rate per unit rise of patients per FTE GP above the start", { unit: "rate per unit", source: "ours", prior: { kind: "uniform", low: 0, high: 0.6 } }),
  targetPatientsPerGpFte: num(500, 5000, 1800, "Patients per FTE GP a practice aims for when it hires", { unit: "patients", source: "ours" }),
  hireAppetite: num(0, 10, 3, "How much a practice's hiring falls per unit fall of its profit share below the start mean", { unit: "ratio", source: "ours" }),
  partnerHireShare: share(0.45, "Share of the GP FTE a practice hires that joins as partners (the rest salaried)", {
    source: "ours, from the fit years: FTE partners fell about 4% a year in the three years to March 2019 (HSJ) and from 20,036 to 19,056 in 2018 (NHS Digital via GPonline) while fully qualified GP FTE fell about 2% a year; at the leaver rate that is about 45% of new FTE joining as partners",
    prior: { kind: "uniform", low: 0.2, high: 0.7 },
  }),
});

/** One additional role (or group of roles) PCNs employ with additional-roles money. */
const arrsRole = (who: string, reimbursement: number, reimbursementSource: string, spendShare: number, substitution: number, low: number, high: number) =>
  section({
    reimbursement: num(10000, 200000, reimbursement, `Maximum reimbursable cost of a full-time ${who} (pay and employer on-costs), 2025/26 prices (moved with the GDP deflator in other years)`, { unit: "£ a year per FTE", source: reimbursementSource }),
    spendShare: share(spendShare, `Share of additional-roles spending on ${who}s (the roles' shares are taken relative to their sum)`, { source: "ours, a prior; pharmacists are the role PCNs hire most (5,308 FTE ARRS pharmacists in April 2024, The Pharmacist)" }),
    gpTimeSubstitution: share(substitution, `GP FTE one FTE ${who} frees, in GP capacity`, { source: "ours, a prior (no published estimate found)", prior: { kind: "uniform", low, high } }),
  });

const pcn = section({
  passThroughShare: share(0.41, "Share of PCN money passed to member practices; the rest funds additional roles", { source: "ours: ARRS £1.41bn of ≈£2.4bn (Management in Practice)" }),
  arrsBaselineYear: int(2000, 2100, 2025, "Calendar year from which additional-roles money is in ICB baselines: an underspend stays with the ICB as general money; before it, NHS England claws it back", {
    unit: "year",
    source: "ARRS funding added to ICB allocations in 2025/26, no longer ring-fenced (NHS England letter to ICBs, 17 Apr 2025, via Healthcare Leader); the underspend kept by ICBs, where before it could be clawed back by NHS England (The Pharmacist, ARRS underspend reached £88m, 2025)",
  }),
  roles: section({
    clinicalPharmacist: arrsRole("clinical pharmacist", 66972, "£66,972 for a band 7–8a clinical pharmacist in 2025/26 (Network Contract DES 2025/26, via The Pharmaceutical Journal, Apr 2025)", 0.35, 0.3, 0.1, 0.6),
    pharmacyTechnician: arrsRole("pharmacy technician", 43352, "£43,352 for a band 5 pharmacy technician in 2025/26 (Network Contract DES 2025/26, via The Pharmaceutical Journal, Apr 2025)", 0.1, 0.1, 0, 0.3),
    firstContact: arrsRole("first-contact practitioner (physiotherapist, paramedic, advanced practitioner)", 66972, "ours: a band 7–8a role, paid as clinical pharmacists (equal maximum, £62,340 each from July 2023, NHS England via The Pharmacist); £72,141 for a band 8a advanced practitioner from Oct 2024 (The Pharmacist)", 0.25, 0.5, 0.2, 0.8),
    careCoordination: arrsRole("care coordinator, social prescribing link worker or health and wellbeing coach", 38000, "ours: between £33,396 (care coordinators) and £40,159 (social prescribing link workers) from July 2023 (NHS England via The Pharmacist), moved to 2025/26 prices", 0.3, 0.1, 0, 0.3),
  }),
  cohesionMean: share(0.5, "Mean cohesion of a PCN's practices: the strength of their collective voice", { source: "ours; The General Practice Blog, February 2022: general practice needs a unified voice; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.25, high: 0.75 }, searched: false }),
});

const federation = section({
  capabilityMean: share(0.3, "Mean start capability of a GP federation", { source: "ours; Gowland, The General Practice Blog, June 2025: precious few at-scale organisations; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.15, high: 0.45 }, searched: false }),
  capabilityConcentration: num(1, 1000, 6, "Concentration of start capability", { unit: "beta concentration", source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it (0.14) and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 3, high: 9 }, searched: false }),
  integratorThreshold: share(0.6, "Capability a federation needs to host an integrated health organisation", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.3, high: 0.9 }, searched: false }),
  learningRate: share(0.15, "Share of the remaining capability gap closed a year while hosting", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.075, high: 0.225 }, searched: false }),
  failureBase: share(0.01, "Yearly failure chance of a federation host at full capability", { source: "ours" }),
  failurePerDeficit: num(0, 10, 2, "Extra failure chance per unit of unpaid obligations over the general practice money it held", { unit: "ratio", source: "ours" }),
  accelerated: z.boolean().default(false).describe("Accelerated timeline: a federation hosts whatever its capability (Gowland, The General Practice Blog, June 2025)"),
  acceleratedFailureMultiplier: num(1, 20, 4, "Failure chance multiplier on an accelerated timeline", { unit: "multiplier", source: "ours; Gowland, The General Practice Blog, June 2025: accelerated timelines … won't work" }),
});

/** The diversion and reinvestment profile of one kind of integrated health organisation host. */
const hostProfile = (who: string, propensity: number, reinvest: number, source: string, seen: boolean) =>
  section({
    propensity: share(propensity, `Median share of the IHO's shortfall a ${who} host covers from held general practice lines`, { source, prior: { kind: "uniform", low: 0, high: 1 }, ...(seen ? {} : { searched: false as const }) }),
    spread: num(0, 5, 0.5, `Year-to-year spread of a ${who} host's propensity on the logit scale`, { unit: "logit sd", source: "ours" }),
    reinvestShare: share(reinvest, `Share of an IHO surplus a ${who} host reinvests in general practice above formula`, { source: "10 Year Health Plan: IHOs keep and reinvest savings (Gowland, The General Practice Blog, June 2025); ours" }),
    riskShare: share(0.5, `Share of the other trusts' shortfall a ${who} host bears under the capitated budget`, { source: "vanguard risk/gain share with the acute trust (GPonline, MCP contract); a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.25, high: 0.75 }, searched: false }),
  });

const iho = section({
  // Trusts decide what to do with sustainability and transformation money by the hospital profile, so the
  // history sees its propensity (about 80% of that money covered deficits) and the calibration searches it.
  acute: hostProfile("hospital", 0.5, 0.1, "Gowland, The General Practice Blog, June 2025: hospitals use whatever funding they can to shore up hospital services; 36% of PCTs did not invest a primary care access fund (GPonline); ours", true),
  federation: hostProfile("GP federation", 0.2, 0.5, "US Medicare Shared Savings Program: independent primary-care groups saved more than hospital-integrated ones (NEJM 2016); ours", false),
  hostOverheadShare: share(0.02, "Running cost of a federation host's at-scale services as a share of the money it holds", { source: "ours" }),
});

const council = section({
  demographicGrowth: rate(-0.02, 0.08, 0.02, "Growth of adult social care need from demography (an ageing population), in volume", {
    source: "ours, a prior; with unitCostGrowth it makes the 3.4% a year real rise in funding needed to meet demand 2021/22–2032/33 (The Health Foundation, Adult social care funding pressures, 25 September 2023); the over-85s double in 25 years to 2.6m (The Health Foundation, Our ageing population, 2023), but working-age adults are about half of spending",
    prior: { kind: "uniform", low: 0.01, high: 0.03 },
    searched: false,
  }),
  unitCostGrowth: rate(-0.03, 0.08, 0.014, "Growth of the unit cost of adult social care above inflation (care workers' pay)", {
    source: "ours, a prior; the National Living Wage rose from £7.20 (April 2016) to £12.21 (April 2025), about 6% a year in cash against about 3% inflation; with demographicGrowth, the Health Foundation's 3.4% a year",
    prior: { kind: "uniform", low: 0, high: 0.03 },
    searched: false,
  }),
  demandGrowthSd: rate(0, 0.05, 0.01, "Spread of social care need growth", { source: "ours" }),
  spendingPowerGrowth: rate(-0.08, 0.1, 0.031, "Real growth of councils' core spending power, which their own social care budgets follow, in the years after the history (history years follow the published path of social care spending)", {
    source: "3.1% a year real 2023/24–2028/29 (HM Treasury, Spending Review 2025, table 5.17; answer of the Chief Secretary to the Treasury, 17 June 2025); the years after 2028/29 are ours",
    prior: { kind: "uniform", low: -0.02, high: 0.04 },
    searched: false,
  }),
  spendPerPatient: num(0, 2000, 440, "Social care spend per registered patient in the first year", { unit: "£ per patient", source: "ours, ≈£28bn (£27.06bn 2023/24, NHS Digital)" }),
  startGap: share(0.03, "Start unmet need as a share of need", { source: "ours" }),
  poolContribution: share(0.5, "Share of its own budget a council puts into a place pool", { source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.25, high: 0.75 }, searched: false }),
});

const placeBoard = section({
  leanMean: num(-1, 1, 0, "Mean lean of the single accountable person: + toward NHS bodies, − toward the council", { unit: "lean", source: "ours; seeds 002, 003; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: -0.5, high: 0.5 }, searched: false }),
  leanRange: share(0.3, "Year-to-year swing of the accountable person's lean around its mean", { source: "ours" }),
  acuteVoice: num(0, 10, 1, "Voice of acute trusts on a place board", { unit: "weight", source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.5, high: 1.5 }, searched: false }),
  councilVoice: num(0, 10, 1, "Voice of the council on a place board", { unit: "weight", source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.5, high: 1.5 }, searched: false }),
  gpVoiceBase: num(0, 10, 0.5, "Voice of general practice without collective organisation", { unit: "weight", source: "ours; The General Practice Blog, February 2022: needs a unified voice; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.25, high: 0.75 }, searched: false }),
  gpVoicePerCohesion: num(0, 10, 1, "Extra general practice voice per unit of PCN cohesion and federation capability", { unit: "weight", source: "ours; a prior from its range in docs/screening.md: the headline differences turn on it and no fitted output sees it, so forward runs draw it", prior: { kind: "uniform", low: 0.5, high: 1.5 }, searched: false }),
});

/** Named paths of NHS real growth after the history, by the growth a year from 2029/30 on. */
export const GROWTH_PATHS = ["constant", "plan-then-1.9", "plan-then-2.5", "plan-then-3.0"] as const;
/** A named path of NHS real growth: `constant` keeps `national.realGrowthMean`; the others follow the Spending Review 2025 plan, then a rate. */
export type GrowthPath = (typeof GROWTH_PATHS)[number];

/** How each growth path reads in tables and reports. */
export const GROWTH_PATH_LABELS: Readonly<Record<GrowthPath, string>> = {
  constant: "constant growth (national.realGrowthMean)",
  "plan-then-1.9": "the plan, then 1.9% a year",
  "plan-then-2.5": "the plan, then 2.5% a year",
  "plan-then-3.0": "the plan, then 3.0% a year",
};

/** The paths the flagship reports every arrangement under. */
export const SHIPPED_GROWTH_PATHS: readonly Exclude<GrowthPath, "constant">[] = ["plan-then-1.9", "plan-then-2.5", "plan-then-3.0"];

/** Calendar year of the last financial year of the Spending Review 2025 plan (2028/29). */
export const GROWTH_PLAN_LAST_YEAR = 2028;
/** Real growth a year of NHS England's budget in the Spending Review 2025 plan, to 2028/29 (King's Fund, Spending Review 2025). */
export const GROWTH_PLAN_RATE = 0.03;

/**
 * The mean real growth of the allocation in calendar year `year` under a path: the plan's 3.0% to 2028/29,
 * then the path's rate (1.9% is the mean of the history's 2016/17–2025/26 inputs; 3.1% a year was the
 * 2013/14–2023/24 mean, King's Fund); `constant` gives `fallback`.
 */
export function growthPathMean(path: GrowthPath, year: number, fallback: number): number {
  if (path === "constant") return fallback;
  if (year <= GROWTH_PLAN_LAST_YEAR) return GROWTH_PLAN_RATE;
  return path === "plan-then-1.9" ? 0.019 : path === "plan-then-2.5" ? 0.025 : 0.03;
}

const scheme = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "expected a kebab-case id such as access-fund" }).describe("Name of the scheme"),
  from: z.number({ error: "expected an integer from 2000 to 2100" }).int({ error: "expected an integer from 2000 to 2100" }).min(2000, { error: "expected an integer from 2000 to 2100" }).max(2100, { error: "expected an integer from 2000 to 2100" }).describe("Calendar year of the first financial year it pays"),
  line: z.enum(GP_LINES, { error: `expected one of ${GP_LINES.join(", ")}` }).describe("Line it pays through (pcn money funds additional roles beyond the practices' share)"),
  perPatient: z.number({ error: "expected a number from 0 to 200" }).min(0, { error: "expected a number from 0 to 200" }).max(200, { error: "expected a number from 0 to 200" }).describe("£ per registered patient (per weighted patient for core) in its first year, cash"),
});

const deal = z.strictObject({
  year: z.number({ error: "expected an integer from 2000 to 2100" }).int({ error: "expected an integer from 2000 to 2100" }).min(2000, { error: "expected an integer from 2000 to 2100" }).max(2100, { error: "expected an integer from 2000 to 2100" }).describe("Calendar year the financial year starts"),
  cashUplift: z.number({ error: "expected a number from -0.1 to 0.3" }).min(-0.1, { error: "expected a number from -0.1 to 0.3" }).max(0.3, { error: "expected a number from -0.1 to 0.3" }).describe("Cash uplift of the contract lines that year (0.05 = 5%)"),
});

const policyChoice = z.strictObject({
  name: z.string().min(1).describe("Registered policy name"),
  params: z.record(z.string(), z.unknown()).default({}).describe("Policy parameters, validated by the policy's own schema"),
});

const scenarioShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "expected a kebab-case id such as my-scenario" }).default("custom"),
  title: z.string().min(1).default("Custom scenario"),
  description: z.string().default(""),
  claims: z.array(claim).default([]).describe("Source claims this scenario encodes"),
  assumptions: z.array(z.string()).default([]).describe("Assumptions that are ours, not the sources'"),
  population: section({
    size: z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` }).default("england"),
    source: z
      .enum(POPULATION_SOURCES, { error: `expected one of ${POPULATION_SOURCES.join(", ")}` })
      .optional()
      .describe("Where the organisations come from: register (every real practice; England only, a run starting 2014/15 to 2021/22) or generated; by default the register where it can be used, generated otherwise"),
    year: z.union(POPULATION_YEARS.map((y) => z.literal(y)), { error: `expected one of ${POPULATION_YEARS.join(", ")}` }).default(2025).describe("Year whose published counts a generated population takes (the register starts in the run's first year)"),
    seed: z.number().int().min(0).max(2 ** 31 - 1).default(2025).describe("Seed of the population generator (the same England in every run)"),
  }),
  years: z.number({ error: "expected an integer from 1 to 50" }).int({ error: "expected an integer from 1 to 50" }).min(1, { error: "expected an integer from 1 to 50" }).max(50, { error: "expected an integer from 1 to 50" }).default(10).describe("Financial years to run"),
  startYear: z.number({ error: "expected an integer from 2000 to 2100" }).int({ error: "expected an integer from 2000 to 2100" }).min(2000, { error: "expected an integer from 2000 to 2100" }).max(2100, { error: "expected an integer from 2000 to 2100" }).default(2025).describe("Calendar year the first financial year starts"),
  history: z
    .enum(HISTORIES, { error: `expected one of ${HISTORIES.join(", ")}` })
    .default("none")
    .describe("Historical input series for the years it covers (published NHS allocations, deflator, global sum, GP contract extras, sustainability funds, Covid years); a start year after the history's first runs the history first, as it happened"),
  governance: section({
    holder: z.enum(HOLDERS, { error: `expected one of ${HOLDERS.join(", ")}` }).default("icb").describe("Who holds the pooled general practice lines"),
    ihoHost: z.enum(IHO_HOSTS, { error: `expected one of ${IHO_HOSTS.join(", ")}` }).default("acute-trust").describe("Host of the integrated health organisation when holder is iho"),
    ihoFallback: z.enum(["icb", "acute-trust"], { error: "expected icb or acute-trust" }).default("icb").describe("Who holds the lines when no federation can host, or a federation host fails (ours)"),
    pooled: lines.default([]).describe("General practice lines handed to the holder; the rest stay with the ICB"),
    ringFenced: lines.default([...GP_LINES]).describe("Lines nobody may cut"),
    poolAcute: z.boolean().default(false).describe("Whether acute contracts go into the place pool or the IHO budget"),
    poolSocialCare: z.boolean().default(false).describe("Whether councils put social care money into the place pool"),
    coreShiftPerYear: rate(0, 0.2, 0, "National trend moving core funding into the lines a holder holds (enhanced services), a further share of what is left each year from the scenario's start", { source: "Gowland, The General Practice Blog, June 2025: the national trend to reduce the amount in core funding" }),
  }),
  levers: section({
    noNewMoney: z.boolean().default(false).describe("Real growth fixed at zero: the allocation only keeps pace with inflation (Gowland, The General Practice Blog, June 2025)"),
    primaryCareShare: section({
      increase: num(0, 0.1, 0, "Rise in general practice's share of ICB allocations the centre commits to, financed by a top-slice of the other lines", { unit: "share points (0.01 = 1pp)", source: "Gowland, The General Practice Blog, June 2025: a commitment to increase the share of NHS spending on primary care" }),
      byYear: int(2000, 2100, 2029, "Calendar year the commitment is met", { unit: "year", source: "Gowland, The General Practice Blog, June 2025: 2029, pushed back to 2035" }),
    }),
    shiftOfCare: section({
      sharePerYear: rate(0, 0.05, 0, "Share of acute contracts moved into general practice each year (kept there in later years)", { source: "10 Year Health Plan shift from hospital to community (Gowland, The General Practice Blog, June 2025)" }),
      doubleRunningYears: int(0, 10, 2, "Years before a shifted service can be decommissioned in hospital", { unit: "years", source: "Gowland, The General Practice Blog, June 2025: a period of double running before the benefits start to be realised" }),
      decommissionProbability: share(0.4, "Chance a shifted tranche is actually decommissioned in hospital after double running", { source: "of 27 shift-of-care initiatives many were cost-neutral or raised costs (Nuffield Trust, Health Foundation); ours" }),
      savingsShare: share(0.8, "Share of a decommissioned tranche's cost the hospital saves", { source: "ours" }),
    }),
  }),
  future: section({
    growth: z
      .enum(GROWTH_PATHS, { error: `expected one of ${GROWTH_PATHS.join(", ")}` })
      .default("constant")
      .describe("NHS real growth by year after the history: constant (national.realGrowthMean every year) or a named path (the Spending Review 2025 plan to 2028/29, then 1.9%, 2.5% or 3.0% a year)"),
    schemes: z
      .array(scheme)
      .default([])
      .describe("New general practice funding schemes: money per patient added to a line from a year on (after which the settlement uplifts it with the line)"),
    deals: z
      .array(deal)
      .default([])
      .describe("GP contract deals by year: the cash uplift of the contract lines (core, enhanced, QOF, premises) in that year, instead of the settlement rule's"),
  }),
  national,
  icb,
  acuteTrust: acute,
  community,
  practice,
  workforce,
  pcn,
  federation,
  iho,
  council,
  placeBoard,
  ensemble: z
    .enum(["england-2015", "none"], { error: "expected england-2015 or none" })
    .default("england-2015")
    .describe("Posterior ensemble each run draws the calibrated parameters from, by run seed (the same draw in every scenario of a batch); none keeps the scenario's values (see docs/calibration.md)"),
  pinned: z
    .array(z.string().min(1))
    .default([])
    .describe("Calibrated parameters kept at this scenario's values instead of drawn from the ensemble (a parameter the file sets is pinned automatically)"),
  timeVarying: z
    .record(z.string(), z.array(z.number({ error: "expected a number" })))
    .default({})
    .describe("Parameters that change by year: dotted path → one value per financial year (written as expressions of the year in scenario files)"),
  plugins: z.array(z.string().min(1)).default([]).describe("Modules whose exported policies and indicators are registered before the run (allowed by the user; see docs/security.md)"),
  pluginHashes: z
    .record(z.string(), z.string().regex(/^[0-9a-f]{64}$/, { error: "expected a sha-256 in hex" }))
    .default({})
    .describe("Content hash of each plugin by path: sha-256 over the module and every local module it imports, set by the loader and checked before a plugin is imported (so a changed plugin or helper is never run under an old check, or resumed into an old batch)"),
  indicators: z.array(z.string().min(1)).default([]).describe("Extra indicators to record, by id, from plugins"),
  policies: z
    .partialRecord(z.enum(KINDS, { error: `expected one of ${KINDS.join(", ")}` }), policyChoice)
    .default({})
    .describe("Policy chosen for each kind, by registered name, with its parameters"),
  extensions: z
    .record(z.string().regex(/^[a-z][A-Za-z0-9-]*$/, { error: "expected an extension's name such as hospices" }), z.record(z.string(), z.unknown()))
    .default({})
    .describe("Parameters of each model extension a plugin adds, by extension name, validated by the extension's own schema"),
});

/** Calendar years of the practice register's financial years (2014 = 2014/15). */
export const REGISTER_YEARS = { first: 2014, last: 2021 } as const;

/**
 * The population source a scenario uses: as written; otherwise the register for England when the run starts
 * in one of the register's years, and generated for every other size or start.
 */
export function populationSource(s: { readonly population: { readonly size: PopulationSize; readonly source?: PopulationSource | undefined }; readonly history: HistoryName; readonly startYear: number }): PopulationSource {
  if (s.population.source !== undefined) return s.population.source;
  const first = runStartYear(s);
  return s.population.size === "england" && first >= REGISTER_YEARS.first && first <= REGISTER_YEARS.last ? "register" : "generated";
}

/** Cross-field rules the field schemas cannot express. */
function crossFieldRules(s: z.output<typeof scenarioShape>, ctx: z.core.$RefinementCtx<z.output<typeof scenarioShape>>): void {
  // Probabilities and shares built from several parameters, checked as combined (every year for time-varying ones).
  for (const issue of combinedRuleIssues(s)) ctx.addIssue({ code: "custom", path: [...issue.path], message: issue.message });
  const last = s.startYear + s.years - 1;
  if (s.levers.primaryCareShare.increase > 0 && s.levers.primaryCareShare.byYear < s.startYear) {
    ctx.addIssue({ code: "custom", path: ["levers", "primaryCareShare", "byYear"], message: `expected a year from the start year ${s.startYear} on, got ${s.levers.primaryCareShare.byYear}` });
  }
  if (s.history !== "none") {
    const span = HISTORY_SPAN[s.history];
    if (s.startYear < span.first || s.startYear > span.last + 1) {
      ctx.addIssue({ code: "custom", path: ["startYear"], message: `expected a start year from ${span.first} to ${span.last + 1} with history ${s.history}, got ${s.startYear}` });
    }
    const total = s.startYear - runStartYear(s) + s.years;
    if (total > 50) ctx.addIssue({ code: "custom", path: ["years"], message: `expected at most ${50 - (s.startYear - runStartYear(s))} years after the history's ${s.startYear - runStartYear(s)} (50 in all), got ${s.years}` });
  }
  const dealYears = new Set<number>();
  s.future.deals.forEach((d, i) => {
    // A run's first year sets the rates; every later year uplifts them (a continued scenario's first year is one of those).
    const first = runStartYear(s) === s.startYear ? s.startYear + 1 : s.startYear;
    if (d.year < first) ctx.addIssue({ code: "custom", path: ["future", "deals", i, "year"], message: `expected a year from ${first} on (a deal uplifts the scenario's own years after the run's first), got ${d.year}` });
    if (dealYears.has(d.year)) ctx.addIssue({ code: "custom", path: ["future", "deals", i, "year"], message: `expected one deal per year, got ${d.year} twice` });
    dealYears.add(d.year);
  });
  s.future.schemes.forEach((scheme, i) => {
    if (scheme.from < s.startYear) ctx.addIssue({ code: "custom", path: ["future", "schemes", i, "from"], message: `expected a year from the start year ${s.startYear} on (a scheme starts in the scenario's own years), got ${scheme.from}` });
  });
  const source = populationSource(s);
  if (source === "register") {
    if (s.population.size !== "england") ctx.addIssue({ code: "custom", path: ["population", "source"], message: `expected generated for population size ${s.population.size} (the register is all of England), got register` });
    const first = runStartYear(s);
    if (first < REGISTER_YEARS.first || first > REGISTER_YEARS.last) {
      ctx.addIssue({ code: "custom", path: ["population", "source"], message: `expected a run starting from ${REGISTER_YEARS.first} to ${REGISTER_YEARS.last} with the register (its years), got ${first}` });
    }
  }
  for (const l of s.governance.pooled) {
    if (s.governance.holder === "icb") {
      ctx.addIssue({ code: "custom", path: ["governance", "pooled"], message: `expected no pooled lines when the ICB holds them all (holder icb), got ${l}` });
      break;
    }
  }
  if (s.governance.ringFenced.includes("core") && s.governance.coreShiftPerYear > 0 && s.governance.holder !== "iho") {
    ctx.addIssue({
      code: "custom",
      path: ["governance", "coreShiftPerYear"],
      message: `expected 0 when core is ring-fenced and no integrated health organisation holds the lines it would move into (a ring-fenced line cannot be moved; holder iho takes it), got ${s.governance.coreShiftPerYear}`,
    });
  }
  if (s.governance.coreShiftPerYear > 0 && s.governance.holder === "iho" && !s.governance.pooled.includes("enhanced")) {
    ctx.addIssue({ code: "custom", path: ["governance", "pooled"], message: `expected enhanced among the pooled lines when core shifts under an integrated health organisation (the shifted core moves into the host's enhanced line), got ${s.governance.pooled.join(", ") || "none"}` });
  }
  void last;
  timeVaryingRules(s, ctx);
  numericFields ??= new Map(listParams(scenarioShape).map((e) => [e.path, e]));
  s.pinned.forEach((path, i) => {
    if (!numericFields!.has(path)) ctx.addIssue({ code: "custom", path: ["pinned", i], message: `expected a numeric scenario parameter such as national.settlementPassThrough, got "${path}"` });
  });
}

/**
 * Parameters read only when the population and its organisations are built, so a value per year would
 * mean nothing: they cannot be time-varying.
 */
export const START_ONLY_PARAMS: readonly string[] = [
  "years",
  "startYear",
  "population.seed",
  "national.allocation",
  "national.englandPatients",
  "national.globalSum",
  "national.qofPerPatient",
  "national.enhancedPerPatient",
  "national.pcnPerPatient",
  "national.premisesPerPatient",
  "icb.acuteShare",
  "icb.communityShare",
  "icb.bcfShare",
  "acuteTrust.startMarginMean",
  "acuteTrust.startMarginSd",
  "community.startMarginMean",
  "practice.listSizeMean",
  "practice.listSizeCv",
  "practice.profitShareSd",
  "practice.partnerShareMean",
  "practice.partnerShareSd",
  "practice.fixedCostShare",
  "practice.unrecordedPerPatient",
  "workforce.patientsPerGpFte",
  "pcn.cohesionMean",
  "federation.capabilityMean",
  "federation.capabilityConcentration",
  "council.spendPerPatient",
  "council.startGap",
];

let numericFields: ReadonlyMap<string, ParamEntry> | undefined;

/** Each time-varying path is a numeric parameter that may vary, with a value in bounds for every year run. */
function timeVaryingRules(s: z.output<typeof scenarioShape>, ctx: z.core.$RefinementCtx<z.output<typeof scenarioShape>>): void {
  const entries = Object.entries(s.timeVarying);
  if (entries.length === 0) return;
  numericFields ??= new Map(listParams(scenarioShape).map((e) => [e.path, e]));
  for (const [path, values] of entries) {
    const entry = numericFields.get(path);
    const at = ["timeVarying", path];
    if (entry === undefined || START_ONLY_PARAMS.includes(path)) {
      const why = entry === undefined ? "a numeric scenario parameter such as national.realGrowthMean" : "a parameter read every year (this one is read only at the start)";
      ctx.addIssue({ code: "custom", path: at, message: `expected ${why}, got "${path}"` });
      continue;
    }
    if (values.length < s.years) {
      ctx.addIssue({ code: "custom", path: at, message: `expected a value for each of the ${s.years} years run, got ${values.length}` });
      continue;
    }
    for (let i = 0; i < s.years; i++) {
      const v = values[i]!;
      if (v >= entry.min && v <= entry.max && (!entry.integer || Number.isInteger(v))) continue;
      const kind = entry.integer ? "an integer" : "a number";
      ctx.addIssue({ code: "custom", path: [...at, i], message: `expected ${kind} from ${entry.min} to ${entry.max} (${entry.unit}) in ${s.startYear + i}/${String((s.startYear + i + 1) % 100).padStart(2, "0")}, got ${v}` });
      break;
    }
  }
}

/** A validated scenario (every default filled in). */
export type Scenario = z.output<typeof scenarioShape>;
/** A scenario as written in a file or object: every field optional. */
export type ScenarioInput = z.input<typeof scenarioShape>;

/** The object schema of a scenario, without the cross-field rules (for walking its fields). */
export const scenarioFields: z.ZodType<Scenario, ScenarioInput> = scenarioShape;

/** Zod schema of a scenario; every field has a default, so a scenario file lists only what it changes. */
export const scenarioSchema: z.ZodType<Scenario, ScenarioInput> = scenarioShape.superRefine(crossFieldRules);

/**
 * A copy of `scenario` with each value written at its dotted path, copying only the objects along those paths
 * (each once) and sharing everything else with the input; nothing is checked or pinned.
 */
export function withValuesAt(scenario: Scenario, values: Iterable<readonly [string, unknown]>): Scenario {
  const out: Record<string, unknown> = { ...scenario };
  const copies = new Set<object>([out]);
  for (const [path, value] of values) {
    const keys = path.split(".");
    let node = out;
    for (const key of keys.slice(0, -1)) {
      let child = node[key] as Record<string, unknown>;
      if (!copies.has(child)) {
        child = { ...child };
        copies.add(child);
        node[key] = child;
      }
      node = child;
    }
    node[keys[keys.length - 1]!] = value;
  }
  return out as Scenario;
}

/**
 * The scenario as it stands in year `index` (0 = the first year run): every time-varying parameter set to
 * that year's value. Returns the scenario itself when nothing varies; otherwise copies only the objects
 * along the changed paths.
 */
export function scenarioForYear(scenario: Scenario, index: number): Scenario {
  const entries = Object.entries(scenario.timeVarying);
  if (entries.length === 0) return scenario;
  return withValuesAt(
    scenario,
    entries.flatMap(([path, values]) => {
      const value = values[Math.min(index, values.length - 1)];
      return value === undefined ? [] : [[path, value] as const];
    }),
  );
}
