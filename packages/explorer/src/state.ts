/**
 * The explorer's whole state (arrangements, baseline, levers, population, runs, seed, model version) and its
 * form in a link: JSON compressed with lz-string in the URL's fragment. A link is untrusted input: its
 * envelope is checked by {@link stateSchema}, its levers by the scenario schema itself (the one validator
 * files go through), and a bad or stale link gets the nearest valid state instead of a crash.
 * @packageDocumentation
 */
import { ConfigError, describeValue, toConfigIssues, type ConfigIssue } from "@ringfence/core";
import { FLAGSHIP_IDS, GROWTH_PATHS, POPULATION_SIZES, PRESETS, scenarioParams, type GrowthPath, type PopulationSize, type PresetId } from "@ringfence/agents";
import lzString from "lz-string";
import { z } from "zod";

// lz-string is a CommonJS module: its functions are properties of the default export in Node and in a bundle.
const { compressToEncodedURIComponent, decompressFromEncodedURIComponent } = lzString;

/** Version of the link format this page writes and reads. */
export const STATE_VERSION = 1;

/** The arrangements a user can pick: the flagship presets (every governance arrangement from 2026/27). */
export type ArrangementId = (typeof FLAGSHIP_IDS)[number];

/** The levers the explorer sets, by their paths in a scenario; the IHO core channel applies only where an IHO holds the lines. */
export const LEVER_PATHS = [
  "levers.noNewMoney",
  "levers.shiftOfCare.sharePerYear",
  "levers.shiftOfCare.doubleRunningYears",
  "levers.primaryCareShare.increase",
  "levers.primaryCareShare.byYear",
  "governance.coreShiftPerYear",
  "future.growth",
] as const;

/** A lever's path in a scenario. */
export type LeverPath = (typeof LEVER_PATHS)[number];

/** The value of each lever the user set (a lever not set keeps the preset's value). */
export type Levers = Partial<Record<LeverPath, number | boolean | string>>;

/** The explorer's state: everything a run depends on, and the model version the link was made with. */
export interface ExplorerState {
  /** Link format version ({@link STATE_VERSION}). */
  readonly version: number;
  /** Model version the state was made with (empty when unknown). */
  readonly model: string;
  /** Arrangements compared with the baseline, in order. */
  readonly arrangements: readonly ArrangementId[];
  /** The baseline every arrangement is paired against. */
  readonly baseline: ArrangementId;
  /** Population size: a toy system, one ICB (generated) or England (the published register). */
  readonly population: PopulationSize;
  /** Runs per arrangement. */
  readonly runs: number;
  /** Master seed; run i has the same seed in every arrangement. */
  readonly seed: string;
  /** The levers set, by path. */
  readonly levers: Levers;
}

/** The most runs per arrangement the page allows (a long England batch is better run with the CLI). */
export const MAX_RUNS = 1000;

/** The seeds the CLI accepts (`--seed`), so every link can be replayed there. */
export const SEED_PATTERN = /^[A-Za-z0-9:_-]{1,64}$/;

const arrangement = z.enum(FLAGSHIP_IDS, { error: `expected one of ${FLAGSHIP_IDS.join(", ")}` });

/** Zod schema of a link's state (the levers are checked by the scenario schema afterwards). */
export const stateSchema = z.strictObject({
  version: z.literal(STATE_VERSION, { error: `expected ${STATE_VERSION} (this page reads links of format ${STATE_VERSION})` }),
  model: z.string({ error: "expected a model version" }).max(200).default(""),
  arrangements: z
    .array(arrangement, { error: "expected a list of arrangements" })
    .min(1, { error: "expected at least one arrangement" })
    .max(FLAGSHIP_IDS.length - 1, { error: `expected at most ${FLAGSHIP_IDS.length - 1} arrangements` })
    .refine((a) => new Set(a).size === a.length, { error: "expected each arrangement at most once" }),
  baseline: arrangement.default("ring-fenced"),
  population: z.enum(POPULATION_SIZES, { error: `expected one of ${POPULATION_SIZES.join(", ")}` }).default("icb"),
  runs: z
    .number({ error: `expected an integer from 1 to ${MAX_RUNS}` })
    .int({ error: `expected an integer from 1 to ${MAX_RUNS}` })
    .min(1, { error: `expected an integer from 1 to ${MAX_RUNS}` })
    .max(MAX_RUNS, { error: `expected an integer from 1 to ${MAX_RUNS}` })
    .default(50),
  seed: z.string({ error: "expected a seed" }).regex(SEED_PATTERN, { error: "expected 1 to 64 letters, digits, ':', '_' or '-'" }).default("2025"),
  levers: z.record(z.string(), z.unknown(), { error: "expected an object of lever paths and values" }).default({}),
}).superRefine((s, ctx) => {
  if (s.arrangements.includes(s.baseline)) ctx.addIssue({ code: "custom", path: ["arrangements"], message: `expected arrangements other than the baseline ${s.baseline}` });
});

/** The state a fresh page opens with: acute-hosted IHO against ring-fenced, one ICB, 50 runs, seed 2025, no lever set. */
export const DEFAULT_STATE: ExplorerState = { version: STATE_VERSION, model: "", arrangements: ["iho-acute"], baseline: "ring-fenced", population: "icb", runs: 50, seed: "2025", levers: {} };

/** Whether an arrangement's lines are held by an integrated health organisation (the core channel applies there). */
export function heldByIho(id: ArrangementId): boolean {
  return PRESETS[id].governance?.holder === "iho";
}

/** A link's fragment (`#s=…`) for a state. */
export function encodeState(state: ExplorerState): string {
  return `s=${compressToEncodedURIComponent(JSON.stringify(state))}`;
}

/** What reading a link gave: the state to show, what was wrong with the link (if anything), and what changed. */
export interface ReadState {
  /** The state the page shows: the link's, or the nearest valid state to it. */
  readonly state: ExplorerState;
  /** Problems with the link, each naming the field, the value and what was expected. */
  readonly issues: readonly ConfigIssue[];
  /** What the nearest valid state changed, in words (empty when the link was valid). */
  readonly changes: readonly string[];
}

/** Sets a nested value by dotted path in plain data. */
function setPath(data: Record<string, unknown>, path: string, value: unknown): void {
  const keys = path.split(".");
  let node = data;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    const child = next !== null && typeof next === "object" && !Array.isArray(next) ? { ...(next as Record<string, unknown>) } : {};
    node[key] = child;
    node = child;
  }
  node[keys[keys.length - 1]!] = value;
}

/** The scenario overrides of the levers set, for one arrangement (the core channel only where an IHO holds the lines). */
export function leverOverrides(levers: Levers, id: ArrangementId): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const path of LEVER_PATHS) {
    const value = levers[path];
    if (value === undefined) continue;
    if (path === "governance.coreShiftPerYear" && !heldByIho(id)) continue;
    setPath(out, path, value);
  }
  return out;
}

/** The nearest value a lever may take: a number clamped into its range (rounded if whole), anything else dropped. */
function nearestLever(path: LeverPath, value: unknown): number | boolean | string | undefined {
  if (path === "levers.noNewMoney") return typeof value === "boolean" ? value : undefined;
  if (path === "future.growth") return typeof value === "string" && (GROWTH_PATHS as readonly string[]).includes(value) ? (value as GrowthPath) : undefined;
  const entry = scenarioParams().get(path);
  if (entry === undefined || typeof value !== "number" || !Number.isFinite(value)) return undefined;
  const clamped = Math.min(entry.max, Math.max(entry.min, value));
  return entry.integer ? Math.round(clamped) : clamped;
}

/** Reads the envelope of a link's state, giving the nearest valid value of each bad field. */
function readEnvelope(raw: unknown): ReadState {
  const parsed = stateSchema.safeParse(raw);
  if (parsed.success) {
    return { state: { ...parsed.data, levers: parsed.data.levers as Levers }, issues: [], changes: [] };
  }
  const issues = toConfigIssues(parsed.error, raw);
  const input: Record<string, unknown> = raw !== null && typeof raw === "object" && !Array.isArray(raw) ? { ...(raw as Record<string, unknown>) } : {};
  const changes: string[] = [];
  const fields = new Set(issues.map((i) => i.path.split(/[.[]/)[0] ?? ""));
  for (const field of fields) {
    if (field === "" || field === "(root)") continue;
    if (!Object.hasOwn(DEFAULT_STATE, field)) {
      delete input[field];
      changes.push(`${field} left out (not a setting of the explorer)`);
      continue;
    }
    const key = field as keyof ExplorerState;
    let fixed: unknown = DEFAULT_STATE[key];
    const value = input[key];
    if (key === "arrangements" && Array.isArray(value)) {
      const baseline = (FLAGSHIP_IDS as readonly unknown[]).includes(input.baseline) ? input.baseline : DEFAULT_STATE.baseline;
      const kept = [...new Set(value.filter((a): a is ArrangementId => (FLAGSHIP_IDS as readonly unknown[]).includes(a) && a !== baseline))].slice(0, FLAGSHIP_IDS.length - 1);
      if (kept.length > 0) fixed = kept;
    } else if (key === "runs" && typeof value === "number" && Number.isFinite(value)) {
      fixed = Math.min(MAX_RUNS, Math.max(1, Math.round(value)));
    } else if (key === "version") fixed = STATE_VERSION;
    input[key] = fixed;
    changes.push(`${key} set to ${describeValue(fixed)}`);
  }
  const merged: Record<string, unknown> = { ...DEFAULT_STATE, ...input };
  if (Array.isArray(merged.arrangements) && merged.arrangements.includes(merged.baseline)) {
    const others = merged.arrangements.filter((a) => a !== merged.baseline);
    merged.arrangements = others.length > 0 ? others : DEFAULT_STATE.arrangements.filter((a) => a !== merged.baseline);
    if ((merged.arrangements as unknown[]).length === 0) merged.arrangements = ["single-envelope"];
    changes.push(`arrangements set to ${describeValue(merged.arrangements)}`);
  }
  const again = stateSchema.safeParse(merged);
  const state = again.success ? { ...again.data, levers: again.data.levers as Levers } : DEFAULT_STATE;
  return { state, issues, changes: again.success ? changes : ["every setting back to the page's defaults"] };
}

/** Validates one arrangement with levers and a population (throws a ConfigError naming each problem). */
export type ArrangementValidator = (id: ArrangementId, levers: Levers, population: PopulationSize) => Promise<unknown>;

/** Checks the levers of a state: known paths only, and values the scenario schema accepts in every arrangement. */
export async function checkLevers(
  state: ExplorerState,
  validate: ArrangementValidator,
): Promise<ReadState> {
  const issues: ConfigIssue[] = [];
  const changes: string[] = [];
  const levers: Record<string, unknown> = { ...state.levers };
  for (const path of Object.keys(levers)) {
    if ((LEVER_PATHS as readonly string[]).includes(path)) continue;
    issues.push({ path: `levers.${path}`, expected: `one of the explorer's levers (${LEVER_PATHS.join(", ")})`, value: levers[path], message: `levers.${path}: expected one of the explorer's levers (${LEVER_PATHS.join(", ")}), got ${describeValue(levers[path])}` });
    delete levers[path];
    changes.push(`${path} left out`);
  }
  // Each arrangement is validated as a file would be; a lever the schema refuses moves to its nearest valid value.
  for (let round = 0; round < 4; round++) {
    const found: ConfigIssue[] = [];
    for (const id of [state.baseline, ...state.arrangements]) {
      try {
        await validate(id, levers as Levers, state.population);
      } catch (e) {
        if (!(e instanceof ConfigError)) throw e;
        for (const issue of e.issues) found.push({ ...issue, message: `${id}: ${issue.message}` });
      }
    }
    if (found.length === 0) break;
    if (round === 0) issues.push(...found);
    let changed = false;
    const moved = new Set<LeverPath>();
    for (const issue of found) {
      const path = LEVER_PATHS.find((p) => issue.path === p || issue.path.startsWith(`${p}.`) || issue.path.startsWith(`${p}[`));
      // A lever refused by several arrangements moves once a round.
      if (path === undefined || !Object.hasOwn(levers, path) || moved.has(path)) continue;
      moved.add(path);
      const before = levers[path];
      const near = round === 0 ? nearestLever(path, before) : undefined;
      if (near === undefined || near === before) {
        delete levers[path];
        changes.push(`${path} back to each preset's own value`);
      } else {
        levers[path] = near;
        changes.push(`${path} set to ${describeValue(near)}`);
      }
      changed = true;
    }
    // A problem no lever explains (none should remain): every lever back to the presets' values.
    if (!changed) {
      for (const path of Object.keys(levers)) delete levers[path];
      changes.push("every lever back to the presets' values");
    }
  }
  return { state: { ...state, levers: levers as Levers }, issues, changes };
}

/** Reads a link's fragment: the envelope, then (through `validate`, the scenario validator) its levers. */
export async function decodeState(fragment: string, validate: ArrangementValidator): Promise<ReadState> {
  const packed = new URLSearchParams(fragment.replace(/^#/, "")).get("s");
  if (packed === null || packed === "") return { state: DEFAULT_STATE, issues: [], changes: [] };
  let raw: unknown;
  const text = decompressFromEncodedURIComponent(packed);
  try {
    raw = text === null || text === "" ? undefined : JSON.parse(text);
  } catch {
    raw = undefined;
  }
  if (raw === undefined) {
    const issue: ConfigIssue = { path: "(link)", expected: "the state this page writes (lz-string compressed JSON)", value: `${packed.slice(0, 40)}${packed.length > 40 ? "…" : ""}`, message: "(link): expected the state this page writes (lz-string compressed JSON), got text that does not decompress to JSON (the link was cut short or changed)" };
    return { state: DEFAULT_STATE, issues: [issue], changes: ["every setting back to the page's defaults"] };
  }
  const envelope = readEnvelope(raw);
  const levers = await checkLevers(envelope.state, validate);
  return { state: levers.state, issues: [...envelope.issues, ...levers.issues], changes: [...envelope.changes, ...levers.changes] };
}
