/**
 * foldBatch, the platform-free fold a browser runs batches through: an executor of the caller's (here one
 * that runs tasks in this thread in a shuffled order, as a pool of Web Workers finishes them) gives the
 * summary of runBatch byte for byte, and the live summaries it hands out along the way are the summaries of
 * the runs folded so far.
 */
import { describe, expect, it } from "vitest";
import { configHash, configText, foldBatch, runBatch, type BatchExecutor, type BatchSummary } from "@ringfence/core/batch";
import { createRng } from "@ringfence/core";
import { toyScenarios } from "./fixtures/toy-scenarios.js";
import { runTask } from "./fixtures/toy-task.js";

const worker = new URL("./fixtures/toy-task.ts", import.meta.url);

/** Runs every task in this thread, in an order shuffled by `seed` (or in order), reporting each once. */
function shuffledExecutor(seed: string, shuffle = true): BatchExecutor {
  return {
    async run(ctx) {
      const order = [...ctx.pending];
      const rng = createRng(seed);
      for (let i = shuffle ? order.length - 1 : 0; i > 0; i--) {
        const j = Math.floor(rng.next() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      for (const k of order) {
        if (ctx.signal?.aborted === true) return;
        try {
          ctx.done(k, { record: await runTask(ctx.task(k)) });
        } catch (error) {
          ctx.done(k, { error });
        }
      }
    },
  };
}

describe("foldBatch", () => {
  it("gives runBatch's summary byte for byte through an executor of the caller's, finishing runs in any order", async () => {
    const scenarios = toyScenarios();
    const options = { scenarios, runs: 9, masterSeed: 7, years: 4, erosion: [{ indicator: "value", threshold: 0.02 }] };
    const node = await runBatch({ ...options, worker, workers: 1 });
    const folded = await foldBatch({ ...options, worker: worker.href, scenarioHashes: scenarios.map((s) => configHash(s.config)), executor: shuffledExecutor("a") });
    const again = await foldBatch({ ...options, worker: worker.href, scenarioHashes: scenarios.map((s) => configHash(s.config)), executor: shuffledExecutor("b") });
    expect(JSON.stringify(folded)).toBe(JSON.stringify(node));
    expect(JSON.stringify(again)).toBe(JSON.stringify(node));
  });

  it("hands out live summaries: after 2 runs of each scenario, the summary of a 2-run batch", async () => {
    const scenarios = toyScenarios();
    const hashes = scenarios.map((s) => configHash(s.config));
    const base = { worker: worker.href, scenarios, scenarioHashes: hashes, masterSeed: 7, years: 4, erosion: [{ indicator: "value", threshold: 0.02 }] };
    const live = new Map<number, BatchSummary>();
    // Tasks finished in summary order, so every prefix is folded and seen.
    const whole = await foldBatch({ ...base, runs: 6, executor: shuffledExecutor("c", false), onFolded: (folded, summary) => live.set(folded, summary()) });
    const two = await foldBatch({ ...base, runs: 2, executor: shuffledExecutor("d") });
    expect([...live.keys()]).toEqual(Array.from({ length: 12 }, (_, i) => i + 1));
    expect(JSON.stringify(live.get(12))).toBe(JSON.stringify(whole));
    expect(JSON.stringify({ ...live.get(4)!, runs: 2 })).toBe(JSON.stringify(two));
    expect(live.get(4)!.indicators.flat!.value![0]!.n).toBe(2);
  });

  it("records the hashes it is given, which are the sha-256 of configText", async () => {
    const scenarios = toyScenarios();
    const text = configText(scenarios[0]!.config);
    expect(text).toBe(configText(JSON.parse(text)));
    const subtle = globalThis.crypto.subtle;
    const digest = Buffer.from(await subtle.digest("SHA-256", new TextEncoder().encode(text))).toString("hex");
    expect(digest).toBe(configHash(scenarios[0]!.config));
  });
});
