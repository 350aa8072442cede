/**
 * Experiments on the NHS model: designs of experiments (Morris, Sobol/Saltelli, Latin hypercube) over numeric
 * scenario parameters, global sensitivity analysis and PRIM scenario discovery, run through the batch runner.
 *
 * Contents:
 * - experiment-schema: the experiment file schema ({@link experimentSchema}, {@link parseExperiment}) and its types.
 * - prepare: the experiment's scenarios loaded and its parameters resolved ({@link prepareExperiment}).
 * - design: experiment → design points ({@link buildDesign}) → batch scenarios ({@link designScenarios}).
 * - experiment-task: the batch worker reporting only the outcome (`runTask`, re-exported as {@link runExperimentTask}; {@link experimentWorkerModule}).
 * - analyse: Morris, Sobol, Spearman and PRIM on the outcomes ({@link analyseOutcomes}).
 * - run-experiment: {@link runExperiment}, the entry point.
 * - write-experiment: experiment.json, runs.csv/.parquet and report.html ({@link writeExperiment}).
 * @packageDocumentation
 */

// The experiment file
export {
  DISCOVERY_DIRECTIONS,
  EXPERIMENT_METHODS,
  experimentSchema,
  FIXED_PARAMS,
  loadExperimentFile,
  OUTCOME_MEASURES,
  parseExperiment,
  validatedPreset,
  yearLabels,
} from "./experiment-schema.js";
export type {
  DiscoveryDirection,
  DiscoverySpec,
  Experiment,
  ExperimentInput,
  ExperimentMethod,
  OutcomeMeasure,
  OutcomeSpec,
  ParameterRange,
} from "./experiment-schema.js";

// Design
export {
  buildDesign,
  designJson,
  designPointCount,
  designScenarios,
  parsePointScenarioId,
  pointScenario,
  pointScenarioId,
  pointValues,
  purposeSeed,
} from "./design.js";
export type { DesignJson, DesignPlan, ExperimentDesign } from "./design.js";

// Scenarios and parameters: presets or files (plugins only when allowed), and any numeric path
export { prepareExperiment } from "./prepare.js";
export { isScenarioFileName } from "./scenario-file-name.js";
export type { DesignParameter, ExperimentScenario, ParameterKind, PrepareExperimentOptions, PreparedExperiment } from "./prepare.js";

// The batch worker
export { admitTask as admitExperimentTask, experimentWorkerModule, isExperimentTaskConfig, runTask as runExperimentTask } from "./experiment-task.js";
export type { ExperimentTaskConfig } from "./experiment-task.js";

// Analysis
export { analyseOutcomes, discover, measureOutcomes, outcomeIndex, SOBOL_BOOTSTRAP, spearman } from "./analyse.js";
export type {
  CorrelationRow,
  DiscoveryBox,
  DiscoveryResult,
  ExperimentAnalysis,
  ExperimentOutcomes,
  MorrisRow,
  OutcomeSummary,
  SobolRow,
  TargetAnalysis,
} from "./analyse.js";

// Running
export { experimentProducer, runExperiment } from "./run-experiment.js";
export type { RunExperimentOptions } from "./run-experiment.js";
export type { ExperimentFailure, ExperimentFiles, ExperimentProvenance, ExperimentResult, ExperimentScenarioInfo } from "./result.js";

// Writing
export { EXPERIMENT_FILE, EXPERIMENT_TABLE, experimentJson, experimentTable, exploreReportInput, writeExperiment, writeExperimentFiles } from "./write-experiment.js";
