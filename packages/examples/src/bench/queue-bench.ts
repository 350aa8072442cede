/**
 * The distributed executor against the local pool, side by side in one run: the same England batch (iho-acute,
 * 10 years) on 2 local worker threads and through Redis with 2 `ringfence worker` processes (compiled code),
 * with the coordinator's CPU per run. Needs redis-server on the PATH (Debian: apt-get install redis-server).
 * @packageDocumentation
 */
import { spawn, type ChildProcess } from "node:child_process";
import { fileURLToPath } from "node:url";
import { localExecutor, runBatch, type BatchExecutor } from "@ringfence/core/batch";
import { queueExecutor } from "@ringfence/core/queue";
import { codeFingerprint, loadScenario, NHS_QUEUE_MODULE, nhsWorkerModule } from "@ringfence/agents";
import { startRedis } from "../../../core/src/batch/fixtures/redis.js";

const RUNS = Number(process.argv[2] ?? 60);
const bin = fileURLToPath(new URL("../../../agents/bin/ringfence.mjs", import.meta.url));

/** Runs the batch on an executor; returns seconds and the coordinator's CPU seconds per run. */
async function timed(executor: BatchExecutor): Promise<{ seconds: number; cpuPerRun: number }> {
  const { scenario } = await loadScenario("iho-acute");
  const cpu = process.cpuUsage();
  const t0 = performance.now();
  await runBatch({ worker: nhsWorkerModule().url, scenarios: [{ id: "iho-acute", config: scenario }], runs: RUNS, masterSeed: "bench", years: 10, executor, erosion: [] });
  const used = process.cpuUsage(cpu);
  return { seconds: (performance.now() - t0) / 1000, cpuPerRun: (used.user + used.system) / 1e6 / RUNS };
}

const redis = await startRedis();
const url = `redis://127.0.0.1:${redis.port}/0`;
const workers: ChildProcess[] = [0, 1].map(() => spawn(process.execPath, [bin, "worker", "--queue", url], { stdio: "ignore" }));
await new Promise((r) => setTimeout(r, 3000)); // let both workers connect
try {
  const local = await timed(localExecutor({ workers: 2 }));
  const queued = await timed(queueExecutor({ url, module: NHS_QUEUE_MODULE, fingerprint: codeFingerprint() }));
  console.log("## Distributed batches (npm run bench:queue)\n");
  console.log("| executor | England iho-acute runs × 10 years | seconds | runs/s | coordinator CPU per run |\n|---|---|---|---|---|");
  console.log(`| local pool, 2 threads | ${RUNS} | ${local.seconds.toFixed(1)} | ${(RUNS / local.seconds).toFixed(2)} | ${(local.cpuPerRun * 1000).toFixed(1)} ms (it also runs tasks) |`);
  console.log(`| Redis queue, 2 worker processes | ${RUNS} | ${queued.seconds.toFixed(1)} | ${(RUNS / queued.seconds).toFixed(2)} | ${(queued.cpuPerRun * 1000).toFixed(1)} ms |`);
  console.log(`\nqueue overhead: ${((queued.seconds / local.seconds - 1) * 100).toFixed(1)}% (target ≤ 10%)`);
} finally {
  for (const w of workers) w.kill("SIGTERM");
  redis.child.kill("SIGTERM");
}
