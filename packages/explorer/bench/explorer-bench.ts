/**
 * The explorer against the CLI on the same batches (`npm run bench:explorer`): builds the explorer, serves it
 * on 127.0.0.1 and drives Debian's Chromium. Measures the JavaScript the page loads before the first run
 * (gzipped, as a server would send it; data files counted apart), the time from pressing Run to the first chart
 * and to the end of a 2 × 50 ICB-size batch, and a 2 × 100 England batch (the register) in the browser's Web
 * Workers and in Node's worker threads (`ringfence compare`, same seed, same workers), interleaved.
 * Usage: tsx packages/explorer/bench/explorer-bench.ts [--rounds 2] [--icb-runs 50] [--england-runs 100]
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";
import { formatSummaryTable, HEADLINE_INDICATOR, INDICATORS, runScenarioBatch } from "@ringfence/agents";
import { chromium } from "playwright-core";
import { build, preview } from "vite";

const root = fileURLToPath(new URL("..", import.meta.url));
const repo = join(root, "../..");
const arg = (name: string, fallback: number): number => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const ROUNDS = arg("rounds", 2);
const ICB_RUNS = arg("icb-runs", 50);
const ENGLAND_RUNS = arg("england-runs", 100);
const WORKERS = 2;

const out = mkdtempSync(join(tmpdir(), "ringfence-explorer-bench-"));
const dist = join(out, "dist");
await build({ root, configFile: join(root, "vite.config.ts"), logLevel: "warn", build: { outDir: dist, emptyOutDir: true } });
const server = await preview({ root, configFile: join(root, "vite.config.ts"), logLevel: "warn", build: { outDir: dist }, preview: { host: "127.0.0.1", port: 0, open: false } });
const url = server.resolvedUrls!.local[0]!;
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync", `--js-flags=--max-old-space-size=4096`],
});

/** Gzipped size of a served file (level 9, as a static server would precompress it). */
const gz = (bytes: Buffer): number => gzipSync(bytes, { level: 9 }).length;

interface BrowserRun {
  readonly firstChartMs: number;
  readonly totalMs: number;
  readonly table: string;
}

async function browserBatch(population: "icb" | "england", runs: number, measureLoad = false): Promise<BrowserRun & { readonly js?: { readonly raw: number; readonly gzip: number; readonly files: string[] } }> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  // Pin the pool to the CLI's worker count, so both sides run the batch on two workers.
  await page.addInitScript((n) => Object.defineProperty(navigator, "hardwareConcurrency", { get: () => n }), WORKERS);
  const scripts: string[] = [];
  page.on("request", (r) => {
    if (r.resourceType() === "script" || r.url().endsWith(".js")) scripts.push(new URL(r.url()).pathname);
  });
  await page.goto(url);
  await page.waitForSelector("body[data-state=ready]");
  const loaded = [...new Set(scripts)];
  await page.selectOption("#population", population);
  await page.fill("#runs", String(runs));
  await page.fill("#seed", "2025");
  await page.dispatchEvent("#controls", "change");
  const t0 = Date.now();
  await page.click("#run");
  await page.waitForSelector("body[data-state=done], body[data-state=failed]", { timeout: 1_800_000 });
  const totalMs = Date.now() - t0;
  if ((await page.getAttribute("body", "data-state")) !== "done") throw new Error(`the browser batch failed: ${await page.textContent("#problems")}`);
  const firstChartMs = Number(await page.getAttribute("#charts", "data-first-chart-ms"));
  const table = (await page.textContent("#summary-table")) ?? "";
  await page.close();
  if (!measureLoad) return { firstChartMs, totalMs, table };
  const files = loaded.map((p) => join(dist, decodeURIComponent(p)));
  const bytes = files.map((f) => readFileSync(f));
  return { firstChartMs, totalMs, table, js: { raw: bytes.reduce((s, b) => s + b.length, 0), gzip: bytes.reduce((s, b) => s + gz(b), 0), files: loaded } };
}

/** The same batch in Node: the batch alone (runScenarioBatch on worker threads, in this process) and the whole `ringfence compare` command (a process of its own, writing its report). */
async function nodeBatch(population: "icb" | "england", runs: number): Promise<{ readonly batchMs: number; readonly cliMs: number; readonly table: string }> {
  const t0 = performance.now();
  const summary = await runScenarioBatch({ scenarios: ["ring-fenced", "iho-acute"], runs, seed: "2025", workers: WORKERS, overrides: { population: { size: population } } });
  const batchMs = performance.now() - t0;
  const label = `${INDICATORS[HEADLINE_INDICATOR].label} (${INDICATORS[HEADLINE_INDICATOR].unit})`;
  const table = formatSummaryTable(summary, HEADLINE_INDICATOR, 0.02, label, "gpFundingReal", INDICATORS.gpFundingReal.unit);
  const t1 = Date.now();
  const r = spawnSync(process.execPath, [join(repo, "packages/agents/dist/cli/ringfence.js"), "compare", "ring-fenced", "iho-acute", "--population", population, "--runs", String(runs), "--seed", "2025", "--workers", String(WORKERS), "--progress", "none", "--out", join(out, `cli-${population}-${Date.now()}`)], { encoding: "utf8" });
  const cliMs = Date.now() - t1;
  if (r.status !== 0) throw new Error(`ringfence compare failed: ${r.stderr}`);
  if (!r.stdout.includes(table)) throw new Error("ringfence compare printed another table than runScenarioBatch's");
  return { batchMs, cliMs, table };
}

const say = (s: string) => console.log(s);
say(`explorer bench: ${cpus().length} cores, load average ${loadavg().map((x) => x.toFixed(2)).join(" ")} at the start; ${ROUNDS} rounds, interleaved`);
const first = await browserBatch("icb", ICB_RUNS, true);
say(`JavaScript loaded before the first run: ${first.js!.files.join(", ")}: ${(first.js!.raw / 1024).toFixed(0)} KB, ${(first.js!.gzip / 1024).toFixed(0)} KB gzipped`);
for (let round = 0; round < ROUNDS; round++) {
  const b = round === 0 ? first : await browserBatch("icb", ICB_RUNS);
  const n = await nodeBatch("icb", ICB_RUNS);
  say(`icb 2 × ${ICB_RUNS}: browser first chart ${b.firstChartMs} ms, whole batch with charts ${b.totalMs} ms; node batch (${WORKERS} worker threads) ${n.batchMs.toFixed(0)} ms, whole ringfence compare ${n.cliMs} ms; tables identical: ${n.table === b.table}`);
}
for (let round = 0; round < ROUNDS; round++) {
  const b = await browserBatch("england", ENGLAND_RUNS);
  const n = await nodeBatch("england", ENGLAND_RUNS);
  say(`england 2 × ${ENGLAND_RUNS}: browser ${b.totalMs} ms with the register's fetch and the charts (first chart ${b.firstChartMs} ms); node batch ${n.batchMs.toFixed(0)} ms, whole ringfence compare ${n.cliMs} ms; browser / node batch ${(b.totalMs / n.batchMs).toFixed(2)}; tables identical: ${n.table === b.table}`);
}
say(`load average at the end: ${loadavg().map((x) => x.toFixed(2)).join(" ")}`);
await browser.close();
await server.close();
rmSync(out, { recursive: true, force: true });
