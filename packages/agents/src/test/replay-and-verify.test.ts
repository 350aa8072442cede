/**
 * Every fund visible and every run checked: `--verify` checks each run's ledger at its end (a plugin that leaks
 * money fails its runs; the leak is planted in a test double, since a posting outside the ledger is impossible);
 * `--flows` chooses the money the summary follows. Replay in one call: a failed batch prints a command that
 * works as printed, and `replayRun` gives the batch's own run.
 */
import { mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { GP_FUND, replayRun, runScenarioBatch } from "@ringfence/agents";
import type { RunRecord } from "@ringfence/core/batch";
import { describe, expect, it } from "vitest";
import { cli, put, STACK_TRACE, tempDir } from "./hostile/harness.js";

const root = tempDir("ringfence-verify-");

/**
 * A test double of a plugin that leaks money: an extension kind whose year-end system takes 100 pence out of
 * the services sink's balance behind the ledger's back (writing its private balance array, which no plugin
 * could do through the ledger's methods). It imports nothing, so it loads from any folder.
 */
const LEAKY_PLUGIN = `const kind = {
  kind: "leaky",
  columns: {},
  systems: {
    decide(_t, sim) {
      // The planted bug: the ledger keeps [balance, meta, credits, debits] per account; 100 pence vanish from the sink's balance.
      const acc = Reflect.get(sim.ledger, "acc");
      acc[4 * sim.world.accounts.services] -= 100;
    },
  },
};
export const leaky = {
  [Symbol.for("ringfence.extension")]: true,
  name: "leaky",
  kinds: [kind],
  groups: ["leaky"],
  setup(ctx) { ctx.agents.add(kind, {}); },
};
`;

/** A plugin acute-trust policy that throws in some runs, decided by the run's own draws (so a seed replays it). */
const FLAKY_PLUGIN = `export const flaky = {
  kind: "acute-trust",
  name: "flaky",
  description: "Never cuts, but fails in about half the runs (test plugin).",
  params: { safeParse: () => ({ success: true, data: {} }) },
  decide(o, _p, rng) {
    if (o.year === 1 && rng.next() < 0.5) throw new Error("planted failure in the flaky policy");
    return { cuts: o.held.map(() => 0) };
  },
};
`;

function folder(name: string, files: Record<string, string>): string {
  const dir = join(root, name);
  mkdirSync(dir);
  for (const [file, body] of Object.entries(files)) put(dir, file, body);
  return dir;
}

/** Runs `body` with RINGFENCE_VERIFY (which the test suite sets) removed, as a user's shell has it. */
async function withoutDefaultVerify<T>(body: () => Promise<T>): Promise<T> {
  const saved = process.env.RINGFENCE_VERIFY;
  delete process.env.RINGFENCE_VERIFY;
  try {
    return await body();
  } finally {
    if (saved !== undefined) process.env.RINGFENCE_VERIFY = saved;
  }
}

describe("--verify checks every run's ledger at its end", () => {
  it("fails every run of a plugin that leaks money, naming the account; without it the leak goes unseen", { timeout: 120_000 }, async () => {
    const dir = folder("leak", { "leaky.mjs": LEAKY_PLUGIN, "s.yaml": "extends: ring-fenced\nid: leaky\npopulation: { size: toy }\nyears: 2\nplugins: [./leaky.mjs]\n" });
    const args = (out: string, ...extra: string[]) => ["run", join(dir, "s.yaml"), "--runs", "3", "--workers", "1", "--progress", "none", "--out", join(dir, out), "--allow-plugins", ...extra];
    const checked = await withoutDefaultVerify(() => cli(args("checked", "--verify")));
    expect(checked.code).toBe(1);
    expect(checked.err).toMatch(/leaky run 0 \(seed 2025:0\): conservation check failed at the end of \d{4}\/\d\d \(account (\d+): services, sink\): account \1 balance (\d+) is not its credits (\d+) minus debits 0/);
    // 100 pence a year of the whole run (the preset's history years, then the scenario's two): the balance is
    // short of what was posted into it by 100 pence a year.
    const [, , balance, credits] = /account (\d+) balance (\d+) is not its credits (\d+)/.exec(checked.err)!;
    expect((Number(credits) - Number(balance)) % 100).toBe(0);
    expect(Number(credits) - Number(balance)).toBeGreaterThanOrEqual(200);
    expect(checked.err).toContain("no run of leaky finished");
    const unchecked = await withoutDefaultVerify(() => cli(args("unchecked")));
    expect(unchecked.code, unchecked.err).toBe(0);
    // The test suite runs every batch with the check on (RINGFENCE_VERIFY=1): the same command fails here.
    expect(process.env.RINGFENCE_VERIFY).toBe("1");
    const suite = await cli(args("suite"));
    expect(suite.code).toBe(1);
    expect(suite.err).toContain("conservation check failed");
  });

  it("passes every run of the presets (the model conserves money), from code too", async () => {
    const summary = await runScenarioBatch({ scenarios: ["ring-fenced", "place-pooled", "iho-acute"], runs: 3, workers: 1, verify: true, overrides: { population: { size: "toy" }, years: 3 } });
    expect(summary.failures).toEqual([]);
    expect(summary.indicators["iho-acute"]!.gpFundingPerWeightedPatient![2]!.n).toBe(3);
  }, 120_000);
});

describe("--flows: the money the summary follows", () => {
  it("general-practice by default; all funds, each posting once (general practice money the same); or one fund", { timeout: 120_000 }, async () => {
    const base = { scenarios: ["place-pooled"], runs: 2, workers: 1, overrides: { population: { size: "toy" }, years: 2 } } as const;
    const gp = await runScenarioBatch(base);
    const all = await runScenarioBatch({ ...base, flows: "all" });
    const acute = await runScenarioBatch({ ...base, flows: "acute" });
    expect(new Set(gp.flows.map((f) => f.fund))).toEqual(new Set([GP_FUND]));
    const funds = new Set(all.flows.map((f) => f.fund));
    for (const f of [GP_FUND, "acute", "community", "allocation", "bcf", "social-care"]) expect(funds.has(f), f).toBe(true);
    expect([...funds].some((f) => ["core", "qof", "pcn", "enhanced", "premises"].includes(f))).toBe(false);
    // The general practice flows of "all" are the default batch's, pound for pound.
    const key = (f: { year: string; from: string; to: string }) => `${f.year} ${f.from} ${f.to}`;
    expect(new Map(all.flows.filter((f) => f.fund === GP_FUND).map((f) => [key(f), f.meanPence]))).toEqual(new Map(gp.flows.map((f) => [key(f), f.meanPence])));
    expect(acute.flows.length).toBeGreaterThan(0);
    expect(acute.flows.every((f) => f.fund === "acute")).toBe(true);
    // Every flow leaving the treasury (the only source of NHS money) is in "all", and none in the default.
    expect(all.flows.some((f) => f.from === "treasury")).toBe(true);
    expect(gp.flows.some((f) => f.from === "treasury")).toBe(false);
  });

  it("through the CLI: --flows all puts every fund in summary.json and names the money in the report", { timeout: 120_000 }, async () => {
    const out = join(root, "flows-cli");
    const r = await cli(["run", "place-pooled", "--population", "toy", "--years", "2", "--runs", "2", "--workers", "1", "--progress", "none", "--out", out, "--flows", "all"]);
    expect(r.code, r.err).toBe(0);
    const summary = JSON.parse(readFileSync(join(out, "summary.json"), "utf8")) as { flows: { fund: string }[] };
    expect(new Set(summary.flows.map((f) => f.fund)).has("social-care")).toBe(true);
    expect(readFileSync(join(out, "report.html"), "utf8")).toContain("Where the money of every fund went");
    const bad = await cli(["run", "place-pooled", "--population", "toy", "--runs", "2", "--out", join(root, "flows-bad"), "--flows", "hospital"]);
    expect(bad.code).toBe(2);
    expect(bad.err).toContain('flows: expected one of general-practice, all, enhanced, pcn, qof, premises, core, allocation, acute, community, other-nhs, social-care, bcf, transformation, operating, settlement, got "hospital"');
  });
});

describe("replay in one call", () => {
  it("a failed batch prints a replay command that works as printed, and replayRun in code fails the same way", { timeout: 180_000 }, async () => {
    const dir = folder("flaky", { "flaky.mjs": FLAKY_PLUGIN, "s.yaml": "extends: iho-acute\nid: flaky\nplugins: [./flaky.mjs]\npolicies: { acute-trust: { name: flaky } }\n" });
    const scenario = join(dir, "s.yaml");
    const r = await cli(["run", scenario, "--runs", "6", "--workers", "1", "--progress", "none", "--population", "toy", "--years", "3", "--out", join(dir, "out"), "--allow-plugins", "--run-timeout", "60"]);
    expect(r.code, r.err).toBe(1);
    const line = r.err.split("\n").find((l) => l.includes("replay the first alone"))!;
    const command = line.slice(line.indexOf(": ") + 2);
    const seed = /--seed (\S+)/.exec(command)![1]!;
    // The run's number picks its parameter set from the ensemble, so the command carries it with the seed.
    const run = Number(/ run (\d+) \(seed /.exec(r.err)![1]);
    expect(command).toBe(`npx ringfence replay ${scenario} --seed ${seed} --run ${run} --population toy --years 3 --allow-plugins --run-timeout 60 --verify`);
    // As printed (the words after "npx ringfence"): the same failure, now with its stack trace.
    const replay = await cli(command.split(" ").slice(2));
    expect(replay.code).toBe(1);
    expect(replay.err).toContain("ringfence replay: the run failed: ");
    expect(replay.err).toContain("planted failure in the flaky policy");
    expect(replay.err).toMatch(STACK_TRACE);
    expect(replay.err).toContain(join(dir, "flaky.mjs"));
    // The code line it prints runs too.
    const code = r.err.split("\n").find((l) => l.includes("or in code:"))!;
    expect(code).toContain(`await replayRun(${JSON.stringify(scenario)}, ${JSON.stringify(seed)}, { runIndex: ${run}, population: "toy", years: 3, allowPlugins: true, verify: true })`);
    await expect(replayRun(scenario, seed, { runIndex: run, population: "toy", years: 3, allowPlugins: true, verify: true })).rejects.toThrow("planted failure in the flaky policy");
  });

  it("replays a good run exactly: the batch's record of each run, from replayRun with the run's seed", { timeout: 120_000 }, async () => {
    const records: RunRecord[] = [];
    await runScenarioBatch({ scenarios: ["place-pooled"], runs: 3, workers: 2, overrides: { population: { size: "toy" }, years: 3 }, onRecord: (rec) => records.push(rec) });
    expect(records).toHaveLength(3);
    for (const rec of records) {
      const { result } = await replayRun("place-pooled", rec.seed, { runIndex: rec.run, population: "toy", years: 3 });
      const replayed = JSON.parse(JSON.stringify(result.yearSeries)) as Record<string, (number | null)[]>;
      expect(replayed).toEqual(rec.indicators);
    }
    // A replay of the CLI: every indicator's final value printed, exit 0.
    const r = await cli(["replay", "place-pooled", "--seed", records[1]!.seed, "--run", String(records[1]!.run), "--population", "toy", "--years", "3"]);
    expect(r.code, r.err).toBe(0);
    expect(r.out).toContain(`place-pooled, run seed ${records[1]!.seed}: every indicator in 2028/29`);
    expect(r.out).toMatch(/gpFundingPerWeightedPatient +GP funding per weighted patient +£\d+\.\d\d/);
  });

  it("a scenario with plugins is not replayed without permission to run them", async () => {
    const dir = folder("no-permission", { "flaky.mjs": FLAKY_PLUGIN, "s.yaml": "extends: iho-acute\nid: np\nplugins: [./flaky.mjs]\npolicies: { acute-trust: { name: flaky } }\n" });
    await expect(replayRun(join(dir, "s.yaml"), "2025:0")).rejects.toThrow("pass allowPlugins: true");
    const r = await cli(["replay", join(dir, "s.yaml"), "--seed", "2025:0"]);
    expect(r.code).toBe(2);
    expect(r.err).toContain("--allow-plugins");
  });
});
