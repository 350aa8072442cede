/**
 * Probabilities and shares built from several parameters, checked as combined: each parameter may be in its
 * own range while together they are not (a 1.0 base failure chance × a 20-fold multiplier is a yearly chance
 * of 2,000%). For time-varying parameters every year is checked with that year's values.
 * @packageDocumentation
 */

/** One combination of parameters that must stay within a bound. */
export interface CombinedRule {
  /** The parameters combined, by dotted path; the problem is reported at the first. */
  readonly paths: readonly string[];
  /** The combination in words, such as `failureBase × acceleratedFailureMultiplier`. */
  readonly formula: string;
  /** Combines the parameters' values (in `paths` order). */
  readonly combine: (values: readonly number[]) => number;
  /** The largest value allowed. */
  readonly max: number;
  /** What the combination is, for the message. */
  readonly meaning: string;
  /** Whether the model builds the combination for this scenario (default: always). */
  readonly applies?: (scenario: ScenarioView) => boolean;
}

/** The part of a scenario the rules read: its fields as plain data and its time-varying series. */
export interface ScenarioView {
  readonly [key: string]: unknown;
  /** Path → one value per year. */
  readonly timeVarying: Readonly<Record<string, readonly number[]>>;
  /** Years run. */
  readonly years: number;
  /** First financial year (its label starts the year list). */
  readonly startYear: number;
}

const sum = (v: readonly number[]): number => v.reduce((a, b) => a + b, 0);
const product = (v: readonly number[]): number => v.reduce((a, b) => a * b, 1);

/** Every combined rule of the scenario schema. */
export const COMBINED_RULES: readonly CombinedRule[] = [
  {
    paths: ["icb.acuteShare", "icb.communityShare", "icb.bcfShare"],
    formula: "acuteShare + communityShare + bcfShare",
    combine: sum,
    max: 0.95,
    meaning: "general practice and other NHS spending need the rest",
  },
  {
    paths: ["practice.mergeShare", "practice.salariedShare"],
    formula: "mergeShare + salariedShare",
    combine: sum,
    max: 1,
    meaning: "shares of the practices that leave",
  },
  {
    paths: ["practice.exitBaseHazard", "practice.distressHazard"],
    formula: "exitBaseHazard + distressHazard",
    combine: sum,
    max: 1,
    meaning: "the yearly chance that a practice of average size leaves at zero profit",
  },
  {
    paths: ["federation.failureBase", "federation.acceleratedFailureMultiplier"],
    formula: "failureBase × acceleratedFailureMultiplier",
    combine: product,
    max: 1,
    meaning: "the yearly failure chance of a federation host on an accelerated timeline",
    applies: (s) => (s.federation as { accelerated?: unknown } | undefined)?.accelerated === true,
  },
];

/** The value at a dotted path of plain data, or NaN. */
function valueAt(data: unknown, path: string): number {
  let node = data;
  for (const key of path.split(".")) node = node !== null && typeof node === "object" && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined;
  return typeof node === "number" ? node : Number.NaN;
}

/** A problem with a combined rule: where it is reported and the message. */
export interface CombinedIssue {
  /** Path of the first parameter of the rule, as a list of keys. */
  readonly path: readonly string[];
  /** The message: the formula, its bound and meaning, the value (and year) and each parameter's value. */
  readonly message: string;
}

/**
 * Checks every combined rule on a scenario (plain data, after its own fields were validated): with the
 * scalar values, or, when any parameter of a rule varies by year, with each year's values.
 * @returns One problem per broken rule (its first bad year), naming each parameter and its value.
 */
export function combinedRuleIssues(scenario: ScenarioView, rules: readonly CombinedRule[] = COMBINED_RULES): CombinedIssue[] {
  const issues: CombinedIssue[] = [];
  const fmt = (x: number): string => String(Number(x.toPrecision(6)));
  for (const rule of rules) {
    if (rule.applies !== undefined && !rule.applies(scenario)) continue;
    const varying = rule.paths.some((p) => Object.hasOwn(scenario.timeVarying, p));
    const years = varying ? scenario.years : 1;
    for (let i = 0; i < years; i++) {
      const values = rule.paths.map((p) => (varying && Object.hasOwn(scenario.timeVarying, p) ? (scenario.timeVarying[p]![i] ?? Number.NaN) : valueAt(scenario, p)));
      if (values.some((v) => !Number.isFinite(v))) break; // a field's own check reports it
      const combined = rule.combine(values);
      if (combined <= rule.max + 1e-12) continue;
      const year = varying ? ` in ${scenario.startYear + i}/${String((scenario.startYear + i + 1) % 100).padStart(2, "0")}` : "";
      const parts = rule.paths.map((p, k) => `${p} ${fmt(values[k]!)}`).join(", ");
      issues.push({ path: rule.paths[0]!.split("."), message: `expected ${rule.formula} ≤ ${rule.max} (${rule.meaning})${varying ? " in every year" : ""}, got ${fmt(combined)}${year} (${parts})` });
      break;
    }
  }
  return issues;
}
