/**
 * The explorer's page: the controls (arrangements, baseline, levers, population, runs, seed), a batch run in Web
 * Workers and folded by core's `foldBatch` (the CLI's statistics, the CLI's seeds), the headline paired
 * difference as the CLI prints it, the report's charts drawn in a worker as runs finish, the per-ICB view on the
 * register, and the ways out: the link, the CLI command, the scenario files, the summary, the runs and the charts.
 * @packageDocumentation
 */
import { configText, foldBatch, type BatchSummary, type RunRecord } from "@ringfence/core/batch";
import { canonicalJson, runTableCsv, type ReportChart, type ReportSection } from "@ringfence/core/results";
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import {
  batchReportOptions,
  FLAGSHIP_IDS,
  formatSummaryTable,
  GROWTH_PATH_LABELS,
  GROWTH_PATHS,
  HEADLINE_INDICATOR,
  INDICATORS,
  POPULATION_SIZES,
  POPULATION_WORDS,
  PRESETS,
  PRODUCER,
  scenarioParams,
  type Scenario,
} from "@ringfence/agents";
import * as Comlink from "comlink";
import type { ChartWorkerApi } from "./chart-worker.js";
import { copyText, saveBlob, saveText, svgToPng } from "./downloads.js";
import { createWorkerPool, type WorkerPool } from "./pool.js";
import { buildScenarios, cliCommand, filesNeeded, MODEL_VERSION, scenarioIds, scenarioYaml, validateArrangement } from "./scenarios.js";
import { decodeState, DEFAULT_STATE, encodeState, heldByIho, MAX_RUNS, type ArrangementId, type ExplorerState, type LeverPath, type Levers } from "./state.js";

/** The erosion threshold the CLI uses by default (`--erosion-threshold 0.02`). */
const EROSION_THRESHOLD = 0.02;

/** The indicator added up over the years in the headline (as the CLI's table and the report do). */
const CUMULATIVE = "gpFundingReal";

/** The numeric levers, with the words the page labels them with. */
const NUMERIC_LEVERS: readonly { readonly path: LeverPath; readonly label: string }[] = [
  { path: "levers.shiftOfCare.sharePerYear", label: "Shift of care: share of acute contracts moved into general practice each year" },
  { path: "levers.shiftOfCare.doubleRunningYears", label: "Shift of care: years of double running before hospitals decommission" },
  { path: "levers.primaryCareShare.increase", label: "Share commitment: rise in general practice's share of ICB allocations (0.01 = 1 point)" },
  { path: "levers.primaryCareShare.byYear", label: "Share commitment: calendar year it is met" },
  { path: "governance.coreShiftPerYear", label: "IHO core channel: share of core funding moved into the lines the IHO holds each year (IHO arrangements only)" },
];

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: (Node | string)[]): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  e.append(...children);
  return e;
}

function must<T extends HTMLElement>(id: string): T {
  const e = document.getElementById(id);
  if (e === null) throw new Error(`the page has no #${id}`);
  return e as T;
}

const titleOf = (id: ArrangementId): string => PRESETS[id].title ?? id;

// ---------------------------------------------------------------------------------------------------------------
// The controls

function buildControls(): HTMLFormElement {
  const form = el("form", { id: "controls", "aria-label": "What to run" });
  const arrangements = el("fieldset", { id: "arrangements" }, el("legend", {}, "Arrangements compared with the baseline"));
  for (const id of FLAGSHIP_IDS) {
    const box = el("input", { type: "checkbox", id: `arr-${id}`, name: "arrangement", value: id });
    arrangements.append(el("div", { class: "check" }, box, el("label", { for: `arr-${id}` }, `${titleOf(id)} (${id})`)));
  }
  const baseline = el("select", { id: "baseline", name: "baseline" });
  for (const id of FLAGSHIP_IDS) baseline.append(el("option", { value: id }, `${titleOf(id)} (${id})`));

  const levers = el("fieldset", { id: "levers" }, el("legend", {}, "Levers (left empty: each preset's own value)"));
  const noNewMoney = el("input", { type: "checkbox", id: "lever-noNewMoney", name: "levers.noNewMoney" });
  levers.append(el("div", { class: "check" }, noNewMoney, el("label", { for: "lever-noNewMoney" }, "No new money: every change financed from within existing budgets")));
  const params = scenarioParams();
  for (const { path, label } of NUMERIC_LEVERS) {
    const entry = params.get(path);
    const id = `lever-${path.replaceAll(".", "-")}`;
    const input = el("input", { type: "number", id, name: path, inputmode: "decimal", placeholder: entry === undefined ? "" : `preset's (${entry.default})` });
    if (entry !== undefined) {
      input.min = String(entry.min);
      input.max = String(entry.max);
      input.step = entry.integer ? "1" : "any";
    }
    levers.append(el("div", { class: "field" }, el("label", { for: id }, label, entry === undefined ? "" : el("span", { class: "range" }, ` ${entry.min} to ${entry.max}`)), input));
  }
  const growth = el("select", { id: "lever-future-growth", name: "future.growth" }, el("option", { value: "" }, "each preset's own path"));
  for (const g of GROWTH_PATHS) growth.append(el("option", { value: g }, `${GROWTH_PATH_LABELS[g]} (${g})`));
  levers.append(el("div", { class: "field" }, el("label", { for: "lever-future-growth" }, "Future growth of NHS funding from 2026/27"), growth));

  const population = el("select", { id: "population", name: "population" });
  for (const p of POPULATION_SIZES) population.append(el("option", { value: p }, `${p}: ${POPULATION_WORDS[p]}${p === "england" ? " (the published practice register, about 3 MB to fetch)" : ""}`));
  const runs = el("input", { type: "number", id: "runs", name: "runs", min: "1", max: String(MAX_RUNS), step: "1", inputmode: "numeric" });
  const seed = el("input", { type: "text", id: "seed", name: "seed", autocomplete: "off", spellcheck: "false" });
  const setup = el(
    "fieldset",
    { id: "setup" },
    el("legend", {}, "Baseline, population and runs"),
    el("div", { class: "field" }, el("label", { for: "baseline" }, "Baseline every arrangement is paired against"), baseline),
    el("div", { class: "field" }, el("label", { for: "population" }, "Population"), population),
    el("div", { class: "field" }, el("label", { for: "runs" }, `Runs per arrangement (1 to ${MAX_RUNS})`), runs),
    el("div", { class: "field" }, el("label", { for: "seed" }, "Seed (run i has the same seed in every arrangement)"), seed),
  );
  const buttons = el(
    "div",
    { class: "buttons" },
    el("button", { type: "submit", id: "run" }, "Run"),
    el("button", { type: "button", id: "stop", disabled: "" }, "Stop"),
    el("button", { type: "button", id: "reset" }, "Reset to the defaults"),
  );
  form.append(arrangements, setup, levers, buttons);
  return form;
}

function writeForm(state: ExplorerState): void {
  for (const id of FLAGSHIP_IDS) {
    const box = must<HTMLInputElement>(`arr-${id}`);
    box.checked = state.arrangements.includes(id);
    box.disabled = id === state.baseline;
  }
  must<HTMLSelectElement>("baseline").value = state.baseline;
  must<HTMLSelectElement>("population").value = state.population;
  must<HTMLInputElement>("runs").value = String(state.runs);
  must<HTMLInputElement>("seed").value = state.seed;
  must<HTMLInputElement>("lever-noNewMoney").checked = state.levers["levers.noNewMoney"] === true;
  for (const { path } of NUMERIC_LEVERS) {
    const v = state.levers[path];
    must<HTMLInputElement>(`lever-${path.replaceAll(".", "-")}`).value = typeof v === "number" ? String(v) : "";
  }
  const g = state.levers["future.growth"];
  must<HTMLSelectElement>("lever-future-growth").value = typeof g === "string" ? g : "";
  const iho = [state.baseline, ...state.arrangements].some(heldByIho);
  must<HTMLInputElement>("lever-governance-coreShiftPerYear").disabled = !iho;
}

function readForm(): ExplorerState {
  const baseline = must<HTMLSelectElement>("baseline").value as ArrangementId;
  const arrangements = FLAGSHIP_IDS.filter((id) => id !== baseline && must<HTMLInputElement>(`arr-${id}`).checked);
  const levers: Partial<Record<LeverPath, number | boolean | string>> = {};
  if (must<HTMLInputElement>("lever-noNewMoney").checked) levers["levers.noNewMoney"] = true;
  for (const { path } of NUMERIC_LEVERS) {
    const input = must<HTMLInputElement>(`lever-${path.replaceAll(".", "-")}`);
    if (input.value.trim() !== "" && Number.isFinite(input.valueAsNumber)) levers[path] = input.valueAsNumber;
  }
  const growth = must<HTMLSelectElement>("lever-future-growth").value;
  if (growth !== "") levers["future.growth"] = growth;
  return {
    version: DEFAULT_STATE.version,
    model: MODEL_VERSION,
    arrangements,
    baseline,
    population: must<HTMLSelectElement>("population").value as ExplorerState["population"],
    runs: Number.parseInt(must<HTMLInputElement>("runs").value, 10),
    seed: must<HTMLInputElement>("seed").value.trim(),
    levers: levers satisfies Levers,
  };
}

// ---------------------------------------------------------------------------------------------------------------
// Messages

function showProblems(title: string, issues: readonly ConfigIssue[], changes: readonly string[] = []): void {
  const box = must<HTMLDivElement>("problems");
  box.replaceChildren();
  if (issues.length === 0 && changes.length === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  box.append(el("h2", {}, title), el("ul", {}, ...issues.map((i) => el("li", { "data-path": i.path }, i.message))));
  if (changes.length > 0) box.append(el("p", {}, "Opened the nearest valid state instead: ", changes.join("; "), "."));
}

function problemsOf(e: unknown): ConfigIssue[] {
  if (e instanceof ConfigError) return [...e.issues];
  return [{ path: "(run)", expected: "a run that finishes", value: undefined, message: e instanceof Error ? e.message : String(e) }];
}

// ---------------------------------------------------------------------------------------------------------------
// Sharing

function updateShare(state: ExplorerState): void {
  const fragment = encodeState(state);
  history.replaceState(null, "", `#${fragment}`);
  must<HTMLInputElement>("link").value = location.href;
  must<HTMLElement>("cli-command").textContent = cliCommand(state);
  const files = must<HTMLDivElement>("yaml-files");
  files.replaceChildren();
  const needed = filesNeeded(state);
  if (needed.length === 0) files.append(el("p", {}, "No scenario file is needed: the presets run as they are."));
  for (const id of needed) {
    const b = el("button", { type: "button" }, `Download ${id}.yaml`);
    b.addEventListener("click", () => saveText(`${id}.yaml`, scenarioYaml(state, id), "application/yaml"));
    files.append(b);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// Results

let chartApi: Comlink.Remote<ChartWorkerApi> | undefined;
function charts(): Comlink.Remote<ChartWorkerApi> {
  chartApi ??= Comlink.wrap<ChartWorkerApi>(new Worker(new URL("./chart-worker.ts", import.meta.url), { type: "module", name: "charts" }));
  return chartApi;
}

const signedMoney = (x: number): string => `${x >= 0 ? "+" : "−"}£${Math.abs(x).toFixed(2)}`;

function showHeadline(summary: BatchSummary, state: ExplorerState): void {
  const last = summary.years[summary.years.length - 1] ?? "";
  const box = must<HTMLDivElement>("headline");
  box.replaceChildren(el("h2", {}, `General practice funding per weighted patient in ${last}: paired difference from ${titleOf(state.baseline)}`));
  const list = el("ul", { class: "differences" });
  for (const id of summary.scenarios) {
    if (id === summary.baseline) continue;
    const p = summary.paired.find((d) => d.b === id && d.indicator === HEADLINE_INDICATOR && d.year === last);
    const c = summary.cumulative.find((d) => d.b === id && d.indicator === CUMULATIVE);
    if (p === undefined) continue;
    const item = el(
      "li",
      { class: "difference", "data-scenario": id, "data-mean": String(p.mean), "data-ci-low": String(p.ciLow), "data-ci-high": String(p.ciHigh), "data-n": String(p.n) },
      el("strong", {}, `${id}: ${signedMoney(p.mean)}`),
      ` a weighted patient (95% interval of the mean ${signedMoney(p.ciLow)} to ${signedMoney(p.ciHigh)}, ${p.n} paired runs)`,
    );
    if (c !== undefined) item.append(`; added up over every year: ${c.mean < 0 ? "−" : "+"}£${Math.round(Math.abs(c.mean)).toLocaleString("en-GB")}m (${INDICATORS[CUMULATIVE].unit})`);
    item.dataset.cumulativeMean = c === undefined ? "" : String(c.mean);
    list.append(item);
  }
  const label = `${INDICATORS[HEADLINE_INDICATOR].label} (${INDICATORS[HEADLINE_INDICATOR].unit})`;
  box.append(list, el("pre", { id: "summary-table", tabindex: "0", "aria-label": "The table the command line prints" }, formatSummaryTable(summary, HEADLINE_INDICATOR, EROSION_THRESHOLD, label, CUMULATIVE, INDICATORS[CUMULATIVE].unit)));
}

function chartFigure(chart: ReportChart): HTMLElement {
  const figure = el("figure", { class: "chart", "data-subject": chart.subject });
  const holder = el("div", { class: "svg", role: "img", "aria-label": chart.subject });
  holder.innerHTML = chart.svg;
  const base = chart.file.replace(/\.svg$/, "");
  const svgButton = el("button", { type: "button" }, "SVG");
  svgButton.addEventListener("click", () => saveText(chart.file, chart.svg, "image/svg+xml"));
  const pngButton = el("button", { type: "button" }, "PNG");
  pngButton.addEventListener("click", () => {
    void svgToPng(chart.svg).then((blob) => saveBlob(`${base}.png`, blob));
  });
  figure.append(holder, el("figcaption", {}, `${chart.file} `, svgButton, " ", pngButton));
  return figure;
}

/** Draws the report's charts for a summary (the sections chosen), newest request wins. */
function createChartDrawer(state: ExplorerState, scenarios: readonly Scenario[], onFirst: () => void): { draw(summary: BatchSummary, sections: readonly ReportSection[]): Promise<void>; idle(): Promise<void> } {
  let busy: Promise<void> = Promise.resolve();
  let pending: { summary: BatchSummary; sections: readonly ReportSection[] } | undefined;
  let first = true;
  const options = batchReportOptions(scenarios, state.runs);
  const drawNow = async (summary: BatchSummary, sections: readonly ReportSection[]): Promise<void> => {
    const drawn = await charts().draw(summary, { ...options, sections });
    const box = must<HTMLDivElement>("charts");
    box.replaceChildren();
    if (drawn.takeawayHtml !== "") {
      const h = el("h2", { class: "takeaway" });
      h.innerHTML = drawn.takeawayHtml;
      box.append(h);
    }
    for (const chart of drawn.charts) if (chart.inPage) box.append(chartFigure(chart));
    if (first && drawn.charts.length > 0) {
      first = false;
      onFirst();
    }
  };
  const loop = async (): Promise<void> => {
    while (pending !== undefined) {
      const { summary, sections } = pending;
      pending = undefined;
      try {
        await drawNow(summary, sections);
      } catch (e) {
        // A summary of too few runs for a chart: the next one draws it.
        console.warn("explorer: chart not drawn yet:", e);
      }
    }
  };
  return {
    draw(summary, sections) {
      const wasIdle = pending === undefined;
      pending = { summary, sections };
      if (wasIdle) busy = busy.then(loop);
      return busy;
    },
    idle: () => busy,
  };
}

function showIcbs(pool: WorkerPool, summary: BatchSummary): void {
  const box = must<HTMLDivElement>("icbs");
  box.replaceChildren();
  const baseline = summary.baseline;
  const arrangements = summary.scenarios.filter((s) => s !== baseline);
  const sums = new Map<string, { codes: readonly string[]; diff: number[]; base: number[]; n: number }>();
  for (let run = 0; run < summary.runs; run++) {
    const b = pool.takeIcbValues(baseline, run);
    const others = arrangements.map((id) => pool.takeIcbValues(id, run));
    if (b === undefined) continue;
    arrangements.forEach((id, k) => {
      const o = others[k];
      if (o === undefined) return;
      const s = sums.get(id) ?? { codes: b.codes, diff: b.codes.map(() => 0), base: b.codes.map(() => 0), n: 0 };
      b.codes.forEach((_, i) => {
        s.diff[i]! += o.perPatient[i]! - b.perPatient[i]!;
        s.base[i]! += b.perPatient[i]!;
      });
      s.n += 1;
      sums.set(id, s);
    });
  }
  if (sums.size === 0) {
    box.hidden = true;
    return;
  }
  box.hidden = false;
  const last = summary.years[summary.years.length - 1] ?? "";
  box.append(el("h2", {}, `Each integrated care board in ${last}: general practice payments per registered patient (cash £), paired difference from ${baseline}`));
  for (const [id, s] of sums) {
    const rows = s.codes.map((code, i) => ({ code, base: s.base[i]! / s.n, diff: s.diff[i]! / s.n })).sort((x, y) => x.diff - y.diff);
    const table = el("table", { class: "icbs", "data-scenario": id }, el("caption", {}, `${id} against ${baseline}, mean over ${s.n} paired runs`), el("thead", {}, el("tr", {}, el("th", { scope: "col" }, "ICB"), el("th", { scope: "col" }, `${baseline} (£ a patient)`), el("th", { scope: "col" }, "difference (£ a patient)"))));
    const body = el("tbody");
    for (const r of rows) body.append(el("tr", {}, el("th", { scope: "row" }, r.code), el("td", {}, r.base.toFixed(2)), el("td", {}, signedMoney(r.diff))));
    table.append(body);
    box.append(el("div", { class: "table-scroll", tabindex: "0" }, table));
  }
}

async function sha256Hex(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

// ---------------------------------------------------------------------------------------------------------------
// The page

let pool: WorkerPool | undefined;
let controller: AbortController | undefined;

async function runBatch(state: ExplorerState): Promise<void> {
  const status = must<HTMLParagraphElement>("status");
  const progress = must<HTMLProgressElement>("progress");
  const pressed = performance.now();
  let scenarios: Scenario[];
  try {
    scenarios = await buildScenarios(state);
  } catch (e) {
    showProblems("These settings cannot run", problemsOf(e));
    return;
  }
  showProblems("", []);
  const register = state.population === "england";
  // The chart worker loads its libraries while the data is fetched and the first runs run.
  void charts().warm();
  pool ??= createWorkerPool(() => new Worker(new URL("./run-worker.ts", import.meta.url), { type: "module", name: "runs" }));
  controller = new AbortController();
  const signal = controller.signal;
  must<HTMLButtonElement>("run").disabled = true;
  must<HTMLButtonElement>("stop").disabled = false;
  document.body.dataset.state = "running";
  must<HTMLDivElement>("charts").replaceChildren();
  must<HTMLDivElement>("headline").replaceChildren();
  must<HTMLDivElement>("icbs").replaceChildren();
  const total = scenarios.length * state.runs;
  progress.max = total;
  progress.value = 0;
  status.textContent = register ? "Fetching and checking the practice register and the ensemble…" : "Fetching the calibrated ensemble…";
  const records: RunRecord[] = [];
  const drawer = createChartDrawer(state, scenarios, () => {
    const ms = performance.now() - pressed;
    must<HTMLDivElement>("charts").dataset.firstChartMs = ms.toFixed(0);
    console.info(`explorer: first chart ${ms.toFixed(0)} ms after pressing run`);
  });
  try {
    const info = await pool.prepare(register);
    must<HTMLParagraphElement>("ensemble").textContent =
      `Uncertain parameters are drawn run by run from the shipped calibrated ensemble (${info.method}; ${(info.ensembleBytes / 1024).toFixed(0)} KB)` +
      (info.registerBytes === undefined ? "." : `; the practice register fetched: ${(info.registerBytes / 1048576).toFixed(1)} MB compressed, each file's sha-256 checked.`);
    const batchScenarios = scenarios.map((s) => ({ id: s.id, config: s }));
    const hashes = await Promise.all(batchScenarios.map((s) => sha256Hex(configText(s.config))));
    status.textContent = `Running ${scenarioIds(state).join(", ")} × ${state.runs} runs × ${scenarios[0]!.years} years on ${pool.size} Web Worker${pool.size === 1 ? "" : "s"}…`;
    let lastDraw = 0;
    const summary = await foldBatch({
      worker: "explorer",
      scenarios: batchScenarios,
      scenarioHashes: hashes,
      runs: state.runs,
      masterSeed: state.seed,
      years: scenarios[0]!.years,
      executor: pool,
      erosion: [{ indicator: HEADLINE_INDICATOR, threshold: EROSION_THRESHOLD }],
      producer: PRODUCER,
      signal,
      onProgress: (p) => {
        progress.value = p.done;
        status.textContent = `${p.done} of ${p.total} runs (${p.runsPerSecond.toFixed(1)} runs a second)`;
      },
      onRecord: (r) => records.push(r),
      onFolded: (folded, get) => {
        // Live charts while the batch runs: from two paired runs, at most about twice a second.
        const now = performance.now();
        if (folded < 2 * scenarios.length || folded === total || now - lastDraw < 500) return;
        const s = get();
        showHeadline(s, state);
        // The headline chart alone first, then the paired differences per year with it.
        void drawer.draw(s, lastDraw === 0 ? ["answer"] : ["answer", "differences"]);
        lastDraw = now;
      },
    });
    lastSummary = { summary, records };
    showHeadline(summary, state);
    if (register) showIcbs(pool, summary);
    status.textContent = `Drawing the charts of ${summary.runs} runs…`;
    await drawer.draw(summary, ["answer", "differences", "indicators", "money"]);
    status.textContent = `Done: ${total} runs in ${((performance.now() - pressed) / 1000).toFixed(1)} s${summary.failures.length > 0 ? `; ${summary.failures.length} failed (${summary.failures[0]!.message})` : ""}.`;
    must<HTMLDivElement>("downloads").hidden = false;
    document.body.dataset.state = "done";
  } catch (e) {
    if (e instanceof Error && e.name === "AbortError") {
      status.textContent = "Stopped.";
      document.body.dataset.state = "stopped";
    } else {
      showProblems("The run failed", problemsOf(e));
      status.textContent = "The run failed.";
      document.body.dataset.state = "failed";
    }
  } finally {
    must<HTMLButtonElement>("run").disabled = false;
    must<HTMLButtonElement>("stop").disabled = true;
    controller = undefined;
  }
}

let lastSummary: { readonly summary: BatchSummary; readonly records: readonly RunRecord[] } | undefined;

function buildPage(): void {
  const app = must<HTMLElement>("app");
  app.replaceChildren(
    el("div", { id: "problems", role: "alert", hidden: "" }),
    buildControls(),
    el(
      "section",
      { id: "results", "aria-label": "Results" },
      el("p", { id: "ensemble" }, "Uncertain parameters are drawn run by run from the shipped calibrated ensemble (loaded when you press Run)."),
      el("label", { for: "progress" }, "Progress"),
      el("progress", { id: "progress", max: "1", value: "0" }),
      el("p", { id: "status", role: "status" }, "Choose what to compare and press Run."),
      el("div", { id: "headline" }),
      el("div", { id: "charts" }),
      el("div", { id: "icbs", hidden: "" }),
      el(
        "div",
        { id: "downloads", hidden: "" },
        el("h2", {}, "Take the results away"),
        el("button", { type: "button", id: "download-summary" }, "Summary (summary.json)"),
        " ",
        el("button", { type: "button", id: "download-runs" }, "Every run (runs.csv)"),
        " ",
        el("button", { type: "button", id: "download-flows" }, "Money flows of every run (flows.csv)"),
      ),
    ),
    el(
      "section",
      { id: "share", "aria-label": "Share and reproduce" },
      el("h2", {}, "Share and reproduce"),
      el("label", { for: "link" }, "Link to this state (opening it reproduces the numbers)"),
      el("input", { id: "link", type: "text", readonly: "" }),
      el("button", { type: "button", id: "copy-link" }, "Copy link"),
      el("p", {}, "The same batch in Node, bit for bit (save any scenario file below beside it first):"),
      el("code", { id: "cli-command" }),
      " ",
      el("button", { type: "button", id: "copy-cli" }, "Copy as CLI command"),
      el("div", { id: "yaml-files" }),
      el("p", { class: "version" }, `Model ${MODEL_VERSION}.`),
    ),
  );
  const form = must<HTMLFormElement>("controls");
  form.addEventListener("change", () => {
    const state = readForm();
    writeForm(state);
    updateShare(readForm());
  });
  form.addEventListener("submit", (e) => {
    e.preventDefault();
    const state = readForm();
    updateShare(state);
    void runBatch(state);
  });
  must<HTMLButtonElement>("stop").addEventListener("click", () => controller?.abort());
  must<HTMLButtonElement>("reset").addEventListener("click", () => {
    writeForm(DEFAULT_STATE);
    updateShare(readForm());
    showProblems("", []);
  });
  must<HTMLButtonElement>("copy-link").addEventListener("click", () => void copyText(location.href));
  must<HTMLButtonElement>("copy-cli").addEventListener("click", () => void copyText(must<HTMLElement>("cli-command").textContent ?? ""));
  must<HTMLButtonElement>("download-summary").addEventListener("click", () => lastSummary !== undefined && saveText("summary.json", canonicalJson(lastSummary.summary), "application/json"));
  must<HTMLButtonElement>("download-runs").addEventListener("click", () => lastSummary !== undefined && saveText("runs.csv", runTableCsv(lastSummary.records), "text/csv"));
  must<HTMLButtonElement>("download-flows").addEventListener("click", () => lastSummary !== undefined && saveText("flows.csv", runTableCsv(lastSummary.records, "flows"), "text/csv"));
}

async function start(): Promise<void> {
  buildPage();
  const read = await decodeState(location.hash, validateArrangement);
  writeForm(read.state);
  showProblems("This link has problems", read.issues, read.changes);
  if (read.state.model !== "" && read.state.model !== MODEL_VERSION) {
    must<HTMLDivElement>("problems").hidden = false;
    must<HTMLDivElement>("problems").append(el("p", { class: "stale" }, `This link was made with model ${read.state.model}; this page runs ${MODEL_VERSION}, so its numbers may differ from the ones shared.`));
  }
  updateShare(readForm());
  document.body.dataset.state = "ready";
}

window.addEventListener("hashchange", () => {
  void decodeState(location.hash, validateArrangement).then((read) => {
    writeForm(read.state);
    showProblems("This link has problems", read.issues, read.changes);
  });
});

void start();
