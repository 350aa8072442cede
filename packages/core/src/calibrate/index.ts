/**
 * `@ringfence/core/calibrate`: calibrating a stochastic simulator (any function from a parameter vector and
 * a seed to a vector of outputs). Priors and target distances; ABC-SMC; Gaussian-process emulators;
 * history matching in waves; a tempered posterior inside the non-implausible region; drawing forward runs
 * from a weighted ensemble and intervals that account for runs sharing a parameter set; simulation-based
 * calibration.
 * @packageDocumentation
 */

// Priors and distances
export { priorBounds, priorDensity, samplePrior, validatePrior } from "./priors.js";
export type { Prior, PriorBounds } from "./priors.js";
export { targetDistance, withinTolerance } from "./distance.js";
export type { CalibrationTarget } from "./distance.js";

// ABC-SMC
export { deserializeGeneration, effectiveSampleSize, proposeBatch, runAbcSmc, serializeGeneration, weightedMean, weightedQuantile } from "./abc-smc.js";
export type { AbcBatchContext, AbcGeneration, AbcOptions, AbcParameter, AbcProposalSpec, AbcResult, AbcStopReason, SerializedAbcGeneration } from "./abc-smc.js";

// Emulation
export { fitEmulator, restoreEmulator } from "./emulator.js";
export type { EmulatorHyperparameters, EmulatorKernel, EmulatorMean, EmulatorOptions, EmulatorPrediction, GaussianProcessEmulator, LeaveOneOut, SerializedEmulator } from "./emulator.js";
export { minimiseLbfgs } from "./minimise.js";
export type { MinimiseOptions, MinimiseResult, MinimiseStop, Objective } from "./minimise.js";
export { maximinLatinHypercube, maximinSubset, minimumDistance } from "./design.js";

// History matching
export { completeWave, completeWaveOnThreads, designWave, historyMatchLogLikelihood, isNonImplausible, parseHistoryMatchWave, runHistoryMatching, waveImplausibility } from "./history-matching.js";
export type {
  HistoryMatchBatchContext,
  HistoryMatchEmulatorRecord,
  HistoryMatchInput,
  HistoryMatchOptions,
  HistoryMatchRegion,
  HistoryMatchResult,
  HistoryMatchRun,
  HistoryMatchSettings,
  HistoryMatchStop,
  HistoryMatchTarget,
  HistoryMatchVariances,
  HistoryMatchWave,
  WaveThreadConfig,
  WaveThreads,
  WaveThreadTask,
  WaveImplausibility,
} from "./history-matching.js";

// A posterior inside the region
export { temperedPosterior } from "./posterior.js";
export type { TemperedPosteriorOptions, TemperedPosteriorResult, TemperedStage } from "./posterior.js";

// Forward runs and honest bands
export { clusterBootstrapInterval, clusteredMeanInterval, distinctCount, drawRunParticles, systematicResample, varianceComponents } from "./bands.js";
export type { ClusterBootstrapOptions, ClusteredInterval, VarianceComponents } from "./bands.js";

// Simulation-based calibration
export { checkUniformity, runSbc, sbcRank, uniformityBand } from "./sbc.js";
export type { SbcOptions, SbcParameterResult, SbcResult, UniformityBand } from "./sbc.js";
