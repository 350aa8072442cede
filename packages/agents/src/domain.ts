/**
 * The vocabulary of the NHS funding domain: phases, agent kinds, ledger groups, funding streams, random stream
 * names and events. It imports nothing: every other module of the model may import it (the model's type
 * parameters, which also name the scenario and the world, are in `world.ts`).
 * @packageDocumentation
 */
/**
 * Phases of a monthly tick, in order: annual budgets (when a year opens), the month's standing payments,
 * year-end settling and year-end decisions (when a year closes).
 */
export const PHASES = ["allocate", "operate", "settle", "decide"] as const;
/** A phase of the NHS model. */
export type Phase = (typeof PHASES)[number];

/** Agent kinds of the NHS model, in the order they act within a phase (money flows down in one pass). */
export const KINDS = [
  "national-allocator",
  "icb",
  "council",
  "place-board",
  "community-provider",
  "acute-trust",
  "federation",
  "pcn",
  "practice",
] as const;
/** An agent kind of the NHS model. */
export type Kind = (typeof KINDS)[number];

/**
 * Ledger groups: every kind, the general practice lines each kind of holder holds (so flows show where
 * general practice money went: set by an ICB, granted by a place board, held by an IHO host), and the
 * sources money enters from and the sinks it leaves to.
 */
export const GROUPS = [...KINDS, "icb-lines", "place-lines", "host-lines", "treasury", "local-taxation", "services"] as const;
/** A ledger group of the NHS model. */
export type Group = (typeof GROUPS)[number];

/** The general practice budget lines, in the order a holder cuts them by default (core last). */
export const GP_LINES = ["enhanced", "pcn", "qof", "premises", "core"] as const;
/** A general practice budget line. */
export type GpLine = (typeof GP_LINES)[number];

/** Funding streams that tag every posting. */
export const FUNDS = [
  ...GP_LINES,
  "allocation",
  "acute",
  "community",
  "other-nhs",
  "social-care",
  "bcf",
  "transformation",
  "operating",
  "settlement",
] as const;
/** A funding stream of the NHS model. */
export type Fund = (typeof FUNDS)[number];

/** Named random streams of the NHS model; each is keyed by a stable entity (a row of its kind). */
export type RngName =
  | "national"
  | "setup-practice"
  | "setup-acute"
  | "setup-community"
  | "setup-federation"
  | "setup-pcn"
  | "icb"
  | "icb-list"
  | "acute-demand"
  | "community-demand"
  | "iho"
  | "trust-fund"
  | "decommission"
  | "practice-qof"
  | "practice-costs"
  | "practice-exit"
  | "practice-entry"
  | "practice-workforce"
  | "pcn-arrs"
  | "federation"
  | "council"
  | "place";

/** Events the NHS model emits; subscribe with `sim.events.on(type, …)`. Agents are named by kind row. */
export type NhsEvent =
  | { readonly type: "practice-closed"; readonly practice: number; readonly patients: number; readonly year: string }
  | { readonly type: "practice-merged"; readonly practice: number; readonly into: number; readonly year: string }
  | { readonly type: "practice-salaried"; readonly practice: number; readonly year: string }
  | { readonly type: "practice-opened"; readonly practice: number; readonly from: number; readonly patients: number; readonly year: string }
  | { readonly type: "gp-money-diverted"; readonly icb: number; readonly line: GpLine; readonly pence: number; readonly year: string }
  | { readonly type: "federation-failed"; readonly federation: number; readonly year: string }
  | { readonly type: "icb-deficit"; readonly icb: number; readonly pence: number; readonly year: string };
