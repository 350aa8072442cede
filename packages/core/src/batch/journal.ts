/**
 * The durable journal of a batch: a header line naming the batch, then one JSON line per finished run,
 * fsync'd before the run counts as done. Each line carries a checksum chained to the one before (and the
 * first to the batch's hash), so a resume refuses a journal that was edited, reordered or spliced from
 * another batch, and only a torn last line (a crash mid-write) is dropped. The chain has no secret key: it
 * guards against accidents and careless edits, not against someone who recomputes every checksum (a
 * forged line is still checked for its place, its fields and prototype keys, and folded as plain data).
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, ftruncateSync, lstatSync, openSync, readFileSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { ConfigError } from "../validation.js";
import { beforeCommit, beforeWrite } from "../results/write-faults.js";
import { acquireLock } from "./lock.js";
import type { RunFailure, RunRecord } from "./types.js";

/** What identifies a batch: resuming is only allowed with the same spec. */
export interface JournalSpec {
  /** Master seed. */
  readonly masterSeed: string;
  /** Runs per scenario. */
  readonly runs: number;
  /** Years per run. */
  readonly years: number;
  /** Scenario ids and config hashes, in batch order. */
  readonly scenarios: readonly { readonly id: string; readonly hash: string }[];
  /** Fingerprint of the code that runs the tasks (package versions, plugin contents), when known. */
  readonly code?: string;
}

/** One finished run in the journal: its sequence number and its record or failure. */
export type JournalEntry =
  | { readonly type: "record"; readonly k: number; readonly record: RunRecord }
  | { readonly type: "failure"; readonly k: number; readonly failure: RunFailure };

/** An open journal to append finished runs to. */
export interface Journal {
  /** Entries found when the journal was opened (resume), by sequence number. */
  readonly resumed: ReadonlyMap<number, JournalEntry>;
  /** Appends an entry and fsyncs it. */
  append(entry: JournalEntry): void;
  /** Closes the file and releases its lock. */
  close(): void;
}

/** Journal format version written in the header. */
export const JOURNAL_VERSION = 2;

const sha = (text: string): string => createHash("sha256").update(text).digest("hex");

/** The hash that starts the checksum chain: the batch spec's canonical JSON. */
export function specHash(spec: JournalSpec): string {
  return sha(JSON.stringify(spec));
}

function describeDifference(found: JournalSpec, wanted: JournalSpec): string {
  for (const key of ["masterSeed", "runs", "years", "code"] as const) {
    if (found[key] !== wanted[key]) return `${key}: the journal has ${JSON.stringify(found[key])}, this batch ${JSON.stringify(wanted[key])}`;
  }
  return `scenarios: the journal has ${found.scenarios.map((s) => `${s.id}#${s.hash.slice(0, 8)}`).join(", ")}, this batch ${wanted.scenarios.map((s) => `${s.id}#${s.hash.slice(0, 8)}`).join(", ")}`;
}

/** Keys that would name an object's prototype: refused anywhere in a journal line. */
const PROTOTYPE_KEYS: ReadonlySet<string> = new Set(["__proto__", "constructor", "prototype"]);

/** The fields of a journal entry (besides its checksum). */
const ENTRY_KEYS: ReadonlySet<string> = new Set(["type", "k", "record", "failure"]);

const refuse = (path: string, why: string): never => {
  throw new ConfigError("batch", [{ path: "resume", expected: "an intact journal of this batch", value: path, message: `resume: the journal ${path} ${why}` }]);
};

/** Checks a parsed journal line's shape and place: its sequence number, scenario and run. */
function checkEntry(path: string, line: number, e: unknown, spec: JournalSpec): JournalEntry {
  const S = spec.scenarios.length;
  const total = S * spec.runs;
  if (e === null || typeof e !== "object") return refuse(path, `line ${line + 1} is not a journal entry`);
  const o = e as { type?: unknown; k?: unknown; record?: unknown; failure?: unknown };
  const extra = Object.keys(o).filter((key) => !ENTRY_KEYS.has(key));
  if (extra.length > 0) return refuse(path, `line ${line + 1} has fields a journal entry does not have (${extra.join(", ")})`);
  if (typeof o.k !== "number" || !Number.isInteger(o.k) || o.k < 0 || o.k >= total) return refuse(path, `line ${line + 1} names run ${String(o.k)}, outside this batch's 0–${total - 1}`);
  const scenario = spec.scenarios[o.k % S]!.id;
  const run = Math.floor(o.k / S);
  const body = o.type === "record" ? o.record : o.type === "failure" ? o.failure : undefined;
  if (body === null || typeof body !== "object") return refuse(path, `line ${line + 1} is neither a record nor a failure`);
  const b = body as { scenario?: unknown; run?: unknown };
  if (b.scenario !== scenario || b.run !== run) return refuse(path, `line ${line + 1} holds ${String(b.scenario)} run ${String(b.run)} where run ${o.k} is ${scenario} run ${run}`);
  return e as JournalEntry;
}

/**
 * Opens a journal: with `resume`, reads and verifies the finished runs of an earlier attempt (cutting off a
 * torn last line from a crash) after checking it belongs to the same batch; otherwise starts a new one.
 * @throws ConfigError when the journal belongs to another batch, was tampered with, or is locked by a live batch.
 */
export function openJournal(path: string, spec: JournalSpec, resume: boolean): Journal {
  const unlock = acquireLock(`${path}.lock`, `the journal ${path}`);
  try {
    const resumed = new Map<number, JournalEntry>();
    let chain = specHash(spec);
    if (resume && existsSync(path)) {
      if (!lstatSync(path).isFile()) refuse(path, "is not a regular file");
      const text = readFileSync(path, "utf8");
      const lines = text.split("\n");
      let good = 0; // bytes of verified lines
      for (let i = 0; i < lines.length - 1; i++) {
        const line = lines[i]!;
        let parsed: unknown;
        try {
          parsed = JSON.parse(line, (key: string, value: unknown) => {
            if (PROTOTYPE_KEYS.has(key)) throw new SyntaxError(`a key named ${key}`);
            return value;
          });
        } catch (e) {
          if (e instanceof SyntaxError && e.message.startsWith("a key named")) refuse(path, `line ${i + 1} has ${e.message}, which no journal line has`);
          refuse(path, `line ${i + 1} is not JSON (only a torn last line, without its newline, is dropped)`);
        }
        if (i === 0) {
          const h = parsed as { type?: unknown; version?: unknown; spec?: JournalSpec };
          if (h.type !== "header" || h.version !== JOURNAL_VERSION || h.spec === undefined) refuse(path, `has no version ${JOURNAL_VERSION} header line`);
          if (JSON.stringify(h.spec) !== JSON.stringify(spec)) {
            throw new ConfigError("batch", [{ path: "resume", expected: "the same batch as the journal", value: path, message: `resume: the journal ${path} belongs to another batch (${describeDifference(h.spec!, spec)})` }]);
          }
        } else {
          const { sum, ...entry } = parsed as { sum?: unknown };
          if (typeof sum !== "string" || sum !== sha(chain + JSON.stringify(entry)).slice(0, 32)) refuse(path, `line ${i + 1} fails its checksum: it was changed, moved or copied from another journal`);
          chain = sum as string;
          const e = checkEntry(path, i, entry, spec);
          if (resumed.has(e.k)) refuse(path, `line ${i + 1} repeats run ${e.k}`);
          resumed.set(e.k, e);
        }
        good += Buffer.byteLength(line, "utf8") + 1;
      }
      if (good === 0) refuse(path, "is empty or torn before its header");
      // Text after the last newline is a torn write: cut it off.
      const cut = openSync(path, "r+");
      ftruncateSync(cut, good);
      fsyncSync(cut);
      closeSync(cut);
    } else {
      writeFileSync(path, `${JSON.stringify({ type: "header", version: JOURNAL_VERSION, spec })}\n`);
    }
    const fd = openSync(path, "a");
    fsyncSync(fd);
    return {
      resumed,
      append(entry) {
        const sum = sha(chain + JSON.stringify(entry)).slice(0, 32);
        beforeWrite(path);
        writeSync(fd, `${JSON.stringify({ ...entry, sum })}\n`);
        chain = sum;
        beforeCommit();
        fsyncSync(fd);
      },
      close() {
        closeSync(fd);
        unlock();
      },
    };
  } catch (e) {
    unlock();
    throw e;
  }
}
