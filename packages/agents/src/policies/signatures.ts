/**
 * What each kind's policy observes and what it decides: the contract between the kinds (which move the
 * money and enforce the rules of the game) and the swappable behavioural rules. Money is in whole pence;
 * observation objects may be reused between calls, so a policy copies what it keeps.
 * @packageDocumentation
 */
import type { GpLine } from "../domain.js";

/** A budget line a holder might cut: its amount this year and whether it is ring-fenced. */
export interface HeldLine {
  /** The line: a general practice line, or sustainability and transformation money a trust holds. */
  readonly line: GpLine | "transformation";
  /** Pence held for the line this year. */
  readonly pence: number;
  /** Ring-fenced lines may not be cut (the kind enforces it whatever the policy returns). */
  readonly ringFenced: boolean;
}

/** What the national allocator sees when a financial year opens. */
export interface AllocatorObservation {
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Mean and spread of real growth from the scenario (this year's value when the lever is a series). */
  readonly realGrowthMean: number;
  /** Spread of real growth. */
  readonly realGrowthSd: number;
  /** Mean inflation. */
  readonly inflationMean: number;
  /** Spread of inflation. */
  readonly inflationSd: number;
  /** Whether the "no new money" lever is on. */
  readonly noNewMoney: boolean;
  /** Published allocation growth (cash) and inflation of this year, when the scenario runs on a history. */
  readonly history: { readonly allocationGrowth: number; readonly inflation: number } | undefined;
  /** GP contract uplift above inflation per unit of real NHS growth (the settlement rule). */
  readonly settlementPassThrough: number;
  /** GP contract uplift above inflation when real growth and pressure are both zero (the rule's intercept). */
  readonly settlementRealBase: number;
  /** GP contract uplift above inflation per unit of last year's rise in patients per FTE GP. */
  readonly settlementPressure: number;
  /** Spread of the settlement around the rule. */
  readonly settlementSd: number;
  /** Relative rise in patients per FTE GP over the last year. */
  readonly pressure: number;
}

/** The allocator's yearly settlement. */
export interface AllocatorDecision {
  /** Real growth of the allocation this year (0.03 = 3%); the kind keeps it within −10% to +15%. */
  readonly realGrowth: number;
  /** Inflation this year; the kind keeps it within −5% to +25%. */
  readonly inflation: number;
  /** GP contract uplift above inflation this year; the kind keeps it within −10% to +15%. */
  readonly contractRealUplift: number;
}

/** A line an ICB could cut to close a gap. */
export interface IcbLine {
  /**
   * The line: acute contracts, community and mental health, other NHS spending, a GP line, or a line an
   * extension's provider is commissioned for (`commissioned:<name>`, such as `commissioned:hospice-care`).
   */
  readonly line: GpLine | "acute" | "community" | "other" | `commissioned:${string}`;
  /** Pence committed this year. */
  readonly pence: number;
  /** Ring-fenced lines may not be cut. */
  readonly ringFenced: boolean;
  /** How far the scenario says the line is spared (0 = not at all, 1 = never cut). */
  readonly protection: number;
}

/** What an ICB sees when its commitments exceed its allocation. */
export interface IcbObservation {
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Pence by which commitments exceed what the ICB has this year (> 0). */
  readonly gap: number;
  /** Lines it could cut. */
  readonly lines: readonly IcbLine[];
  /** Largest share of a line it may cut in a year. */
  readonly maxCutPerLine: number;
}

/** Pence an ICB cuts from each line (same order as observed); what is left of the gap becomes its deficit. */
export interface IcbDecision {
  /** Cut per observed line: whole pence from 0 to the line's cap (maxCutPerLine of it, 0 if ring-fenced). */
  readonly cuts: readonly number[];
}

/** How a kind of holder behaves, from the scenario (`iho.acute` or `iho.federation`). */
export interface HostProfile {
  /** Median share of a shortfall covered from held lines. */
  readonly propensity: number;
  /** Year-to-year spread of the propensity on the logit scale. */
  readonly spread: number;
}

/** What a holder of general practice lines or transformation money (a trust or a federation) sees. */
export interface HolderObservation {
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Projected shortfall this year, pence (≤ 0 means none). */
  readonly shortfall: number;
  /** Deficit carried from earlier years, pence (≥ 0). */
  readonly carriedDeficit: number;
  /** The lines it holds this year. */
  readonly held: readonly HeldLine[];
  /** The behaviour the scenario gives this kind of holder. */
  readonly profile: HostProfile;
}

/** Pence a holder moves out of each held line into its own services (same order as observed). */
export interface HolderDecision {
  /** Cut per held line: whole pence from 0 to the line's amount (0 for a ring-fenced line). */
  readonly cuts: readonly number[];
}

/** One claim on a place board's pooled budget. */
export interface PoolClaim {
  /** Who claims: `general-practice`, `acute`, `social-care`, or a member a scenario or extension declares. */
  readonly member: string;
  /** Pence claimed. */
  readonly pence: number;
  /** The member's weight in the board's decisions (voice × the accountable person's lean). */
  readonly weight: number;
}

/** What a place board sees when it shares its pot. */
export interface PlaceObservation {
  /** Pence in the pot. */
  readonly pot: number;
  /** Claims on it. */
  readonly claims: readonly PoolClaim[];
}

/** Pence granted to each claim (same order). */
export interface PlaceDecision {
  /** Grant per claim: whole pence ≥ 0 summing to no more than the pot. */
  readonly grants: readonly number[];
}

/** What a practice sees at year end. */
export interface PracticeObservation {
  /** The practice's row. */
  readonly practice: number;
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Registered patients. */
  readonly list: number;
  /** The partners' drawings this year as a share of income: (income − expenses) / income. */
  readonly profitShare: number;
  /** The partners' drawings this year: income less every cost, salaried GPs included, pence (negative is a loss). */
  readonly drawings: number;
  /** FTE of GP partners (0 for a salaried department). */
  readonly partnerFte: number;
  /** FTE of salaried GPs. */
  readonly salariedFte: number;
  /** Drawings per partner FTE this year, pence (a practice with at most one FTE of partners counts as one). */
  readonly drawingsPerPartner: number;
  /** The partners' alternative: what a full-time salaried GP is paid this year, pence. */
  readonly salariedAlternative: number;
  /** Whether one partner is left (at most one FTE of partners): the last partner standing carries the premises risk. */
  readonly lastPartner: boolean;
  /** Mean list size over this list size (above 1 for a small practice). */
  readonly smallness: number;
  /** Whether an open neighbour in its PCN (or ICB) could absorb it. */
  readonly canMerge: boolean;
  /** Whether an integrator could take it on as a salaried department. */
  readonly canBecomeSalaried: boolean;
  /** Whether it already is a salaried department. */
  readonly salaried: boolean;
  /** Whether national policy pushes practices to merge for scale this year (from the GP Forward View, 2016/17). */
  readonly atScalePush: boolean;
  /** Whether primary care networks are paid this year (the PCN DES), giving practices scale without merging. */
  readonly networked: boolean;
  /** The scenario's exit parameters. */
  readonly rules: {
    readonly baseHazard: number;
    readonly sizeElasticity: number;
    readonly distressHazard: number;
    readonly lastPartnerHazard: number;
    readonly mergeShare: number;
    readonly salariedShare: number;
    readonly consolidationHazard: number;
    readonly networkRelief: number;
  };
}

/**
 * What a practice does about its contract. Anything else is an error; `merge` or `hand-back` when no
 * neighbour can take the patients (`canMerge` false), and `salaried` when no integrator can host it
 * (`canBecomeSalaried` false), are treated as `continue`.
 */
export type PracticeDecision = "continue" | "hand-back" | "merge" | "salaried";

/** What an ICB sees at year end when it considers opening new practices in its area. */
export interface EntryObservation {
  /** The ICB's row. */
  readonly icb: number;
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Practices open in the ICB after this year's exits. */
  readonly openPractices: number;
  /** The scenario's entry parameters. */
  readonly rules: {
    /** Yearly chance of an opening per open practice (`practice.entryRate`). */
    readonly entryRate: number;
  };
}

/** What a PCN sees at year end. */
export interface PcnObservation {
  /** Its additional-roles budget for the year, pence. */
  readonly arrsBudget: number;
  /** Cohesion of its practices, 0 to 1. */
  readonly cohesion: number;
}

/** How much of its additional-roles money a PCN leaves unspent (returned to the wider system). */
export interface PcnDecision {
  /** Pence unspent, from 0 to the budget. */
  readonly underspend: number;
}

/** What a council sees when a place pool is shared. */
export interface CouncilObservation {
  /** Year index from the scenario's start year (0 is its first year; negative in history years run before it). */
  readonly year: number;
  /** Social care need of its share of the place this year, pence. */
  readonly need: number;
  /** What it has for that need outside the claim (own budget kept plus what it pooled), pence. */
  readonly ownBudget: number;
  /** Pence in the place's pot. */
  readonly pot: number;
}

/** What a council claims from the pool. */
export interface CouncilDecision {
  /** Pence claimed above what it pooled, ≥ 0. */
  readonly claim: number;
}

/** For each kind with a decision, what its policy observes and decides. */
export interface PolicySignatures {
  /** National allocator: the yearly settlement. */
  readonly "national-allocator": { readonly observation: AllocatorObservation; readonly decision: AllocatorDecision };
  /** ICB: how to close a gap between commitments and allocation. */
  readonly icb: { readonly observation: IcbObservation; readonly decision: IcbDecision };
  /** Acute trust: what to do with lines or funds it holds when short. */
  readonly "acute-trust": { readonly observation: HolderObservation; readonly decision: HolderDecision };
  /** Federation: the same choice when it hosts an integrated health organisation. */
  readonly federation: { readonly observation: HolderObservation; readonly decision: HolderDecision };
  /** Place board: how to share a pooled pot. */
  readonly "place-board": { readonly observation: PlaceObservation; readonly decision: PlaceDecision };
  /** Practice: whether to keep its contract. */
  readonly practice: { readonly observation: PracticeObservation; readonly decision: PracticeDecision };
  /** PCN: additional-roles spending. */
  readonly pcn: { readonly observation: PcnObservation; readonly decision: PcnDecision };
  /** Council: its claim on a pooled pot. */
  readonly council: { readonly observation: CouncilObservation; readonly decision: CouncilDecision };
}

/** A kind that has a swappable decision. */
export type PolicyKind = keyof PolicySignatures;

/** The kinds that have a swappable decision, in model order. */
export const POLICY_KINDS = ["national-allocator", "icb", "place-board", "acute-trust", "federation", "pcn", "practice", "council"] as const satisfies readonly PolicyKind[];
