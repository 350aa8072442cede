/**
 * Lock files: a file holding the pid of the process that owns something (a journal, a results folder), so a
 * second process is refused while the first lives and may take over once it has died.
 * @packageDocumentation
 */
import { readFileSync, unlinkSync, writeFileSync } from "node:fs";
import { ConfigError } from "../validation.js";

/** Whether a process with this pid is alive (a lock held by a dead process is stale). */
export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/**
 * Takes the lock file `file` for this process and returns a function that releases it; a lock left by a
 * process that has died is taken over.
 * @param what What the lock protects, for the error (such as `the results folder results/flagship`).
 * @throws ConfigError naming the live process that holds the lock.
 */
export function acquireLock(file: string, what: string): () => void {
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, String(process.pid), { flag: "wx" });
      return () => {
        try {
          if (readFileSync(file, "utf8") === String(process.pid)) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      let holder = Number.NaN;
      try {
        holder = Number(readFileSync(file, "utf8"));
      } catch {
        continue; // released between our attempt and the read
      }
      if (Number.isInteger(holder) && holder !== process.pid && processAlive(holder)) {
        throw new ConfigError("batch", [{ path: "lock", expected: `${what} not in use by another process`, value: file, message: `lock: ${what} is in use by another ringfence process (pid ${holder}); wait for it to finish or choose another folder` }]);
      }
      try {
        unlinkSync(file); // stale: its process is gone
      } catch {
        // Another process took it over first; try again.
      }
    }
  }
  throw new ConfigError("batch", [{ path: "lock", expected: `a lock on ${what}`, value: file, message: `lock: could not lock ${what} (${file})` }]);
}
