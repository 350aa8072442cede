/**
 * Node's built-in modules reached at run time (`process.getBuiltinModule`, Node ≥ 20.16) instead of imported,
 * so a module that reads a file shipped with the package in Node still bundles for a browser, where these
 * return undefined and the caller provides the data another way.
 * @packageDocumentation
 */
import type * as Fs from "node:fs";
import type * as Url from "node:url";

interface NodeProcess {
  getBuiltinModule?(id: string): unknown;
}

/** Node's `node:fs`, or undefined outside Node (a browser or a Web Worker). */
export function nodeFs(): typeof Fs | undefined {
  const process = (globalThis as { process?: NodeProcess }).process;
  return process?.getBuiltinModule?.("node:fs") as typeof Fs | undefined;
}

/** Node's `node:url`, or undefined outside Node (a browser or a Web Worker). */
export function nodeUrl(): typeof Url | undefined {
  const process = (globalThis as { process?: NodeProcess }).process;
  return process?.getBuiltinModule?.("node:url") as typeof Url | undefined;
}
