/**
 * Shared harness of the hostile-input, fault and fuzz suites: the in-process CLI with captured output, case
 * folders, snapshots of a folder (to prove nothing was written) and plugin files that leave a marker when
 * their code runs.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { main } from "../../cli/main.js";

/** What one in-process `ringfence` command did. */
export interface CliResult {
  /** Exit code. */
  readonly code: number;
  /** Normal output, one entry per line written. */
  readonly out: string;
  /** Errors and progress. */
  readonly err: string;
  /** Wall time, milliseconds. */
  readonly ms: number;
}

/** Runs `ringfence` in this process with captured output. */
export async function cli(args: readonly string[], signal: AbortSignal = new AbortController().signal): Promise<CliResult> {
  const out: string[] = [];
  const err: string[] = [];
  const t0 = performance.now();
  const code = await main(args, { out: (t) => out.push(t), err: (t) => err.push(t), tty: false }, signal);
  return { code, out: out.join("\n"), err: err.join("\n"), ms: performance.now() - t0 };
}

/** A fresh temporary folder. */
export const tempDir = (prefix = "ringfence-hostile-"): string => mkdtempSync(join(tmpdir(), prefix));

/** A stack trace line (`at f (file:1:2)`) in some output. */
export const STACK_TRACE = /\n\s+at \S+.*:\d+:\d+|\bat \S+:\d+:\d+/;

/**
 * Every entry under a folder (not following symlinks): kind, size and modification time, sorted, so two
 * snapshots are equal only if nothing was created, removed or changed.
 */
export function snapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      const kind = st.isSymbolicLink() ? `link→${readlinkSync(path)}` : st.isDirectory() ? "dir" : st.isFIFO() ? "fifo" : "file";
      // A folder's own time changes when a lock file comes and goes inside it; its entries are listed anyway.
      out.push(`${rel}${name} ${kind} ${st.isDirectory() ? "" : `${st.size} ${st.mtimeMs}`}`);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(path, `${rel}${name}/`);
    }
  };
  walk(dir, "");
  return out;
}

/** The name of the file a marker plugin writes beside itself when its code runs. */
export const MARKER = "PLUGIN-CODE-RAN";

/** A plugin module that writes {@link MARKER} beside itself when imported and exports nothing useful. */
export const MARKER_PLUGIN = `import { writeFileSync } from "node:fs";\nwriteFileSync(new URL("./${MARKER}", import.meta.url), String(process.pid));\nexport const nothing = 1;\n`;

/**
 * A plugin module defining an acute-trust policy `keep-all` (never cuts a held line) without importing
 * anything, that also writes {@link MARKER} when imported; `extra` is added to the module's body.
 */
export const policyPlugin = (extra = "", decide = "(o) => ({ cuts: o.held.map(() => 0) })"): string =>
  `import { writeFileSync } from "node:fs";
writeFileSync(new URL("./${MARKER}", import.meta.url), String(process.pid));
${extra}
export const keepAll = {
  kind: "acute-trust",
  name: "keep-all",
  description: "Never cuts a held line (test plugin).",
  params: { safeParse: (v) => (v !== null && typeof v === "object" && Object.keys(v).length === 0 ? { success: true, data: {} } : { success: false, error: { issues: [{ code: "unrecognized_keys", keys: Object.keys(v ?? {}), path: [], message: "unknown" }] } }) },
  decide: ${decide},
};
`;

/**
 * A folder as ringfence would have written it: the files given (relative path → content) and a manifest
 * naming them. Returns the folder.
 */
export function ownedFolder(dir: string, files: Readonly<Record<string, string>>, command = "run"): string {
  mkdirSync(dir, { recursive: true });
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(dirname(join(dir, name)), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  writeFileSync(join(dir, ".ringfence-manifest.json"), `${JSON.stringify({ tool: "ringfence", version: 1, command, files: Object.keys(files).sort() }, null, 1)}\n`);
  return dir;
}

/**
 * Every entry under a folder with its kind, mode and the sha-256 of its content (a symlink's target), so two
 * snapshots are equal only if every byte is the same.
 */
export function contentSnapshot(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, rel: string) => {
    for (const name of readdirSync(d).sort()) {
      const path = join(d, name);
      const st = lstatSync(path);
      const what = st.isSymbolicLink() ? `link→${readlinkSync(path)}` : st.isDirectory() ? "dir" : `file ${createHash("sha256").update(readFileSync(path)).digest("hex")}`;
      out.push(`${rel}${name} ${(st.mode & 0o7777).toString(8)} ${what}`);
      if (st.isDirectory() && !st.isSymbolicLink()) walk(path, `${rel}${name}/`);
    }
  };
  walk(dir, "");
  return out;
}

/** Writes a file and returns its path. */
export function put(dir: string, name: string, content: string | Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** A valid small scenario's YAML text: a preset at toy size over two years, plus extra lines. */
export const good = (extra = "", base = "ring-fenced"): string => {
  const own = new Set([...extra.matchAll(/^([A-Za-z]\w*):/gm)].map((m) => m[1]));
  const lines = [`extends: ${base}`, "population: { size: toy }", "years: 2"].filter((l) => !own.has(l.slice(0, l.indexOf(":"))));
  return `${lines.join("\n")}\n${extra}`;
};
