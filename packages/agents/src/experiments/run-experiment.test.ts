import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { buildDesign, designScenarios } from "./design.js";
import { prepareExperiment } from "./prepare.js";
import { parseExperiment, type ExperimentInput } from "./experiment-schema.js";
import type { BatchExecutor } from "@ringfence/core/batch";
import { isExperimentTaskConfig, runTask } from "./experiment-task.js";
import { runExperiment, type ExperimentResult } from "./run-experiment.js";
import { EXPERIMENT_FILE, writeExperiment } from "./write-experiment.js";

const TOY: ExperimentInput = {
  id: "toy-end-to-end",
  title: "Toy experiment end to end",
  scenarios: ["ring-fenced", "iho-acute"],
  parameters: [
    { path: "iho.acute.propensity", low: 0.1, high: 0.9 },
    { path: "national.realGrowthMean", low: 0, high: 0.04 },
  ],
  method: "sobol",
  samples: 4,
  runsPerPoint: 1,
  seed: 19,
  years: 5,
  outcome: { indicator: "gpFundingPerWeightedPatient", year: "last", measure: "paired-relative" },
  discovery: { threshold: 0, direction: "below" },
  population: { size: "toy" },
};

const root = mkdtempSync(join(tmpdir(), "ringfence-experiment-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

const read = (dir: string, file: string): string => readFileSync(join(dir, file), "utf8");

/** Rows of a CSV file whose fields hold no commas, quotes or line breaks, keyed by the header. */
function csvRows(text: string): Record<string, string>[] {
  const [head, ...lines] = text.trimEnd().split("\n");
  const names = head!.split(",");
  return lines.map((line) => Object.fromEntries(line.split(",").map((v, i) => [names[i]!, v])));
}

describe("runExperiment (toy population)", () => {
  let one: ExperimentResult;
  let two: ExperimentResult;

  it("gives byte-identical files with 1 and 2 workers", { timeout: 180_000 }, async () => {
    one = await runExperiment(TOY, { workers: 1, out: join(root, "w1") });
    two = await runExperiment(TOY, { workers: 2, out: join(root, "w2") });
    expect(one.failures).toEqual([]);
    for (const file of [EXPERIMENT_FILE, "runs.csv", "report.html"]) expect(read(join(root, "w2"), file)).toBe(read(join(root, "w1"), file));
    expect(readFileSync(join(root, "w2", "runs.parquet")).equals(readFileSync(join(root, "w1", "runs.parquet")))).toBe(true);
    expect(Array.from(two.outcomes.values)).toEqual(Array.from(one.outcomes.values));
    // Every run produced a finite value.
    expect(Array.from(one.outcomes.values).every(Number.isFinite)).toBe(true);
  });

  it("gives the same results when runs finish in reverse order (an executor that runs the queue backwards)", { timeout: 120_000 }, async () => {
    // With sources loaded through tsx a worker thread joins after a few seconds, so a toy batch may finish
    // on the main thread alone; this executor makes the completion order as different as it can be.
    const backwards: BatchExecutor = {
      async run(ctx) {
        for (const k of [...ctx.pending].reverse()) ctx.done(k, { record: await runTask(ctx.task(k)) });
      },
    };
    const reversed = await runExperiment(TOY, { executor: backwards, out: join(root, "reversed") });
    for (const file of [EXPERIMENT_FILE, "runs.csv", "report.html"]) expect(read(join(root, "reversed"), file)).toBe(read(join(root, "w1"), file));
    expect(reversed.analysis).toEqual(one.analysis);
  });

  it("writes experiment.json with the design, Sobol intervals, the PRIM result and provenance", () => {
    const json: unknown = JSON.parse(read(join(root, "w1"), EXPERIMENT_FILE));
    expect(json).toMatchObject({
      provenance: { producer: expect.stringMatching(/^@ringfence\/agents@\d/), seed: "19", totalRuns: 4 * 4 * 2, experiment: { id: "toy-end-to-end" } },
      design: { method: "sobol", count: 16, years: 5 },
      outcome: { indicator: "gpFundingPerWeightedPatient", baseline: "ring-fenced", yearLabels: { "ring-fenced": "2030/31", "iho-acute": "2030/31" } },
      analysis: { method: "sobol", measure: "paired-relative" },
    });
    const target = one.analysis.targets[0]!;
    expect(target.scenario).toBe("iho-acute");
    expect(target.sobol!.map((s) => s.parameter)).toEqual(["iho.acute.propensity", "national.realGrowthMean"]);
    for (const s of target.sobol!) {
      for (const i of [s.first, s.total]) {
        expect(Number.isFinite(i.estimate)).toBe(true);
        expect(i.low).toBeLessThanOrEqual(i.high);
      }
    }
    const d = target.discovery!;
    expect(d.rows).toBe(16);
    // The number of cases is the number of finite paired outcomes below the threshold.
    const expected = Array.from({ length: 16 }, (_, p) => one.outcomes.outcomes[p * 2 + 1]!).filter((v) => v < 0).length;
    expect(d.cases).toBe(expected);
    if (d.cases > 0) expect(d.trajectory[0]).toMatchObject({ kind: "initial", coverage: 1 });
  });

  it("writes one row per (point, scenario, run) holding the values setParams put into each config", async () => {
    const experiment = parseExperiment(TOY);
    const prepared = await prepareExperiment(experiment);
    const design = buildDesign(experiment, prepared);
    const configs = designScenarios(experiment, design, prepared);
    const rows = csvRows(read(join(root, "w1"), "runs.csv"));
    expect(rows).toHaveLength(16 * 2 * 1);
    expect(Object.keys(rows[0]!)).toEqual(["point", "scenario", "run", "seed", "iho.acute.propensity", "national.realGrowthMean", "value", "outcome"]);
    rows.forEach((row, k) => {
      const config = configs[k]!.config;
      expect(configs[k]!.id).toBe(`${row.scenario}@p${row.point}`);
      expect(isExperimentTaskConfig(config)).toBe(true);
      if (!isExperimentTaskConfig(config)) return;
      expect(Number(row["iho.acute.propensity"])).toBe(config.scenario.iho.acute.propensity);
      expect(Number(row["national.realGrowthMean"])).toBe(config.scenario.national.realGrowthMean);
      expect(row.seed).toBe(`19:${row.run}`);
      expect(Number(row.value)).toBe(one.outcomes.values[k]);
      if (row.scenario === "ring-fenced") expect(row.outcome).toBe("");
      else {
        const base = Number(rows[k - 1]!.value);
        expect(Number(row.outcome)).toBeCloseTo((Number(row.value) - base) / base, 12);
      }
    });
    // The points differ: the design varied what it says it varied.
    expect(new Set(rows.map((r) => r["iho.acute.propensity"])).size).toBeGreaterThan(2);
  });

  it("writes the report with the Sobol chart, the PRIM chart when there are cases, and every chart file", () => {
    const dir = join(root, "w1");
    const html = read(dir, "report.html");
    expect(html).toContain('<figure class="sobol" data-target="iho-acute"><div class="chart-wide"><svg');
    expect(html).toContain("iho.acute.propensity");
    const charts = readdirSync(join(dir, "charts")).sort();
    expect(charts).toContain("sobol-iho-acute.svg");
    if (one.analysis.targets[0]!.discovery!.cases > 0) {
      expect(html).toContain('<figure class="prim" data-target="iho-acute"><div class="chart-wide"><svg');
      expect(charts).toContain("prim-iho-acute.svg");
    }
    expect(statSync(join(dir, "runs.parquet")).size).toBeGreaterThan(0);
    // Nothing temporary is left beside the folder.
    expect(readdirSync(root).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("replaces the files it wrote in an existing results folder, keeps a file it did not write, and leaves nothing temporary", async () => {
    const dir = join(root, "w1");
    const before = read(dir, EXPERIMENT_FILE);
    writeFileSync(join(dir, EXPERIMENT_FILE), "damaged by hand");
    writeFileSync(join(dir, "notes.txt"), "the user's notes");
    const files = await writeExperiment(dir, one);
    expect(files.json).toBe(join(dir, EXPERIMENT_FILE));
    expect(read(dir, EXPERIMENT_FILE)).toBe(before);
    expect(read(dir, "notes.txt")).toBe("the user's notes");
    expect(readdirSync(root).filter((f) => f.startsWith("."))).toEqual([]);
  });

  it("resumes from a finished journal to the same results, and Morris and LHS designs run end to end", { timeout: 180_000 }, async () => {
    const journal = join(root, "journal.jsonl");
    const morris: ExperimentInput = { ...TOY, method: "morris", samples: 2, discovery: undefined };
    const first = await runExperiment(morris, { workers: 1, journal });
    expect(existsSync(journal)).toBe(true);
    const resumed = await runExperiment(morris, { workers: 1, journal, resume: true });
    expect(resumed.analysis).toEqual(first.analysis);
    expect(first.analysis.targets[0]!.morris).toHaveLength(2);
    const lhs = await runExperiment({ ...TOY, method: "lhs", samples: 6 }, { workers: 1 });
    expect(lhs.analysis.targets[0]!.correlation).toHaveLength(2);
    expect(lhs.design.points).toHaveLength(6);
  });
});
