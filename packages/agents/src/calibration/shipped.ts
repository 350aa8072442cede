/**
 * The posterior ensembles shipped with the package: the calibration of the 2015/16–2025/26 backcast that
 * forward runs draw their uncertain parameters from by default. In Node an ensemble is read from the package's
 * `data/` folder on first use; a browser fetches it ({@link shippedEnsembleUrl}) and calls
 * {@link provideEnsemble} before the first run.
 * @packageDocumentation
 */
import { nodeUrl } from "../node-builtins.js";
import type { Ensemble } from "./ensemble.js";
import { readEnsemble } from "./ensemble.js";

/**
 * Names of the ensembles shipped in the package's `data/` folder: `england-2015`, fitted to every year and
 * drawn by forward runs, and `england-2015-fit-years`, fitted to 2018/19 only, which the out-of-sample check
 * (`ringfence backcast`) draws from.
 */
export const SHIPPED_ENSEMBLES = ["england-2015", "england-2015-fit-years"] as const;

/** A shipped ensemble's name. */
export type ShippedEnsemble = (typeof SHIPPED_ENSEMBLES)[number];

/** URL of a shipped ensemble file (a file URL in Node, from sources and from the compiled package alike). */
export function shippedEnsembleUrl(name: ShippedEnsemble = "england-2015"): URL {
  return new URL(`../../data/posterior-${name}.json`, import.meta.url);
}

/** Path of a shipped ensemble file (the same from sources and from the compiled package; Node only). */
export function shippedEnsemblePath(name: ShippedEnsemble = "england-2015"): string {
  const url = nodeUrl();
  if (url === undefined) throw new Error(`shippedEnsemblePath(${name}): no file system here (outside Node, use shippedEnsembleUrl)`);
  return url.fileURLToPath(shippedEnsembleUrl(name));
}

const providers = new Map<ShippedEnsemble, () => Ensemble>();
const cache = new Map<ShippedEnsemble, Ensemble>();

/**
 * Sets how a shipped ensemble is obtained (a browser fetches the file and parses it with `parseEnsemble`);
 * without a provider, Node reads the shipped file.
 */
export function provideEnsemble(name: ShippedEnsemble, get: () => Ensemble): void {
  providers.set(name, get);
  cache.delete(name);
}

/** A shipped ensemble, obtained and validated once per thread. */
export function shippedEnsemble(name: ShippedEnsemble = "england-2015"): Ensemble {
  let e = cache.get(name);
  if (e === undefined) {
    const provider = providers.get(name);
    e = provider === undefined ? readEnsemble(shippedEnsembleUrl(name)) : provider();
    cache.set(name, e);
  }
  return e;
}
