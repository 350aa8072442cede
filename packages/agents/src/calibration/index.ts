/**
 * Calibration and validation of the 2015/16–2025/26 backcast: the ten validation targets, the backcast
 * table, the ABC-SMC calibration and the posterior ensemble file.
 *
 * Contents:
 * - targets.ts: {@link TARGETS}, the variants they need ({@link VARIANT_IDS}, {@link variantScenario}) and how
 *   a target's model value is computed from run records ({@link measureRun}, {@link hitsTarget}).
 * - backcast.ts: {@link runBackcast}, {@link backcastTable} (pure, from records) and {@link formatBackcastTable}.
 * - backcast-report.ts: the backcast's HTML page ({@link renderBackcastReport}) and its miss chart.
 * - calibrate.ts: {@link runCalibration} (resumable ABC-SMC over every parameter with a prior).
 * - ensemble.ts: the ensemble file ({@link ensembleSchema}, {@link readEnsemble}), {@link drawParameterSet} and {@link applyEnsemble}.
 * - calibration-task.ts: the batch worker ({@link calibrationWorkerModule}).
 * - parameter-ranges.ts: a class and a range for every numeric parameter ({@link parameterRanges}).
 * - screening.ts: Morris screening on the backcast discrepancy and the headline differences ({@link runMorrisScreening}).
 * @packageDocumentation
 */
export { fittedTargets, hitsTarget, measureRun, measureVariants, TARGETS, VARIANT_DESCRIPTIONS, VARIANT_IDS, variantScenario, variantsFor, yearLabel } from "./targets.js";
export type { TargetMeasure, TargetRole, TargetSource, ValidationTarget, VariantId } from "./targets.js";
export { BACKCAST_COLUMNS, BACKCAST_YEARS, backcastCells, backcastCountLine, backcastTable, formatBackcastTable, groupRuns, quantile, runBackcast } from "./backcast.js";
export { missChartSpec, renderBackcastReport, standardisedMisses } from "./backcast-report.js";
export type { BackcastReportMeta, ChartSpec, MissPoint } from "./backcast-report.js";
export type { BackcastCount, BackcastOptions, BackcastResult, BackcastRow, BackcastTable, RunGroup } from "./backcast.js";
export { priorDrawnParameters, runCalibration } from "./calibrate.js";
export { ALL_YEARS_SPLIT, CALIBRATION_SPLIT, fitTargets, fitValue, splitDeclaration } from "./fit-targets.js";
export type { FitSource, FitTarget } from "./fit-targets.js";
export { defaultFitTargets, ensembleQuality, fitCheck, fitDeclaration, historyInputs, hitsFit, nhsPosterior, readWaves, runNhsHistoryMatch, simulateOutputs } from "./history-match.js";
export type { DesignSeeds, FitCheck, NhsHistoryMatch, NhsHistoryMatchOptions } from "./history-match.js";
export type { CalibrationOptions, CalibrationResult } from "./calibrate.js";
export { applyEnsemble, drawParameterSet, drawParticleIndex, ENSEMBLE_VERSION, ensembleSchema, ensembleShape, formatEnsemble, parseEnsemble, readEnsemble } from "./ensemble.js";
export type { Ensemble } from "./ensemble.js";
export { calibrationWorkerModule, runTask } from "./calibration-task.js";
export type { CalibrationTaskConfig } from "./calibration-task.js";
export { CITED_RANGES, OURS_RANGES, parameterRanges } from "./parameter-ranges.js";
export type { ParameterClass, ParameterRange, RangeRule } from "./parameter-ranges.js";
export { backcastDiscrepancy, HEADLINE_ARRANGEMENTS, headlineDifferences, heldFactors, identifiability, runMorrisScreening, SCREENING_GROUPS, screenedParams, screenedValue, screeningFactors, screeningGroup } from "./screening.js";
export type { IdentifiabilityRow, MorrisScreening, MorrisScreeningOptions, ScreeningFactor, ScreeningGroup, ScreeningSetting } from "./screening.js";
