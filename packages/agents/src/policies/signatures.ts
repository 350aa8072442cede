/**
 * What each kind's policy observes and what it decides: the contract between the engine-facing kinds and
 * the swappable behavioural rules.
 * @packageDocumentation
 */
import type { GpLine } from "../domain.js";

/** A budget line a holder might cut: its amount this year and whether it is ring-fenced. */
export interface HeldLine {
  /** The line. */
  readonly line: GpLine;
  /** Pence budgeted for the line this year. */
  readonly pence: number;
  /** Ring-fenced lines may not be cut (the engine enforces it whatever the policy returns). */
  readonly ringFenced: boolean;
}

/** What the national allocator sees at the start of a financial year. */
export interface AllocatorObservation {
  /** Year index from 0. */
  readonly year: number;
  /** Mean and spread of real growth from the scenario. */
  readonly realGrowthMean: number;
  /** Spread of real growth. */
  readonly realGrowthSd: number;
  /** Mean inflation. */
  readonly inflationMean: number;
  /** Spread of inflation. */
  readonly inflationSd: number;
  /** Whether the "no new money" lever is on. */
  readonly noNewMoney: boolean;
  /** Mean GP contract uplift above inflation. */
  readonly contractRealUpliftMean: number;
  /** Spread of the GP contract uplift above inflation. */
  readonly contractRealUpliftSd: number;
}
/** The allocator's yearly settlement. */
export interface AllocatorDecision {
  /** Real growth of the allocation this year (0.03 = 3%). */
  readonly realGrowth: number;
  /** Inflation this year. */
  readonly inflation: number;
  /** GP contract uplift above inflation this year. */
  readonly contractRealUplift: number;
}

/** What an ICB sees when its commitments exceed its allocation. */
export interface IcbObservation {
  /** Pence by which commitments exceed the allocation (> 0). */
  readonly gap: number;
  /** Lines it could cut: general practice lines it funds, plus community services (`community`). */
  readonly lines: readonly { readonly line: GpLine | "community"; readonly pence: number; readonly ringFenced: boolean }[];
  /** Largest share of a line it may cut in a year. */
  readonly maxCutPerLine: number;
}
/** Pence an ICB cuts from each line (same order as observed); what is left of the gap becomes its deficit. */
export interface IcbDecision {
  /** Cut per observed line, in pence. */
  readonly cuts: readonly number[];
}

/** What a holder of general practice lines (acute trust or federation hosting an IHO) sees at year start. */
export interface HolderObservation {
  /** Year index from 0. */
  readonly year: number;
  /** Projected shortfall of its own services this year in pence (≤ 0 means none). */
  readonly projectedDeficit: number;
  /** Deficit carried from earlier years, pence (≥ 0). */
  readonly carriedDeficit: number;
  /** The general practice lines it holds this year. */
  readonly held: readonly HeldLine[];
}
/** Pence a holder moves out of each held line into its own services (same order as observed). */
export interface HolderDecision {
  /** Cut per held line, in pence. */
  readonly cuts: readonly number[];
}

/** One claim on a place board's pooled budget. */
export interface PoolClaim {
  /** Who claims. */
  readonly member: "general-practice" | "acute" | "social-care";
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
/** Pence granted to each claim (same order); the sum must not exceed the pot. */
export interface PlaceDecision {
  /** Grant per claim, in pence. */
  readonly grants: readonly number[];
}

/** What a practice sees at year end. */
export interface PracticeObservation {
  /** This year's income minus costs over costs (negative = shortfall). */
  readonly margin: number;
  /** Consecutive years of shortfall beyond tolerance, including this one. */
  readonly badYears: number;
  /** Whether an open neighbour in its PCN could absorb it. */
  readonly canMerge: boolean;
  /** Whether a larger provider could take it on as a salaried department. */
  readonly canBecomeSalaried: boolean;
  /** Consecutive bad years after which the practice considers its contract. */
  readonly badYearsToAct: number;
}
/** What a practice does about its contract. */
export type PracticeDecision = "continue" | "hand-back" | "merge" | "salaried";

/** What a PCN sees at year end. */
export interface PcnObservation {
  /** Additional-roles budget this year in pence. */
  readonly arrsBudget: number;
}
/** How much of its additional-roles money a PCN leaves unspent (returned to the wider system). */
export interface PcnDecision {
  /** Pence unspent. */
  readonly underspend: number;
}

/** What a council sees when a place pool is shared. */
export interface CouncilObservation {
  /** Social care need this year in pence. */
  readonly need: number;
  /** Its own budget kept outside the pool, pence. */
  readonly ownBudget: number;
}
/** What a council claims from the pool. */
export interface CouncilDecision {
  /** Pence claimed. */
  readonly claim: number;
}

/** For each kind, what its policy observes and decides. */
export interface PolicySignatures {
  /** National allocator: the yearly settlement. */
  readonly "national-allocator": { readonly observation: AllocatorObservation; readonly decision: AllocatorDecision };
  /** ICB: how to close a gap between commitments and allocation. */
  readonly icb: { readonly observation: IcbObservation; readonly decision: IcbDecision };
  /** Acute trust: what to do with general practice lines it holds when in deficit. */
  readonly "acute-trust": { readonly observation: HolderObservation; readonly decision: HolderDecision };
  /** Federation: the same choice as an acute trust when it hosts an IHO. */
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
