/**
 * Indicators recorded per financial year. Their ids are part of the public API.
 * @packageDocumentation
 */
import type { ModelReporter } from "@ringfence/core";
import type { NhsTypes } from "./domain.js";
import type { World } from "./world.js";

/** Ids of the yearly indicators. */
export const INDICATOR_IDS = [
  "gpFundingPerWeightedPatient",
  "gpShareOfSpend",
  "practicesOpen",
  "patientsPerGpFte",
  "acuteSurplus",
  "acuteSurplusShare",
  "socialCareGap",
  "gpDiverted",
  "gpTopSliced",
  "gpLeaked",
  "registeredPatients",
] as const;
/** A yearly indicator id. */
export type IndicatorId = (typeof INDICATOR_IDS)[number];

/** How to show an indicator: label, unit and number format (d3-format). */
export interface IndicatorInfo {
  /** Human label. */
  readonly label: string;
  /** Unit shown on axes. */
  readonly unit: string;
  /** d3-format string for values. */
  readonly format: string;
  /** What it measures, in one sentence. */
  readonly description: string;
}

/** Label, unit, format and meaning of every indicator. */
export const INDICATORS: Readonly<Record<IndicatorId, IndicatorInfo>> = {
  gpFundingPerWeightedPatient: { label: "GP funding per weighted patient", unit: "£ (start-year prices)", format: ",.2f", description: "General practice money that reached practices and PCN staff, per weighted patient, deflated to first-year prices." },
  gpShareOfSpend: { label: "General practice share of spend", unit: "share", format: ".2%", description: "General practice money received over the NHS allocation." },
  practicesOpen: { label: "Practices open", unit: "practices", format: ",.0f", description: "Practices holding a contract at the year end." },
  patientsPerGpFte: { label: "Patients per FTE GP", unit: "patients", format: ",.0f", description: "Registered patients over GP full-time equivalents." },
  acuteSurplus: { label: "Acute trusts' surplus", unit: "£m (cash)", format: ",.0f", description: "Income minus costs of all acute trusts in the year, £m." },
  acuteSurplusShare: { label: "Acute surplus share of income", unit: "share", format: ".2%", description: "Acute trusts' surplus (negative: deficit) over their income." },
  socialCareGap: { label: "Social care gap", unit: "£m (cash)", format: ",.0f", description: "Social care need not met in the year, £m." },
  gpDiverted: { label: "GP money diverted", unit: "£m (cash)", format: ",.0f", description: "General practice money a holder moved into its own services, £m." },
  gpTopSliced: { label: "GP money top-sliced", unit: "£m (cash)", format: ",.0f", description: "General practice lines cut by ICBs to close system gaps, £m." },
  gpLeaked: { label: "GP money leaked", unit: "£m (cash)", format: ",.0f", description: "General practice money returned unspent to the wider system, £m." },
  registeredPatients: { label: "Registered patients", unit: "patients", format: ",.0f", description: "Patients registered with open practices." },
};

function sums(w: World): { list: number; weighted: number; fte: number; open: number } {
  let list = 0;
  let weighted = 0;
  let fte = 0;
  let open = 0;
  for (const p of w.agents.practices) {
    if (p.state.status !== "open") continue;
    list += p.state.list;
    weighted += p.state.list * p.state.weighting;
    fte += p.state.gpFte;
    open++;
  }
  return { list, weighted, fte, open };
}

function acute(w: World): { surplus: number; income: number } {
  let surplus = 0;
  let income = 0;
  for (const a of w.agents.acutes) {
    surplus += a.state.income - a.state.cost;
    income += a.state.income;
  }
  return { surplus, income };
}

const M = 100 * 1e6; // pence in £1m

/** The model reporters of every indicator, sampled at each financial year close. */
export const INDICATOR_REPORTERS: readonly ModelReporter<NhsTypes>[] = [
  { id: "gpFundingPerWeightedPatient", every: "year", measure: (s) => s.world.year.gpReceived / s.world.national.priceIndex / 100 / Math.max(1, s.world.year.weightedList) },
  { id: "gpShareOfSpend", every: "year", measure: (s) => s.world.year.gpReceived / Math.max(1, s.world.year.allocation) },
  { id: "practicesOpen", every: "year", measure: (s) => sums(s.world).open },
  { id: "patientsPerGpFte", every: "year", measure: (s) => { const x = sums(s.world); return x.list / Math.max(1e-9, x.fte); } },
  { id: "acuteSurplus", every: "year", measure: (s) => acute(s.world).surplus / M },
  { id: "acuteSurplusShare", every: "year", measure: (s) => { const a = acute(s.world); return a.surplus / Math.max(1, a.income); } },
  { id: "socialCareGap", every: "year", measure: (s) => (s.world.year.socialCareNeed - s.world.year.socialCareSpent) / M },
  { id: "gpDiverted", every: "year", measure: (s) => s.world.year.gpDiverted / M },
  { id: "gpTopSliced", every: "year", measure: (s) => s.world.year.gpTopSliced / M },
  { id: "gpLeaked", every: "year", measure: (s) => s.world.year.gpLeaked / M },
  { id: "registeredPatients", every: "year", measure: (s) => sums(s.world).list },
];
