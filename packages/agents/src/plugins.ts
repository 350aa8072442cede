/**
 * Plugins: modules a user allows a scenario to load, exporting policies ({@link definePolicy}), indicators
 * ({@link defineIndicator}) and model extensions ({@link defineExtension}). Importing a plugin runs its code,
 * so only {@link importPlugins} does it, and only with paths the scenario loader has checked; the CLI does
 * it only when the user passes `--allow-plugins`, and then in worker threads (see docs/security.md).
 * @packageDocumentation
 */
import { dirname, extname, isAbsolute, relative, sep } from "node:path";
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";
import { ConfigError, type ConfigIssue } from "@ringfence/core";
import { isModelExtension } from "./extensions.js";
import { isIndicatorDefinition, type IndicatorDefinition } from "./indicators.js";
import type { PluginSet } from "./plugin-checks.js";
import { createDefaultRegistry } from "./policies/index.js";
import type { AnyPolicy, PolicyRegistry } from "./policies/registry.js";
import { pluginGraph, PluginGraphError } from "./scenario-files/plugin-graph.js";
import type { ModelExtension } from "./world.js";

export { indicatorInfo, pluginParameters, scenarioPluginIssues, selectIndicators } from "./plugin-checks.js";
export type { PluginSet } from "./plugin-checks.js";

/** Whether a value is a policy (has a kind, a name, a params schema and a decide function). */
function isPolicy(value: unknown): value is AnyPolicy {
  if (value === null || typeof value !== "object") return false;
  const v = value as Record<string, unknown>;
  return typeof v.kind === "string" && typeof v.name === "string" && typeof v.decide === "function" && typeof v.params === "object";
}

/** A file's path as a person finds it: `./` and the path from the working folder when inside it, else absolute. */
export function displayPath(path: string): string {
  const rel = relative(process.cwd(), path);
  return rel === "" || rel.startsWith("..") || isAbsolute(rel) ? path : `./${rel.split(sep).join("/")}`;
}

/** A compiler's error line: `file:line:column: ERROR: message` (esbuild through tsx; the column counted from 0). */
const COMPILE_ERROR = /^(.+?):(\d+):(\d+): ERROR: (.+)$/;

/** A stack frame's location: `(file:///x.ts:12:7)` or `at /x.ts:12:7`. */
const FRAME = /(?:\(|at )(?:file:\/\/)?(\/[^():]+):(\d+):(\d+)\)?$/;

/** Where and why a plugin failed to load: `where` is `file:line:column` (counted from 1) or the file alone. */
export interface LoadFailure {
  /** The file, and the line and column where known. */
  readonly where: string;
  /** The compiler's or the error's message (its first line). */
  readonly what: string;
}

/** The first compile error esbuild finds in a module's text, or undefined when it compiles. */
async function compileError(path: string): Promise<LoadFailure | undefined> {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
  const { transform } = await import("esbuild");
  const ext = extname(path);
  try {
    await transform(source, { loader: [".ts", ".mts", ".cts"].includes(ext) ? "ts" : "js", format: "esm", sourcefile: path, logLevel: "silent" });
    return undefined;
  } catch (e) {
    const errors = (e as { errors?: { text: string; location: { file: string; line: number; column: number } | null }[] }).errors ?? [];
    const first = errors[0];
    if (first === undefined) return undefined;
    const more = errors.length > 1 ? ` (and ${errors.length - 1} more error${errors.length === 2 ? "" : "s"})` : "";
    const at = first.location === null ? displayPath(path) : `${displayPath(path)}:${first.location.line}:${first.location.column + 1}`;
    return { where: at, what: `${first.text}${more}` };
  }
}

/**
 * Where and why a plugin failed to load, for one line of an error: a compile error as `file:line:column` (both
 * counted from 1) and the compiler's message; an error thrown while the module ran as the first frame inside
 * the plugin's folder (or the plugin itself) and the error's first line. Paths are shown whole ({@link displayPath}).
 */
export async function loadFailure(error: unknown, plugin: string): Promise<LoadFailure> {
  const message = error instanceof Error ? error.message : String(error);
  const compile = message
    .split("\n")
    .map((line) => COMPILE_ERROR.exec(line.trim()))
    .filter((m) => m !== null);
  if (compile.length > 0) {
    const [, file, line, column, what] = compile[0]!;
    const more = compile.length > 1 ? ` (and ${compile.length - 1} more error${compile.length === 2 ? "" : "s"})` : "";
    return { where: `${displayPath(file!)}:${line}:${Number(column) + 1}`, what: `${what}${more}` };
  }
  // Node reports a syntax error in a JavaScript module without its place: ask the compiler where it is.
  if (error instanceof SyntaxError) {
    const found = await compileError(plugin);
    if (found !== undefined) return found;
  }
  const folder = dirname(plugin);
  const stack = error instanceof Error && typeof error.stack === "string" ? error.stack.split("\n") : [];
  for (const line of stack) {
    const m = FRAME.exec(line.trim());
    if (m !== null && (m[1] === plugin || m[1]!.startsWith(folder + sep)) && !m[1]!.includes(`${sep}node_modules${sep}`)) {
      return { where: `${displayPath(m[1]!)}:${m[2]}:${m[3]}`, what: message.split("\n")[0] ?? String(error) };
    }
  }
  return { where: displayPath(plugin), what: message.split("\n").find((l) => l.trim() !== "") ?? (error instanceof Error ? error.name : String(error)) };
}

let tsxRegistered: Promise<void> | undefined;

/** Imports a module by absolute path, through tsx when it is TypeScript. */
async function importModule(path: string): Promise<Record<string, unknown>> {
  // A TypeScript module goes through tsx, registered before the first import: Node caches a failed import
  // of a URL, so trying the plain import first and retrying after registering would fail again.
  // Both of tsx's hooks: in a folder whose package.json does not say "type": "module" (or that has none), a
  // .ts module is CommonJS to Node, and with the ES module hook alone it fails to load with a misleading
  // "cycle involving require(esm)" whatever it contains (a syntax error included).
  if ([".ts", ".mts", ".cts"].includes(extname(path))) {
    tsxRegistered ??= Promise.all([import("tsx/esm/api"), import("tsx/cjs/api")]).then(([esm, cjs]) => {
      esm.register();
      cjs.register();
    });
    await tsxRegistered;
  }
  const mod = (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  // A module loaded as CommonJS shows its exports as one default object: look inside it too.
  const inner = mod.default;
  return inner !== null && typeof inner === "object" && !isPolicy(inner) && !isIndicatorDefinition(inner) && !isModelExtension(inner) ? { ...(inner as Record<string, unknown>), ...mod, default: undefined } : mod;
}

/**
 * The content hash that pins a plugin: sha-256 over the module and every local module it imports (see
 * `pluginGraph`), as a validated scenario's `pluginHashes` holds it. Reads files; runs nothing.
 */
export async function pluginHash(path: string): Promise<string> {
  return (await pluginGraph(path)).hash;
}

/**
 * Imports plugin modules (absolute paths, as the scenario loader resolves them) and collects what they export.
 * @param hashes Expected hash of each module by path (a scenario's `pluginHashes`, see {@link pluginHash}):
 * a module without one, or whose content or local imports changed since, is refused before it is imported.
 * @throws ConfigError naming the plugin when it has no hash or changed, does not load, exports nothing a
 * plugin can export, or repeats a policy or indicator another plugin or the built-ins already define.
 */
export async function importPlugins(paths: readonly string[], registry: PolicyRegistry = createDefaultRegistry(), hashes: Readonly<Record<string, string>> = {}): Promise<PluginSet> {
  const indicators = new Map<string, IndicatorDefinition>();
  const extensions: ModelExtension<string, string>[] = [];
  const issues: ConfigIssue[] = [];
  const issue = (i: number, expected: string, got: string) => {
    issues.push({ path: `plugins[${i}]`, expected, value: paths[i], message: `plugins[${i}]: expected ${expected}, got ${got}` });
  };
  for (const [i, path] of paths.entries()) {
    const expected = Object.hasOwn(hashes, path) ? hashes[path] : undefined;
    if (expected === undefined) {
      issue(i, "a module pinned by its content hash (pluginHashes)", `${displayPath(path)} without one`);
      continue;
    }
    let actual: string;
    try {
      actual = await pluginHash(path);
    } catch (e) {
      issue(i, "a module whose local imports can be followed", `${displayPath(path)} (${e instanceof PluginGraphError ? e.message : ((e as NodeJS.ErrnoException).code ?? String(e))})`);
      continue;
    }
    if (actual !== expected) {
      issue(i, `the module and its local imports as they were when the scenario was checked (sha-256 ${expected.slice(0, 12)}…)`, `${displayPath(path)} changed since (sha-256 ${actual.slice(0, 12)}…)`);
      continue;
    }
    let mod: Record<string, unknown>;
    try {
      mod = await importModule(path);
    } catch (e) {
      const { where, what } = await loadFailure(e, path);
      issues.push({ path: `plugins[${i}]`, expected: "a module that loads", value: paths[i], message: `plugins[${i}]: ${where}: ${what}` });
      continue;
    }
    let found = 0;
    for (const value of Object.values(mod)) {
      if (isPolicy(value)) {
        found++;
        if (registry.get(value.kind, value.name) !== undefined) issue(i, "policies with new names", `a second ${value.kind} policy named ${value.name}`);
        else registry.register(value);
      } else if (isIndicatorDefinition(value)) {
        found++;
        if (indicators.has(value.id)) issue(i, "indicators with new ids", `a second indicator ${value.id}`);
        else indicators.set(value.id, value);
      } else if (isModelExtension(value)) {
        found++;
        if (!extensions.includes(value)) extensions.push(value);
      }
    }
    if (found === 0) issue(i, "a module exporting policies (definePolicy), indicators (defineIndicator) or extensions (defineExtension)", `${displayPath(path)} exporting none`);
  }
  if (issues.length > 0) throw new ConfigError("plugins", issues);
  return { registry, indicators, extensions };
}
