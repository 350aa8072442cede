/**
 * The results folder of a command: checked before any run starts, locked against a second writer, results
 * written into a temporary folder beside it and swapped into place only when complete, so a crash, an
 * interrupt or a full disk leaves the previous results or nothing, never a mix. The journal of an unfinished
 * batch lives in a hidden work folder beside it until the batch completes.
 * @packageDocumentation
 */
import { accessSync, constants, existsSync, mkdirSync, renameSync, rmSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import { ConfigError } from "@ringfence/core";
import { acquireLock } from "@ringfence/core/batch";

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
   * place; on any error the temporary folder is removed and the previous results are left untouched.
   */
  publish(write: (dir: string) => Promise<void>): Promise<void>;
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
 * Checks and locks a results folder before any run: its path must be a folder or not exist yet, under a
 * writable parent; no other ringfence process may be using it; an unfinished batch's journal must be
 * resumed (`resume`) or it is refused, and `resume` needs one.
 * @throws ConfigError (exit 2) naming `--out` and what was wrong.
 */
export function prepareOutputFolder(out: string, options: { readonly resume: boolean; readonly journaled: boolean }): OutputFolder {
  const path = resolve(out);
  const parent = dirname(path);
  const name = basename(path);
  if (existsSync(path) && !statSync(path).isDirectory()) throw bad(out, "a file", "a folder (or a path that does not exist yet)");
  // A path under a file: say so (mkdir would report the file as "already exists" or "not a directory").
  for (let up = parent; ; up = dirname(up)) {
    if (existsSync(up)) {
      if (!statSync(up).isDirectory()) throw bad(out, `a path under the file ${up}`, "a folder path");
      break;
    }
    if (dirname(up) === up) break;
  }
  try {
    mkdirSync(parent, { recursive: true });
  } catch (e) {
    throw bad(out, describeFsError(e), "a folder whose parent can be created");
  }
  if (!statSync(parent).isDirectory()) throw bad(out, "a path under a file", "a folder path");
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
      const temp = join(parent, `.${name}.ringfence-tmp-${process.pid}`);
      const old = join(parent, `.${name}.ringfence-old-${process.pid}`);
      rmSync(temp, { recursive: true, force: true });
      try {
        mkdirSync(temp);
        await write(temp);
      } catch (e) {
        rmSync(temp, { recursive: true, force: true });
        throw new OutputError(`could not write the results to ${out}: ${describeFsError(e)}; the previous results there are untouched`);
      }
      try {
        if (existsSync(path)) renameSync(path, old);
        renameSync(temp, path);
      } catch (e) {
        if (!existsSync(path) && existsSync(old)) renameSync(old, path);
        rmSync(temp, { recursive: true, force: true });
        throw new OutputError(`could not move the results into ${out}: ${describeFsError(e)}; the previous results there are untouched`);
      }
      rmSync(old, { recursive: true, force: true });
    },
    finish() {
      rmSync(work, { recursive: true, force: true });
    },
    release,
  };
}
