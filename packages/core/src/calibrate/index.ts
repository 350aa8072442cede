/**
 * `@ringfence/core/calibrate`: approximate Bayesian computation by sequential Monte Carlo, the priors it
 * samples and the target distances it scores runs by.
 * @packageDocumentation
 */
export { priorBounds, priorDensity, samplePrior, validatePrior } from "./priors.js";
export type { Prior, PriorBounds } from "./priors.js";
export { deserializeGeneration, effectiveSampleSize, proposeBatch, runAbcSmc, serializeGeneration, weightedMean, weightedQuantile } from "./abc-smc.js";
export type { AbcBatchContext, AbcGeneration, AbcOptions, AbcParameter, AbcProposalSpec, AbcResult, AbcStopReason, SerializedAbcGeneration } from "./abc-smc.js";
export { targetDistance, withinTolerance } from "./distance.js";
export type { CalibrationTarget } from "./distance.js";
