import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

const cli = fileURLToPath(new URL("./ringfence.ts", import.meta.url));
const tsx = fileURLToPath(new URL("../../node_modules/.bin/tsx", import.meta.url));
const run = (...args: string[]) => {
  const r = spawnSync(tsx, ["--conditions=source", cli, ...args], { encoding: "utf8", timeout: 120_000 });
  return { code: r.status, out: r.stdout, err: r.stderr };
};
const tmp = () => mkdtempSync(join(tmpdir(), "ringfence-cli-"));

describe("ringfence CLI: bad input exits 2 with a clear message and writes nothing", { timeout: 60_000 }, () => {
  it("unknown preset", () => {
    const out = join(tmp(), "out");
    const r = run("run", "no-such-preset", "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected a preset (ring-fenced, single-envelope");
    expect(r.err).toContain('got "no-such-preset"');
    expect(r.err).not.toMatch(/\bat \S+:\d+:\d+/); // no stack trace
    expect(existsSync(out)).toBe(false);
  });
  it("malformed YAML", () => {
    const dir = tmp();
    const file = join(dir, "bad.yaml");
    writeFileSync(file, "years: [1, 2\nid: x\n");
    const r = run("run", file, "--out", join(dir, "out"));
    expect(r.code).toBe(2);
    expect(r.err).toContain("expected valid YAML or JSON");
    expect(readdirSync(dir)).toEqual(["bad.yaml"]);
  });
  it("out-of-range value and unknown key in a scenario file, every problem named", () => {
    const dir = tmp();
    const file = join(dir, "s.yaml");
    writeFileSync(file, "extends: iho-acute\nyears: 0\ngovernance:\n  holdr: icb\n");
    const r = run("validate", file);
    expect(r.code).toBe(2);
    expect(r.err).toContain("years: expected an integer from 1 to 50, got 0");
    expect(r.err).toContain("governance.holdr: unknown key");
  });
  it("out-of-range flag", () => {
    const out = join(tmp(), "out");
    const r = run("run", "ring-fenced", "--runs", "0", "--out", out);
    expect(r.code).toBe(2);
    expect(r.err).toContain("runs: expected an integer from 1 to 1000000, got 0");
    expect(existsSync(out)).toBe(false);
  });
  it("unknown flag and unknown command", () => {
    expect(run("run", "ring-fenced", "--rnus", "3").code).toBe(2);
    const r = run("frobnicate");
    expect(r.code).toBe(2);
    expect(r.err).toContain("command: expected one of list, params, validate, schema, run, compare, flagship");
  });
});

describe("ringfence CLI: commands", { timeout: 60_000 }, () => {
  it("lists presets with their claims as JSON", () => {
    const r = run("list", "--json");
    expect(r.code).toBe(0);
    const presets = JSON.parse(r.out) as { id: string; claims: { seed: string }[] }[];
    expect(presets.map((p) => p.id)).toContain("iho-acute");
    expect(presets.filter((p) => p.id !== "baseline-2014").every((p) => p.claims.length > 0)).toBe(true);
  });
  it("prints a JSON Schema that knows the scenario fields", () => {
    const r = run("schema");
    expect(r.code).toBe(0);
    const schema = JSON.parse(r.out) as { properties: Record<string, unknown> };
    expect(Object.keys(schema.properties)).toEqual(expect.arrayContaining(["extends", "governance", "levers", "policies"]));
  });
  it("runs a small batch, writes the results and leaves nothing else beside them", () => {
    const dir = tmp();
    const out = join(dir, "out");
    const r = run("compare", "ring-fenced", "iho-acute", "--population", "toy", "--years", "3", "--runs", "3", "--workers", "1", "--out", out, "--per-run", "--progress", "none");
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/iho-acute .* −?£\d+\.\d\d .* to /);
    expect(readdirSync(out).sort()).toEqual([".ringfence-manifest.json", "charts", "flows.csv", "flows.meta.json", "flows.parquet", "report.html", "runs.csv", "runs.meta.json", "runs.parquet", "summary.json"]);
    // No journal, work folder, lock or temporary folder is left beside the results.
    expect(readdirSync(dir)).toEqual(["out"]);
  });
  it("lists every numeric parameter with its bounds and prior", () => {
    const r = run("params", "--json");
    expect(r.code).toBe(0);
    const params = JSON.parse(r.out) as { path: string; min: number; max: number; prior?: unknown; timeVarying: boolean }[];
    const propensity = params.find((p) => p.path === "iho.acute.propensity");
    expect(propensity).toMatchObject({ min: 0, max: 1, timeVarying: true });
    expect(propensity?.prior).toBeDefined();
    expect(params.find((p) => p.path === "national.globalSum")?.timeVarying).toBe(false);
  });
  it("prints the table of parameters with a source column, the new economics parameters among them", () => {
    const r = run("params");
    expect(r.code).toBe(0);
    const [header, , ...rows] = r.out.split("\n");
    expect(header).toMatch(/by year\s+source$/);
    expect(rows.find((l) => l.startsWith("pcn.roles.clinicalPharmacist.reimbursement"))).toContain("£66,972");
    expect(rows.find((l) => l.startsWith("workforce.partnerHireShare"))).toContain("ours, from the fit years");
  });
  it("validate says what a core shift under an acute-hosted IHO means, and refuses it under a ring-fence", () => {
    const dir = tmp();
    const file = join(dir, "shift.yaml");
    writeFileSync(file, "extends: iho-acute\ngovernance:\n  coreShiftPerYear: 0.02\n");
    const r = run("validate", file);
    expect(r.code).toBe(0);
    expect(r.out).toContain("note: governance.coreShiftPerYear 0.02: from 2027/28, a further 2.0% of what is left of core moves each year");
    expect(r.out).toContain("held by the largest acute trust, whose rule (divert-shortfall) may divert it");
    writeFileSync(file, "extends: ring-fenced\ngovernance:\n  coreShiftPerYear: 0.02\n");
    const refused = run("validate", file);
    expect(refused.code).toBe(2);
    expect(refused.err).toContain("governance.coreShiftPerYear: expected 0 when core is ring-fenced");
  });
  it("--help and --version answer at once, everywhere", () => {
    expect(run("--version").out.trim()).toMatch(/^\d+\.\d+\.\d+$/);
    for (const c of ["list", "params", "run", "compare", "flagship", "validate", "schema", "worker"]) {
      const r = run(c, "--help");
      expect(r.code).toBe(0);
      expect(r.out).toContain(`ringfence ${c}`);
    }
  });
});

describe("ringfence CLI: an interrupted batch loses nothing", { timeout: 120_000 }, () => {
  it("resuming a killed batch writes exactly the summary an uninterrupted batch writes", async () => {
    const dir = tmp();
    const args = (out: string) => ["--conditions=source", cli, "run", "iho-acute", "--population", "icb", "--years", "4", "--runs", "40", "--workers", "1", "--progress", "none", "--out", out];
    const killed = join(dir, "killed");
    const journal = join(dir, ".killed.ringfence-work", "journal.jsonl");
    // Node itself with tsx as a loader (not the tsx wrapper), so SIGKILL stops the process doing the work.
    const child = spawn(process.execPath, ["--import", "tsx", ...args(killed)], { stdio: "ignore", cwd: fileURLToPath(new URL("../..", import.meta.url)) });
    const lines = () => (existsSync(journal) ? readFileSync(journal, "utf8").split("\n").filter((l) => l !== "").length : 0);
    const deadline = performance.now() + 60_000;
    while (lines() < 9 && performance.now() < deadline) await new Promise((r) => setTimeout(r, 25));
    child.kill("SIGKILL");
    await new Promise((r) => child.once("exit", r));
    expect(lines()).toBeGreaterThanOrEqual(9);
    expect(lines()).toBeLessThan(41);
    expect(existsSync(join(killed, "summary.json"))).toBe(false);
    // Without --resume the CLI refuses to start over the unfinished batch.
    expect(run(...args(killed).slice(2)).code).toBe(2);
    const resumed = run(...args(killed).slice(2), "--resume");
    expect(resumed.code).toBe(0);
    const fresh = join(dir, "fresh");
    expect(run(...args(fresh).slice(2)).code).toBe(0);
    expect(readFileSync(join(killed, "summary.json"), "utf8")).toBe(readFileSync(join(fresh, "summary.json"), "utf8"));
    expect(existsSync(journal)).toBe(false);
    expect(readdirSync(dir).sort()).toEqual(["fresh", "killed"]);
  });
});
