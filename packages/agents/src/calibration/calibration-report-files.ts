/**
 * Writing the calibration report from a calibration's folder (Node): the ensemble, the wave files and the
 * checks `ringfence calibrate` wrote, and optionally a backcast's per-ICB panel and an SBC result.
 * @packageDocumentation
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { parseHistoryMatchWave, type HistoryMatchWave, type SbcParameterResult, type UniformityBand } from "@ringfence/core/calibrate";
import { parseIcbPanel } from "./backcast-report.js";
import { coverageOf, renderCalibrationPage, type CalibrationReportInput } from "./calibration-report.js";
import { parseEnsemble } from "./ensemble.js";
import type { FitCheck } from "./history-match.js";
import { historyInputs } from "./history-match.js";

/** The prior boxes of the parameters the calibration searches, by name. */
export function searchedBoxes(): Record<string, { readonly low: number; readonly high: number }> {
  return Object.fromEntries(historyInputs().flatMap((p) => (p.prior.kind === "uniform" ? [[p.name, { low: p.prior.low, high: p.prior.high }]] : [])));
}

/** Reads what the report needs from a calibration folder, a backcast folder (optional) and an SBC file (optional). */
export function readCalibrationReportInput(dir: string, options: { readonly command: string; readonly backcast?: string; readonly backcastCommand?: string; readonly sbc?: string; readonly sbcCommand?: string }): CalibrationReportInput {
  const ensemble = parseEnsemble(JSON.parse(readFileSync(join(dir, "ensemble.json"), "utf8")));
  const names = new Set(readdirSync(join(dir, "waves")));
  const waves: HistoryMatchWave[] = [];
  for (let k = 0; names.has(`wave-${k}.json`); k++) waves.push(parseHistoryMatchWave(JSON.parse(readFileSync(join(dir, "waves", `wave-${k}.json`), "utf8"))));
  const checks = JSON.parse(readFileSync(join(dir, "checks.json"), "utf8")) as { region: FitCheck; posterior: FitCheck };
  const panelFile = options.backcast === undefined ? undefined : join(options.backcast, "icb-panel.csv");
  if (panelFile !== undefined && !existsSync(panelFile)) throw new Error(`${panelFile}: expected the per-ICB panel of an England backcast`);
  const sbc = options.sbc === undefined ? undefined : (JSON.parse(readFileSync(options.sbc, "utf8")) as { parameters: SbcParameterResult[]; band: UniformityBand; seconds?: number; simulations?: number });
  return {
    ensemble,
    waves,
    checks,
    boxes: searchedBoxes(),
    command: options.command,
    ...(panelFile === undefined ? {} : { coverage: coverageOf(parseIcbPanel(readFileSync(panelFile, "utf8"))), coverageCommand: options.backcastCommand ?? "npx ringfence backcast --split all" }),
    ...(sbc === undefined ? {} : { sbc: { parameters: sbc.parameters, band: sbc.band, command: options.sbcCommand ?? "npm run sbc", ...(sbc.seconds === undefined ? {} : { seconds: sbc.seconds }), ...(sbc.simulations === undefined ? {} : { simulations: sbc.simulations }) } }),
  };
}

/** The files the report writes in `dir` (relative), so a results folder can record them before they are written. */
export function calibrationReportFiles(charts: readonly { readonly file: string }[]): string[] {
  return ["report.html", ...charts.flatMap((c) => ["svg", "csv", "png"].map((ext) => `charts/${c.file.replace(/\.svg$/, "")}.${ext}`))];
}

/** Renders the report and writes report.html and charts/ into `dir`, calling `onFile` with each path first. */
export async function writeCalibrationReport(dir: string, input: CalibrationReportInput, onFile?: (path: string) => void): Promise<string> {
  const page = await renderCalibrationPage(input);
  for (const f of calibrationReportFiles(page.charts)) onFile?.(join(dir, f));
  const { writeRenderedPage } = await import("@ringfence/core/results");
  return (await writeRenderedPage(dir, { html: page.html, charts: page.charts })).html;
}
