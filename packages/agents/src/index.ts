/**
 * `@ringfence/agents`: the English health and care funding domain built on `@ringfence/core`: who holds
 * general practice money, who can move it, and why.
 * @packageDocumentation
 */

// Platform: in Node, the practice register is read from the files shipped with the package
import "./register-node.js";

// The domain's vocabulary
export { FUNDS, GP_LINES, GROUPS, KINDS, PHASES } from "./domain.js";
export type { Fund, GpLine, Group, Kind, NhsEvent, Phase, RngName } from "./domain.js";

// Scenarios, their parameters and the presets
export { GROWTH_PATH_LABELS, GROWTH_PATHS, GROWTH_PLAN_LAST_YEAR, GROWTH_PLAN_RATE, growthPathMean, HISTORIES, HISTORY_SPAN, HOLDERS, IHO_HOSTS, POPULATION_SIZES, POPULATION_SOURCES, POPULATION_YEARS, populationSource, REGISTER_YEARS, runStartYear, runYears, scenarioFields, scenarioForYear, scenarioSchema, SHIPPED_GROWTH_PATHS, START_ONLY_PARAMS } from "./scenario.js";
export type { GrowthPath, HistoryName, Holder, IhoHost, PopulationSize, PopulationSource, PopulationYear, Scenario, ScenarioInput } from "./scenario.js";
export { scenarioNotes } from "./scenario-notes.js";
export { int, listParams, num, rate, share } from "./params.js";
export type { ParamEntry, ParamInfo } from "./params.js";
export { ENGLAND_2014, FLAGSHIP_IDS, PRESET_IDS, PRESETS, SOURCES } from "./presets.js";
export type { PresetId } from "./presets.js";

// History: published yearly inputs and the series a backcast is checked against
export { AT_SCALE_PUSH_FROM, ENGLAND, HISTORY_SERIES, historyYear, OBSERVED } from "./history.js";
export type { HistoryYear, Observation } from "./history.js";
export { COUNCIL_SPENDING_POWER, spendingPowerGrowth } from "./spending-power.js";
export type { SpendingPowerYear } from "./spending-power.js";

// Population
export { generatePopulation, POPULATION_SHAPES } from "./population.js";
export type { IcbSpec, Population, PopulationShape, PracticeSpec, RegisterLines } from "./population.js";
export { groupNetworks, REGISTER_GENERATED_COUNTS, registerLines, registerPopulation, registerRates } from "./population-register.js";
export type { RegisterPracticeRow, RegisterRates } from "./population-register.js";
export { provideRegister, registerData } from "./register-source.js";
export type { RegisterData } from "./register-source.js";
export { practiceRow, registerDataOf } from "./register/register-data.js";
export { provideEnsemble, SHIPPED_ENSEMBLES, shippedEnsemble, shippedEnsemblePath, shippedEnsembleUrl } from "./calibration/shipped.js";
export type { ShippedEnsemble } from "./calibration/shipped.js";

// Policies: the behavioural rules a modeller can replace
export { createPolicyRegistry, definePolicy } from "./policies/registry.js";
export type { AnyPolicy, BoundPolicies, BoundPolicy, Policy, PolicyRegistry } from "./policies/registry.js";
export { BUILT_IN_POLICIES, createDefaultRegistry, DEFAULT_POLICY } from "./policies/index.js";
export { acutePassThrough, CUT_ORDER, cutInOrder, divertAcute, divertFederation, divertShortfall, drawPropensity, federationPassThrough } from "./policies/holders.js";
export { carryDeficit, cutCaps, proportionalCuts, proportionalTopSlice, protectHospitals } from "./policies/icb.js";
export { settlementRule } from "./policies/national-allocator.js";
export { proportionalShare, shareByVoice, voiceWeighted } from "./policies/place-board.js";
export { arrsUnderspend, claimNeed, consolidationHazard, ENTRANT_LIST_SHARE, exitByHazard, exitHazard, practiceOpenings } from "./policies/providers.js";
export { POLICY_KINDS } from "./policies/signatures.js";
export type * from "./policies/signatures.js";

// Agent kinds: their columns, tables and the world they share
export { acuteTrustKind } from "./kinds/acute-trust.js";
export { communityProviderKind } from "./kinds/community-provider.js";
export { councilKind } from "./kinds/council.js";
export { federationKind } from "./kinds/federation.js";
export { icbKind } from "./kinds/icb.js";
export { nationalAllocatorKind } from "./kinds/national-allocator.js";
export { ARRS_ROLES, pcnKind, setArrsStaff } from "./kinds/pcn.js";
export type { ArrsRoles } from "./kinds/pcn.js";
export { placeBoardKind } from "./kinds/place-board.js";
export { drawingsPerPartner, practiceKind, salariedGpCost } from "./kinds/practice.js";
export { DecisionError, HOST } from "./kinds/shared.js";
export type { NhsSim } from "./kinds/shared.js";
export * from "./columns.js";
export { emptyYear, LINE, LINE_COUNT } from "./world.js";
export type * from "./world.js";

// Running the model
export { coreIndexIn, createNhsModel, NHS_KINDS, practiceAccount, priceLevelVs2025, runScenario, scenarioYears } from "./model.js";
export type { NhsModelOptions, NhsRunResult, RunPlugins, RunScenarioOptions } from "./model.js";
export { PANEL_MEASURES, PanelRecorder } from "./icb-panel.js";
export type { IcbPanel, PanelMeasure } from "./icb-panel.js";

// Indicators
export { defineIndicator, INDICATOR_IDS, INDICATOR_REPORTERS, indicatorReporter, INDICATORS, isIndicatorDefinition } from "./indicators.js";
export type { IndicatorDefinition, IndicatorId, IndicatorInfo, IndicatorInput } from "./indicators.js";

// Scenario files: the one validator (safe reading, plain-data parsing, extends, plugin paths, expressions)
export { loadScenario, validateScenario } from "./scenario-files/load.js";
export { fieldsAt, MAX_ISSUES, parseScenarioData, validateScenarioData } from "./scenario-files/validate.js";
export type { LoadedScenario, LoadScenarioOptions } from "./scenario-files/load.js";
export { decodeScenarioBytes, MAX_SCENARIO_BYTES, readScenarioText } from "./scenario-files/read-text.js";
export { MAX_ALIAS_COUNT, MAX_DEPTH, parseScenarioText, plainDataIssues, PROTOTYPE_KEYS } from "./scenario-files/parse-text.js";
export { idFromFileName, isPresetId, MAX_EXTENDS_DEPTH, mergeScenario, PLUGIN_EXTENSIONS, resolveScenarioFile, SCENARIO_EXTENSIONS } from "./scenario-files/resolve.js";
export type { ResolvedFile } from "./scenario-files/resolve.js";
export { paramIssues, scenarioParams, setParams } from "./scenario-files/set-params.js";
export { didYouMean } from "./scenario-files/did-you-mean.js";

// Time-varying parameters: sandboxed expressions of the year
export { EXPRESSION_VARIABLES, resolveExpressions } from "./scenario-files/time-varying.js";
export { EXPRESSION_FUNCTIONS, ExpressionError, isExpression, loadExpressionCompiler, MAX_EXPRESSION_LENGTH } from "./expressions.js";
export type { CompiledExpression, ExpressionCompiler } from "./expressions.js";

// Plugins: policies, indicators and model extensions a user allows a scenario to load
export { importPlugins, indicatorInfo, pluginHash, pluginParameters, scenarioPluginIssues, selectIndicators } from "./plugins.js";
export type { PluginSet } from "./plugins.js";
export { pluginGraph, PluginGraphError } from "./scenario-files/plugin-graph.js";
export type { CompileFailure, PluginGraph } from "./scenario-files/plugin-graph.js";

// The trust rule every task module applies to its config (docs/security.md)
export { admitPlugins, admitScenario, admitScenarioAndPlugins, configureThread, PLUGIN_RULES, PLUGIN_THREADS, pluginExecutor, REFUSAL_CODES, TaskRefused, threadPluginRule } from "./task-trust.js";
export type { PluginRule, RefusalCode, TaskThreadConfig } from "./task-trust.js";

// Bounds on work: runs per command or call, and how long they would take
export { checkRunBound, counted, DEFAULT_MAX_RUNS, formatDuration, grouped, measureSecondsPerRun } from "./run-bound.js";
export type { RunCount } from "./run-bound.js";
export { BUILT_IN_POOL_MEMBERS, COMMISSIONED, defineExtension, extensionParams, isModelExtension } from "./extensions.js";

// One palette and the words for bodies, shared by every report, chart and notebook
export { GP_REACHED, GROUP_COLOURS, GROUP_LABELS, OTHER_SCENARIO_COLOURS, PRESET_COLOURS, scenarioColourOf } from "./palette.js";
export { baseYearLabel, batchReportOptions, CHARTED, KEY_INDICATORS, POPULATION_WORDS } from "./report-options.js";
export type { BatchReportExtras } from "./report-options.js";
export { formatIndicatorTable, formatSummaryTable, formatTable } from "./cli/summary-table.js";

// Monte Carlo: batches in one call, and the worker side of a batch
export { checkBatchScenarios, codeFingerprint, HEADLINE_INDICATOR, indicatorWarnings, NHS_QUEUE_MODULE, PRODUCER, recordedIndicators, runScenarioBatch } from "./scenario-batch.js";
export type { ScenarioBatchOptions } from "./scenario-batch.js";
export { admitTask, isNhsTaskConfig, nhsTaskConfig, nhsWorkerModule, runTask } from "./batch-task.js";
export type { NhsTaskConfig, NhsTaskOptions } from "./batch-task.js";
export { flowRecords, isGpLine, runRecord } from "./run-record.js";
export type { RunRecordOptions } from "./run-record.js";
export { FLOW_CHOICES, GP_FUND, isFlowChoice, verifyByDefault } from "./batch-options.js";
export type { FlowChoice, NhsRunOptions } from "./batch-options.js";

// Replaying one run of a batch alone
export { replayOverrides, replayRun } from "./replay.js";
export type { Replay, ReplayOptions } from "./replay.js";

// Calibration: the 2015–2025 backcast, its ten validation targets, ABC-SMC and the posterior ensemble
export { fittedTargets, hitsTarget, measureRun, measureVariants, TARGETS, VARIANT_DESCRIPTIONS, VARIANT_IDS, variantScenario, variantsFor, yearLabel } from "./calibration/targets.js";
export type { TargetMeasure, TargetRole, TargetSource, ValidationTarget, VariantId } from "./calibration/targets.js";
export { BACKCAST_COLUMNS, BACKCAST_YEARS, backcastCells, backcastCountLine, backcastTable, formatBackcastTable, groupRuns, quantile, runBackcast } from "./calibration/backcast.js";
export { backcastSeries, icbPanelChartSpec, missChartSpec, parseIcbPanel, renderBackcastPage, renderBackcastReport, seriesChartSpec, standardisedMisses } from "./calibration/backcast-report.js";
export type { BackcastChart, BackcastReportMeta, BackcastSeries, ChartSpec, IcbPanelRow, MissPoint } from "./calibration/backcast-report.js";
export type { BackcastCount, BackcastOptions, BackcastResult, BackcastRow, BackcastTable, RunGroup } from "./calibration/backcast.js";
export { CalibrationError, emptyRegionMessage, priorDrawnParameters, runCalibration } from "./calibration/calibrate.js";
export { coverageOf, renderCalibrationPage, shrinkage } from "./calibration/calibration-report.js";
export type { CalibrationChart, CalibrationReportInput, CoverageRow } from "./calibration/calibration-report.js";
export { calibrationReportFiles, readCalibrationReportInput, searchedBoxes, writeCalibrationReport } from "./calibration/calibration-report-files.js";
export { runNhsSbc, SBC_OUTPUTS, SBC_PARAMETERS } from "./calibration/sbc.js";
export type { NhsSbcOptions, NhsSbcResult } from "./calibration/sbc.js";
export { ALL_YEARS_SPLIT, CALIBRATION_SPLIT, fitTargets, fitValue, splitDeclaration } from "./calibration/fit-targets.js";
export type { FitSource, FitTarget } from "./calibration/fit-targets.js";
export { defaultFitTargets, ensembleQuality, fitCheck, fitDeclaration, historyInputs, hitsFit, nhsPosterior, readWaves, runNhsHistoryMatch, simulateOutputs } from "./calibration/history-match.js";
export type { DesignSeeds, FitCheck, NhsHistoryMatch, NhsHistoryMatchOptions } from "./calibration/history-match.js";
export type { CalibrationOptions, CalibrationResult } from "./calibration/calibrate.js";
export { applyEnsemble, drawParameterSet, drawParticleIndex, ENSEMBLE_VERSION, ensembleSchema, ensembleShape, formatEnsemble, parseEnsemble, readEnsemble } from "./calibration/ensemble.js";
export type { Ensemble } from "./calibration/ensemble.js";
export { calibrationWorkerModule } from "./calibration/calibration-task.js";
export type { AdmittedCalibrationTask, CalibrationTaskConfig } from "./calibration/calibration-task.js";
export { CITED_RANGES, OURS_RANGES, parameterRanges } from "./calibration/parameter-ranges.js";
export type { ParameterClass, ParameterRange, RangeRule } from "./calibration/parameter-ranges.js";
export { backcastDiscrepancy, HEADLINE_ARRANGEMENTS, headlineDifferences, heldFactors, identifiability, runMorrisScreening, SCREENING_GROUPS, screenedParams, screenedValue, screeningFactors, screeningGroup } from "./calibration/screening.js";
export type { IdentifiabilityRow, MorrisScreening, MorrisScreeningOptions, ScreeningFactor, ScreeningGroup, ScreeningSetting } from "./calibration/screening.js";

// Real England: the published practice register (payments 2014/15–2021/22, workforce 2022/23–2023/24, the 42
// ICBs), the evidence split, the observed per-ICB panel and the per-ICB check of the model against it
export { assertMayRead, FIT_THROUGH_YEAR, mayRead, ReservedYearError, splitOf } from "./register/split.js";
export type { RegisterAccess, SplitSide } from "./register/split.js";
export { checkSha256, ICBS_FILE, PAYMENTS_FILE, REGISTER_FILES, WORKFORCE_FILE } from "./register/files.js";
export type { RegisterFileSpec } from "./register/files.js";
export type { ParseFileOptions } from "./register/csv-table.js";
export { ICBS_COLUMNS, icbNameKey, mapIcbNames, NHS_REGIONS, parseIcbsCsv } from "./register/icbs.js";
export type { IcbInfo, NameSite, NhsRegion } from "./register/icbs.js";
export { parsePaymentsCsv, PAYMENTS_COLUMNS } from "./register/payments.js";
export type { ContractType, PaymentLines, PracticeYear, Rurality } from "./register/payments.js";
export { parseWorkforceCsv, WORKFORCE_COLUMNS } from "./register/workforce.js";
export type { PracticeWorkforce } from "./register/workforce.js";
export { createRegister, fitOnly, parseRegister, practicesInYear } from "./register/register.js";
export { practiceArrivals } from "./register/arrivals.js";
export type { ArrivalYear } from "./register/arrivals.js";
export { practiceDepartures } from "./register/departures.js";
export type { DepartureYear } from "./register/departures.js";
export type { Register, RegisterTexts } from "./register/register.js";
export { loadRegister, readRegisterFile, REGISTER_DATA_DIR } from "./register/read-register.js";
export type { LoadRegisterOptions, ReadFile } from "./register/read-register.js";
export { closureYears, financialYearOf, nationalSeries, observedPanel, PANEL_MEASURE_INFO } from "./register/panel.js";
export type { ObservedPanel, PanelAggregate, PanelMeasureInfo } from "./register/panel.js";
export { comparePanel, createModelPanel, ICB_PANEL_COLUMNS, ICB_PANEL_FORMAT, ICB_PANEL_NAME, modelCellCount, modelCellIndex, setModelRun } from "./register/compare.js";
export type { ChangeCorrelation, Correlation, Coverage, LevelCorrelation, MeasureSummary, ModelPanel, ModelPanelShape, NationalPoint, PanelComparison, PanelRow } from "./register/compare.js";
export { formatPanelComparison } from "./register/format-panel.js";
export { writeIcbPanel } from "./register/write-panel.js";
export type { IcbPanelFileOptions, IcbPanelFiles } from "./register/write-panel.js";

// Experiments: designs over scenario parameters, global sensitivity analysis, scenario discovery
export * from "./experiments/index.js";
