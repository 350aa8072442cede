import { spawn } from "node:child_process";
import { getEventListeners } from "node:events";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { ConfigError } from "@ringfence/core";
import { createAccumulator, localExecutor, runBatch, type BatchProgress, type RunBatchOptions, type RunRecord } from "@ringfence/core/batch";
import { toyScenarios } from "./fixtures/toy-scenarios.js";

const worker = new URL("./fixtures/toy-task.ts", import.meta.url);
const base = (over: Partial<RunBatchOptions> = {}): RunBatchOptions => ({
  worker,
  scenarios: toyScenarios(),
  runs: 12,
  masterSeed: 7,
  years: 5,
  workers: 1,
  erosion: [{ indicator: "value", threshold: 0.02 }],
  ...over,
});
const tmp = () => mkdtempSync(join(tmpdir(), "ringfence-batch-"));

describe("runBatch", () => {
  it("gives a byte-identical summary with 1 and 2 workers", async () => {
    const one = await runBatch(base({ workers: 1 }));
    const two = await runBatch(base({ workers: 2 }));
    expect(JSON.stringify(two)).toBe(JSON.stringify(one));
    expect(one.indicators.flat!.value![0]!.n).toBe(12);
  }, 30_000);

  it("resumes a batch killed mid-way to exactly the uninterrupted summary", async () => {
    const dir = tmp();
    const journal = join(dir, "journal.jsonl");
    const script = fileURLToPath(new URL("./fixtures/run-toy-batch.ts", import.meta.url));
    // Node itself with tsx as a loader (not the tsx wrapper), so SIGKILL stops the process doing the work.
    const child = spawn(process.execPath, ["--import", "tsx", script, journal, "12", "1"], { stdio: "ignore", cwd: fileURLToPath(new URL("../..", import.meta.url)) });
    // Wait for some runs to be journaled, then kill the process outright.
    const lines = () => (existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter((l) => l !== "").length : 0);
    const deadline = performance.now() + 20_000;
    while (lines() < 6 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    const before = lines() - 1;
    // The killed process is gone: the journal no longer grows.
    await new Promise((r) => setTimeout(r, 300));
    expect(lines() - 1).toBe(before);
    expect(before).toBeGreaterThanOrEqual(5);
    expect(before).toBeLessThan(24);
    const seen: RunRecord[] = [];
    const resumed = await runBatch(base({ scenarios: toyScenarios(40), journal, resume: true, onRecord: (r) => seen.push(r) }));
    const fresh = await runBatch(base({ scenarios: toyScenarios(40) }));
    expect(JSON.stringify(resumed)).toBe(JSON.stringify(fresh));
    // Every run reaches onRecord exactly once, in summary order, including those read back from the journal.
    expect(seen.map((r) => `${r.run}:${r.scenario}`)).toEqual(Array.from({ length: 24 }, (_, k) => `${Math.floor(k / 2)}:${k % 2 === 0 ? "flat" : "falling"}`));
  }, 60_000);

  it("leaves no listener on the caller's abort signal when a batch ends, so many batches can share one signal", async () => {
    const controller = new AbortController();
    for (let i = 0; i < 3; i++) await runBatch(base({ runs: 2, workers: 2, signal: controller.signal }));
    expect(getEventListeners(controller.signal, "abort")).toHaveLength(0);
  }, 30_000);

  it("reports a throwing run with its scenario, run and seed, and keeps the others", async () => {
    const s = await runBatch(base({ scenarios: toyScenarios(0, 3) }));
    expect(s.failures).toEqual([{ scenario: "falling", run: 3, seed: "7:3", message: "toy failure in run 3" }]);
    expect(s.indicators.falling!.value![0]!.n).toBe(11);
    expect(s.indicators.flat!.value![0]!.n).toBe(12);
    expect(s.paired.find((p) => p.indicator === "value")!.n).toBe(11);
  });

  it("isolates runs in worker threads and stops one that never finishes at its time limit", async () => {
    const scenarios = toyScenarios().map((s) => (s.id === "falling" ? { ...s, config: { ...(s.config as object), spinRun: 4 } } : s));
    const started = performance.now();
    const s = await runBatch(base({ scenarios, executor: localExecutor({ workers: 2, isolate: true, taskTimeoutMs: 1500 }) }));
    expect(s.failures).toHaveLength(1);
    expect(s.failures[0]).toMatchObject({ scenario: "falling", run: 4, seed: "7:4" });
    expect(s.failures[0]!.message).toContain("time limit of 1.5 s");
    expect(s.indicators.flat!.value![0]!.n).toBe(12);
    expect(s.indicators.falling!.value![0]!.n).toBe(11);
    // The other runs are not held up for long by the stopped one (loose: a shared machine).
    expect(performance.now() - started).toBeLessThan(20_000);
    // The same summary as a batch on the main thread where run 4 fails outright.
    const plain = await runBatch(base({ scenarios: toyScenarios(0, 4) }));
    expect(JSON.stringify([s.indicators, s.paired, s.erosion])).toBe(JSON.stringify([plain.indicators, plain.paired, plain.erosion]));
  }, 40_000);

  it("without statistics, hands every record to onRecord and keeps only failures and the manifest", async () => {
    const seen: string[] = [];
    const s = await runBatch(base({ scenarios: toyScenarios(0, 3), statistics: false, onRecord: (r) => seen.push(`${r.scenario}:${r.run}`) }));
    expect(seen).toHaveLength(23);
    expect(s.indicators).toEqual({ flat: {}, falling: {} });
    expect(s.paired).toEqual([]);
    expect(s.failures).toHaveLength(1);
    expect(s.manifest.masterSeed).toBe("7");
  });

  describe("an executor that keeps its threads (keepAlive)", () => {
    const threadWorker = new URL("./fixtures/thread-task.ts", import.meta.url).href;
    // Runs n tasks on the executor and returns the ids of the threads that ran them.
    const threadsOf = async (executor: ReturnType<typeof localExecutor>, n: number): Promise<Set<number>> => {
      const seen = new Set<number>();
      await executor.run({
        worker: threadWorker,
        pending: Array.from({ length: n }, (_, k) => k),
        task: (k) => ({ scenario: { id: "s", config: {} }, run: k, seed: `7:${k}`, years: 1 }),
        done: (_, outcome) => {
          if (!("record" in outcome)) throw outcome.error;
          seen.add(outcome.record.indicators.thread![0]!);
        },
        signal: undefined,
      });
      return seen;
    };

    // Thread ids grow with each thread the process starts: a probe thread started between two batches has an id
    // above every thread started before it and below every thread started after it.
    const probe = async (): Promise<number> => {
      const w = new Worker("", { eval: true });
      const id = w.threadId;
      await w.terminate();
      return id;
    };

    it("runs a later batch on the same threads, and on new ones after close() or without keepAlive", async () => {
      const kept = localExecutor({ workers: 2, isolate: true, keepAlive: true });
      const first = await threadsOf(kept, 6);
      const between = await probe();
      const second = await threadsOf(kept, 6);
      expect(first.has(0)).toBe(false);
      expect(Math.max(...first)).toBeLessThan(between);
      expect(Math.max(...second)).toBeLessThan(between); // no thread started for the second batch
      await kept.close();
      const closed = await probe();
      const afterClose = await threadsOf(kept, 6);
      expect(Math.min(...afterClose)).toBeGreaterThan(closed);
      await kept.close();
      const fresh = localExecutor({ workers: 2, isolate: true });
      await threadsOf(fresh, 4);
      const later = await probe();
      const b = await threadsOf(fresh, 4);
      expect(Math.min(...b)).toBeGreaterThan(later);
    }, 60_000);

    it("gives every batch the same summary as a fresh executor", async () => {
      const kept = localExecutor({ workers: 2, keepAlive: true });
      try {
        const one = await runBatch(base({ scenarios: toyScenarios(5) }));
        for (let i = 0; i < 2; i++) expect(JSON.stringify(await runBatch(base({ scenarios: toyScenarios(5), executor: kept })))).toBe(JSON.stringify(one));
      } finally {
        await kept.close();
      }
    }, 60_000);

    it("does not keep the process alive when never closed", async () => {
      const script = fileURLToPath(new URL("./fixtures/run-toy-batch.ts", import.meta.url));
      const journal = join(tmp(), "journal.jsonl");
      const child = spawn(process.execPath, ["--import", "tsx", script, journal, "6", "2", "keep"], { stdio: "ignore", cwd: fileURLToPath(new URL("../..", import.meta.url)) });
      const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
      const timedOut = new Promise<"still running">((resolve) => setTimeout(() => resolve("still running"), 30_000).unref());
      const outcome = await Promise.race([exited, timedOut]);
      if (outcome === "still running") child.kill("SIGKILL");
      expect(outcome).toBe(0);
      // It did run the batch.
      expect(readFileSync(journal, "utf8").split("\n").filter((l) => l !== "")).toHaveLength(13);
    }, 40_000);
  });

  it("refuses a time limit without isolation (the main thread cannot be stopped)", () => {
    expect(() => localExecutor({ workers: 2, taskTimeoutMs: 100 })).toThrow(/isolate/);
  });

  it("stops on abort, keeping finished runs in the journal", async () => {
    const dir = tmp();
    const journal = join(dir, "journal.jsonl");
    const controller = new AbortController();
    const progress: BatchProgress[] = [];
    const run = runBatch(base({ scenarios: toyScenarios(20), journal, signal: controller.signal, onProgress: (p) => {
      progress.push(p);
      if (p.done === 3) controller.abort();
    } }));
    await expect(run).rejects.toMatchObject({ name: "AbortError" });
    const entries = readFileSync(journal, "utf8").split("\n").filter((l) => l !== "").length - 1;
    expect(entries).toBe(3);
    expect(progress.map((p) => p.done)).toEqual([1, 2, 3]);
  });

  it("refuses bad options and a journal of another batch, naming what is wrong", async () => {
    await expect(runBatch(base({ runs: 0 }))).rejects.toThrow("runs: expected an integer from 1 to 1000000, got 0");
    await expect(runBatch(base({ scenarios: [] }))).rejects.toBeInstanceOf(ConfigError);
    const dir = tmp();
    const journal = join(dir, "journal.jsonl");
    await runBatch(base({ runs: 2, journal }));
    await expect(runBatch(base({ runs: 3, journal, resume: true }))).rejects.toThrow("runs: the journal has 2, this batch 3");
  });
});

describe("accumulator, against hand-computed statistics", () => {
  const rec = (scenario: string, run: number, values: number[]): RunRecord => ({
    scenario,
    run,
    seed: `s:${run}`,
    years: ["2025/26", "2026/27"],
    indicators: { x: values },
    flows: [{ year: "2025/26", from: "a", to: "b", fund: "f", pence: 100 * (run + 1) }],
  });
  it("means, intervals, erosion and paired differences of three runs", () => {
    const acc = createAccumulator(["a", "b"], [{ indicator: "x", threshold: 0.1 }]);
    const a = [[10, 10], [10, 12], [10, 8]];
    const b = [[10, 8], [10, 9], [10, 9.5]];
    for (let r = 0; r < 3; r++) {
      acc.addRecord(0, r, rec("a", r, a[r]!));
      acc.addRecord(1, r, rec("b", r, b[r]!));
    }
    const s = acc.summary({ runs: 3, masterSeed: "m", manifest: { producer: "t", masterSeed: "m", scenarioHashes: {}, quantileMethod: "q" } });
    const last = s.indicators.a!.x![1]!;
    expect(last.mean).toBe(10);
    // sd of [10, 12, 8] = 2; t(0.975, 2) = 4.302653; half-width = 4.302653 × 2 / √3 = 4.968276
    expect(last.ciHigh - last.mean).toBeCloseTo(4.968276, 5);
    expect(last.p50).toBeCloseTo(10, 1);
    // Erosion: final < 0.9 × start: a: only 8 (1 of 3); b: 8 (yes), 9 (no: 9 is not < 9), 9.5 (no).
    expect(s.erosion.map((e) => [e.scenario, e.eroded, e.n])).toEqual([["a", 1, 3], ["b", 1, 3]]);
    // Paired b − a in year 2: −2, −3, +1.5 → mean −3.5/3.
    const d = s.paired.find((p) => p.year === "2026/27")!;
    expect(d.mean).toBeCloseTo(-3.5 / 3, 12);
    expect(d.n).toBe(3);
    // Mean flow of 100, 200, 300 pence.
    expect(s.flows.find((f) => f.scenario === "a")!.meanPence).toBe(200);
  });

  it("adds paired differences up over the horizon: a scenario that starts lower and ends level shows its loss", () => {
    const acc = createAccumulator(["a", "b"], []);
    // b starts 6 below a and ends level: year-by-year −6, 0 (run 0), −4, 0 (run 1); totals −6, −4 → mean −5.
    const a = [[100, 110], [100, 110]];
    const b = [[94, 110], [96, 110]];
    for (let r = 0; r < 2; r++) {
      acc.addRecord(0, r, rec("a", r, a[r]!));
      acc.addRecord(1, r, rec("b", r, b[r]!));
    }
    const s = acc.summary({ runs: 2, masterSeed: "m", manifest: { producer: "t", masterSeed: "m", scenarioHashes: {}, quantileMethod: "q" } });
    expect(s.paired.find((p) => p.year === "2026/27")!.mean).toBe(0);
    const total = s.cumulative.find((c) => c.b === "b" && c.indicator === "x")!;
    expect([total.from, total.to, total.n]).toEqual(["2025/26", "2026/27", 2]);
    expect(total.mean).toBeCloseTo(-5, 12);
    // Σb / Σa − 1: 204/210 − 1 and 206/210 − 1.
    expect(total.relative.mean).toBeCloseTo((204 / 210 + 206 / 210) / 2 - 1, 12);
    // A run with a missing year is left out of the total rather than added up short.
    const acc2 = createAccumulator(["a", "b"], []);
    acc2.addRecord(0, 0, rec("a", 0, [100, 110]));
    acc2.addRecord(1, 0, { ...rec("b", 0, [94, 110]), indicators: { x: [94, Number.NaN] } });
    const s2 = acc2.summary({ runs: 1, masterSeed: "m", manifest: { producer: "t", masterSeed: "m", scenarioHashes: {}, quantileMethod: "q" } });
    expect(s2.cumulative).toEqual([]);
  });
});
