/**
 * A range for every numeric scenario parameter, for screening (docs/screening.md): the calibration's prior for
 * the parameters it searches and for those forward runs draw from their priors (read from the schema, not
 * copied), a stated uncertainty around the value for those fixed from a cited source, and a documented range
 * for our own judgements. Nothing here changes what forward runs draw.
 * @packageDocumentation
 */
import { priorBounds } from "@ringfence/core/calibrate";
import type { ParamEntry } from "../params.js";
import { scenarioParams } from "../scenario-files/set-params.js";
import { priorDrawnParameters } from "./calibrate.js";
import { historyInputs } from "./history-match.js";

/**
 * How a parameter is accounted for: searched by the calibration, drawn from its prior in forward runs, fixed
 * from a cited source, our own judgement without a prior, or a setting of the run (seed, horizon, start).
 */
export type ParameterClass = "searched" | "prior-drawn" | "cited" | "ours" | "setting";

/** One parameter's range for screening, with its class and why the range is what it is. */
export interface ParameterRange {
  /** Dotted path in a scenario. */
  readonly path: string;
  /** How the parameter is accounted for. */
  readonly class: ParameterClass;
  /** Lowest value screened. */
  readonly low: number;
  /** Highest value screened. */
  readonly high: number;
  /** The schema's default. */
  readonly default: number;
  /** Whether only whole numbers are allowed. */
  readonly integer: boolean;
  /** One line on where the range comes from. */
  readonly reason: string;
}

/** A range rule: a share of the default either side (clipped to the parameter's bounds), or two ends. */
export type RangeRule = { readonly relative: number; readonly reason: string } | { readonly low: number; readonly high: number; readonly reason: string };

/** ±share of the default, clipped to the parameter's bounds. */
const rel = (relative: number, reason: string): RangeRule => ({ relative, reason });
/** Two stated ends. */
const abs = (low: number, high: number, reason: string): RangeRule => ({ low, high, reason });

const HALF = "ours: ±50% of our default, clipped to the parameter's bounds";
const HALF_SPREAD = "ours: a spread, half to one and a half times our default";
const HALF_SHARE = "ours: a share set by judgement, ±50% of the default, clipped to [0, 1]";

/** The settings of a run: not parameters of the model, never screened. */
const SETTINGS: Readonly<Record<string, string>> = {
  "population.seed": "the population generator's seed: a setting, not an uncertainty",
  years: "the horizon of a run: a setting",
  startYear: "the first year of a run: a setting",
};

/**
 * Parameters fixed from a cited source (or a policy lever the sources describe), each with its stated
 * uncertainty around the cited value.
 */
export const CITED_RANGES: Readonly<Record<string, RangeRule>> = {
  "governance.coreShiftPerYear": abs(0, 0.02, "a policy lever every preset leaves at 0; up to 2% of core a year moved to held lines (Gowland, The General Practice Blog, June 2025 names the trend, not its size)"),
  "levers.primaryCareShare.increase": abs(0, 0.02, "a policy lever every preset leaves at 0; up to 2pp of allocations (Gowland, The General Practice Blog, June 2025 names the commitment, not its size)"),
  "levers.primaryCareShare.byYear": abs(2029, 2035, "Gowland, The General Practice Blog, June 2025: 2029, pushed back to 2035"),
  "levers.shiftOfCare.sharePerYear": abs(0, 0.01, "a policy lever every preset leaves at 0; up to 1% of acute contracts a year (the 10 Year Health Plan gives no rate)"),
  "levers.shiftOfCare.doubleRunningYears": abs(1, 4, "Gowland, The General Practice Blog, June 2025 names double running, not its length: one to four years"),
  "levers.shiftOfCare.decommissionProbability": abs(0.2, 0.6, "many of 27 shift-of-care initiatives were cost-neutral or raised costs (Nuffield Trust, Health Foundation): a fifth to three fifths"),
  "national.allocation": rel(0.02, "published allocation: ±2% for basis changes (what counts as NHS England revenue)"),
  "national.englandPatients": rel(0.01, "published register count: ±1% (the backcast's tolerance on registered patients)"),
  "national.realGrowthMean": abs(0.019, 0.035, "from the lowest shipped growth path's 1.9% a year to 0.5pp above the Spending Review's 3.0%"),
  "national.globalSum": rel(0.02, "published global sum: ±2% for PMS and MPIG equivalents folded in"),
  "acuteTrust.startMarginMean": abs(-0.02, 0, "published trust deficits of 0.9% (2023/24) to 1.2% (2014/15) of income, widened to 0–2%"),
  "practice.listGrowth": abs(0.006, 0.016, "published +1.1% a year 2015–2025, ±0.5pp for the years ahead"),
  "practice.listGrowthIcbSd": abs(0.004, 0.012, "measured 0.77pp across ICBs in the fit years: half to one and a half times it for the years ahead"),
  "practice.listSizeMean": rel(0.05, "published mean list: ±5% (list inflation and the count of practices)"),
  "practice.partnerShareMean": abs(0.55, 0.65, "published 0.60 (September 2024), ±0.05 for the salaried share's measurement"),
  "workforce.patientsPerGpFte": rel(0.05, "published patients per FTE GP: ±5% (the FTE series' basis changed in 2019 and 2025)"),
  "pcn.arrsBaselineYear": abs(2024, 2026, "published 2025/26, ±1 year for when the money behaves as baseline"),
  "pcn.roles.clinicalPharmacist.reimbursement": rel(0.05, "published maximum: ±5% for the bands within it"),
  "pcn.roles.pharmacyTechnician.reimbursement": rel(0.05, "published maximum: ±5% for the bands within it"),
  "iho.acute.reinvestShare": abs(0, 0.3, "the 10 Year Health Plan says hosts reinvest, not how much: 0 to 30% for a hospital host"),
  "iho.federation.reinvestShare": abs(0.25, 0.75, "the 10 Year Health Plan says hosts reinvest, not how much: a quarter to three quarters for a GP host"),
};

/** Our own judgements without a prior, each with a documented range and its reason. */
export const OURS_RANGES: Readonly<Record<string, RangeRule>> = {
  "levers.shiftOfCare.savingsShare": rel(0.5, HALF_SHARE),
  "national.inflationSd": rel(0.5, HALF_SPREAD),
  "national.settlementSd": rel(0.5, HALF_SPREAD),
  "national.qofPerPatient": rel(0.2, "ours, from a published total (QOF £769m 2022/23): ±20% for the patients it is spread over"),
  "national.enhancedPerPatient": rel(0.2, "ours, the residual of a published total (£13.2bn): ±20%"),
  "national.pcnPerPatient": rel(0.2, "ours, from a published total (≈£2.4bn): ±20%"),
  "national.premisesPerPatient": rel(0.2, "ours, from a published total (£846m 2022/23): ±20%"),
  "icb.acuteShare": rel(0.2, "ours, from a weakly sourced total (acute spend ≈£68–80bn): ±20%"),
  "icb.communityShare": rel(0.2, "ours, from a total (≈£31bn): ±20%"),
  "icb.bcfShare": rel(0.2, "ours, between published minima (£3.8bn 2015/16, £6.4bn 2019/20): ±20%"),
  "icb.otherGrowth": abs(0.01, 0.03, "ours: 1–3% a year above inflation, ±1pp around our 2%"),
  "icb.protectOther": rel(0.5, HALF_SHARE),
  "icb.reserveShare": rel(0.5, HALF_SHARE),
  "icb.deficitRecovery": rel(0.5, HALF_SHARE),
  "acuteTrust.demandSd": rel(0.5, HALF_SPREAD),
  "acuteTrust.payAwardExcessMean": abs(-0.005, 0.015, "ours: pay awards from 0.5pp below to 1.5pp above inflation, ±1pp around our 0.5pp"),
  "acuteTrust.payAwardUnfundedShare": rel(0.5, HALF_SHARE),
  "acuteTrust.winterShockProbability": rel(0.5, HALF_SHARE),
  "acuteTrust.winterShockSize": rel(0.5, HALF),
  "acuteTrust.startMarginSd": rel(0.5, HALF_SPREAD),
  "acuteTrust.surplusSpendShare": abs(0.2, 0.8, "ours: the claims grid's low and high (docs/scenarios.md)"),
  "acuteTrust.dispersalDemand": rel(0.5, HALF),
  "community.demandSd": rel(0.5, HALF_SPREAD),
  "community.efficiencyDelivered": rel(0.5, HALF),
  "community.startMarginMean": abs(-0.02, 0.02, "ours: a default of 0 (break-even), ±2% of income as acute trusts' start margins"),
  "practice.listSizeCv": rel(0.5, HALF_SPREAD),
  "practice.listGrowthIcbYearSd": abs(0, 0.022, "ours: from none to the fit years' 2.2pp, most of it list cleansing"),
  "practice.profitShareMean": abs(0.25, 0.35, "ours, checked against published drawings (£103,800 per contractor GP 2014/15): ±0.05"),
  "practice.profitShareSd": rel(0.5, HALF_SPREAD),
  "practice.partnerShareSd": rel(0.5, HALF_SPREAD),
  "practice.salariedGpPay": abs(75000, 115000, "ours, inside the DDRB range (£68,974–£104,086 in 2023/24) moved to 2025/26 prices"),
  "practice.salariedOnCost": abs(0.2, 0.32, "ours: employer pension 14.38–23.7% and national insurance, about 20–32% of pay"),
  "practice.expenseSd": rel(0.5, HALF_SPREAD),
  "practice.qofAchievementMean": abs(0.9, 0.99, "ours: national QOF achievement has run at 90–99% of points"),
  "practice.qofAchievementSpread": rel(0.5, HALF_SPREAD),
  "practice.salariedShare": abs(0.025, 0.05, "ours: half our default to our default, since mergeShare's prior reaches 0.95 and the two shares of leaving practices sum to at most 1"),
  "practice.mergerFixedCostSaving": rel(0.5, HALF_SHARE),
  "practice.fixedCostShare": rel(0.5, HALF_SHARE),
  "workforce.inflowGrowth": abs(0, 0.04, "ours: training places growing 0–4% a year, ±2pp around our 2%"),
  "workforce.targetPatientsPerGpFte": rel(0.25, "ours: ±25%, so the target spans 1,350–2,250 (the history's 1,930–2,260 inside)"),
  "workforce.hireAppetite": rel(0.5, HALF),
  "pcn.passThroughShare": rel(0.2, "ours, from published totals (ARRS £1.41bn of ≈£2.4bn): ±20%"),
  "pcn.roles.clinicalPharmacist.spendShare": rel(0.5, HALF_SHARE),
  "pcn.roles.pharmacyTechnician.spendShare": rel(0.5, HALF_SHARE),
  "pcn.roles.firstContact.reimbursement": rel(0.1, "ours, a band 7–8a role paid as pharmacists: ±10% spans bands 7 to 8a"),
  "pcn.roles.firstContact.spendShare": rel(0.5, HALF_SHARE),
  "pcn.roles.careCoordination.reimbursement": rel(0.1, "ours, between two published maxima (£33,396 and £40,159): ±10%"),
  "pcn.roles.careCoordination.spendShare": rel(0.5, HALF_SHARE),
  "federation.failureBase": rel(0.5, HALF_SHARE),
  "federation.failurePerDeficit": rel(0.5, HALF),
  "federation.acceleratedFailureMultiplier": rel(0.5, HALF),
  "iho.acute.spread": rel(0.5, HALF_SPREAD),
  "iho.federation.spread": rel(0.5, HALF_SPREAD),
  "iho.hostOverheadShare": rel(0.5, HALF_SHARE),
  "council.demandGrowthSd": rel(0.5, HALF_SPREAD),
  "council.spendPerPatient": rel(0.2, "ours, from a published total (£27.06bn 2023/24): ±20%"),
  "council.startGap": rel(0.5, HALF_SHARE),
  "placeBoard.leanRange": rel(0.5, HALF_SHARE),
};

/** A rule resolved against a parameter's default and bounds (integer ends rounded inward). */
function resolve(entry: ParamEntry, rule: RangeRule): { low: number; high: number } {
  const d = entry.default ?? Number.NaN;
  let low = "relative" in rule ? d - rule.relative * Math.abs(d) : rule.low;
  let high = "relative" in rule ? d + rule.relative * Math.abs(d) : rule.high;
  low = Math.max(entry.min, low);
  high = Math.min(entry.max, high);
  if (entry.integer) {
    low = Math.ceil(low);
    high = Math.floor(high);
  }
  return { low, high };
}

/**
 * Every numeric scenario parameter with its class and screening range, in the schema's order.
 * @throws RangeError when a parameter has no range or a range is given for no parameter (the accounting is
 * checked each time it is built).
 */
export function parameterRanges(): ParameterRange[] {
  const searched = new Map(historyInputs().map((p) => [p.name, p.prior]));
  const drawn = new Map(priorDrawnParameters(historyInputs()).map((p) => [p.path, p.prior]));
  const out: ParameterRange[] = [];
  const used = new Set<string>();
  for (const [path, entry] of scenarioParams()) {
    const base = { path, default: entry.default ?? Number.NaN, integer: entry.integer };
    const prior = searched.get(path) ?? drawn.get(path);
    if (prior !== undefined) {
      const b = priorBounds(prior);
      const cls: ParameterClass = searched.has(path) ? "searched" : "prior-drawn";
      out.push({ ...base, class: cls, low: b.low, high: b.high, reason: cls === "searched" ? "the calibration's prior (historyInputs)" : "its prior, which forward runs draw from (priorDrawnParameters)" });
      continue;
    }
    const setting = SETTINGS[path];
    if (setting !== undefined) {
      out.push({ ...base, class: "setting", low: base.default, high: base.default, reason: setting });
      continue;
    }
    const cited = CITED_RANGES[path];
    const ours = OURS_RANGES[path];
    if ((cited === undefined) === (ours === undefined)) throw new RangeError(`parameter ranges: ${path} needs exactly one range (cited or ours), has ${cited === undefined ? "none" : "two"}`);
    const rule = (cited ?? ours)!;
    used.add(path);
    out.push({ ...base, class: cited === undefined ? "ours" : "cited", ...resolve(entry, rule), reason: rule.reason });
  }
  const stray = [...Object.keys(CITED_RANGES), ...Object.keys(OURS_RANGES)].filter((p) => !used.has(p));
  if (stray.length > 0) throw new RangeError(`parameter ranges: no such parameter without a prior: ${stray.join(", ")}`);
  return out;
}
