/**
 * The queue's trust rule against a real redis-server on 127.0.0.1 and real `ringfence worker` processes:
 * hand-crafted jobs (what anyone who can write to Redis could send) naming a plugin module on disk are refused
 * by a worker without --allow-plugins for every task module, and by one with it when the hash is missing or
 * wrong; a marker the plugin would write proves its code never ran. Oversized jobs are refused; what a worker
 * sends back carries a message and a code, never a stack.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startRedis } from "../../../core/src/batch/fixtures/redis.js";
import { rawConfigHash, runRawJob } from "../../../core/src/batch/fixtures/raw-job.js";
import { CALIBRATION_QUEUE_MODULE, codeFingerprint, EXPERIMENT_QUEUE_MODULE, NHS_QUEUE_MODULE } from "../scenario-batch.js";
import { loadScenario } from "../scenario-files/load.js";
import type { Scenario } from "../scenario.js";
import { MARKER, tempDir } from "../test/hostile/harness.js";

const cli = fileURLToPath(new URL("./ringfence.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
const root = tempDir("ringfence-trust-");
let redis: { port: number; child: ChildProcess };
const workers: ChildProcess[] = [];
/** Stack frames as Node prints them. */
const FRAME = /\n\s+at \S/;

/** A plugin that records, when its code runs, whether it ran on a process's main thread. */
const PLUGIN = `import { writeFileSync } from "node:fs";
import { isMainThread } from "node:worker_threads";
import { helper } from "./helper.mjs";
writeFileSync(new URL("./${MARKER}", import.meta.url), isMainThread ? "main thread" : "worker thread");
export const keepAll = {
  kind: "acute-trust",
  name: "keep-all",
  description: "Never cuts a held line (test plugin).",
  params: { safeParse: (v) => ({ success: true, data: {} }) },
  decide: (o) => ({ cuts: o.held.map(() => helper(0)) }),
};
`;

/** Starts `ringfence worker` and resolves once it is connected. */
function startWorker(url: string, ...extra: string[]): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cli, "worker", "--queue", url, "--stalled-seconds", "5", ...extra], { stdio: ["ignore", "ignore", "pipe"], cwd: packageDir });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("ready:")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${String(code)}): ${err}`)));
  });
}

let fingerprint: string;
let dir: string;
/** A validated scenario listing the plugin, with its hash as the loader computed it. */
let withPlugin: Scenario;
let plain: string;
let pluginUrl: string;

beforeAll(async () => {
  redis = await startRedis();
  fingerprint = codeFingerprint();
  dir = join(root, "scenario");
  mkdirSync(dir);
  writeFileSync(join(dir, "p.mjs"), PLUGIN);
  writeFileSync(join(dir, "helper.mjs"), "export const helper = (x) => x;\n");
  writeFileSync(join(dir, "s.yaml"), "extends: iho-acute\nid: with-plugin\npopulation: { size: toy }\nyears: 2\nplugins: [./p.mjs]\npolicies: { acute-trust: { name: keep-all } }\n");
  withPlugin = (await loadScenario(join(dir, "s.yaml"))).scenario;
  expect(withPlugin.plugins).toHaveLength(1);
  expect(Object.keys(withPlugin.pluginHashes)).toEqual(withPlugin.plugins);
  plain = `redis://127.0.0.1:${redis.port}/0`;
  pluginUrl = `redis://127.0.0.1:${redis.port}/1`;
  await Promise.all([startWorker(plain), startWorker(pluginUrl, "--allow-plugins", "--run-timeout", "60")]);
}, 60_000);

afterAll(() => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  redis?.child.kill("SIGKILL");
  rmSync(root, { recursive: true, force: true });
});

/** The config each task module takes, around a scenario. */
const CONFIGS: Record<string, (s: Scenario) => unknown> = {
  [NHS_QUEUE_MODULE]: (s) => s,
  [EXPERIMENT_QUEUE_MODULE]: (s) => ({ scenario: s, indicator: "gpFundingPerWeightedPatient", year: "last" }),
  [CALIBRATION_QUEUE_MODULE]: (s) => ({ scenario: s, params: { "iho.acute.propensity": 0.5 } }),
};

/** A job of one task of `module` with `config`, as a coordinator of this code would queue it. */
const jobOf = (module: string, config: unknown, tasks = 1) => ({
  v: 1,
  fingerprint,
  module,
  tasks: Array.from({ length: tasks }, (_, k) => ({ k, scenario: "x", config: rawConfigHash(config), run: k, seed: `s:${k}`, years: 2 })),
});

/** Runs a crafted job and checks what every refusal must hold: failed, the code, no stack, no plugin code run. */
async function refused(url: string, module: string, config: unknown, code: string): Promise<string> {
  rmSync(join(dir, MARKER), { force: true });
  const r = await runRawJob(url, jobOf(module, config), [config]);
  expect(r.state, JSON.stringify(r.returnvalue)).toBe("failed");
  expect(r.failedReason).toContain(`[${code}]`);
  expect(r.stacktrace).toEqual([]);
  for (const v of Object.values(r.raw)) expect(v).not.toMatch(FRAME);
  expect(existsSync(join(dir, MARKER))).toBe(false);
  return r.failedReason;
}

describe("a worker without --allow-plugins", { timeout: 60_000 }, () => {
  for (const module of [NHS_QUEUE_MODULE, EXPERIMENT_QUEUE_MODULE, CALIBRATION_QUEUE_MODULE]) {
    it(`refuses a ${module} job naming a plugin module on disk (hash correct or not); the plugin never runs`, async () => {
      const reason = await refused(plain, module, CONFIGS[module]!(withPlugin), "plugins-not-allowed");
      expect(reason).toContain(withPlugin.plugins[0]);
      expect(reason).toContain("does not run plugins");
      await refused(plain, module, CONFIGS[module]!({ ...withPlugin, pluginHashes: {} }), "plugins-not-allowed");
    });
  }
  it("refuses a config with fields the task does not take, naming the field", async () => {
    const reason = await refused(plain, EXPERIMENT_QUEUE_MODULE, { ...(CONFIGS[EXPERIMENT_QUEUE_MODULE]!(withPlugin) as object), evil: "import('/tmp/x.mjs')" }, "invalid-task");
    expect(reason).toContain("evil");
    await refused(plain, NHS_QUEUE_MODULE, { ...withPlugin, years: 9999 }, "invalid-task");
  });
  it("refuses a 300,000-task job by the bound, before looking at any task", async () => {
    // The count is checked first, so the tasks need not be well formed (which keeps the job small to send).
    const job = { ...jobOf(NHS_QUEUE_MODULE, {}), tasks: Array.from({ length: 300_000 }, (_, k) => ({ k })) };
    const r = await runRawJob(plain, job, []);
    expect(r.state).toBe("failed");
    expect(r.failedReason).toBe("[job-too-large] the job carries 300000 tasks, more than the 10000 a job may carry");
    expect(r.stacktrace).toEqual([]);
  });
  it("refuses a job over 1 MiB, before any run", async () => {
    const config = CONFIGS[NHS_QUEUE_MODULE]!({ ...withPlugin, plugins: [], pluginHashes: {}, policies: {} });
    const job = jobOf(NHS_QUEUE_MODULE, config, 5_000);
    const big = { ...job, tasks: job.tasks.map((t) => ({ ...t, seed: `${"s".repeat(250)}:${t.k}` })) };
    const r = await runRawJob(plain, big, [config]);
    expect(r.state).toBe("failed");
    expect(r.failedReason).toMatch(/^\[job-too-large\] the job's data is \d+ bytes, more than the 1048576 a job may be$/);
  });
  it("runs a plain job and sends back records (the control: the same path works for presets)", async () => {
    const config = CONFIGS[EXPERIMENT_QUEUE_MODULE]!({ ...withPlugin, plugins: [], pluginHashes: {}, policies: {} });
    const r = await runRawJob(plain, jobOf(EXPERIMENT_QUEUE_MODULE, config, 2), [config]);
    expect(r.state, r.failedReason).toBe("completed");
    const out = r.returnvalue as { k: number; record?: { indicators: Record<string, unknown> } }[];
    expect(out.map((o) => o.k)).toEqual([0, 1]);
    expect(Object.keys(out[0]!.record!.indicators)).toEqual(["gpFundingPerWeightedPatient"]);
  });
});

describe("a worker with --allow-plugins", { timeout: 60_000 }, () => {
  it("refuses jobs whose plugin hash is missing, for every task module", async () => {
    for (const module of [NHS_QUEUE_MODULE, EXPERIMENT_QUEUE_MODULE, CALIBRATION_QUEUE_MODULE]) {
      const reason = await refused(pluginUrl, module, CONFIGS[module]!({ ...withPlugin, pluginHashes: {} }), "plugin-hash-missing");
      expect(reason).toContain("without its content hash");
    }
  });
  it("refuses jobs whose plugin hash is wrong, for every task module", async () => {
    const wrong = { [withPlugin.plugins[0]!]: "0".repeat(64) };
    for (const module of [NHS_QUEUE_MODULE, EXPERIMENT_QUEUE_MODULE, CALIBRATION_QUEUE_MODULE]) {
      const reason = await refused(pluginUrl, module, CONFIGS[module]!({ ...withPlugin, pluginHashes: wrong }), "plugin-hash-mismatch");
      expect(reason).toContain("changed since the scenario was checked");
    }
  });
  it("refuses a plugin whose imported helper changed since its hash was taken", async () => {
    const helper = join(dir, "helper.mjs");
    const before = readFileSync(helper, "utf8");
    writeFileSync(helper, "export const helper = (x) => x; // edited\n");
    try {
      await refused(pluginUrl, EXPERIMENT_QUEUE_MODULE, CONFIGS[EXPERIMENT_QUEUE_MODULE]!(withPlugin), "plugin-hash-mismatch");
    } finally {
      writeFileSync(helper, before);
    }
  });
  it("runs a plugin pinned by its hash, in a worker thread, not on the worker's main thread (the control for the marker)", async () => {
    rmSync(join(dir, MARKER), { force: true });
    const config = CONFIGS[NHS_QUEUE_MODULE]!(withPlugin);
    const r = await runRawJob(pluginUrl, jobOf(NHS_QUEUE_MODULE, config), [config]);
    expect(r.state, r.failedReason).toBe("completed");
    expect((r.returnvalue as { record?: unknown }[])[0]!.record).toBeDefined();
    expect(readFileSync(join(dir, MARKER), "utf8")).toBe("worker thread");
  });
  it("sends a run's failure back as a message and a code, never a stack", async () => {
    const throwing = join(root, "throwing");
    mkdirSync(throwing);
    writeFileSync(join(throwing, "p.mjs"), PLUGIN.replace("decide: (o) => ({ cuts: o.held.map(() => helper(0)) })", 'decide: () => { throw new Error("policy exploded"); }'));
    writeFileSync(join(throwing, "helper.mjs"), "export const helper = (x) => x;\n");
    writeFileSync(join(throwing, "s.yaml"), readFileSync(join(dir, "s.yaml"), "utf8"));
    const scenario = (await loadScenario(join(throwing, "s.yaml"))).scenario;
    const r = await runRawJob(pluginUrl, jobOf(NHS_QUEUE_MODULE, scenario), [scenario]);
    expect(r.state, r.failedReason).toBe("completed");
    const [outcome] = r.returnvalue as { k: number; error?: Record<string, unknown> }[];
    expect(Object.keys(outcome!.error!).sort()).toEqual(["code", "message"]);
    expect(outcome!.error!.code).toBe("run-failed");
    expect(outcome!.error!.message).toContain("policy exploded");
    for (const v of Object.values(r.raw)) expect(v).not.toMatch(FRAME);
  });
});
