/**
 * The NHS funding model: builds the agents of a scenario's population and runs them through the
 * engine's staged ticks.
 * @packageDocumentation
 */
import {
  defineModel,
  parseInput,
  runSimulation,
  type AccountId,
  type Agent,
  type ModelDefinition,
  type RunResult,
  type Seed,
  type SimContext,
} from "@ringfence/core";
import { GP_LINES, GROUPS, FUNDS, PHASES, type Fund, type Group, type Kind, type NhsTypes } from "./domain.js";
import { INDICATOR_REPORTERS } from "./indicators.js";
import { acuteTrustKind } from "./kinds/acute-trust.js";
import { councilKind } from "./kinds/council.js";
import { federationKind } from "./kinds/federation.js";
import { icbKind } from "./kinds/icb.js";
import { nationalAllocatorKind } from "./kinds/national-allocator.js";
import { pcnKind } from "./kinds/pcn.js";
import { placeBoardKind } from "./kinds/place-board.js";
import { practiceKind } from "./kinds/practice.js";
import { formulaOf } from "./kinds/shared.js";
import { createDefaultRegistry, DEFAULT_POLICY } from "./policies/index.js";
import type { PolicyRegistry } from "./policies/registry.js";
import { generatePopulation } from "./population.js";
import { scenarioSchema, type Scenario, type ScenarioInput } from "./scenario.js";
import {
  emptyYear,
  LINE,
  type AcuteTrustState,
  type AgentsByKind,
  type CouncilState,
  type FederationState,
  type IcbState,
  type LineHolding,
  type PcnState,
  type PlaceBoardState,
  type PracticeState,
  type World,
} from "./world.js";

function setup(registry: PolicyRegistry, ctx: SimContext<NhsTypes>): World {
  const sc = ctx.config;
  const L = ctx.ledger;
  const pop = generatePopulation(sc.population.size, sc.population.seed, sc.practice.listSizeMean, sc.practice.listSizeCv);
  const policies = registry.bind(sc.policies, DEFAULT_POLICY);
  const usePlaces = sc.governance.holder === "place-board";
  const rng = ctx.streams.get("setup");

  // Ids are assigned in creation order; work out each kind's first id so links can be made up front.
  const counts = [1, pop.icbs.length, pop.councils.length, usePlaces ? pop.places.length : 0, pop.acutes.length, pop.federations.length, pop.pcns.length, pop.practices.length];
  const first = counts.map((_, i) => counts.slice(0, i).reduce((a, b) => a + b, 0));
  const [, ICB, COUNCIL, PLACE, ACUTE, FED, PCN, PRACTICE] = first as [number, number, number, number, number, number, number, number];
  const indexOf = new Int32Array(first[7]! + counts[7]!);
  const holding = (holder: number, group: Group): LineHolding => ({
    holder,
    accounts: GP_LINES.map((line) => L.open({ owner: holder, group, purpose: `held line: ${line}` })),
    factor: [1, 1, 1, 1, 1],
  });
  const account = (owner: number, group: Group, overdraft: boolean): AccountId => L.open({ owner, group, purpose: "cash", overdraft });

  const accounts = { treasury: L.source("treasury"), localTaxation: L.source("local-taxation"), services: L.sink("services") };
  const placeList = pop.places.map(() => 0);
  const icbList = pop.icbs.map(() => 0);
  for (const p of pop.practices) {
    const pcn = pop.pcns[p.pcn]!;
    placeList[pcn.place]! += p.list;
    icbList[pcn.icb]! += p.list;
  }
  const councilList = pop.councils.map((_, c) => pop.places.reduce((n, pl, k) => n + (pl.council === c ? placeList[k]! : 0), 0));

  const add = <S>(kind: Parameters<typeof ctx.agents.add<S>>[0], state: S, index: number): Agent<Kind, S> => {
    const agent = ctx.agents.add(kind, state);
    indexOf[agent.id] = index;
    return agent;
  };
  const allocator = add(nationalAllocatorKind, { account: L.open({ owner: 0, group: "national-allocator", purpose: "cash" }) }, 0) as Agent<"national-allocator", { account: AccountId }>;
  const icbs = pop.icbs.map((spec, i) =>
    add<IcbState>(icbKind, {
      account: account(ICB + i, "icb", true),
      holding: holding(ICB + i, "icb"),
      practices: spec.pcns.flatMap((n) => pop.pcns[n]!.practices.map((k) => PRACTICE + k)),
      pcns: spec.pcns.map((n) => PCN + n),
      places: usePlaces ? spec.places.map((k) => PLACE + k) : [],
      acutes: spec.acutes.map((k) => ACUTE + k),
      councils: spec.councils.map((k) => COUNCIL + k),
      federations: spec.federations.map((k) => FED + k),
      allocation: 0,
      previousAllocation: 0,
      community: 0,
      bcf: 0,
      ihoHost: -1,
    }, i) as Agent<"icb", IcbState>,
  );
  const councils = pop.councils.map((c, i) =>
    add<CouncilState>(councilKind, {
      account: account(COUNCIL + i, "council", false),
      icb: ICB + c.icb,
      places: usePlaces ? pop.places.flatMap((pl, k) => (pl.council === i ? [PLACE + k] : [])) : [],
      populationShare: councilList[i]! / Math.max(1, icbList[c.icb]!),
      need: 0,
      ownBudget: 0,
      spent: 0,
    }, i) as Agent<"council", CouncilState>,
  );
  const places = usePlaces
    ? pop.places.map((pl, i) =>
        add<PlaceBoardState>(placeBoardKind, {
          account: account(PLACE + i, "place-board", false),
          holding: holding(PLACE + i, "place-board"),
          icb: ICB + pl.icb,
          council: COUNCIL + pl.council,
          pcns: pop.pcns.flatMap((n, k) => (n.place === i ? [PCN + k] : [])),
          practices: pop.pcns.flatMap((n) => (n.place === i ? n.practices.map((k) => PRACTICE + k) : [])),
          populationShare: placeList[i]! / Math.max(1, icbList[pl.icb]!),
          acuteDelegated: 0,
        }, i) as Agent<"place-board", PlaceBoardState>,
      )
    : [];
  const acutes = pop.acutes.map((a, i) =>
    add<AcuteTrustState>(acuteTrustKind, {
      account: account(ACUTE + i, "acute-trust", true),
      holding: holding(ACUTE + i, "acute-trust"),
      icb: ICB + a.icb,
      share: a.share,
      contract: 0,
      previousContract: 0,
      cost: 0,
      demandGrowth: sc.acuteTrust.demandGrowthMean,
      decommission: new Map(),
      income: 0,
      diverted: 0,
      carriedDeficit: 0,
    }, i) as Agent<"acute-trust", AcuteTrustState>,
  );
  const federations = pop.federations.map((f, i) =>
    add<FederationState>(federationKind, {
      account: account(FED + i, "federation", true),
      holding: holding(FED + i, "federation"),
      icb: ICB + f.icb,
      capability: rng.beta(sc.federation.capabilityMean * sc.federation.capabilityConcentration, (1 - sc.federation.capabilityMean) * sc.federation.capabilityConcentration),
      hosting: false,
      failed: false,
      heldThisYear: 0,
    }, i) as Agent<"federation", FederationState>,
  );
  const pcns = pop.pcns.map((n, i) =>
    add<PcnState>(pcnKind, {
      account: account(PCN + i, "pcn", false),
      icb: ICB + n.icb,
      place: n.place,
      practices: n.practices.map((k) => PRACTICE + k),
      cohesion: rng.beta(sc.pcn.cohesionMean * 10, (1 - sc.pcn.cohesionMean) * 10),
      paidBy: icbs[n.icb]!.state.holding,
      budget: 0,
      passThrough: 0,
      shares: [],
    }, i) as Agent<"pcn", PcnState>,
  );
  const national = {
    year: 0,
    inflation: 0,
    realGrowth: 0,
    priceIndex: 1,
    allocation: Math.round((sc.national.allocation2025 * 100 * pop.shape.patients) / sc.national.englandPatients),
    rates: [sc.national.enhancedPerPatient, sc.national.pcnPerPatient, sc.national.qofPerPatient, sc.national.premisesPerPatient, sc.national.globalSum].map((r) => r * 100),
    gpShareTarget: 0,
    startGpShare: 0,
  };
  const stub: Pick<World, "national"> = { national };
  const one = [0, 0, 0, 0, 0];
  let formulaTotal = 0;
  const practices = pop.practices.map((p, i) => {
    const n = pop.pcns[p.pcn]!;
    const state: PracticeState = {
      account: account(PRACTICE + i, "practice", true),
      icb: ICB + n.icb,
      pcn: PCN + p.pcn,
      place: n.place,
      list: p.list,
      weighting: p.weighting,
      gpFte: p.list / sc.practice.patientsPerGpFte,
      fixedCost: 0,
      costPerPatient: 0,
      entitled: [0, 0, 0, 0, 0],
      paidBy: GP_LINES.map(() => icbs[n.icb]!.state.holding),
      income: 0,
      cost: 0,
      badYears: 0,
      salariedHost: -1,
      status: "open",
    };
    // Start costs: expected income less a drawn margin, split into fixed and per-patient parts.
    formulaOf(stub as World, state, one);
    formulaTotal += one.reduce((a, b) => a + b, 0);
    const income = one[LINE.core]! + one[LINE.enhanced]! + one[LINE.premises]! + one[LINE.qof]! * sc.practice.qofAchievementMean + one[LINE.pcn]! * sc.pcn.passThroughShare;
    const cost = income * (1 - ctx.streams.get("practice-costs", PRACTICE + i).normal(sc.practice.startMarginMean, sc.practice.startMarginSd));
    state.fixedCost = cost * sc.practice.fixedCostShare;
    state.costPerPatient = (cost * (1 - sc.practice.fixedCostShare)) / p.list;
    return add<PracticeState>(practiceKind, state, i) as Agent<"practice", PracticeState>;
  });
  national.startGpShare = formulaTotal / national.allocation;
  const agents: AgentsByKind = { allocator, icbs, councils, places, acutes, federations, pcns, practices };
  return {
    scenario: sc,
    policies,
    agents,
    indexOf,
    national,
    year: emptyYear(),
    pooled: GP_LINES.map((l) => sc.governance.pooled.includes(l)),
    ringFenced: GP_LINES.map((l) => sc.governance.ringFenced.includes(l)),
    accounts,
  };
}

/** Resets every yearly running total before a financial year's budgets are set. */
function openYear(w: World): void {
  w.year = emptyYear();
  for (const a of w.agents.acutes) {
    a.state.income = 0;
    a.state.diverted = 0;
  }
  for (const c of w.agents.councils) c.state.spent = 0;
  for (const p of w.agents.practices) {
    p.state.income = 0;
    if (p.state.status === "open") w.year.weightedList += p.state.list * p.state.weighting;
  }
}

/**
 * Creates the NHS funding model, binding policies from a registry (the built-in one by default).
 * @example
 * ```ts
 * const registry = createDefaultRegistry().register(myAcutePolicy);
 * const model = createNhsModel(registry);
 * runSimulation(model, scenario, { seed: 1, years: scenario.years });
 * ```
 * @remarks Agents are created in the order allocator, ICBs, councils, place boards, acute trusts,
 * federations, PCNs, practices, so within a phase money flows down the hierarchy in one pass.
 */
export function createNhsModel(registry: PolicyRegistry = createDefaultRegistry()): ModelDefinition<NhsTypes> {
  return defineModel<NhsTypes>({
    name: "ringfence-nhs",
    phases: PHASES,
    cadence: { allocate: "year-open", settle: "year-close", decide: "year-close" },
    groups: GROUPS,
    funds: FUNDS as readonly Fund[],
    configSchema: scenarioSchema,
    startYear: (sc: Scenario) => sc.startYear,
    setup: (ctx) => setup(registry, ctx),
    before: { allocate: (sim) => openYear(sim.world) },
    reporters: INDICATOR_REPORTERS,
    agentReporters: [
      { id: "practiceMargin", kind: "practice", every: "year", measure: (a) => { const p = a.state as PracticeState; return p.cost > 0 ? (p.income - p.cost) / p.cost : 0; } },
      { id: "practiceList", kind: "practice", every: "year", measure: (a) => (a.state as PracticeState).list },
      { id: "acuteSurplus", kind: "acute-trust", every: "year", measure: (a) => { const s = a.state as AcuteTrustState; return (s.income - s.cost) / 1e8; } },
    ],
  });
}

/** Options of {@link runScenario}. */
export interface RunScenarioOptions {
  /** Seed of the run. */
  readonly seed: Seed;
  /** Policy registry (the built-in policies by default). */
  readonly registry?: PolicyRegistry;
  /** Record agent-level series. */
  readonly recordAgents?: boolean;
  /** Keep every ledger posting. */
  readonly audit?: boolean;
}

/**
 * Runs one scenario once.
 * @example
 * ```ts
 * const result = runScenario(PRESETS["iho-acute"], { seed: 42 });
 * result.yearSeries.gpFundingPerWeightedPatient;
 * ```
 * @remarks Same scenario and seed give identical results; run i of two scenarios with the same seed
 * share every random draw that both make (common random numbers).
 */
export function runScenario(scenario: ScenarioInput, options: RunScenarioOptions): RunResult<Group, Fund> {
  const sc = parseInput(scenarioSchema, scenario, "scenario");
  return runSimulation(createNhsModel(options.registry), sc, {
    seed: options.seed,
    years: sc.years,
    ...(options.recordAgents === undefined ? {} : { recordAgents: options.recordAgents }),
    ...(options.audit === undefined ? {} : { audit: options.audit }),
  });
}
