/**
 * The results folder of a command: checked before any run starts (a new path, an empty folder, or a folder
 * ringfence wrote before, which carries its manifest; never a symlink, a mount point or the current
 * directory), locked against a second writer, results written into a temporary folder beside it and swapped
 * into place only when complete, so a crash, an interrupt or a full disk leaves the previous results or
 * nothing, never a mix. Replacing results removes only files the manifest names. The journal of an
 * unfinished batch lives in a hidden work folder beside it until the batch completes.
 * @packageDocumentation
 */
import { accessSync, constants, existsSync, mkdirSync, readdirSync, rmdirSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError } from "@ringfence/core";
import { acquireLock, checkOutputFolder, claimFile, OutputFolderRefused, publishFolder, PublishError, recoverInterruptedSwap, relativeFile } from "@ringfence/core/batch";

/** The commands that write a results folder (recorded in its manifest). */
export type WritingCommand = "run" | "compare" | "flagship" | "explore" | "calibrate" | "backcast";

/** A results folder made ready for a command. */
export interface OutputFolder {
  /** Absolute path of the results folder. */
  readonly path: string;
  /** Hidden work folder beside it (the journal of an unfinished batch). */
  readonly work: string;
  /** Journal path inside the work folder. */
  readonly journal: string;
  /**
   * Writes the results with `write` into a fresh temporary folder beside the results folder and swaps it into
   * place; on any error the temporary folder is removed and the previous results are left untouched. Files in
   * the folder that ringfence did not write are moved into the new results; their names are returned.
   */
  publish(write: (dir: string) => Promise<void> | void): Promise<readonly string[]>;
  /** For a command writing in place: records a file (absolute, inside the folder) in its manifest before it is first written. */
  claim(file: string): void;
  /** Removes the work folder (after a completed batch). */
  finish(): void;
  /** Releases the lock. */
  release(): void;
}
/** An error writing results (exit 1): what failed and that previous results are untouched. */
export class OutputError extends Error {
  override readonly name = "OutputError";
}

const bad = (path: string, got: string, expected: string): ConfigError =>
  new ConfigError("command line", [{ path: "--out", expected, value: path, message: `--out: expected ${expected}, got ${JSON.stringify(path)} (${got})` }]);

/** The code and message of a file system error, in words. */
function describeFsError(e: unknown): string {
  const err = e as NodeJS.ErrnoException;
  const words: Record<string, string> = {
    ENOSPC: "no space left on the device",
    EROFS: "a read-only file system",
    EACCES: "permission denied",
    EPERM: "operation not permitted",
    ENOTDIR: "a path under a file",
    EEXIST: "it already exists",
    EDQUOT: "disk quota exceeded",
  };
  return err.code === undefined ? String(err.message ?? e) : `${words[err.code] ?? err.message} (${err.code})`;
}

/**
 * Checks and locks a results folder before any run: its path must be a new path under a writable parent, an
 * empty folder, or a folder ringfence wrote before (never a symlink, a mount point, the current directory or
 * a folder of other files); no other ringfence process may be using it; an unfinished batch's journal must be
 * resumed (`resume`) or it is refused, and `resume` needs one.
 * @throws ConfigError (exit 2) naming `--out` and what was wrong.
 */
export function prepareOutputFolder(out: string, options: { readonly command: WritingCommand; readonly resume: boolean; readonly journaled: boolean }): OutputFolder {
  const path = resolve(out);
  const parent = dirname(path);
  const name = basename(path);
  // A path under a file: say so (mkdir would report the file as "already exists" or "not a directory").
  for (let up = parent; ; up = dirname(up)) {
    if (existsSync(up)) {
      if (!statSync(up).isDirectory()) throw bad(out, `a path under the file ${up}`, "a folder path");
      break;
    }
    if (dirname(up) === up) break;
  }
  try {
    checkOutputFolder(out);
    recoverInterruptedSwap(out);
  } catch (e) {
    if (e instanceof OutputFolderRefused) throw bad(out, e.got, e.expected);
    throw e;
  }
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw bad(out, describeFsError(e), "a folder whose parent can be created");
  }
  try {
    accessSync(parent, constants.W_OK);
  } catch (e) {
    throw bad(out, describeFsError(e), "a folder in a writable place");
  }
  const work = join(parent, `.${name}.ringfence-work`);
  const journal = join(work, "journal.jsonl");
  const release = acquireLock(join(parent, `.${name}.ringfence-lock`), `the results folder ${out}`);
  try {
    if (options.journaled) {
      const unfinished = existsSync(journal);
      if (unfinished && !options.resume) {
        throw new ConfigError("command line", [{ path: "--out", expected: "a folder without an unfinished batch, or --resume", value: out, message: `--out: ${out} has an unfinished batch; add --resume to continue it, or remove ${work} to start again` }]);
      }
      if (!unfinished && options.resume) {
        throw new ConfigError("command line", [{ path: "--resume", expected: `an unfinished batch for ${out}`, value: out, message: `--resume: expected an unfinished batch for ${out}, found none (${journal})` }]);
      }
      try {
        mkdirSync(work, { recursive: true });
      } catch (e) {
        throw bad(out, describeFsError(e), "a folder in a writable place");
      }
    }
  } catch (e) {
    release();
    throw e;
  }
  return {
    path,
    work,
    journal,
    async publish(write) {
      try {
        return (await publishFolder(path, options.command, write)).kept;
      } catch (e) {
        if (e instanceof OutputFolderRefused) throw new OutputError(`could not write the results: --out ${out} changed while the command ran (${e.got}); nothing in it was touched`);
        if (e instanceof PublishError) throw new OutputError(`could not write the results: ${e.message}`);
        throw new OutputError(`could not write the results to ${out}: ${describeFsError(e)}; the previous results there are untouched`);
      }
    },
    claim(file) {
      try {
        claimFile(path, options.command, relativeFile(path, file));
      } catch (e) {
        throw new OutputError(`could not write ${file}: ${e instanceof Error ? e.message : String(e)}`);
      }
    },
    finish() {
      // Only what this command keeps there: the journals (one per growth path), their locks and the per-run
      // tables being written (table, or table-<k> for the k-th growth path).
      let names: string[] = [];
      try {
        names = readdirSync(work);
      } catch {
        // Already gone.
      }
      for (const f of names) if (/^(journal(-[a-z0-9.-]+)?\.jsonl(\.lock)?|table(-\d+)?)$/.test(f)) rmSync(join(work, f), { recursive: true, force: true });
      try {
        rmdirSync(work);
      } catch {
        // Not empty (something else is there) or already gone: left as it is.
      }
    },
    release,
  };
}
