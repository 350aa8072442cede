/**
 * `@ringfence/core/calibrate/threads`: Node's worker threads for history matching's own work (each wave's
 * emulator fits and region refill), kept apart from `@ringfence/core/calibrate` so that a browser bundle of
 * the calibration never meets Node's thread modules.
 * @packageDocumentation
 */
export { waveThreads } from "./wave-threads.js";
