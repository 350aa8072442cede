/**
 * The columns of every kind's table, declared once: field → typed-array type. Money is pence (f64, whole
 * numbers), links are rows of another kind (i32, −1 for none), flags are u8.
 * @packageDocumentation
 */
import type { ColumnSpec, KindTable } from "@ringfence/core";

/** ICB columns. */
export const ICB_COLUMNS = {
  account: "i32",
  holding: "i32",
  allocation: "f64",
  previousAllocation: "f64",
  community: "f64",
  bcf: "f64",
  other: "f64",
  aboveFormula: "f64",
  reinvested: "f64",
  carriedDeficit: "f64",
  hostKind: "u8",
  hostRow: "i32",
  listGrowthEffect: "f64",
} as const satisfies ColumnSpec;

/** Council columns. */
export const COUNCIL_COLUMNS = {
  icb: "i32",
  account: "i32",
  populationShare: "f64",
  need: "f64",
  ownBudget: "f64",
  order: "i32",
} as const satisfies ColumnSpec;

/** Place board columns. */
export const PLACE_COLUMNS = {
  icb: "i32",
  council: "i32",
  account: "i32",
  holding: "i32",
  populationShare: "f64",
  acuteDelegated: "f64",
  gpDelegated: "f64",
  gpGranted: "f64",
} as const satisfies ColumnSpec;

/** Community and mental health provider columns (one per ICB area). */
export const COMMUNITY_COLUMNS = {
  icb: "i32",
  account: "i32",
  contract: "f64",
  /** This year's extra contract bought from the ICB's headroom (its cost of delivery lands on the provider). */
  extraBought: "f64",
  cost: "f64",
  income: "f64",
  carriedDeficit: "f64",
} as const satisfies ColumnSpec;

/** Acute trust columns. */
export const ACUTE_COLUMNS = {
  icb: "i32",
  account: "i32",
  holding: "i32",
  share: "f64",
  contract: "f64",
  /** This year's extra contract bought from the ICB's headroom (its cost of delivery lands on the trust). */
  extraBought: "f64",
  previousContract: "f64",
  cost: "f64",
  income: "f64",
  activityGrowth: "f64",
  diverted: "f64",
  carriedDeficit: "f64",
  fundHeld: "f64",
  reserveRise: "f64",
  reserves: "f64",
} as const satisfies ColumnSpec;

/** GP federation columns. */
export const FEDERATION_COLUMNS = {
  icb: "i32",
  account: "i32",
  holding: "i32",
  capability: "f64",
  hosting: "u8",
  failed: "u8",
  held: "f64",
  unpaid: "f64",
} as const satisfies ColumnSpec;

/** PCN columns. */
export const PCN_COLUMNS = {
  icb: "i32",
  place: "i32",
  cohesion: "f64",
  budget: "f64",
  passThrough: "f64",
  inflowOrder: "i32",
  arrsFte: "f64",
  arrsCapacity: "f64",
} as const satisfies ColumnSpec;

/** GP practice columns. */
export const PRACTICE_COLUMNS = {
  icb: "i32",
  pcn: "i32",
  place: "i32",
  list: "f64",
  weighting: "f64",
  gpFte: "f64",
  partnerFte: "f64",
  fixedCost: "f64",
  perPatientCost: "f64",
  expenses: "f64",
  income: "f64",
  profitShare: "f64",
  drawings: "f64",
  open: "u8",
  salaried: "u8",
  qofEntitled: "f64",
  order: "i32",
  pcnOrder: "i32",
  vacancy: "f64",
  coreIndex: "f64",
  coreNorm: "f64",
  mpigExcess: "f64",
  pmsExcess: "f64",
  enhancedIndex: "f64",
  qofIndex: "f64",
  premisesIndex: "f64",
} as const satisfies ColumnSpec;

/** An ICB table. */
export type IcbTable = KindTable<typeof ICB_COLUMNS, IcbLinks>;
/** A council table. */
export type CouncilTable = KindTable<typeof COUNCIL_COLUMNS, CouncilLinks>;
/** A place board table. */
export type PlaceTable = KindTable<typeof PLACE_COLUMNS, PlaceLinks>;
/** A community provider table. */
export type CommunityTable = KindTable<typeof COMMUNITY_COLUMNS, undefined>;
/** An acute trust table. */
export type AcuteTable = KindTable<typeof ACUTE_COLUMNS, AcuteState>;
/** A federation table. */
export type FederationTable = KindTable<typeof FEDERATION_COLUMNS, undefined>;
/** A PCN table. */
export type PcnTable = KindTable<typeof PCN_COLUMNS, undefined>;
/** A practice table. */
export type PracticeTable = KindTable<typeof PRACTICE_COLUMNS, undefined>;

/** What an ICB links to (rows of other kinds). */
export interface IcbLinks {
  /** Practice rows. */
  readonly practices: Int32Array;
  /** PCN rows. */
  readonly pcns: Int32Array;
  /** Place board rows (empty unless place boards hold lines). */
  readonly places: Int32Array;
  /** Acute trust rows. */
  readonly acutes: Int32Array;
  /** Council rows. */
  readonly councils: Int32Array;
  /** Federation rows. */
  readonly federations: Int32Array;
  /** Community provider row. */
  readonly community: number;
}

/** What a council links to. */
export interface CouncilLinks {
  /** Place board rows it contributes to (empty unless place boards hold lines). */
  readonly places: Int32Array;
}

/** What a place board links to. */
export interface PlaceLinks {
  /** PCN rows in the place. */
  readonly pcns: Int32Array;
}

/** Acute trust state that is not a number: cost reductions falling due from shifted care, by year index. */
export interface AcuteState {
  /** Pence of cost to decommission per year index (a shifted tranche after its double running). */
  readonly decommission: Float64Array;
}
