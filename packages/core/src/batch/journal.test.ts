import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRng } from "@ringfence/core";
import { localExecutor, openJournal, runBatch, type BatchExecutor, type RunBatchOptions } from "@ringfence/core/batch";
import { describe, expect, it } from "vitest";
import { toyScenarios } from "./fixtures/toy-scenarios.js";

const worker = new URL("./fixtures/toy-task.ts", import.meta.url);
const base = (over: Partial<RunBatchOptions> = {}): RunBatchOptions => ({ worker, scenarios: toyScenarios(), runs: 6, masterSeed: 3, years: 4, workers: 1, erosion: [{ indicator: "value", threshold: 0.02 }], ...over });
const tmp = () => mkdtempSync(join(tmpdir(), "ringfence-journal-"));

/** A finished journal of the base batch, its lines, and the summary of the uninterrupted batch. */
async function finishedJournal() {
  const dir = tmp();
  const journal = join(dir, "journal.jsonl");
  const summary = await runBatch(base({ journal }));
  const lines = readFileSync(journal, "utf8").split("\n").filter((l) => l !== "");
  return { journal, lines, summary };
}
const rewrite = (journal: string, lines: readonly string[], tail = "\n") => writeFileSync(journal, lines.join("\n") + tail);

describe("an executor is pluggable and cannot change the summary", () => {
  it("tasks finished in a shuffled order, some reported twice, give the local summary byte for byte", async () => {
    const shuffled: BatchExecutor = {
      async run(ctx) {
        const mod = (await import(ctx.worker)) as { runTask: (t: unknown) => Promise<never> };
        const order = [...ctx.pending];
        createRng("order").shuffle(order);
        for (const k of order) {
          const outcome = { record: await mod.runTask(ctx.task(k)) };
          ctx.done(k, outcome);
          if (k % 3 === 0) ctx.done(k, outcome); // a retried job's duplicate
        }
      },
    };
    const local = await runBatch(base({ executor: localExecutor({ workers: 1 }) }));
    const other = await runBatch(base({ executor: shuffled }));
    expect(JSON.stringify(other)).toBe(JSON.stringify(local));
  });
  it("an executor that leaves runs unreported is an error, not a short summary", async () => {
    const lazy: BatchExecutor = { run: () => Promise.resolve() };
    await expect(runBatch(base({ executor: lazy }))).rejects.toThrow("the executor finished with 12 of 12 runs unreported");
  });
});

describe("journal integrity on resume", () => {
  it("a torn last line (a crash mid-write) is dropped and the batch resumes to the uninterrupted summary", async () => {
    const { journal, lines, summary } = await finishedJournal();
    rewrite(journal, lines.slice(0, 5), `\n${lines[5]!.slice(0, 40)}`);
    const resumed = await runBatch(base({ journal, resume: true }));
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(summary));
  });
  const tampered: [string, (lines: string[]) => string[], RegExp][] = [
    ["two records swapped", (l) => [l[0]!, l[2]!, l[1]!, ...l.slice(3)], /line 2 fails its checksum/],
    ["a value edited", (l) => [...l.slice(0, 3), l[3]!.replace(/"value":\[(\d)/, '"value":[9$1'), ...l.slice(4)], /line 4 fails its checksum/],
    ["a run index out of range, checksum recomputed by hand would still not match", (l) => [...l.slice(0, 2), l[2]!.replace(/"k":\d+/, '"k":999'), ...l.slice(3)], /line 3 fails its checksum/],
    ["a __proto__ key added", (l) => [...l.slice(0, 2), l[2]!.replace('{"type"', '{"__proto__":{"polluted":1},"type"'), ...l.slice(3)], /line 3 has a key named __proto__/],
    ["a line in the middle that is not JSON", (l) => [...l.slice(0, 2), "{not json", ...l.slice(2)], /line 3 is not JSON/],
    ["a line copied from later", (l) => [...l.slice(0, 3), l[6]!, ...l.slice(3)], /line 4 fails its checksum/],
  ];
  for (const [what, edit, message] of tampered) {
    it(`refuses a journal with ${what}`, async () => {
      const { journal, lines } = await finishedJournal();
      rewrite(journal, edit(lines));
      await expect(runBatch(base({ journal, resume: true }))).rejects.toThrow(message);
      expect(({} as { polluted?: number }).polluted).toBeUndefined();
    });
  }
  it("refuses a journal of another batch, naming the difference", async () => {
    const { journal } = await finishedJournal();
    await expect(runBatch(base({ journal, resume: true, runs: 7 }))).rejects.toThrow("runs: the journal has 6, this batch 7");
    await expect(runBatch(base({ journal, resume: true, codeFingerprint: "v2" }))).rejects.toThrow('code: the journal has undefined, this batch "v2"');
  });
});

describe("one writer per journal", () => {
  it("a second batch cannot open a journal another live batch is writing; a stale lock is taken over", () => {
    const dir = tmp();
    const path = join(dir, "journal.jsonl");
    const spec = { masterSeed: "1", runs: 1, years: 1, scenarios: [{ id: "a", hash: "h" }] };
    writeFileSync(`${path}.lock`, String(process.ppid)); // a live process that is not us
    expect(() => openJournal(path, spec, false)).toThrow(`is in use by another ringfence process (pid ${process.ppid})`);
    writeFileSync(`${path}.lock`, "999999999"); // no such process: a stale lock
    const j = openJournal(path, spec, false);
    expect(readFileSync(`${path}.lock`, "utf8")).toBe(String(process.pid));
    j.close();
  });
});
