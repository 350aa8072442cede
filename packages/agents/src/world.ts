/**
 * State of every agent kind (plain data) and the model-level world: who links to whom, national rates,
 * and the year's running totals the indicators read.
 * @packageDocumentation
 */
import type { AccountId, Agent } from "@ringfence/core";
import type { GpLine, Kind } from "./domain.js";
import type { BoundPolicies } from "./policies/registry.js";
import type { Scenario } from "./scenario.js";

/** Number of general practice lines. */
export const LINE_COUNT = 5;

/** Budget lines held by one body this year: an account per line and the share of formula it pays. */
export interface LineHolding {
  /** Agent id of the holder. */
  readonly holder: number;
  /** Account per line (index as in GP_LINES). */
  readonly accounts: readonly AccountId[];
  /** Share of the national formula paid per line this year (1 = in full, less when cut). */
  readonly factor: number[];
}

/** National allocator state. */
export interface AllocatorState {
  /** Its account. */
  readonly account: AccountId;
}

/** ICB state. */
export interface IcbState {
  /** Operating account (may go overdrawn: a system deficit). */
  readonly account: AccountId;
  /** The general practice lines it holds itself. */
  readonly holding: LineHolding;
  /** Practices, PCNs, places, acutes, councils and federations in its area, by agent id. */
  readonly practices: number[];
  /** PCN ids. */
  readonly pcns: number[];
  /** Place board ids (empty unless place boards are on). */
  readonly places: number[];
  /** Acute trust ids. */
  readonly acutes: number[];
  /** Council ids. */
  readonly councils: number[];
  /** Federation ids. */
  readonly federations: number[];
  /** Allocation received this year, pence. */
  allocation: number;
  /** Previous year's allocation, pence. */
  previousAllocation: number;
  /** Community and other NHS services budget this year, pence. */
  community: number;
  /** Better Care Fund contribution this year, pence. */
  bcf: number;
  /** Agent id of the IHO host this year, or -1. */
  ihoHost: number;
}

/** Council state. */
export interface CouncilState {
  /** Its account. */
  readonly account: AccountId;
  /** ICB id. */
  readonly icb: number;
  /** Place board ids it contributes to. */
  readonly places: number[];
  /** Share of the ICB's registered population. */
  readonly populationShare: number;
  /** Social care need this year, pence. */
  need: number;
  /** Its own social care budget this year, pence. */
  ownBudget: number;
  /** Social care spent this year, pence. */
  spent: number;
}

/** Place board state (a role switched on by the scenario). */
export interface PlaceBoardState {
  /** Pool account. */
  readonly account: AccountId;
  /** Lines held for the place's practices. */
  readonly holding: LineHolding;
  /** ICB id. */
  readonly icb: number;
  /** Council id. */
  readonly council: number;
  /** PCN ids. */
  readonly pcns: number[];
  /** Practice ids. */
  readonly practices: number[];
  /** Share of the ICB's population. */
  readonly populationShare: number;
  /** Pence of acute contracts delegated this year. */
  acuteDelegated: number;
}

/** Acute trust state. */
export interface AcuteTrustState {
  /** Operating account (may go overdrawn: a deficit). */
  readonly account: AccountId;
  /** Lines held when it hosts an IHO (null otherwise). */
  readonly holding: LineHolding;
  /** ICB id. */
  readonly icb: number;
  /** Share of its ICB's acute contracts. */
  readonly share: number;
  /** Contract income due this year, pence. */
  contract: number;
  /** Contract income last year, pence. */
  previousContract: number;
  /** Planned costs this year, pence. */
  cost: number;
  /** Activity growth realised this year. */
  demandGrowth: number;
  /** Cost reductions falling due in future years from care shifted out (double running), by year index. */
  readonly decommission: Map<number, number>;
  /** Income this year, pence (contract, support, diverted lines). */
  income: number;
  /** General practice money moved into its services this year, pence. */
  diverted: number;
  /** Deficit carried at the last year close, pence (≥ 0). */
  carriedDeficit: number;
}

/** GP federation state. */
export interface FederationState {
  /** Its account. */
  readonly account: AccountId;
  /** Lines held when it hosts an IHO. */
  readonly holding: LineHolding;
  /** ICB id. */
  readonly icb: number;
  /** Capability to act at scale, 0..1. */
  capability: number;
  /** Whether it hosts the ICB's IHO this year. */
  hosting: boolean;
  /** Whether it has failed as an integrator (it never hosts again). */
  failed: boolean;
  /** General practice lines it held this year, pence. */
  heldThisYear: number;
}

/** PCN state. */
export interface PcnState {
  /** Its account. */
  readonly account: AccountId;
  /** ICB id. */
  readonly icb: number;
  /** Place index within the ICB. */
  readonly place: number;
  /** Member practice ids (open ones). */
  practices: number[];
  /** Cohesion of its practices, 0..1: the strength of their collective voice. */
  readonly cohesion: number;
  /** Where its PCN line is paid from this year. */
  paidBy: LineHolding;
  /** PCN money due this year, pence. */
  budget: number;
  /** Part passed through to practices this year, pence. */
  passThrough: number;
  /** Each member's share of the pass-through this year, pence (same order as `practices`). */
  shares: number[];
}

/** What became of a practice. */
export type PracticeStatus = "open" | "closed" | "merged";

/** GP practice state. */
export interface PracticeState {
  /** Its account (may go overdrawn: partners carry the loss). */
  readonly account: AccountId;
  /** ICB id. */
  readonly icb: number;
  /** PCN id. */
  readonly pcn: number;
  /** Place index within the ICB. */
  readonly place: number;
  /** Registered patients. */
  list: number;
  /** Needs weighting (weighted list / list). */
  readonly weighting: number;
  /** GP full-time equivalents. */
  gpFte: number;
  /** Annual costs that do not scale with list size, pence. */
  fixedCost: number;
  /** Annual cost per registered patient, pence. */
  costPerPatient: number;
  /** Entitlement per line this year after cuts, pence. */
  readonly entitled: number[];
  /** Where each line is paid from this year. */
  readonly paidBy: LineHolding[];
  /** Income this year, pence. */
  income: number;
  /** Costs this year, pence. */
  cost: number;
  /** Consecutive bad years. */
  badYears: number;
  /** Agent id of the provider it is a salaried department of, or -1. */
  salariedHost: number;
  /** What became of it. */
  status: PracticeStatus;
}

/** Yearly totals the indicators read; reset at the start of each financial year. */
export interface YearTotals {
  /** General practice money that reached practices and PCNs, pence. */
  gpReceived: number;
  /** General practice money moved into hospital or other services by a holder, pence. */
  gpDiverted: number;
  /** General practice money that leaked back to the wider system (underspends, unpaid QOF), pence. */
  gpLeaked: number;
  /** General practice money cut by ICBs to close gaps, pence. */
  gpTopSliced: number;
  /** Total NHS allocation this year, pence. */
  allocation: number;
  /** Weighted registered list of open practices when the year opened. */
  weightedList: number;
  /** Social care need and spend, pence. */
  socialCareNeed: number;
  /** Social care spent, pence. */
  socialCareSpent: number;
  /** Practices that handed back, merged or went salaried this year. */
  closed: number;
  /** Merged this year. */
  merged: number;
  /** Became salaried departments this year. */
  salaried: number;
}

/** National rates and indices. */
export interface NationalState {
  /** Year index. */
  year: number;
  /** Inflation this year. */
  inflation: number;
  /** Real growth this year. */
  realGrowth: number;
  /** Price level relative to the first year. */
  priceIndex: number;
  /** Allocation this year (for this population), pence. */
  allocation: number;
  /** Formula rate per line, pence per (weighted, for core) patient. */
  readonly rates: number[];
  /** Share of ICB allocations committed to general practice this year (0 = no commitment). */
  gpShareTarget: number;
  /** General practice share of allocations in the first year. */
  startGpShare: number;
}

/** Typed references to every agent, by kind. */
export interface AgentsByKind {
  /** The national allocator. */
  readonly allocator: Agent<"national-allocator", AllocatorState>;
  /** ICBs. */
  readonly icbs: Agent<"icb", IcbState>[];
  /** Councils. */
  readonly councils: Agent<"council", CouncilState>[];
  /** Place boards. */
  readonly places: Agent<"place-board", PlaceBoardState>[];
  /** Acute trusts. */
  readonly acutes: Agent<"acute-trust", AcuteTrustState>[];
  /** Federations. */
  readonly federations: Agent<"federation", FederationState>[];
  /** PCNs. */
  readonly pcns: Agent<"pcn", PcnState>[];
  /** Practices (closed ones stay, marked). */
  readonly practices: Agent<"practice", PracticeState>[];
}

/** The model-level state of one run. */
export interface World {
  /** The scenario. */
  readonly scenario: Scenario;
  /** The policy bound for each kind. */
  readonly policies: BoundPolicies;
  /** Agents by kind. */
  readonly agents: AgentsByKind;
  /** Maps agent id → index into its kind's array. */
  readonly indexOf: Int32Array;
  /** National rates and indices. */
  readonly national: NationalState;
  /** This year's totals. */
  year: YearTotals;
  /** Lines handed to the holder (index flags). */
  readonly pooled: readonly boolean[];
  /** Ring-fenced lines (index flags). */
  readonly ringFenced: readonly boolean[];
  /** Ledger accounts every run needs. */
  readonly accounts: { readonly treasury: AccountId; readonly localTaxation: AccountId; readonly services: AccountId };
}

/** A fresh set of year totals. */
export function emptyYear(): YearTotals {
  return {
    gpReceived: 0,
    gpDiverted: 0,
    gpLeaked: 0,
    gpTopSliced: 0,
    allocation: 0,
    weightedList: 0,
    socialCareNeed: 0,
    socialCareSpent: 0,
    closed: 0,
    merged: 0,
    salaried: 0,
  };
}

/** Kinds whose agents can hold general practice lines. */
export type HolderKind = Extract<Kind, "icb" | "place-board" | "acute-trust" | "federation">;

/** The line's index in GP_LINES. */
export type LineIndex = 0 | 1 | 2 | 3 | 4;

/** Index of each line in GP_LINES. */
export const LINE: Readonly<Record<GpLine, LineIndex>> = { enhanced: 0, pcn: 1, qof: 2, premises: 3, core: 4 };
