/**
 * The NHS funding model: builds the organisations of a scenario's population as rows of their kinds' tables,
 * opens their accounts, and runs them through the engine's staged ticks.
 * @packageDocumentation
 */
import { ConfigError, createSimulation, defineModel, parseInput, type AccountId, type ConfigIssue, type ModelDefinition, type RunResult, type Seed, type SimContext } from "@ringfence/core";
import type { IcbLinks } from "./columns.js";
import { FUNDS, GP_LINES, GROUPS, PHASES, type Fund, type Group } from "./domain.js";
import { extensionParams } from "./extensions.js";
import { PanelRecorder, type IcbPanel } from "./icb-panel.js";
import { INDICATOR_REPORTERS, indicatorReporter, type IndicatorDefinition } from "./indicators.js";
import { acuteTrustKind } from "./kinds/acute-trust.js";
import { communityProviderKind } from "./kinds/community-provider.js";
import { councilKind } from "./kinds/council.js";
import { federationKind } from "./kinds/federation.js";
import { icbKind } from "./kinds/icb.js";
import { nationalAllocatorKind } from "./kinds/national-allocator.js";
import { pcnKind, setArrsStaff } from "./kinds/pcn.js";
import { placeBoardKind } from "./kinds/place-board.js";
import { practiceKind } from "./kinds/practice.js";
import { labourMarket } from "./kinds/workforce.js";
import { applyEnsemble } from "./calibration/ensemble.js";
import { pinExplicitParameters } from "./scenario-files/set-params.js";
import { shippedEnsemble } from "./calibration/shipped.js";
import { createDefaultRegistry, DEFAULT_POLICY } from "./policies/index.js";
import type { PolicyRegistry } from "./policies/registry.js";
import { ENGLAND, historyYear } from "./history.js";
import { generatePopulation, type Population } from "./population.js";
import { registerPopulation, registerRates } from "./population-register.js";
import { registerData } from "./register-source.js";
import { populationSource, runStartYear, scenarioForYear, scenarioSchema, type Scenario, type ScenarioInput } from "./scenario.js";
import { emptyYear, LINE, LINE_COUNT, lineFormula, type AnyNhsTypes, type ModelExtension, type NhsTypes, type Tables, type World } from "./world.js";

/** Every kind of the NHS model, in the order they act within a phase. */
export const NHS_KINDS = [nationalAllocatorKind, icbKind, councilKind, placeBoardKind, communityProviderKind, acuteTrustKind, federationKind, pcnKind, practiceKind] as const;

const rowsOf = (values: readonly number[]): Int32Array => Int32Array.from(values);

/**
 * The scenario a run uses: the calibrated parameters drawn from the scenario's ensemble by the run seed
 * (the same draw in every scenario of a batch), except those it pins or makes time-varying.
 */
export function runScenarioConfig(config: Scenario, runSeed: string, runIndex?: number): Scenario {
  if (config.ensemble === "none") return config;
  const drawn = applyEnsemble(config, shippedEnsemble(config.ensemble), runSeed, [...config.pinned, ...Object.keys(config.timeVarying)], runIndex);
  // Validated again (~1 ms): besides checking the draw, this gives the run a scenario built the way zod
  // builds every scenario. Without it, runs in a loop kept invalidating V8's optimised code for every kind
  // that reads the scenario (about one mass deoptimisation in two runs), and the recompiling cost ~40% more
  // CPU a run, which two workers on two cores cannot hide (BENCHMARKS.md, "Batches").
  return scenarioSchema.parse(drawn);
}

/** The ledger of a run of the NHS model. */
type NhsLedger = SimContext<AnyNhsTypes>["ledger"];

/** Opens holding `h`'s line accounts (one per general practice line) for `owner`; returns `h`. */
function openHolding(L: NhsLedger, holdings: { readonly firstAccount: Int32Array }, h: number, owner: number, group: Extract<Group, "icb-lines" | "place-lines" | "host-lines">): number {
  holdings.firstAccount[h] = L.openMany({ owner, group, purpose: "held general practice line" }, LINE_COUNT);
  return h;
}

/** Opens a body's cash account. */
function openCash(L: NhsLedger, owner: number, group: Group, overdraft: boolean): number {
  return L.open({ owner, group, purpose: "cash", overdraft });
}

/** Register populations by start year and seed (built once per process and shared; never changed). */
const registerCache = new Map<string, { readonly population: Population; readonly rates: Float64Array }>();

/**
 * The population of a run and its national rates in pence (enhanced, PCN, QOF, premises, core): from the
 * register (the start year's practices and the register's mean payments per patient, core at the published
 * global sum) or generated (rates from the scenario).
 */
function populationOf(sc: Scenario): { readonly population: Population; readonly rates: Float64Array } {
  const first = runStartYear(sc);
  if (populationSource(sc) === "register") {
    const key = `${first}\u001f${sc.population.seed}`;
    const hit = registerCache.get(key);
    if (hit !== undefined) return hit;
    const data = registerData();
    const rows = data.rowsOf(first);
    const gs = historyYear("england", first)?.globalSum;
    if (gs === undefined) throw new RangeError(`population.source register: no published global sum for ${first}`);
    const r = registerRates(rows, gs);
    const made = { population: registerPopulation(rows, data.icbCodes, r, sc.population.seed), rates: Float64Array.from([r.enhanced, 0, r.qof, r.premises, r.core], (v) => v * 100) };
    registerCache.set(key, made);
    return made;
  }
  const n = sc.national;
  return {
    population: generatePopulation(sc.population.size, sc.population.year, sc.population.seed, sc.practice.listSizeMean, sc.practice.listSizeCv),
    rates: Float64Array.from([n.enhancedPerPatient, n.pcnPerPatient, n.qofPerPatient, n.premisesPerPatient, n.globalSum], (v) => v * 100),
  };
}

/**
 * The GDP deflator in calendar year `year` relative to 2025/26 (1 in 2025/26): the published England series
 * for the years it covers, the scenario's expected inflation `inflationMean` for years beyond it.
 */
export function priceLevelVs2025(year: number, inflationMean: number): number {
  const inflationIn = (y: number): number => ENGLAND.find((h) => h.year === y)?.inflation ?? inflationMean;
  let level = 1;
  for (let y = year + 1; y <= 2025; y++) level /= 1 + inflationIn(y);
  for (let y = 2026; y <= year; y++) level *= 1 + inflationIn(y);
  return level;
}

/** The governance of history years: every general practice line held by the ICB and ring-fenced. */
const HISTORY_GOVERNANCE: Scenario["governance"] = { holder: "icb", ihoHost: "acute-trust", ihoFallback: "icb", pooled: [], ringFenced: [...GP_LINES], poolAcute: false, poolSocialCare: false, coreShiftPerYear: 0 };
/** No levers pulled (the schema's defaults). */
const NO_LEVERS: Scenario["levers"] = scenarioSchema.parse({}).levers;

/** The scenario of the history years before a scenario's start: its parameters, the history's governance, no levers, default policies. */
function historyScenarioOf(base: Scenario): Scenario {
  return { ...base, governance: HISTORY_GOVERNANCE, levers: NO_LEVERS, policies: {}, timeVarying: {}, future: { ...base.future, schemes: [], deals: [] } };
}

function setup(registry: PolicyRegistry, ctx: SimContext<AnyNhsTypes>, extensions: readonly ModelExtension<string, string>[], recordPanel: boolean, runIndex: number | undefined): World {
  const base = runScenarioConfig(ctx.config, ctx.streams.seed, runIndex);
  const runStart = runStartYear(base);
  const forwardIndex = base.startYear - runStart;
  const historyScenario = historyScenarioOf(base);
  // The arrangement's structures (place boards, hosts) are built from the start; history years leave them idle.
  const sc = scenarioForYear(base, 0);
  const L = ctx.ledger;
  const A = ctx.agents;
  const { population: pop, rates: startRates } = populationOf(base);
  const register = populationSource(base) === "register";
  const policySets = { scenario: registry.bind(sc.policies, DEFAULT_POLICY), history: registry.bind({}, DEFAULT_POLICY) };
  const extensionValues = extensionParams(extensions, sc.extensions);
  const usePlaces = sc.governance.holder === "place-board";
  const first = forwardIndex > 0 ? historyScenario : sc;
  const scale = pop.shape.patients / sc.national.englandPatients;

  // Holdings of general practice lines: ICBs, then place boards, acute trusts and federations.
  const holdingCount = pop.icbs.length + (usePlaces ? pop.places.length : 0) + pop.acutes.length + pop.federations.length;
  const holdings = { firstAccount: new Int32Array(holdingCount), factor: new Float64Array(holdingCount * LINE_COUNT).fill(1) };
  let nextHolding = 0;

  const accounts = {
    treasury: L.source("treasury"),
    localTaxation: L.source("local-taxation"),
    services: L.sink("services"),
    allocator: L.open({ owner: 0, group: "national-allocator", purpose: "cash" }),
  };
  A.add(nationalAllocatorKind, { account: accounts.allocator });

  // Plain loops and module-level helpers in setup, not callbacks or closures: a function made afresh in
  // every run is optimised afresh in every run.
  for (let i = 0; i < pop.icbs.length; i++) {
    const spec = pop.icbs[i]!;
    const practices: number[] = [];
    for (const n of spec.pcns) practices.push(...pop.pcns[n]!.practices);
    const links: IcbLinks = {
      practices: rowsOf(practices),
      pcns: rowsOf(spec.pcns),
      places: rowsOf(usePlaces ? spec.places : []),
      acutes: rowsOf(spec.acutes),
      councils: rowsOf(spec.councils),
      federations: rowsOf(spec.federations),
      community: i,
    };
    A.add(icbKind, { account: openCash(L, i, "icb", true), holding: openHolding(L, holdings, nextHolding++, i, "icb-lines"), hostRow: -1 }, links);
  }
  const icbListOf = new Array<number>(pop.icbs.length).fill(0);
  const placeListOf = new Array<number>(pop.places.length).fill(0);
  for (const p of pop.practices) {
    const pcn = pop.pcns[p.pcn]!;
    icbListOf[pcn.icb]! += p.list;
    placeListOf[pcn.place]! += p.list;
  }
  // Places by council and PCNs by place, grouped in one pass each (not a scan of every place per council).
  const placesOf: number[][] = [];
  const councilListOf = new Array<number>(pop.councils.length).fill(0);
  for (let i = 0; i < pop.councils.length; i++) placesOf.push([]);
  for (let k = 0; k < pop.places.length; k++) {
    const pl = pop.places[k]!;
    placesOf[pl.council]!.push(k);
    councilListOf[pl.council]! += placeListOf[k]!;
  }
  for (let i = 0; i < pop.councils.length; i++) {
    const c = pop.councils[i]!;
    const places = usePlaces ? placesOf[i]! : [];
    A.add(councilKind, { icb: c.icb, account: openCash(L, i, "council", false), populationShare: councilListOf[i]! / Math.max(1, icbListOf[c.icb]!) }, { places: rowsOf(places) });
  }
  if (usePlaces) {
    const pcnsOf: number[][] = [];
    for (let i = 0; i < pop.places.length; i++) pcnsOf.push([]);
    for (let k = 0; k < pop.pcns.length; k++) pcnsOf[pop.pcns[k]!.place]!.push(k);
    for (let i = 0; i < pop.places.length; i++) {
      const pl = pop.places[i]!;
      A.add(placeBoardKind, { icb: pl.icb, council: pl.council, account: openCash(L, i, "place-board", false), holding: openHolding(L, holdings, nextHolding++, i, "place-lines"), populationShare: placeListOf[i]! / Math.max(1, icbListOf[pl.icb]!) }, { pcns: rowsOf(pcnsOf[i]!) });
    }
  }
  for (let i = 0; i < pop.icbs.length; i++) A.add(communityProviderKind, { icb: i, account: openCash(L, i, "community-provider", true) });
  for (let i = 0; i < pop.acutes.length; i++) {
    const a = pop.acutes[i]!;
    A.add(acuteTrustKind, { icb: a.icb, account: openCash(L, i, "acute-trust", true), holding: openHolding(L, holdings, nextHolding++, i, "host-lines"), share: a.share }, { decommission: new Float64Array(forwardIndex + sc.years + 12) });
  }
  const setupFederation = ctx.streams.column("setup-federation", pop.federations.length);
  const fp = sc.federation;
  for (let i = 0; i < pop.federations.length; i++) {
    const capability = setupFederation.beta(i, fp.capabilityMean * fp.capabilityConcentration, (1 - fp.capabilityMean) * fp.capabilityConcentration);
    A.add(federationKind, { icb: pop.federations[i]!.icb, account: openCash(L, i, "federation", false), holding: openHolding(L, holdings, nextHolding++, i, "host-lines"), capability });
  }
  const setupPcn = ctx.streams.column("setup-pcn", pop.pcns.length);
  const pcnAccounts = L.openMany({ owner: 0, group: "pcn", purpose: "cash" }, pop.pcns.length);
  A.addRows(pcnKind, pop.pcns.length);
  const pcnCols = A.table(pcnKind).cols;
  const cohesion = sc.pcn.cohesionMean;
  for (let i = 0; i < pop.pcns.length; i++) {
    const n = pop.pcns[i]!;
    pcnCols.icb[i] = n.icb;
    pcnCols.place[i] = usePlaces ? n.place : 0;
    pcnCols.cohesion[i] = setupPcn.beta(i, Math.max(1e-3, cohesion) * 10, Math.max(1e-3, 1 - cohesion) * 10);
  }

  // National rates in pence and the first year's allocation for the population run. With a history the core
  // rate is the published global sum; a generated practice's core index then carries the scenario's core
  // per weighted patient over it, so its first-year payment is the scenario's.
  const rates = Float64Array.from(startRates);
  // Register runs: payments made outside NHS systems before 2016/17 are missing from the register; practices
  // got them all the same, as other payments (the enhanced line) per patient.
  const unrecorded = register ? sc.practice.unrecordedPerPatient * 100 : 0;
  const recordedEnhanced = rates[LINE.enhanced]!;
  rates[LINE.enhanced] = recordedEnhanced + unrecorded;
  const startHistory = historyYear(sc.history, runStart);
  let generatedCore = 1;
  if (startHistory !== undefined) {
    rates[LINE.pcn] = 0; // set from the published schedule when the year opens
    if (!register) {
      generatedCore = rates[LINE.core]! / (startHistory.globalSum * 100);
      rates[LINE.core] = startHistory.globalSum * 100;
    }
  }
  const priceLevel2025 = priceLevelVs2025(runStart, sc.national.inflationMean);
  const national = {
    year: 0,
    inflation: 0,
    realGrowth: 0,
    priceIndex: 1,
    priceLevel2025,
    practiceCostIndex: 1,
    allocation: Math.round(sc.national.allocation * 100 * scale),
    rates,
    contractRealUplift: 0,
    gpShareTarget: 0,
    startGpShare: 0,
    pressure: 0,
    startPatientsPerGp: sc.workforce.patientsPerGpFte,
    patientsPerGp: sc.workforce.patientsPerGpFte,
    history: undefined,
    scale,
  };

  // Practices: start workforce, partners and expenses. Expenses are expected income less the partners' drawn
  // share of it; salaried GPs are a cost (their FTE at pay and on-costs), the rest split into fixed and
  // per-patient parts. Partners are a drawn share of GP FTE, at least one FTE (or every GP of a smaller practice).
  const salariedCost = sc.practice.salariedGpPay * 100 * priceLevel2025 * (1 + sc.practice.salariedOnCost);
  // The practices the ICBs may open get accounts in the same block, reserved now (none when entry is off).
  const practiceAccountCount = pop.practices.length + entryReserve(base, pop.practices.length, forwardIndex + sc.years);
  const practiceAccounts = L.openMany({ owner: 0, group: "practice", purpose: "cash", overdraft: true }, practiceAccountCount);
  const setupPractice = ctx.streams.column("setup-practice", pop.practices.length);
  A.addRows(practiceKind, pop.practices.length);
  const pc = A.table(practiceKind).cols;
  let formulaTotal = 0;
  // Plain loops here and below, not callbacks: a callback made afresh in every run is optimised afresh.
  for (let i = 0; i < pop.practices.length; i++) {
    const p = pop.practices[i]!;
    const n = pop.pcns[p.pcn]!;
    const fte = (p.list / sc.workforce.patientsPerGpFte) * Math.exp(setupPractice.normal(i, 0, 0.1));
    const profit = Math.min(0.8, setupPractice.normal(i, sc.practice.profitShareMean, sc.practice.profitShareSd));
    const partnerShare = Math.min(1, Math.max(0, setupPractice.normal(i, sc.practice.partnerShareMean, sc.practice.partnerShareSd)));
    const partners = Math.min(fte, Math.max(1, partnerShare * fte));
    const lines = p.lines;
    // A register practice's QOF index is its payment over the mean at the mean achievement (achievement is drawn).
    const qofIndex = lines === undefined ? 1 : lines.qofIndex / sc.practice.qofAchievementMean;
    pc.coreIndex[i] = lines === undefined ? generatedCore : lines.coreIndex;
    pc.coreNorm[i] = lines === undefined ? generatedCore : lines.coreNorm;
    pc.mpigExcess[i] = lines?.mpigExcess ?? 0;
    pc.pmsExcess[i] = lines?.pmsExcess ?? 0;
    pc.enhancedIndex[i] = lines === undefined ? 1 : (lines.enhancedIndex * recordedEnhanced + unrecorded) / (recordedEnhanced + unrecorded);
    pc.qofIndex[i] = qofIndex;
    pc.premisesIndex[i] = lines?.premisesIndex ?? 1;
    // Each line's formula amount once; the total adds them in line order.
    const enhanced = lineFormula(rates, LINE.enhanced, p.list, p.weighting, pc.enhancedIndex[i]!);
    const pcnLine = lineFormula(rates, LINE.pcn, p.list, p.weighting, 1);
    const qof = lineFormula(rates, LINE.qof, p.list, p.weighting, qofIndex);
    const premises = lineFormula(rates, LINE.premises, p.list, p.weighting, pc.premisesIndex[i]!);
    const core = lineFormula(rates, LINE.core, p.list, p.weighting, pc.coreIndex[i]!);
    formulaTotal += enhanced + pcnLine + qof + premises + core;
    const income = core + enhanced + premises + qof * sc.practice.qofAchievementMean + pcnLine * sc.pcn.passThroughShare;
    const otherCosts = Math.max(0, income * (1 - profit) - (fte - partners) * salariedCost);
    pc.icb[i] = n.icb;
    pc.pcn[i] = p.pcn;
    pc.place[i] = usePlaces ? n.place : 0;
    pc.list[i] = p.list;
    pc.weighting[i] = p.weighting;
    pc.gpFte[i] = fte;
    pc.partnerFte[i] = partners;
    pc.fixedCost[i] = otherCosts * sc.practice.fixedCostShare;
    pc.perPatientCost[i] = (otherCosts * (1 - sc.practice.fixedCostShare)) / p.list;
    pc.open[i] = 1;
    pc.profitShare[i] = profit;
  }
  national.startGpShare = formulaTotal / national.allocation;

  // The additional roles in post when the run starts: the first year's additional-roles money, all spent.
  const pcnList = new Float64Array(pop.pcns.length);
  for (const p of pop.practices) pcnList[p.pcn]! += p.list;
  const pcnTable = A.table(pcnKind);
  for (let i = 0; i < pop.pcns.length; i++) setArrsStaff(pcnTable, i, rates[LINE.pcn]! * pcnList[i]! * (1 - sc.pcn.passThroughShare), sc.pcn.roles, priceLevel2025);

  const nIcb = pop.icbs.length;
  const aggregates = {
    icbList: new Float64Array(nIcb),
    icbWeighted: new Float64Array(nIcb),
    icbFte: new Float64Array(nIcb),
    icbCapacityFte: new Float64Array(nIcb),
    placeList: new Float64Array(pop.places.length),
    placeWeighted: new Float64Array(pop.places.length),
    icbBase: new Float64Array(nIcb * LINE_COUNT),
    placeBase: new Float64Array(pop.places.length * LINE_COUNT),
    pcnList: new Float64Array(pop.pcns.length),
    pcnOpen: new Int32Array(pop.pcns.length),
    capacity: new Float64Array(nIcb),
    capacityChange: new Float64Array(nIcb),
    dispersed: new Float64Array(nIcb),
    dispersing: new Float64Array(nIcb),
  };
  const tables: Tables = {
    icb: A.table(icbKind),
    council: A.table(councilKind),
    place: A.table(placeBoardKind),
    community: A.table(communityProviderKind),
    acute: A.table(acuteTrustKind),
    federation: A.table(federationKind),
    pcn: A.table(pcnKind),
    practice: A.table(practiceKind),
  };
  return {
    scenario: first,
    base,
    historyScenario,
    runStart,
    forwardIndex,
    coreTransition: register && base.history !== "none",
    policySets,
    poolMembers: extensions.flatMap((e) => e.poolMembers ?? []),
    commissions: extensions.flatMap((e) => e.commissions ?? []),
    extensionParams: extensionValues,
    policies: forwardIndex > 0 ? policySets.history : policySets.scenario,
    population: pop,
    national,
    holdings,
    paying: { byIcb: new Int32Array(pop.icbs.length * LINE_COUNT), byPlace: new Int32Array(pop.places.length * LINE_COUNT) },
    placeHolds: usePlaces && first.governance.holder === "place-board",
    aggregates,
    workforce: { inflow: 0, leavers: 0, hired: 0, unfilled: 0 },
    year: emptyYear(),
    pooled: GP_LINES.map((l) => first.governance.pooled.includes(l)),
    ringFenced: GP_LINES.map((l) => first.governance.ringFenced.includes(l)),
    accounts: { ...accounts, allocator: accounts.allocator },
    practiceOrders: { lines: [0, 0, 0], expenses: 0 },
    blocks: { practice: practiceAccounts, pcn: pcnAccounts, practiceAccounts: practiceAccountCount },
    tables,
    panel: recordPanel ? new PanelRecorder(pop.icbCodes ?? pop.icbs.map((_, i) => `icb-${i + 1}`), runStart, unrecorded / (recordedEnhanced + unrecorded)) : undefined,
    systemOpening: new Float64Array(nIcb),
  };
}

/**
 * How many accounts to reserve for the practices the ICBs open (`practice.entryRate`) in a run of `years`
 * years starting with `practices` practices: twice as many as would open with no practice ever leaving, at
 * the highest rate of any year (0 when entry is off in every year), and 20 more.
 * @remarks A run that opens more than this stops with an error rather than opening fewer.
 */
function entryReserve(base: Scenario, practices: number, years: number): number {
  const rate = Math.max(base.practice.entryRate, ...(base.timeVarying["practice.entryRate"] ?? []));
  return rate > 0 ? Math.ceil(2 * practices * (Math.pow(1 + rate, years) - 1)) + 20 : 0;
}

/**
 * The core index of a register practice in calendar year `year` under the history: the minimum practice
 * income guarantee phased out in sixths to nothing in 2020/21 (seven years from April 2014, the first step in
 * the register's 2014/15) and `reviewed` of the PMS premium removed in quarters by 2018/19 (NHS England's
 * PMS review); later years keep the 2020/21 index.
 */
export function coreIndexIn(norm: number, mpig: number, pms: number, year: number, reviewed: number): number {
  return norm + mpig * Math.max(0, Math.min(1, (2020 - year) / 6)) + pms * (1 - reviewed * Math.max(0, Math.min(1, (year - 2014) / 4)));
}

/** Resets the year's totals and recomputes the area sums every kind reads, before budgets are set. */
function openYear(w: World, ledger: NhsLedger, year: number): void {
  const forward = year >= w.forwardIndex;
  // A continued scenario reports real money in the prices of the history's last year (the year before its start).
  if (year > 0 && year === w.forwardIndex) {
    w.national.priceIndex = 1;
    w.national.practiceCostIndex = 1;
  }
  w.scenario = forward ? scenarioForYear(w.base, year - w.forwardIndex) : w.historyScenario;
  w.policies = forward ? w.policySets.scenario : w.policySets.history;
  const gov = w.scenario.governance;
  w.pooled = GP_LINES.map((l) => gov.pooled.includes(l));
  w.ringFenced = GP_LINES.map((l) => gov.ringFenced.includes(l));
  w.placeHolds = w.aggregates.placeList.length > 0 && gov.holder === "place-board";
  w.year = emptyYear();
  const t = w.tables;
  for (const r of t.acute.rows()) {
    t.acute.cols.income[r] = 0;
    t.acute.cols.diverted[r] = 0;
  }
  for (const r of t.community.rows()) t.community.cols.income[r] = 0;
  const a = w.aggregates;
  for (const arr of [a.icbList, a.icbWeighted, a.icbFte, a.icbCapacityFte, a.placeList, a.placeWeighted, a.pcnList, a.icbBase, a.placeBase]) arr.fill(0);
  a.pcnOpen.fill(0);
  const p = t.practice.cols;
  const rows = t.practice.rows();
  const byPlace = w.placeHolds;
  const calendarYear = w.runStart + year;
  for (let k = 0; k < rows.length; k++) {
    const i = rows[k]!;
    if (p.open[i] !== 1) continue;
    if (w.coreTransition) p.coreIndex[i] = coreIndexIn(p.coreNorm[i]!, p.mpigExcess[i]!, p.pmsExcess[i]!, calendarYear, w.scenario.practice.pmsReviewShare);
    const list = p.list[i]!;
    const weighted = list * p.weighting[i]!;
    const icb = p.icb[i]!;
    a.icbList[icb]! += list;
    a.icbWeighted[icb]! += weighted;
    a.icbFte[icb]! += p.gpFte[i]!;
    const ib = icb * LINE_COUNT;
    a.icbBase[ib + LINE.enhanced]! += list * p.enhancedIndex[i]!;
    a.icbBase[ib + LINE.pcn]! += list;
    a.icbBase[ib + LINE.qof]! += list * p.qofIndex[i]!;
    a.icbBase[ib + LINE.premises]! += list * p.premisesIndex[i]!;
    a.icbBase[ib + LINE.core]! += weighted * p.coreIndex[i]!;
    if (byPlace) {
      const place = p.place[i]!;
      a.placeList[place]! += list;
      a.placeWeighted[place]! += weighted;
      const pb = place * LINE_COUNT;
      a.placeBase[pb + LINE.enhanced]! += list * p.enhancedIndex[i]!;
      a.placeBase[pb + LINE.pcn]! += list;
      a.placeBase[pb + LINE.qof]! += list * p.qofIndex[i]!;
      a.placeBase[pb + LINE.premises]! += list * p.premisesIndex[i]!;
      a.placeBase[pb + LINE.core]! += weighted * p.coreIndex[i]!;
    }
    a.pcnList[p.pcn[i]!]! += list;
    a.pcnOpen[p.pcn[i]!]!++;
    w.year.list += list;
    w.year.weightedList += weighted;
  }
  // GP capacity: GP FTE plus the GP time last year's additional roles freed.
  const pcn = t.pcn.cols;
  for (let i = 0; i < a.icbCapacityFte.length; i++) a.icbCapacityFte[i] = a.icbFte[i]!;
  for (const k of t.pcn.rows()) a.icbCapacityFte[pcn.icb[k]!]! += pcn.arrsCapacity[k]!;
  for (let i = 0; i < a.capacity.length; i++) {
    const capacity = a.icbCapacityFte[i]! / Math.max(1, a.icbWeighted[i]!);
    a.capacityChange[i] = year === 0 || a.capacity[i]! <= 0 || capacity <= 0 ? 0 : Math.log(capacity) - Math.log(a.capacity[i]!);
    a.capacity[i] = capacity;
    a.dispersed[i] = a.dispersing[i]!;
    a.dispersing[i] = 0;
  }
  w.panel?.open(w.tables.practice, year);
  for (const r of t.icb.rows()) w.systemOpening[r] = systemCash(w, ledger, r);
}

/** Cash held by the system of ICB row `icb`: the ICB's own and its acute and community providers', pence. */
function systemCash(w: World, ledger: NhsLedger, icb: number): number {
  const t = w.tables;
  const links = t.icb.state[icb]!;
  let cash = ledger.balance(t.icb.cols.account[icb]! as AccountId) + ledger.balance(t.community.cols.account[links.community]! as AccountId);
  for (const a of links.acutes) cash += ledger.balance(t.acute.cols.account[a]! as AccountId);
  return cash;
}

/**
 * Each system's in-year result when the year closes: the change in the cash of the ICB and its acute and
 * community providers (what passes between them nets out), so a system is in deficit when together they
 * spent more than the money that came in.
 */
function closeSystems(w: World, ledger: NhsLedger): void {
  for (const r of w.tables.icb.rows()) {
    const result = systemCash(w, ledger, r) - w.systemOpening[r]!;
    w.year.systemResult += result;
    if (result < 0) w.year.systemsInDeficit++;
  }
}

/** Options of {@link createNhsModel}: plugin indicators to record and model extensions to add. */
export interface NhsModelOptions {
  /** Indicators from plugins, recorded every year after the built-in ones. */
  readonly indicators?: readonly IndicatorDefinition[];
  /** Extensions adding kinds, groups and pool members. */
  readonly extensions?: readonly ModelExtension<string, string>[];
  /** Record the per-ICB panel (see {@link IcbPanel}); off by default. */
  readonly panel?: boolean;
  /** The run's index in its batch: the ensemble draw spreads a batch's runs over its particles (see `drawParticleIndex`). */
  readonly runIndex?: number;
}

/**
 * Creates the NHS funding model, binding policies from a registry (the built-in one by default), with any
 * plugin indicators and model extensions.
 * @example
 * ```ts
 * const registry = createDefaultRegistry().register(myAcutePolicy);
 * const model = createNhsModel(registry);
 * runSimulation(model, scenario, { seed: 1, years: scenario.years });
 * ```
 * @remarks Kinds act in the order allocator, ICBs, councils, place boards, community providers, acute
 * trusts, federations, PCNs, practices, then the extensions' kinds, so within a phase money flows down the
 * hierarchy in one pass. The monthly phase carries only standing orders, so the engine settles each year's
 * months in one exact pass.
 */
export function createNhsModel(registry: PolicyRegistry = createDefaultRegistry(), options: NhsModelOptions = {}): ModelDefinition<AnyNhsTypes> {
  const extensions = options.extensions ?? [];
  return defineModel<AnyNhsTypes>({
    name: "ringfence-nhs",
    phases: PHASES,
    kinds: [...NHS_KINDS, ...extensions.flatMap((e) => e.kinds)],
    cadence: { allocate: "year-open", settle: "year-close", decide: "year-close" },
    standingOrders: "operate",
    groups: [...GROUPS, ...extensions.flatMap((e) => e.groups)],
    funds: FUNDS as readonly Fund[],
    configSchema: scenarioSchema,
    startYear: (sc: Scenario) => runStartYear(sc),
    setup: (ctx) => {
      const world = setup(registry, ctx, extensions, options.panel === true, options.runIndex);
      for (const e of extensions) e.setup(ctx, world);
      return world;
    },
    before: { allocate: (sim) => openYear(sim.world, sim.ledger, sim.calendar.yearIndex(sim.tick)) },
    after: {
      decide: (sim) => {
        closeSystems(sim.world, sim.ledger);
        labourMarket(sim);
        sim.world.panel?.close(sim.world.tables.practice);
      },
    },
    reporters: [...INDICATOR_REPORTERS, ...(options.indicators ?? []).map(indicatorReporter)],
    agentReporters: [
      { id: "practiceProfitShare", kind: "practice", every: "year", measure: (row, t) => t.cols.profitShare![row]! },
      { id: "practiceList", kind: "practice", every: "year", measure: (row, t) => t.cols.list![row]! },
      { id: "acuteSurplus", kind: "acute-trust", every: "year", measure: (row, t) => (t.cols.income![row]! - t.cols.cost![row]!) / 1e8 },
    ],
  });
}

/** What plugins define, as {@link runScenario} takes it (a `PluginSet`, such as `loadScenario`'s `pluginSet`). */
export interface RunPlugins {
  /** Built-in policies plus the plugins'. */
  readonly registry: PolicyRegistry;
  /** The plugins' indicators by id (the scenario's `indicators:` are recorded from these). */
  readonly indicators: ReadonlyMap<string, IndicatorDefinition>;
  /** The plugins' model extensions. */
  readonly extensions: readonly ModelExtension<string, string>[];
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Seed of the run. */
  readonly seed: Seed;
  /**
   * What the scenario's plugins define (`pluginSet` from `loadScenario(file, { allowPlugins: true, pluginCheck:
   * "here" })`): its registry, its extensions and the indicators the scenario lists, each unless given below.
   */
  readonly plugins?: RunPlugins;
  /** Policy registry (default: the plugins' when given, else the built-in policies). */
  readonly registry?: PolicyRegistry;
  /** Plugin indicators to record every year (default: those the scenario lists, from `plugins`). */
  readonly indicators?: readonly IndicatorDefinition[];
  /** Model extensions to add (default: the plugins'). */
  readonly extensions?: readonly ModelExtension<string, string>[];
  /** Record agent-level series. */
  readonly recordAgents?: boolean;
  /** Keep every ledger posting. */
  readonly audit?: boolean;
  /** Check the ledger's conservation when the run ends (a `LedgerError` naming the broken account if not). */
  readonly verify?: boolean;
  /** Record the per-ICB panel (the result's `panel`). */
  readonly panel?: boolean;
  /** The run's index in its batch, for an ensemble draw spread over the batch's runs (batches pass it). */
  readonly runIndex?: number;
}

/** What {@link runScenario} returns: the engine's run result, and the per-ICB panel when asked for. */
export type NhsRunResult = RunResult<string, Fund> & { readonly panel?: IcbPanel };

/**
 * Runs one scenario once.
 * @example
 * ```ts
 * const result = runScenario(PRESETS["iho-acute"], { seed: 42 });
 * result.yearSeries.gpFundingPerWeightedPatient;
 * ```
 * @remarks Same scenario and seed give identical results; run i of two scenarios with the same seed
 * share every random draw that both make (common random numbers). The calibrated parameters are drawn from
 * the scenario's ensemble by the seed, except those it pins: a scenario with a `pinned` list (as
 * `loadScenario` returns) pins exactly those; a plain input without one pins every parameter it writes.
 */
export function runScenario(scenario: ScenarioInput, options: RunScenarioOptions): NhsRunResult {
  // A scenario that lists what it pins (every validated one does: loadScenario, batches, experiments) is taken
  // at its word; in a plain input without `pinned`, the parameters written are the caller's choices, and the
  // run's ensemble draw never replaces them.
  const input = scenario as Readonly<Record<string, unknown>>;
  const sc = parseInput(scenarioSchema, Array.isArray(input.pinned) ? input : pinExplicitParameters(input), "scenario");
  const indicators = options.indicators ?? listedIndicators(sc, options.plugins);
  const extensions = options.extensions ?? options.plugins?.extensions;
  const model = createNhsModel(options.registry ?? options.plugins?.registry, {
    indicators,
    ...(extensions === undefined ? {} : { extensions }),
    ...(options.panel === true ? { panel: true } : {}),
    ...(options.runIndex === undefined ? {} : { runIndex: options.runIndex }),
  });
  const first = runStartYear(sc);
  const before = sc.startYear - first;
  const simulation = createSimulation(model, sc, {
    seed: options.seed,
    years: before + sc.years,
    ...(options.recordAgents === undefined ? {} : { recordAgents: options.recordAgents }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
    ...(options.verify === undefined ? {} : { verify: options.verify }),
  });
  const run = simulation.run();
  const result = before === 0 ? run : scenarioYears(run, before);
  const recorder = simulation.sim.world.panel;
  return recorder === undefined ? result : { ...result, panel: recorder.panel(before) };
}

/**
 * A run's result from its scenario's start year on: the history years a continued scenario runs first are
 * dropped from the series, flows and agent samples (the ledger summary and event counts cover the whole run).
 */
export function scenarioYears<G extends string, F extends string>(result: RunResult<G, F>, skip: number): RunResult<G, F> {
  const labels = new Set(result.yearLabels.slice(skip));
  const slice = (series: Readonly<Record<string, number[]>>, per: number): Record<string, number[]> => Object.fromEntries(Object.entries(series).map(([id, v]) => [id, v.slice(skip * per)]));
  return {
    ...result,
    years: result.years - skip,
    yearLabels: result.yearLabels.slice(skip),
    tickSeries: slice(result.tickSeries, result.ticksPerYear),
    yearSeries: slice(result.yearSeries, 1),
    agentSeries: result.agentSeries.map((a) => {
      const first = skip * (a.every === "year" ? 1 : result.ticksPerYear);
      const keep = a.sample.map((x, k) => (x >= first ? k : -1)).filter((k) => k >= 0);
      return { ...a, sample: keep.map((k) => a.sample[k]! - first), row: keep.map((k) => a.row[k]!), value: keep.map((k) => a.value[k]!) };
    }),
    flows: result.flows.filter((f) => labels.has(f.year)),
  };
}

/**
 * The definitions of the indicators a scenario lists, from its plugins; an error naming them when the scenario
 * lists indicators and no plugin defines them (a run never drops an indicator the scenario asks for silently).
 */
function listedIndicators(sc: Scenario, plugins: RunPlugins | undefined): IndicatorDefinition[] {
  const found: IndicatorDefinition[] = [];
  const issues: ConfigIssue[] = [];
  sc.indicators.forEach((id, i) => {
    const d = plugins?.indicators.get(id);
    if (d !== undefined) found.push(d);
    else {
      const expected = plugins === undefined ? "a definition: pass plugins (the pluginSet of loadScenario(file, { allowPlugins: true, pluginCheck: \"here\" })) or indicators to runScenario" : "an indicator the plugins define";
      issues.push({ path: `indicators[${i}]`, expected, value: id, message: `indicators[${i}]: expected ${expected}, got "${id}"` });
    }
  });
  if (issues.length > 0) throw new ConfigError(`scenario ${sc.id}`, issues);
  return found;
}

/** The account of practice `row` (practices' accounts are one block). */
export const practiceAccount = (w: World, row: number): AccountId => (w.blocks.practice + row) as AccountId;
