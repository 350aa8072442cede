/**
 * `@ringfence/agents`: the English health and care funding domain built on `@ringfence/core`: who holds
 * general practice money, who can move it, and why.
 * @packageDocumentation
 */

// The domain's vocabulary
export { FUNDS, GP_LINES, GROUPS, KINDS, PHASES } from "./domain.js";
export type { Fund, GpLine, Group, Kind, NhsEvent, NhsTypes, Phase, RngName } from "./domain.js";

// Scenarios and presets
export { HOLDERS, IHO_HOSTS, POPULATION_SIZES, scenarioSchema } from "./scenario.js";
export type { Holder, IhoHost, PopulationSize, Scenario, ScenarioInput } from "./scenario.js";
export { PRESET_IDS, PRESETS } from "./presets.js";
export type { PresetId } from "./presets.js";

// Population
export { generatePopulation, POPULATION_SHAPES } from "./population.js";
export type { IcbSpec, Population, PopulationShape } from "./population.js";

// Policies: the behavioural rules a modeller can replace
export { createPolicyRegistry, definePolicy } from "./policies/registry.js";
export type { AnyPolicy, BoundPolicies, BoundPolicy, Policy, PolicyRegistry } from "./policies/registry.js";
export { BUILT_IN_POLICIES, createDefaultRegistry, DEFAULT_POLICY } from "./policies/index.js";
export { acutePassThrough, cutInOrder, divertToHospital, drawPropensity, federationDivert, federationPassThrough } from "./policies/holders.js";
export { carryDeficit, proportionalCuts, proportionalTopSlice } from "./policies/icb.js";
export { spendingReview } from "./policies/national-allocator.js";
export { proportionalShare, shareByVoice, voiceWeighted } from "./policies/place-board.js";
export { arrsUnderspend, claimNeed, contractViability } from "./policies/providers.js";
export { betaByMean } from "./policies/beta.js";
export type * from "./policies/signatures.js";

// Agent kinds and their state
export { acuteTrustKind } from "./kinds/acute-trust.js";
export { councilKind } from "./kinds/council.js";
export { federationKind } from "./kinds/federation.js";
export { icbKind } from "./kinds/icb.js";
export { nationalAllocatorKind } from "./kinds/national-allocator.js";
export { pcnKind } from "./kinds/pcn.js";
export { placeBoardKind } from "./kinds/place-board.js";
export { practiceKind } from "./kinds/practice.js";
export type * from "./world.js";

// Running the model
export { createNhsModel, runScenario } from "./model.js";
export type { RunScenarioOptions } from "./model.js";

// Indicators
export { INDICATOR_IDS, INDICATOR_REPORTERS, INDICATORS } from "./indicators.js";
export type { IndicatorId, IndicatorInfo } from "./indicators.js";

// Scenario files
export { isPresetId, loadPlugins, loadScenario, mergeScenario, parseScenarioText, resolveExtends } from "./scenario-file.js";

// Monte Carlo: the worker side of a batch
export { GP_FUND, isDestination, isGpLine, runTask } from "./batch-task.js";
