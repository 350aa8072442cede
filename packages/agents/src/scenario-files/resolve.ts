/**
 * Resolving what a scenario file points at: `extends` (a preset, or another scenario file inside the same
 * folder) and `plugins` (modules inside the scenario's folder, never anywhere else). Nothing is imported
 * here: plugin paths are only checked and made absolute.
 * @packageDocumentation
 */
import { realpathSync, statSync } from "node:fs";
import { basename, dirname, extname, isAbsolute, relative, resolve, sep } from "node:path";
import { ConfigError, describeValue, type ConfigIssue } from "@ringfence/core";
import { PRESET_IDS, PRESETS } from "../presets.js";
import { didYouMean } from "./did-you-mean.js";
import { parseScenarioText } from "./parse-text.js";
import { isPresetId, mergeScenario } from "./merge.js";
import { readScenarioText } from "./read-text.js";

export { isPresetId, mergeScenario } from "./merge.js";

/** How many files an `extends` chain may read (the file itself included). */
export const MAX_EXTENDS_DEPTH = 5;

/** Extensions a plugin module may have: JavaScript, or TypeScript (loaded through tsx). */
export const PLUGIN_EXTENSIONS: readonly string[] = [".js", ".mjs", ".ts", ".mts"];

/** Extensions of scenario files. */
export const SCENARIO_EXTENSIONS: readonly string[] = [".yaml", ".yml", ".json"];

/** A scenario file's data with `extends` resolved and its plugin paths made absolute. */
export interface ResolvedFile {
  /** The merged, unvalidated scenario data. */
  readonly data: Record<string, unknown>;
  /** Absolute real paths of the plugin modules it names, in order, without repeats. */
  readonly plugins: readonly string[];
  /** The scenario files read, the named file first. */
  readonly files: readonly string[];
  /** The preset at the root of the `extends` chain, if any. */
  readonly preset: string | undefined;
  /** The scenario's folder (real path): plugins, and every local module they import, must lie inside it. */
  readonly folder: string;
}

/** Whether `path` lies inside (or is) the folder `root` (both resolved paths). */
export function inside(root: string, path: string): boolean {
  const rel = relative(root, path);
  return rel === "" || (!rel.startsWith(`..${sep}`) && rel !== ".." && !isAbsolute(rel));
}

/** A kebab-case id from a file name (`My Scenario.yaml` → `my-scenario`), or `custom`. */
export function idFromFileName(path: string): string {
  const id = basename(path, extname(path))
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return /^[a-z0-9]/.test(id) ? id : "custom";
}

/**
 * Reads a scenario file and everything it extends, merging each file over its base, and checks its
 * plugins: each must be a relative path to a `.js`, `.mjs`, `.ts` or `.mts` regular file inside the
 * folder of the named scenario file (symlinks followed and checked), never a URL, a package, a Node
 * built-in or a path outside that folder.
 * @remarks A file that extends a preset and gives no `id` is named after the file, so it never passes for
 * the preset in a comparison; with no `title` it gets the preset's title followed by the file's name.
 */
export function resolveScenarioFile(path: string): ResolvedFile {
  const top = resolve(path);
  let root: string;
  try {
    root = realpathSync(dirname(top));
  } catch {
    root = dirname(top);
  }
  const files: string[] = [];
  const plugins: string[] = [];
  const issues: ConfigIssue[] = [];
  const issue = (field: string, expected: string, value: unknown): void => {
    issues.push({ path: field, expected, value, message: `${field}: expected ${expected}, got ${describeValue(value)}` });
  };

  const read = (file: string, depth: number): { data: Record<string, unknown>; preset: string | undefined } => {
    files.push(file);
    const raw = parseScenarioText(readScenarioText(file), file);
    const { extends: base, plugins: listed, ...rest } = raw;
    const here = dirname(file);
    if (listed !== undefined) {
      if (!Array.isArray(listed)) issue("plugins", "a list of module paths", listed);
      else {
        listed.forEach((spec: unknown, i) => {
          const field = `plugins[${i}]`;
          if (typeof spec !== "string" || spec === "") return issue(field, "a relative path to a module in the scenario's folder", spec);
          if (/^[a-z][a-z0-9+.-]*:/i.test(spec) || isAbsolute(spec) || !(spec.startsWith("./") || spec.startsWith("../"))) {
            return issue(field, "a relative path starting ./ to a module in the scenario's folder (not a URL, a package, a built-in or an absolute path)", spec);
          }
          if (!PLUGIN_EXTENSIONS.includes(extname(spec))) return issue(field, `a module ending ${PLUGIN_EXTENSIONS.join(", ")}`, spec);
          const target = resolve(here, spec);
          // Refused on the path as written first, so nothing outside the folder is even looked up.
          if (!inside(root, target) && !inside(dirname(top), target)) return issue(field, `a module inside the scenario's folder ${root}`, spec);
          let real: string;
          try {
            real = realpathSync(target);
          } catch {
            return issue(field, "an existing module file", spec);
          }
          if (!inside(root, real)) return issue(field, `a module inside the scenario's folder ${root}`, spec);
          if (!statSync(real).isFile()) return issue(field, "a regular file", spec);
          if (!plugins.includes(real)) plugins.push(real);
        });
      }
    }
    if (base === undefined) return { data: rest, preset: undefined };
    if (typeof base !== "string" || base === "") {
      issue("extends", `a preset (${PRESET_IDS.join(", ")}) or a relative path to a scenario file`, base);
      return { data: rest, preset: undefined };
    }
    if (isPresetId(base)) return { data: mergeScenario(structuredClone(PRESETS[base]) as Record<string, unknown>, rest), preset: base };
    const looksLikeFile = SCENARIO_EXTENSIONS.includes(extname(base));
    if (!looksLikeFile || /^[a-z][a-z0-9+.-]*:/i.test(base) || isAbsolute(base)) {
      issue("extends", `a preset (${PRESET_IDS.join(", ")}) or a relative path to a .yaml or .json file in the scenario's folder${looksLikeFile ? "" : didYouMean(base, PRESET_IDS)}`, base);
      return { data: rest, preset: undefined };
    }
    const target = resolve(here, base);
    if (!inside(root, target) && !inside(dirname(top), target)) {
      issue("extends", `a scenario file inside the scenario's folder ${root}`, base);
      return { data: rest, preset: undefined };
    }
    let real: string;
    try {
      real = realpathSync(target);
    } catch {
      issue("extends", "an existing scenario file", base);
      return { data: rest, preset: undefined };
    }
    if (!inside(root, real)) {
      issue("extends", `a scenario file inside the scenario's folder ${root}`, base);
      return { data: rest, preset: undefined };
    }
    if (files.includes(real) || files.includes(target)) {
      issue("extends", "a chain without cycles", `${base} (already read)`);
      return { data: rest, preset: undefined };
    }
    if (depth + 1 >= MAX_EXTENDS_DEPTH) {
      issue("extends", `a chain of at most ${MAX_EXTENDS_DEPTH} files`, base);
      return { data: rest, preset: undefined };
    }
    const parent = read(real, depth + 1);
    return { data: mergeScenario(parent.data, rest), preset: parent.preset };
  };

  const { data, preset } = read(top, 0);
  if (issues.length > 0) throw new ConfigError(`scenario ${path}`, issues);
  const own = parseOwnNames(files[0]!, data, preset);
  return { data: own, plugins, files, preset, folder: root };
}

/** Gives a file that extends a preset its own id and title when it does not set them. */
function parseOwnNames(file: string, data: Record<string, unknown>, preset: string | undefined): Record<string, unknown> {
  if (preset === undefined) return data;
  const presetData = PRESETS[preset as keyof typeof PRESETS] as { readonly id?: string; readonly title?: string };
  const out = { ...data };
  if (out.id === presetData.id) out.id = idFromFileName(file);
  if (out.title === presetData.title) out.title = `${presetData.title ?? preset} (${basename(file)})`;
  return out;
}
