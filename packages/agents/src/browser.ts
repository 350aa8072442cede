/**
 * `@ringfence/agents` in a browser (the `browser` export condition): the model, its scenarios and presets,
 * the one validator for data (no files, no plugins), a run as a batch record, the report's options and
 * palette, and the pure parsers of the practice register and the posterior ensemble. A page provides the data
 * Node reads from the package's files: {@link provideRegister} and {@link provideEnsemble} before the first
 * run. Everything here is also exported by the Node entry.
 * @packageDocumentation
 */

// The domain's vocabulary
export { FUNDS, GP_LINES, GROUPS, KINDS, PHASES } from "./domain.js";
export type { Fund, GpLine, Group, Kind, NhsEvent, Phase, RngName } from "./domain.js";

// Scenarios, their parameters and the presets
export { GROWTH_PATH_LABELS, GROWTH_PATHS, GROWTH_PLAN_LAST_YEAR, GROWTH_PLAN_RATE, growthPathMean, HISTORIES, HISTORY_SPAN, HOLDERS, IHO_HOSTS, POPULATION_SIZES, POPULATION_SOURCES, POPULATION_YEARS, populationSource, REGISTER_YEARS, runStartYear, runYears, scenarioFields, scenarioForYear, scenarioSchema, SHIPPED_GROWTH_PATHS, START_ONLY_PARAMS } from "./scenario.js";
export type { GrowthPath, HistoryName, Holder, IhoHost, PopulationSize, PopulationSource, PopulationYear, Scenario, ScenarioInput } from "./scenario.js";
export { int, listParams, num, rate, share } from "./params.js";
export type { ParamEntry, ParamInfo } from "./params.js";
export { ENGLAND_2014, FLAGSHIP_IDS, PRESET_IDS, PRESETS, SOURCES } from "./presets.js";
export type { PresetId } from "./presets.js";

// History: published yearly inputs and the series a backcast is checked against
export { AT_SCALE_PUSH_FROM, ENGLAND, HISTORY_SERIES, historyYear, OBSERVED } from "./history.js";
export type { HistoryYear, Observation } from "./history.js";

// Population, and the data a page provides: the practice register and the posterior ensembles
export { generatePopulation, POPULATION_SHAPES } from "./population.js";
export type { IcbSpec, Population, PopulationShape, PracticeSpec, RegisterLines } from "./population.js";
export { groupNetworks, REGISTER_GENERATED_COUNTS, registerLines, registerPopulation, registerRates } from "./population-register.js";
export type { RegisterPracticeRow, RegisterRates } from "./population-register.js";
export { provideRegister, registerData } from "./register-source.js";
export type { RegisterData } from "./register-source.js";
export { practiceRow, registerDataOf } from "./register/register-data.js";
export { provideEnsemble, SHIPPED_ENSEMBLES, shippedEnsemble, shippedEnsembleUrl } from "./calibration/shipped.js";
export type { ShippedEnsemble } from "./calibration/shipped.js";
export { applyEnsemble, drawParameterSet, drawParticleIndex, ENSEMBLE_VERSION, ensembleSchema, formatEnsemble, parseEnsemble } from "./calibration/ensemble.js";
export type { Ensemble } from "./calibration/ensemble.js";

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

// Agent kinds and the model
export { acuteTrustKind } from "./kinds/acute-trust.js";
export { communityProviderKind } from "./kinds/community-provider.js";
export { councilKind } from "./kinds/council.js";
export { federationKind } from "./kinds/federation.js";
export { icbKind } from "./kinds/icb.js";
export { nationalAllocatorKind } from "./kinds/national-allocator.js";
export { pcnKind } from "./kinds/pcn.js";
export { placeBoardKind } from "./kinds/place-board.js";
export { practiceKind } from "./kinds/practice.js";
export { DecisionError, HOST } from "./kinds/shared.js";
export type { NhsSim } from "./kinds/shared.js";
export * from "./columns.js";
export { emptyYear, LINE, LINE_COUNT } from "./world.js";
export type * from "./world.js";
export { coreIndexIn, createNhsModel, NHS_KINDS, practiceAccount, priceLevelVs2025, runScenario, scenarioYears } from "./model.js";
export type { NhsModelOptions, NhsRunResult, RunPlugins, RunScenarioOptions } from "./model.js";
export { PANEL_MEASURES, PanelRecorder } from "./icb-panel.js";
export type { IcbPanel, PanelMeasure } from "./icb-panel.js";
export { BUILT_IN_POOL_MEMBERS, COMMISSIONED, defineExtension, extensionParams, isModelExtension } from "./extensions.js";

// Indicators
export { defineIndicator, INDICATOR_IDS, INDICATOR_REPORTERS, indicatorReporter, INDICATORS, isIndicatorDefinition } from "./indicators.js";
export type { IndicatorDefinition, IndicatorId, IndicatorInfo, IndicatorInput } from "./indicators.js";

// The one validator, for data (a preset, overrides, text): the same checks and messages as files
export { fieldsAt, MAX_ISSUES, parseScenarioData, validateScenarioData } from "./scenario-files/validate.js";
export { isPresetId, mergeScenario } from "./scenario-files/merge.js";
export { MAX_ALIAS_COUNT, MAX_DEPTH, parseScenarioText, plainDataIssues, PROTOTYPE_KEYS } from "./scenario-files/parse-text.js";
export { MAX_SCENARIO_BYTES } from "./scenario-files/text-rules.js";
export { paramIssues, scenarioParams, setParams } from "./scenario-files/set-params.js";
export { didYouMean } from "./scenario-files/did-you-mean.js";
export { indicatorInfo, pluginParameters, scenarioPluginIssues, selectIndicators } from "./plugin-checks.js";
export type { PluginSet } from "./plugin-checks.js";
export { EXPRESSION_VARIABLES, resolveExpressions } from "./scenario-files/time-varying.js";
export { EXPRESSION_FUNCTIONS, ExpressionError, isExpression, loadExpressionCompiler, MAX_EXPRESSION_LENGTH } from "./expressions.js";
export type { CompiledExpression, ExpressionCompiler } from "./expressions.js";

// Monte Carlo: a run as a batch record, bounds on work, and how a batch is reported
export { flowRecords, HEADLINE_INDICATOR, isGpLine, PRODUCER, runRecord } from "./run-record.js";
export type { RunRecordOptions } from "./run-record.js";
export { FLOW_CHOICES, GP_FUND, isFlowChoice, verifyByDefault } from "./batch-options.js";
export type { FlowChoice, NhsRunOptions } from "./batch-options.js";
export { checkRunBound, counted, DEFAULT_MAX_RUNS, formatDuration, grouped, measureSecondsPerRun } from "./run-bound.js";
export type { RunCount } from "./run-bound.js";
export { baseYearLabel, batchReportOptions, CHARTED, KEY_INDICATORS, POPULATION_WORDS } from "./report-options.js";
export type { BatchReportExtras } from "./report-options.js";
export { formatIndicatorTable, formatSummaryTable, formatTable } from "./cli/summary-table.js";
export { GP_REACHED, GROUP_COLOURS, GROUP_LABELS, OTHER_SCENARIO_COLOURS, PRESET_COLOURS, scenarioColourOf } from "./palette.js";

// The published practice register: parsers, checksums, the evidence split and the observed panel
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
export type { Register, RegisterTexts } from "./register/register.js";
export { closureYears, financialYearOf, nationalSeries, observedPanel, PANEL_MEASURE_INFO } from "./register/panel.js";
export type { ObservedPanel, PanelAggregate, PanelMeasureInfo } from "./register/panel.js";
