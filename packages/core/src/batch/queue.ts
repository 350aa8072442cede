/**
 * A distributed executor: a coordinator puts a batch's tasks on a BullMQ queue in Redis and any number of
 * worker processes, on any machines that reach that Redis, run them.
 *
 * How it fits together:
 * - Each batch gets its own queue, `ringfence-batch-<hash>`, where the hash covers the module name, the code
 *   fingerprint and every pending task (sequence number, scenario id, config hash, run, seed, years).
 * - The coordinator publishes the queue's name in the Redis set `<prefix>:ringfence:batches` while the batch
 *   runs; workers poll that set (every second) and serve every queue named there, ignoring other names.
 * - Scenario configs travel once: stored at `<prefix>:ringfence:config:<sha-256 of canonical JSON>` (kept
 *   seven days); jobs carry only the hash, and workers check the content against it.
 * - A job is a chunk of sequence numbers (4 by default) with the code fingerprint and a module NAME: each
 *   worker maps names to its own local modules, so whoever can write to the queue cannot make a worker
 *   import arbitrary code.
 * - Every job is untrusted input: its data is checked field by field and bounded ({@link MAX_JOB_TASKS} tasks,
 *   {@link MAX_JOB_BYTES} bytes), and each scenario config it names is shown to the worker's `admit` check
 *   (the caller's trust rule) before any of its tasks runs.
 * - A run that throws is that run's outcome (its message and a code, never a stack), reported once and never
 *   retried; a worker that dies or loses Redis leaves its job to BullMQ's stalled-job recovery, which runs it
 *   again. A job a worker refuses (another fingerprint, an unknown module, too large, refused by `admit`)
 *   fails for good, with a message and a code and no stack, and fails the batch.
 * @packageDocumentation
 */
import { createHash } from "node:crypto";
import { pathToFileURL } from "node:url";
import { Queue, QueueEvents, UnrecoverableError, Worker, type Job } from "bullmq";
import { Redis } from "ioredis";
import { localExecutor, TaskTimeoutError, type BatchExecutor, type ExecutorContext, type LocalExecutor } from "./executor.js";
import { configHash } from "./run-batch.js";
import type { BatchScenario, RunRecord, RunTask } from "./types.js";
import { redactUrl, urlScrubber } from "../redact-url.js";

export { redactUrl } from "../redact-url.js";

/** Options of {@link queueExecutor}. */
export interface QueueExecutorOptions {
  /** Redis URL, such as `redis://:password@host:6379/0` or `rediss://user:password@host`. */
  readonly url: string;
  /** Name of the worker module, which each worker maps to a module of its own (see {@link runQueueWorker}). */
  readonly module: string;
  /** Runs per job (default 4). */
  readonly chunkSize?: number;
  /** Fingerprint of the code the runs need; a worker with another fingerprint refuses the jobs. */
  readonly fingerprint: string;
  /** How long to wait for a lost Redis to come back before the batch fails (default 60 seconds). */
  readonly reconnectSeconds?: number;
  /** BullMQ key prefix, shared with the workers (default `bull`). */
  readonly prefix?: string;
}

/** Options of {@link runQueueWorker}. */
export interface QueueWorkerOptions {
  /** Redis URL. */
  readonly url: string;
  /** Module name → URL or path of an ES module exporting `runTask(task: RunTask): RunRecord | Promise<RunRecord>`. */
  readonly modules: Readonly<Record<string, string | URL>>;
  /** Fingerprint of this worker's code; jobs queued with another are refused. */
  readonly fingerprint: string;
  /** Jobs at once per batch queue (default 1). */
  readonly concurrency?: number;
  /** Stops the worker: no new jobs start, running ones finish, then the promise resolves. */
  readonly signal?: AbortSignal;
  /** Milliseconds a job's lock lasts without renewal, after which another worker may take it (default 30000). */
  readonly lockDuration?: number;
  /** Milliseconds between checks for jobs whose worker died (default 30000). */
  readonly stalledInterval?: number;
  /** Times a job may be recovered from a dead worker before it fails (default 5). */
  readonly maxStalledCount?: number;
  /** BullMQ key prefix, shared with the coordinator (default `bull`). */
  readonly prefix?: string;
  /** Called with what the worker does: `ready`, `listening`, `active`, `completed`, `failed`, `stalled`, `refused`, `error`, `closed`. */
  readonly onEvent?: (event: { type: string; message: string }) => void;
  /**
   * The worker's trust rule: called with a module name and each scenario config a job names, once per
   * config, before any task of the job runs; throwing refuses the job (the error's `code`, when a short word,
   * is sent back with its message). Without it every config that passes the job's shape check is run.
   */
  readonly admit?: (module: string, config: unknown) => void | Promise<void>;
  /**
   * Run tasks in worker threads of their own with a time limit instead of in this process (for modules that
   * may import code a job names, such as plugins): `taskTimeoutMs` is the limit of one task, `threadConfig`
   * is handed to each module's `configureThread` in its threads (see `localExecutor`).
   */
  readonly isolate?: { readonly taskTimeoutMs: number; readonly threadConfig?: unknown };
}

/** The most tasks a queue job may carry; a job with more is refused before any runs (the coordinator sends 4). */
export const MAX_JOB_TASKS = 10_000;

/** The largest a queue job's data may be, as JSON, in bytes (1 MiB); a larger job is refused before any runs. */
export const MAX_JOB_BYTES = 1024 * 1024;

/** The largest scenario config a worker reads from Redis, as JSON, in bytes (16 MiB). */
export const MAX_CONFIG_BYTES = 16 * 1024 * 1024;

/** One task as a job carries it: the config by hash. */
interface WireTask {
  readonly k: number;
  readonly scenario: string;
  readonly config: string;
  readonly run: number;
  readonly seed: string;
  readonly years: number;
}

/** The data of a job. */
interface JobData {
  readonly v: 1;
  readonly fingerprint: string;
  readonly module: string;
  readonly tasks: readonly WireTask[];
}

/** What a job returns for one of its tasks: its record, or its error as a message and a code (never a stack). */
type WireOutcome = { readonly k: number; readonly record: RunRecord } | { readonly k: number; readonly error: { readonly message: string; readonly code: string } };

const QUEUE_NAME = /^ringfence-batch-[0-9a-f]{24}$/;
const CONFIG_TTL_SECONDS = 7 * 24 * 3600;
const WINDOW = 512; // jobs in Redis at once per batch
const registryKey = (prefix: string): string => `${prefix}:ringfence:batches`;
const configKey = (prefix: string, hash: string): string => `${prefix}:ringfence:config:${hash}`;

/** A message with every form of the URL's secrets replaced by `***`. */
const scrubber = urlScrubber;

const messageOf = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** Connects a client that does not retry, or throws a message naming the redacted URL. */
async function connectOrThrow(url: string, who: string, retry: (times: number) => number | null): Promise<Redis> {
  const scrub = scrubber(url);
  const client = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: null, connectTimeout: 5000, retryStrategy: retry });
  client.on("error", () => undefined); // reported through commands and the heartbeat
  try {
    await client.connect();
    await client.ping();
    return client;
  } catch (error) {
    client.disconnect();
    throw new Error(`${who}: Redis at ${redactUrl(url)} is unreachable (${scrub(messageOf(error))})`);
  }
}

/**
 * Checks that Redis answers at a URL (connects, pings and disconnects), so a command can refuse an unusable
 * queue before it starts anything.
 * @throws Error naming the URL with its password hidden.
 */
export async function pingQueue(url: string): Promise<void> {
  const client = await connectOrThrow(url, "queue", () => null);
  await client.quit().catch(() => client.disconnect());
}

/** Resolves after `ms`, or with `fallback` when `promise` takes longer. */
function within<T>(promise: Promise<T>, ms: number, fallback: T): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([promise.catch(() => fallback), new Promise<T>((resolve) => (timer = setTimeout(() => resolve(fallback), ms)))]).finally(() => clearTimeout(timer));
}

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);

/** Checks a returned outcome's shape. */
function isWireOutcome(v: unknown): v is WireOutcome {
  if (!isRecord(v) || typeof v.k !== "number") return false;
  if ("record" in v) return isRecord(v.record);
  return isRecord(v.error) && typeof v.error.message === "string" && typeof v.error.code === "string";
}

/**
 * An executor that runs a batch's tasks on worker processes through BullMQ on Redis (see the module
 * comment for the layout in Redis, and {@link runQueueWorker} for the workers).
 * @remarks `context.worker` (the batch's module URL) is not used: workers run the module they map
 * `options.module` to. Results are reported as jobs complete, in any order; a duplicate (a job run twice
 * after a worker died) is ignored by the batch runner. Redis unreachable at the start rejects at once;
 * Redis lost mid-batch is waited for up to `reconnectSeconds`, then the promise rejects (the batch's
 * journal keeps the finished runs for a resume). Aborting resolves once the batch's queue is removed.
 */
export function queueExecutor(options: QueueExecutorOptions): BatchExecutor {
  const chunkSize = options.chunkSize ?? 4;
  if (!Number.isInteger(chunkSize) || chunkSize < 1) throw new Error(`queueExecutor: chunkSize must be a positive integer, got ${chunkSize}`);
  if (options.module === "") throw new Error("queueExecutor: module must name a worker module");
  const reconnectMs = Math.max(0, (options.reconnectSeconds ?? 60) * 1000);
  const prefix = options.prefix ?? "bull";
  const redacted = redactUrl(options.url);
  const scrub = scrubber(options.url);
  return {
    async run(ctx: ExecutorContext): Promise<void> {
      if (ctx.pending.length === 0 || ctx.signal?.aborted === true) return;
      let started = false;
      // The control client fails fast while disconnected (for the heartbeat) and, once the batch has
      // started, reconnects for ever; before that, one failed attempt means Redis is unreachable.
      const control = await connectOrThrow(options.url, "queueExecutor", (times) => (started ? Math.min(100 * times, 1000) : null));
      started = true;

      // The tasks, their configs by hash, and the batch's queue name.
      const hashes = new Map<BatchScenario, string>();
      const configs = new Map<string, string>();
      const nameHash = createHash("sha256").update(JSON.stringify([options.module, options.fingerprint]));
      const tasks: WireTask[] = ctx.pending.map((k) => {
        const t: RunTask = ctx.task(k);
        let hash = hashes.get(t.scenario);
        if (hash === undefined) {
          hash = configHash(t.scenario.config);
          hashes.set(t.scenario, hash);
          configs.set(hash, JSON.stringify(t.scenario.config));
        }
        const w: WireTask = { k, scenario: t.scenario.id, config: hash, run: t.run, seed: t.seed, years: t.years };
        nameHash.update(JSON.stringify([w.k, w.scenario, w.config, w.run, w.seed, w.years]));
        return w;
      });
      const name = `ringfence-batch-${nameHash.digest("hex").slice(0, 24)}`;
      const chunks: WireTask[][] = [];
      for (let i = 0; i < tasks.length; i += chunkSize) chunks.push(tasks.slice(i, i + chunkSize));

      // BullMQ connections (blocking readers duplicate it); commands wait while Redis is away.
      const shared = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(100 * times, 1000) });
      shared.on("error", () => undefined);
      let queue: Queue | null = null;
      let events: QueueEvents | null = null;
      let heartbeat: NodeJS.Timeout | undefined;
      const outcome: { settle: (error: Error | null) => void } = { settle: () => undefined };
      const finished = new Promise<Error | null>((resolve) => (outcome.settle = resolve));
      let over = false;
      const finish = (error: Error | null): void => {
        if (over) return;
        over = true;
        outcome.settle(error);
      };
      const onAbort = (): void => finish(null);
      let lostRedis = false;

      try {
        const pipe = control.multi();
        for (const [hash, json] of configs) pipe.set(configKey(prefix, hash), json, "EX", CONFIG_TTL_SECONDS);
        await pipe.exec();

        // Listen from the stream's current end, so events of an earlier run of the same batch are not replayed.
        const last = await control.xrevrange(`${prefix}:${name}:events`, "+", "-", "COUNT", 1);
        const lastEventId = last[0]?.[0] ?? "0-0";
        events = new QueueEvents(name, { connection: shared, prefix, lastEventId, blockingTimeout: 2000 });
        events.on("error", () => undefined);
        queue = new Queue(name, { connection: shared, prefix });
        queue.on("error", () => undefined);
        await events.waitUntilReady();
        await queue.waitUntilReady();
        // Jobs a previous run of this very batch could not finish are tried again.
        await queue.clean(0, 0, "failed");

        const outstanding = new Map<string, readonly WireTask[]>();
        let nextChunk = 0;
        let remaining = chunks.length;
        let lastNews = performance.now();
        const q = queue;

        const complete = (jobId: string, value: unknown): void => {
          const chunk = outstanding.get(jobId);
          if (chunk === undefined || over) return;
          outstanding.delete(jobId);
          lastNews = performance.now();
          const got = new Map<number, WireOutcome>();
          if (Array.isArray(value)) for (const o of value) if (isWireOutcome(o)) got.set(o.k, o);
          for (const t of chunk) {
            const o = got.get(t.k);
            if (o === undefined) ctx.done(t.k, { error: new Error(`queueExecutor: job ${jobId} returned no outcome for run ${t.run} of ${t.scenario}`) });
            else if ("record" in o) ctx.done(t.k, { record: o.record });
            else ctx.done(t.k, { error: Object.assign(new Error(o.error.message), { code: o.error.code }) });
          }
          remaining--;
          if (remaining === 0) finish(null);
          else void topUp();
        };
        const fail = (jobId: string, reason: string): void => {
          if (!outstanding.has(jobId) || over) return;
          finish(new Error(`queueExecutor: job ${jobId} of ${name} failed: ${scrub(reason)}`));
        };

        // Keeps up to WINDOW jobs in Redis; stops once the batch is over (done, failed or aborted).
        let adding: Promise<void> | null = null;
        const topUp = (): Promise<void> =>
          (adding ??= (async () => {
            try {
              while (!over && ctx.signal?.aborted !== true && nextChunk < chunks.length && outstanding.size < WINDOW) {
                const batch: { name: string; data: JobData; opts: { jobId: string; attempts: number; backoff: { type: "fixed"; delay: number } } }[] = [];
                while (nextChunk < chunks.length && outstanding.size + batch.length < WINDOW && batch.length < 128) {
                  const chunk = chunks[nextChunk]!;
                  const jobId = `c${nextChunk}`;
                  outstanding.set(jobId, chunk);
                  batch.push({ name: "runs", data: { v: 1, fingerprint: options.fingerprint, module: options.module, tasks: chunk }, opts: { jobId, attempts: 5, backoff: { type: "fixed", delay: 1000 } } });
                  nextChunk++;
                }
                await q.addBulk(batch);
              }
            } catch (error) {
              if (!over) finish(new Error(`queueExecutor: could not add jobs to ${name} at ${redacted}: ${scrub(messageOf(error))}`));
            } finally {
              adding = null;
            }
          })());

        // Jobs finished while no event reached us (a reconnection, a job finished by an earlier run).
        let sweeping = false;
        const sweep = async (): Promise<void> => {
          if (sweeping || over) return;
          sweeping = true;
          try {
            for (const jobId of [...outstanding.keys()]) {
              if (over) return;
              const job = await q.getJob(jobId);
              if (job === undefined) continue;
              const state = await job.getState();
              if (state === "completed") complete(jobId, job.returnvalue);
              else if (state === "failed") fail(jobId, job.failedReason);
            }
          } catch {
            // Redis went away again: the heartbeat decides.
          } finally {
            sweeping = false;
          }
        };

        events.on("completed", ({ jobId, returnvalue }) => complete(jobId, returnvalue));
        events.on("failed", ({ jobId, failedReason }) => fail(jobId, failedReason));
        ctx.signal?.addEventListener("abort", onAbort, { once: true });

        await topUp();
        await control.sadd(registryKey(prefix), name);
        void sweep();

        // Heartbeat: notice a lost Redis, give up after reconnectMs, sweep after a reconnection or a quiet spell.
        let lostSince: number | null = null;
        heartbeat = setInterval(() => {
          void (async () => {
            const ok = await within(control.ping().then(() => true), 1500, false);
            if (over) return;
            if (!ok) {
              lostSince ??= performance.now();
              if (performance.now() - lostSince >= reconnectMs) {
                lostRedis = true;
                finish(new Error(`queueExecutor: lost the connection to Redis at ${redacted} and it did not come back within ${reconnectMs / 1000} s; the batch stopped (finished runs are in its journal: resume it)`));
              }
              return;
            }
            if (lostSince !== null) {
              lostSince = null;
              await control.sadd(registryKey(prefix), name).catch(() => 0);
              void topUp();
              void sweep();
            } else if (performance.now() - lastNews > 3000) {
              lastNews = performance.now();
              void sweep();
            }
          })();
        }, 500);

        const error = await finished;
        if (error !== null) throw error;
      } finally {
        over = true;
        outcome.settle(null);
        ctx.signal?.removeEventListener("abort", onAbort);
        clearInterval(heartbeat);
        if (!lostRedis) {
          await within(control.srem(registryKey(prefix), name), 2000, 0);
          if (queue !== null) await within(queue.obliterate({ force: true }), 5000, undefined);
        }
        await within(Promise.all([events?.close(), queue?.close()]), 2000, [undefined, undefined]);
        shared.disconnect();
        control.disconnect();
      }
    },
  };
}

/** An error with no stack: what a worker sends back to Redis (BullMQ stores a thrown error's stack, so none is kept). */
function bare<E extends Error>(error: E, code: string): E {
  error.stack = "";
  return Object.assign(error, { code });
}

/** A refusal of a job: unrecoverable, with a code, no stack; its message starts with the code. */
const refusal = (code: string, message: string): UnrecoverableError => bare(new UnrecoverableError(`[${code}] ${message}`), code);

/** The code of an error, when it carries a short one (`plugins-not-allowed`, `ENOENT`), else `fallback`. */
function codeOf(e: unknown, fallback: string): string {
  const code = e !== null && typeof e === "object" && "code" in e ? (e as { code: unknown }).code : undefined;
  return typeof code === "string" && /^[A-Za-z][\w-]{0,63}$/.test(code) ? code : fallback;
}

const isCount = (v: unknown, max: number): v is number => typeof v === "number" && Number.isInteger(v) && v >= 0 && v <= max;
const isShortText = (v: unknown): v is string => typeof v === "string" && v.length > 0 && v.length <= 256;

/** Checks a job's data: its shape, every field of every task, and its bounds. */
function parseJobData(v: unknown): JobData {
  if (!isRecord(v) || v.v !== 1 || typeof v.fingerprint !== "string" || typeof v.module !== "string" || !Array.isArray(v.tasks)) throw refusal("malformed-job", "malformed job: not a Ringfence batch job");
  if (v.tasks.length > MAX_JOB_TASKS) throw refusal("job-too-large", `the job carries ${v.tasks.length} tasks, more than the ${MAX_JOB_TASKS} a job may carry`);
  if (v.tasks.length === 0) throw refusal("malformed-job", "malformed job: it carries no task");
  const bytes = Buffer.byteLength(JSON.stringify(v), "utf8");
  if (bytes > MAX_JOB_BYTES) throw refusal("job-too-large", `the job's data is ${bytes} bytes, more than the ${MAX_JOB_BYTES} a job may be`);
  const tasks = v.tasks.map((t: unknown): WireTask => {
    if (!isRecord(t) || !isCount(t.k, Number.MAX_SAFE_INTEGER) || !isShortText(t.scenario) || typeof t.config !== "string" || !/^[0-9a-f]{64}$/.test(t.config) || !isCount(t.run, Number.MAX_SAFE_INTEGER) || !isShortText(t.seed) || !isCount(t.years, 1000) || t.years === 0) {
      throw refusal("malformed-job", "malformed job: a task is not a Ringfence run");
    }
    return { k: t.k, scenario: t.scenario, config: t.config, run: t.run, seed: t.seed, years: t.years };
  });
  return { v: 1, fingerprint: v.fingerprint, module: v.module, tasks };
}

type TaskModule = { runTask: (task: RunTask) => RunRecord | Promise<RunRecord> };

/**
 * Runs queued batch jobs until `options.signal` aborts: serves every batch queue the coordinators publish
 * in `<prefix>:ringfence:batches`, refusing jobs of another code fingerprint or naming a module it does not
 * map, and returning each run's record or error.
 * @remarks Each mapped module is imported once, on its first job. A job's runs go one after another; keep
 * a chunk's running time well under `lockDuration`, and keep the event loop free enough to renew the lock
 * (BullMQ renews it every `lockDuration / 2`). Rejects at once if Redis is unreachable at the start;
 * later losses are retried for ever.
 */
export async function runQueueWorker(options: QueueWorkerOptions): Promise<void> {
  const prefix = options.prefix ?? "bull";
  const scrub = scrubber(options.url);
  const emit = (type: string, message: string): void => options.onEvent?.({ type, message: scrub(message) });
  const { signal } = options;
  const aborted = (): boolean => signal?.aborted === true;
  if (aborted()) return;
  let started = false;
  const control = await connectOrThrow(options.url, "runQueueWorker", (times) => (started ? Math.min(200 * times, 2000) : null));
  started = true;
  const shared = new Redis(options.url, { maxRetriesPerRequest: null, retryStrategy: (times) => Math.min(200 * times, 2000) });
  shared.on("error", () => undefined);

  const loaded = new Map<string, Promise<TaskModule>>();
  const load = (name: string): Promise<TaskModule> => {
    let p = loaded.get(name);
    if (p === undefined) {
      const spec = options.modules[name]!;
      const href = typeof spec !== "string" ? spec.href : /^[a-z][a-z0-9+.-]*:/i.test(spec) ? spec : pathToFileURL(spec).href;
      p = (import(href) as Promise<Partial<TaskModule>>).then((m) => {
        if (typeof m.runTask !== "function") throw new Error(`module "${name}" (${href}) exports no runTask function`);
        return m as TaskModule;
      });
      p.catch(() => loaded.delete(name)); // a later job tries again
      loaded.set(name, p);
    }
    return p;
  };
  const configs = new Map<string, unknown>();
  const configOf = async (hash: string): Promise<unknown> => {
    if (configs.has(hash)) return configs.get(hash);
    const json = await control.get(configKey(prefix, hash));
    if (json === null) throw refusal("config-missing", `scenario config ${hash} is not in Redis (expired, or another prefix)`);
    if (json.length > MAX_CONFIG_BYTES) throw refusal("config-too-large", `scenario config ${hash} is larger than ${MAX_CONFIG_BYTES} bytes`);
    let config: unknown;
    try {
      config = JSON.parse(json);
    } catch {
      throw refusal("malformed-config", `scenario config ${hash} in Redis is not JSON`);
    }
    if (configHash(config) !== hash) throw refusal("malformed-config", `scenario config ${hash} in Redis does not match its hash`);
    configs.set(hash, config);
    return config;
  };
  // The trust rule, once per (module, config): a refusal is remembered, so every job naming that config is refused.
  const admitted = new Map<string, Promise<void>>();
  const admit = (module: string, hash: string, config: unknown): Promise<void> => {
    const key = `${module}\u0000${hash}`;
    let p = admitted.get(key);
    if (p === undefined) {
      p = (async () => {
        try {
          await options.admit?.(module, config);
        } catch (e) {
          throw refusal(codeOf(e, "refused"), messageOf(e));
        }
      })();
      admitted.set(key, p);
    }
    return p;
  };
  // Isolated tasks run on one kept local executor per module (threads with a time limit).
  const isolated = new Map<string, LocalExecutor>();
  const executorFor = (href: string): LocalExecutor => {
    let ex = isolated.get(href);
    if (ex === undefined) {
      const iso = options.isolate!;
      ex = localExecutor({ workers: options.concurrency ?? 1, isolate: true, keepAlive: true, taskTimeoutMs: iso.taskTimeoutMs, ...(iso.threadConfig === undefined ? {} : { threadConfig: iso.threadConfig }) });
      isolated.set(href, ex);
    }
    return ex;
  };
  const hrefOf = (name: string): string => {
    const spec = options.modules[name]!;
    return typeof spec !== "string" ? spec.href : /^[a-z][a-z0-9+.-]*:/i.test(spec) ? spec : pathToFileURL(spec).href;
  };
  /** A run's error as it is sent back: message and code. */
  const wireError = (e: unknown): { message: string; code: string } => ({
    message: scrub(e instanceof Error ? e.message : String(e)),
    code: e instanceof TaskTimeoutError ? "run-timeout" : codeOf(e, "run-failed"),
  });

  const processor = async (job: Job): Promise<WireOutcome[]> => {
    const refuse = (error: UnrecoverableError): never => {
      emit("refused", `job ${String(job.id)} of ${job.queueName}: ${error.message}`);
      throw error;
    };
    try {
      const data = parseJobData(job.data);
      if (data.fingerprint !== options.fingerprint) {
        throw refusal("fingerprint-mismatch", `code fingerprint mismatch: the job was queued with fingerprint "${data.fingerprint.slice(0, 64)}" but this worker runs fingerprint "${options.fingerprint}"; run workers built from the coordinator's code`);
      }
      if (!Object.hasOwn(options.modules, data.module)) {
        throw refusal("unknown-module", `this worker has no module named "${data.module.slice(0, 64)}" (it maps: ${Object.keys(options.modules).map((m) => `"${m}"`).join(", ") || "none"})`);
      }
      // Every config is fetched and admitted before any task runs.
      const configs = new Map<string, unknown>();
      for (const t of data.tasks) {
        if (configs.has(t.config)) continue;
        const config = await configOf(t.config);
        await admit(data.module, t.config, config);
        configs.set(t.config, config);
      }
      const tasks = data.tasks.map((t): RunTask => ({ scenario: { id: t.scenario, config: configs.get(t.config) }, run: t.run, seed: t.seed, years: t.years }));
      const out: WireOutcome[] = [];
      if (options.isolate !== undefined) {
        await executorFor(hrefOf(data.module)).run({
          worker: hrefOf(data.module),
          pending: tasks.map((_, i) => i),
          task: (i) => tasks[i]!,
          done: (i, outcome) => out.push("record" in outcome ? { k: data.tasks[i]!.k, record: outcome.record } : { k: data.tasks[i]!.k, error: wireError(outcome.error) }),
          signal: undefined,
        });
        return out;
      }
      let mod: TaskModule;
      try {
        mod = await load(data.module);
      } catch (e) {
        throw refusal("module-failed", `could not load module "${data.module}": ${messageOf(e)}`);
      }
      for (const [i, task] of tasks.entries()) {
        try {
          out.push({ k: data.tasks[i]!.k, record: await mod.runTask(task) });
        } catch (e) {
          out.push({ k: data.tasks[i]!.k, error: wireError(e) });
        }
      }
      return out;
    } catch (e) {
      if (e instanceof UnrecoverableError) return refuse(e);
      // Anything else (Redis lost mid-job, say): retried by BullMQ, without a stack in Redis.
      throw bare(new Error(scrub(messageOf(e))), codeOf(e, "worker-error"));
    }
  };

  const workers = new Map<string, Worker>();
  const open = (name: string): void => {
    const w = new Worker(name, processor, {
      connection: shared,
      prefix,
      concurrency: options.concurrency ?? 1,
      lockDuration: options.lockDuration ?? 30_000,
      stalledInterval: options.stalledInterval ?? 30_000,
      maxStalledCount: options.maxStalledCount ?? 5,
      drainDelay: 2,
    });
    w.on("error", (e) => emit("error", `${name}: ${messageOf(e)}`));
    w.on("active", (job) => emit("active", `${name} ${String(job.id)}`));
    w.on("completed", (job) => emit("completed", `${name} ${String(job.id)}`));
    w.on("failed", (job, e) => emit("failed", `${name} ${String(job?.id)}: ${messageOf(e)}`));
    w.on("stalled", (jobId) => emit("stalled", `${name} ${jobId}`));
    workers.set(name, w);
    emit("listening", name);
  };
  const close = async (name: string): Promise<void> => {
    const w = workers.get(name);
    if (w === undefined) return;
    workers.delete(name);
    await w.close().catch(() => undefined);
  };

  emit("ready", `connected to ${redactUrl(options.url)}`);
  let wake: (() => void) | null = null;
  const onAbort = (): void => wake?.();
  signal?.addEventListener("abort", onAbort, { once: true });
  try {
    while (!aborted()) {
      try {
        const names = new Set((await within(control.smembers(registryKey(prefix)), 3000, null)) ?? [...workers.keys()]);
        for (const n of names) if (QUEUE_NAME.test(n) && !workers.has(n)) open(n);
        for (const n of [...workers.keys()]) if (!names.has(n)) await close(n);
      } catch (e) {
        emit("error", messageOf(e));
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 1000);
        wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  } finally {
    signal?.removeEventListener("abort", onAbort);
    await Promise.all([...workers.keys()].map(close));
    await Promise.all([...isolated.values()].map((ex) => ex.close()));
    shared.disconnect();
    control.disconnect();
    emit("closed", "worker stopped");
  }
}
