/**
 * One palette for every report, chart file and notebook: a fixed colour for each preset and each kind of
 * body (ledger group), and the words for each group. Colour-blind-safe (Okabe–Ito for the presets, Paul
 * Tol's muted scheme for bodies). Plain data, no Node-only code, so a browser page can import it too.
 * @packageDocumentation
 */
import type { Group } from "./domain.js";
import type { PresetId } from "./presets.js";

/** The colour of each preset, the same in every report, chart and notebook (Okabe–Ito, with grey for the backcast). */
export const PRESET_COLOURS: Readonly<Record<PresetId, string>> = {
  "ring-fenced": "#000000",
  "single-envelope": "#56B4E9",
  "place-pooled": "#009E73",
  "vanguard-pooled-core": "#E69F00",
  "gpc-red-line": "#CC79A7",
  "iho-acute": "#D55E00",
  "iho-federation": "#0072B2",
  "baseline-2014": "#7F7F7F",
};

/** Colours for scenarios that are not presets (custom files), in batch order after the presets' colours (Tol muted). */
export const OTHER_SCENARIO_COLOURS: readonly string[] = ["#332288", "#117733", "#882255", "#999933", "#44AA99", "#AA4499", "#88CCEE", "#DDCC77"];

/** The colour of each kind of body (ledger group), the same in every money-flow diagram (Tol muted, greys for sources). */
export const GROUP_COLOURS: Readonly<Record<Group, string>> = {
  "national-allocator": "#BBBBBB",
  icb: "#332288",
  council: "#882255",
  "place-board": "#AA4499",
  "community-provider": "#DDCC77",
  "acute-trust": "#CC6677",
  federation: "#999933",
  pcn: "#44AA99",
  practice: "#117733",
  "icb-lines": "#332288",
  "place-lines": "#AA4499",
  "host-lines": "#77AADD",
  treasury: "#BBBBBB",
  "local-taxation": "#BBBBBB",
  services: "#88CCEE",
};

/** Words for each kind of body (ledger group) in diagrams and tables. */
export const GROUP_LABELS: Readonly<Record<Group, string>> = {
  "national-allocator": "NHS England",
  icb: "ICB",
  council: "council (social care)",
  "place-board": "place board",
  "community-provider": "community services",
  "acute-trust": "acute trust (hospital services)",
  federation: "GP federation",
  pcn: "PCN",
  practice: "practices",
  "icb-lines": "ICB's GP lines",
  "place-lines": "place board's GP lines",
  "host-lines": "host's GP lines",
  treasury: "Treasury",
  "local-taxation": "local taxation",
  services: "PCN staff and services",
};

/** Groups where general practice money has reached general practice: practices, and PCN staff through the PCN. */
export const GP_REACHED: readonly Group[] = ["practice", "services"];

/**
 * The colour of a scenario: its preset's colour, or for any other id the next colour of
 * {@link OTHER_SCENARIO_COLOURS} by its position among the batch's non-preset scenarios.
 * @example
 * ```ts
 * scenarioColourOf("iho-acute", ["ring-fenced", "iho-acute"]); // "#D55E00"
 * ```
 */
export function scenarioColourOf(id: string, batch: readonly string[]): string {
  const preset = (PRESET_COLOURS as Readonly<Record<string, string>>)[id];
  if (preset !== undefined) return preset;
  const others = batch.filter((s) => !(s in PRESET_COLOURS));
  const k = Math.max(0, others.indexOf(id));
  return OTHER_SCENARIO_COLOURS[k % OTHER_SCENARIO_COLOURS.length]!;
}
