/**
 * The posterior ensemble shipped with the package: the calibration of the 2015/16–2025/26 backcast that
 * forward runs draw their uncertain parameters from by default.
 * @packageDocumentation
 */
import { fileURLToPath } from "node:url";
import type { Ensemble } from "./ensemble.js";
import { readEnsemble } from "./ensemble.js";

/** Names of the ensembles shipped in the package's `data/` folder. */
export const SHIPPED_ENSEMBLES = ["england-2015"] as const;

/** A shipped ensemble's name. */
export type ShippedEnsemble = (typeof SHIPPED_ENSEMBLES)[number];

/** Path of a shipped ensemble file (the same from sources and from the compiled package). */
export function shippedEnsemblePath(name: ShippedEnsemble = "england-2015"): string {
  return fileURLToPath(new URL(`../../data/posterior-${name}.json`, import.meta.url));
}

const cache = new Map<ShippedEnsemble, Ensemble>();

/** A shipped ensemble, read and validated once per process. */
export function shippedEnsemble(name: ShippedEnsemble = "england-2015"): Ensemble {
  let e = cache.get(name);
  if (e === undefined) {
    e = readEnsemble(shippedEnsemblePath(name));
    cache.set(name, e);
  }
  return e;
}
