/**
 * The types the model's modules share, in one place: the model-level state of one run (`World`: national rates
 * and indices, holdings of general practice lines, yearly aggregates the kinds read, the year's running totals
 * the indicators read, and the tables), the model's type parameters (`NhsTypes`, and `ExtendedNhsTypes` with an
 * extension's kinds and groups), and what an extension is written against (`ModelExtension`, `PoolMember`,
 * `Commission`).
 * @remarks It imports only modules that import nothing of it back (the vocabulary, the scenario schema, the
 * population, the policy registry, the history, the column declarations and the panel recorder), so the model's
 * modules import each other's types without a circle (a test checks the whole package).
 * @packageDocumentation
 */
import type { AccountId, AgentKind, ColumnSpec, ModelTypes, Sim, SimContext } from "@ringfence/core";
import type { z } from "zod";
import type { AcuteTable, CommunityTable, CouncilTable, FederationTable, IcbTable, PcnTable, PlaceTable, PracticeTable } from "./columns.js";
import type { Fund, GpLine, Group, Kind, NhsEvent, Phase, RngName } from "./domain.js";
import type { HistoryYear } from "./history.js";
import type { PanelRecorder } from "./icb-panel.js";
import type { BoundPolicies } from "./policies/registry.js";
import type { Population } from "./population.js";
import type { Scenario } from "./scenario.js";

/** Number of general practice lines. */
export const LINE_COUNT = 5;

/** The line's index in GP_LINES. */
export type LineIndex = 0 | 1 | 2 | 3 | 4;

/** Index of each line in GP_LINES. */
export const LINE: Readonly<Record<GpLine, LineIndex>> = { enhanced: 0, pcn: 1, qof: 2, premises: 3, core: 4 };

/**
 * The national formula amount of line `line` for a practice of `list` patients and `weighting`, at `rates`
 * (pence per patient by line) times the practice's own `index` for the line (1 for a generated practice; a
 * register practice's payments over the national rate): the core line pays per weighted patient, every
 * other line per patient.
 */
export function lineFormula(rates: ArrayLike<number>, line: number, list: number, weighting: number, index: number): number {
  return rates[line]! * ((line === LINE.core ? list * weighting : list) * index);
}

/**
 * Holdings of general practice lines: one per body that can hold them (ICBs, place boards, IHO hosts).
 * Holding h has five line accounts `firstAccount[h] + line` and pays each line at `factor[5h + line]` of
 * the national formula this year (1 = in full, less when cut, more when invested above formula).
 */
export interface Holdings {
  /** First of the five line accounts of each holding. */
  readonly firstAccount: Int32Array;
  /** Share of formula paid per holding and line. */
  readonly factor: Float64Array;
}

/** National rates and indices. */
export interface NationalState {
  /** Year index from 0. */
  year: number;
  /** Inflation this year. */
  inflation: number;
  /** Real growth of the allocation this year. */
  realGrowth: number;
  /** Price level relative to the base year: the run's first year, or for a continued scenario the year before its start. */
  priceIndex: number;
  /**
   * Price level (GDP deflator) relative to 2025/26: turns a parameter written in 2025/26 prices (salaried GP pay,
   * additional roles' reimbursement) into this year's cash.
   */
  priceLevel2025: number;
  /** Practices' cost level relative to the base year: inflation plus the drift of practice expenses above it. */
  practiceCostIndex: number;
  /** Allocation this year for the population run, pence. */
  allocation: number;
  /** Formula rate per line this year, pence per patient (per weighted patient for core). */
  readonly rates: Float64Array;
  /** GP contract uplift above inflation this year. */
  contractRealUplift: number;
  /** General practice share of allocations committed to this year (0 = no commitment). */
  gpShareTarget: number;
  /** General practice formula share of the allocation in the first year. */
  startGpShare: number;
  /** Relative rise in patients per FTE GP over the last year (the settlement's pressure input). */
  pressure: number;
  /** Patients per FTE GP nationally at the start. */
  startPatientsPerGp: number;
  /** Patients per FTE GP nationally at the last year close. */
  patientsPerGp: number;
  /** The historical inputs of this year, if the scenario runs on a history. */
  history: HistoryYear | undefined;
  /** Scale of this run's population to England (patients run / England's patients). */
  readonly scale: number;
}

/** Yearly totals the indicators read; reset when each financial year opens. */
export interface YearTotals {
  /** General practice money that reached practices and PCN staff, pence. */
  gpReceived: number;
  /**
   * General practice money put into the lines this year, pence: what ICBs set for them before any cut (the
   * formula, shifted care, reinvestment, a share commitment) plus what place boards granted above what they
   * were given. What of it did not reach practices or PCN staff went somewhere the ledger names.
   */
  gpFunded: number;
  /** Payments to practices (core, enhanced, premises, QOF and PCN pass-through), pence. */
  paidToPractices: number;
  /** The PCN pass-through part of the payments to practices, pence (the NHS Digital per-patient series leaves it out). */
  pcnToPractices: number;
  /** General practice money moved into hospital or other services by a holder, pence. */
  gpDiverted: number;
  /** General practice money returned unspent to the wider system (underspends, unpaid QOF), pence. */
  gpLeaked: number;
  /** General practice lines cut by ICBs to close gaps, pence. */
  gpTopSliced: number;
  /** Money put into general practice above the national formula (shifted care, reinvestment, voice), pence. */
  gpAboveFormula: number;
  /** Cost to the other lines of meeting a primary care share commitment, pence. */
  shareCommitmentCost: number;
  /** Total allocation this year, pence. */
  allocation: number;
  /** Weighted registered list of open practices when the year opened. */
  weightedList: number;
  /** Registered list of open practices when the year opened. */
  list: number;
  /** Social care need, pence. */
  socialCareNeed: number;
  /** Social care spent, pence. */
  socialCareSpent: number;
  /** Sustainability and transformation money handed to trusts, pence. */
  trustFund: number;
  /** Of which trusts used to cover deficits, pence. */
  trustFundDiverted: number;
  /** Additional-roles money PCNs had to spend this year, pence. */
  arrsBudget: number;
  /** Of which they left unspent (returned to the ICB), pence. */
  arrsUnderspend: number;
  /** ICB deficits run this year, pence. */
  icbDeficit: number;
  /** Planned cuts to other NHS spending that ICBs did not deliver (spent all the same), pence. */
  icbSavingsMissed: number;
  /** Systems (an ICB with its acute and community providers) whose in-year result was a deficit. */
  systemsInDeficit: number;
  /** Sum of every system's in-year result (the ICB's plus its providers'), pence; negative is a deficit. */
  systemResult: number;
  /** ICBs that ran a deficit this year. */
  icbsInDeficit: number;
  /** Practices that handed back their contract this year. */
  closed: number;
  /** Practices that merged this year. */
  merged: number;
  /** Practices that became salaried departments this year. */
  salaried: number;
  /** New practices the ICBs opened this year (none unless `practice.entryRate` is above 0). */
  opened: number;
  /** Patients dispersed by closures this year. */
  dispersed: number;
  /** Open practices, registered and weighted patients and FTE GPs at the year end (after the labour market). */
  readonly end: { open: number; list: number; weighted: number; fte: number };
}

/** A fresh set of year totals. */
export function emptyYear(): YearTotals {
  return {
    gpReceived: 0,
    gpFunded: 0,
    paidToPractices: 0,
    pcnToPractices: 0,
    gpDiverted: 0,
    gpLeaked: 0,
    gpTopSliced: 0,
    gpAboveFormula: 0,
    shareCommitmentCost: 0,
    allocation: 0,
    weightedList: 0,
    list: 0,
    socialCareNeed: 0,
    socialCareSpent: 0,
    trustFund: 0,
    trustFundDiverted: 0,
    arrsBudget: 0,
    arrsUnderspend: 0,
    icbDeficit: 0,
    icbSavingsMissed: 0,
    systemsInDeficit: 0,
    systemResult: 0,
    icbsInDeficit: 0,
    closed: 0,
    merged: 0,
    salaried: 0,
    opened: 0,
    dispersed: 0,
    end: { open: 0, list: 0, weighted: 0, fte: 0 },
  };
}

/**
 * Which holding pays each line this year, by area: `byIcb[5 × icb + line]` for practices of an ICB (the
 * IHO host for pooled lines when there is one), `byPlace[5 × place + line]` where place boards hold lines.
 */
export interface Paying {
  /** Holding per ICB and line. */
  readonly byIcb: Int32Array;
  /** Holding per place and line (used for pooled lines when place boards hold them). */
  readonly byPlace: Int32Array;
}

/** Sums over open practices by area, recomputed when each year opens. */
export interface Aggregates {
  /** Registered patients per ICB. */
  readonly icbList: Float64Array;
  /** Weighted patients per ICB. */
  readonly icbWeighted: Float64Array;
  /** GP FTE per ICB. */
  readonly icbFte: Float64Array;
  /** GP capacity per ICB, in GP FTE: its GPs plus the GP time its PCNs' additional roles free (last year's roles). */
  readonly icbCapacityFte: Float64Array;
  /** Registered patients per place. */
  readonly placeList: Float64Array;
  /** Weighted patients per place. */
  readonly placeWeighted: Float64Array;
  /** Formula base per ICB and line (`5 × icb + line`): Σ list (weighted for core) × the practice's line index. */
  readonly icbBase: Float64Array;
  /** Formula base per place and line, as `icbBase`. */
  readonly placeBase: Float64Array;
  /** Registered patients per PCN. */
  readonly pcnList: Float64Array;
  /** Open practices per PCN. */
  readonly pcnOpen: Int32Array;
  /** GP capacity (GP FTE plus the GP time additional roles free) per weighted patient per ICB when this year opened. */
  readonly capacity: Float64Array;
  /** Change in log GP capacity per weighted patient per ICB over the last year (0 in the first year). */
  readonly capacityChange: Float64Array;
  /** Patients dispersed by closures per ICB in the last year. */
  readonly dispersed: Float64Array;
  /** Patients dispersed by closures per ICB so far this year (becomes `dispersed` when the next year opens). */
  readonly dispersing: Float64Array;
}

/** The national GP labour market. */
export interface Workforce {
  /** FTE GPs joining this year (before growth). */
  inflow: number;
  /** FTE that left in the last year. */
  leavers: number;
  /** FTE hired in the last year. */
  hired: number;
  /** Vacancies (FTE) left unfilled in the last year. */
  unfilled: number;
}

/** The model-level state of one run. */
export interface World {
  /** The scenario as it stands this year: time-varying parameters set to this year's values. */
  scenario: Scenario;
  /** The scenario as validated, time-varying parameters as series. */
  readonly base: Scenario;
  /**
   * The scenario of history years before the scenario's start year: its own parameters with the history's
   * governance (every line ring-fenced, held by the ICB), no levers and the default policies.
   */
  readonly historyScenario: Scenario;
  /** Calendar year of the run's first financial year. */
  readonly runStart: number;
  /** Run year index of the scenario's start year (0 unless the run continues a history first). */
  readonly forwardIndex: number;
  /** Whether practices' core indices follow the history's MPIG phase-out and PMS reviews (register runs with a history). */
  readonly coreTransition: boolean;
  /** Policies of the scenario (from its start year) and of the history years before it. */
  readonly policySets: { readonly scenario: BoundPolicies; readonly history: BoundPolicies };
  /** Pool members added by model extensions, claiming from place boards after the built-in members. */
  readonly poolMembers: readonly PoolMember<string, string>[];
  /** Budget lines model extensions' providers get from each ICB, inside its gap and cut rules. */
  readonly commissions: readonly Commission<string, string>[];
  /** Each model extension's parameters for this run, by extension name (read them with the extension's `paramsIn`). */
  readonly extensionParams: Readonly<Record<string, unknown>>;
  /** The policy bound for each kind this year. */
  policies: BoundPolicies;
  /** The population the run was built from. */
  readonly population: Population;
  /** National rates and indices. */
  readonly national: NationalState;
  /** Holdings of general practice lines. */
  readonly holdings: Holdings;
  /** Which holding pays each line this year, by area (set once the holders have acted). */
  readonly paying: Paying;
  /** Area sums over open practices. */
  readonly aggregates: Aggregates;
  /** The GP labour market. */
  readonly workforce: Workforce;
  /** This year's totals. */
  year: YearTotals;
  /** Whether place boards hold the pooled lines this year. */
  placeHolds: boolean;
  /** Lines handed to the holder this year (flags by line index). */
  pooled: readonly boolean[];
  /** Ring-fenced lines this year (flags by line index). */
  ringFenced: readonly boolean[];
  /** Ledger accounts every run needs. */
  readonly accounts: { readonly treasury: AccountId; readonly localTaxation: AccountId; readonly services: AccountId; readonly allocator: AccountId };
  /** This year's standing-order bases of the practices' lines (core, enhanced, premises) and expenses. */
  readonly practiceOrders: { readonly lines: number[]; expenses: number };
  /**
   * Row of the first account of each block-opened kind (practice, PCN): account of row r is first + r; and how
   * many accounts the practice block holds (the population's practices and, when `practice.entryRate` is above
   * 0, a reserve for the practices the ICBs open).
   */
  readonly blocks: { readonly practice: number; readonly pcn: number; readonly practiceAccounts: number };
  /** Tables of every kind, for kinds that read others. */
  readonly tables: Tables;
  /** The per-ICB panel being recorded, when the run asked for it. */
  readonly panel: PanelRecorder | undefined;
  /** Cash held by each system (the ICB and its acute and community providers) when this year opened, pence. */
  readonly systemOpening: Float64Array;
}

/** The typed table of every kind. */
export interface Tables {
  /** ICBs. */
  readonly icb: IcbTable;
  /** Councils. */
  readonly council: CouncilTable;
  /** Place boards. */
  readonly place: PlaceTable;
  /** Community and mental health providers. */
  readonly community: CommunityTable;
  /** Acute trusts. */
  readonly acute: AcuteTable;
  /** GP federations. */
  readonly federation: FederationTable;
  /** PCNs. */
  readonly pcn: PcnTable;
  /** Practices. */
  readonly practice: PracticeTable;
}

// The model's type parameters, and what an extension is written against.

/** The type parameters of the NHS model. */
export interface NhsTypes extends ModelTypes {
  /** Phases. */
  readonly phase: Phase;
  /** Agent kinds. */
  readonly kind: Kind;
  /** Ledger groups. */
  readonly group: Group;
  /** Funding streams. */
  readonly fund: Fund;
  /** Random stream names. */
  readonly rng: RngName;
  /** Events. */
  readonly event: NhsEvent;
  /** The validated scenario. */
  readonly config: Scenario;
  /** Model-level state. */
  readonly world: World;
}

/** The NHS model's type parameters widened by an extension's kinds `K` and ledger groups `G`. */
export interface ExtendedNhsTypes<K extends string = never, G extends string = never> extends ModelTypes {
  /** Phases (as the NHS model's). */
  readonly phase: Phase;
  /** The NHS kinds and the extension's. */
  readonly kind: Kind | K;
  /** The NHS ledger groups and the extension's. */
  readonly group: Group | G;
  /** Funding streams (as the NHS model's). */
  readonly fund: Fund;
  /** The NHS random streams and one per extension kind, named after it. */
  readonly rng: RngName | K;
  /** Events (as the NHS model's). */
  readonly event: NhsEvent;
  /** The validated scenario. */
  readonly config: Scenario;
  /** The NHS world. */
  readonly world: World;
}

/** The NHS model's types with any extension's kinds and groups: the types of the model {@link createNhsModel} builds. */
export type AnyNhsTypes = ExtendedNhsTypes<string, string>;

/** What a pool member asks of a place board's pot this year: pence, and the weight of its voice. */
export interface PoolMemberClaim {
  /** Pence claimed (a whole number from 0). */
  readonly pence: number;
  /** Weight of its voice (from 0). */
  readonly weight: number;
}

/**
 * A member of place boards' pooled budgets added by an extension: it claims from each place's pot when the
 * place allocates, and receives what the place board's policy grants it.
 */
export interface PoolMember<K extends string = never, G extends string = never> {
  /** The member's name in the place board's claims (not general-practice, acute or social-care). */
  readonly member: string;
  /** Its claim on place `place`'s pot this year, or undefined for none. */
  claim(sim: Sim<ExtendedNhsTypes<K, G>>, place: number): PoolMemberClaim | undefined;
  /** Takes the `pence` granted from the place board's account `from` (transfer them to its own accounts). */
  receive(sim: Sim<ExtendedNhsTypes<K, G>>, place: number, pence: number, from: AccountId): void;
}

/**
 * A budget line an extension's provider gets from each ICB, inside the ICB's own budget: the ICB commits its
 * amount when it sets its budgets, counts it in its gap, lets its gap policy cut it like any other line (subject
 * to its protection, its ring-fence and the yearly cap on cuts), and pays what is left from its account.
 */
export interface Commission<K extends string = never, G extends string = never> {
  /** The line's name (kebab-case); the ICB's policy sees it as the line `commissioned:<name>`. */
  readonly line: string;
  /** Who commissions it: each ICB (the holder whose budget and gap rules it sits in). */
  readonly holder: "icb";
  /** Pence ICB `icb` commits to the line this year, before any cut (a whole number from 0). */
  amount(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number): number;
  /** How far the ICB's gap rule spares the line this year, from 0 (not at all) to 1 (never cut); default 0.5. */
  protection?(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number): number;
  /** Whether the line is ring-fenced (never cut); default false. */
  readonly ringFenced?: boolean;
  /**
   * Takes exactly the `pence` the ICB pays (after any cut) from the ICB's account `from`: transfer them to the
   * providers' accounts under a fund of your choosing (a `DecisionError` names the ICB and the line otherwise).
   */
  receive(sim: Sim<ExtendedNhsTypes<K, G>>, icb: number, pence: number, from: AccountId): void;
}

/** An extension of the NHS model: kinds that act after the built-in ones, their groups, parameters, setup, pool members and commissioned lines. */
export interface ModelExtension<K extends string = never, G extends string = never, P = unknown> {
  /** The extension's name (camelCase or kebab-case): its parameters sit under `extensions.<name>` in a scenario. */
  readonly name: string;
  /**
   * Schema of its parameters (zod, with defaults and bounds, like a policy's): a scenario sets them under
   * `extensions.<name>`, they are checked when it is loaded, and experiments can vary them as
   * `extensions.<name>.<parameter>`. Without one the extension takes no parameters.
   */
  readonly params?: z.ZodType<P, unknown>;
  /** New kinds, acting after the built-in kinds in this order in every phase they list. */
  readonly kinds: readonly AgentKind<ExtendedNhsTypes<K, G>, ColumnSpec, unknown>[];
  /** New ledger groups for the new kinds' accounts. */
  readonly groups: readonly G[];
  /** Adds the new kinds' agents and opens their accounts, after the built-in setup (the world is built). */
  setup(ctx: SimContext<ExtendedNhsTypes<K, G>>, world: World): void;
  /** Members that claim from place boards' pooled budgets. */
  readonly poolMembers?: readonly PoolMember<K, G>[];
  /** Budget lines each ICB commissions from the extension's providers, inside its own gap and cut rules. */
  readonly commissions?: readonly Commission<K, G>[];
}

/** An extension as {@link defineExtension} returns it: the declaration, and typed access to its parameters in a run. */
export interface DefinedExtension<K extends string = never, G extends string = never, P = unknown> extends ModelExtension<K, G, P> {
  /** This run's parameters of the extension (the scenario's `extensions.<name>`, defaults filled in), typed. */
  paramsIn(world: World): P;
}
