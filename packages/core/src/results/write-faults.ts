/**
 * TEST-ONLY fault injection for the result writer and the batch journal: slow writes and a full disk on
 * demand, so the fault tests can run without root or special mounts. Nothing in a scenario file, a command
 * line or the API reaches it: it reads one environment variable, `RINGFENCE_TEST_WRITE_FAULTS`, at each write,
 * and does nothing when it is unset (as it is outside the tests). Its value is a comma-separated list of:
 * - `delay-ms=N`: sleep N milliseconds before each fsync and before each rename of a finished file;
 * - `enospc-at=N`: the N-th write (counting from 1) since the variable took its value fails with ENOSPC, as on
 *   a full disk.
 * Not exported from any entry point.
 * @packageDocumentation
 */

/** The environment variable the fault tests set. */
export const WRITE_FAULTS_ENV = "RINGFENCE_TEST_WRITE_FAULTS";

let writes = 0;
let counting: string | undefined;

/** The faults asked for, or null when the variable is unset or empty; writes are counted afresh for each new value. */
function faults(): { readonly delayMs: number; readonly enospcAt: number } | null {
  const raw = process.env[WRITE_FAULTS_ENV];
  if (raw !== counting) {
    counting = raw;
    writes = 0;
  }
  if (raw === undefined || raw === "") return null;
  let delayMs = 0;
  let enospcAt = 0;
  for (const part of raw.split(",")) {
    const m = /^\s*(delay-ms|enospc-at)=(\d{1,9})\s*$/.exec(part);
    if (m === null) throw new Error(`${WRITE_FAULTS_ENV}: expected delay-ms=N and/or enospc-at=N, got ${JSON.stringify(part)}`);
    if (m[1] === "delay-ms") delayMs = Number(m[2]);
    else enospcAt = Number(m[2]);
  }
  return { delayMs, enospcAt };
}

/** Blocks this thread for `ms` milliseconds (writes are synchronous, so the delay must be too). */
function sleep(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Called before a write of data: counts it, and fails it with ENOSPC when it is the one asked for. */
export function beforeWrite(path: string): void {
  const f = faults();
  if (f === null) return;
  writes++;
  if (f.enospcAt > 0 && writes === f.enospcAt) {
    throw Object.assign(new Error(`ENOSPC: no space left on device, write '${path}' (injected by ${WRITE_FAULTS_ENV})`), { code: "ENOSPC", errno: -28, syscall: "write", path });
  }
}

/** Called before an fsync or a rename that makes a write durable or visible: sleeps when asked. */
export function beforeCommit(): void {
  const f = faults();
  if (f !== null) sleep(f.delayMs);
}
