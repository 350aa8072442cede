/**
 * The calibration report: one page (the reports' page shell) with, per wave, the design, the emulators'
 * leave-one-out diagnostics and the non-implausible volume left; the posterior (effective sample size,
 * distinct sets, the parameters the fit moved most as a pairs plot); each fitted output against the model's
 * runs at region and posterior draws; and, when given, the out-of-sample coverage per measure and the
 * simulation-based calibration's rank plots.
 * @packageDocumentation
 */
import { systematicResample, type HistoryMatchWave, type SbcParameterResult, type UniformityBand } from "@ringfence/core/calibrate";
import { csvOfRows, type ChartSpec } from "./backcast-report.js";
import type { Ensemble } from "./ensemble.js";
import type { FitCheck } from "./history-match.js";

/** Out-of-sample coverage of one measure: reserved ICB-year points inside the model's 90% band. */
export interface CoverageRow {
  /** The measure. */
  readonly measure: string;
  /** Which years: fit or reserved. */
  readonly years: "fit" | "reserved";
  /** Points compared. */
  readonly points: number;
  /** Of which inside the 90% band. */
  readonly covered: number;
}

/** What the calibration report is drawn from. */
export interface CalibrationReportInput {
  /** The shipped (or new) ensemble, with its provenance. */
  readonly ensemble: Ensemble;
  /** The history match's waves. */
  readonly waves: readonly HistoryMatchWave[];
  /** The model run at region draws and at posterior draws. */
  readonly checks: { readonly region: FitCheck; readonly posterior: FitCheck };
  /** The parameters' prior boxes, by name. */
  readonly boxes: Readonly<Record<string, { readonly low: number; readonly high: number }>>;
  /** The command that produced it. */
  readonly command: string;
  /** Out-of-sample coverage, when a backcast with the reserved years was run. */
  readonly coverage?: readonly CoverageRow[];
  /** Its command. */
  readonly coverageCommand?: string;
  /** Simulation-based calibration of the reduced problem, when run. */
  readonly sbc?: { readonly parameters: readonly SbcParameterResult[]; readonly band: UniformityBand; readonly command: string; readonly seconds?: number; readonly simulations?: number };
}

/** A chart of the page with the files saved beside it. */
export interface CalibrationChart {
  /** File name under charts/. */
  readonly file: string;
  /** The SVG. */
  readonly svg: string;
  /** The CSV of its data. */
  readonly csv: string;
}

/** Weighted mean and standard deviation of column k of the particles. */
function weightedMoments(particles: readonly { readonly values: readonly number[]; readonly weight: number }[], k: number): { mean: number; sd: number } {
  let w = 0;
  let m = 0;
  for (const p of particles) {
    w += p.weight;
    m += p.weight * p.values[k]!;
  }
  m /= w;
  let v = 0;
  for (const p of particles) v += p.weight * (p.values[k]! - m) ** 2;
  return { mean: m, sd: Math.sqrt(v / w) };
}

/** Each parameter's posterior spread against its prior's (a uniform box: width / √12); smaller is more informed. */
export function shrinkage(ensemble: Ensemble, boxes: CalibrationReportInput["boxes"]): { readonly name: string; readonly mean: number; readonly sd: number; readonly ratio: number }[] {
  return ensemble.parameters.map((name, k) => {
    const { mean, sd } = weightedMoments(ensemble.particles, k);
    const box = boxes[name];
    const prior = box === undefined ? Number.NaN : (box.high - box.low) / Math.sqrt(12);
    return { name, mean, sd, ratio: sd / prior };
  });
}


/** The pairs plot of the posterior in the named parameters (a resample of the particles by weight). */
function pairsSpec(ensemble: Ensemble, names: readonly string[], points: number): { spec: ChartSpec; rows: Record<string, number>[] } {
  const idx = names.map((n) => ensemble.parameters.indexOf(n));
  // A systematic resample by weight, so the cloud's density is the posterior's.
  const rows = systematicResample(ensemble.particles.map((p) => p.weight), points, 0.5).map((k) => Object.fromEntries(names.map((n, j) => [n, ensemble.particles[k]!.values[idx[j]!]!])));
  const spec: ChartSpec = {
    data: { values: rows },
    repeat: { row: [...names], column: [...names].reverse() },
    spec: {
      width: 110,
      height: 110,
      mark: { type: "circle", size: 8, opacity: 0.35, color: "#0072B2" },
      encoding: {
        x: { field: { repeat: "column" }, type: "quantitative", scale: { zero: false }, axis: { labelFontSize: 11, titleFontSize: 11 } },
        y: { field: { repeat: "row" }, type: "quantitative", scale: { zero: false }, axis: { labelFontSize: 11, titleFontSize: 11 } },
      },
    },
  };
  return { spec, rows };
}

/** Volume left after each wave, on a log scale. */
function volumeSpec(waves: readonly HistoryMatchWave[]): ChartSpec {
  return {
    data: { values: waves.map((w) => ({ wave: w.index, volume: Math.max(w.region.volume, 1e-12) })) },
    width: 320,
    height: 180,
    mark: { type: "line", point: true, color: "#0072B2" },
    encoding: {
      x: { field: "wave", type: "ordinal", title: "wave" },
      y: { field: "volume", type: "quantitative", scale: { type: "log" }, title: "non-implausible share of the box" },
    },
  };
}

/** The ECDF-difference plot of each SBC parameter with its simultaneous band. */
function sbcSpec(sbc: NonNullable<CalibrationReportInput["sbc"]>): { spec: ChartSpec; rows: Record<string, string | number>[] } {
  const L = sbc.band.draws;
  const n = sbc.band.n;
  const rows: Record<string, string | number>[] = [];
  for (const p of sbc.parameters) {
    for (let j = 1; j <= L; j++) {
      const z = j / (L + 1);
      rows.push({ parameter: p.name, rank: z, difference: p.ecdfDifference[j - 1]!, low: sbc.band.lower[j - 1]! / n - z, high: sbc.band.upper[j - 1]! / n - z });
    }
  }
  const spec: ChartSpec = {
    data: { values: rows },
    facet: { field: "parameter", type: "nominal", title: null },
    columns: 3,
    spec: {
      width: 200,
      height: 120,
      layer: [
        { mark: { type: "area", color: "#999999", opacity: 0.3 }, encoding: { x: { field: "rank", type: "quantitative", title: "fractional rank" }, y: { field: "low", type: "quantitative", title: "ECDF − uniform" }, y2: { field: "high" } } },
        { mark: { type: "line", color: "#0072B2" }, encoding: { x: { field: "rank", type: "quantitative" }, y: { field: "difference", type: "quantitative" } } },
      ],
    },
  };
  return { spec, rows };
}

const pct = (x: number): string => `${(100 * x).toFixed(0)}%`;
const num = (x: number): string => (Number.isFinite(x) ? (Math.abs(x) >= 1000 ? Math.round(x).toLocaleString("en-GB") : x.toPrecision(4)) : "–");

/** Renders the calibration report: the page's HTML and its charts (each with a CSV of its data). */
export async function renderCalibrationPage(input: CalibrationReportInput): Promise<{ readonly html: string; readonly charts: readonly CalibrationChart[] }> {
  const { CHART_CONFIG, escapeHtml: escape, renderPage, renderSvg } = await import("@ringfence/core/results");
  const charts: CalibrationChart[] = [];
  const links = (file: string): string => `<p class="download">Download: <a href="charts/${file}.svg">SVG</a> · <a href="charts/${file}.png">PNG</a> · <a href="charts/${file}.csv">CSV</a></p>`;
  const method = input.ensemble.provenance.method as { readonly posterior?: { readonly particles: number; readonly ess: number; readonly distinct: number } } | undefined;
  const post = method?.posterior;
  const { region, posterior } = input.checks;

  // Waves.
  const volumeSvg = await renderSvg({ ...volumeSpec(input.waves), config: CHART_CONFIG });
  charts.push({ file: "volume.svg", svg: volumeSvg, csv: csvOfRows(input.waves.map((w) => ({ wave: w.index, designPoints: w.design.length, runs: w.runs.length, volume: w.region.volume, emulatorsUsed: w.emulators.filter((e) => e.used).length }))) });
  const waveRows = input.waves
    .map((w) => {
      const used = w.emulators.filter((e) => e.used).length;
      const loo = w.emulators.flatMap((e) => (e.looShareWithin3 === null ? [] : [e.looShareWithin3]));
      return `<tr><td>${w.index}</td><td>${w.design.length}</td><td>${w.runs.length}</td><td>${used} of ${w.emulators.length}</td><td>${loo.length === 0 ? "–" : `${pct(Math.min(...loo))} (median ${pct(loo.sort((a, b) => a - b)[Math.floor(loo.length / 2)]!)})`}</td><td>${w.region.volume.toExponential(2)}</td></tr>`;
    })
    .join("\n");
  const lastWave = input.waves.at(-1);
  const emulatorRows =
    lastWave === undefined
      ? ""
      : lastWave.emulators
          .map((e) => `<tr class="${e.used ? "in" : "out"}"><td>${escape(e.target)}</td><td>${num(e.observed)}</td><td>${e.looShareWithin3 === null ? "–" : pct(e.looShareWithin3)}</td><td>${e.used ? "yes" : escape(`no: ${e.note}`)}</td><td>${num(Math.sqrt(e.variances.observation))}</td><td>${num(Math.sqrt(e.variances.discrepancy))}</td><td>${num(Math.sqrt(e.variances.ensemble))} (${e.variances.ensembleSource})</td></tr>`)
          .join("\n");

  // Posterior.
  const shrunk = shrinkage(input.ensemble, input.boxes).sort((a, b) => a.ratio - b.ratio);
  const top = shrunk.slice(0, 5).map((s) => s.name);
  const pairs = pairsSpec(input.ensemble, top, 400);
  const pairsSvg = await renderSvg({ ...pairs.spec, config: CHART_CONFIG });
  charts.push({ file: "pairs.svg", svg: pairsSvg, csv: csvOfRows(pairs.rows) });
  const shrinkRows = shrunk.map((s) => `<tr><td>${escape(s.name)}</td><td>${num(input.boxes[s.name]?.low ?? Number.NaN)} – ${num(input.boxes[s.name]?.high ?? Number.NaN)}</td><td>${num(s.mean)}</td><td>${num(s.sd)}</td><td>${s.ratio.toFixed(2)}</td></tr>`).join("\n");

  // Fit.
  const fitRows = posterior.perTarget
    .map((t, j) => {
      const r = region.perTarget[j];
      return `<tr class="${t.share >= 0.5 ? "in" : "out"}"><td>${escape(t.name)}</td><td>${num(t.observed)}</td><td>± ${num(3 * t.sd)}</td><td>${num(t.median)} (${num(t.p5)} to ${num(t.p95)})</td><td>${medianMiss(t)}</td><td>${pct(t.share)}</td><td>${r === undefined ? "–" : pct(r.share)}</td></tr>`;
    })
    .join("\n");

  // Out-of-sample.
  const coverage =
    input.coverage === undefined
      ? `<p>Not in this report: run <code>npx ringfence backcast --split all</code> and render the report with its folder.</p>`
      : `<p>Reproduce with <code>${escape(input.coverageCommand ?? "")}</code>. The target is 80–95% of the reserved points inside the 90% band, per measure.</p><div class="table-wrap"><table><thead><tr><th>measure</th><th>years</th><th>ICB-year points</th><th>inside the 90% band</th></tr></thead><tbody>${input.coverage.map((c) => `<tr class="${c.years === "reserved" && (c.covered / c.points < 0.8 || c.covered / c.points > 0.95) ? "out" : "in"}"><td>${escape(c.measure)}</td><td>${c.years}</td><td>${c.points}</td><td>${pct(c.covered / Math.max(1, c.points))}</td></tr>`).join("")}</tbody></table></div>`;

  // SBC.
  let sbcSection = "";
  if (input.sbc !== undefined) {
    const s = sbcSpec(input.sbc);
    const svg = await renderSvg({ ...s.spec, config: CHART_CONFIG });
    charts.push({ file: "sbc.svg", svg, csv: csvOfRows(s.rows) });
    const verdicts = input.sbc.parameters.map((p) => `${escape(p.name)}: ${p.uniform ? "uniform" : "<strong>not uniform</strong>"}`).join("; ");
    sbcSection = `<section id="sbc"><h2>Simulation-based calibration (reduced problem)</h2><p>${input.sbc.band.n} synthetic truths drawn from the prior, ${input.sbc.band.draws} posterior draws each${input.sbc.simulations === undefined ? "" : `, ${input.sbc.simulations.toLocaleString("en-GB")} backcasts`}${input.sbc.seconds === undefined ? "" : ` in ${Math.round(input.sbc.seconds / 60)} minutes`}. Reproduce with <code>${escape(input.sbc.command)}</code>. The line is each parameter's rank ECDF minus the uniform CDF; the grey band holds it with ${pct(input.sbc.band.level)} simultaneous probability when the method is calibrated. ${verdicts}.</p><figure>${svg}${links("sbc")}</figure></section>`;
  }

  const html = renderPage({
    title: "Calibration: history matching to the fit years, 2014/15–2018/19",
    intro: "Waves of backcasts cut the parameter space to where the model can match the fitted outputs (Gaussian-process emulators, implausibility ≤ 3); a posterior of weighted parameter sets is then drawn inside that region, and the model itself is run at draws from both to check the fit.",
    facts: [
      `Waves <b>${input.waves.length}</b>`,
      `Non-implausible share of the box <b>${lastWave === undefined ? "–" : lastWave.region.volume.toExponential(2)}</b>`,
      ...(post === undefined ? [] : [`Posterior <b>${post.particles}</b> sets, ESS <b>${post.ess.toFixed(0)}</b>, distinct <b>${post.distinct}</b>`]),
      `Region runs hitting every fitted output <b>${region.hitAll} of ${region.runs}</b>`,
      `Posterior runs hitting every fitted output <b>${posterior.hitAll} of ${posterior.runs}</b>`,
    ],
    nav: [["waves", "Waves"], ["posterior", "Posterior"], ["fit", "Fit"], ["coverage", "Out of sample"], ...(sbcSection === "" ? [] : [["sbc", "SBC"] as const])],
    css: "tr.out td{color:#b2182b}tr.in td:last-child{color:#1b7837}",
    footer: "Each chart is also saved in charts/ as SVG, PNG and the CSV of its data.",
    body: `<p>Reproduce with <code>${escape(input.command)}</code>.</p>
<section id="waves"><h2>Waves</h2><figure>${volumeSvg}${links("volume")}</figure><div class="table-wrap"><table><thead><tr><th>wave</th><th>design points</th><th>runs</th><th>emulators used</th><th>leave-one-out within ±3: worst</th><th>volume left</th></tr></thead><tbody>${waveRows}</tbody></table></div>
<h3>The last wave's emulators</h3><div class="table-wrap"><table><thead><tr><th>output</th><th>observed</th><th>leave-one-out within ±3</th><th>used</th><th>observation sd</th><th>discrepancy sd</th><th>model's own sd</th></tr></thead><tbody>${emulatorRows}</tbody></table></div></section>
<section id="posterior"><h2>Posterior</h2><p>The five parameters whose posterior spread shrank most against their prior's, as a pairs plot of 400 draws by weight:</p><figure>${pairsSvg}${links("pairs")}</figure><div class="table-wrap"><table><thead><tr><th>parameter</th><th>prior box</th><th>posterior mean</th><th>posterior sd</th><th>sd ÷ prior sd</th></tr></thead><tbody>${shrinkRows}</tbody></table></div></section>
<section id="fit"><h2>Each fitted output</h2><p>The model run at ${posterior.runs} posterior draws: median and 90% of runs; a run hits an output within 3 sd of observation error and model discrepancy. The median's miss is in those sd: a miss near ±2 or beyond, where the model's own sd (the emulators' table) is small against the 3 sd a run may miss by, is systematic, a mechanism or an input the model lacks, not noise.</p><div class="table-wrap"><table><thead><tr><th>output</th><th>observed</th><th>hit within</th><th>posterior runs: median (90%)</th><th>median's miss (sd)</th><th>posterior runs hitting</th><th>region runs hitting</th></tr></thead><tbody>${fitRows}</tbody></table></div></section>
<section id="coverage"><h2>Out of sample</h2>${coverage}</section>
${sbcSection}`,
  });
  return { html, charts };
}

/** A fitted output's posterior median less the observed value, in sd of observation error and discrepancy. */
function medianMiss(t: { readonly median: number; readonly observed: number; readonly sd: number }): string {
  const z = (t.median - t.observed) / t.sd;
  return Number.isFinite(z) ? `${z > 0 ? "+" : z < 0 ? "−" : ""}${Math.abs(z).toFixed(1)}` : "–";
}

/** Coverage per measure and split (fit, reserved) of the per-ICB panel rows a backcast wrote. */
export function coverageOf(rows: readonly { readonly measure: string; readonly split: string; readonly covered: boolean }[]): CoverageRow[] {
  const out = new Map<string, { measure: string; years: "fit" | "reserved"; points: number; covered: number }>();
  for (const r of rows) {
    if (r.split !== "fit" && r.split !== "reserved") continue;
    const key = `${r.measure}|${r.split}`;
    const c = out.get(key) ?? { measure: r.measure, years: r.split, points: 0, covered: 0 };
    c.points++;
    if (r.covered) c.covered++;
    out.set(key, c);
  }
  return [...out.values()].sort((a, b) => (a.years === b.years ? a.measure.localeCompare(b.measure) : a.years === "fit" ? -1 : 1));
}
