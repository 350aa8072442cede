/**
 * Design of experiments and global sensitivity analysis: Sobol sequences, Latin hypercubes, Morris screening,
 * Sobol indices and PRIM scenario discovery.
 * @packageDocumentation
 */
export { SOBOL_MAX_DIMENSIONS, sobolSequence } from "./sobol-sequence.js";
export {
  latinHypercube,
  morrisTrajectories,
  saltelliDesign,
  scaleToRanges,
  type FactorRange,
  type MorrisDesign,
  type MorrisStep,
  type SaltelliDesign,
  type SaltelliSobolSource,
} from "./samplers.js";
export { morrisIndices, type MorrisIndices } from "./morris.js";
export { sobolIndices, type Interval, type SobolIndices, type SobolIndicesOptions } from "./sobol-indices.js";
export { chooseBox, prim, type BoxLimits, type ChosenBox, type PrimBox, type PrimOptions } from "./prim.js";
