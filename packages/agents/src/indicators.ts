/**
 * Indicators recorded per financial year. Their ids are part of the public API; plugins may add more.
 * @packageDocumentation
 */
import type { ModelReporter, Sim } from "@ringfence/core";
import { LINE, type AnyNhsTypes, type NhsTypes, type World } from "./world.js";

/** Ids of the built-in yearly indicators. */
export const INDICATOR_IDS = [
  "gpFundingPerWeightedPatient",
  "gpFundingPracticeCost",
  "globalSum",
  "gpFundingReal",
  "gpLost",
  "paymentPerPatient",
  "gpShareOfSpend",
  "practicesOpen",
  "practicesClosed",
  "practicesMerged",
  "registeredPatients",
  "averageList",
  "gpFte",
  "patientsPerGpFte",
  "arrsFte",
  "gpCapacity",
  "acuteSurplus",
  "acuteSurplusShare",
  "trustSurplus",
  "trustsInDeficit",
  "acuteCostReal",
  "communitySurplusShare",
  "icbDeficit",
  "icbsInDeficit",
  "systemsInDeficit",
  "systemDeficit",
  "socialCareGap",
  "gpDiverted",
  "gpTopSliced",
  "gpLeaked",
  "gpAboveFormula",
  "shareCommitmentCost",
  "trustFundDiverted",
  "arrsUnderspendShare",
] as const;
/** A built-in yearly indicator id. */
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** How to show an indicator: label, unit and number format (d3-format). */
export interface IndicatorInfo {
  /** Human label. */
  readonly label: string;
  /** Unit shown on axes, saying whether money is cash or in first-year prices. */
  readonly unit: string;
  /** d3-format string for values. */
  readonly format: string;
  /** What it measures, in one sentence. */
  readonly description: string;
}

/** Label, unit, format and meaning of every built-in indicator. */
export const INDICATORS: Readonly<Record<IndicatorId, IndicatorInfo>> = {
  gpFundingPerWeightedPatient: { label: "GP funding per weighted patient", unit: "£, base-year prices", format: ",.2f", description: "General practice money that reached practices and PCN staff, per weighted patient, deflated to base-year prices (the year before a continued scenario starts, 2025/26 for the presets; otherwise the first year)." },
  gpFundingPracticeCost: { label: "GP funding per weighted patient, practice costs", unit: "£, base-year practice costs", format: ",.2f", description: "General practice money that reached practices and PCN staff, per weighted patient, deflated by practices' own cost index (inflation plus the drift of practice expenses above it, pay awards included) instead of the GDP deflator." },
  globalSum: { label: "Global sum per weighted patient", unit: "£, cash", format: ",.2f", description: "The national core rate per weighted patient: the published GMS global sum in history years, the settlement's uplift after." },
  gpFundingReal: { label: "GP funding reaching practices", unit: "£m, base-year prices", format: ",.0f", description: "General practice money that reached practices and PCN staff in the year, deflated to base-year prices (as GP funding per weighted patient): added up over the years, the money general practice had." },
  gpLost: { label: "GP money not reaching practices", unit: "£m, cash", format: ",.0f", description: "General practice money put into the lines in the year (before any cut) that did not reach practices or PCN staff: top-sliced, diverted, shared out of a pool, kept or returned unspent." },
  paymentPerPatient: { label: "Payments per registered patient", unit: "£, cash", format: ",.2f", description: "Payments to practices for core, enhanced services, premises and QOF per registered patient, in cash: the basis of NHS Digital's published figure, which leaves out PCN and Covid payments." },
  gpShareOfSpend: { label: "General practice share of the allocation", unit: "share", format: ".2%", description: "General practice money received over the NHS allocation." },
  practicesOpen: { label: "Practices open", unit: "practices", format: ",.0f", description: "Practices holding a contract at the year end." },
  practicesClosed: { label: "Practices handing back", unit: "practices a year", format: ",.0f", description: "Practices that handed back their contract in the year (patients dispersed)." },
  practicesMerged: { label: "Practices merging", unit: "practices a year", format: ",.0f", description: "Practices that merged into a neighbour in the year." },
  registeredPatients: { label: "Registered patients", unit: "patients", format: ",.0f", description: "Patients registered with open practices at the year end." },
  averageList: { label: "Average list size", unit: "patients", format: ",.0f", description: "Registered patients per open practice at the year end." },
  gpFte: { label: "FTE GPs", unit: "FTE", format: ",.0f", description: "Full-time-equivalent fully qualified GPs in open practices at the year end." },
  patientsPerGpFte: { label: "Patients per FTE GP", unit: "patients", format: ",.0f", description: "Registered patients over FTE GPs at the year end." },
  arrsFte: { label: "Additional-roles staff", unit: "FTE", format: ",.0f", description: "Full-time-equivalent staff PCNs employed in the year with additional-roles money (pharmacists, pharmacy technicians, first-contact practitioners, care coordinators), at their reimbursement rates." },
  gpCapacity: { label: "GP capacity", unit: "GP FTE", format: ",.0f", description: "FTE GPs at the year end plus the GP time the year's additional-roles staff free (FTE by role × the role's GP-time substitution): what hospital demand answers to." },
  acuteSurplus: { label: "Acute trusts' surplus", unit: "£m, cash", format: ",.0f", description: "Income minus costs of all acute trusts in the year." },
  trustSurplus: { label: "Trusts' surplus", unit: "£m, cash", format: ",.0f", description: "Income minus costs of all NHS providers in the year: acute trusts and community and mental health providers (negative: the aggregate deficit the published provider figures report)." },
  acuteSurplusShare: { label: "Acute surplus share of income", unit: "share", format: ".2%", description: "Acute trusts' surplus (negative: deficit) over their income." },
  trustsInDeficit: { label: "Acute trusts in deficit", unit: "share of trusts", format: ".0%", description: "Share of acute trusts whose costs exceeded their income in the year." },
  acuteCostReal: { label: "Acute costs", unit: "£m, base-year prices", format: ",.0f", description: "Acute trusts' costs in the year, deflated to base-year prices (as GP funding per weighted patient)." },
  communitySurplusShare: { label: "Community services surplus share", unit: "share", format: ".2%", description: "Community and mental health providers' surplus (negative: deficit) over their contracts." },
  icbDeficit: { label: "ICB deficits", unit: "£m, cash", format: ",.0f", description: "Sum of ICB accounts overdrawn at the year end." },
  icbsInDeficit: { label: "ICBs in deficit", unit: "ICBs", format: ",.0f", description: "ICBs whose account was overdrawn at the year end." },
  systemsInDeficit: { label: "Systems in deficit", unit: "systems", format: ",.0f", description: "Systems (an ICB with its acute and community providers) whose in-year result, the ICB's plus its providers', was a deficit." },
  systemDeficit: { label: "Aggregate system deficit", unit: "£m, cash", format: ",.0f", description: "The in-year deficit of all systems together (negative: a surplus): what the ICBs and their providers spent beyond the money that came in." },
  socialCareGap: { label: "Social care gap", unit: "£m, cash", format: ",.0f", description: "Social care need not met in the year." },
  gpDiverted: { label: "GP money diverted", unit: "£m, cash", format: ",.0f", description: "General practice money an IHO host moved into covering its shortfall." },
  gpTopSliced: { label: "GP money top-sliced", unit: "£m, cash", format: ",.0f", description: "General practice lines cut by ICBs to close gaps." },
  gpLeaked: { label: "GP money leaked", unit: "£m, cash", format: ",.0f", description: "General practice money returned unspent to the wider system (PCN underspends, unpaid QOF, lines a host kept)." },
  gpAboveFormula: { label: "GP money above formula", unit: "£m, cash", format: ",.0f", description: "Money put into general practice above the national formula: shifted care, IHO reinvestment, a place board's extra grant." },
  shareCommitmentCost: { label: "Cost of the share commitment", unit: "£m, cash", format: ",.0f", description: "Money top-sliced from acute, community and other NHS lines to meet a primary care share commitment." },
  trustFundDiverted: { label: "Transformation money covering deficits", unit: "share", format: ".0%", description: "Share of the year's sustainability and transformation money that trusts used to cover deficits (none outside the history)." },
  arrsUnderspendShare: { label: "Additional-roles underspend", unit: "share", format: ".1%", description: "Share of additional-roles money PCNs left unspent and returned." },
};

function acuteSums(w: World): { surplus: number; income: number; cost: number; inDeficit: number; trusts: number } {
  const a = w.tables.acute.cols;
  const out = { surplus: 0, income: 0, cost: 0, inDeficit: 0, trusts: 0 };
  for (const r of w.tables.acute.rows()) {
    out.surplus += a.income[r]! - a.cost[r]!;
    out.income += a.income[r]!;
    out.cost += a.cost[r]!;
    if (a.income[r]! < a.cost[r]!) out.inDeficit++;
    out.trusts++;
  }
  return out;
}

function communitySums(w: World): { surplus: number; contract: number } {
  const c = w.tables.community.cols;
  const out = { surplus: 0, contract: 0 };
  for (const r of w.tables.community.rows()) {
    out.surplus += c.income[r]! - c.cost[r]!;
    out.contract += c.contract[r]!;
  }
  return out;
}

/** The sum of a PCN column over the PCNs. */
function pcnSum(w: World, column: Float64Array): number {
  let total = 0;
  for (const r of w.tables.pcn.rows()) total += column[r]!;
  return total;
}

const M = 100 * 1e6; // pence in £1m
const at = (id: IndicatorId, measure: (w: World) => number): ModelReporter<NhsTypes> => ({ id, every: "year", measure: (sim) => measure(sim.world) });

/** The model reporters of every built-in indicator, sampled at each financial year close. */
export const INDICATOR_REPORTERS: readonly ModelReporter<NhsTypes>[] = [
  at("gpFundingPerWeightedPatient", (w) => w.year.gpReceived / w.national.priceIndex / 100 / Math.max(1, w.year.weightedList)),
  at("gpFundingPracticeCost", (w) => w.year.gpReceived / w.national.practiceCostIndex / 100 / Math.max(1, w.year.weightedList)),
  at("globalSum", (w) => w.national.rates[LINE.core]! / 100),
  at("gpFundingReal", (w) => w.year.gpReceived / w.national.priceIndex / M),
  at("gpLost", (w) => (w.year.gpFunded - w.year.gpReceived) / M),
  at("paymentPerPatient", (w) => (w.year.paidToPractices - w.year.pcnToPractices) / 100 / Math.max(1, w.year.list)),
  at("gpShareOfSpend", (w) => w.year.gpReceived / Math.max(1, w.year.allocation)),
  at("practicesOpen", (w) => w.year.end.open),
  at("practicesClosed", (w) => w.year.closed),
  at("practicesMerged", (w) => w.year.merged),
  at("registeredPatients", (w) => w.year.end.list),
  at("averageList", (w) => w.year.end.list / Math.max(1, w.year.end.open)),
  at("gpFte", (w) => w.year.end.fte),
  at("patientsPerGpFte", (w) => w.year.end.list / Math.max(1e-9, w.year.end.fte)),
  at("arrsFte", (w) => pcnSum(w, w.tables.pcn.cols.arrsFte)),
  at("gpCapacity", (w) => w.year.end.fte + pcnSum(w, w.tables.pcn.cols.arrsCapacity)),
  at("acuteSurplus", (w) => acuteSums(w).surplus / M),
  at("trustSurplus", (w) => (acuteSums(w).surplus + communitySums(w).surplus) / M),
  at("acuteSurplusShare", (w) => {
    const a = acuteSums(w);
    return a.surplus / Math.max(1, a.income);
  }),
  at("trustsInDeficit", (w) => {
    const a = acuteSums(w);
    return a.inDeficit / Math.max(1, a.trusts);
  }),
  at("acuteCostReal", (w) => acuteSums(w).cost / w.national.priceIndex / M),
  at("communitySurplusShare", (w) => {
    const c = communitySums(w);
    return c.surplus / Math.max(1, c.contract);
  }),
  at("icbDeficit", (w) => w.year.icbDeficit / M),
  at("icbsInDeficit", (w) => w.year.icbsInDeficit),
  at("systemsInDeficit", (w) => w.year.systemsInDeficit),
  at("systemDeficit", (w) => -w.year.systemResult / M),
  at("socialCareGap", (w) => (w.year.socialCareNeed - w.year.socialCareSpent) / M),
  at("gpDiverted", (w) => w.year.gpDiverted / M),
  at("gpTopSliced", (w) => w.year.gpTopSliced / M),
  at("gpLeaked", (w) => w.year.gpLeaked / M),
  at("gpAboveFormula", (w) => w.year.gpAboveFormula / M),
  at("shareCommitmentCost", (w) => w.year.shareCommitmentCost / M),
  at("trustFundDiverted", (w) => (w.year.trustFund > 0 ? w.year.trustFundDiverted / w.year.trustFund : Number.NaN)),
  at("arrsUnderspendShare", (w) => (w.year.arrsBudget > 0 ? w.year.arrsUnderspend / w.year.arrsBudget : Number.NaN)),
];

/** Marks objects made by {@link defineIndicator}, across copies of this package (a plugin may import another). */
const INDICATOR_BRAND = Symbol.for("ringfence.indicator");

/**
 * A yearly indicator a modeller adds in a plugin: its id, how to show it and how to measure it. `T` is the model's
 * types as the indicator sees them: the NHS model's, or `ExtendedNhsTypes<K, G>` for an indicator that reads an
 * extension's kinds (`sim.agents.table(hospiceKind)` then type-checks without a cast).
 */
export interface IndicatorDefinition<T extends AnyNhsTypes = NhsTypes> extends IndicatorInfo {
  /** Id used in a scenario's `indicators:` list, in results and in reports (camelCase, not a built-in id). */
  readonly id: string;
  /** When it is sampled: at the close of every financial year (the only cadence recorded in batches). */
  readonly every: "year";
  /** Measures the indicator from the world at a year's close; null where it does not apply. Must not change anything. */
  measure(world: World, sim: Sim<T>): number | null;
}

/** What {@link defineIndicator} takes: an indicator definition, `every` optional. */
export type IndicatorInput<T extends AnyNhsTypes = NhsTypes> = Omit<IndicatorDefinition<T>, "every"> & { readonly every?: "year" };

/**
 * Declares an indicator in a plugin; list its id in a scenario's `indicators:` to record it in every run.
 * @example
 * ```ts
 * export const openPerPcn = defineIndicator({
 *   id: "practicesPerPcn", label: "Practices per PCN", unit: "practices", format: ",.1f",
 *   description: "Open practices over PCNs.",
 *   measure: (w) => w.year.end.open / Math.max(1, w.tables.pcn.count()),
 * });
 * ```
 * An indicator of an extension's kinds names the extended types: `defineIndicator<ExtendedNhsTypes<"hospice",
 * "hospice">>({ …, measure: (w, sim) => … sim.agents.table(hospiceKind) … })`.
 * @throws RangeError when the id is not camelCase or is a built-in id, or the label is empty.
 */
export function defineIndicator<T extends AnyNhsTypes = NhsTypes>(input: IndicatorInput<T>): IndicatorDefinition<T> {
  if (!/^[a-z][A-Za-z0-9]*$/.test(input.id)) throw new RangeError(`indicator id: expected a camelCase name such as practicesPerPcn, got ${JSON.stringify(input.id)}`);
  if ((INDICATOR_IDS as readonly string[]).includes(input.id)) throw new RangeError(`indicator id: expected a name that is not a built-in indicator, got ${JSON.stringify(input.id)}`);
  if (typeof input.label !== "string" || input.label.trim() === "") throw new RangeError(`indicator ${input.id} label: expected a non-empty label, got ${JSON.stringify(input.label)}`);
  return Object.freeze({ ...input, every: "year" as const, [INDICATOR_BRAND]: true });
}

/** Whether a value was made by {@link defineIndicator} (in any copy of this package). */
export function isIndicatorDefinition(value: unknown): value is IndicatorDefinition {
  return value !== null && typeof value === "object" && (value as Record<symbol, unknown>)[INDICATOR_BRAND] === true;
}

/** The model reporter of a plugin indicator: a value that is not a finite number or null is an error naming the indicator and year. */
export function indicatorReporter(definition: IndicatorDefinition): ModelReporter<NhsTypes> {
  return {
    id: definition.id,
    every: "year",
    measure(sim) {
      const value = definition.measure(sim.world, sim);
      if (value === null) return Number.NaN;
      if (typeof value !== "number" || !Number.isFinite(value)) {
        throw new RangeError(`indicator ${definition.id} (${sim.calendar.yearLabel(sim.tick)}): expected a finite number or null, got ${String(value)}`);
      }
      return value;
    },
  };
}
