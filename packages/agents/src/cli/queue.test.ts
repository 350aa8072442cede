/**
 * `ringfence compare … --queue` against a throwaway redis-server on 127.0.0.1 with two `ringfence worker`
 * processes, one SIGKILLed mid-batch: the summary is byte-identical to a local batch of the same seed; and
 * `ringfence explore … --queue` gives the local experiment.json.
 */
import { spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freePort, startRedis } from "../../../core/src/batch/fixtures/redis.js";
import { main } from "./main.js";

const cli = fileURLToPath(new URL("./ringfence.ts", import.meta.url));
const packageDir = fileURLToPath(new URL("../..", import.meta.url));
let redis: { port: number; child: ChildProcess };
const workers: ChildProcess[] = [];

/** Starts `ringfence worker` in a process of its own and resolves once it listens. */
function startWorker(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "--conditions=source", cli, "worker", "--queue", url, "--stalled-seconds", "2"], { stdio: ["ignore", "ignore", "pipe"], cwd: packageDir });
  workers.push(child);
  return new Promise((resolve, reject) => {
    let err = "";
    child.stderr!.on("data", (d: Buffer) => {
      err += d.toString();
      if (err.includes("listening") || err.includes("ready")) resolve(child);
    });
    child.once("exit", (code) => reject(new Error(`worker exited (${String(code)}): ${err}`)));
  });
}

/** Runs the CLI in this process, capturing its output. */
async function ringfence(args: string[], onErr: (line: string) => void = () => undefined): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const code = await main(args, { out: (t) => (out += `${t}\n`), err: (t) => ((err += `${t}\n`), onErr(t)), tty: false }, new AbortController().signal);
  return { code, out, err };
}

const batch = (out: string) => ["compare", "ring-fenced", "iho-acute", "--population", "toy", "--years", "3", "--runs", "40", "--seed", "q", "--out", out, "--progress", "lines"];

beforeAll(async () => {
  redis = await startRedis();
}, 30_000);

afterAll(() => {
  for (const w of workers) if (w.exitCode === null && w.signalCode === null) w.kill("SIGKILL");
  redis?.child.kill("SIGKILL");
});

describe("ringfence compare --queue", { timeout: 180_000 }, () => {
  it("gives the local summary byte for byte with two workers, one SIGKILLed mid-batch", async () => {
    const url = `redis://127.0.0.1:${redis.port}/0`;
    const [a] = await Promise.all([startWorker(url), startWorker(url)]);
    const dir = mkdtempSync(join(tmpdir(), "ringfence-queue-"));
    let killed = false;
    const queued = await ringfence([...batch(join(dir, "queued")), "--queue", url], (line) => {
      const done = /^runs (\d+)\/80/.exec(line);
      if (!killed && done !== null && Number(done[1]) >= 8) {
        killed = true;
        a!.kill("SIGKILL");
      }
    });
    expect(queued.code, queued.err).toBe(0);
    expect(killed).toBe(true);
    const local = await ringfence([...batch(join(dir, "local")), "--workers", "1"]);
    expect(local.code, local.err).toBe(0);
    expect(readFileSync(join(dir, "queued", "summary.json"), "utf8")).toBe(readFileSync(join(dir, "local", "summary.json"), "utf8"));
  });

  it("runs an experiment through the queue to the local experiment.json byte for byte", async () => {
    const url = `redis://127.0.0.1:${redis.port}/1`;
    await startWorker(url);
    const dir = mkdtempSync(join(tmpdir(), "ringfence-queue-"));
    const file = join(dir, "experiment.yaml");
    writeFileSync(
      file,
      [
        "id: queue-check",
        "title: Queue check",
        "scenarios: [ring-fenced, iho-acute]",
        "method: morris",
        "samples: 2",
        "seed: 7",
        "years: 3",
        "population: { size: toy }",
        "parameters:",
        "  - { path: iho.acute.propensity, low: 0, high: 1 }",
        "  - { path: national.realGrowthMean, low: 0, high: 0.04 }",
        "outcome: { indicator: gpFundingPerWeightedPatient, year: last, measure: paired-relative }",
        "",
      ].join("\n"),
    );
    const queued = await ringfence(["explore", file, "--out", join(dir, "queued"), "--queue", url]);
    expect(queued.code, queued.err).toBe(0);
    const local = await ringfence(["explore", file, "--out", join(dir, "local"), "--workers", "1"]);
    expect(local.code, local.err).toBe(0);
    expect(readFileSync(join(dir, "queued", "experiment.json"), "utf8")).toBe(readFileSync(join(dir, "local", "experiment.json"), "utf8"));
  });

  it("refuses an unreachable Redis before writing anything, naming the URL without its password", async () => {
    const dir = mkdtempSync(join(tmpdir(), "ringfence-queue-"));
    const port = await freePort();
    const r = await ringfence([...batch(join(dir, "out")), "--queue", `redis://:hunter2@127.0.0.1:${port}/0`]);
    expect(r.code).toBe(2);
    expect(r.err).toContain(`Redis at redis://:***@127.0.0.1:${port}/0 is unreachable`);
    expect(r.err).not.toContain("hunter2");
    expect(readdirSync(dir)).toEqual([]);
    expect(existsSync(join(dir, "out"))).toBe(false);
  });
});
