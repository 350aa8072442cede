/**
 * Atomic file writes: write a temporary file beside the target, flush it to disk, then rename it over the
 * target, so a reader sees either the old file or the complete new one, never a half-written file.
 * @packageDocumentation
 */
import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { beforeCommit, beforeWrite } from "./write-faults.js";

let tempCounter = 0;

/**
 * Path of a fresh temporary file in the same directory as `target` (so a rename stays on one file system).
 * @remarks The name is `.<basename>.<pid>.<counter>.tmp`: unique per process and call, no clock or randomness.
 */
export function tempPathFor(target: string): string {
  tempCounter += 1;
  return join(dirname(target), `.${basename(target)}.${process.pid}.${tempCounter}.tmp`);
}

/** Remove a file if it exists, ignoring every error (used to clean up after a failure). */
export function removeQuietly(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // Nothing more can be done: the original error matters more.
  }
}

/** Flush a finished temporary file to disk and rename it over `target`. */
export function commitTemp(temp: string, target: string): void {
  const fd = openSync(temp, "r");
  try {
    beforeCommit();
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  beforeCommit();
  renameSync(temp, target);
}

/**
 * Write `data` to `path` atomically: the file appears complete or not at all, and a failure leaves any
 * existing file untouched and no temporary file behind.
 * @remarks `data` may be a function producing the content; it runs before any file is created, so if it
 * throws nothing is written. Parent directories are created as needed.
 * @example
 * ```ts
 * writeFileAtomic("out/notes.txt", "hello\n");
 * ```
 */
export function writeFileAtomic(path: string, data: string | Uint8Array | (() => string | Uint8Array)): void {
  const content = typeof data === "function" ? data() : data;
  mkdirSync(dirname(path), { recursive: true });
  const temp = tempPathFor(path);
  try {
    const fd = openSync(temp, "wx");
    try {
      const bytes = typeof content === "string" ? Buffer.from(content, "utf8") : content;
      beforeWrite(path);
      let written = 0;
      while (written < bytes.length) written += writeSync(fd, bytes, written, bytes.length - written);
      beforeCommit();
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    beforeCommit();
    renameSync(temp, path);
  } catch (error) {
    removeQuietly(temp);
    throw error;
  }
}
