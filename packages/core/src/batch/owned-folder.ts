/**
 * Output folders the tool owns. A command may write into a path that does not exist, an empty folder, or a
 * folder it wrote before, which carries its manifest (`.ringfence-manifest.json`, naming every file it
 * wrote). Anything else (a folder of other files, a symlink, a mount point, the current directory or one
 * holding it) is refused before any work starts. Replacing results never removes a file the manifest does
 * not name: whatever else is in the folder moves across to the new results untouched.
 * @packageDocumentation
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readFileSync, realpathSync, renameSync, rmdirSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, relative, resolve, sep } from "node:path";
import { writeFileAtomic } from "../results/atomic.js";

/** File name of the manifest a command leaves in each folder it writes. */
export const MANIFEST_FILE = ".ringfence-manifest.json";

/** Manifest format version. */
export const MANIFEST_VERSION = 1;

/** The most files a manifest may name (a larger one is taken as damaged). */
const MAX_MANIFEST_FILES = 100_000;
/** The largest manifest read, in bytes. */
const MAX_MANIFEST_BYTES = 16 * 1024 * 1024;

/** What a manifest records: the tool, the command that wrote the folder and every file it wrote (relative, `/`-separated, sorted). */
export interface FolderManifest {
  /** Always `ringfence`. */
  readonly tool: "ringfence";
  /** Format version ({@link MANIFEST_VERSION}). */
  readonly version: typeof MANIFEST_VERSION;
  /** The command that wrote the folder, such as `run` or `calibrate`. */
  readonly command: string;
  /** Files written, relative to the folder, sorted. */
  readonly files: readonly string[];
}

/** Why a path cannot take a command's output: what it is, and what was expected. */
export class OutputFolderRefused extends Error {
  override readonly name = "OutputFolderRefused";
  /** Creates the refusal for `path`: what it is (`got`) and what an output folder must be (`expected`). */
  constructor(
    readonly path: string,
    readonly got: string,
    readonly expected: string,
  ) {
    super(`${path}: expected ${expected}, got ${got}`);
  }
}

/** A path can take output: it does not exist, is an empty folder, or a folder this tool wrote (with the files it did not write). */
export type OutputFolderState =
  | { readonly kind: "new" }
  | { readonly kind: "empty" }
  | { readonly kind: "owned"; readonly manifest: FolderManifest; readonly others: readonly string[] };

const EXPECTED = "a new path, an empty folder, or a folder ringfence wrote before (it holds .ringfence-manifest.json)";

/** Whether a manifest's file name is a plain relative path inside the folder. */
function isPlainRelative(name: string): boolean {
  if (name === "" || name.length > 4096 || name.startsWith("/") || name.includes("\\") || name.includes("\u0000")) return false;
  return name.split("/").every((seg) => seg !== "" && seg !== "." && seg !== "..") && name !== MANIFEST_FILE;
}

/**
 * Parses a manifest's text: plain data with exactly its four fields, every file a relative path inside the folder.
 * @returns The manifest, or a sentence saying what is wrong with it.
 */
export function parseManifest(text: string): FolderManifest | string {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return "it is not JSON";
  }
  if (data === null || typeof data !== "object" || Array.isArray(data)) return "it is not a JSON object";
  const keys = Object.keys(data).sort().join(",");
  if (keys !== "command,files,tool,version") return `it has the fields ${keys || "(none)"}, expected command, files, tool, version`;
  const m = data as Record<string, unknown>;
  if (m.tool !== "ringfence") return `its tool is ${JSON.stringify(m.tool)}, expected "ringfence"`;
  if (m.version !== MANIFEST_VERSION) return `its version is ${JSON.stringify(m.version)}, expected ${MANIFEST_VERSION}`;
  if (typeof m.command !== "string" || !/^[a-z][a-z-]{0,31}$/.test(m.command)) return "its command is not a command name";
  if (!Array.isArray(m.files) || m.files.length > MAX_MANIFEST_FILES) return `its files are not a list of at most ${MAX_MANIFEST_FILES} names`;
  const bad = m.files.find((f: unknown) => typeof f !== "string" || !isPlainRelative(f));
  if (bad !== undefined) return `it names ${JSON.stringify(bad)}, which is not a relative path inside the folder`;
  return { tool: "ringfence", version: MANIFEST_VERSION, command: m.command, files: [...new Set(m.files as string[])].sort() };
}

/** The text of a manifest (canonical: sorted files, one per line). */
export function manifestText(manifest: FolderManifest): string {
  return `${JSON.stringify({ tool: manifest.tool, version: manifest.version, command: manifest.command, files: [...new Set(manifest.files)].sort() }, null, 1)}\n`;
}

/** Reads the manifest of a folder: null when there is none, a sentence when it is damaged. */
function readManifest(dir: string): FolderManifest | null | string {
  const path = join(dir, MANIFEST_FILE);
  let st;
  try {
    st = lstatSync(path);
  } catch {
    return null;
  }
  if (!st.isFile()) return `${MANIFEST_FILE} is not a regular file`;
  if (st.size > MAX_MANIFEST_BYTES) return `${MANIFEST_FILE} is larger than ${MAX_MANIFEST_BYTES / 1024 / 1024} MiB`;
  const parsed = parseManifest(readFileSync(path, "utf8"));
  return typeof parsed === "string" ? `${MANIFEST_FILE} is damaged (${parsed})` : parsed;
}

/** Octal escapes of /proc/self/mountinfo (`\040` for a space) decoded. */
const unescapeMount = (s: string): string => s.replace(/\\([0-7]{3})/g, (_, o: string) => String.fromCharCode(parseInt(o, 8)));

/**
 * Whether a folder is a mount point: on another device than its parent, the root, or listed as a mount
 * point in /proc/self/mountinfo (which also catches bind mounts of the same device).
 */
export function isMountPoint(dir: string): boolean {
  const real = realpathSync(dir);
  const parent = dirname(real);
  if (parent === real) return true;
  const here = statSync(real);
  const up = statSync(parent);
  if (here.dev !== up.dev || here.ino === up.ino) return true;
  let info: string;
  try {
    info = readFileSync("/proc/self/mountinfo", "utf8");
  } catch {
    return false; // not Linux: the device test above is what there is
  }
  return info.split("\n").some((line) => {
    const mountPoint = line.split(" ")[4];
    return mountPoint !== undefined && unescapeMount(mountPoint) === real;
  });
}

/** The entries of a folder, sorted, as relative paths (one level). */
const entriesOf = (dir: string): string[] => readdirSync(dir).sort();

/**
 * The files and folders of an owned folder that its manifest does not name, as relative paths: a folder
 * holding named files is looked into; any other entry (a folder of other files, a file the manifest does not
 * name, a named path that is no longer a regular file) is listed whole.
 */
export function unnamedEntries(dir: string, manifest: FolderManifest): string[] {
  const named = new Set(manifest.files);
  const parents = new Set<string>();
  for (const f of manifest.files) for (let i = f.indexOf("/"); i >= 0; i = f.indexOf("/", i + 1)) parents.add(f.slice(0, i));
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of entriesOf(rel === "" ? dir : join(dir, rel))) {
      const r = rel === "" ? name : `${rel}/${name}`;
      if (r === MANIFEST_FILE) continue;
      const st = lstatSync(join(dir, r));
      if (named.has(r) && st.isFile()) continue;
      if (parents.has(r) && st.isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk("");
  return out;
}

/** Lists a few names, then how many more. */
const someOf = (names: readonly string[], n = 4): string => (names.length <= n ? names.join(", ") : `${names.slice(0, n).join(", ")} and ${names.length - n} more`);

/**
 * Checks that a path can take a command's output, before any work starts.
 * @param path The output path as the user gave it (resolved against the current directory).
 * @throws OutputFolderRefused for a symlink, a file, a mount point, the current directory (or a folder
 * holding it), a non-empty folder without a manifest, or a folder whose manifest is damaged.
 */
export function checkOutputFolder(path: string): OutputFolderState {
  const abs = resolve(path);
  let st;
  try {
    st = lstatSync(abs);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "ENOENT") return { kind: "new" };
    throw new OutputFolderRefused(path, `a path that cannot be read (${(e as NodeJS.ErrnoException).code ?? String(e)})`, EXPECTED);
  }
  if (st.isSymbolicLink()) throw new OutputFolderRefused(path, "a symbolic link (ringfence does not write through links: give the folder's own path)", EXPECTED);
  if (!st.isDirectory()) throw new OutputFolderRefused(path, "a file", "a folder (or a path that does not exist yet)");
  const real = realpathSync(abs);
  let cwd: string | undefined;
  try {
    cwd = realpathSync(process.cwd());
  } catch {
    cwd = undefined; // the current directory was removed: it cannot be this folder
  }
  if (cwd === real) throw new OutputFolderRefused(path, "the current directory", `${EXPECTED}, not the current directory`);
  if (cwd !== undefined && cwd.startsWith(real.endsWith(sep) ? real : real + sep)) throw new OutputFolderRefused(path, `a folder holding the current directory (${cwd})`, EXPECTED);
  if (isMountPoint(real)) throw new OutputFolderRefused(path, "a mount point (results are swapped into place by renaming, which a mount point cannot be)", `${EXPECTED}, inside a mounted file system`);
  const entries = entriesOf(abs);
  if (entries.length === 0) return { kind: "empty" };
  const manifest = readManifest(abs);
  if (manifest === null) throw new OutputFolderRefused(path, `a folder ringfence did not write (it holds ${someOf(entries)}, and no ${MANIFEST_FILE}); nothing in it was touched`, EXPECTED);
  if (typeof manifest === "string") throw new OutputFolderRefused(path, `a folder whose ${manifest}; nothing in it was touched`, EXPECTED);
  return { kind: "owned", manifest, others: unnamedEntries(abs, manifest) };
}

/** Every file under a folder, relative and `/`-separated, sorted (symlinks listed, not followed). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (rel: string): void => {
    for (const name of entriesOf(rel === "" ? dir : join(dir, rel))) {
      const r = rel === "" ? name : `${rel}/${name}`;
      if (lstatSync(join(dir, r)).isDirectory()) walk(r);
      else out.push(r);
    }
  };
  walk("");
  return out.sort();
}

/** A fresh name beside `target` with a suffix (the first of `-<pid>-<n>` that does not exist). */
function besideName(target: string, what: "tmp" | "old"): string {
  for (let n = 0; ; n++) {
    const p = join(dirname(target), `.${basename(target)}.ringfence-${what}-${process.pid}-${n}`);
    if (!existsSync(p)) return p;
  }
}

/** Removes the files a manifest names (regular files only), the manifest, then the folders they leave empty. */
function removeNamed(dir: string, manifest: FolderManifest): void {
  for (const f of manifest.files) {
    const p = join(dir, f);
    try {
      if (lstatSync(p).isFile()) unlinkSync(p);
    } catch {
      // already gone
    }
  }
  try {
    if (lstatSync(join(dir, MANIFEST_FILE)).isFile()) unlinkSync(join(dir, MANIFEST_FILE));
  } catch {
    // already gone
  }
  const folders = new Set<string>();
  for (const f of manifest.files) for (let i = f.indexOf("/"); i >= 0; i = f.indexOf("/", i + 1)) folders.add(f.slice(0, i));
  for (const d of [...folders].sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(join(dir, d));
    } catch {
      // not empty: something else is there, and stays
    }
  }
}

/**
 * Leftovers of an earlier process that stopped while swapping results into `target`: folders
 * `.<name>.ringfence-old-*` beside it. One holding only files its manifest names is removed; one holding
 * anything else is refused, naming it, so the user's files are never lost in a hidden folder.
 * @throws OutputFolderRefused when a leftover holds files the tool did not write.
 */
export function recoverInterruptedSwap(target: string): void {
  const abs = resolve(target);
  const prefix = `.${basename(abs)}.ringfence-old-`;
  let names: string[];
  try {
    names = readdirSync(dirname(abs)).filter((n) => n.startsWith(prefix));
  } catch {
    return;
  }
  for (const n of names) {
    const old = join(dirname(abs), n);
    if (!lstatSync(old).isDirectory()) continue;
    const manifest = readManifest(old);
    const others = manifest === null || typeof manifest === "string" ? entriesOf(old) : unnamedEntries(old, manifest);
    if (others.length > 0 || typeof manifest === "string") {
      throw new OutputFolderRefused(target, `a folder whose earlier replacement was interrupted: ${old} still holds ${someOf(others.length > 0 ? others : [MANIFEST_FILE])}, which ringfence did not write; move them back into ${target} and remove ${old}`, EXPECTED);
    }
    if (manifest !== null) removeNamed(old, manifest);
    try {
      rmdirSync(old);
    } catch {
      // something appeared: leave it
    }
  }
}

/** What {@link publishFolder} did. */
export interface PublishResult {
  /** Files and folders that were in the folder without being named by its manifest, kept (moved into the new results). */
  readonly kept: readonly string[];
}

/** An error publishing results: the message says what failed and where every file is. */
export class PublishError extends Error {
  override readonly name = "PublishError";
}

/**
 * Writes a command's results into `target` whole: `write` fills a fresh hidden folder beside it, a manifest
 * naming every file is added, and the folder is swapped into place by renaming. An earlier folder of this
 * tool is replaced only in the files its manifest names: anything else in it is moved into the new results
 * untouched. On any failure before the swap the target is untouched and the hidden folder removed.
 * @param command The command recorded in the manifest.
 * @throws OutputFolderRefused when the target cannot take output (checked again here: the folder may have
 * changed since the command started); PublishError when writing or swapping fails (the message names the cause
 * and, if a name the new results use is taken by a file the tool did not write, where the new results are kept).
 */
export async function publishFolder(target: string, command: string, write: (dir: string) => Promise<void> | void): Promise<PublishResult> {
  const path = resolve(target);
  const state = checkOutputFolder(target);
  const temp = besideName(path, "tmp");
  mkdirSync(temp);
  try {
    await write(temp);
    const files = listFiles(temp).filter((f) => f !== MANIFEST_FILE);
    writeFileAtomic(join(temp, MANIFEST_FILE), manifestText({ tool: "ringfence", version: MANIFEST_VERSION, command, files }));
  } catch (e) {
    removeTree(temp);
    throw e;
  }
  const others = state.kind === "owned" ? state.others : [];
  const clash = others.find((o) => clashes(temp, o));
  if (clash !== undefined) {
    throw new PublishError(`${target} holds ${clash}, which ringfence did not write, and the new results have a file of that name; nothing in ${target} was changed, and the new results are in ${temp}`);
  }
  if (state.kind === "new") {
    try {
      renameSync(temp, path);
    } catch (e) {
      removeTree(temp);
      throw e;
    }
    return { kept: [] };
  }
  const old = besideName(path, "old");
  try {
    renameSync(path, old);
  } catch (e) {
    removeTree(temp);
    throw e;
  }
  try {
    renameSync(temp, path);
  } catch (e) {
    renameSync(old, path);
    removeTree(temp);
    throw e;
  }
  // The user's files move across before anything of the old results is removed.
  const stranded: string[] = [];
  for (const o of others) {
    try {
      mkdirSync(dirname(join(path, o)), { recursive: true });
      renameSync(join(old, o), join(path, o));
    } catch {
      stranded.push(o);
    }
  }
  if (stranded.length > 0) throw new PublishError(`the new results are in ${target}, but ${someOf(stranded)} (not written by ringfence) could not be moved there from ${old}, where they still are`);
  if (state.kind === "owned") removeNamed(old, state.manifest);
  try {
    rmdirSync(old);
  } catch {
    // Something appeared in the old folder meanwhile: it stays there.
  }
  return { kept: others };
}

/** Whether a path of the user's cannot move into `dir`: the path, or a folder above it, is a file there. */
function clashes(dir: string, rel: string): boolean {
  const segs = rel.split("/");
  for (let i = 1; i <= segs.length; i++) {
    const p = join(dir, ...segs.slice(0, i));
    if (!existsSync(p)) return false;
    if (i === segs.length || !lstatSync(p).isDirectory()) return true;
  }
  return false;
}

/** Every file under a folder, or none when it cannot be read. */
function safeList(dir: string): string[] {
  try {
    return listFiles(dir);
  } catch {
    return [];
  }
}

/** Removes a folder this process created and filled (its files, then its folders, deepest first). */
function removeTree(dir: string): void {
  for (const f of safeList(dir)) {
    try {
      unlinkSync(join(dir, f));
    } catch {
      // gone
    }
  }
  const folders: string[] = [];
  const walk = (d: string): void => {
    let names: string[] = [];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (lstatSync(p).isDirectory()) {
        walk(p);
        folders.push(p);
      }
    }
  };
  walk(dir);
  for (const d of folders.sort((a, b) => b.length - a.length)) {
    try {
      rmdirSync(d);
    } catch {
      // not empty
    }
  }
  try {
    rmdirSync(dir);
  } catch {
    // not empty
  }
}

/**
 * For commands that write into their folder as they go (a calibration): records `file` in the folder's
 * manifest before it is first written, creating the folder and the manifest as needed.
 * @throws PublishError when `file` exists but the manifest does not name it (it is not the tool's to overwrite).
 */
export function claimFile(dir: string, command: string, file: string): void {
  if (!isPlainRelative(file)) throw new PublishError(`claimFile: ${JSON.stringify(file)} is not a relative path inside ${dir}`);
  mkdirSync(dir, { recursive: true });
  const found = readManifest(dir);
  if (typeof found === "string") throw new PublishError(`${dir}: ${found}`);
  const manifest = found ?? { tool: "ringfence" as const, version: MANIFEST_VERSION, command, files: [] };
  if (manifest.files.includes(file)) return;
  if (existsSync(join(dir, file))) throw new PublishError(`${join(dir, file)} exists and ringfence did not write it; move it away or choose another folder`);
  writeFileAtomic(join(dir, MANIFEST_FILE), manifestText({ ...manifest, files: [...manifest.files, file] }));
}

/** The path of `file` relative to `dir`, `/`-separated (for {@link claimFile} from an absolute path). */
export function relativeFile(dir: string, file: string): string {
  return relative(resolve(dir), resolve(file)).split(sep).join("/");
}
