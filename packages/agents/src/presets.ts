/**
 * Preset scenarios, each encoding claims from the source documents (cited by title, author or publisher and
 * date; see docs/sources.md); every assumption that is ours, not the document's, is listed as such.
 * @packageDocumentation
 */
import type { ScenarioInput } from "./scenario.js";

/** The source documents the presets quote, by title, author or publisher and date. */
export const SOURCES = {
  whitePaperNews: "N. Bostock, 'Integration white paper raises questions on GP funding as NHS reforms accelerate', GPonline, 9 February 2022",
  gpcRedLine: "'Exclusive: GPC opposes pooling practice funding with hospital or social care budgets', GPonline, 2015",
  whitePaperBlog: "Commentary on the white paper 'Joining up care for people, places and populations', The General Practice Blog, February 2022",
  whitePaperScrutiny: "M. Ingle, 'Update on the health and social care integration white paper', Centre for Governance and Scrutiny, 1 March 2022",
  hospitalsHold: "Ben Gowland, 'Hospitals to hold General Practice Funding?', The General Practice Blog, 25 June 2025",
} as const;

/** Ids of the preset scenarios, in the order the flagship comparison shows them (ring-fenced first). */
export const PRESET_IDS = [
  "ring-fenced",
  "single-envelope",
  "place-pooled",
  "vanguard-pooled-core",
  "gpc-red-line",
  "iho-acute",
  "iho-federation",
  "baseline-2014",
] as const;
/** A preset scenario id. */
export type PresetId = (typeof PRESET_IDS)[number];

/** The presets the flagship compares: every governance arrangement from 2026/27 (not the backcast). */
export const FLAGSHIP_IDS = PRESET_IDS.filter((id) => id !== "baseline-2014");

const COMMON_ASSUMPTIONS = [
  "Ours: every behavioural parameter (propensities, protections, hazards, voices, elasticities) is a documented default with a range to vary, calibrated where docs/calibration.md says so.",
  "Ours: ICBs pay acute trusts the tariff uplift net of the efficiency deduction, planned activity and 70% of activity above plan; community and mental health, the Better Care Fund and other NHS spending each grow by their own rule.",
];
const IHO_LINES = ["enhanced", "pcn", "qof"] as const;

/**
 * England as it stood in 2014/15, where every run that continues the history starts: the backcast and every
 * arrangement (which run the same history first, so the arrangement is the only difference). With the
 * register (England) the practices and their payments are the register's; these values set the allocation,
 * the workforce and the trusts, and a generated population's payment lines (ICB and toy sizes).
 */
export const ENGLAND_2014: ScenarioInput = {
  history: "england",
  population: { year: 2015 },
  national: { allocation: 98.1e9, englandPatients: 56.63e6, globalSum: 77.88, enhancedPerPatient: 36.4, qofPerPatient: 12.76, premisesPerPatient: 11.86, pcnPerPatient: 0 },
  practice: { listSizeMean: 7116, partnerShareMean: 0.74 },
  workforce: { patientsPerGpFte: 1930 },
  acuteTrust: { startMarginMean: -0.012 },
};

/** Assumptions of every scenario that continues the history. */
const HISTORY_ASSUMPTIONS = [
  "2014/15–2025/26 run as they happened (published allocations, deflator, global sum, PCN money, sustainability funds, Covid years) with every general practice line ring-fenced at the ICB; the arrangement holds from 2026/27.",
  "Ours: 2014/15 start: NHS England £98.1bn (Department of Health, Spending Review 2015), 1,930 patients per FTE GP (56.6m registered, NHS Digital; 29,403 FTE GPs Sep 2015, GPonline), acute trusts 1.2% in deficit (−£0.859bn, Public Accounts Committee), partners 74% of GP FTE (21,688 FTE partners, Sep 2015, NHS Digital via GPonline), drawn practice by practice around that share (the 2023/24 workforce file's partner counts are held out, and nine years later).",
];

/** The history continued: a preset's arrangement from 2026/27 for ten years, after England 2014/15–2025/26. */
const CONTINUED: ScenarioInput = { ...ENGLAND_2014, startYear: 2026, years: 10 };

/** The preset scenarios by id. */
export const PRESETS: Readonly<Record<PresetId, ScenarioInput>> = {
  "ring-fenced": {
    ...CONTINUED,
    id: "ring-fenced",
    title: "Ring-fenced status quo",
    description: "A national GP contract; ICBs hold every general practice line and none may be cut to close a gap.",
    claims: [{ seed: SOURCES.whitePaperNews, quote: "an NHS Confederation report called for a guarantee of ring-fenced funding for general practice beyond the five-year GP contract deal" }],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: ICB gaps fall on acute, community and other NHS lines by the protect-hospitals rule, then become ICB deficits."],
    governance: { holder: "icb", pooled: [], ringFenced: ["enhanced", "pcn", "qof", "premises", "core"] },
  },
  "single-envelope": {
    ...CONTINUED,
    id: "single-envelope",
    title: "ICS single system funding envelope",
    description: "General practice inside one system envelope with acute, community and mental health: no line is ring-fenced, so the ICB may cut any of them to close a gap.",
    claims: [
      { seed: SOURCES.whitePaperNews, quote: "operating with a single system funding envelope across acute, ambulance, community, mental health and primary care (starting with general practice)" },
      { seed: SOURCES.whitePaperBlog, quote: "general practice funding is not to be ringfenced from other spending, but rather included within a single system funding envelope (p36)" },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: the ICB's gap rule spares hospitals most; general practice lines are cut at most 5% a year."],
    governance: { holder: "icb", pooled: [], ringFenced: [] },
  },
  "place-pooled": {
    ...CONTINUED,
    id: "place-pooled",
    title: "Place boards with pooled budgets",
    description: "ICB and council delegate budgets to place boards; a single accountable person, leaning to the NHS or the council, shares the pot by members' voice.",
    claims: [
      { seed: SOURCES.whitePaperBlog, quote: "a 'place board' brings together partner organisations to pool resources, make decisions and plan jointly… In this system the council and ICB would delegate their functions and budgets to the board" },
      { seed: SOURCES.whitePaperScrutiny, quote: "one singular person that is accountable for the delivery of the shared plan and the subsequent outcomes in each \"place\"" },
      { seed: SOURCES.whitePaperBlog, quote: "This will inevitably require the PCNs within a place area to find ways of working together and to be able to create a unified voice." },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: general practice's voice grows with PCN cohesion and federation capability; the accountable person's lean swings ±0.3 a year around 0.", "Ours: councils pool half their own social care budget."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises", "core"], ringFenced: [], poolAcute: true, poolSocialCare: true },
  },
  "vanguard-pooled-core": {
    ...CONTINUED,
    id: "vanguard-pooled-core",
    title: "Vanguard single budget including core GP funding",
    description: "A 2015 vanguard-style single budget for all health and social care at place, with core GP funding merged in.",
    claims: [{ seed: SOURCES.gpcRedLine, quote: "In Lancashire, plans for a single budget for all patients’ health and social care needs could also see core GP funding merged into wider NHS budgets." }],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: the vanguard pool is run like a place board without an accountable person's swing."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises", "core"], ringFenced: [], poolAcute: true, poolSocialCare: true },
    placeBoard: { leanRange: 0 },
  },
  "gpc-red-line": {
    ...CONTINUED,
    id: "gpc-red-line",
    title: "Vanguard pooling with the GPC red line",
    description: "The same pooled budget as the vanguard, but core practice funding is kept out of the pool and ring-fenced.",
    claims: [{ seed: SOURCES.gpcRedLine, quote: "Bids to pool core practice funding with hospital or social care budgets under integrated care pilots are a 'red line' that must not be crossed, the GPC has warned." }],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: the vanguard pool is run like a place board without an accountable person's swing."],
    governance: { holder: "place-board", pooled: ["enhanced", "pcn", "qof", "premises"], ringFenced: ["core"], poolAcute: true, poolSocialCare: true },
    placeBoard: { leanRange: 0 },
  },
  "iho-acute": {
    ...CONTINUED,
    id: "iho-acute",
    title: "Acute-hosted integrated health organisation",
    description: "The largest acute trust in each ICB holds enhanced services, PCN money and QOF with the acute budget as an IHO, pays the other trusts and covers part of its shortfall from the held lines.",
    claims: [
      { seed: SOURCES.hospitalsHold, quote: "It may be all of the general practice budget, or it could (more likely) be just those parts of the contract that are outside of core (i.e. enhanced services). This would, however, most likely include PCN funding and potentially also QOF funding." },
      { seed: SOURCES.hospitalsHold, quote: "History tells us that hospitals use whatever funding they can to shore up hospital services." },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: an acute host covers a median 50% of the IHO's shortfall from held lines, bears half the other trusts' shortfall, and reinvests 10% of a surplus.", "Ours: core and premises stay with the ICB and are ring-fenced."],
    governance: { holder: "iho", ihoHost: "acute-trust", pooled: [...IHO_LINES], ringFenced: ["core", "premises"], poolAcute: true },
  },
  "iho-federation": {
    ...CONTINUED,
    id: "iho-federation",
    title: "Federation-hosted integrated health organisation",
    description: "A capable GP federation holds the same budget as the acute-hosted IHO, by the same rule with the federation profile; where none is capable the ICB keeps the lines.",
    claims: [
      { seed: SOURCES.hospitalsHold, quote: "There is talk of GP Federations, or GP provider organisations operating at the same scale as an acute trust, being able to take on the integrator function." },
      { seed: SOURCES.hospitalsHold, quote: "the lack of investment in any at scale GP infrastructure over the last 6 years since the introduction of PCNs means there are precious few places with organisations in place with anything like what will be the required infrastructure" },
    ],
    assumptions: [...COMMON_ASSUMPTIONS, ...HISTORY_ASSUMPTIONS, "Ours: a federation host covers a median 20% of the shortfall from held lines (US Medicare Shared Savings Program evidence), bears half the trusts' shortfall only with money it has, and reinvests half a surplus; capability threshold 0.6.", "Ours: core and premises stay with the ICB and are ring-fenced."],
    governance: { holder: "iho", ihoHost: "federation", ihoFallback: "icb", pooled: [...IHO_LINES], ringFenced: ["core", "premises"], poolAcute: true },
  },
  "baseline-2014": {
    ...ENGLAND_2014,
    id: "baseline-2014",
    title: "England 2014/15–2025/26 as it happened (backcast)",
    description: "The ring-fenced GP contract as it was, from every practice of the 2014/15 register, driven by the published yearly allocations, deflator, global sum, PCN money, sustainability funds and Covid years; checked against the published national series and the practice panel ICB by ICB.",
    claims: [],
    assumptions: [
      ...COMMON_ASSUMPTIONS,
      ...HISTORY_ASSUMPTIONS.slice(1),
      "Ours: a generated population (ICB and toy sizes) pays 2014/15's mean lines per patient from the register: core £77.88 per patient (weighted), enhanced and other £36.40, QOF £12.76, premises £11.86.",
      "Ours: the deflator of years the HM Treasury series is missing from our sources is approximated (docs/reference/history-2015-2025.md marks which).",
    ],
    startYear: 2014,
    years: 12,
    governance: { holder: "icb", pooled: [], ringFenced: ["enhanced", "pcn", "qof", "premises", "core"] },
  },
};
