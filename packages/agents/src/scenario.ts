/**
 * The scenario schema: population, years, governance roles, ring-fences and pooling, levers, parameters
 * of every agent kind and the policy chosen for each. Validated once with zod at the boundary.
 * @packageDocumentation
 */
import { integerIn, numberIn } from "@ringfence/core";
import { z } from "zod";
import { GP_LINES, KINDS } from "./domain.js";

const frac = (d: string) => numberIn(0, 1, "(a fraction)").describe(d);
const rate = (lo: number, hi: number, d: string) => numberIn(lo, hi, "(a yearly rate, 0.03 = 3%)").describe(d);
const line = z.enum(GP_LINES, { error: `expected one of ${GP_LINES.join(", ")}` });
const lines = z.array(line).refine((a) => new Set(a).size === a.length, { error: "expected each line at most once" });

/** Population sizes the generator can build. */
export const POPULATION_SIZES = ["england", "icb", "toy"] as const;
/** A population size: all of England, one ICB of ~1.5m patients, or a toy system for tests. */
export type PopulationSize = (typeof POPULATION_SIZES)[number];

/** Who holds the general practice lines that are pooled or delegated. */
export const HOLDERS = ["icb", "place-board", "iho"] as const;
/** Who holds the pooled general practice lines. */
export type Holder = (typeof HOLDERS)[number];

/** Which provider hosts an integrated health organisation. */
export const IHO_HOSTS = ["acute-trust", "federation"] as const;
/** Host of an integrated health organisation. */
export type IhoHost = (typeof IHO_HOSTS)[number];

const claim = z.strictObject({
  seed: z.string().min(1).describe("Source document file name in shared/seeds, e.g. 004_fb12c9e9c88b39b3.txt"),
  quote: z.string().min(1).describe("The words of the source this scenario encodes"),
});

const national = z
  .strictObject({
    allocation2025: numberIn(1e9, 1e12, "pounds").default(192e9).describe("NHS England revenue 2025/26 in pounds, for all England (£192bn, figures [31]); scaled by population"),
    englandPatients: numberIn(1e6, 1e8, "patients").default(63.89e6).describe("Registered patients in England (63.89m Dec 2025, figures [5]) used to scale the allocation"),
    realGrowthMean: rate(-0.05, 0.1, "").default(0.03).describe("Mean real growth of the allocation a year (Spending Review 2025: 3.0%, figures [32])"),
    realGrowthSd: rate(0, 0.05, "").default(0.01).describe("Year-to-year spread of real growth (ours)"),
    inflationMean: rate(-0.02, 0.15, "").default(0.025).describe("Mean inflation a year (ours)"),
    inflationSd: rate(0, 0.05, "").default(0.008).describe("Spread of inflation (ours)"),
    gpContractRealUplift: rate(-0.05, 0.05, "").default(0).describe("Mean GP contract uplift above inflation a year (ours: keeps pace on average)"),
    gpContractRealUpliftSd: rate(0, 0.05, "").default(0.01).describe("Spread of the yearly contract settlement around that mean (ours; 2022/23 investment fell 2.47% real, figures [23])"),
    globalSum: numberIn(50, 500, "pounds per weighted patient").default(121.79).describe("Global sum 2025/26 (figures [26])"),
    qofPerPatient: numberIn(0, 100, "pounds per patient").default(12.5).describe("QOF at full achievement (ours, ≈£0.8bn, figures [22])"),
    enhancedPerPatient: numberIn(0, 200, "pounds per patient").default(34.2).describe("Enhanced services and other contract payments (ours: makes core+QOF+enhanced+PCN ≈ £13.2bn, figures [25])"),
    pcnPerPatient: numberIn(0, 200, "pounds per patient").default(37.5).describe("PCN DES including ARRS (ours, ≈£2.4bn; ARRS £1.41bn, figures [27])"),
    premisesPerPatient: numberIn(0, 100, "pounds per patient").default(13.3).describe("Premises reimbursement (ours, ≈£0.85bn, figures [22])"),
  })
  .prefault({});

const icb = z
  .strictObject({
    acuteShare: frac("Share of the allocation paid to acute trusts (ours, ≈42% ≈ £80bn)").default(0.42),
    bcfShare: frac("NHS contribution to the Better Care Fund as a share of the allocation (ours, ≈£5bn)").default(0.026),
    activityFundedShare: frac("Share of acute activity growth the ICB pays for (ours; marginal-rate convention)").default(0.7),
    efficiencyTarget: rate(0, 0.1, "").default(0.02).describe("Efficiency deducted from the acute tariff uplift a year (2025/26: 1% cost cut plus productivity, figures [83]; ours 2%)"),
    maxCutPerLine: frac("Largest share of a line an ICB top-slices in one year to close a gap (ours)").default(0.1),
    deficitSupportShare: frac("Share of trusts' carried deficits an ICB tries to cover each year (ours; cf. the 2016/17 sustainability fund, figures [47])").default(0.5),
  })
  .prefault({});

const acute = z
  .strictObject({
    demandGrowthMean: rate(-0.05, 0.15, "").default(0.032).describe("Mean activity growth a year (ours)"),
    demandGrowthSd: rate(0, 0.05, "").default(0.01).describe("Spread of activity growth (ours)"),
    payShare: frac("Share of costs that are pay (ours)").default(0.65),
    payAwardExcessMean: rate(-0.05, 0.05, "").default(0.005).describe("Pay award above inflation a year (ours)"),
    payAwardUnfundedShare: frac("Share of the excess pay award not funded by the tariff (ours)").default(0.5),
    winterShockProbability: frac("Chance of a bad winter in a year (ours)").default(0.3),
    winterShockSize: frac("Extra cost of a bad winter as a share of costs (ours)").default(0.01),
    startMarginMean: numberIn(-0.2, 0.2, "(share of income)").default(-0.01).describe("Mean start surplus as a share of income (trust deficit ≈1% of income, figures [39])"),
    startMarginSd: numberIn(0, 0.2, "(share of income)").default(0.015).describe("Spread of start margins across trusts (ours)"),
    efficiencyAchievedMean: rate(-0.05, 0.1, "").default(0.012).describe("Mean efficiency a trust actually delivers a year, against the tariff's deduction (ours)"),
    deficitRecovery: frac("Share of a carried deficit a trust tries to recover each year (ours)").default(0.25),
  })
  .prefault({});

const practice = z
  .strictObject({
    listGrowth: rate(-0.05, 0.05, "").default(0.011).describe("Registered list growth a year (+1.1%, figures validation target 2)"),
    listSizeMean: numberIn(1000, 50000, "patients").default(10100).describe("Mean list size (10,101 Jun 2024, figures [6])"),
    listSizeCv: numberIn(0, 2, "(coefficient of variation)").default(0.55).describe("Spread of list sizes (ours)"),
    patientsPerGpFte: numberIn(500, 5000, "patients per FTE GP").default(2260).describe("Start patients per FTE GP (2,257 Jul 2025, figures [3])"),
    startMarginMean: numberIn(-0.5, 0.5, "(share of income)").default(0.03).describe("Mean start margin of income over costs (ours)"),
    startMarginSd: numberIn(0, 0.5, "(share of income)").default(0.03).describe("Spread of start margins (ours; with the cost growth below, calibrated to the −2.1%/yr net practice loss 2015–2025, figures validation target 1)"),
    fixedCostShare: frac("Share of practice costs that do not scale with list size (ours)").default(0.3),
    costGrowthExcess: rate(-0.05, 0.1, "").default(0.0075).describe("Practice cost growth above inflation a year: pay drift, workload (ours; calibrated as for startMarginSd)"),
    costSd: rate(0, 0.1, "").default(0.01).describe("Spread of a practice's yearly cost growth (ours)"),
    shortfallTolerance: frac("Shortfall (share of costs) a practice absorbs before counting a bad year (ours)").default(0.03),
    badYearsToAct: integerIn(1, 10).default(2).describe("Consecutive bad years before a practice considers its contract (ours)"),
    mergerFixedCostSaving: frac("Share of a merging practice's fixed costs saved by the merger (ours)").default(0.5),
    qofAchievementMean: frac("Mean QOF achievement (ours)").default(0.96),
    qofAchievementConcentration: numberIn(1, 1000, "(beta concentration)").default(60).describe("Concentration of QOF achievement draws (ours)"),
    retirementRate: rate(0, 0.3, "").default(0.07).describe("Share of GP FTE leaving a year (ours)"),
    recruitmentRate: rate(0, 1, "").default(0.6).describe("Share of a GP FTE gap a solvent practice fills in a year (ours)"),
  })
  .prefault({});

const pcn = z
  .strictObject({
    passThroughShare: frac("Share of PCN money passed to member practices; the rest funds additional roles (ours: ARRS £1.41bn of ≈£2.4bn)").default(0.41),
    arrsUnderspendMean: frac("Mean share of additional-roles money not spent (6%, figures [27])").default(0.06),
    arrsUnderspendConcentration: numberIn(1, 1000, "(beta concentration)").default(30).describe("Concentration of the underspend draw (ours)"),
    cohesionMean: frac("Mean cohesion of a PCN's practices, the strength of their collective voice (ours)").default(0.5),
  })
  .prefault({});

const federation = z
  .strictObject({
    capabilityMean: frac("Mean start capability of a GP federation (ours; seed 004: precious few at-scale organisations)").default(0.3),
    capabilityConcentration: numberIn(1, 1000, "(beta concentration)").default(6).describe("Concentration of start capability (ours)"),
    integratorThreshold: frac("Capability a federation needs to act as integrator (ours)").default(0.6),
    learningRate: frac("Share of the remaining capability gap closed a year while holding a budget (ours)").default(0.15),
    failureBase: frac("Yearly failure chance of a federation acting as integrator at full capability (ours)").default(0.01),
    riskShare: frac("Share of acute trusts' shortfall a federation hosting a capitated budget bears (ours; vanguard risk/gain share, figures [68])").default(0.5),
    accelerated: z.boolean().default(false).describe("Accelerated timeline: go live whatever the capability (seed 004)"),
    acceleratedFailureMultiplier: numberIn(1, 20, "(multiplier)").default(4).describe("Failure chance multiplier under an accelerated timeline (ours)"),
  })
  .prefault({});

const council = z
  .strictObject({
    demandGrowthMean: rate(-0.05, 0.2, "").default(0.045).describe("Mean growth of social care need a year, cash (ours; spend rose ≈8%/yr 2019/20–2023/24, figures [18])"),
    demandGrowthSd: rate(0, 0.05, "").default(0.01).describe("Spread of social care need growth (ours)"),
    budgetGrowth: rate(-0.05, 0.2, "").default(0.035).describe("Growth of the council's own social care budget a year (ours)"),
    spendPerPatient: numberIn(0, 2000, "pounds per registered patient").default(440).describe("Social care spend per registered patient in 2025/26 (ours, ≈£28bn, figures [18])"),
    startGap: frac("Start unmet need as a share of need (ours)").default(0.03),
    poolContribution: frac("Share of its own budget a council puts into a place pool (ours)").default(0.5),
  })
  .prefault({});

const placeBoard = z
  .strictObject({
    leanRange: frac("Lean of the single accountable person drawn uniformly in ±range: + toward NHS bodies, − toward the council (ours; seeds 002, 003)").default(0.3),
    acuteVoice: numberIn(0, 10, "(weight)").default(1).describe("Voice of acute trusts on a place board (ours)"),
    councilVoice: numberIn(0, 10, "(weight)").default(1).describe("Voice of the council on a place board (ours)"),
    gpVoiceBase: numberIn(0, 10, "(weight)").default(0.5).describe("Voice of general practice without collective organisation (ours; seed 002: needs a unified voice)"),
    gpVoicePerCohesion: numberIn(0, 10, "(weight)").default(1).describe("Extra general practice voice per unit of PCN cohesion and federation capability (ours)"),
  })
  .prefault({});

const policyChoice = z.strictObject({
  name: z.string().min(1).describe("Registered policy name"),
  params: z.record(z.string(), z.unknown()).default({}).describe("Policy parameters, validated by the policy's own schema"),
});

const scenarioShape = z.strictObject({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, { error: "expected a kebab-case id such as my-scenario" }).default("custom"),
  title: z.string().default("Custom scenario"),
  description: z.string().default(""),
  claims: z.array(claim).default([]).describe("Source claims this scenario encodes"),
  assumptions: z.array(z.string()).default([]).describe("Assumptions that are ours, not the sources'"),
  population: z
    .strictObject({
      size: z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` }).default("england"),
      seed: integerIn(0, 2 ** 31 - 1).default(2025).describe("Seed of the population generator (the same England in every run)"),
    })
    .prefault({}),
  years: integerIn(1, 50).default(10).describe("Financial years to run"),
  startYear: integerIn(2000, 2100).default(2025).describe("Calendar year the first financial year starts"),
  governance: z
    .strictObject({
      holder: z.enum(HOLDERS, { error: `expected one of ${HOLDERS.join(", ")}` }).default("icb").describe("Who holds the pooled general practice lines"),
      ihoHost: z.enum(IHO_HOSTS, { error: `expected one of ${IHO_HOSTS.join(", ")}` }).default("acute-trust").describe("Host of the integrated health organisation when holder is iho"),
      ihoFallback: z.enum(["icb", "acute-trust"], { error: "expected icb or acute-trust" }).default("icb").describe("Who takes over when a federation host is not capable or fails (ours)"),
      pooled: lines.default([]).describe("General practice lines handed to the holder; the rest stay with the ICB"),
      ringFenced: lines.default([...GP_LINES]).describe("Lines nobody may cut"),
      poolAcute: z.boolean().default(false).describe("Whether acute contracts go into the place pool or the IHO budget"),
      poolSocialCare: z.boolean().default(false).describe("Whether councils put social care money into the place pool"),
      coreShiftPerYear: rate(0, 0.2, "").default(0).describe("National trend moving core funding into the held lines each year (seed 004)"),
    })
    .prefault({}),
  levers: z
    .strictObject({
      noNewMoney: z.boolean().default(false).describe("Real growth fixed at zero: the allocation only keeps pace with inflation (seed 004)"),
      primaryCareShare: z
        .strictObject({
          increase: numberIn(0, 0.1, "(share points, 0.01 = 1pp)").default(0).describe("Rise in general practice's share of ICB allocations the centre commits to (ours)"),
          byYear: integerIn(2025, 2100).default(2029).describe("Calendar year the commitment is met: 2029 or 2035 (seed 004)"),
        })
        .prefault({}),
      shiftOfCare: z
        .strictObject({
          sharePerYear: rate(0, 0.05, "").default(0).describe("Share of acute contracts moved into general practice each year"),
          doubleRunningYears: integerIn(0, 10).default(0).describe("Years acute costs keep running after the money moves (seed 004: double running; 0 = none)"),
        })
        .prefault({}),
    })
    .prefault({}),
  national,
  icb,
  acuteTrust: acute,
  practice,
  pcn,
  federation,
  council,
  placeBoard,
  plugins: z
    .array(z.string().min(1))
    .default([])
    .describe("Modules whose exported policies are registered before the run (paths relative to the scenario file)"),
  policies: z
    .partialRecord(z.enum(KINDS, { error: `expected one of ${KINDS.join(", ")}` }), policyChoice)
    .default({})
    .describe("Policy chosen for each kind, by registered name, with its parameters"),
});

/** A validated scenario (every default filled in). */
export type Scenario = z.output<typeof scenarioShape>;
/** A scenario as written in a file or object: every field optional. */
export type ScenarioInput = z.input<typeof scenarioShape>;

/** Zod schema of a scenario; every field has a default, so a scenario file lists only what it changes. */
export const scenarioSchema: z.ZodType<Scenario, ScenarioInput> = scenarioShape;
