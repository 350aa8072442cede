/**
 * The durable journal of a batch: a header line naming the batch, then one JSON line per finished run,
 * fsync'd before the run counts as done.
 * @packageDocumentation
 */
import { closeSync, existsSync, fsyncSync, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from "node:fs";
import { ConfigError } from "../validation.js";
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
  /** Closes the file. */
  close(): void;
}

function describeDifference(found: JournalSpec, wanted: JournalSpec): string {
  for (const key of ["masterSeed", "runs", "years"] as const) {
    if (found[key] !== wanted[key]) return `${key}: the journal has ${JSON.stringify(found[key])}, this batch ${JSON.stringify(wanted[key])}`;
  }
  return `scenarios: the journal has ${found.scenarios.map((s) => `${s.id}#${s.hash.slice(0, 8)}`).join(", ")}, this batch ${wanted.scenarios.map((s) => `${s.id}#${s.hash.slice(0, 8)}`).join(", ")}`;
}

/**
 * Opens a journal: with `resume`, reads the finished runs of an earlier attempt (a torn last line from a
 * crash is cut off) after checking it belongs to the same batch; otherwise starts a new one.
 */
export function openJournal(path: string, spec: JournalSpec, resume: boolean): Journal {
  const resumed = new Map<number, JournalEntry>();
  if (resume && existsSync(path)) {
    const text = readFileSync(path, "utf8");
    const lines = text.split("\n");
    let good = 0; // bytes of complete, parsable lines
    let header: JournalSpec | null = null;
    for (let i = 0; i < lines.length; i++) {
      const line = lines[i]!;
      if (i === lines.length - 1) break; // text after the last newline is torn (or empty)
      let parsed: unknown;
      try {
        parsed = JSON.parse(line);
      } catch {
        break;
      }
      good += Buffer.byteLength(line, "utf8") + 1;
      if (i === 0) header = (parsed as { spec: JournalSpec }).spec;
      else {
        const e = parsed as JournalEntry;
        resumed.set(e.k, e);
      }
    }
    if (header === null) throw new ConfigError("batch", [{ path: "resume", expected: "a journal with a header line", value: path, message: `resume: expected a journal with a header line, got an empty or torn ${path}` }]);
    if (JSON.stringify(header) !== JSON.stringify(spec)) {
      throw new ConfigError("batch", [{ path: "resume", expected: "the same batch as the journal", value: path, message: `resume: the journal ${path} belongs to another batch (${describeDifference(header, spec)})` }]);
    }
    const cut = openSync(path, "r+");
    ftruncateSync(cut, good);
    fsyncSync(cut);
    closeSync(cut);
  } else {
    writeFileSync(path, `${JSON.stringify({ type: "header", spec })}\n`);
  }
  const fd = openSync(path, "a");
  fsyncSync(fd);
  return {
    resumed,
    append(entry) {
      writeSync(fd, `${JSON.stringify(entry)}\n`);
      fsyncSync(fd);
    },
    close: () => closeSync(fd),
  };
}
