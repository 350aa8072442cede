/**
 * Design of experiments and global sensitivity analysis: Sobol sequences, Latin hypercubes, Morris screening,
 * Sobol indices and PRIM scenario discovery.
 * @packageDocumentation
 */
export { SOBOL_MAX_DIMENSIONS, sobolSequence, type SobolSequenceOptions } from "./sobol-sequence.js";
export {
  latinHypercube,
  morrisTrajectories,
  saltelliDesign,
  saltelliTies,
  scaleToRanges,
  type FactorRange,
  type MorrisDesign,
  type MorrisStep,
  type SaltelliDesign,
  type SaltelliSobolSource,
  type SaltelliSource,
  type SamplingWarning,
} from "./samplers.js";
export { MIN_TRAJECTORIES, morrisIndices, type MorrisIndices, type MorrisIndicesOptions } from "./morris.js";
export { MAX_INTERVAL_WIDTH, sobolIndices, sobolWarnings, type Interval, type SobolIndices, type SobolIndicesOptions } from "./sobol-indices.js";
export { chooseBox, prim, type BoxLimits, type ChosenBox, type PrimBox, type PrimOptions } from "./prim.js";
