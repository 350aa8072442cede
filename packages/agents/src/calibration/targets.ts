/**
 * The ten validation targets of the 2015/16–2025/26 backcast as data: what was published, by whom and when,
 * the tolerance, whether the target is a model input, fitted by the calibration or held out of it, and how
 * the model's value is computed from run records of the baseline and its variants.
 * @packageDocumentation
 */
import type { RunRecord } from "@ringfence/core/batch";
import { PRESETS } from "../presets.js";
import type { ScenarioInput } from "../scenario.js";

/** A published source, cited by title, publisher and date. */
export interface TargetSource {
  /** Title of the publication or article. */
  readonly title: string;
  /** Publisher (organisation or outlet). */
  readonly publisher: string;
  /** Date or period of publication as the source gives it. */
  readonly date: string;
}

/**
 * The scenarios a backcast runs: the 2015 baseline as it happened, and the same history under other
 * governance (needed by targets 6 and 10).
 */
export const VARIANT_IDS = ["baseline", "not-ring-fenced", "iho-acute", "iho-federation"] as const;
/** One of the backcast's scenarios. */
export type VariantId = (typeof VARIANT_IDS)[number];

/** What each backcast variant is, in one sentence. */
export const VARIANT_DESCRIPTIONS: Readonly<Record<VariantId, string>> = {
  baseline: "The baseline-2014 preset: ring-fenced GP contract, published yearly inputs 2015/16–2025/26.",
  "not-ring-fenced": "baseline-2014 with the governance of the single-envelope preset (no line ring-fenced; the ICB may cut any).",
  "iho-acute": "baseline-2014 with the governance of the iho-acute preset (the largest acute trust hosts enhanced, PCN and QOF lines).",
  "iho-federation": "baseline-2014 with the governance of the iho-federation preset (a capable GP federation hosts the same lines).",
};

/**
 * The scenario of a backcast variant: the baseline-2014 preset with the governance of another preset taken
 * from {@link PRESETS} (never restated here), and optionally another population size.
 */
export function variantScenario(variant: VariantId, population?: "england" | "icb" | "toy"): ScenarioInput {
  const base = PRESETS["baseline-2014"];
  const governance =
    variant === "baseline"
      ? base.governance
      : variant === "not-ring-fenced"
        ? PRESETS["single-envelope"].governance
        : variant === "iho-acute"
          ? PRESETS["iho-acute"].governance
          : PRESETS["iho-federation"].governance;
  return {
    ...base,
    id: variant === "baseline" ? "baseline-2014" : `baseline-2014-${variant}`,
    ...(governance === undefined ? {} : { governance }),
    population: { ...base.population, ...(population === undefined ? {} : { size: population }) },
    // The calibration and the backcast set the calibrated parameters themselves (a proposal, or a draw from
    // the ensemble they are given); the rest keep their defaults.
    ensemble: "none",
  };
}

/** Financial year label of the year starting in `year`, as run records label it ("2019/20"). */
export function yearLabel(year: number): string {
  return `${year}/${String((year + 1) % 100).padStart(2, "0")}`;
}

/** How a target's model value is computed from one run's records (one record per variant, same run seed). */
export type TargetMeasure =
  | {
      /** The value of one indicator in one financial year of one variant. */
      readonly kind: "indicator-at";
      /** Variant read. */
      readonly variant: VariantId;
      /** Indicator id. */
      readonly indicator: string;
      /** Calendar year the financial year starts. */
      readonly year: number;
    }
  | {
      /** Mean of an indicator over the years where it applies (non-null, finite) in one variant. */
      readonly kind: "indicator-mean";
      /** Variant read. */
      readonly variant: VariantId;
      /** Indicator id. */
      readonly indicator: string;
    }
  | {
      /**
       * Per year: ((a at the last year − a at the first year) − (b at the last year − b at the first year)) / (years − 1),
       * the yearly drift of an indicator in variant a beyond its drift in variant b, paired by run seed.
       */
      readonly kind: "drift-difference";
      /** Variant whose drift is measured. */
      readonly a: VariantId;
      /** Variant it is measured against. */
      readonly b: VariantId;
      /** Indicator id. */
      readonly indicator: string;
    }
  | {
      /** (value in year `to` − value in year `from`) / (to − from): an indicator's yearly drift over a window of one variant. */
      readonly kind: "drift";
      /** Variant read. */
      readonly variant: VariantId;
      /** Indicator id. */
      readonly indicator: string;
      /** Calendar year the window's first financial year starts. */
      readonly from: number;
      /** Calendar year the window's last financial year starts. */
      readonly to: number;
    }
  | {
      /** Σ over years of the indicator in variant a minus the same in variant b, paired by run seed. */
      readonly kind: "sum-difference";
      /** Minuend variant. */
      readonly a: VariantId;
      /** Subtrahend variant. */
      readonly b: VariantId;
      /** Indicator id. */
      readonly indicator: string;
    };

/** Whether a target is a model input (reported, not counted), fitted by the calibration, or held out of it. */
export type TargetRole = "input" | "fitted" | "held-out";

/** One validation target. */
export interface ValidationTarget {
  /** Short id, such as `practices-2025`. */
  readonly id: string;
  /** Number in the validation table of the reference figures (1–10). */
  readonly number: number;
  /** What is compared, in one sentence. */
  readonly description: string;
  /** Published source(s). */
  readonly sources: readonly TargetSource[];
  /** "level": the model's median must lie within `tolerance` of `value`; "direction": its sign must match `direction`. */
  readonly kind: "level" | "direction";
  /** The published value (for a direction target, the figure quoted, in the measure's unit where it has one). */
  readonly value: number;
  /** Allowed absolute miss, in the measure's unit (level targets; 0 for direction targets). */
  readonly tolerance: number;
  /** The tolerance as published (such as "±3%"). */
  readonly toleranceText: string;
  /** For direction targets: the sign the model's median must have (+1 above zero, −1 below). */
  readonly direction?: 1 | -1;
  /** Unit of the value. */
  readonly unit: string;
  /** Input, fitted or held out. */
  readonly role: TargetRole;
  /** Why the target has its role, and any series break between the published figure and the model's measure. */
  readonly note: string;
  /** How the model's value is computed from run records. */
  readonly measure: TargetMeasure;
}

const wesleyan: TargetSource = { title: "How the demographics of general practice are changing", publisher: "Wesleyan", date: "2016" };
const rcgpPractices: TargetSource = { title: "Number of GP practices in England", publisher: "Royal College of General Practitioners (news)", date: "July 2025" };
const bmaPressures: TargetSource = { title: "Pressures in general practice data analysis", publisher: "British Medical Association", date: "December 2025" };
const sstlmc: TargetSource = { title: "GP pressures, workforce and appointment data", publisher: "South Staffordshire and Shropshire LMC (NHS Digital data)", date: "August 2024" };

/** The ten validation targets of the baseline (targets 5 and 8 are compared at the years named). */
export const TARGETS: readonly ValidationTarget[] = [
  {
    id: "practices-2025",
    number: 1,
    description: "GP practices open in England, 2025/26 (7,674 in September 2015 → 6,229 in July 2025).",
    sources: [wesleyan, rcgpPractices],
    kind: "level",
    value: 6229,
    tolerance: 0.03 * 6229,
    toleranceText: "±3% of the 2025 level",
    unit: "practices",
    role: "fitted",
    note: "Fitted: the practice exit hazards and merger share have priors and nothing else pins them. July 2025 is compared with the 2025/26 year end.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "practicesOpen", year: 2025 },
  },
  {
    id: "patients-2025",
    number: 2,
    description: "Registered patients in England, 2025/26 (57.2m in 2015 → 63.89m in December 2025, about +1.1% a year).",
    sources: [wesleyan, bmaPressures],
    kind: "level",
    value: 63.89e6,
    tolerance: 0.01 * 63.89e6,
    toleranceText: "±1%",
    unit: "patients",
    role: "input",
    note: "Input: list growth (+1.1% a year) is set from this very series, so a hit shows only that the input is applied; not counted.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "registeredPatients", year: 2025 },
  },
  {
    id: "average-list-2024",
    number: 3,
    description: "Average registered list per practice, 2024/25 (~7,450 in 2015 → 10,101 in June 2024).",
    sources: [sstlmc],
    kind: "level",
    value: 10101,
    tolerance: 0.05 * 10101,
    toleranceText: "±5%",
    unit: "patients",
    role: "held-out",
    note: "Held out: a different source and date from targets 1 and 2, after 2020; it tests list concentration (mergers move whole lists) that the fit does not see directly.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "averageList", year: 2024 },
  },
  {
    id: "patients-per-gp-2025",
    number: 4,
    description: "Registered patients per FTE fully qualified GP, 2025/26 (~1,940 in 2015 → 2,257 in July 2025).",
    sources: [rcgpPractices],
    kind: "level",
    value: 2257,
    tolerance: 0.05 * 2257,
    toleranceText: "±5%",
    unit: "patients",
    role: "fitted",
    note: "Fitted: GP inflow, leaver rate and pressure leaving have priors. The NHS Digital workforce series was recalculated in February 2022; 2025 is on the revised basis.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "patientsPerGpFte", year: 2025 },
  },
  {
    id: "payment-per-patient-2019",
    number: 5,
    description: "NHS payments to general practice per registered patient, cash, 2019/20 (£155.46).",
    sources: [{ title: "GP practices were paid an average of £155 per patient in 2019/20", publisher: "Pulse (NHS Digital, NHS Payments to General Practice)", date: "August 2020" }],
    kind: "level",
    value: 155.46,
    tolerance: 0.03 * 155.46,
    toleranceText: "±3%",
    unit: "£ per patient, cash",
    role: "fitted",
    note: "Fitted (in sample, before 2020): the settlement pass-through and pressure response have priors. NHS Digital payments basis, the model's paymentPerPatient.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "paymentPerPatient", year: 2019 },
  },
  {
    id: "payment-per-patient-2021",
    number: 5,
    description: "NHS payments to general practice per registered patient, cash, 2021/22 (£163.65).",
    sources: [{ title: "£4.04 more per registered patient in 2021/22", publisher: "Management in Practice (NHS Digital, NHS Payments to General Practice)", date: "28 November 2022" }],
    kind: "level",
    value: 163.65,
    tolerance: 0.03 * 163.65,
    toleranceText: "±3%",
    unit: "£ per patient, cash",
    role: "held-out",
    note: "Held out: the post-2020 point of the same series, two years after the fitted one, across the Covid years; it tests whether the fitted settlement rule extrapolates.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "paymentPerPatient", year: 2021 },
  },
  {
    id: "gp-share-drift-not-ring-fenced",
    number: 6,
    description:
      "Yearly drift of general practice's share of the allocation when its lines are not ring-fenced, over the years before PCN money (share fell 10.55% → 8.5%, 2004/05–2011/12: ~0.15–0.2pp a year).",
    sources: [
      { title: "RCGP figures on GP share of NHS budget", publisher: "Healthcanal (Royal College of General Practitioners)", date: "2012" },
      { title: "RCGP demands 11% share of NHS budget for general practice", publisher: "GPonline", date: "2014" },
    ],
    kind: "level",
    value: -0.00175,
    tolerance: 0.005 / 3,
    toleranceText: "±0.5pp on the share reached over the window (±0.17pp a year over three years)",
    unit: "share points a year",
    role: "fitted",
    note:
      "Fitted. Ours: the published fall comes from the PCT years, when the lines were not ring-fenced and nothing like the PCN DES added new money. The model's counterpart is the yearly drift of gpShareOfSpend in the not-ring-fenced variant from 2015/16 to 2018/19, the years before the PCN DES (from July 2019) added a new line; the ±0.5pp tolerance on the share is spread over the window's three years.",
    measure: { kind: "drift", variant: "not-ring-fenced", indicator: "gpShareOfSpend", from: 2015, to: 2018 },
  },
  {
    id: "arrs-underspend-2023",
    number: 7,
    description: "Additional-roles money left unspent and returned to the wider system, 2023/24 (£88m of £1,412m, ~6%).",
    sources: [{ title: "PCNs underspent on ARRS by £88m in 2023/24", publisher: "Management in Practice", date: "2025" }],
    kind: "level",
    value: 88 / 1412,
    tolerance: 0.03,
    toleranceText: "±3pp",
    unit: "share",
    role: "input",
    note: "Input: the PCN underspend rule is set to this figure; reported, not counted.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "arrsUnderspendShare", year: 2023 },
  },
  {
    id: "acute-deficit-2023",
    number: 8,
    description: "Acute trusts' aggregate surplus over income, 2023/24 (deficit 1.2% of income for acute trusts; 0.9% for all trusts, £1.2bn).",
    sources: [{ title: "Trust deficits", publisher: "Parliament Today (Nuffield Trust analysis)", date: "2024" }],
    kind: "level",
    value: -0.012,
    tolerance: 0.005,
    toleranceText: "±0.5pp",
    unit: "share of income",
    role: "fitted",
    note: "Fitted: tariff efficiency, delivered efficiency, demand growth and the share of extra activity paid have priors. The acute-only figure is used because the model's acuteSurplusShare counts acute trusts only.",
    measure: { kind: "indicator-at", variant: "baseline", indicator: "acuteSurplusShare", year: 2023 },
  },
  {
    id: "trust-fund-diverted",
    number: 9,
    description: "Hospital-held sustainability and transformation money mostly used to cover deficits (£2.2bn planned for new care models, £389m delivered: ~80% diverted).",
    sources: [{ title: "Developing new care models through NHS vanguards", publisher: "National Audit Office", date: "June 2018" }],
    kind: "direction",
    value: 0.8,
    tolerance: 0,
    toleranceText: "direction: more than half diverted",
    direction: 1,
    unit: "share (model value − 0.5)",
    role: "held-out",
    note: "Held out: a direction check, not part of the fit's distance (a sign has no tolerance to scale by). Model value: the mean over the years the fund was paid of trustFundDiverted, minus one half; a hit is a positive median.",
    measure: { kind: "indicator-mean", variant: "baseline", indicator: "trustFundDiverted" },
  },
  {
    id: "federation-saves-more",
    number: 10,
    description: "Primary-care-led population budgets save more than hospital-led ones (US Medicare Shared Savings Program: independent primary-care groups saved more than hospital-integrated ones).",
    sources: [{ title: "Early performance of accountable care organizations in Medicare", publisher: "New England Journal of Medicine (McWilliams et al.)", date: "2016" }],
    kind: "direction",
    value: 0,
    tolerance: 0,
    toleranceText: "direction: federation-hosted saves more",
    direction: 1,
    unit: "£m, first-year prices, summed over the years",
    role: "held-out",
    note:
      "Held out: a direction check, not part of the fit's distance (and its variants are not run by the fit). Ours: \"save\" is read as lower hospital cost for the same population and allocation, so the model value is Σ acuteCostReal under the acute-hosted IHO minus the same under the federation-hosted IHO, run by run with the same seed; a hit is a positive median.",
    measure: { kind: "sum-difference", a: "iho-acute", b: "iho-federation", indicator: "acuteCostReal" },
  },
];

/** Variants a target's measure reads. */
export function measureVariants(measure: TargetMeasure): readonly VariantId[] {
  return measure.kind === "indicator-at" || measure.kind === "indicator-mean" || measure.kind === "drift" ? [measure.variant] : [measure.a, measure.b];
}

/** The variants needed to compute a list of targets, in {@link VARIANT_IDS} order. */
export function variantsFor(targets: readonly ValidationTarget[]): VariantId[] {
  const needed = new Set(targets.flatMap((t) => measureVariants(t.measure)));
  return VARIANT_IDS.filter((v) => needed.has(v));
}

function series(record: RunRecord | undefined, indicator: string): readonly (number | null)[] {
  if (record === undefined) return [];
  return record.indicators[indicator] ?? [];
}

const finite = (v: number | null | undefined): v is number => typeof v === "number" && Number.isFinite(v);

/**
 * The model's value of a target in one run, from that run's records by variant; NaN when a record, year or
 * value it needs is missing.
 */
export function measureRun(measure: TargetMeasure, records: Readonly<Partial<Record<VariantId, RunRecord>>>): number {
  switch (measure.kind) {
    case "indicator-at": {
      const r = records[measure.variant];
      if (r === undefined) return Number.NaN;
      const i = r.years.indexOf(yearLabel(measure.year));
      const v = i < 0 ? undefined : series(r, measure.indicator)[i];
      return finite(v) ? v : Number.NaN;
    }
    case "drift": {
      const r = records[measure.variant];
      if (r === undefined) return Number.NaN;
      const at = (year: number) => {
        const i = r.years.indexOf(yearLabel(year));
        const v = i < 0 ? undefined : series(r, measure.indicator)[i];
        return finite(v) ? v : Number.NaN;
      };
      return (at(measure.to) - at(measure.from)) / (measure.to - measure.from);
    }
    case "indicator-mean": {
      const values = series(records[measure.variant], measure.indicator).filter(finite);
      const mean = values.length === 0 ? Number.NaN : values.reduce((s, v) => s + v, 0) / values.length;
      // Direction target 9: the sign is "more than half", so report the mean minus one half.
      return mean - 0.5;
    }
    case "drift-difference": {
      const drift = (v: VariantId): number => {
        const s = series(records[v], measure.indicator);
        const first = s[0];
        const last = s[s.length - 1];
        return s.length >= 2 && finite(first) && finite(last) ? (last - first) / (s.length - 1) : Number.NaN;
      };
      return drift(measure.a) - drift(measure.b);
    }
    case "sum-difference": {
      const sum = (v: VariantId): number => {
        const s = series(records[v], measure.indicator);
        return s.length > 0 && s.every(finite) ? s.reduce<number>((t, x) => t + (x ?? 0), 0) : Number.NaN;
      };
      return sum(measure.a) - sum(measure.b);
    }
  }
}

/** Whether a model value hits a target: within tolerance for a level target, the right sign for a direction target. */
export function hitsTarget(target: ValidationTarget, modelValue: number): boolean {
  if (!Number.isFinite(modelValue)) return false;
  if (target.kind === "direction") return Math.sign(modelValue) === (target.direction ?? 1);
  return Math.abs(modelValue - target.value) <= target.tolerance;
}

/** The targets the calibration's distance is computed from: fitted level targets. */
export function fittedTargets(targets: readonly ValidationTarget[] = TARGETS): ValidationTarget[] {
  return targets.filter((t) => t.role === "fitted" && t.kind === "level");
}
