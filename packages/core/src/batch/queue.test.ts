/**
 * Tests of the distributed executor against a throwaway redis-server on 127.0.0.1: worker processes (one
 * killed mid-job), refusals, an unreachable and a lost Redis, abort, and URL redaction.
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { Redis } from "ioredis";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runBatch, type RunBatchOptions } from "@ringfence/core/batch";
import { freePort, startRedis } from "./fixtures/redis.js";
import { toyScenarios } from "./fixtures/toy-scenarios.js";
import { queueExecutor, redactUrl, runQueueWorker } from "./queue.js";

const worker = new URL("./fixtures/toy-task.ts", import.meta.url);
const workerScript = fileURLToPath(new URL("./fixtures/queue-worker.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
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

const stop = async (child: ChildProcess, how: NodeJS.Signals = "SIGTERM"): Promise<void> => {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((r) => child.once("exit", r));
  process.kill(child.pid!, how);
  await exited;
};

/** A worker process (node with tsx as a loader, so SIGKILL stops the process doing the work) and its events. */
function startWorker(url: string, fingerprint: string): { child: ChildProcess; events: { type: string; message: string }[]; on: (f: (e: { type: string; message: string }) => void) => void } {
  const child = spawn(process.execPath, ["--import", "tsx", workerScript, url, fingerprint, "1000", "500"], { stdio: ["ignore", "pipe", "inherit"], cwd: packageDir });
  const events: { type: string; message: string }[] = [];
  const listeners: ((e: { type: string; message: string }) => void)[] = [];
  let buffer = "";
  child.stdout!.on("data", (d: Buffer) => {
    buffer += d.toString();
    for (let i = buffer.indexOf("\n"); i >= 0; i = buffer.indexOf("\n")) {
      const e = JSON.parse(buffer.slice(0, i)) as { type: string; message: string };
      buffer = buffer.slice(i + 1);
      events.push(e);
      for (const l of listeners) l(e);
    }
  });
  return { child, events, on: (f) => listeners.push(f) };
}

const until = async (check: () => boolean, ms: number, what: string): Promise<void> => {
  const deadline = performance.now() + ms;
  while (!check()) {
    if (performance.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
};

describe("redactUrl", () => {
  it("replaces passwords with *** and keeps the rest", () => {
    expect(redactUrl("redis://:secret@127.0.0.1:6379/2")).toBe("redis://:***@127.0.0.1:6379/2");
    expect(redactUrl("rediss://user:secret@host")).toBe("rediss://user:***@host");
    expect(redactUrl("redis://127.0.0.1:6379")).toBe("redis://127.0.0.1:6379");
    expect(redactUrl("redis://h:1/0?password=secret")).not.toContain("secret");
  });
});

describe("queueExecutor", () => {
  let redis: { port: number; child: ChildProcess };
  let url: string;
  const children: ChildProcess[] = [];
  beforeAll(async () => {
    redis = await startRedis();
    url = `redis://127.0.0.1:${redis.port}/0`;
  });
  afterAll(async () => {
    for (const c of children) await stop(c, "SIGKILL");
    await stop(redis.child);
  });

  it("gives the local executor's summary byte for byte through two worker processes, one SIGKILLed mid-job", async () => {
    const a = startWorker(url, "fp-1");
    const b = startWorker(url, "fp-1");
    children.push(a.child, b.child);
    await until(() => a.events.some((e) => e.type === "ready") && b.events.some((e) => e.type === "ready"), 20_000, "both workers to connect");
    // Kill worker A as soon as it starts its second job, so that job is in flight when it dies.
    let killedJob: string | null = null;
    a.on((e) => {
      if (e.type === "active" && killedJob === null && a.events.some((x) => x.type === "completed")) {
        killedJob = e.message;
        a.child.kill("SIGKILL");
      }
    });
    // Run 5 of "falling" throws: a model failure, reported once and not retried.
    const options = base({ scenarios: toyScenarios(25, 5), runs: 30 });
    const started = performance.now();
    const viaQueue = await runBatch({ ...options, executor: queueExecutor({ url, module: "toy", fingerprint: "fp-1" }) });
    const seconds = (performance.now() - started) / 1000;
    const local = await runBatch(options);
    expect(JSON.stringify(viaQueue)).toBe(JSON.stringify(local));
    expect(viaQueue.indicators.flat!.value![0]!.n).toBe(30);
    expect(viaQueue.failures).toEqual([{ scenario: "falling", run: 5, seed: "7:5", message: "toy failure in run 5" }]);
    // A really died holding a job, and B's stalled-job check handed that job back to the queue.
    expect(killedJob).not.toBeNull();
    expect(a.child.signalCode).toBe("SIGKILL");
    expect(b.events.filter((e) => e.type === "stalled").map((e) => e.message)).toContain(killedJob);
    expect(b.events.filter((e) => e.type === "completed").map((e) => e.message)).toContain(killedJob);
    expect(seconds).toBeLessThan(20);
    // The batch cleaned up after itself: no published queue is left; the config is stored by hash.
    const check = new Redis(url);
    try {
      expect(await check.smembers("bull:ringfence:batches")).toEqual([]);
      expect((await check.keys("bull:ringfence:config:*")).length).toBe(2);
    } finally {
      check.disconnect();
    }
    await stop(b.child);
    expect(b.events.at(-1)?.type).toBe("closed");
  }, 45_000);

  it("fails a batch a worker refuses (another fingerprint, an unknown module), naming both", async () => {
    const controller = new AbortController();
    const refused: string[] = [];
    const running = runQueueWorker({ url, fingerprint: "fp-worker", modules: { toy: worker }, signal: controller.signal, onEvent: (e) => e.type === "refused" && refused.push(e.message) });
    try {
      const started = performance.now();
      const wrongCode = runBatch(base({ runs: 4, executor: queueExecutor({ url, module: "toy", fingerprint: "fp-coordinator" }) }));
      await expect(wrongCode).rejects.toThrow(/fingerprint "fp-coordinator" but this worker runs fingerprint "fp-worker"/);
      const wrongModule = runBatch(base({ runs: 4, executor: queueExecutor({ url, module: "../../../etc/evil.js", fingerprint: "fp-worker" }) }));
      await expect(wrongModule).rejects.toThrow(/no module named "..\/..\/..\/etc\/evil.js" \(it maps: "toy"\)/);
      expect(performance.now() - started).toBeLessThan(15_000);
      expect(refused.length).toBeGreaterThanOrEqual(2);
    } finally {
      controller.abort();
      await running;
    }
  }, 30_000);

  it("rejects at once when Redis is unreachable, naming the URL without its password", async () => {
    const port = await freePort();
    const started = performance.now();
    const error: unknown = await runBatch(base({ executor: queueExecutor({ url: `redis://:secret@127.0.0.1:${port}/2`, module: "toy", fingerprint: "x" }) })).catch((e: unknown) => e);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(error).toBeInstanceOf(Error);
    const message = (error as Error).message;
    expect(message).toContain(`Redis at redis://:***@127.0.0.1:${port}/2 is unreachable`);
    expect(message).not.toContain("secret");
    expect(String((error as Error).stack)).not.toContain("secret");
  });

  it("rejects with a clear message when Redis goes away mid-batch and does not come back", async () => {
    const lost = await startRedis();
    try {
      const lostUrl = `redis://127.0.0.1:${lost.port}/0`;
      // No worker serves this batch; Redis is killed under it.
      const batch = runBatch(base({ executor: queueExecutor({ url: lostUrl, module: "toy", fingerprint: "x", reconnectSeconds: 1 }) }));
      setTimeout(() => void stop(lost.child, "SIGKILL"), 500);
      const started = performance.now();
      await expect(batch).rejects.toThrow(/lost the connection to Redis at redis:\/\/127.0.0.1:\d+\/0 and it did not come back within 1 s/);
      expect(performance.now() - started).toBeLessThan(8000);
    } finally {
      await stop(lost.child, "SIGKILL");
    }
  }, 20_000);

  it("stops on abort like the local executor", async () => {
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 300);
    // No worker: nothing finishes before the abort.
    await expect(runBatch(base({ signal: controller.signal, executor: queueExecutor({ url, module: "toy", fingerprint: "nobody" }) }))).rejects.toMatchObject({ name: "AbortError" });
    const check = new Redis(url);
    try {
      expect(await check.smembers("bull:ringfence:batches")).toEqual([]);
    } finally {
      check.disconnect();
    }
  });
});
