/**
 * Preset scenarios, each encoding claims from the source documents (seed file and quote); every
 * assumption that is ours, not the document's, is listed as such.
 * @packageDocumentation
 */
import type { ScenarioInput } from "./scenario.js";

const S000 = "000_16acaabc6de1347f.txt";
const S001 = "001_5563a36968e299ce.txt";
const S002 = "002_213ef3e7f94578ea.txt";
const S003 = "003_ff9ec4b6851f7096.txt";
const S004 = "004_fb12c9e9c88b39b3.txt";

/** Ids of the preset scenarios, in the order the flagship comparison shows them. */
export const PRESET_IDS = [
  "ring-fenced",
  "single-envelope",
  "place-pooled",
  "vanguard-pooled-core",
  "gpc-red-line",
  "iho-acute",
  "iho-federation",
] as const;
/** A preset scenario id. */
export type PresetId = (typeof PRESET_IDS)[number];

const COMMON_ASSUMPTIONS = [
  "Ours: every numeric behavioural parameter (propensities, voices, chances) is a documented default to vary, not an estimate.",
  "Ours: the ICB pays acute trusts a tariff uplift net of efficiency plus planned activity and 70% of unplanned activity.",
];

/** The preset scenarios by id. */
export const PRESETS: Readonly<Record<PresetId, ScenarioInput>> = {
  "ring-fenced": {
    id: "ring-fenced",
    title: "Ring-fenced status quo",
    description: "A national GP contract; ICBs hold every general practice line and none may be cut to close a system gap.",
    claims: [{ seed: S000, quote: "an NHS Confederation report called for a guarantee of ring-fenced funding for general practice beyond the five-year GP contract deal" }],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: ICB gaps fall on community services first, then become ICB deficits."],
    governance: { holder: "icb", pooled: [], ringFenced: ["enhanced", "pcn", "qof", "premises", "core"] },
  },
  "single-envelope": {
    id: "single-envelope",
    title: "ICS single system funding envelope",
    description: "General practice inside one system envelope with acute, community and mental health: no line is ring-fenced, so the ICB may top-slice any of them to close a gap.",
    claims: [
      { seed: S000, quote: "operating with a single system funding envelope across acute, ambulance, community, mental health and primary care (starting with general practice)" },
      { seed: S002, quote: "general practice funding is not to be ringfenced from other spending, but rather included within a single system funding envelope (p36)" },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: the ICB top-slices lines in proportion to size, at most 10% of a line a year."],
    governance: { holder: "icb", pooled: [], ringFenced: [] },
  },
  "place-pooled": {
    id: "place-pooled",
    title: "Place boards with pooled budgets",
    description: "ICB and council delegate budgets to place boards; a single accountable person, leaning to the NHS or the council, shares the pot by members' voice.",
    claims: [
      { seed: S002, quote: "a 'place board' brings together partner organisations to pool resources, make decisions and plan jointly… In this system the council and ICB would delegate their functions and budgets to the board" },
      { seed: S003, quote: "one singular person that is accountable for the delivery of the shared plan and the subsequent outcomes in each \"place\"" },
      { seed: S002, quote: "This will inevitably require the PCNs within a place area to find ways of working together and to be able to create a unified voice." },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: general practice's voice grows with PCN cohesion and federation capability; the accountable person's lean is drawn each year in ±0.3.", "Ours: councils pool half their own social care budget."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises", "core"], ringFenced: [], poolAcute: true, poolSocialCare: true },
  },
  "vanguard-pooled-core": {
    id: "vanguard-pooled-core",
    title: "Vanguard single budget including core GP funding",
    description: "A 2015 vanguard-style single budget for all health and social care at place, with core GP funding merged in.",
    claims: [{ seed: S001, quote: "In Lancashire, plans for a single budget for all patients’ health and social care needs could also see core GP funding merged into wider NHS budgets." }],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: the vanguard pool is run like a place board without an accountable person's lean."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises", "core"], ringFenced: [], poolAcute: true, poolSocialCare: true },
    placeBoard: { leanRange: 0 },
  },
  "gpc-red-line": {
    id: "gpc-red-line",
    title: "Vanguard pooling with the GPC red line",
    description: "The same pooled budget as the vanguard, but core practice funding is kept out of the pool and ring-fenced.",
    claims: [{ seed: S001, quote: "Bids to pool core practice funding with hospital or social care budgets under integrated care pilots are a 'red line' that must not be crossed, the GPC has warned." }],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: the vanguard pool is run like a place board without an accountable person's lean."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises"], ringFenced: ["core"], poolAcute: true, poolSocialCare: true },
    placeBoard: { leanRange: 0 },
  },
  "iho-acute": {
    id: "iho-acute",
    title: "Integrated health organisation hosted by the acute trust",
    description: "The largest acute trust in each ICB holds a capitated budget for acute services plus enhanced services, PCN money and QOF, and contracts practices directly.",
    claims: [
      { seed: S004, quote: "the acute hospital would potentially hold the budget for general practice and contract with them directly" },
      { seed: S004, quote: "This would, however, most likely include PCN funding and potentially also QOF funding." },
      { seed: S004, quote: "History tells us that hospitals use whatever funding they can to shore up hospital services." },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: a host covers a drawn share (median 0.5) of its own shortfall from held lines, in the order enhanced, PCN, QOF.", "Ours: core and premises stay with the ICB and are ring-fenced."],
    governance: { holder: "iho", ihoHost: "acute-trust", pooled: ["enhanced", "pcn", "qof"], ringFenced: ["core", "premises"], poolAcute: true },
  },
  "iho-federation": {
    id: "iho-federation",
    title: "Integrated health organisation hosted by a GP federation",
    description: "A GP federation holds the same capitated budget where one is capable enough; elsewhere the ICB keeps it. The federation bears part of the trusts' shortfall.",
    claims: [
      { seed: S004, quote: "There is talk of GP Federations, or GP provider organisations operating at the same scale as an acute trust, being able to take on the integrator function." },
      { seed: S004, quote: "the lack of investment in any at scale GP infrastructure over the last 6 years since the introduction of PCNs means there are precious few places with organisations in place with anything like what will be the required infrastructure" },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, "Ours: a federation host bears half the trusts' shortfall and uses the pass-through policy; capability threshold 0.6.", "Ours: core and premises stay with the ICB and are ring-fenced."],
    governance: { holder: "iho", ihoHost: "federation", pooled: ["enhanced", "pcn", "qof"], ringFenced: ["core", "premises"], poolAcute: true },
  },
};
