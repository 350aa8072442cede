/**
 * A plugin's local import graph and its content hash: the plugin module and every local module it imports,
 * statically or by a literal `import("./x")`, followed the way esbuild resolves them (without running any of
 * them). Packages and Node built-ins are left out: they are installed code, the same for every scenario. The
 * hash pins every file of the graph, so a plugin whose helper changed is a changed plugin.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { readFileSync, statSync } from "node:fs";
import { dirname, isAbsolute, relative, resolve, sep } from "node:path";
// Types only: esbuild is loaded when a plugin's graph is first followed, not with the package.
import type { Message } from "esbuild";

/** A plugin module and the local modules it imports. */
export interface PluginGraph {
  /** The plugin module (absolute path). */
  readonly entry: string;
  /** Every file of the graph, the plugin first, absolute real paths, the rest sorted. */
  readonly files: readonly string[];
  /** Sha-256 (hex) over each file's path relative to the plugin's folder and the sha-256 of its content, sorted by path. */
  readonly hash: string;
}

/** Where the compiler stopped in a plugin's graph: the file, the line and the column (both counted from 1), and why. */
export interface CompileFailure {
  /** The file (absolute path). */
  readonly file: string;
  /** The line, from 1. */
  readonly line: number;
  /** The column, from 1. */
  readonly column: number;
  /** The compiler's message. */
  readonly text: string;
}

/** Why a plugin's import graph cannot be pinned: an import outside the scenario's folder, or one that does not resolve or compile. */
export class PluginGraphError extends Error {
  override readonly name = "PluginGraphError";
  /** Creates the error; `compile` is where the compiler stopped, when it did. */
  constructor(
    message: string,
    /** Where a module of the graph fails to compile, when that is why. */
    readonly compile?: CompileFailure,
  ) {
    super(message);
  }
}

/** The first of esbuild's messages as one line: its text and where. */
function describeMessage(m: Message | undefined): string {
  if (m === undefined) return "it could not be read";
  const where = m.location === null ? "" : ` (${m.location.file}:${m.location.line})`;
  return `${m.text}${where}`;
}

/** The graphs followed in this thread, with each file's size, change time and inode when it was hashed. */
const followed = new Map<string, { readonly graph: PluginGraph; readonly stamps: readonly string[] }>();

/** A file's size, modification and change times and inode, or "" when it cannot be read. */
function stamp(path: string): string {
  try {
    const st = statSync(path, { bigint: true });
    return `${st.size}:${st.mtimeNs}:${st.ctimeNs}:${st.ino}`;
  } catch {
    return "";
  }
}

/**
 * Follows a plugin's local imports and hashes every file it reaches. A graph followed before in this thread
 * is reused while none of its files has changed (same size, times and inode); a new import means a changed file.
 * @param entry Absolute path of the plugin module.
 * @param folder The scenario's folder: a local import outside it is refused. Omit it to hash the graph as it
 * is (a queue worker checking a job's hash, say); the hash does not depend on it.
 * @throws PluginGraphError naming the import that leaves `folder`, or that does not resolve or parse.
 */
export async function pluginGraph(entry: string, folder?: string): Promise<PluginGraph> {
  const key = `${entry}\u0000${folder ?? ""}`;
  const seen = followed.get(key);
  if (seen !== undefined && seen.graph.files.every((f, i) => stamp(f) === seen.stamps[i] && seen.stamps[i] !== "")) return seen.graph;
  const base = dirname(entry);
  const root = folder ?? base;
  let inputs: string[];
  try {
    const { build } = await import("esbuild");
    const result = await build({
      entryPoints: [entry],
      bundle: true,
      write: false,
      metafile: true,
      platform: "node",
      format: "esm",
      packages: "external",
      logLevel: "silent",
      absWorkingDir: root,
      outfile: "graph.js",
    });
    inputs = Object.keys(result.metafile.inputs);
  } catch (e) {
    const first = (e as { errors?: Message[] }).errors?.[0];
    const at = first?.location ?? null;
    const compile = first === undefined || at === null ? undefined : { file: resolve(root, at.file), line: at.line, column: at.column + 1, text: first.text };
    throw new PluginGraphError(`its imports could not be followed: ${describeMessage(first)}`, compile);
  }
  const files = inputs.map((i) => resolve(root, i));
  if (folder !== undefined) {
    const outside = files.filter((f) => {
      const r = relative(folder, f);
      return r === "" || r.startsWith(`..${sep}`) || r === ".." || isAbsolute(r);
    });
    if (outside.length > 0) throw new PluginGraphError(`it imports ${outside.join(", ")}, outside the scenario's folder ${folder} (a plugin may import packages and modules in its scenario's folder)`);
  }
  const entryReal = files.find((f) => f === resolve(entry)) ?? resolve(entry);
  const ordered = [entryReal, ...files.filter((f) => f !== entryReal).sort()];
  // Stamped before reading, so a file changed meanwhile is followed again next time.
  const stamps = ordered.map(stamp);
  const lines = ordered
    .map((f) => `${relative(base, f).split(sep).join("/")}\u0000${createHash("sha256").update(readFileSync(f)).digest("hex")}`)
    .sort();
  const graph: PluginGraph = { entry, files: ordered, hash: createHash("sha256").update(lines.join("\n")).digest("hex") };
  followed.set(key, { graph, stamps });
  return graph;
}
